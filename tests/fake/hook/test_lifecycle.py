"""Entering and leaving the mock: environment restored, nesting, re-entry, decorators, options.

After the mock ends, amplifybackend requests go back to botocore's HTTP layer; the
directory's socket guard refuses (and records) them, so nothing reaches the network.
"""

from __future__ import annotations

import os
import unittest
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import EndpointConnectionError, HTTPClientError

from amplify_fakes import AmplifyBackendFake, UsageError, mock_amplifybackend
from tests.fake.hook._support import (
    APP,
    DEAD_ENDPOINT,
    ENV,
    ONE_SHOT,
    NetworkBlocked,
    NetworkGuard,
    via_boto3_client,
)

TOUCHED = (
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_PROFILE",
    "AWS_SESSION_TOKEN",
    "AWS_DEFAULT_REGION",
    "AWS_SECURITY_TOKEN",
    "AWS_DEFAULT_PROFILE",
)


def _snapshot() -> dict[str, str | None]:
    return {name: os.environ.get(name) for name in TOUCHED}


def _create_app(client: Any, app_id: str = APP) -> None:
    client.create_backend(AppId=app_id, AppName="shop", BackendEnvironmentName=ENV)


def _exists(client: Any, app_id: str) -> bool:
    try:
        client.get_backend(AppId=app_id)
    except client.exceptions.NotFoundException:
        return False
    return True


def _assert_mock_inactive() -> None:
    """No fake answers: a call is refused by the socket guard (nothing leaves the process)."""
    client = via_boto3_client(
        "us-east-1",
        aws_access_key_id="AKIDINACTIVECHECK",
        aws_secret_access_key="x",
        config=ONE_SHOT,
    )
    with pytest.raises((HTTPClientError, EndpointConnectionError)):
        client.get_backend(AppId=APP)


