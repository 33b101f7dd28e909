"""No egress, no real credentials.

- While a fake is active, no amplifybackend call reaches the network, whatever the client:
  default or remote endpoint, real-looking credentials and session token, created before
  activation, retrying. A socket guard refuses and records every lookup and connection.
- Fail closed: under the pytest plugin, a request that no fake answers is refused before
  it is sent (UsageError naming the fixtures), however real the credentials in the
  environment look; loopback servers and allowed hosts pass; the plugin's guard is the
  only thing between such a request and the network (with it off, the socket guard sees
  the attempt).
"""

from __future__ import annotations

import os
import socket
from typing import Any

import boto3
import botocore
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, EndpointConnectionError
from hypothesis import given
from hypothesis import strategies as st

from amplify_fakes import mock_amplifybackend, strategies
from amplify_fakes._guard import AWS_GUARD
from amplify_fakes.errors import UsageError
from amplify_fakes.server import FakeServer
from tests.plugin._support import clean_outer_environment, run
from tests.reliability._hostile import OPERATIONS, fuzz

REAL_LOOKING = {
    "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "AWS_SESSION_TOKEN": "FwoGZXIvYXdzEXAMPLESESSIONTOKEN",
    "AWS_DEFAULT_REGION": "us-east-1",
}
LOOPBACK = ("127.0.0.1", "::1", "localhost")
ONE_TRY = Config(retries={"total_max_attempts": 1}, connect_timeout=2, read_timeout=5)


class Blocked(OSError):
    """What the socket guard raises."""


class SocketGuard:
    """Refuses (and records) every lookup and connection except to loopback."""

    def __init__(self) -> None:
        self.attempts: list[tuple[str, Any]] = []

    def check(self, kind: str, host: Any, target: Any) -> None:
        if str(host) not in LOOPBACK:
            self.attempts.append((kind, target))
            raise Blocked(f"network blocked by the test: {kind} {target!r}")


@pytest.fixture
def guard(monkeypatch: pytest.MonkeyPatch) -> SocketGuard:
    guard = SocketGuard()
    real_connect = socket.socket.connect
    real_create = socket.create_connection
    real_getaddrinfo = socket.getaddrinfo

    def connect(self: socket.socket, address: Any) -> None:
        guard.check("connect", address[0] if isinstance(address, tuple) else address, address)
        real_connect(self, address)

    def create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
        guard.check("create_connection", address[0], address)
        return real_create(address, *args, **kwargs)

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        guard.check("getaddrinfo", host, (host, port))
        return real_getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return guard


@pytest.fixture
def real_looking_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in REAL_LOOKING.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)


def _clients() -> list[Any]:
    return [
        boto3.client("amplifybackend", config=ONE_TRY),
        boto3.client(
            "amplifybackend",
            region_name="eu-west-1",
            endpoint_url="https://amplifybackend.example.invalid",
            aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
            aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            aws_session_token="FwoGZXIvYXdzEXAMPLESESSIONTOKEN",
            config=ONE_TRY,
        ),
        boto3.Session().client(
            "amplifybackend", config=Config(signature_version=botocore.UNSIGNED)
        ),
    ]


