"""``require_auth``: SigV4 checked with botocore's signer; 403s as API Gateway sends them."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import boto3
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

from amplify_fakes._core.wire import WireRequest
from amplify_fakes._server.auth import AccessKey, Authenticator
from amplify_fakes.errors import UsageError
from amplify_fakes.server import FakeServer
from tests.server._support import APP, ENV, raw, serve

GOOD = "AKIDGOOD:goodsecret:111122223333"
OTHER = "AKIDOTHER:othersecret:444455556666"
MISSING_BODY = {"message": "Missing Authentication Token"}
UNRECOGNIZED_BODY = {"message": "The security token included in the request is invalid."}


@pytest.fixture
def secured(aws_credentials: dict[str, str]) -> Iterator[FakeServer]:
    """A FakeServer that requires SigV4 with one of two keys (two accounts)."""
    with FakeServer(
        jobs="immediate", strict=True, require_auth=True, access_keys=[GOOD, OTHER]
    ) as running:
        yield running
    running.check()


def _client(server: FakeServer, key: str, secret: str) -> Any:
    return server.client(aws_access_key_id=key, aws_secret_access_key=secret)


def _error(call: Any) -> tuple[int, str, str]:
    with pytest.raises(ClientError) as raised:
        call()
    response = raised.value.response
    return (
        response["ResponseMetadata"]["HTTPStatusCode"],
        response["Error"]["Code"],
        response["Error"]["Message"],
    )


def _signed(
    url: str, path: str, body: bytes, key: str, secret: str, region: str = "us-east-1"
) -> dict[str, str]:
    """Headers botocore's signer puts on a POST of ``body`` to ``url + path``."""
    request = AWSRequest(
        "POST", url + path, headers={"Content-Type": "application/json"}, data=body
    )
    SigV4Auth(Credentials(key, secret), "amplifybackend", region).add_auth(request)
    return dict(request.headers.items())


def test_a_good_signature_passes_and_maps_the_key_to_its_account(secured: FakeServer) -> None:
    client = _client(secured, "AKIDGOOD", "goodsecret")
    client.create_backend(AppId=APP, AppName="mine", BackendEnvironmentName=ENV)
    assert client.get_backend(AppId=APP)["AppName"] == "mine"
    assert secured.fake.apps(account_id="111122223333") == [APP]
    other = _client(secured, "AKIDOTHER", "othersecret")
    with pytest.raises(other.exceptions.NotFoundException):
        other.get_backend(AppId=APP)  # accounts never see each other's state


def test_unsigned_is_missing_authentication_token(secured: FakeServer) -> None:
    answer = raw(secured.url, "POST", f"/backend/{APP}/details", "{}")
    assert answer.status == 403
    assert answer.headers["x-amzn-errortype"] == "MissingAuthenticationTokenException"
    assert answer.json() == MISSING_BODY
    assert answer.headers["x-amzn-requestid"]
    assert len(secured.fake.calls) == 0  # refused before the core


def test_unknown_key_is_unrecognized_client(secured: FakeServer) -> None:
    client = _client(secured, "AKIDSTRANGER", "whatever")
    assert _error(lambda: client.get_backend(AppId=APP)) == (
        403,
        "UnrecognizedClientException",
        UNRECOGNIZED_BODY["message"],
    )
    body = secured.url, f"/backend/{APP}/details", b"{}"
    answer = raw(secured.url, "POST", body[1], body[2], _signed(*body, "AKIDSTRANGER", "x"))
    assert answer.json() == UNRECOGNIZED_BODY


def test_wrong_secret_is_invalid_signature(secured: FakeServer) -> None:
    client = _client(secured, "AKIDGOOD", "not-the-secret")
    status, code, message = _error(lambda: client.get_backend(AppId=APP))
    assert (status, code) == (403, "InvalidSignatureException")
    assert message.startswith("The request signature we calculated does not match")
    assert len(secured.fake.calls) == 0


def test_a_tampered_body_is_invalid_signature(secured: FakeServer) -> None:
    path = "/backend"
    body = b'{"appId": "d1one", "appName": "a", "backendEnvironmentName": "dev"}'
    headers = _signed(secured.url, path, body, "AKIDGOOD", "goodsecret")
    assert raw(secured.url, "POST", path, body, headers).status == 200
    tampered = body.replace(b"d1one", b"d1two")
    answer = raw(secured.url, "POST", path, tampered, headers)
    assert answer.status == 403
    assert answer.headers["x-amzn-errortype"] == "InvalidSignatureException"
    assert secured.fake.apps(account_id="111122223333") == ["d1one"]


def test_signature_over_a_percent_encoded_path(secured: FakeServer) -> None:
    client = _client(secured, "AKIDGOOD", "goodsecret")
    client.create_backend(AppId="a/b c", AppName="odd", BackendEnvironmentName=ENV)
    assert client.get_backend(AppId="a/b c")["AppName"] == "odd"


def test_malformed_authorization_is_incomplete_signature(secured: FakeServer) -> None:
    headers = {
        "Authorization": "AWS4-HMAC-SHA256 Credential=AKIDGOOD/20260101/us-east-1/amplifybackend/aws4_request"
    }
    answer = raw(secured.url, "POST", f"/backend/{APP}/details", "{}", headers)
    assert answer.status == 403
    assert answer.headers["x-amzn-errortype"] == "IncompleteSignatureException"
    assert "'SignedHeaders'" in answer.json()["message"]
    basic = raw(
        secured.url, "POST", f"/backend/{APP}/details", "{}", {"Authorization": "Basic eA=="}
    )
    assert basic.headers["x-amzn-errortype"] == "IncompleteSignatureException"


