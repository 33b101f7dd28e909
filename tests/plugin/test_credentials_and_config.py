"""``aws_credentials`` fakes the environment for one test only; ``amplifybackend_client_config``
can be overridden in a conftest.
"""

from __future__ import annotations

import os

import pytest

from tests.plugin._support import coverage_line, run

OUTER = {
    "AWS_PROFILE": "sentinel-profile",
    "AWS_DEFAULT_PROFILE": "sentinel-default-profile",
    "AWS_SESSION_TOKEN": "sentinel-token",
    "AWS_ACCESS_KEY_ID": "AKIASENTINEL",
    "AWS_SECRET_ACCESS_KEY": "sentinel-secret",
    "AWS_CONFIG_FILE": "/nonexistent/sentinel-config",
    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/sentinel-credentials",
    "AWS_DEFAULT_REGION": "sa-east-1",
}

CREDENTIALS_SUITE = """
    import os

    import boto3

    OUTER = {outer!r}
    ABSENT = ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN")


    def assert_outer_environment():
        for name, value in OUTER.items():
            assert os.environ.get(name) == value, name
        assert "AWS_EC2_METADATA_DISABLED" not in os.environ


    def assert_fake_environment():
        assert os.environ["AWS_ACCESS_KEY_ID"] == "testing"
        assert os.environ["AWS_SECRET_ACCESS_KEY"] == "testing"
        assert os.environ["AWS_CONFIG_FILE"] == os.devnull
        assert os.environ["AWS_SHARED_CREDENTIALS_FILE"] == os.devnull
        assert os.environ["AWS_EC2_METADATA_DISABLED"] == "true"
        assert os.environ["AWS_DEFAULT_REGION"] == "us-east-1"
        for name in ABSENT:
            assert name not in os.environ, name
        credentials = boto3.Session().get_credentials()
        assert (credentials.access_key, credentials.token) == ("testing", None)


    def test_1_before():
        assert_outer_environment()


    def test_2_inside(aws_credentials):
        assert_fake_environment()
        assert aws_credentials["AWS_ACCESS_KEY_ID"] == "testing"
        assert aws_credentials["AWS_CONFIG_FILE"] == os.devnull
        os.environ["AWS_PROFILE"] = "set-by-the-test"  # undone afterwards as well


    def test_3_restored_after_aws_credentials():
        assert_outer_environment()


    def test_4_inside_the_fake(amplifybackend_fake, amplifybackend_client):
        assert_fake_environment()
        amplifybackend_client.create_backend(AppId="d1", AppName="a", BackendEnvironmentName="dev")


    def test_5_restored_after_the_fake():
        assert_outer_environment()
"""


def test_aws_credentials_fakes_the_environment_and_restores_it(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in OUTER.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_SECURITY_TOKEN", raising=False)
    monkeypatch.delenv("AWS_EC2_METADATA_DISABLED", raising=False)
    pytester.makepyfile(test_credentials=CREDENTIALS_SUITE.format(outer=OUTER))
    result = run(pytester, "-v")
    result.assert_outcomes(passed=5)
    result.stdout.fnmatch_lines(
        [
            "*test_1_before PASSED*",
            "*test_2_inside PASSED*",
            "*test_3_restored_after_aws_credentials PASSED*",
            "*test_4_inside_the_fake PASSED*",
            "*test_5_restored_after_the_fake PASSED*",
        ]
    )
    # the outer process is untouched too
    assert os.environ["AWS_PROFILE"] == "sentinel-profile"


CONFIG_CONFTEST = """
    import pytest
    from botocore.config import Config


    @pytest.fixture
    def amplifybackend_client_config():
        return Config(parameter_validation=False, read_timeout=17)
"""

CONFIG_SUITE = """
    import pytest


    def test_the_client_uses_the_overridden_config(amplifybackend_client):
        # (botocore keeps parameter_validation out of meta.config; the next test shows it)
        assert amplifybackend_client.meta.config.read_timeout == 17


    def test_the_fake_validates_what_the_client_no_longer_does(amplifybackend_client):
        amplifybackend_client.create_backend(AppId="d1", AppName="a", BackendEnvironmentName="dev")
        errors = amplifybackend_client.exceptions
        # a bad enum (botocore never checks enums)
        with pytest.raises(errors.BadRequestException, match="serviceName"):
            amplifybackend_client.delete_backend_storage(
                AppId="d1", BackendEnvironmentName="dev", ResourceName="store", ServiceName="BOGUS"
            )
        # a bad type, which botocore would have refused had validation been on
        with pytest.raises(errors.BadRequestException, match="maxResults"):
            amplifybackend_client.list_backend_jobs(
                AppId="d1", BackendEnvironmentName="dev", MaxResults="many"
            )
"""


def test_client_config_can_be_overridden_in_a_conftest(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(CONFIG_CONFTEST)
    pytester.makepyfile(test_config=CONFIG_SUITE)
    result = run(pytester, "-v")
    result.assert_outcomes(passed=2)
    assert coverage_line(result)  # the fake was exercised
