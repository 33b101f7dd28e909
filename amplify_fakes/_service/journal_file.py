"""The ``serve --state`` file: a journal of state changes, one checksummed line each.

Layout (UTF-8; each line is ``<crc32 of the JSON, 8 hex digits> <JSON object>\\n``)::

    line 1    {"format": "amplify-fakes/journal", "version": 1}
    line 2..  entries, applied in order onto an empty state:
      {"kind": "state", "snapshot": {...}}      the whole state, a snapshot document
                                                (compaction, restore, reset, seeding)
      {"kind": "app", "account": "...", "region": "...", "appId": "...",
       "app": {...} or null, "buckets": {...}, "clock": 12.5 or null}
                                                one app as a request left it (null: it
                                                is gone); buckets only when they changed
      {"kind": "clock", "clock": 12.5}           the virtual clock moved

Every entry assigns a part of the state, so replaying entries whose effect is already in
an earlier one changes nothing. A line that is incomplete or fails its checksum is what
a crash in the middle of a write leaves: when only such lines follow the last good one,
they are dropped (and reported); when a good line follows a bad one the file was damaged
in the middle, and reading refuses it. So does a complete line (its checksum holds) that
is not a valid entry, and a file of an unknown format or version.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from amplify_fakes._service.snapshot_schema import FORMAT as SNAPSHOT_FORMAT
from amplify_fakes._service.snapshot_schema import VERSION as SNAPSHOT_VERSION
from amplify_fakes.contracts._validate import Schema, violations
from amplify_fakes.errors import UsageError

FORMAT = "amplify-fakes/journal"
VERSION = 1
READABLE = (1,)

_WHERE = {"type": "string", "minLength": 1}
_CLOCK = {"type": ["number", "null"]}
_DRAFT = "https://json-schema.org/draft/2020-12/schema"
#: The envelope of each kind of entry; the snapshot the entries build is checked whole.
_ENTRIES = {
    "state": Schema(
        "amplify-fakes journal state entry",
        {
            "type": "object",
            "required": ["kind", "snapshot"],
            "additionalProperties": False,
            "properties": {"kind": {"const": "state"}, "snapshot": {"type": "object"}},
        },
        _DRAFT,
    ),
    "app": Schema(
        "amplify-fakes journal app entry",
        {
            "type": "object",
            "required": ["kind", "account", "region", "appId", "app"],
            "additionalProperties": False,
            "properties": {
                "kind": {"const": "app"},
                "account": _WHERE,
                "region": _WHERE,
                "appId": _WHERE,
                "app": {"type": ["object", "null"]},
                "buckets": {"type": "object", "additionalProperties": {"type": "number"}},
                "clock": _CLOCK,
            },
        },
        _DRAFT,
    ),
    "clock": Schema(
        "amplify-fakes journal clock entry",
        {
            "type": "object",
            "required": ["kind", "clock"],
            "additionalProperties": False,
            "properties": {"kind": {"const": "clock"}, "clock": _CLOCK},
        },
        _DRAFT,
    ),
}


class StateFileRefused(UsageError):
    """The state file cannot be loaded as it is; it is left untouched."""


def line(entry: dict[str, Any]) -> bytes:
    """One journal line for ``entry``.

    >>> line({"kind": "clock", "clock": 1.5})
    b'a6cfd2e4 {"kind":"clock","clock":1.5}\\n'
    """
    # ASCII: a lone surrogate (JSON allows "\\ud800") cannot be encoded as UTF-8 bytes
    text = json.dumps(entry, separators=(",", ":"), allow_nan=False)
    data = text.encode("utf-8")
    return b"%08x %s\n" % (zlib.crc32(data), data)


HEADER = line({"format": FORMAT, "version": VERSION})


def empty_snapshot() -> dict[str, Any]:
    """The snapshot document of an empty state."""
    return {"format": SNAPSHOT_FORMAT, "version": SNAPSHOT_VERSION, "clock": None, "accounts": {}}


@dataclass
class Loaded:
    """What reading a state file found."""

    snapshot: dict[str, Any]  # the state the entries build (not yet validated)
    entries: int  # complete entries applied
    dropped: int  # bytes after them: an incomplete last write, dropped


def _decode(raw: bytes) -> dict[str, Any] | None:
    """The entry of one line (without its newline), or None when the line is damaged."""
    crc, _, data = raw.partition(b" ")
    if len(crc) != 8 or not data:
        return None
    try:
        if int(crc, 16) != zlib.crc32(data):
            return None
        value = json.loads(data)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def is_journal(data: bytes) -> bool:
    """True when ``data`` starts like a journal (not like a snapshot document)."""
    first = data[:9]
    return (
        len(first) == 9 and first[8:9] == b" " and all(c in b"0123456789abcdef" for c in first[:8])
    )


def read(path: Path, data: bytes) -> Loaded:
    """The state in ``data`` (the bytes of ``path``); :class:`StateFileRefused` when the
    file is damaged other than at its end, or of an unknown format or version."""
    if not is_journal(data):
        return _read_snapshot(path, data)
    lines = data.split(b"\n")
    header = _decode(lines[0]) if len(lines) > 1 else None
    if header is None or header.get("format") != FORMAT:
        raise StateFileRefused(f"state file {path}: line 1 is not an amplify-fakes journal header")
    if header.get("version") not in READABLE:
        raise StateFileRefused(
            f"state file {path}: journal version {header.get('version')!r} is not supported "
            f"(this amplify-fakes reads versions {', '.join(map(str, READABLE))}); "
            "use the amplify-fakes that wrote it"
        )
    snapshot = empty_snapshot()
    size = len(lines[0]) + 1
    entries = 0
    complete = lines[1:-1]  # the last piece has no newline after it: never complete
    for number, raw in enumerate(complete, start=2):
        entry = _decode(raw)
        if entry is None:  # torn: only an end of such lines is what a crash leaves
            later = sum(1 for rest in complete[number - 1 :] if _decode(rest) is not None)
            if later:
                raise StateFileRefused(
                    f"state file {path}: line {number} is damaged (incomplete, not JSON, or "
                    f"its checksum does not match) and {later} complete entries follow it; "
                    "refusing to load it (the file is left as it is)"
                )
            break
        problem = _entry_problem(entry)
        try:
            if problem is None:
                apply(snapshot, entry)
        except (KeyError, TypeError, AttributeError) as exc:
            problem = f"an entry that does not fit the state before it ({type(exc).__name__})"
        if problem is not None:  # written whole (its checksum holds), yet not an entry
            raise StateFileRefused(
                f"state file {path}: line {number} is {problem}; refusing to load it "
                "(the file is left as it is)"
            )
        entries += 1
        size += len(raw) + 1
    return Loaded(snapshot, entries, len(data) - size)


def _entry_problem(entry: dict[str, Any]) -> str | None:
    schema = _ENTRIES.get(entry.get("kind"))  # type: ignore[arg-type]
    if schema is None:
        return f"not an entry (unknown kind {str(entry.get('kind'))[:40]!r})"
    found = violations(schema, entry)
    return None if not found else f"not an entry ({found[0].path}: {found[0].message})"


def _read_snapshot(path: Path, data: bytes) -> Loaded:
    """A plain snapshot document (what ``fake.save`` and older ``serve --state`` wrote)."""
    try:
        document = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise StateFileRefused(
            f"state file {path} is not valid JSON (corrupt or truncated?): {reason}"
        ) from None
    return Loaded(document, 1, 0)


def apply(snapshot: dict[str, Any], entry: dict[str, Any]) -> None:
    """Apply one (valid) entry to a snapshot document, in place."""
    kind = entry["kind"]
    if kind == "state":
        snapshot.clear()
        snapshot.update(entry["snapshot"])
        return
    if "clock" in entry:
        snapshot["clock"] = entry["clock"]
    if kind == "clock":
        return
    accounts = snapshot.setdefault("accounts", {})
    account = accounts.setdefault(entry["account"], {"buckets": {}, "regions": {}})
    if "buckets" in entry:
        account["buckets"] = entry["buckets"]
    apps = account["regions"].setdefault(entry["region"], {"apps": {}})["apps"]
    if entry["app"] is None:
        apps.pop(entry["appId"], None)
    else:
        apps[entry["appId"]] = entry["app"]
