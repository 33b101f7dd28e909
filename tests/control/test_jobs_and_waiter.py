"""``faults.fail_next_job`` and the ``backend_job_completed`` waiter on a virtual clock."""

from __future__ import annotations

import time
from typing import Any

import botocore.endpoint
import botocore.waiter
import pytest
from botocore.exceptions import WaiterError
from botocore.waiter import Waiter

from amplify_fakes import AmplifyBackendFake, UnknownOperationError, UsageError, mock_amplifybackend
from amplify_fakes.waiters import backend_job_completed
from tests.control._support import APP, ENV, client, config, make_backend, where
from tests.fake.operations._support import MIN_API

JOB_OPERATIONS = [
    "CloneBackend",
    "CreateBackend",
    "CreateBackendAPI",
    "CreateBackendAuth",
    "CreateBackendConfig",
    "CreateBackendStorage",
    "DeleteBackend",
    "DeleteBackendAPI",
    "DeleteBackendAuth",
    "DeleteBackendStorage",
    "GenerateBackendAPIModels",
    "ImportBackendAuth",
    "ImportBackendStorage",
    "RemoveAllBackends",
    "UpdateBackendAPI",
    "UpdateBackendAuth",
    "UpdateBackendStorage",
]
NO_JOB_OPERATIONS = [
    "GetBackend",
    "GetBackendAPI",
    "GetBackendAPIModels",
    "GetBackendAuth",
    "GetBackendStorage",
    "ListBackendJobs",
    "ListS3Buckets",
    "CreateToken",
    "GetToken",
    "DeleteToken",
    "UpdateBackendConfig",
    "RemoveBackendConfig",
    # These two answer with a JobId, but only echo an existing job: they start none.
    "GetBackendJob",
    "UpdateBackendJob",
]


def _create_api(c: Any, name: str = "shopapi") -> dict[str, Any]:
    return dict(c.create_backend_api(**where(ResourceName=name, ResourceConfig=config(MIN_API))))


# -- fail_next_job -------------------------------------------------------------------------


def test_fail_next_job_with_immediate_jobs(vfake: AmplifyBackendFake, vclient: Any) -> None:
    make_backend(vclient)
    vfake.faults.fail_next_job("CreateBackendAPI", error="CloudFormation stack rolled back")
    started = _create_api(vclient)
    job = vclient.get_backend_job(**where(JobId=started["JobId"]))
    assert job["Status"] == "FAILED"
    assert job["Error"] == "CloudFormation stack rolled back"
    # Only the next job fails.
    second = vclient.get_backend_job(**where(JobId=_create_api(vclient, "other")["JobId"]))
    assert second["Status"] == "COMPLETED"
    assert "Error" not in second
    # The call itself succeeded and the resource exists: only the job failed.
    assert set(vfake.backend(APP, ENV)["Api"]) == {"shopapi", "other"}
    listed = {j["JobId"]: j for j in vclient.list_backend_jobs(**where())["Jobs"]}
    assert listed[started["JobId"]]["Status"] == "FAILED"


def test_fail_next_job_with_clock_jobs_fails_once_the_clock_passes() -> None:
    with mock_amplifybackend(strict=True, jobs="clock", clock="virtual") as fake:
        c = client()
        fake.faults.fail_next_job("CreateBackend", error="boom")
        job_id = make_backend(c)["JobId"]
        job = c.get_backend_job(**where(JobId=job_id))
        assert job["Status"] == "IN_PROGRESS"
        assert "Error" not in job
        fake.clock.advance(5)
        job = c.get_backend_job(**where(JobId=job_id))
        assert job["Status"] == "FAILED"
        assert job["Error"] == "boom"


def test_fail_next_job_can_fail_with_no_error_at_all(
    vfake: AmplifyBackendFake, vclient: Any
) -> None:
    """Real Studio shows such a job as one that "failed with no error message"."""
    make_backend(vclient)
    vfake.faults.fail_next_job("CreateBackendAPI", error=None)
    vfake.faults.fail_next_job("CreateBackendAPI", error="with words")
    silent = vclient.get_backend_job(**where(JobId=_create_api(vclient)["JobId"]))
    worded = vclient.get_backend_job(**where(JobId=_create_api(vclient, "other")["JobId"]))

    assert silent["Status"] == "FAILED"
    assert "Error" not in silent
    assert (worded["Status"], worded["Error"]) == ("FAILED", "with words")
    document = vfake.snapshot()  # and a snapshot keeps the difference
    with mock_amplifybackend(strict=True, jobs="immediate", state=document):
        again = {j["JobId"]: j for j in client().list_backend_jobs(**where())["Jobs"]}
    assert "Error" not in again[silent["JobId"]]
    assert again[silent["JobId"]]["Status"] == "FAILED"


