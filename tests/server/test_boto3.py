"""boto3 with ``endpoint_url``: the full cycle over HTTP, the ``/prod`` prefix, both doors agree."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest

from amplify_fakes import mock_amplifybackend
from amplify_fakes.server import FakeServer
from tests.fake.operations._support import MIN_STORAGE
from tests.server._support import APP, ENV, raw


def test_full_cycle_create_get_update_list_jobs_delete(
    server: FakeServer, http_client: Any
) -> None:
    where = {"AppId": APP, "BackendEnvironmentName": ENV}
    created = http_client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    assert created["Status"] == "COMPLETED"
    http_client.create_backend_storage(
        **where, ResourceName="media", ResourceConfig=dict(MIN_STORAGE)
    )

    assert http_client.get_backend(AppId=APP)["AppName"] == "shop"
    got = http_client.get_backend_storage(**where, ResourceName="media")["ResourceConfig"]
    assert got["Permissions"] == {"Authenticated": ["READ"]}

    update = {"ServiceName": "S3", "Permissions": {"Authenticated": ["READ", "DELETE"]}}
    http_client.update_backend_storage(**where, ResourceName="media", ResourceConfig=update)
    got = http_client.get_backend_storage(**where, ResourceName="media")["ResourceConfig"]
    assert got["Permissions"]["Authenticated"] == ["READ", "DELETE"]

    jobs = http_client.list_backend_jobs(**where)["Jobs"]
    assert [job["Operation"] for job in jobs] == [
        "CreateBackend",
        "CreateBackendStorage",
        "UpdateBackendStorage",
    ]
    assert {job["Status"] for job in jobs} == {"COMPLETED"}

    http_client.delete_backend_storage(**where, ResourceName="media", ServiceName="S3")
    http_client.delete_backend(**where)
    with pytest.raises(http_client.exceptions.NotFoundException) as missing:
        http_client.get_backend(AppId=APP, BackendEnvironmentName=ENV)
    assert missing.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert server.fake.calls[-1].operation == "GetBackend"


def test_paginator_and_modeled_errors_over_http(http_client: Any) -> None:
    http_client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    for name in ("a", "b", "c"):
        http_client.create_backend_storage(
            AppId=APP, BackendEnvironmentName=ENV, ResourceName=name, ResourceConfig=MIN_STORAGE
        )
    pages = http_client.get_paginator("list_backend_jobs").paginate(
        AppId=APP, BackendEnvironmentName=ENV, PaginationConfig={"PageSize": 2}
    )
    assert [len(page["Jobs"]) for page in pages] == [2, 2]
    with pytest.raises(http_client.exceptions.BadRequestException):
        http_client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)


def test_percent_encoded_path_parameters_round_trip(server: FakeServer, http_client: Any) -> None:
    http_client.create_backend(AppId="a/b c", AppName="odd", BackendEnvironmentName=ENV)
    assert http_client.get_backend(AppId="a/b c")["AppName"] == "odd"
    assert server.fake.apps() == ["a/b c"]


def test_the_prod_stage_prefix_answers_too(server: FakeServer) -> None:
    client = server.client(endpoint_url=server.url + "/prod")
    client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    assert client.get_backend(AppId=APP)["AppName"] == "shop"
    answer = raw(server.url, "POST", f"/prod/backend/{APP}/details", "{}")
    assert answer.status == 200
    assert answer.json()["appName"] == "shop"
    assert [c.operation for c in server.fake.calls] == ["CreateBackend", "GetBackend", "GetBackend"]


def test_unknown_path_is_api_gateways_missing_authentication_token(
    server: FakeServer, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("WARNING", logger="amplify_fakes"):
        answer = raw(server.url, "GET", "/no/such/operation")
    assert answer.status == 403
    assert answer.headers["x-amzn-errortype"] == "MissingAuthenticationTokenException"
    assert answer.json() == {"message": "Missing Authentication Token"}
    # the hint is for the developer, in the log: what was asked, and what to check
    assert "no amplifybackend operation at 'GET' '/no/such/operation'" in caplog.text


def test_state_is_per_account_and_region(server: FakeServer) -> None:
    first = server.client(region_name="us-east-1", aws_access_key_id="111122223333")
    second = server.client(region_name="us-east-1", aws_access_key_id="444455556666")
    elsewhere = server.client(region_name="eu-west-1", aws_access_key_id="111122223333")
    first.create_backend(AppId=APP, AppName="mine", BackendEnvironmentName=ENV)
    with pytest.raises(second.exceptions.NotFoundException):
        second.get_backend(AppId=APP)
    with pytest.raises(elsewhere.exceptions.NotFoundException):
        elsewhere.get_backend(AppId=APP)
    assert server.fake.apps(account_id="111122223333") == [APP]
    assert server.fake.apps() == []


def _scenario(client: Any) -> None:
    client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    client.create_backend_storage(
        AppId=APP, BackendEnvironmentName=ENV, ResourceName="media", ResourceConfig=MIN_STORAGE
    )
    client.get_backend(AppId=APP)
    client.list_backend_jobs(AppId=APP, BackendEnvironmentName=ENV)
    client.create_token(AppId=APP)
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_backend(AppId="d1missing")


def _bodies(client: Any) -> list[tuple[int, str, bytes]]:
    """Capture every raw response the client receives: status, error type, body bytes."""
    seen: list[tuple[int, str, bytes]] = []

    def capture(response_dict: dict[str, Any], **_: Any) -> None:
        error_type = response_dict["headers"].get("x-amzn-ErrorType", "")
        seen.append((response_dict["status_code"], error_type, response_dict["body"]))

    client.meta.events.register("before-parse.amplifybackend", capture)
    return seen


def test_hook_and_http_give_byte_identical_bodies(aws_credentials: dict[str, str]) -> None:
    options: dict[str, Any] = {"jobs": "clock", "clock": "virtual", "strict": True}
    options["one_pending_job"] = False  # the scenario starts jobs back to back
    with FakeServer(**options) as server:
        server.fake.seed_ids(7)
        over_http = server.client(region_name="us-east-1")
        http_bodies = _bodies(over_http)
        _scenario(over_http)
        server.check()
    with mock_amplifybackend(**options) as fake:
        fake.seed_ids(7)
        in_process = boto3.client("amplifybackend", region_name="us-east-1")
        hook_bodies = _bodies(in_process)
        _scenario(in_process)
    assert len(http_bodies) == len(hook_bodies) == 6
    assert http_bodies == hook_bodies
    assert json.loads(http_bodies[0][2])["jobId"]  # real content, not two empty answers


def test_a_fake_can_be_shared_with_mock_amplifybackend(aws_credentials: dict[str, str]) -> None:
    with mock_amplifybackend(jobs="immediate") as fake, FakeServer(fake=fake) as server:
        in_process = boto3.client("amplifybackend", region_name="us-east-1")
        in_process.create_backend(AppId=APP, AppName="shared", BackendEnvironmentName=ENV)
        # While the mock is active it answers boto3 in-process, so read over raw HTTP.
        answer = raw(server.url, "POST", f"/backend/{APP}/details", "{}")
        assert answer.json()["appName"] == "shared"
        assert server.fake is fake
