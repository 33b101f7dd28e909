"""The control API under ``/_fake/``: JSON in and out; bad input is a 400, never a 500."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.config import Config

from amplify_fakes.server import FakeServer
from tests.fake.operations._support import MIN_STORAGE
from tests.server._support import APP, ENV, raw

NO_RETRIES = Config(retries={"mode": "standard", "total_max_attempts": 1})


def post(server: FakeServer, path: str, value: Any = None) -> Any:
    """POST ``value`` as JSON to the control API and return the (200) JSON answer."""
    body = None if value is None else json.dumps(value)
    answer = raw(server.url, "POST", path, body, {"Content-Type": "application/json"})
    assert answer.status == 200, answer.body
    return answer.json()


def get(server: FakeServer, path: str) -> Any:
    """GET a control path and return the (200) JSON answer."""
    answer = raw(server.url, "GET", path)
    assert answer.status == 200, answer.body
    assert answer.headers["content-type"] == "application/json"
    return answer.json()


@pytest.fixture
def virtual(aws_credentials: dict[str, str]) -> Iterator[FakeServer]:
    """A FakeServer with a virtual clock and jobs that follow it."""
    with FakeServer(jobs="clock", clock="virtual", strict=True) as running:
        yield running
    running.check()


def test_index_lists_every_endpoint(server: FakeServer) -> None:
    index = get(server, "/_fake")
    paths = {(e["method"], e["path"]) for e in index["endpoints"]}
    assert ("POST", "/_fake/reset") in paths
    assert ("POST", "/_fake/clock/advance") in paths
    assert get(server, "/_fake/")["service"] == "amplifybackend"


def test_reset_forgets_state_calls_and_faults(server: FakeServer, http_client: Any) -> None:
    http_client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    post(server, "/_fake/faults", {"operation": "GetBackend", "error": "NotFoundException"})
    assert post(server, "/_fake/reset") == {"reset": True}
    assert server.fake.apps() == []
    assert get(server, "/_fake/calls") == {"calls": []}
    assert get(server, "/_fake/faults") == {"faults": []}


def test_snapshot_download_and_restore(server: FakeServer, http_client: Any) -> None:
    http_client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    snapshot = get(server, "/_fake/snapshot")
    assert snapshot == server.fake.snapshot()
    post(server, "/_fake/reset")
    assert post(server, "/_fake/restore", snapshot) == {"restored": True, "apps": [APP]}
    assert http_client.get_backend(AppId=APP)["AppName"] == "shop"


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "snapshot object"),
        (
            '{"format": "something-else", "version": 1, "accounts": {}}',
            "not an amplify-fakes snapshot",
        ),
        ("", "snapshot object"),
    ],
)
def test_a_bad_snapshot_is_a_400_and_changes_nothing(
    server: FakeServer, http_client: Any, body: str, fragment: str
) -> None:
    http_client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    answer = raw(server.url, "POST", "/_fake/restore", body)
    assert answer.status == 400
    assert answer.json()["error"] == "InvalidInput"
    assert fragment in answer.json()["message"]
    assert server.fake.apps() == [APP]


def test_fault_injection_add_list_remove_clear(server: FakeServer) -> None:
    client = server.client(config=NO_RETRIES)
    fault = post(
        server,
        "/_fake/faults",
        {"operation": "GetBackend", "error": "TooManyRequestsException", "times": 2},
    )
    assert fault["id"] >= 1
    assert fault["injected"] == 0
    with pytest.raises(client.exceptions.TooManyRequestsException):
        client.get_backend(AppId=APP)
    listed = get(server, "/_fake/faults")["faults"]
    assert [(f["id"], f["injected"]) for f in listed] == [(fault["id"], 1)]

    removed = raw(server.url, "DELETE", f"/_fake/faults/{fault['id']}")
    assert removed.json() == {"removed": fault["id"]}
    with pytest.raises(client.exceptions.NotFoundException):  # no fault: the app is missing
        client.get_backend(AppId=APP)
    assert raw(server.url, "DELETE", f"/_fake/faults/{fault['id']}").status == 404

    post(server, "/_fake/faults", {"operation": "*", "status": 504, "match": {"AppId": APP}})
    post(server, "/_fake/faults", {"operation": "GetBackend", "latency": 0.01, "times": None})
    assert raw(server.url, "DELETE", "/_fake/faults").json() == {"cleared": 2}
    assert len(server.fake.faults) == 0


def test_fail_next_job(server: FakeServer, http_client: Any) -> None:
    http_client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    post(
        server, "/_fake/faults/job-failure", {"operation": "CreateBackendStorage", "error": "boom"}
    )
    job = http_client.create_backend_storage(
        AppId=APP, BackendEnvironmentName=ENV, ResourceName="media", ResourceConfig=MIN_STORAGE
    )
    got = http_client.get_backend_job(AppId=APP, BackendEnvironmentName=ENV, JobId=job["JobId"])
    assert (got["Status"], got["Error"]) == ("FAILED", "boom")


def test_fail_next_job_with_no_error(server: FakeServer, http_client: Any) -> None:
    http_client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    post(server, "/_fake/faults/job-failure", {"operation": "CreateBackendStorage", "error": None})
    job = http_client.create_backend_storage(
        AppId=APP, BackendEnvironmentName=ENV, ResourceName="media", ResourceConfig=MIN_STORAGE
    )
    got = http_client.get_backend_job(AppId=APP, BackendEnvironmentName=ENV, JobId=job["JobId"])
    assert got["Status"] == "FAILED"
    assert "Error" not in got


BAD_FAULTS = [
    ({"error": "TooManyRequestsException"}, 'needs "operation"'),
    ({"operation": "GetBackendd", "error": "NotFoundException"}, "did you mean GetBackend"),
    ({"operation": "GetBackend"}, "needs an error"),
    ({"operation": "GetBackend", "error": "Teapot"}, "error must be one of"),
    ({"operation": "GetBackend", "status": 418}, "status must be one of"),
    ({"operation": "GetBackend", "error": "NotFoundException", "times": "two"}, "times must be"),
    ({"operation": "GetBackend", "error": "NotFoundException", "times": True}, "times must be"),
    ({"operation": "GetBackend", "error": "NotFoundException", "times": 0}, "times must be"),
    ({"operation": "GetBackend", "error": "NotFoundException", "colour": 1}, "unknown member"),
    ({"operation": "GetBackend", "latency": 1000}, "latency must be"),
    ({"operation": "GetBackend", "error": "NotFoundException", "probability": 2}, "probability"),
    ({"operation": "GetBackend", "error": "NotFoundException", "match": []}, "match must be"),
    ({"operation": 7, "error": "NotFoundException"}, "operation must be a string"),
    ([], "JSON object"),
]


@pytest.mark.parametrize(("value", "fragment"), BAD_FAULTS)
def test_bad_fault_input_is_a_clear_400(server: FakeServer, value: Any, fragment: str) -> None:
    answer = raw(server.url, "POST", "/_fake/faults", json.dumps(value))
    assert answer.status == 400, answer.body
    assert answer.json()["error"] == "InvalidInput"
    assert fragment in answer.json()["message"]
    assert len(server.fake.faults) == 0


@pytest.mark.parametrize(
    ("path", "value", "fragment"),
    [
        ("/_fake/faults/job-failure", {"operation": "GetBackend"}, "does not start jobs"),
        ("/_fake/faults/job-failure", {}, 'needs "operation"'),
        ("/_fake/clock/advance", {"seconds": -5}, "0 to"),
        ("/_fake/clock/advance", {"seconds": "soon"}, "seconds must be"),
        ("/_fake/clock/advance", {"seconds": 1e300}, "0 to"),
        ("/_fake/clock/advance", {}, '{"seconds": N}'),
        ("/_fake/reset", {"everything": True}, "unknown member"),
    ],
)
def test_other_bad_control_input_is_a_clear_400(
    server: FakeServer, path: str, value: Any, fragment: str
) -> None:
    answer = raw(server.url, "POST", path, json.dumps(value))
    assert answer.status == 400, answer.body
    assert fragment in answer.json()["message"]
    assert server.errors == []


def test_the_call_log_masks_secrets_and_filters(server: FakeServer, http_client: Any) -> None:
    http_client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    token = http_client.create_token(AppId=APP)
    assert token["ChallengeCode"] != "***"
    calls = get(server, "/_fake/calls")["calls"]
    assert [c["operation"] for c in calls] == ["CreateBackend", "CreateToken"]
    assert calls[1]["response"]["ChallengeCode"] == "***"
    assert calls[0]["params"] == {"AppId": APP, "AppName": "shop", "BackendEnvironmentName": ENV}
    assert {c["account"] for c in calls} == {"123456789012"}
    only = get(server, "/_fake/calls?operation=CreateToken")["calls"]
    assert [c["index"] for c in only] == [1]
    assert raw(server.url, "GET", "/_fake/calls?op=x").status == 400
    assert raw(server.url, "DELETE", "/_fake/calls").json() == {"cleared": 2}
    assert get(server, "/_fake/calls") == {"calls": []}


def test_clock_advance_moves_jobs_along(virtual: FakeServer) -> None:
    client = virtual.client()
    job = client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    before = get(virtual, "/_fake/clock")
    assert before["mode"] == "virtual"
    assert before["now"].endswith("Z")
    after = post(virtual, "/_fake/clock/advance", {"seconds": 60})
    assert after["time"] == before["time"] + 60
    assert post(virtual, "/_fake/clock/advance", 0.5)["time"] == before["time"] + 60.5
    got = client.get_backend_job(AppId=APP, BackendEnvironmentName=ENV, JobId=job["JobId"])
    assert got["Status"] == "COMPLETED"


def test_unknown_paths_and_wrong_methods(server: FakeServer) -> None:
    missing = raw(server.url, "GET", "/_fake/nothing-here")
    assert missing.status == 404
    assert missing.json()["error"] == "NotFound"
    assert "POST /_fake/reset" in missing.json()["message"]
    wrong = raw(server.url, "GET", "/_fake/reset")
    assert wrong.status == 405
    assert wrong.headers["allow"] == "POST"
    assert wrong.json()["error"] == "MethodNotAllowed"
    assert raw(server.url, "PUT", "/_fake/faults").headers["allow"] == "DELETE, GET, POST"
    assert raw(server.url, "DELETE", "/_fake/faults/abc").status == 404


def test_errors_endpoint_is_empty_without_defects(server: FakeServer) -> None:
    assert get(server, "/_fake/errors") == {"errors": []}


def test_head_on_a_get_endpoint_answers_its_headers_without_a_body(server: FakeServer) -> None:
    full = raw(server.url, "GET", "/_fake/calls")
    head = raw(server.url, "HEAD", "/_fake/calls")
    assert head.status == 200
    assert head.body == b""
    assert head.headers["content-type"] == "application/json"
    assert head.headers["content-length"] == str(len(full.body))
    assert raw(server.url, "HEAD", "/_fake/reset").status == 405
