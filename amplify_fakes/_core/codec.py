"""camelCase wire dicts <-> PascalCase SDK dicts, driven by the contracts.

The ``sdk`` and ``wire`` schemas of each contract list the same members in the same
order, so walking them side by side gives the name map; nothing here names a member.
"""

from __future__ import annotations

import functools
from typing import Any, Union

from amplify_fakes import contracts

# An object converter maps a source name to (target name, converter of its value);
# a list converter converts each item; None means "leave the value as it is".
Converter = Union[tuple[str, dict[str, tuple[str, "Converter"]]], tuple[str, "Converter"], None]  # noqa: UP007 - a recursive alias needs Union


def _compile(source: dict[str, Any], target: dict[str, Any]) -> Converter:
    kind = source.get("type")
    if kind == "object":
        names: dict[str, tuple[str, Converter]] = {}
        pairs = zip(
            source.get("properties", {}).items(), target.get("properties", {}).items(), strict=True
        )
        for (source_name, source_sub), (target_name, target_sub) in pairs:
            names[source_name] = (target_name, _compile(source_sub, target_sub))
        if all(src == dst and conv is None for src, (dst, conv) in names.items()):
            return None
        return ("object", names)
    if kind == "array":
        item = _compile(source["items"], target["items"])
        return None if item is None else ("array", item)
    return None


def convert(converter: Converter, value: Any) -> Any:
    """Rename ``value``'s members with ``converter``; unknown members pass unchanged."""
    if converter is None:
        return value
    kind, spec = converter
    if kind == "object":
        if not isinstance(value, dict):
            return value
        names: dict[str, tuple[str, Converter]] = spec  # type: ignore[assignment]
        out: dict[str, Any] = {}
        for key, item in value.items():
            entry = names.get(key)
            if entry is None:
                out[key] = item
            else:
                out[entry[0]] = convert(entry[1], item)
        return out
    if not isinstance(value, list):
        return value
    return [convert(spec, item) for item in value]  # type: ignore[arg-type]


@functools.cache
def converter(operation: str, part: str, direction: str) -> Converter:
    """The converter for ``part`` (``request``/``response``/``error.<Name>``) of an operation.

    ``direction`` is ``"to_sdk"`` or ``"to_wire"``.
    """
    defs = contracts.contract(operation)["$defs"]
    sdk, wire = defs[f"{part}.sdk"], defs[f"{part}.wire"]
    return _compile(wire, sdk) if direction == "to_sdk" else _compile(sdk, wire)


def to_sdk(operation: str, part: str, value: Any) -> Any:
    """A wire-level value as the SDK names it."""
    return convert(converter(operation, part, "to_sdk"), value)


def to_wire(operation: str, part: str, value: Any) -> Any:
    """An SDK-level value as it crosses the wire."""
    return convert(converter(operation, part, "to_wire"), value)
