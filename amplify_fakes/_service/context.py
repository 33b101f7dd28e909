"""What a handler sees of the fake for one request."""

from __future__ import annotations

import functools
import random
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
        return uuid4_text(self._random.getrandbits(128))

    def token(self, length: int = 8, alphabet: str = "abcdefghijklmnopqrstuvwxyz0123456789") -> str:
        """A short random string, each character uniform over ``alphabet``.

        Random bytes mapped through a table, the bytes beyond the largest multiple of the
        alphabet's size dropped (so no character is likelier than another): about a
        seventh of the cost of ``random.choices``, which a resource's four ids made the
        largest part of a CreateBackendAuth.

        >>> len(Ids(1).token(26)), set(Ids(1).token(40, "01")) <= {"0", "1"}
        (26, True)
        """
        table, drop = _byte_table(alphabet)
        out = b""
        while len(out) < length:  # ends: each round keeps a byte with probability >= 1/2
            out += self._random.randbytes(length - len(out) + 4).translate(table, drop)
        return out[:length].decode("ascii")


def uuid4_text(bits: int) -> str:
    """``str(uuid.UUID(int=bits, version=4))`` without building a UUID (a third the cost).

    >>> uuid4_text(0)
    '00000000-0000-4000-8000-000000000000'
    """
    bits = (bits & _UUID_KEEP) | _UUID_SET
    h = f"{bits:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


# RFC 4122 version 4: the version nibble 4 and the variant bits 10, as uuid.UUID sets them
_UUID_KEEP = ~((0xF000 << 64) | (0xC000 << 48)) & ((1 << 128) - 1)
_UUID_SET = (0x4000 << 64) | (0x8000 << 48)


@functools.cache
def _byte_table(alphabet: str) -> tuple[bytes, bytes]:
    """(translate table, bytes to drop) mapping a random byte to an ``alphabet`` character."""
    size = len(alphabet)
    if not 0 < size <= 256 or not alphabet.isascii():
        raise ValueError(f"an id alphabet is 1 to 256 ASCII characters, not {alphabet!r}")
    kept = 256 - 256 % size
    table = bytes(ord(alphabet[byte % size]) for byte in range(256))
    return table, bytes(range(kept, 256))


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
