"""Job lifecycle: start, bring up to date from the clock, render.

With ``jobs="clock"`` a job is ``IN_PROGRESS`` until the fake's clock passes its
duration; with ``jobs="immediate"`` it is done when created. Terminal statuses are
``COMPLETED`` and ``FAILED`` (what the Amplify CLI polls for).
"""

from __future__ import annotations

import enum
import functools
from typing import Any

from amplify_fakes import contracts
from amplify_fakes._service.clock import isoformat
from amplify_fakes._service.state import App, Job
from amplify_fakes.errors import UsageError

IN_PROGRESS = "IN_PROGRESS"
COMPLETED = "COMPLETED"
FAILED = "FAILED"
TERMINAL = frozenset({COMPLETED, FAILED})
DEFAULT_DURATION = 5.0  # seconds a job takes with jobs="clock"


@functools.cache
def job_starters() -> frozenset[str]:
    """Operations that start a job: JobId in the response, not in the request."""
    return frozenset(
        op
        for op in contracts.operations()
        if "JobId" in contracts.schema(op, "response")["properties"]
        and "JobId" not in contracts.schema(op, "request")["properties"]
    )


class JobMode(str, enum.Enum):
    """How jobs progress: with the fake's clock, or at once."""

    CLOCK = "clock"
    IMMEDIATE = "immediate"


def validate_job_mode(value: str | JobMode) -> JobMode:
    """The mode for ``value``, or a :class:`UsageError` listing the valid ones."""
    try:
        return JobMode(value)
    except ValueError:
        valid = ", ".join(repr(m.value) for m in JobMode)
        raise UsageError(f"jobs must be one of {valid}, not {value!r}") from None


def start(
    app: App,
    *,
    job_id: str,
    operation: str,
    environment: str | None,
    now: float,
    mode: JobMode,
    duration: float,
    fails: bool = False,
    fail_with: str | None = None,
) -> Job:
    """Record a new job on ``app`` and return it (already refreshed)."""
    job = Job(
        job_id=job_id,
        operation=operation,
        environment=environment,
        created=now,
        updated=now,
        status=IN_PROGRESS,
        completes_at=now if mode is JobMode.IMMEDIATE else now + duration,
        fails=fails,
        fail_with=fail_with,
    )
    app.jobs[job_id] = job
    app.job_order.append(job)
    refresh(job, now)
    if job.status == IN_PROGRESS:
        app.pending[job_id] = job
    return job


def refresh(job: Job, now: float) -> Job:
    """Finish ``job`` if the clock has passed its completion time."""
    if job.status == IN_PROGRESS and job.completes_at is not None and now >= job.completes_at:
        job.updated = job.completes_at
        if job.fails:
            job.status, job.error = FAILED, job.fail_with
        else:
            job.status = COMPLETED
    return job


# The job object is the same in GetBackendJob's and UpdateBackendJob's answers and in
# ListBackendJobs' items (tests/fake/test_copies_and_timestamps.py checks the three agree).


def describe(job: Job, app_id: str, environment: str) -> dict[str, Any]:
    """The SDK-level job object (GetBackendJob's response), a fresh dict."""
    sdk: dict[str, Any] = {
        "AppId": app_id,
        "BackendEnvironmentName": environment,
        "JobId": job.job_id,
        "Operation": job.operation,
        "Status": job.status,
        "CreateTime": isoformat(job.created),
        "UpdateTime": isoformat(job.updated),
    }
    if job.error is not None:
        sdk["Error"] = job.error
    return sdk


def describe_all(found: list[Job], app_id: str, environment: str) -> list[dict[str, Any]]:
    """The SDK-level job objects of ``found`` (ListBackendJobs' items), fresh dicts."""
    return [describe(job, app_id, environment) for job in found]
