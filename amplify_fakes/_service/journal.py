"""An open ``serve --state`` file: entries appended and made durable one by one.

:meth:`Journal.append` returns only once the entry's bytes are on disk (``fdatasync``),
so the server answers a change only after it is durable; a failed write is cut off again
and raised. The file is compacted (the whole state written to a temporary file, synced,
renamed over the journal, the directory synced) when it has grown to twice its size after
the last compaction plus 1 MiB. At a clean shutdown the file becomes a plain snapshot
document again (:meth:`Journal.finish`), the format ``fake.save`` writes. A crash at any point of a
compaction leaves either the old journal or the new one, both complete. The format is in
:mod:`journal_file`.
"""

from __future__ import annotations

import glob
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from amplify_fakes._service import journal_file

#: Compact when the journal has grown past twice its compacted size plus this.
GROWTH = 1 << 20

_sync = getattr(os, "fdatasync", os.fsync)  # macOS has no fdatasync


def _sync_directory(directory: Path) -> None:
    """Make a rename in ``directory`` durable (where the platform lets a directory sync)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some platforms and filesystems cannot sync a directory
    finally:
        os.close(fd)


class Journal:
    """The state file at ``path``, open for appending (see the module docstring).

    Made by :meth:`create`, which writes the whole state first. ``broken`` is set when
    the file could not be brought back to its last complete entry after a failed write:
    from then on nothing more is written (and changes are refused).
    """

    def __init__(self, path: Path, fd: int, size: int):
        self.path = path
        self.broken: str | None = None
        self._fd = fd
        self._size = size
        self._compact_at = 2 * size + GROWTH

    @classmethod
    def create(cls, path: Path, snapshot: dict[str, Any]) -> Journal:
        """Write ``snapshot`` to ``path`` as a new journal (atomically) and open it."""
        journal = cls(path, -1, 0)
        journal.rewrite(snapshot)
        return journal

    @property
    def due(self) -> bool:
        """True when the journal has grown enough to be compacted."""
        return self._size > self._compact_at

    def append(self, entry: dict[str, Any]) -> None:
        """Write one entry and wait until it is on disk; OSError when it could not be
        (then the file is cut back to its previous entries, or ``broken`` is set)."""
        if self.broken is not None:
            raise OSError(f"the state file is unusable since an earlier failure: {self.broken}")
        data = journal_file.line(entry)
        try:
            written = os.write(self._fd, data)
            if written != len(data):
                raise OSError(f"short write ({written} of {len(data)} bytes; disk full?)")
            _sync(self._fd)
        except OSError as failure:
            self._cut_back(failure)
            raise
        self._size += len(data)

    def _cut_back(self, failure: OSError) -> None:
        try:
            os.ftruncate(self._fd, self._size)
            _sync(self._fd)
        except OSError as again:
            self.broken = f"{failure}; then could not cut the file back: {again}"

    def rewrite(self, snapshot: dict[str, Any]) -> None:
        """Replace the file by a journal holding only ``snapshot`` (compaction)."""
        data = journal_file.HEADER + journal_file.line({"kind": "state", "snapshot": snapshot})
        new_fd = replace_atomically(self.path, data, keep_open=True)
        if self._fd >= 0:
            os.close(self._fd)
        self._fd = new_fd
        self._size = len(data)
        self._compact_at = 2 * len(data) + GROWTH
        self.broken = None

    def finish(self, snapshot: dict[str, Any]) -> None:
        """Replace the file by ``snapshot`` as a plain snapshot document (what
        ``fake.save`` writes) and close it: the form a cleanly stopped server leaves."""
        text = json.dumps(snapshot, indent=2, sort_keys=True)
        replace_atomically(self.path, text.encode("utf-8"))
        self.close()

    def close(self) -> None:
        """Close the file (appending after this raises)."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
        self.broken = self.broken or "closed"


def replace_atomically(path: Path, data: bytes, *, keep_open: bool = False) -> int:
    """Make ``data`` the content of ``path``: a synced temporary file renamed over it, the
    directory synced. A crash leaves the old file or the new one, never a mix.

    With ``keep_open`` the new file stays open for appending and its descriptor is
    returned (opened before the rename, so nothing can fail after it); otherwise -1.
    """
    directory = path.parent
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    appending = -1
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        if keep_open:
            appending = os.open(temp, os.O_WRONLY | os.O_APPEND)
        os.replace(temp, path)
    except BaseException:
        if appending >= 0:
            os.close(appending)
        Path(temp).unlink(missing_ok=True)
        raise
    _sync_directory(directory)
    return appending


def leftovers(path: Path) -> list[Path]:
    """Temporary files of compactions that a crash interrupted (safe to delete)."""
    return sorted(path.parent.glob(f".{glob.escape(path.name)}.*.tmp"))
