"""JSON text as JavaScript's ``JSON.stringify`` writes it, and JavaScript's truthiness.

codegen writes its documents with ``JSON.stringify(doc, null, 4)`` and hashes
``JSON.stringify(list)``. Python's :func:`json.dumps` lays objects out the same way, but it
writes numbers differently (``1.0`` against ``1``, ``1e-05`` against ``0.00001``, integers
past 2**53 exactly against JavaScript's rounded double) and cannot escape one extra
character; this module writes the JavaScript text.
"""

from __future__ import annotations

import json
import math
import re
from decimal import Decimal
from typing import Any

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_SAFE_INTEGER = 2**53


def stringify(value: Any, indent: int | None = None, *, escape: str = "") -> str:
    """``JSON.stringify(value, null, indent)``.

    ``value`` is made of dicts (keys in insertion order, as JavaScript objects with name
    keys keep them), lists, str, int, float, bool and None. ``escape``: characters written
    as ``\\uXXXX`` inside strings besides those JSON requires (the text still parses to
    the same value).
    """
    parts: list[str] = []
    _write(value, parts, indent, "", escape)
    return "".join(parts)


def number(value: int | float) -> str:
    """How JavaScript prints the number ``value`` (ints are doubles there)."""
    if isinstance(value, bool):
        raise TypeError("a bool is not a number")
    if isinstance(value, int):
        if -_SAFE_INTEGER <= value <= _SAFE_INTEGER:
            return str(value)
        value = float(value)
    if math.isnan(value) or math.isinf(value):
        return "null"
    if value == 0:
        return "0"
    sign, digits, exponent = Decimal(repr(value)).normalize().as_tuple()
    assert isinstance(exponent, int)
    text = "".join(map(str, digits))
    point = len(text) + exponent  # the decimal point sits after this many digits
    if len(text) <= point <= 21:
        out = text + "0" * (point - len(text))
    elif 0 < point <= 21:
        out = f"{text[:point]}.{text[point:]}"
    elif -6 < point <= 0:
        out = "0." + "0" * -point + text
    else:
        mantissa = text[0] + ("." + text[1:] if len(text) > 1 else "")
        shift = point - 1
        out = f"{mantissa}e{'+' if shift >= 0 else '-'}{abs(shift)}"
    return ("-" if sign else "") + out


def truthy(value: Any) -> bool:
    """Whether JavaScript treats ``value`` as true (``[]`` and ``{}`` are; ``""``, 0 are not)."""
    if isinstance(value, list | dict):
        return True
    if isinstance(value, float) and math.isnan(value):
        return False
    return bool(value)


def _string(text: str, escape: str) -> str:
    out = json.dumps(text, ensure_ascii=False)
    for char in escape:
        out = out.replace(char, f"\\u{ord(char):04x}")
    # JSON.stringify writes an unpaired surrogate as an escape (ES2019 well-formed stringify)
    return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", out)


def _write(value: Any, parts: list[str], indent: int | None, pad: str, escape: str) -> None:
    if value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif isinstance(value, str):
        parts.append(_string(value, escape))
    elif isinstance(value, int | float):
        parts.append(number(value))
    elif isinstance(value, dict):
        _container(
            [(_string(str(k), escape) + (": " if indent else ":"), v) for k, v in value.items()],
            "{}",
            parts,
            indent,
            pad,
            escape,
        )
    elif isinstance(value, list | tuple):
        _container([("", v) for v in value], "[]", parts, indent, pad, escape)
    else:
        raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _container(
    items: list[tuple[str, Any]],
    brackets: str,
    parts: list[str],
    indent: int | None,
    pad: str,
    escape: str,
) -> None:
    if not items:
        parts.append(brackets)
        return
    inner = pad + " " * indent if indent else pad
    parts.append(brackets[0])
    for position, (prefix, item) in enumerate(items):
        if position:
            parts.append(",")
        if indent:
            parts.append("\n" + inner)
        parts.append(prefix)
        _write(item, parts, indent, inner, escape)
    if indent:
        parts.append("\n" + pad)
    parts.append(brackets[1])
