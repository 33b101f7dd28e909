"""The fake's clock: every timestamp the fake emits comes from here."""

from __future__ import annotations

import datetime as dt
import enum
import functools
import threading
import time
from collections.abc import Callable

from amplify_fakes.errors import UsageError


class ClockMode(str, enum.Enum):
    """``real`` follows wall-clock time (plus any advance); ``virtual`` moves only when told."""

    REAL = "real"
    VIRTUAL = "virtual"


def validate_clock_mode(value: str | ClockMode) -> ClockMode:
    """The mode for ``value``, or a :class:`UsageError` listing the valid ones."""
    try:
        return ClockMode(value)
    except ValueError:
        valid = ", ".join(repr(m.value) for m in ClockMode)
        raise UsageError(f"clock must be one of {valid}, not {value!r}") from None


_EPOCH_START = 1_767_225_600.0  # 2026-01-01T00:00:00Z: where a virtual clock starts


class Clock:
    """Seconds since the epoch, as the fake sees them.

    >>> clock = Clock("virtual")
    >>> start = clock.time()
    >>> clock.advance(90)
    >>> clock.time() - start
    90.0
    """

    def __init__(self, mode: str | ClockMode = ClockMode.REAL):
        self._mode = validate_clock_mode(mode)
        self._is_virtual = self._mode is ClockMode.VIRTUAL  # read twice per request
        self._lock = threading.Lock()
        self._offset = 0.0
        self._virtual = _EPOCH_START
        #: Called after :meth:`advance` and :meth:`set_time` (the state file records them).
        self.on_change: Callable[[], None] | None = None

    @property
    def mode(self) -> ClockMode:
        """How the clock moves, fixed when it is made."""
        return self._mode

    @property
    def virtual(self) -> bool:
        """True when the clock moves only when advanced."""
        return self._is_virtual

    def time(self) -> float:
        """Now, in seconds since the epoch."""
        if self._is_virtual:
            return self._virtual
        return time.time() + self._offset

    def now(self) -> dt.datetime:
        """Now, as an aware UTC datetime."""
        return dt.datetime.fromtimestamp(self.time(), tz=dt.timezone.utc)

    def advance(self, seconds: float) -> None:
        """Move the clock forward by ``seconds`` (not backwards: use :meth:`set`)."""
        if seconds < 0:
            raise UsageError(f"advance() takes a non-negative number of seconds, not {seconds}")
        with self._lock:
            if self._is_virtual:
                self._virtual += seconds
            else:
                self._offset += seconds
        self._changed()

    def set(self, when: dt.datetime) -> None:
        """Jump to ``when`` (an aware datetime; naive ones are taken as UTC)."""
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.timezone.utc)
        self.set_time(when.timestamp())

    def set_time(self, seconds: float) -> None:
        """Jump to ``seconds`` since the epoch."""
        with self._lock:
            if self._is_virtual:
                self._virtual = seconds
            else:
                self._offset = seconds - time.time()
        self._changed()

    def _changed(self) -> None:
        callback = self.on_change
        if callback is not None:
            callback()

    def sleep(self, seconds: float) -> None:
        """Sleep as this clock does: advance a virtual clock, really sleep a real one."""
        if self._is_virtual:
            self.advance(max(seconds, 0.0))
        else:
            time.sleep(max(seconds, 0.0))

    def reset(self) -> None:
        """Back to the state of a new clock of the same mode."""
        with self._lock:
            self._offset = 0.0
            self._virtual = _EPOCH_START


@functools.lru_cache(maxsize=8192)
def isoformat(seconds: float) -> str:
    """``2026-01-01T00:00:00.000Z`` for a time in seconds.

    Cached: a job's two timestamps are rendered on every GetBackendJob and for every item
    of every ListBackendJobs page, and formatting is most of what those calls cost.

    >>> isoformat(1_767_225_600.25)
    '2026-01-01T00:00:00.250Z'
    """
    moment = dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
