"""The call log: every request the fake answered, in order, with assertion helpers."""

from __future__ import annotations

import difflib
import threading
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple, overload

from amplify_fakes import contracts
from amplify_fakes.errors import UnknownOperationError, mask_secrets

_MAX_SHOWN = 3


class Call(NamedTuple):
    """One request: what was asked, what was answered, where and when (fake clock).

    Immutable; a named tuple because one is made per request (about five times cheaper
    than a frozen dataclass), so it also unpacks in field order.
    """

    operation: str | None  # None: the request matched no operation
    params: dict[str, Any]  # SDK-level request parameters
    status: int
    response: dict[str, Any] | None  # SDK-level result on success
    error: str | None  # error code on failure
    account: str
    region: str
    time: float

    def __repr__(self) -> str:
        outcome = f"error={self.error!r}" if self.error else "ok"
        return (
            f"Call({self.operation}, params={mask_secrets(self.params)!r}, status={self.status}, "
            f"{outcome}, account={self.account!r}, region={self.region!r})"
        )

    def matches(self, subset: dict[str, Any]) -> bool:
        """True when every key of ``subset`` is in ``params`` with an equal (or contained) value."""
        return _contains(self.params, subset)


def _contains(value: Any, subset: Any) -> bool:
    if isinstance(subset, dict):
        return isinstance(value, dict) and all(
            key in value and _contains(value[key], item) for key, item in subset.items()
        )
    return bool(value == subset)


class CallLog(Sequence[Call]):
    """A thread-safe, append-only list of :class:`Call` (``fake.calls``)."""

    def __init__(self) -> None:
        self._calls: list[Call] = []
        self._lock = threading.Lock()

    def append(self, call: Call) -> None:
        """Record one call (the fake does this)."""
        with self._lock:
            self._calls.append(call)

    def clear(self) -> None:
        """Forget every recorded call."""
        with self._lock:
            self._calls.clear()

    @overload
    def __getitem__(self, index: int) -> Call: ...
    @overload
    def __getitem__(self, index: slice) -> list[Call]: ...
    def __getitem__(self, index: int | slice) -> Call | list[Call]:
        return self._calls[index]

    def __len__(self) -> int:
        return len(self._calls)

    def __iter__(self) -> Iterator[Call]:
        return iter(list(self._calls))

    def __repr__(self) -> str:
        return f"CallLog({list(self._calls)!r})"

    def of(self, operation: str, **subset: Any) -> list[Call]:
        """The calls of ``operation`` whose params contain ``subset``.

        An operation amplifybackend does not have raises :class:`UnknownOperationError`
        with close matches: a misspelt name would otherwise match nothing, and
        ``assert_not_called("CreateBakend")`` would pass while protecting nothing.
        """
        known = contracts.operations()
        if operation not in known:
            raise UnknownOperationError(operation, known)
        return [c for c in self if c.operation == operation and c.matches(subset)]

    def nearest(self, operation: str) -> list[Call]:
        """The calls most like ``operation`` (same operation first, then similar names)."""
        same = [c for c in self if c.operation == operation]
        if same:
            return same[-_MAX_SHOWN:]
        names = {c.operation for c in self if c.operation}
        close = difflib.get_close_matches(operation, names, n=_MAX_SHOWN, cutoff=0.3)
        return [c for c in self if c.operation in close][-_MAX_SHOWN:]

    def describe_miss(self, operation: str, subset: dict[str, Any], expected: str) -> str:
        """A failure message that shows the nearest actual calls (like unittest.mock)."""
        lines = [f"expected {operation} to be called {expected} with {mask_secrets(subset)!r}"]
        found = self.of(operation, **subset)
        lines.append(f"matching calls: {len(found)}; total calls recorded: {len(self)}")
        nearest = self.nearest(operation)
        if nearest:
            lines.append("nearest actual calls:")
            lines.extend(f"  {call!r}" for call in nearest)
        else:
            lines.append("no call resembles it")
        return "\n".join(lines)
