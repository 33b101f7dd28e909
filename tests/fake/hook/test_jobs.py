"""Job lifecycle through a boto3 client: IN_PROGRESS until the clock passes the duration.

With ``jobs="clock", clock="virtual"`` (fixture ``clock_fake``) a job finishes only when
the fake's clock is advanced past :data:`amplify_fakes._service.jobs.DEFAULT_DURATION`;
with ``jobs="immediate"`` (fixture ``fake``) it is COMPLETED at once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from amplify_fakes import AmplifyBackendFake
from amplify_fakes._service import jobs
from amplify_fakes._service.jobs import DEFAULT_DURATION
from tests.fake.hook._support import APP, ENV, via_boto3_client


def _when(stamp: str) -> dt.datetime:
    return dt.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%f%z")


def _job(client: Any, job_id: str) -> dict[str, Any]:
    job: dict[str, Any] = client.get_backend_job(
        AppId=APP, BackendEnvironmentName=ENV, JobId=job_id
    )
    return job


def _listed(client: Any, job_id: str) -> dict[str, Any]:
    found = client.list_backend_jobs(AppId=APP, BackendEnvironmentName=ENV, JobId=job_id)["Jobs"]
    assert len(found) == 1
    job: dict[str, Any] = found[0]
    return job


@pytest.fixture
def clock_client(clock_fake: AmplifyBackendFake) -> Any:
    return via_boto3_client("us-east-1")


def test_terminal_statuses() -> None:
    assert frozenset({"COMPLETED", "FAILED"}) == jobs.TERMINAL
    assert DEFAULT_DURATION > 0


def test_clock_job_completes_only_after_its_duration(
    clock_fake: AmplifyBackendFake, clock_client: Any
) -> None:
    started = clock_client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    assert started["Status"] == "IN_PROGRESS"
    assert started["Operation"] == "CreateBackend"
    job_id = started["JobId"]
    first = _job(clock_client, job_id)
    assert first["Status"] == "IN_PROGRESS"
    assert first["CreateTime"] == first["UpdateTime"]

    clock_fake.clock.advance(DEFAULT_DURATION / 2)
    assert _job(clock_client, job_id)["Status"] == "IN_PROGRESS"
    assert _listed(clock_client, job_id)["Status"] == "IN_PROGRESS"
    assert clock_fake.jobs(APP, ENV)[0]["Status"] == "IN_PROGRESS"

    clock_fake.clock.advance(DEFAULT_DURATION / 2 - 0.25)  # still 0.25 s short
    assert _job(clock_client, job_id)["Status"] == "IN_PROGRESS"

    clock_fake.clock.advance(0.25)  # exactly the duration
    done = _job(clock_client, job_id)
    assert done["Status"] == "COMPLETED"
    assert done["CreateTime"] == first["CreateTime"]
    elapsed = _when(done["UpdateTime"]) - _when(done["CreateTime"])
    assert elapsed == dt.timedelta(seconds=DEFAULT_DURATION)
    assert _listed(clock_client, job_id)["Status"] == "COMPLETED"


def test_completed_job_stays_completed_and_update_time_is_the_completion(
    clock_fake: AmplifyBackendFake, clock_client: Any
) -> None:
    job_id = clock_client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)[
        "JobId"
    ]
    created = _job(clock_client, job_id)["CreateTime"]
    clock_fake.clock.advance(DEFAULT_DURATION * 100)
    # Observed long after it finished: UpdateTime is when it finished, not when observed.
    late = _job(clock_client, job_id)
    assert late["Status"] == "COMPLETED"
    assert late["CreateTime"] == created
    assert _when(late["UpdateTime"]) - _when(created) == dt.timedelta(seconds=DEFAULT_DURATION)
    clock_fake.clock.advance(3600)
    again = _job(clock_client, job_id)
    assert (again["Status"], again["CreateTime"], again["UpdateTime"]) == (
        late["Status"],
        late["CreateTime"],
        late["UpdateTime"],
    )


def test_each_job_follows_its_own_start_time(
    clock_fake: AmplifyBackendFake, clock_client: Any
) -> None:
    clock_fake.one_pending_job = False  # two jobs of one environment running at once
    clock_fake.add_backend(APP, ENV)
    first = clock_client.create_backend_api(
        AppId=APP, BackendEnvironmentName=ENV, ResourceName="first", ResourceConfig={}
    )["JobId"]
    clock_fake.clock.advance(DEFAULT_DURATION - 1)
    second = clock_client.create_backend_api(
        AppId=APP, BackendEnvironmentName=ENV, ResourceName="second", ResourceConfig={}
    )["JobId"]
    clock_fake.clock.advance(1)
    assert _job(clock_client, first)["Status"] == "COMPLETED"
    assert _job(clock_client, second)["Status"] == "IN_PROGRESS"
    listed = clock_client.list_backend_jobs(AppId=APP, BackendEnvironmentName=ENV)["Jobs"]
    assert [(j["JobId"], j["Status"]) for j in listed] == [
        (first, "COMPLETED"),
        (second, "IN_PROGRESS"),
    ]
    in_progress = clock_client.list_backend_jobs(
        AppId=APP, BackendEnvironmentName=ENV, Status="IN_PROGRESS"
    )["Jobs"]
    assert [j["JobId"] for j in in_progress] == [second]
    clock_fake.clock.advance(DEFAULT_DURATION)
    assert _job(clock_client, second)["Status"] == "COMPLETED"


def test_a_failing_job_ends_failed_after_its_duration(
    clock_fake: AmplifyBackendFake, clock_client: Any
) -> None:
    clock_fake.add_backend(APP, ENV)
    clock_fake.settings.job_failures["CreateBackendAPI"] = ["stack rollback"]
    job_id = clock_client.create_backend_api(
        AppId=APP, BackendEnvironmentName=ENV, ResourceName="api", ResourceConfig={}
    )["JobId"]
    assert _job(clock_client, job_id)["Status"] == "IN_PROGRESS"
    clock_fake.clock.advance(DEFAULT_DURATION)
    failed = _job(clock_client, job_id)
    assert failed["Status"] == "FAILED"
    assert failed["Error"] == "stack rollback"
    clock_fake.clock.advance(DEFAULT_DURATION * 10)
    assert _job(clock_client, job_id)["Status"] == "FAILED"
    # Only the next job of that operation fails.
    other = clock_client.create_backend_api(
        AppId=APP, BackendEnvironmentName=ENV, ResourceName="api2", ResourceConfig={}
    )["JobId"]
    clock_fake.clock.advance(DEFAULT_DURATION)
    assert _job(clock_client, other)["Status"] == "COMPLETED"


def test_a_status_set_by_hand_is_not_advanced(
    clock_fake: AmplifyBackendFake, clock_client: Any
) -> None:
    job_id = clock_client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)[
        "JobId"
    ]
    clock_fake.clock.advance(1)
    updated = clock_client.update_backend_job(
        AppId=APP, BackendEnvironmentName=ENV, JobId=job_id, Status="FAILED"
    )
    assert updated["Status"] == "FAILED"
    assert _when(updated["UpdateTime"]) - _when(updated["CreateTime"]) == dt.timedelta(seconds=1)
    clock_fake.clock.advance(DEFAULT_DURATION * 2)
    assert _job(clock_client, job_id)["Status"] == "FAILED"


def test_immediate_jobs_are_completed_at_once(fake: AmplifyBackendFake, client: Any) -> None:
    started = client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    assert started["Status"] == "COMPLETED"
    job = _job(client, started["JobId"])
    assert job["Status"] == "COMPLETED"
    assert job["CreateTime"] == job["UpdateTime"]
    api = client.create_backend_api(
        AppId=APP, BackendEnvironmentName=ENV, ResourceName="api", ResourceConfig={}
    )
    assert api["Status"] == "COMPLETED"
    assert [j["Status"] for j in fake.jobs(APP, ENV)] == ["COMPLETED", "COMPLETED"]


def test_unknown_job_is_not_found(fake: AmplifyBackendFake, client: Any) -> None:
    fake.add_backend(APP, ENV)
    with pytest.raises(client.exceptions.NotFoundException) as raised:
        _job(client, "00000000-0000-4000-8000-000000000000")
    assert raised.value.response["ResourceType"] == "Job"
