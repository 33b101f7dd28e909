"""Fault injection: errors and latency answered before any handler touches state."""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field
from typing import Any

from amplify_fakes import contracts
from amplify_fakes._service.calls import _contains
from amplify_fakes._service.errors import (
    ERRORS,
    NotFoundException,
    ServiceError,
    TooManyRequestsException,
)
from amplify_fakes._service.jobs import job_starters
from amplify_fakes.errors import UsageError

MAX_LATENCY = 60.0  # seconds a fault may really sleep
ANY = "*"

_RESOURCE_TYPES = (("API", "API"), ("Auth", "Auth"), ("Storage", "Storage"), ("Job", "Job"),
                   ("Token", "Token"), ("Config", "BackendConfig"), ("S3Buckets", "S3Bucket"))  # fmt: skip


def resource_type_for(operation: str) -> str:
    """The resourceType a NotFoundException of ``operation`` most plausibly names."""
    for fragment, kind in _RESOURCE_TYPES:
        if fragment in operation:
            return kind
    return "App"


@dataclass
class Fault:
    """One registered fault (see :meth:`Faults.add`)."""

    operation: str
    error: str | None
    message: str | None
    times: int | None
    probability: float | None
    after: int
    latency: float
    match: dict[str, Any] | None
    seen: int = 0
    injected: int = 0
    removed: bool = field(default=False, repr=False)

    def build_error(self, operation: str) -> ServiceError | None:
        if self.error is None:
            return None
        cls = ERRORS[self.error]
        message = self.message or f"Injected {self.error} for {operation}"
        if cls is NotFoundException:
            return NotFoundException(message, resource_type_for(operation))
        if cls is TooManyRequestsException:
            return TooManyRequestsException(message, "Requests")
        return cls(message)


class FaultHandle:
    """What :meth:`Faults.add` returns: ``.injected`` counts injections; ``.remove()`` ends it."""

    def __init__(self, faults: Faults, fault: Fault):
        self._faults = faults
        self.fault = fault

    @property
    def injected(self) -> int:
        """How many times this fault has been injected so far."""
        return self.fault.injected

    def remove(self) -> None:
        """Stop injecting this fault."""
        self._faults._remove(self.fault)

    def __repr__(self) -> str:
        return f"FaultHandle({self.fault!r})"


class Faults:
    """``fake.faults``: register errors and latency for matching requests.

    Faults answer before the handler runs, so an injected fault never changes state.
    """

    def __init__(self, job_failures: dict[str, list[str | None]]):
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self._random = random.Random()
        self._job_failures = job_failures

    def add(
        self,
        operation: str,
        *,
        error: str | None = None,
        status: int | None = None,
        message: str | None = None,
        times: int | None = 1,
        probability: float | None = None,
        after: int = 0,
        latency: float = 0.0,
        match: dict[str, Any] | None = None,
    ) -> FaultHandle:
        """Inject ``error`` (or only ``latency``) into calls of ``operation`` (``"*"``: any).

        ``error`` is a documented error name (``BadRequestException``, ``NotFoundException``,
        ``TooManyRequestsException``, ``GatewayTimeoutException``) or given by its ``status``
        (400, 404, 429, 504). ``times`` counts injections (None: no limit); ``after`` skips
        the first N matching calls; ``probability`` injects at random (seed with
        :meth:`seed`); ``match`` is a subset of SDK-level request parameters; ``latency``
        delays the answer in seconds (really sleeps, at most 60 s, or advances a virtual
        clock).
        """
        if operation != ANY:
            contracts.contract(operation)  # UnknownOperationError for a misspelling
        error = _error_name(error, status)
        if error is None and latency <= 0:
            raise UsageError("a fault needs an error (error= or status=) or a latency")
        if times is not None and times < 1:
            raise UsageError(f"times must be a positive number or None, not {times}")
        if probability is not None and not 0.0 < probability <= 1.0:
            raise UsageError(f"probability must be in (0, 1], not {probability}")
        if after < 0:
            raise UsageError(f"after must be >= 0, not {after}")
        if not 0 <= latency <= MAX_LATENCY:
            raise UsageError(f"latency must be between 0 and {MAX_LATENCY} seconds, not {latency}")
        fault = Fault(operation, error, message, times, probability, after, latency, match)
        with self._lock:
            self._faults.append(fault)
        return FaultHandle(self, fault)

    def fail_next_job(self, operation: str, error: str | None = "Injected job failure") -> None:
        """Make the next job ``operation`` starts end ``FAILED`` with ``error`` as its Error.

        ``error=None`` makes a FAILED job that carries no Error at all, as the real service
        sometimes answers (Amplify Studio then says the job "failed with no error message").
        """
        contracts.contract(operation)
        if operation not in job_starters():
            raise UsageError(
                f"{operation} does not start jobs; operations that do: {', '.join(sorted(job_starters()))}"
            )
        with self._lock:
            self._job_failures.setdefault(operation, []).append(error)

    def seed(self, value: int | None) -> None:
        """Make ``probability`` faults repeatable."""
        self._random.seed(value)

    def clear(self) -> None:
        """Remove every fault and pending job failure."""
        with self._lock:
            for fault in self._faults:
                fault.removed = True
            self._faults.clear()
            self._job_failures.clear()

    def __len__(self) -> int:
        return len(self._faults)

    def __iter__(self) -> Any:
        return iter(list(self._faults))

    def _remove(self, fault: Fault) -> None:
        with self._lock:
            fault.removed = True
            if fault in self._faults:
                self._faults.remove(fault)

    def pick(self, operation: str, params: dict[str, Any]) -> tuple[float, ServiceError | None]:
        """The latency and error (if any) to inject into this call; counts it."""
        latency, error = 0.0, None
        if not self._faults:  # the common case: nothing injected, no lock needed
            return latency, error
        with self._lock:
            for fault in self._faults:
                if fault.operation not in (ANY, operation):
                    continue
                if fault.match is not None and not _contains(params, fault.match):
                    continue
                fault.seen += 1
                if fault.seen <= fault.after:
                    continue
                if fault.times is not None and fault.injected >= fault.times:
                    continue
                if fault.probability is not None and self._random.random() >= fault.probability:
                    continue
                fault.injected += 1
                latency += fault.latency
                if error is None:
                    error = fault.build_error(operation)
                    if error is not None:
                        break
        return latency, error


def _error_name(error: str | None, status: int | None) -> str | None:
    by_status = {cls.status: name for name, cls in ERRORS.items()}
    if error is not None and error not in ERRORS:
        raise UsageError(f"error must be one of {', '.join(sorted(ERRORS))}, not {error!r}")
    if status is not None and status not in by_status:
        raise UsageError(f"status must be one of {sorted(by_status)}, not {status}")
    if error is not None and status is not None and ERRORS[error].status != status:
        raise UsageError(f"{error} is answered with status {ERRORS[error].status}, not {status}")
    return error or (by_status[status] if status is not None else None)
