"""What the plugin reuses between tests (a warm session and clients) never carries anything
from one test into the next: handlers, attributes, retry quota, credentials, region, state.

Each sample suite asserts first that the object really is reused (so the isolation checks
are not vacuous), then that the previous test's changes are gone.
"""

from __future__ import annotations

import pytest

from tests.plugin._support import clean_outer_environment, run

CONFTEST = """
    import pytest
    from botocore.config import Config


    @pytest.fixture
    def amplifybackend_client_config():
        return Config(retries={"mode": "standard", "max_attempts": 3})
"""

SUITE = """
    import boto3
    import pytest

    SEEN = {}


    def quota(client):
        handler = client.meta.events._emitter._unique_id_handlers["retry-config-amplifybackend"]
        return handler["handler"].__self__._retry_quota._quota


    def leaked(**kwargs):
        raise AssertionError("a handler of the previous test ran")


    def test_1_dirty(amplifybackend_client):
        client = amplifybackend_client
        SEEN["client"] = client
        SEEN["session"] = boto3.DEFAULT_SESSION
        client.create_backend(AppId="d1", AppName="a", BackendEnvironmentName="dev")
        client.meta.events.register("before-call.amplifybackend", leaked)
        boto3.DEFAULT_SESSION.events.register("creating-client-class", leaked)
        assert quota(client).acquire(quota(client).available_capacity)
        assert quota(client).available_capacity == 0
        client.get_backend = lambda **kw: "patched by test 1"
        boto3.DEFAULT_SESSION._session.set_credentials("AKIALEAKED", "leaked-secret")


    def test_2_pristine(amplifybackend_client):
        client = amplifybackend_client
        assert client is SEEN["client"], "the fixture client is expected to be reused"
        assert boto3.DEFAULT_SESSION is SEEN["session"], "the warm session is expected"
        assert quota(client).available_capacity == quota(client)._max_capacity
        assert "get_backend" not in vars(client)
        with pytest.raises(client.exceptions.NotFoundException):  # fresh state
            client.get_backend(AppId="d1", BackendEnvironmentName="dev")
        assert boto3.DEFAULT_SESSION.get_credentials().access_key == "testing"
        assert client._request_signer._credentials.access_key == "testing"


    @pytest.mark.amplifybackend(region="eu-west-1")
    def test_3_marker_region(amplifybackend_client):
        assert amplifybackend_client.meta.region_name == "eu-west-1"
        assert boto3.client("amplifybackend").meta.region_name == "eu-west-1"
        assert boto3.Session().region_name == "eu-west-1"


    def test_4_default_region_again(amplifybackend_client):
        assert amplifybackend_client is SEEN["client"]
        assert boto3.client("amplifybackend").meta.region_name == "us-east-1"


    def test_5_no_fixture_gets_no_warm_session():
        assert boto3.DEFAULT_SESSION is not SEEN["session"]
"""

REAL_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "AKIAREALLOOKING",
    "AWS_SECRET_ACCESS_KEY": "real-looking-secret",
    "AWS_SESSION_TOKEN": "real-looking-token",
}

# A user's default session with real-looking credentials, made before any fixture runs:
# the plugin must never hand it (or its credentials) to a test.
USER_SESSION_SUITE = """
    import boto3

    boto3.setup_default_session(
        aws_access_key_id="AKIAUSERSESSION", aws_secret_access_key="user-secret"
    )
    USER = boto3.DEFAULT_SESSION


    def test_1_fixture(amplifybackend_client):
        assert boto3.DEFAULT_SESSION is not USER
        assert boto3.DEFAULT_SESSION.get_credentials().access_key == "testing"
        assert boto3.DEFAULT_SESSION.get_credentials().token is None
        assert amplifybackend_client._request_signer._credentials.access_key == "testing"
        client = boto3.client("amplifybackend")
        assert client._request_signer._credentials.access_key == "testing"


    def test_2_own_client(amplifybackend_fake):
        assert boto3.DEFAULT_SESSION is not USER
        assert boto3.Session().get_credentials().access_key == "testing"


    def test_3_after():
        assert boto3.DEFAULT_SESSION is USER
        assert USER.get_credentials().access_key == "AKIAUSERSESSION"
"""


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["one process", "xdist"])
def test_nothing_a_test_changes_reaches_the_next(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, workers: list[str]
) -> None:
    clean_outer_environment(monkeypatch)
    for name, value in REAL_CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_shared=SUITE)
    # xdist: the whole file on one worker, in order (the tests depend on each other's order)
    args = [*workers, "--dist", "loadfile"] if workers else ["-p", "no:xdist"]
    result = run(pytester, *args)
    result.assert_outcomes(passed=5)


def test_a_users_default_session_is_never_handed_to_a_test(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    clean_outer_environment(monkeypatch)
    for name, value in REAL_CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    pytester.makepyfile(test_user_session=USER_SESSION_SUITE)
    result = run(pytester, "-p", "no:xdist")
    result.assert_outcomes(passed=3)