def test_fail_next_job_queues_in_order(vfake: AmplifyBackendFake, vclient: Any) -> None:
    make_backend(vclient)
    vfake.faults.fail_next_job("CreateBackendAPI", error="first")
    vfake.faults.fail_next_job("CreateBackendAPI", error="second")
    errors = [
        vclient.get_backend_job(**where(JobId=_create_api(vclient, name)["JobId"])).get("Error")
        for name in ("a", "b", "c")
    ]
    assert errors == ["first", "second", None]


def test_fail_next_job_waits_for_a_call_that_starts_a_job(
    vfake: AmplifyBackendFake, vclient: Any
) -> None:
    make_backend(vclient)
    vfake.faults.fail_next_job("CreateBackendAPI", error="late")
    vfake.faults.add("CreateBackendAPI", error="BadRequestException")
    with pytest.raises(vclient.exceptions.BadRequestException):
        _create_api(vclient)
    job = vclient.get_backend_job(**where(JobId=_create_api(vclient)["JobId"]))
    assert job["Error"] == "late"


def test_fail_next_job_for_an_app_level_job(vfake: AmplifyBackendFake, vclient: Any) -> None:
    make_backend(vclient)
    vfake.faults.fail_next_job("CreateBackendConfig", error="config failed")
    job_id = vclient.create_backend_config(AppId=APP)["JobId"]
    job = vclient.get_backend_job(**where(JobId=job_id))
    assert (job["Status"], job["Error"]) == ("FAILED", "config failed")


@pytest.mark.parametrize("operation", JOB_OPERATIONS)
def test_fail_next_job_accepts_operations_that_start_jobs(
    vfake: AmplifyBackendFake, operation: str
) -> None:
    vfake.faults.fail_next_job(operation, error="x")


@pytest.mark.parametrize("operation", NO_JOB_OPERATIONS)
def test_fail_next_job_rejects_operations_that_start_no_job(
    vfake: AmplifyBackendFake, operation: str
) -> None:
    with pytest.raises(UsageError):
        vfake.faults.fail_next_job(operation, error="never happens")


def test_fail_next_job_rejects_unknown_operations(vfake: AmplifyBackendFake) -> None:
    with pytest.raises(UnknownOperationError) as info:
        vfake.faults.fail_next_job("CreateBackendApi")
    assert "CreateBackendAPI" in info.value.suggestions


def test_clear_forgets_pending_job_failures(vfake: AmplifyBackendFake, vclient: Any) -> None:
    make_backend(vclient)
    vfake.faults.fail_next_job("CreateBackendAPI", error="gone")
    vfake.faults.clear()
    job = vclient.get_backend_job(**where(JobId=_create_api(vclient)["JobId"]))
    assert job["Status"] == "COMPLETED"


# -- the waiter ----------------------------------------------------------------------------


def test_waiter_is_a_botocore_waiter(vclient: Any) -> None:
    waiter = backend_job_completed(vclient)
    assert isinstance(waiter, Waiter)
    assert waiter.config.operation == "GetBackendJob"


def test_waiter_returns_at_once_for_a_completed_job(vfake: AmplifyBackendFake) -> None:
    c = client()
    job_id = make_backend(c)["JobId"]
    assert backend_job_completed(c).wait(**where(JobId=job_id)) is None
    assert len(vfake.calls.of("GetBackendJob")) == 1


