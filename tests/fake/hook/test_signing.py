"""While a fake answers, botocore skips the SigV4 signature but keeps the credential scope.

The fake tells accounts and regions apart by the access key and region in the
``Authorization`` credential scope; computing the signature itself costs a third of a
call and nothing checks it. These tests pin what the fake still receives, and that
nothing changes for clients the fake does not answer.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import botocore
import pytest
from botocore.config import Config

from amplify_fakes import mock_amplifybackend
from tests.fake.hook._support import APP, ENV, canned_response, via_boto3_client

SKIPPED = "Signature=skipped-by-amplify-fakes"


def _headers_seen(client: Any, answer: bool = False) -> list[dict[str, str]]:
    """The headers of every request the client sends, captured before anyone answers it.

    With ``answer``, a canned GetBackend response answers instead of the fake.
    """
    seen: list[dict[str, str]] = []

    def capture(request: Any, **_: Any) -> Any:
        seen.append({k.lower(): v for k, v in request.headers.items()})
        if not answer:
            return None
        body = b'{"appId":"d1","appName":"shop","backendEnvironmentList":[]}'
        return canned_response(request.url, 200, {"Content-Type": "application/json"}, body)

    client.meta.events.register_first("before-send.amplifybackend", capture)
    return seen


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def test_requests_the_fake_answers_carry_the_scope_but_no_signature() -> None:
    with mock_amplifybackend(jobs="immediate") as fake:
        client = via_boto3_client(
            "eu-west-1", aws_access_key_id="111122223333", aws_secret_access_key="x"
        )
        seen = _headers_seen(client)
        client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
        assert fake.apps(account_id="111122223333", region="eu-west-1") == [APP]
    authorization = _text(seen[0]["authorization"])
    assert authorization.startswith("AWS4-HMAC-SHA256 Credential=111122223333/")
    assert "/eu-west-1/amplifybackend/aws4_request" in authorization
    assert authorization.endswith(SKIPPED)
    date = _text(seen[0]["x-amz-date"])
    assert authorization.split("/")[1] == date[:8]


def test_the_amz_date_follows_the_clock_second_by_second(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    moments = iter([1_767_225_600.2, 1_767_225_600.9, 1_767_312_001.5])
    with mock_amplifybackend(jobs="immediate"):
        client = via_boto3_client("us-east-1")
        seen = _headers_seen(client)
        for _ in range(3):
            now = next(moments)
            monkeypatch.setattr(time, "time", lambda now=now: now)
            client.list_s3_buckets()
            monkeypatch.undo()
    dates = [_text(headers["x-amz-date"]) for headers in seen]
    assert dates == ["20260101T000000Z", "20260101T000000Z", "20260102T000001Z"]
    scopes = [_text(headers["authorization"]).split("/")[1] for headers in seen]
    assert scopes == ["20260101", "20260101", "20260102"]


def test_a_session_token_is_still_sent() -> None:
    with mock_amplifybackend(jobs="immediate"):
        client = via_boto3_client(
            "us-east-1",
            aws_access_key_id="AKIAEXAMPLE",
            aws_secret_access_key="x",
            aws_session_token="the-token",
        )
        seen = _headers_seen(client)
        client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    assert _text(seen[0]["x-amz-security-token"]) == "the-token"


def test_clients_the_fake_does_not_answer_are_really_signed() -> None:
    client = via_boto3_client("us-east-1", aws_access_key_id="AKIAX", aws_secret_access_key="x")
    seen = _headers_seen(client, answer=True)
    client.get_backend(AppId="d1")
    authorization = _text(seen[0]["authorization"])
    assert authorization.startswith("AWS4-HMAC-SHA256 Credential=AKIAX/")
    assert SKIPPED not in authorization
    assert len(authorization.rsplit("Signature=", 1)[1]) == 64  # a real hex signature


def test_unsigned_clients_stay_unsigned() -> None:
    with mock_amplifybackend(jobs="immediate") as fake:
        client = via_boto3_client("eu-west-1", config=Config(signature_version=botocore.UNSIGNED))
        seen = _headers_seen(client)
        client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
        assert fake.apps() == [APP]  # the default account and region, as before
    assert "authorization" not in seen[0]


@pytest.mark.parametrize("active", [False, True])
def test_presigned_urls_are_signed(active: bool) -> None:
    client = via_boto3_client("us-east-1", aws_access_key_id="AKIAX", aws_secret_access_key="x")
    if active:
        with mock_amplifybackend():
            url = client.generate_presigned_url("get_backend", Params={"AppId": "d1"})
    else:
        url = client.generate_presigned_url("get_backend", Params={"AppId": "d1"})
    query = parse_qs(urlsplit(url).query)
    assert len(query["X-Amz-Signature"][0]) == 64
