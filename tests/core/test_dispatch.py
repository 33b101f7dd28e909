"""The core answered directly with WireRequests: malformed bodies, routes, identity."""

from __future__ import annotations

import json
import random
import uuid

import pytest

from amplify_fakes import AmplifyBackendFake
from amplify_fakes._core import dispatch
from amplify_fakes._core.wire import WireRequest, WireResponse
from amplify_fakes._fake import core_of

SIGNED = {
    "authorization": "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/eu-west-1/amplifybackend/aws4_request, "
    "SignedHeaders=host, Signature=abc"
}


def _post(
    fake: AmplifyBackendFake, path: str, body: bytes, headers: dict[str, str] | None = None
) -> WireResponse:
    return core_of(fake).handle(WireRequest("POST", path, headers or {}, body))


def _error(response: WireResponse) -> tuple[int, str, dict[str, object]]:
    return response.status, response.headers["x-amzn-ErrorType"], json.loads(response.body)


@pytest.fixture
def core_fake() -> AmplifyBackendFake:
    return AmplifyBackendFake(strict=True, jobs="immediate")


def test_success_has_json_and_a_request_id(core_fake: AmplifyBackendFake) -> None:
    body = json.dumps({"appId": "a1", "appName": "n", "backendEnvironmentName": "dev"}).encode()
    response = _post(core_fake, "/backend", body)
    assert response.status == 200
    assert response.headers["Content-Type"] == "application/json"
    request_id = uuid.UUID(response.headers["x-amzn-RequestId"])
    assert (request_id.version, request_id.variant) == (4, uuid.RFC_4122)
    assert str(request_id) == response.headers["x-amzn-RequestId"]
    answer = json.loads(response.body)
    assert answer["appId"] == "a1"
    # compact JSON, as the service writes it
    assert response.body == json.dumps(answer, separators=(",", ":")).encode()


def test_request_ids_differ_and_do_not_touch_the_global_random(
    core_fake: AmplifyBackendFake,
) -> None:
    random.seed(7)
    expected = [random.random() for _ in range(3)]
    random.seed(7)
    ids = {
        _post(core_fake, "/backend/nope/details", b"{}").headers["x-amzn-RequestId"]
        for _ in range(200)
    }
    assert len(ids) == 200
    assert [random.random() for _ in range(3)] == expected


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (b"{", "not valid JSON"),
        (b"\xff\xfe", "not UTF-8"),
        (b"[1, 2]", "expected a JSON object"),
        (b'{"appId": "a", "appId": "b"}', "duplicate member 'appId'"),
        (b"[" * 5000 + b"]" * 5000, "nested deeper than 64 levels"),
        (b'{"appId": ' + b"[" * 65 + b"]" * 65 + b"}", "nested deeper than 64 levels"),
    ],
)
def test_malformed_bodies_are_400(
    core_fake: AmplifyBackendFake, body: bytes, fragment: str
) -> None:
    status, code, error = _error(_post(core_fake, "/backend", body))
    assert (status, code) == (400, "BadRequestException")
    assert fragment in str(error["message"])
    assert core_fake.apps() == []


def test_a_body_member_repeating_a_path_parameter_is_400(core_fake: AmplifyBackendFake) -> None:
    status, _code, error = _error(_post(core_fake, "/backend/a1/details", b'{"appId": "other"}'))
    assert status == 400
    assert "appId is a path parameter" in str(error["message"])


def test_validation_errors_name_every_member(core_fake: AmplifyBackendFake) -> None:
    body = json.dumps({"maxResults": 99, "colour": "red"}).encode()
    status, _code, error = _error(_post(core_fake, "/backend/a1/job/dev", body))
    assert status == 400
    message = str(error["message"])
    assert "$.maxResults" in message
    assert "maximum" in message
    assert "$.colour" in message
    assert "additionalProperties" in message


def test_unknown_route_is_api_gateways_missing_authentication_token(
    core_fake: AmplifyBackendFake,
) -> None:
    status, code, error = _error(
        core_of(core_fake).handle(WireRequest("PUT", "/backend/a1/details"))
    )
    assert (status, code, error) == (
        403,
        "MissingAuthenticationTokenException",
        {"message": "Missing Authentication Token"},
    )


def test_empty_body_is_an_empty_object(core_fake: AmplifyBackendFake) -> None:
    status, _code, error = _error(_post(core_fake, "/backend/a1/details", b""))
    assert (status, error["resourceType"]) == (404, "App")


def test_region_and_access_key_come_from_the_credential_scope(
    core_fake: AmplifyBackendFake,
) -> None:
    body = json.dumps({"appId": "a1", "appName": "n", "backendEnvironmentName": "dev"}).encode()
    assert _post(core_fake, "/backend", body, SIGNED).status == 200
    assert core_fake.apps(region="eu-west-1") == ["a1"]
    assert core_fake.apps() == []
    core_fake.access_keys["AKIDEXAMPLE"] = "111122223333"
    assert _post(core_fake, "/backend/a1/details", b"", SIGNED).status == 404
    twelve = {"authorization": SIGNED["authorization"].replace("AKIDEXAMPLE", "444455556666")}
    assert _post(core_fake, "/backend", body, twelve).status == 200
    assert core_fake.apps(account_id="444455556666", region="eu-west-1") == ["a1"]


