"""JSON bodies on the wire: reading a request's, writing an answer's.

Requests are read by the standard library, with the rules the service's front door
applies (one object, no duplicate members, no NaN or out-of-range numbers, bounded
nesting), and big integers kept exact.

Answers have one canonical form: the standard library's compact JSON,
``json.dumps(value, separators=(",", ":"))``, ASCII-only (other characters as ``\\u``
escapes). orjson, where it is installed, is an accelerator (about 13 times the standard
library's speed on a page of 25 jobs) used only where its bytes are provably the same:
the value holds no float (the two write floats differently: ``6.103515625e-05`` against
``0.00006103515625``, ``1e+16`` against ``1e16``), and orjson's output is ASCII without
DEL (which the standard library escapes). Callers say whether a value can hold a float:
an answer's contract knows (see :func:`numbers_in`); anything else is assumed to.
"""

from __future__ import annotations

import json
import json.scanner
import math
from collections.abc import Callable
from typing import Any

from amplify_fakes._service.errors import BadRequestException

_fast_dumps: Callable[[Any], bytes] | None
try:
    from orjson import dumps as _fast_dumps
except ImportError:  # PyPy: pyproject installs orjson on CPython only
    _fast_dumps = None

#: API Gateway's payload limit: a larger body is a 413 before the service sees it.
MAX_BODY = 10 * 1024 * 1024

#: Nesting limit of a request body. The deepest request contract is 6 levels; deeper
#: values would only make every recursive walk (logging, masking, repr) fragile.
MAX_DEPTH = 64

# Answers are trees built per request, so no circularity bookkeeping.
_stdlib_encode = json.JSONEncoder(separators=(",", ":"), check_circular=False).encode


def encode(value: Any, *, floats: bool = True) -> bytes:
    """``value`` in the canonical compact form, as bytes.

    ``floats=False`` promises that ``value`` holds no float (an answer whose contract has
    no number member): then orjson may write it.

    >>> encode({"jobId": "j1", "status": "COMPLETED"}, floats=False)
    b'{"jobId":"j1","status":"COMPLETED"}'
    >>> encode({"ttl": 1e16, "name": "café"})
    b'{"ttl":1e+16,"name":"caf\\\\u00e9"}'
    """
    if not floats and _fast_dumps is not None:
        try:
            written = _fast_dumps(value)
        except TypeError:  # orjson.JSONEncodeError: a big integer, a lone surrogate
            pass
        else:
            if written.isascii() and b"\x7f" not in written:
                return written
    return _stdlib_encode(value).encode()


def numbers_in(schema: Any) -> bool:
    """True when a JSON Schema lets a value hold a number (a float) anywhere.

    >>> numbers_in({"type": "object", "properties": {"n": {"type": "number"}}})
    True
    >>> numbers_in({"type": "array", "items": {"type": "string"}})
    False
    """
    if isinstance(schema, dict):
        kind = schema.get("type")
        if kind == "number" or (isinstance(kind, list) and "number" in kind):
            return True
        return any(numbers_in(item) for item in schema.values())
    if isinstance(schema, list):
        return any(numbers_in(item) for item in schema)
    return False


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return out


class _NotJsonNumber(ValueError):
    pass


def _no_constant(name: str) -> float:
    raise _NotJsonNumber(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise _NotJsonNumber(f"{text[:30]} is out of range")
    return value


# One decoder for every request: json.loads with hooks would build a new one per call.
_decode = json.JSONDecoder(
    object_pairs_hook=_no_duplicates,
    parse_constant=_no_constant,  # NaN and Infinity: Python reads them, JSON has none
    parse_float=_finite,  # 1e400 would be read as inf
).decode


# The same rules, with every object read as a tuple of (name, value) pairs: built in C
# (no Python call per object), and duplicate members are still there to be counted. The
# decoder's scanner is called directly: a body botocore writes has no whitespace around
# it, and one that has is left to parse_body.
_pairs_decoder = json.JSONDecoder(
    object_pairs_hook=tuple, parse_constant=_no_constant, parse_float=_finite
)
_scan_pairs: Callable[[str, int], tuple[Any, int]] = json.scanner.make_scanner(
    _pairs_decoder  # type: ignore[arg-type]  # typeshed: the decoder is the context
)

#: A body is read as pairs only when it has fewer brackets than this (so it cannot nest
#: deeper than :data:`MAX_DEPTH`, and no walk over it can recurse deeper).
_PAIRS_BRACKETS = MAX_DEPTH


def parse_pairs(body: bytes) -> tuple[tuple[str, Any], ...] | None:
    """The JSON object in ``body`` as nested pair tuples (arrays stay lists), or None when
    :func:`parse_body` would refuse it or must look closer (then ask it for the answer).

    Objects become tuples of ``(name, value)`` pairs, in the body's order and with any
    duplicate members kept, so a reader can rename, check and count them in one walk.
    Arrays are lists, so an object and an array can never be mistaken for one another.

    >>> parse_pairs(b'{"a": {"b": [1, {}]}, "a": null}')
    (('a', (('b', [1, ()]),)), ('a', None))
    >>> parse_pairs(b"[1]") is None, parse_pairs(b"") == (), parse_pairs(b' {}') is None
    (True, True, True)
    """
    if not body or body == b"{}":
        return ()
    if body.count(b"{") + body.count(b"[") >= _PAIRS_BRACKETS:
        return None
    try:
        text = body.decode("utf-8")
        value, end = _scan_pairs(text, 0)
    except (ValueError, RecursionError, StopIteration):  # UnicodeDecodeError: a ValueError
        return None
    return value if end == len(text) and type(value) is tuple else None


def _too_deep(value: Any, limit: int) -> bool:
    """True when ``value`` nests objects/arrays more than ``limit`` levels (no recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item
        for child in children:
            if isinstance(child, (dict, list)):
                if depth >= limit:
                    return True
                stack.append((child, depth + 1))
    return False


def parse_body(body: bytes) -> dict[str, Any]:
    """The JSON object in ``body`` ({} when empty), or BadRequestException.

    >>> parse_body(b'{"backendEnvironmentName": "dev"}')
    {'backendEnvironmentName': 'dev'}
    """
    if body == b"{}" or not body.strip():
        return {}
    try:
        value = _decode(body.decode("utf-8"))
    except _NotJsonNumber as bad:
        raise BadRequestException(f"Invalid request body: {bad}") from None
    except _DuplicateKey as dup:
        raise BadRequestException(
            f"Invalid request body: duplicate member {dup.args[0][:100]!r}"
        ) from None
    except UnicodeDecodeError:
        raise BadRequestException("Invalid request body: not UTF-8") from None
    except RecursionError:
        raise BadRequestException(
            f"Invalid request body: nested deeper than {MAX_DEPTH} levels"
        ) from None
    except ValueError:
        raise BadRequestException("Invalid request body: not valid JSON") from None
    if not isinstance(value, dict):
        raise BadRequestException("Invalid request body: expected a JSON object")
    # Only a body with enough brackets can be too deep: count them (fast) before walking.
    if body.count(b"{") + body.count(b"[") > MAX_DEPTH and _too_deep(value, MAX_DEPTH):
        raise BadRequestException(f"Invalid request body: nested deeper than {MAX_DEPTH} levels")
    return value
