"""The ``amplifybackend_server`` fixture: one server per session, fresh state, defects fail."""

from __future__ import annotations

import doctest
import inspect

import pytest

import amplify_fakes.server
from amplify_fakes import pytest_plugin

SAMPLE_SUITE = """
    import urllib.error
    import urllib.request

    import boto3

    from amplify_fakes._service.handlers import HANDLERS

    URLS = []


    def test_first(amplifybackend_server):
        URLS.append(amplifybackend_server.url)
        client = boto3.client("amplifybackend", endpoint_url=amplifybackend_server.url)
        client.create_backend(AppId="d1a", AppName="a", BackendEnvironmentName="dev")
        assert amplifybackend_server.fake.apps() == ["d1a"]
        client.close()


    def test_second_gets_fresh_state_from_the_same_server(amplifybackend_server):
        URLS.append(amplifybackend_server.url)
        assert amplifybackend_server.fake.apps() == []
        assert len(amplifybackend_server.fake.calls) == 0
        assert URLS[0] == URLS[1]
        assert URLS[0].startswith("http://127.0.0.1:")


    def test_a_defect_fails_the_test_at_teardown(amplifybackend_server, monkeypatch):
        def broken(ctx, params):
            raise ZeroDivisionError("broken on purpose")

        monkeypatch.setitem(HANDLERS, "GetBackend", broken)
        request = urllib.request.Request(
            amplifybackend_server.url + "/backend/d1a/details", data=b"{}", method="POST"
        )
        try:
            urllib.request.urlopen(request, timeout=20)
        except urllib.error.HTTPError as error:
            assert error.code == 500
            error.close()


    def test_after_the_defect_all_is_well(amplifybackend_server):
        assert amplifybackend_server.errors == []
"""


def test_the_fixture_resets_between_tests_and_fails_on_defects(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_sample=SAMPLE_SUITE)
    # In file order even when the outer run is shuffled: the sample's order is the test.
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "-p", "no:randomly", "-v", timeout=120
    )
    result.assert_outcomes(passed=4, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at teardown of test_a_defect_fails_the_test_at_teardown*",
            "*the amplifybackend server hit a defect: FakeDefectError*ZeroDivisionError*",
        ]
    )


def test_the_fixture_is_documented_with_an_example() -> None:
    doc = inspect.getdoc(pytest_plugin.amplifybackend_server) or ""
    assert doc.splitlines()[0].endswith(".")
    assert "Example::" in doc


def test_the_server_module_docstring_example_runs(aws_credentials: dict[str, str]) -> None:
    result = doctest.testmod(amplify_fakes.server, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