def test_a_long_authorization_header_is_read_like_a_short_one(
    core_fake: AmplifyBackendFake,
) -> None:
    long = {"authorization": SIGNED["authorization"] + ", X-Padding=" + "a" * 5000}
    body = json.dumps({"appId": "a1", "appName": "n", "backendEnvironmentName": "dev"}).encode()
    assert _post(core_fake, "/backend", body, long).status == 200
    assert _post(core_fake, "/backend/a1/details", b"", long).status == 200  # read again
    assert core_fake.apps(region="eu-west-1") == ["a1"]
    assert core_fake.calls[-1].region == "eu-west-1"


def test_a_bodyless_request_is_validated_every_time_it_is_invalid(
    core_fake: AmplifyBackendFake,
) -> None:
    # CreateBackendAuth needs a body: its path alone fails validation, every time
    for _ in range(3):
        status, _code, error = _error(_post(core_fake, "/backend/a1/auth", b""))
        assert status == 400
        assert "validation error" in str(error["message"])


def test_bodyless_requests_of_one_path_get_fresh_params(core_fake: AmplifyBackendFake) -> None:
    body = json.dumps({"appId": "a1", "appName": "n", "backendEnvironmentName": "dev"}).encode()
    created = json.loads(_post(core_fake, "/backend", body).body)
    path = f"/backend/a1/job/dev/{created['jobId']}"
    first, second = (core_of(core_fake).handle(WireRequest("GET", path)) for _ in range(2))
    assert first.status == second.status == 200
    assert json.loads(first.body) == json.loads(second.body)
    one, two = core_fake.calls[-2], core_fake.calls[-1]
    assert (
        one.params
        == two.params
        == {
            "AppId": "a1",
            "BackendEnvironmentName": "dev",
            "JobId": created["jobId"],
        }
    )
    assert one.params is not two.params
    one.params["AppId"] = "changed"
    assert core_of(core_fake).handle(WireRequest("GET", path)).status == 200
    assert core_fake.calls[-1].params["AppId"] == "a1"


def test_the_same_small_body_again_gets_fresh_nested_params(
    core_fake: AmplifyBackendFake,
) -> None:
    body = json.dumps({"appId": "a1", "appName": "n", "backendEnvironmentName": "dev"}).encode()
    assert _post(core_fake, "/backend", body).status == 200
    assert _post(core_fake, "/backend/a1/config", b"{}").status == 200
    config = json.dumps({"loginAuthConfig": {"aws_cognito_region": "eu-west-1"}}).encode()
    for _ in range(3):  # the second and third are answered from the remembered params
        assert _post(core_fake, "/backend/a1/config/update", config).status == 200
    two, three = core_fake.calls[-2], core_fake.calls[-1]
    assert two.params == three.params
    assert two.params["LoginAuthConfig"] is not three.params["LoginAuthConfig"]
    two.params["LoginAuthConfig"]["AwsCognitoRegion"] = "changed"
    three.params["LoginAuthConfig"]["AwsCognitoRegion"] = "changed too"
    assert _post(core_fake, "/backend/a1/config/update", config).status == 200
    assert core_fake.calls[-1].params["LoginAuthConfig"] == {"AwsCognitoRegion": "eu-west-1"}
    answer = json.loads(_post(core_fake, "/backend/a1/config/update", config).body)
    assert answer["loginAuthConfig"] == {"aws_cognito_region": "eu-west-1"}


def test_a_remembered_body_is_refused_again_once_it_is_invalid_for_the_state(
    core_fake: AmplifyBackendFake,
) -> None:
    # remembering a valid request skips only its parsing and validation, never the handler
    body = json.dumps({"appId": "a1", "appName": "n", "backendEnvironmentName": "dev"}).encode()
    assert _post(core_fake, "/backend", body).status == 200
    status, code, _error_body = _error(_post(core_fake, "/backend", body))
    assert (status, code) == (400, "BadRequestException")


def _take_the_long_way(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dispatch, "reader", lambda operation: None)


@pytest.mark.parametrize("path", ["one walk", "remembered", "long way"])
def test_the_call_log_and_the_state_never_share_a_config(
    core_fake: AmplifyBackendFake, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    # A handler keeps its params' config in the state; the call log has its own copy,
    # whichever way the request was read: changing either leaves the other as it was.
    if path == "long way":
        _take_the_long_way(monkeypatch)
    body = json.dumps({"appId": "a1", "appName": "n", "backendEnvironmentName": "dev"}).encode()
    assert _post(core_fake, "/backend", body).status == 200
    config = {"serviceName": "S3", "permissions": {"authenticated": ["READ"]}}
    create = json.dumps(
        {"backendEnvironmentName": "dev", "resourceName": "files", "resourceConfig": config}
    ).encode()
    remove = json.dumps({"resourceName": "files", "serviceName": "S3"}).encode()
    assert _post(core_fake, "/backend/a1/storage", create).status == 200
    if path == "remembered":  # the same small body again is answered from the memory
        assert _post(core_fake, "/backend/a1/storage/dev/remove", remove).status == 200
        assert _post(core_fake, "/backend/a1/storage", create).status == 200
    logged = core_fake.calls[-1].params["ResourceConfig"]
    # The handler named the bucket in its own tree, not in the logged one.
    assert logged == {"ServiceName": "S3", "Permissions": {"Authenticated": ["READ"]}}
    logged["Permissions"]["Authenticated"].append("DELETE")
    logged["ServiceName"] = "changed"
    described = _post(core_fake, "/backend/a1/storage/dev/details", b'{"resourceName": "files"}')
    stored = json.loads(described.body)["resourceConfig"]
    assert stored["permissions"] == {"authenticated": ["READ"]}
    assert stored["serviceName"] == "S3"
    assert "bucketName" in stored