def test_waiting_for_a_five_minute_job_takes_no_real_time() -> None:
    with mock_amplifybackend(strict=True, jobs="clock", clock="virtual") as fake:
        fake.settings.job_duration = 300
        c = client()
        job_id = make_backend(c)["JobId"]
        start_clock = fake.clock.time()
        start = time.monotonic()
        backend_job_completed(c).wait(
            **where(JobId=job_id), WaiterConfig={"Delay": 5, "MaxAttempts": 120}
        )
        assert time.monotonic() - start < 2.0
        assert fake.clock.time() - start_clock >= 300
        assert fake.clock.time() - start_clock < 300 + 5 + 1
        assert c.get_backend_job(**where(JobId=job_id))["Status"] == "COMPLETED"
        polls = fake.calls.of("GetBackendJob", JobId=job_id)
        assert len(polls) >= 61
        assert [p.response["Status"] for p in polls[:-2] if p.response] == ["IN_PROGRESS"] * (
            len(polls) - 2
        )


def test_waiter_raises_on_a_failed_job() -> None:
    with mock_amplifybackend(strict=True, jobs="clock", clock="virtual") as fake:
        fake.settings.job_duration = 300
        c = client()
        fake.faults.fail_next_job("CreateBackend", error="stack failed")
        job_id = make_backend(c)["JobId"]
        start = time.monotonic()
        with pytest.raises(WaiterError) as info:
            backend_job_completed(c).wait(
                **where(JobId=job_id), WaiterConfig={"Delay": 10, "MaxAttempts": 60}
            )
        assert time.monotonic() - start < 2.0
    assert "terminal failure" in str(info.value)
    assert info.value.last_response["Status"] == "FAILED"
    assert info.value.last_response["Error"] == "stack failed"


def test_waiter_raises_when_max_attempts_run_out() -> None:
    with mock_amplifybackend(strict=True, jobs="clock", clock="virtual") as fake:
        fake.settings.job_duration = 300
        c = client()
        job_id = make_backend(c)["JobId"]
        start_clock = fake.clock.time()
        with pytest.raises(WaiterError) as info:
            backend_job_completed(c).wait(
                **where(JobId=job_id), WaiterConfig={"Delay": 5, "MaxAttempts": 3}
            )
        assert "Max attempts exceeded" in str(info.value)
        assert info.value.last_response["Status"] == "IN_PROGRESS"
        assert len(fake.calls.of("GetBackendJob")) == 3
        # Two sleeps between three polls.
        assert fake.clock.time() - start_clock == pytest.approx(10)


def test_waiter_passes_on_service_errors(vfake: AmplifyBackendFake) -> None:
    c = client()
    make_backend(c)
    with pytest.raises(WaiterError) as info:
        backend_job_completed(c).wait(**where(JobId="no-such-job"))
    assert info.value.last_response["Error"]["Code"] == "NotFoundException"


def test_waiter_and_endpoint_sleep_are_real_time_again_after_exit() -> None:
    assert botocore.waiter.time is time
    assert botocore.endpoint.time is time
    with mock_amplifybackend(clock="virtual") as fake:
        c = client()
        job_id = make_backend(c)["JobId"]
        assert botocore.waiter.time is not time
        assert botocore.endpoint.time is not time
        fake.clock.advance(5)
        backend_job_completed(c).wait(AppId=APP, BackendEnvironmentName=ENV, JobId=job_id)
    assert botocore.waiter.time is time
    assert botocore.endpoint.time is time


def test_sleep_patch_is_undone_when_a_nested_virtual_mock_exits() -> None:
    with mock_amplifybackend(clock="real"):
        with mock_amplifybackend(clock="virtual"):
            assert botocore.waiter.time is not time
        assert botocore.waiter.time is time
        assert botocore.endpoint.time is time
    assert botocore.waiter.time is time
    assert botocore.endpoint.time is time


def test_sleep_patch_is_undone_when_the_body_raises() -> None:
    with pytest.raises(RuntimeError), mock_amplifybackend(clock="virtual"):
        raise RuntimeError("test body failed")
    assert botocore.waiter.time is time
    assert botocore.endpoint.time is time


def test_waiter_under_a_real_clock_fake_is_not_virtualised() -> None:
    # An outer virtual fake must not make the inner real-clock fake's waits virtual.
    with (
        mock_amplifybackend(clock="virtual") as outer,
        mock_amplifybackend(jobs="immediate") as inner,
    ):
        c = client()
        job_id = make_backend(c)["JobId"]
        before = outer.clock.time()
        backend_job_completed(c).wait(**where(JobId=job_id))
        assert outer.clock.time() == before
        assert len(inner.calls) == 2
        assert len(outer.calls) == 0
