"""A defect inside the fake fails the test at teardown, even when the test body caught it."""

from __future__ import annotations

import pytest

from tests.plugin._support import run

DEFECT_SUITE = """
    import boto3
    import pytest

    from amplify_fakes import FakeDefectError
    from amplify_fakes._service import handlers


    def broken(ctx, params):
        return 1 / 0


    def test_defect_swallowed_by_the_test(amplifybackend_client, amplifybackend_fake, monkeypatch):
        amplifybackend_client.create_backend(AppId="d1", AppName="a", BackendEnvironmentName="dev")
        monkeypatch.setitem(handlers.HANDLERS, "GetBackend", broken)
        with pytest.raises(FakeDefectError, match="ZeroDivisionError"):
            amplifybackend_client.get_backend(AppId="d1")
        assert len(amplifybackend_fake.errors) == 1


    def test_next_fake_is_clean(amplifybackend_client, amplifybackend_fake):
        amplifybackend_client.create_backend(AppId="d1", AppName="a", BackendEnvironmentName="dev")
        assert amplifybackend_client.get_backend(AppId="d1")["AppName"] == "a"
        assert amplifybackend_fake.errors == []


    def test_defect_in_the_session_fake(amplifybackend_session_fake, monkeypatch):
        amplifybackend_session_fake.add_backend("d1", "dev")
        monkeypatch.setitem(handlers.HANDLERS, "GetBackend", broken)
        client = boto3.client("amplifybackend", region_name="us-east-1")
        with pytest.raises(FakeDefectError):
            client.get_backend(AppId="d1")
"""


def test_a_defect_of_the_fake_fails_the_test_at_teardown(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_defect=DEFECT_SUITE)
    result = run(pytester, "-v", "--tb=short")
    result.assert_outcomes(passed=3, errors=2)
    result.stdout.fnmatch_lines(
        [
            "*test_defect_swallowed_by_the_test ERROR*",
            "*test_next_fake_is_clean PASSED*",
            "*ERROR at teardown of test_defect_swallowed_by_the_test*",
            "*the amplifybackend fake hit 1 defect(s): amplify-fakes defect while handling "
            "GetBackend: ZeroDivisionError: division by zero; request parameters: *'AppId': 'd1'*",
            "*ERROR at teardown of test_defect_in_the_session_fake*",
            "*the shared amplifybackend fake hit 1 defect(s): amplify-fakes defect while handling "
            "GetBackend: ZeroDivisionError*",
        ]
    )
