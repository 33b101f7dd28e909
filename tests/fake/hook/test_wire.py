"""Wire fidelity through botocore: modeled errors, request ids, unknown members, defects, threads.

Errors arrive as ``client.exceptions.<Name>`` with the HTTP status, ``Error.Code`` and
modeled members (``ResourceType``); a bug inside the fake is raised as
:class:`amplify_fakes.FakeDefectError` and never retried; one fake serves many threads.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from typing import Any

import pytest
from botocore.awsrequest import AWSResponse
from botocore.config import Config
from botocore.exceptions import ClientError

from amplify_fakes import AmplifyBackendFake, FakeDefectError
from amplify_fakes._service.handlers import HANDLERS
from tests.fake.hook._support import (
    APP,
    ENV,
    canned_response,
    error_code,
    status_of,
    via_boto3_client,
)


@pytest.fixture
def app(client: Any) -> str:
    """App ``APP`` with environment ``ENV``, created through the API."""
    client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    return APP


# -- modeled errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "resource_type"),
    [
        (lambda c: c.get_backend(AppId="d1missing"), "App"),
        (lambda c: c.get_backend(AppId=APP, BackendEnvironmentName="nope"), "BackendEnvironment"),
        (
            lambda c: c.get_backend_api(
                AppId=APP, BackendEnvironmentName=ENV, ResourceName="missing"
            ),
            "API",
        ),
        (
            lambda c: c.get_backend_auth(
                AppId=APP, BackendEnvironmentName=ENV, ResourceName="missing"
            ),
            "Auth",
        ),
        (
            lambda c: c.get_backend_storage(
                AppId=APP, BackendEnvironmentName=ENV, ResourceName="missing"
            ),
            "Storage",
        ),
        (
            lambda c: c.get_backend_job(
                AppId=APP, BackendEnvironmentName=ENV, JobId="00000000-0000-4000-8000-000000000000"
            ),
            "Job",
        ),
    ],
    ids=["app", "environment", "api", "auth", "storage", "job"],
)
def test_not_found_is_a_modeled_error(client: Any, app: str, call: Any, resource_type: str) -> None:
    with pytest.raises(client.exceptions.NotFoundException) as raised:
        call(client)
    response = raised.value.response
    assert error_code(raised.value) == "NotFoundException"
    assert status_of(response) == 404
    assert response["ResourceType"] == resource_type
    assert response["Error"]["Message"]
    assert response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-errortype"] == "NotFoundException"
    assert response["ResponseMetadata"]["RetryAttempts"] == 0


def test_bad_request_is_a_modeled_error(client: Any, app: str) -> None:
    with pytest.raises(client.exceptions.BadRequestException) as raised:
        client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    assert error_code(raised.value) == "BadRequestException"
    assert status_of(raised.value.response) == 400
    assert ENV in raised.value.response["Error"]["Message"]


def test_modeled_errors_are_client_errors(client: Any) -> None:
    from botocore.exceptions import ClientError

    with pytest.raises(ClientError) as raised:
        client.get_backend(AppId="d1missing")
    assert isinstance(raised.value, client.exceptions.NotFoundException)
    assert "GetBackend" in str(raised.value)


# -- request ids ---------------------------------------------------------------------------------


def test_every_response_carries_a_request_id(client: Any, app: str) -> None:
    ids: list[str] = []
    for _ in range(3):
        response = client.get_backend(AppId=APP)
        headers = response["ResponseMetadata"]["HTTPHeaders"]
        assert headers["x-amzn-requestid"]
        assert response["ResponseMetadata"]["RequestId"] == headers["x-amzn-requestid"]
        assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
        assert headers["content-type"] == "application/json"
        ids.append(headers["x-amzn-requestid"])
    with pytest.raises(client.exceptions.NotFoundException) as raised:
        client.get_backend(AppId="d1missing")
    metadata = raised.value.response["ResponseMetadata"]
    assert metadata["HTTPHeaders"]["x-amzn-requestid"] == metadata["RequestId"]
    ids.append(metadata["RequestId"])
    assert len(set(ids)) == len(ids)


# -- unknown members -----------------------------------------------------------------------------


def _inject(client: Any, operation: str, extra: dict[str, Any]) -> None:
    """Add members to the serialized JSON body, as an SDK from a newer model would."""

    def add_members(params: dict[str, Any], **_: Any) -> None:
        body = json.loads(params["body"] or b"{}")
        body.update(extra)
        params["body"] = json.dumps(body).encode()

    client.meta.events.register(f"before-call.amplifybackend.{operation}", add_members)


def test_an_unknown_member_is_a_bad_request_naming_it(fake: AmplifyBackendFake) -> None:
    client = via_boto3_client("us-east-1", config=Config(parameter_validation=False))
    _inject(client, "CreateBackend", {"colour": "red"})
    with pytest.raises(client.exceptions.BadRequestException) as raised:
        client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    assert status_of(raised.value.response) == 400
    assert "colour" in raised.value.response["Error"]["Message"]
    assert fake.apps() == []  # nothing was created


def test_an_unknown_nested_member_is_a_bad_request_naming_it(fake: AmplifyBackendFake) -> None:
    fake.add_backend(APP, ENV)
    client = via_boto3_client("us-east-1", config=Config(parameter_validation=False))
    _inject(client, "CreateBackendAPI", {"resourceConfig": {"apiName": "x", "flavour": "mint"}})
    with pytest.raises(client.exceptions.BadRequestException) as raised:
        client.create_backend_api(
            AppId=APP, BackendEnvironmentName=ENV, ResourceName="api", ResourceConfig={}
        )
    assert "flavour" in raised.value.response["Error"]["Message"]
    assert fake.backend(APP, ENV)["Api"] == {}


def test_a_wrongly_typed_member_is_a_bad_request(fake: AmplifyBackendFake) -> None:
    client = via_boto3_client("us-east-1", config=Config(parameter_validation=False))
    with pytest.raises(client.exceptions.BadRequestException) as raised:
        client.create_backend(AppId=APP, AppName=["not", "a", "string"], BackendEnvironmentName=ENV)
    assert "appName" in raised.value.response["Error"]["Message"]


# -- defects -------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["legacy", "standard", "adaptive"])
def test_a_defect_is_raised_and_not_retried(
    fake: AmplifyBackendFake, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    calls: list[dict[str, Any]] = []

    def broken(ctx: Any, params: dict[str, Any]) -> dict[str, Any]:
        calls.append(params)
        return {"never": 1 // 0}

    monkeypatch.setitem(HANDLERS, "GetBackend", broken)
    client = via_boto3_client(
        "us-east-1", config=Config(retries={"mode": mode, "total_max_attempts": 5})
    )
    with pytest.raises(FakeDefectError) as raised:
        client.get_backend(AppId=APP)
    defect = raised.value
    assert defect.operation == "GetBackend"
    assert "GetBackend" in str(defect)
    assert "ZeroDivisionError" in str(defect)
    assert isinstance(defect.__cause__, ZeroDivisionError)
    assert isinstance(defect, RuntimeError)
    assert len(calls) == 1  # not retried
    assert calls[0]["AppId"] == APP


def test_other_operations_work_after_a_defect(
    fake: AmplifyBackendFake, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(ctx: Any, params: dict[str, Any]) -> dict[str, Any]:
        raise ZeroDivisionError("broken on purpose")

    monkeypatch.setitem(HANDLERS, "GetBackendAPI", broken)
    client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    with pytest.raises(FakeDefectError, match="GetBackendAPI"):
        client.get_backend_api(AppId=APP, BackendEnvironmentName=ENV, ResourceName="x")
    assert client.get_backend(AppId=APP)["AppId"] == APP


# -- other before-send handlers -----------------------------------------------------------------


def test_a_request_another_handler_answers_is_not_acted_on(fake: AmplifyBackendFake) -> None:
    """botocore calls every before-send handler and uses the first answer: one registered
    for the operation comes first, and the fake then neither creates nor logs anything."""
    client = via_boto3_client("us-east-1", config=Config(retries={"total_max_attempts": 1}))
    seen: list[str] = []

    def outage(request: Any, **_: Any) -> AWSResponse:
        seen.append(request.url)
        body = b'{"message": "down for maintenance"}'
        headers = {"x-amzn-ErrorType": "GatewayTimeoutException"}
        return canned_response(request.url, 504, headers, body)

    client.meta.events.register("before-send.amplifybackend.CreateBackend", outage)
    with pytest.raises(ClientError) as raised:
        client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    assert raised.value.response["Error"]["Code"] == "GatewayTimeoutException"
    assert len(seen) == 1
    assert fake.apps() == []
    assert len(fake.calls) == 0
    client.meta.events.unregister("before-send.amplifybackend.CreateBackend", outage)
    client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    assert fake.apps() == [APP]
    assert [c.operation for c in fake.calls] == ["CreateBackend"]


def test_a_generic_before_send_handler_after_the_fake_sees_the_request(
    fake: AmplifyBackendFake,
) -> None:
    client = via_boto3_client("us-east-1")
    urls: list[str] = []
    client.meta.events.register("before-send", lambda request, **_: urls.append(request.url))
    client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    assert urls == ["https://amplifybackend.us-east-1.amazonaws.com/backend"]
    assert fake.apps() == [APP]


# -- threads -------------------------------------------------------------------------------------

THREADS = 8
CALLS = 50


def test_one_fake_serves_many_threads(fake: AmplifyBackendFake) -> None:
    fake.add_backend(APP, ENV)
    clients = [via_boto3_client("us-east-1") for _ in range(THREADS)]
    errors: list[BaseException] = []
    job_ids: list[list[str]] = [[] for _ in range(THREADS)]
    start = threading.Barrier(THREADS)

    def work(worker: int) -> None:
        client = clients[worker]
        try:
            start.wait(timeout=30)
            for index in range(CALLS):
                name = f"t{worker}n{index}"
                response = client.create_backend_api(
                    AppId=APP,
                    BackendEnvironmentName=ENV,
                    ResourceName=name,
                    ResourceConfig={"ApiName": name},
                )
                job_ids[worker].append(response["JobId"])
                got = client.get_backend_api(
                    AppId=APP, BackendEnvironmentName=ENV, ResourceName=name
                )
                assert got["ResourceConfig"]["ApiName"] == name
        except BaseException as exc:  # collected and asserted on below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []

    expected_names = {f"t{w}n{i}" for w in range(THREADS) for i in range(CALLS)}
    assert set(fake.backend(APP, ENV)["Api"]) == expected_names

    created = [job_id for per_thread in job_ids for job_id in per_thread]
    assert len(created) == THREADS * CALLS
    assert len(set(created)) == len(created)

    listed: list[str] = []
    paginator = clients[0].get_paginator("list_backend_jobs")
    for page in paginator.paginate(AppId=APP, BackendEnvironmentName=ENV):
        listed.extend(job["JobId"] for job in page["Jobs"])
    counts = Counter(listed)
    assert set(counts) == set(created)
    assert max(counts.values()) == 1
    # Each thread's jobs appear in the order that thread created them.
    position = {job_id: i for i, job_id in enumerate(listed)}
    for per_thread in job_ids:
        assert [position[j] for j in per_thread] == sorted(position[j] for j in per_thread)


def test_a_slow_answer_does_not_hold_another_threads_request(fake: AmplifyBackendFake) -> None:
    # An injected latency is slept outside the fake's lock, and the door must not hold a
    # lock across an answer either (functools.cached_property on the answer would, before
    # Python 3.12: the quick request would wait for the slow one).
    fake.add_backend(APP, ENV)
    fake.faults.add("ListS3Buckets", latency=1.0)
    slow_client, quick_client = via_boto3_client("us-east-1"), via_boto3_client("us-east-1")
    finished: list[str] = []
    started = threading.Event()

    def slow() -> None:
        started.set()
        slow_client.list_s3_buckets()
        finished.append("slow")

    thread = threading.Thread(target=slow)
    thread.start()
    assert started.wait(timeout=10)
    time.sleep(0.25)  # the slow request is in its latency by now
    quick_client.get_backend(AppId=APP, BackendEnvironmentName=ENV)
    finished.append("quick")
    thread.join(timeout=30)
    assert finished == ["quick", "slow"]


# -- path parameters -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("app_id", "environment"),
    [
        ("d1 app", "dev env"),
        ("d1/app", "dev/env"),
        ("d1%2Fapp", "dev%20env"),
        ("dé1", "prodé"),
        ("a+b", "x?y#z"),
    ],
)
def test_path_parameters_round_trip_escaping(
    fake: AmplifyBackendFake, client: Any, app_id: str, environment: str
) -> None:
    client.create_backend(AppId=app_id, AppName="shop", BackendEnvironmentName=environment)
    got = client.get_backend(AppId=app_id, BackendEnvironmentName=environment)
    assert (got["AppId"], got["BackendEnvironmentName"]) == (app_id, environment)
    jobs = client.list_backend_jobs(AppId=app_id, BackendEnvironmentName=environment)["Jobs"]
    assert [job["Operation"] for job in jobs] == ["CreateBackend"]
    assert fake.apps() == [app_id]