@pytest.fixture(scope="module")
def clients() -> list[Any]:
    """Clients made with real-looking credentials, before any fake is active."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in REAL_LOOKING.items():
            patch.setenv(name, value)
        patch.setenv("AWS_EC2_METADATA_DISABLED", "true")
        patch.delenv("AWS_PROFILE", raising=False)
        patch.setattr(boto3, "DEFAULT_SESSION", None)
        return _clients()


@pytest.mark.usefixtures("real_looking_credentials")
@pytest.mark.parametrize("operation", OPERATIONS)
def test_no_call_leaves_the_process_while_a_fake_is_active(
    guard: SocketGuard, clients: list[Any], operation: str
) -> None:
    with mock_amplifybackend(jobs="immediate", clock="virtual") as fake:

        @fuzz(4)
        @given(strategies.requests(operation), st.sampled_from(clients))
        def call(params: dict[str, Any], client: Any) -> None:
            outcome: ClientError | None = None
            try:
                getattr(client, botocore.xform_name(operation))(**params)
            except ClientError as error:
                outcome = error
            if outcome is not None:
                assert outcome.response["ResponseMetadata"]["HTTPStatusCode"] in (400, 404)

        call()
        assert fake.calls.of(operation)
    assert guard.attempts == []


@pytest.mark.usefixtures("real_looking_credentials")
def test_retries_and_waiters_stay_in_process(guard: SocketGuard) -> None:
    retrying = Config(retries={"mode": "standard", "max_attempts": 4})
    with mock_amplifybackend(jobs="immediate", clock="virtual") as fake:
        client = boto3.client("amplifybackend", config=retrying)
        fake.faults.add("GetBackend", error="TooManyRequestsException", times=3)
        client.create_backend(AppId="d1net", AppName="a", BackendEnvironmentName="dev")
        assert client.get_backend(AppId="d1net")["AppName"] == "a"
        assert len(fake.calls.of("GetBackend")) == 4
    assert guard.attempts == []


needs_guard = pytest.mark.skipif(
    not AWS_GUARD.enabled, reason="the plugin's guard is off in this run (--amplifybackend-live?)"
)


@needs_guard
@pytest.mark.usefixtures("real_looking_credentials")
def test_a_forgotten_fixture_fails_closed(guard: SocketGuard) -> None:
    for client in _clients():
        with pytest.raises(UsageError, match="amplifybackend_client or amplifybackend_fake"):
            client.get_backend(AppId="d1forgotten")
    remote = boto3.client(
        "amplifybackend", endpoint_url="http://fake.internal:4566", config=ONE_TRY
    )
    with pytest.raises(UsageError, match="amplifybackend_allowed_hosts"):
        remote.get_backend(AppId="d1forgotten")
    assert guard.attempts == []  # refused before any lookup or connection


@needs_guard
@pytest.mark.usefixtures("real_looking_credentials")
def test_loopback_and_allowed_hosts_pass_and_the_guard_is_what_stops_the_rest(
    guard: SocketGuard, monkeypatch: pytest.MonkeyPatch
) -> None:
    with FakeServer(jobs="immediate") as server:
        client = boto3.client("amplifybackend", endpoint_url=server.url, config=ONE_TRY)
        client.create_backend(AppId="d1loop", AppName="a", BackendEnvironmentName="dev")
        local = boto3.client(
            "amplifybackend",
            endpoint_url=f"http://localhost:{server.port}",
            config=ONE_TRY,
        )
        assert local.get_backend(AppId="d1loop")["AppName"] == "a"
    assert guard.attempts == []
    monkeypatch.setattr(AWS_GUARD, "allowed_hosts", frozenset({"fake.internal"}))
    allowed = boto3.client(
        "amplifybackend", endpoint_url="http://fake.internal:4566", config=ONE_TRY
    )
    with pytest.raises(EndpointConnectionError):
        allowed.get_backend(AppId="d1allowed")
    assert [kind for kind, _ in guard.attempts] == ["getaddrinfo"]
    monkeypatch.setattr(AWS_GUARD, "enabled", False)
    with pytest.raises(EndpointConnectionError):
        boto3.client("amplifybackend", config=ONE_TRY).get_backend(AppId="d1unguarded")
    assert any("amazonaws.com" in str(target) for _, target in guard.attempts)


SAMPLE_CONFTEST = """
    import socket

    import pytest

    ATTEMPTS = []
    LOOPBACK = ("127.0.0.1", "::1", "localhost")


    @pytest.fixture(autouse=True)
    def no_network(monkeypatch):
        real_getaddrinfo = socket.getaddrinfo
        real_connect = socket.socket.connect

        def getaddrinfo(host, *args, **kwargs):
            if str(host) not in LOOPBACK:
                ATTEMPTS.append(host)
                raise OSError("network blocked by the sample suite")
            return real_getaddrinfo(host, *args, **kwargs)

        def connect(self, address):
            if isinstance(address, tuple) and str(address[0]) not in LOOPBACK:
                ATTEMPTS.append(address)
                raise OSError("network blocked by the sample suite")
            return real_connect(self, address)

        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
        monkeypatch.setattr(socket.socket, "connect", connect)
        yield
        assert ATTEMPTS == [], ATTEMPTS
"""

SAMPLE_SUITE = """
    import os

    import boto3
    import pytest

    from amplify_fakes.errors import UsageError


    def test_the_environment_holds_real_looking_credentials():
        assert os.environ["AWS_ACCESS_KEY_ID"].startswith("AKIA")
        assert boto3.Session().get_credentials().token


    def test_a_forgotten_fixture_fails_closed():
        client = boto3.client("amplifybackend", region_name="us-east-1")
        with pytest.raises(UsageError, match="amplifybackend_client or amplifybackend_fake"):
            client.get_backend(AppId="d1forgotten")


    def test_with_the_fixture_the_fake_answers(amplifybackend_client):
        amplifybackend_client.create_backend(AppId="d1", AppName="a", BackendEnvironmentName="dev")
        assert amplifybackend_client.get_backend(AppId="d1")["AppName"] == "a"


    def test_the_server_fixture_is_loopback(amplifybackend_server):
        client = boto3.client("amplifybackend", endpoint_url=amplifybackend_server.url)
        client.create_backend(AppId="d1", AppName="a", BackendEnvironmentName="dev")


    def test_after_the_fixture_it_fails_closed_again():
        test_a_forgotten_fixture_fails_closed()
"""


def test_under_the_plugin_a_forgotten_fixture_fails_closed(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    clean_outer_environment(monkeypatch)
    for name in ("AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in REAL_LOOKING.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    pytester.makeconftest(SAMPLE_CONFTEST)
    pytester.makepyfile(test_forgotten=SAMPLE_SUITE)
    result = run(pytester, "-p", "no:xdist")
    result.assert_outcomes(passed=5)


NO_CREDENTIALS_SUITE = """
    import boto3
    import pytest

    from amplify_fakes.errors import UsageError


    def test_there_are_no_credentials():
        assert boto3.Session().get_credentials() is None


    def test_a_forgotten_fixture_names_the_fixtures_not_the_credentials():
        client = boto3.client("amplifybackend", region_name="us-east-1")
        with pytest.raises(UsageError, match="amplifybackend_client or amplifybackend_fake"):
            client.get_backend(AppId="d1forgotten")
"""


def test_without_any_credentials_a_forgotten_fixture_still_gets_the_usage_error(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A CI job with no AWS credentials: the guard answers before botocore's
    NoCredentialsError (issue 21, item 3)."""
    clean_outer_environment(monkeypatch)
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    pytester.makepyfile(test_no_credentials=NO_CREDENTIALS_SUITE)
    result = run(pytester, "-p", "no:xdist")
    result.assert_outcomes(passed=2)
