"""CreateToken, GetToken and DeleteToken (Admin UI challenge tokens)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from amplify_fakes import AmplifyBackendFake, mock_amplifybackend
from tests.conftest import APP
from tests.fake.operations._support import UUID, body, fails

TTL = 600  # seconds a token lives in the fake


@pytest.fixture
def vfake_tokens() -> Iterator[tuple[AmplifyBackendFake, Any]]:
    """A fake on a virtual clock with an app, and a client."""
    with mock_amplifybackend(strict=True, jobs="immediate", clock="virtual") as fake:
        fake.add_app(APP)
        yield fake, boto3.client("amplifybackend", region_name="us-east-1")


@pytest.fixture
def session(client: Any, backend: tuple[str, str]) -> dict[str, Any]:
    """A token of the default app (the CreateToken response without metadata)."""
    return body(client.create_token(AppId=APP))


def test_create_token_answers_with_a_session_and_a_challenge_code(
    client: Any, backend: tuple[str, str]
) -> None:
    response = client.create_token(AppId=APP)

    assert response["AppId"] == APP
    assert UUID.match(response["SessionId"])
    assert response["ChallengeCode"].isdigit()
    assert len(response["ChallengeCode"]) == 6
    assert response["Ttl"] == str(TTL)  # the whole lifetime, on a real clock too


def test_get_token_returns_what_create_token_stored(client: Any, session: dict[str, Any]) -> None:
    got = client.get_token(AppId=APP, SessionId=session["SessionId"])

    assert got["AppId"] == APP
    assert got["SessionId"] == session["SessionId"]
    assert got["ChallengeCode"] == session["ChallengeCode"]
    assert 0 < int(got["Ttl"]) <= int(session["Ttl"])


def test_get_token_rounds_the_seconds_left_up(vfake_tokens: Any) -> None:
    fake, client = vfake_tokens
    token = client.create_token(AppId=APP)
    fake.clock.advance(0.25)
    assert client.get_token(AppId=APP, SessionId=token["SessionId"])["Ttl"] == str(TTL)
    fake.clock.advance(TTL - 1)  # 0.75 s left
    assert client.get_token(AppId=APP, SessionId=token["SessionId"])["Ttl"] == "1"


def test_tokens_are_distinct_and_live_side_by_side(client: Any, session: dict[str, Any]) -> None:
    second = client.create_token(AppId=APP)

    assert second["SessionId"] != session["SessionId"]
    for token in (session, second):
        got = client.get_token(AppId=APP, SessionId=token["SessionId"])
        assert got["ChallengeCode"] == token["ChallengeCode"]


def test_token_ttl_counts_down_with_the_clock(
    fake: AmplifyBackendFake, client: Any, session: dict[str, Any]
) -> None:
    fake.clock.advance(100)

    ttl = int(client.get_token(AppId=APP, SessionId=session["SessionId"])["Ttl"])

    assert TTL - 102 <= ttl <= TTL - 100


def test_delete_token_succeeds_and_forgets_the_session(
    fake: AmplifyBackendFake, client: Any, session: dict[str, Any]
) -> None:
    other = client.create_token(AppId=APP)

    response = client.delete_token(AppId=APP, SessionId=session["SessionId"])

    assert body(response) == {"IsSuccess": True}
    fails(
        fake,
        lambda: client.get_token(AppId=APP, SessionId=session["SessionId"]),
        "NotFoundException",
        resource_type="Token",
    )
    fails(
        fake,
        lambda: client.delete_token(AppId=APP, SessionId=session["SessionId"]),
        "NotFoundException",
        resource_type="Token",
    )
    still_live = client.get_token(AppId=APP, SessionId=other["SessionId"])
    assert still_live["ChallengeCode"] == other["ChallengeCode"]


@pytest.mark.parametrize("method", ["get_token", "delete_token"])
def test_an_expired_token_is_not_found(
    fake: AmplifyBackendFake, client: Any, session: dict[str, Any], method: str
) -> None:
    fake.clock.advance(TTL + 1)

    fails(
        fake,
        lambda: getattr(client, method)(AppId=APP, SessionId=session["SessionId"]),
        "NotFoundException",
        resource_type="Token",
    )


@pytest.mark.parametrize("method", ["get_token", "delete_token"])
def test_an_unknown_session_is_not_found(
    fake: AmplifyBackendFake, client: Any, session: dict[str, Any], method: str
) -> None:
    fails(
        fake,
        lambda: getattr(client, method)(
            AppId=APP, SessionId="00000000-0000-4000-8000-000000000000"
        ),
        "NotFoundException",
        resource_type="Token",
    )


@pytest.mark.parametrize("method", ["get_token", "delete_token"])
def test_a_session_of_another_app_is_not_found(
    fake: AmplifyBackendFake, client: Any, session: dict[str, Any], method: str
) -> None:
    client.create_backend(AppId="d2other", AppName="blog", BackendEnvironmentName="dev")

    fails(
        fake,
        lambda: getattr(client, method)(AppId="d2other", SessionId=session["SessionId"]),
        "NotFoundException",
        resource_type="Token",
    )


@pytest.mark.parametrize(
    ("method", "params"),
    [
        ("create_token", {}),
        ("get_token", {"SessionId": "00000000-0000-4000-8000-000000000000"}),
        ("delete_token", {"SessionId": "00000000-0000-4000-8000-000000000000"}),
    ],
)
def test_token_operations_on_an_unknown_app_are_not_found(
    fake: AmplifyBackendFake,
    client: Any,
    session: dict[str, Any],
    method: str,
    params: dict[str, Any],
) -> None:
    fails(
        fake,
        lambda: getattr(client, method)(AppId="d9unknown", **params),
        "NotFoundException",
        resource_type="App",
    )


def test_create_token_with_an_empty_app_id_is_a_bad_request_naming_it(
    fake: AmplifyBackendFake, raw_client: Any, backend: tuple[str, str]
) -> None:
    fails(
        fake,
        lambda: raw_client.create_token(AppId=""),
        "BadRequestException",
        in_message="$.appId",
    )
