"""Opening a state file for a service: load what it holds, then journal every change.

This is ``serve --state FILE`` and ``FakeServer(state_file=FILE)``. A missing file starts
empty; a plain snapshot document (``fake.save``'s format, and what ``serve --state`` wrote
before it kept a journal) is loaded and rewritten as a journal; a journal is replayed,
an incomplete last entry dropped and reported. A file that is damaged elsewhere, of an
unknown version, or that does not describe a valid state is refused with
:class:`~amplify_fakes._service.journal_file.StateFileRefused` and never written to.
"""

from __future__ import annotations

from pathlib import Path

from amplify_fakes._service import journal_file
from amplify_fakes._service.journal import Journal, leftovers
from amplify_fakes._service.service import Service
from amplify_fakes.errors import UsageError


def read_state_file(path: Path) -> tuple[journal_file.Loaded | None, str | None]:
    """(what ``path`` holds, a note on what was dropped) — (None, None) when it does not
    exist; StateFileRefused when it cannot be used."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        if not path.parent.is_dir():
            raise UsageError(f"state file {path}: directory {path.parent} does not exist") from None
        return None, None
    except OSError as exc:
        raise journal_file.StateFileRefused(f"cannot read state file {path}: {exc}") from None
    loaded = journal_file.read(path, data)  # the snapshot it builds is checked by restore()
    note = None
    if loaded.dropped:
        note = (
            f"state file {path}: dropped {loaded.dropped} bytes after its last complete "
            f"entry (an incomplete write, as a crash leaves); loaded {loaded.entries} entries"
        )
    return loaded, note


def load_state_file(service: Service, path: Path) -> str | None:
    """Load ``path`` (if it exists) into ``service``; returns the note on what was dropped
    from its end (None: nothing). Nothing is written to a file that is refused."""
    if path.exists() and not path.is_file():  # a device would be read forever (/dev/zero)
        raise journal_file.StateFileRefused(f"state file {path} is not a regular file")
    loaded, note = read_state_file(path)
    if loaded is not None:
        try:
            service.restore(loaded.snapshot)
        except UsageError as exc:
            raise journal_file.StateFileRefused(f"state file {path}: {exc}") from None
    return note


def attach_state_file(service: Service, path: Path) -> None:
    """Rewrite ``path`` as a journal of ``service``'s current state and journal every
    change from now on. Rewriting at every start keeps the journal compact across crash
    restarts, drops a damaged end for good, and keeps what changed while not attached."""
    for leftover in leftovers(path):
        leftover.unlink(missing_ok=True)  # a compaction a crash interrupted
    with service.lock:
        try:
            journal = Journal.create(path, service.snapshot())
        except OSError as exc:
            raise UsageError(f"cannot write state file {path}: {exc}") from None
        service.attach_journal(journal)


def close_state_file(service: Service) -> None:
    """Stop journaling and leave the state file as a plain snapshot document (a clean
    shutdown); OSError when that cannot be written (the journal stays, complete)."""
    with service.lock:
        journal = service.attach_journal(None)
        if journal is None:
            return
        try:
            journal.finish(service.snapshot())
        finally:
            journal.close()
