"""Which operations and error types this process exercised against any fake.

Every fake reports each answered request here (a set insertion); the pytest plugin
reads it for the contract coverage report and merges workers under xdist.
"""

from __future__ import annotations

import threading

from amplify_fakes._service.errors import ERRORS

_lock = threading.Lock()
_operations: set[str] = set()
_errors: set[str] = set()


def record(operation: str | None, error: str | None) -> None:
    """Note one answered request."""
    if operation is None or (operation in _operations and (error is None or error in _errors)):
        return  # already seen: a lock-free read (sets only grow between clear() calls)
    with _lock:
        _operations.add(operation)
        if error in ERRORS:  # the service's modeled errors, not API Gateway's 413
            _errors.add(error)


def seen() -> tuple[set[str], set[str]]:
    """Copies of the operations and error types seen so far."""
    with _lock:
        return set(_operations), set(_errors)


def clear() -> None:
    """Forget everything seen."""
    with _lock:
        _operations.clear()
        _errors.clear()
