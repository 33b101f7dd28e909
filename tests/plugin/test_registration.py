"""The plugin registers itself through its entry point: fixtures work without any conftest.

Also: every test gets a fresh fake, while ``amplifybackend_session_fake`` keeps its state
across tests (the documented trade-off), and ``pytest --fixtures`` documents each fixture.
"""

from __future__ import annotations

import inspect
import re

import pytest

from amplify_fakes import pytest_plugin
from tests.plugin._support import run

FIXTURES = (
    "amplifybackend_fake",
    "amplifybackend_client",
    "amplifybackend_client_config",
    "aws_credentials",
    "amplifybackend_session_fake",
)

SAMPLE_SUITE = """
    import os

    import pytest
    from botocore.exceptions import ParamValidationError

    from amplify_fakes import AmplifyBackendFake


    def test_client_fake_and_credentials(amplifybackend_client, amplifybackend_fake, aws_credentials):
        assert isinstance(amplifybackend_fake, AmplifyBackendFake)
        assert os.environ["AWS_ACCESS_KEY_ID"] == "testing"
        assert aws_credentials["AWS_ACCESS_KEY_ID"] == "testing"
        job = amplifybackend_client.create_backend(
            AppId="d1same", AppName="first", BackendEnvironmentName="dev"
        )
        assert amplifybackend_client.get_backend(AppId="d1same")["AppName"] == "first"
        assert amplifybackend_fake.backend("d1same", "dev")["AppName"] == "first"
        # the library's defaults: us-east-1, jobs on a real clock, not strict
        assert amplifybackend_fake.region == "us-east-1"
        assert amplifybackend_client.meta.region_name == "us-east-1"
        assert amplifybackend_fake.strict is False
        assert amplifybackend_fake.clock.virtual is False
        assert job["Status"] == "IN_PROGRESS"
        # the default client config validates parameters client-side
        assert amplifybackend_client.meta.config.parameter_validation is True
        with pytest.raises(ParamValidationError):
            amplifybackend_client.list_backend_jobs(
                AppId="d1same", BackendEnvironmentName="dev", MaxResults="many"
            )


    def test_same_app_again_sees_fresh_state(amplifybackend_client, amplifybackend_fake):
        assert amplifybackend_fake.apps() == []
        assert len(amplifybackend_fake.calls) == 0
        amplifybackend_client.create_backend(
            AppId="d1same", AppName="second", BackendEnvironmentName="dev"
        )
        assert amplifybackend_client.get_backend(AppId="d1same")["AppName"] == "second"
        assert amplifybackend_fake.apps() == ["d1same"]
        assert [call.operation for call in amplifybackend_fake.calls] == ["CreateBackend", "GetBackend"]


    def test_session_fake_first(amplifybackend_session_fake):
        assert amplifybackend_session_fake.apps() == []
        amplifybackend_session_fake.add_backend("d1-shared", "dev", app_name="shared")


    def test_session_fake_keeps_state(amplifybackend_session_fake):
        import boto3

        assert amplifybackend_session_fake.apps() == ["d1-shared"]
        client = boto3.client("amplifybackend", region_name="us-east-1")
        client.create_backend(AppId="d1-later", AppName="later", BackendEnvironmentName="dev")


    def test_function_fake_stacks_over_session_fake(
        amplifybackend_session_fake, amplifybackend_fake, amplifybackend_client
    ):
        assert amplifybackend_fake is not amplifybackend_session_fake
        assert amplifybackend_fake.apps() == []
        amplifybackend_client.create_backend(
            AppId="d1-inner", AppName="inner", BackendEnvironmentName="dev"
        )
        assert amplifybackend_fake.apps() == ["d1-inner"]
        assert sorted(amplifybackend_session_fake.apps()) == ["d1-later", "d1-shared"]


    def test_session_fake_still_has_everything(amplifybackend_session_fake):
        assert sorted(amplifybackend_session_fake.apps()) == ["d1-later", "d1-shared"]
"""


def test_fixtures_work_without_conftest_and_state_is_per_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_sample=SAMPLE_SUITE)
    assert not (pytester.path / "conftest.py").exists()
    result = run(pytester, "-v")
    result.assert_outcomes(passed=6)
    result.stdout.fnmatch_lines(
        [
            "*test_client_fake_and_credentials PASSED*",
            "*test_same_app_again_sees_fresh_state PASSED*",
            "*test_session_fake_first PASSED*",
            "*test_session_fake_keeps_state PASSED*",
            "*test_function_fake_stacks_over_session_fake PASSED*",
            "*test_session_fake_still_has_everything PASSED*",
        ]
    )


def _first_docstring_line(name: str) -> str:
    doc = inspect.getdoc(getattr(pytest_plugin, name))
    assert doc, f"fixture {name} has no docstring"
    return doc.splitlines()[0]


def test_fixtures_listing_shows_each_fixture_with_its_docstring(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_nothing="def test_nothing():\n    pass\n")
    result = run(pytester, "--fixtures")
    assert result.ret == pytest.ExitCode.OK
    for name in FIXTURES:
        first_line = _first_docstring_line(name)
        assert first_line.endswith("."), first_line  # a sentence, not a fragment
        result.stdout.re_match_lines(
            [
                rf"^{re.escape(name)}( \[session scope\])? -- .*pytest_plugin\.py:\d+$",
                rf"^\s+{re.escape(first_line)}$",
            ],
            consecutive=True,
        )
