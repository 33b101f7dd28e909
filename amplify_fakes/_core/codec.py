"""camelCase wire dicts <-> PascalCase SDK dicts, driven by the contracts.

The ``sdk`` and ``wire`` schemas of each contract list the same members in the same
order, so walking them side by side gives the name map; nothing here names a member.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from amplify_fakes import contracts

# A converter renames a value's members (recursively); None means "leave the value as it
# is". Converters are closures built once per operation and part.
Converter = Callable[[Any], Any] | None


def _flat_object(plain: dict[str, str]) -> Callable[[Any], Any]:
    """An object whose members are all leaves: one comprehension, no per-member branch."""
    get = plain.get

    def convert_flat_object(value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        return {get(key, key): item for key, item in value.items()}

    return convert_flat_object


def _object(
    plain: dict[str, str], nested: dict[str, tuple[str, Callable[[Any], Any]]]
) -> Callable[[Any], Any]:
    if not nested:
        return _flat_object(plain)

    def convert_object(value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        out: dict[str, Any] = {}
        for key, item in value.items():
            renamed = plain.get(key)
            if renamed is not None:
                out[renamed] = item
                continue
            entry = nested.get(key)
            if entry is None:
                out[key] = item  # unknown members pass unchanged
            else:
                out[entry[0]] = entry[1](item)
        return out

    return convert_object


def _array(item: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def convert_array(value: Any) -> Any:
        if not isinstance(value, list):
            return value
        return [item(entry) for entry in value]

    return convert_array


def _compile(source: dict[str, Any], target: dict[str, Any]) -> Converter:
    kind = source.get("type")
    if kind == "object":
        plain: dict[str, str] = {}
        nested: dict[str, tuple[str, Callable[[Any], Any]]] = {}
        pairs = zip(
            source.get("properties", {}).items(), target.get("properties", {}).items(), strict=True
        )
        for (source_name, source_sub), (target_name, target_sub) in pairs:
            sub = _compile(source_sub, target_sub)
            if sub is None:
                plain[source_name] = target_name
            else:
                nested[source_name] = (target_name, sub)
        if not nested and all(src == dst for src, dst in plain.items()):
            return None
        return _object(plain, nested)
    if kind == "array":
        item = _compile(source["items"], target["items"])
        return None if item is None else _array(item)
    return None


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
    convert_value = converter(operation, part, "to_sdk")
    return value if convert_value is None else convert_value(value)


def to_wire(operation: str, part: str, value: Any) -> Any:
    """An SDK-level value as it crosses the wire."""
    convert_value = converter(operation, part, "to_wire")
    return value if convert_value is None else convert_value(value)
