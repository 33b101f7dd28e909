"""What the service writes to its state file, and how it recovers when it cannot.

The service holds its lock around every call here, so entries are written in the order
the state changed. After a request that changes state, the app it named is written as
it now is (:func:`request_entry`); after a change of the whole state (restore, reset,
seeding) the whole snapshot is. When a write fails, the state is read back from the file
(:func:`read_back`), so what a later request sees is what the file holds: a change that
was not written is undone, never half kept.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from amplify_fakes._service import journal_file
from amplify_fakes._service import snapshot as _snapshot
from amplify_fakes._service.errors import StateFileError
from amplify_fakes._service.journal import Journal
from amplify_fakes._service.state import State

LOG = logging.getLogger("amplify_fakes")

#: Operations whose names start so only read (AWS's naming; every other one may change state).
READ_PREFIXES = ("Get", "List")


def changes_state(operation: str) -> bool:
    """Whether a successful ``operation`` may have changed the state.

    >>> changes_state("CreateBackend"), changes_state("GetBackendJob")
    (True, False)
    """
    return not operation.startswith(READ_PREFIXES)


def request_entry(
    state: State,
    buckets: dict[str, float] | None,
    buckets_before: int,
    now: float,
    clock: float | None,
    where: tuple[str, str, str],
) -> dict[str, Any]:
    """The entry for a request that changed app ``where`` = (account, region, app id)."""
    account, region, app_id = where
    region_state = state.peek(account, region)
    app = region_state.apps.get(app_id) if region_state is not None else None
    document = None
    if app is not None and region_state is not None:
        waiting = {id(rollout.resource) for rollout in region_state.rollouts}
        document = _snapshot.app_document(app, now, waiting)
    entry: dict[str, Any] = {
        "kind": "app",
        "account": account,
        "region": region,
        "appId": app_id,
        "app": document,
        "clock": clock,
    }
    if buckets is not None and len(buckets) != buckets_before:  # buckets are only added
        entry["buckets"] = dict(sorted(buckets.items()))
    return entry


def write(journal: Journal, entry: dict[str, Any]) -> None:
    """Append ``entry``; StateFileError (after the file is cut back) when it cannot be."""
    try:
        journal.append(entry)
    except (OSError, ValueError) as failure:  # ValueError: not encodable (nothing written)
        raise StateFileError(
            f"amplify-fakes could not make the change durable in its state file "
            f"{journal.path.name} ({failure}); the change was undone"
        ) from None


def compact(journal: Journal, snapshot: dict[str, Any]) -> None:
    """Compact the journal to ``snapshot``; a failure is logged (the journal, still
    complete, stays in use, and the next change tries again)."""
    try:
        journal.rewrite(snapshot)
    except (OSError, ValueError) as failure:
        LOG.warning("amplify-fakes: could not compact the state file %s: %s", journal.path, failure)


def read_back(path: Path) -> tuple[State, dict[str, dict[str, float]], float | None]:
    """The state, buckets and virtual clock time the file holds (after a failed write);
    UsageError when it cannot be read."""
    loaded = journal_file.read(path, path.read_bytes())
    _snapshot.validate(loaded.snapshot)
    return _snapshot.load(loaded.snapshot)