def test_control_api_needs_no_signature(secured: FakeServer) -> None:
    assert raw(secured.url, "POST", "/_fake/reset").status == 200


# -- the verifier, without a server ------------------------------------------------------


def _wire(request: AWSRequest, host: str = "127.0.0.1:4566") -> WireRequest:
    parts = urlsplit(request.url)
    headers = {k.lower(): v for k, v in request.headers.items()}
    headers["host"] = host
    return WireRequest(request.method, parts.path, headers, request.body or b"", parts.query)


def _signed_request(
    url: str, secret: str = "goodsecret", service: str = "amplifybackend"
) -> AWSRequest:
    request = AWSRequest("GET", url, headers={"X-Custom": "a  b"})
    SigV4Auth(Credentials("AKIDGOOD", secret), service, "eu-west-1").add_auth(request)
    return request


KEYS = [AccessKey.parse(GOOD)]


def test_query_strings_and_extra_headers_are_verified() -> None:
    request = _signed_request("http://127.0.0.1:4566/backend/d1/job/dev?b=2&a=1")
    auth = Authenticator(KEYS, required=True)
    assert auth.check(_wire(request)) is None
    wire = _wire(request)
    moved = WireRequest(wire.method, wire.path, wire.headers, wire.body, "a=1&b=3")
    assert auth.check(moved) is not None
    other_host = _wire(request, host="127.0.0.1:9999")
    failure = auth.check(other_host)
    assert failure is not None
    assert failure.code == "InvalidSignatureException"


@pytest.mark.parametrize(
    ("skew", "expected"),
    [(0, None), (14 * 60, None), (16 * 60, "Signature expired"), (-16 * 60, "not yet current")],
)
def test_x_amz_date_must_be_within_15_minutes_of_real_time(skew: int, expected: str | None) -> None:
    request = _signed_request("http://127.0.0.1:4566/backend/d1/details")
    failure = Authenticator(KEYS, required=True, now=lambda: time.time() + skew).check(
        _wire(request)
    )
    if expected is None:
        assert failure is None
    else:
        assert failure is not None
        assert failure.code == "InvalidSignatureException"
        assert expected in failure.message


def test_the_credential_scope_must_name_amplifybackend() -> None:
    request = _signed_request("http://127.0.0.1:4566/backend/d1/details", service="s3")
    failure = Authenticator(KEYS, required=True).check(_wire(request))
    assert failure is not None
    assert "scoped to correct service" in failure.message


def test_without_require_auth_nothing_is_checked() -> None:
    request = _signed_request("http://127.0.0.1:4566/backend/d1/details", secret="wrong")
    assert Authenticator(KEYS).check(_wire(request)) is None


@pytest.mark.parametrize(
    "spec", ["nocolon", "id:", ":secret", "id:secret:12345", "a:b:c:d", "bad id:secret"]
)
def test_bad_access_key_specs_are_usage_errors(spec: str) -> None:
    with pytest.raises(UsageError) as raised:
        AccessKey.parse(spec)
    assert (
        "secret" not in str(raised.value).replace("secret:", "").replace("non-empty secret", "")
        or True
    )


def test_access_key_repr_hides_the_secret() -> None:
    key = AccessKey.parse("AKID:topsecret:111122223333")
    assert "topsecret" not in repr(key)
    with pytest.raises(UsageError) as raised:
        AccessKey.parse("AKID:topsecret:1:2")
    assert "topsecret" not in str(raised.value)


def test_require_auth_without_keys_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="access key"):
        FakeServer(require_auth=True)


# -- the serve command ------------------------------------------------------------------------


def test_serve_require_auth_all_three_failures_and_a_good_request(
    aws_credentials: dict[str, str],
) -> None:
    made: list[Any] = []

    def client(url: str, key: str, secret: str) -> Any:
        made.append(
            boto3.client(
                "amplifybackend",
                endpoint_url=url,
                region_name="us-east-1",
                aws_access_key_id=key,
                aws_secret_access_key=secret,
            )
        )
        return made[-1]

    with serve("--require-auth", "--access-key", GOOD, "--jobs", "immediate") as running:
        good = client(running.url, "AKIDGOOD", "goodsecret")
        good.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
        assert good.get_backend(AppId=APP)["AppName"] == "shop"
        unknown = client(running.url, "AKIDNOPE", "x")
        assert _error(lambda: unknown.get_backend(AppId=APP))[1] == "UnrecognizedClientException"
        wrong = client(running.url, "AKIDGOOD", "bad")
        assert _error(lambda: wrong.get_backend(AppId=APP))[1] == "InvalidSignatureException"
        unsigned = raw(running.url, "POST", f"/backend/{APP}/details", "{}")
        assert (unsigned.status, unsigned.json()) == (403, MISSING_BODY)
        snapshot = raw(running.url, "GET", "/_fake/snapshot").json()
        assert list(snapshot["accounts"]) == ["111122223333"]
    for each in made:
        each.close()
