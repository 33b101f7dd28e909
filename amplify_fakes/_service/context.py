"""What a handler sees of the fake for one request."""

from __future__ import annotations

import functools
import random
import uuid
from dataclasses import dataclass, field
from typing import Any

from amplify_fakes import contracts
from amplify_fakes._service import jobs
from amplify_fakes._service.clock import Clock
from amplify_fakes._service.pagination import Paginator
from amplify_fakes._service.state import App, Job, Region


@dataclass
class Settings:
    """Per-fake settings the handlers read."""

    job_mode: jobs.JobMode = jobs.JobMode.CLOCK
    job_duration: float = jobs.DEFAULT_DURATION
    token_ttl: int = 600
    # the real service refuses a second job while one of the app environment is pending
    one_pending_job: bool = True
    # operation -> Error text for the next job it starts (faults.fail_next_job; None: a
    # FAILED job with no Error)
    job_failures: dict[str, list[str | None]] = field(default_factory=dict)


class Ids:
    """Identifiers the fake makes up: random, or repeatable after :meth:`seed`."""

    def __init__(self, seed: int | None = None):
        self._random = random.Random(seed)

    def seed(self, value: int | None) -> None:
        """Make the following ids repeatable (None: random again)."""
        self._random.seed(value)

    def uuid(self) -> str:
        """A version-4 UUID string."""
        return str(uuid.UUID(int=self._random.getrandbits(128), version=4))

    def token(self, length: int = 8, alphabet: str = "abcdefghijklmnopqrstuvwxyz0123456789") -> str:
        """A short random string (``choices``: a fifth of the cost of a ``choice`` per character)."""
        return "".join(self._random.choices(alphabet, k=length))


@dataclass(slots=True)
class Context:
    """The request's account/region state plus the fake's clock, ids and settings."""

    operation: str
    account: str
    access_key: str | None
    region_name: str
    region: Region
    buckets: dict[str, float]  # the account's bucket registry (S3 names are global)
    clock: Clock
    ids: Ids
    settings: Settings
    paginator: Paginator

    def now(self) -> float:
        """The fake clock's time in seconds."""
        return self.clock.time()

    def start_job(
        self, app: App, environment: str | None, *, fails: bool = False, error: str | None = None
    ) -> Job:
        """Record a job for this request's operation on ``app``.

        ``fails``: the job ends ``FAILED`` with ``error`` as its Error (None: no Error), as
        a deployment that breaks would; a failure injected with ``faults.fail_next_job``
        for this operation takes precedence.
        """
        pending = self.settings.job_failures.get(self.operation)
        if pending:
            fails, error = True, pending.pop(0)
        return jobs.start(
            app,
            job_id=self.ids.uuid(),
            operation=self.operation,
            environment=environment,
            now=self.now(),
            mode=self.settings.job_mode,
            duration=self.settings.job_duration,
            fails=fails,
            fail_with=error,
        )

    def job_result(self, job: Job, app_id: str, environment: str | None) -> dict[str, Any]:
        """The members a job-starting operation answers with (those its response has)."""
        out: dict[str, Any] = {
            "AppId": app_id,
            "JobId": job.job_id,
            "Operation": job.operation,
            "Status": job.status,
        }
        if environment is not None:
            out["BackendEnvironmentName"] = environment
        members = _response_members(self.operation)
        return {k: v for k, v in out.items() if k in members}


@functools.cache
def _response_members(operation: str) -> frozenset[str]:
    return frozenset(contracts.schema(operation, "response")["properties"])