# -- the environment ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "before",
    [
        pytest.param(
            {
                "AWS_ACCESS_KEY_ID": "AKIDUSERKEY",
                "AWS_SECRET_ACCESS_KEY": "user-secret",
                "AWS_PROFILE": "user-profile",
                "AWS_SESSION_TOKEN": None,
                "AWS_DEFAULT_REGION": None,
            },
            id="keys-and-profile-set",
        ),
        pytest.param(
            {
                "AWS_ACCESS_KEY_ID": None,
                "AWS_SECRET_ACCESS_KEY": None,
                "AWS_PROFILE": None,
                "AWS_SESSION_TOKEN": "user-session-token",
                "AWS_DEFAULT_REGION": "eu-central-1",
                "AWS_SECURITY_TOKEN": "user-security-token",
                "AWS_DEFAULT_PROFILE": "user-default-profile",
            },
            id="token-and-region-set",
        ),
        pytest.param(dict.fromkeys(TOUCHED), id="all-unset"),
        pytest.param(
            {
                "AWS_ACCESS_KEY_ID": "testing",
                "AWS_SECRET_ACCESS_KEY": "",
                "AWS_PROFILE": "",
                "AWS_SESSION_TOKEN": "",
                "AWS_DEFAULT_REGION": "",
            },
            id="fake-value-and-empty-strings",
        ),
    ],
)
def test_leaving_restores_the_environment_exactly(
    before: dict[str, str | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in before.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    snapshot = _snapshot()
    with mock_amplifybackend(strict=True, jobs="immediate"):
        assert os.environ["AWS_ACCESS_KEY_ID"] == "testing"
        assert os.environ["AWS_SECRET_ACCESS_KEY"] == "testing"
        for removed in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
            assert removed not in os.environ
        # A region the user already chose is kept; an unset or empty one gets the default.
        chosen = snapshot["AWS_DEFAULT_REGION"]
        assert os.environ["AWS_DEFAULT_REGION"] == (chosen or "us-east-1")
    assert _snapshot() == snapshot


def test_leaving_restores_the_environment_after_an_exception(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AWS_PROFILE", "user-profile")
    snapshot = _snapshot()
    with pytest.raises(KeyError), mock_amplifybackend(jobs="immediate"):
        raise KeyError("boom")
    assert _snapshot() == snapshot
    monkeypatch.delenv("AWS_PROFILE")  # a profile that does not exist would stop botocore
    _assert_mock_inactive()


def test_default_region_is_set_only_while_active() -> None:
    assert "AWS_DEFAULT_REGION" not in os.environ
    with mock_amplifybackend(region="eu-north-1"):
        assert os.environ["AWS_DEFAULT_REGION"] == "eu-north-1"
    assert "AWS_DEFAULT_REGION" not in os.environ


# -- after exit, nothing answers --------------------------------------------------------------


def test_after_exit_a_client_is_no_longer_answered(network_guard: NetworkGuard) -> None:
    with mock_amplifybackend(strict=True, jobs="immediate"):
        client = via_boto3_client("us-east-1", config=ONE_SHOT)
        _create_app(client)
        assert client.get_backend(AppId=APP)["AppId"] == APP
    assert network_guard.attempts == []
    with pytest.raises(HTTPClientError) as raised:
        client.get_backend(AppId=APP)
    assert isinstance(raised.value.kwargs["error"], NetworkBlocked)
    assert network_guard.attempts, "the request should have gone to the (guarded) network"
    hosts = [str(target) for _kind, target in network_guard.attempts]
    assert any("amplifybackend.us-east-1.amazonaws.com" in host for host in hosts)


def test_after_exit_a_dead_endpoint_client_fails_to_connect(network_guard: NetworkGuard) -> None:
    with mock_amplifybackend(strict=True, jobs="immediate"):
        client = via_boto3_client("us-east-1", endpoint_url=DEAD_ENDPOINT, config=ONE_SHOT)
        _create_app(client)  # answered in-process although the endpoint is dead
        assert client.get_backend(AppId=APP)["AppName"] == "shop"
    assert network_guard.attempts == []
    with pytest.raises((EndpointConnectionError, HTTPClientError)):
        client.get_backend(AppId=APP)
    assert ("127.0.0.1", 9) in [target for _kind, target in network_guard.attempts]


def test_a_client_created_inside_keeps_working_in_a_later_mock() -> None:
    with mock_amplifybackend(strict=True, jobs="immediate"):
        client = via_boto3_client("us-east-1", config=ONE_SHOT)
        _create_app(client)
    with mock_amplifybackend(strict=True, jobs="immediate") as second:
        assert not _exists(client, APP)  # a new fake: fresh state
        _create_app(client)
        assert second.apps() == [APP]


# -- nesting and re-entry -----------------------------------------------------------------------


def test_nested_mocks_stack() -> None:
    with mock_amplifybackend(strict=True, jobs="immediate") as outer:
        client = via_boto3_client("us-east-1")
        _create_app(client, "d1outer")
        with mock_amplifybackend(strict=True, jobs="immediate") as inner:
            assert inner is not outer
            assert not _exists(client, "d1outer")
            _create_app(client, "d1inner")
            assert inner.apps() == ["d1inner"]
            assert os.environ["AWS_ACCESS_KEY_ID"] == "testing"
        assert os.environ["AWS_ACCESS_KEY_ID"] == "testing"  # still the outer mock's
        assert _exists(client, "d1outer")
        assert not _exists(client, "d1inner")
        _create_app(client, "d1second")
        assert sorted(outer.apps()) == ["d1outer", "d1second"]
        assert inner.apps() == ["d1inner"]  # the inner fake keeps its state, unconsulted
    _assert_mock_inactive()


def test_nested_mocks_with_different_options() -> None:
    with mock_amplifybackend(strict=True, jobs="clock", clock="virtual"):
        client = via_boto3_client("us-east-1")
        assert client.create_backend(AppId="d1a", AppName="a", BackendEnvironmentName=ENV)[
            "Status"
        ] == ("IN_PROGRESS")
        with mock_amplifybackend(strict=True, jobs="immediate"):
            response = client.create_backend(AppId="d1b", AppName="b", BackendEnvironmentName=ENV)
            assert response["Status"] == "COMPLETED"
        response = client.create_backend(AppId="d1c", AppName="c", BackendEnvironmentName=ENV)
        assert response["Status"] == "IN_PROGRESS"


def test_reentering_an_active_mock_raises_usage_error() -> None:
    mock = mock_amplifybackend(strict=True, jobs="immediate")
    with mock as fake:
        with pytest.raises(UsageError, match="already active"):
            mock.__enter__()
        with pytest.raises(UsageError, match="already active"):
            mock.start()
        assert mock.fake is fake  # the failed re-entry changed nothing
        client = via_boto3_client("us-east-1")
        _create_app(client)
        assert fake.apps() == [APP]
    assert "AWS_ACCESS_KEY_ID" not in os.environ
    _assert_mock_inactive()


def test_a_mock_can_be_started_again_after_it_ended() -> None:
    mock = mock_amplifybackend(strict=True, jobs="immediate")
    with mock as first:
        _create_app(via_boto3_client("us-east-1"))
    with pytest.raises(UsageError):
        _ = mock.fake
    with mock as second:
        assert second is not first
        assert second.apps() == []
    mock.stop()  # stopping an inactive mock is harmless


def test_start_and_stop() -> None:
    mock = mock_amplifybackend(strict=True, jobs="immediate")
    fake = mock.start()
    try:
        assert mock.fake is fake
        _create_app(via_boto3_client("us-east-1"))
        assert fake.apps() == [APP]
    finally:
        mock.stop()
    assert "AWS_ACCESS_KEY_ID" not in os.environ
    _assert_mock_inactive()


# -- decorators ----------------------------------------------------------------------------------


@mock_amplifybackend(strict=True, jobs="immediate")
def _decorated_create() -> str:
    """Fails if the app already exists, so two calls prove a fresh fake per call."""
    client = via_boto3_client("us-east-1")
    assert not _exists(client, "d1decorated")
    response = client.create_backend(AppId="d1decorated", AppName="d", BackendEnvironmentName=ENV)
    return str(response["Status"])


def test_decorated_function_gets_a_fresh_fake_per_call() -> None:
    assert _decorated_create.__name__ == "_decorated_create"
    assert _decorated_create() == "COMPLETED"
    assert _decorated_create() == "COMPLETED"
    assert "AWS_ACCESS_KEY_ID" not in os.environ
    _assert_mock_inactive()


def test_decorated_function_passes_arguments_and_restores_on_error() -> None:
    @mock_amplifybackend(jobs="immediate")
    def add(a: int, *, b: int) -> int:
        assert os.environ["AWS_ACCESS_KEY_ID"] == "testing"
        return a + b

    @mock_amplifybackend(jobs="immediate")
    def fail() -> None:
        raise LookupError("inside")

    assert add(1, b=2) == 3
    with pytest.raises(LookupError, match="inside"):
        fail()
    assert "AWS_ACCESS_KEY_ID" not in os.environ
    _assert_mock_inactive()


def test_decorator_rejects_what_it_cannot_decorate() -> None:
    with pytest.raises(UsageError, match="functions and classes"):
        mock_amplifybackend()(42)


def test_decorated_plain_class_wraps_each_test_method() -> None:
    seen: list[str] = []

    @mock_amplifybackend(strict=True, jobs="immediate")
    class Plain:
        def test_one(self) -> None:
            client = via_boto3_client("us-east-1")
            assert not _exists(client, APP)
            _create_app(client)
            seen.append("one")

        def test_two(self) -> None:
            client = via_boto3_client("eu-west-1")
            assert not _exists(client, APP)
            _create_app(client)
            seen.append("two")

        def helper(self) -> str | None:
            return os.environ.get("AWS_ACCESS_KEY_ID")

    instance = Plain()
    instance.test_one()
    instance.test_one()  # fresh state: creating the same app again succeeds
    instance.test_two()
    assert seen == ["one", "one", "two"]
    assert instance.helper() is None  # not a test method: not wrapped
    _assert_mock_inactive()


@mock_amplifybackend(strict=True, jobs="immediate")
class TestDecoratedPlainClass:
    """Collected by pytest: each test method runs inside its own fake."""

    def test_first(self) -> None:
        client = via_boto3_client("us-east-1")
        assert not _exists(client, APP)
        _create_app(client)
        assert os.environ["AWS_ACCESS_KEY_ID"] == "testing"

    def test_second(self) -> None:
        client = via_boto3_client("us-east-1")
        assert not _exists(client, APP)
        _create_app(client)

    def test_with_a_fixture(self, tmp_path: Path) -> None:
        assert tmp_path.is_dir()
        assert not _exists(via_boto3_client("us-east-1"), APP)


@mock_amplifybackend(strict=True, jobs="immediate")
class DecoratedTestCase(unittest.TestCase):
    """Collected by pytest's unittest support: the mock is active in setUp and the test."""

    def setUp(self) -> None:
        self.client = via_boto3_client("us-east-1")
        assert not _exists(self.client, APP)
        _create_app(self.client)

    def test_setup_state_is_visible(self) -> None:
        assert self.client.get_backend(AppId=APP)["AppName"] == "shop"

    def test_each_test_gets_a_fresh_fake(self) -> None:
        assert _exists(self.client, APP)
        assert not _exists(self.client, "d1fromanothertest")
        _create_app(self.client, "d1fromanothertest")


def test_decorated_testcase_runs_under_unittest_and_cleans_up() -> None:
    events: list[str] = []

    @mock_amplifybackend(strict=True, jobs="immediate")
    class Case(unittest.TestCase):
        def setUp(self) -> None:
            events.append(f"setUp:{os.environ.get('AWS_ACCESS_KEY_ID')}")
            self.client = via_boto3_client("us-east-1")
            _create_app(self.client)

        def tearDown(self) -> None:
            events.append(f"tearDown:{os.environ.get('AWS_ACCESS_KEY_ID')}")

        def test_a(self) -> None:
            events.append("test_a")
            assert self.client.get_backend(AppId=APP)["AppId"] == APP

        def test_b(self) -> None:
            events.append("test_b")
            assert self.client.get_backend(AppId=APP)["AppId"] == APP

    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(Case).run(result)
    assert result.errors == []
    assert result.failures == []
    assert result.testsRun == 2
    assert events == [
        "setUp:testing",
        "test_a",
        "tearDown:testing",
        "setUp:testing",
        "test_b",
        "tearDown:testing",
    ]
    assert "AWS_ACCESS_KEY_ID" not in os.environ
    _assert_mock_inactive()


def test_decorated_testcase_cleans_up_when_setup_fails() -> None:
    @mock_amplifybackend(jobs="immediate")
    class Case(unittest.TestCase):
        def setUp(self) -> None:
            raise LookupError("setUp failed")

        def test_never_runs(self) -> None:
            raise AssertionError("unreachable")

    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(Case).run(result)
    assert len(result.errors) == 1
    assert "setUp failed" in result.errors[0][1]
    assert "AWS_ACCESS_KEY_ID" not in os.environ
    _assert_mock_inactive()


class _InheritedTests:
    """A mixin whose test method a decorated class inherits."""

    def test_inherited(self) -> str | None:
        return os.environ.get("AWS_ACCESS_KEY_ID")


def test_decorated_class_wraps_inherited_test_methods() -> None:
    @mock_amplifybackend(jobs="immediate")
    class Concrete(_InheritedTests):
        def test_own(self) -> str | None:
            return os.environ.get("AWS_ACCESS_KEY_ID")

    instance = Concrete()
    assert instance.test_own() == "testing"
    # pytest collects Concrete.test_inherited as a test of Concrete: it must be mocked too.
    assert instance.test_inherited() == "testing"


def test_decorated_class_wraps_static_test_methods() -> None:
    @mock_amplifybackend(jobs="immediate")
    class WithStatic:
        @staticmethod
        def test_static() -> str | None:
            return os.environ.get("AWS_ACCESS_KEY_ID")

    assert WithStatic.test_static() == "testing"
    assert WithStatic().test_static() == "testing"  # how pytest calls it


@mock_amplifybackend(strict=True, jobs="immediate")
def test_decorated_test_function_receives_fixtures(tmp_path: Path) -> None:
    assert tmp_path.is_dir()
    assert os.environ["AWS_ACCESS_KEY_ID"] == "testing"
    _create_app(via_boto3_client("us-east-1"))


# -- options ---------------------------------------------------------------------------------


def test_invalid_jobs_option_lists_valid_values() -> None:
    with pytest.raises(UsageError) as raised:
        mock_amplifybackend(jobs="later")
    message = str(raised.value)
    assert "'later'" in message
    assert "'clock'" in message
    assert "'immediate'" in message
    assert isinstance(raised.value, ValueError)


def test_invalid_clock_option_lists_valid_values() -> None:
    with pytest.raises(UsageError) as raised:
        mock_amplifybackend(clock="fast")
    message = str(raised.value)
    assert "'fast'" in message
    assert "'real'" in message
    assert "'virtual'" in message


def test_invalid_option_activates_nothing() -> None:
    with pytest.raises(UsageError):
        mock_amplifybackend(jobs="later")
    with pytest.raises(UsageError):
        AmplifyBackendFake(clock="fast")
    assert "AWS_ACCESS_KEY_ID" not in os.environ
    _assert_mock_inactive()


def test_fake_property_outside_the_context_raises_usage_error() -> None:
    with pytest.raises(UsageError, match="not active"):
        _ = mock_amplifybackend().fake
