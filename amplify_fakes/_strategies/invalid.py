"""Requests that break exactly one contract rule, made by mutating a valid one."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any

from amplify_fakes.contracts._validate import json_path

Path = tuple[str | int, ...]
Mutation = tuple[str, Path, Callable[[Any], Any]]
UNKNOWN_MEMBER = "UnknownMember"
NOT_IN_ENUM = "NOT_A_VALID_VALUE"
_WRONG_TYPE: dict[str, Any] = {
    "string": 12345,
    "integer": "12",
    "number": "1.5",
    "boolean": "true",
    "array": {},
    "object": [],
}


def _setter(path: Path, value: Any) -> Callable[[Any], Any]:
    def apply(root: Any) -> Any:
        target = root
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = copy.deepcopy(value)
        return root

    return apply


def _dropper(path: Path) -> Callable[[Any], Any]:
    def apply(root: Any) -> Any:
        target = root
        for part in path[:-1]:
            target = target[part]
        del target[path[-1]]
        return root

    return apply


def mutations(schema: dict[str, Any], value: Any, path: Path = ()) -> Iterator[Mutation]:
    """Every single-rule mutation that applies to ``value`` (valid under ``schema``)."""
    kind = schema.get("type")
    if path and "enum" in schema:
        yield ("enum", path, _setter(path, NOT_IN_ENUM))
    elif path and kind in _WRONG_TYPE:
        yield ("type", path, _setter(path, _WRONG_TYPE[kind]))
    if kind == "integer" or kind == "number":
        if "maximum" in schema:
            yield ("maximum", path, _setter(path, schema["maximum"] + 1))
        if "minimum" in schema:
            yield ("minimum", path, _setter(path, schema["minimum"] - 1))
    if kind == "string" and schema.get("minLength", 0) >= 1 and "enum" not in schema:
        yield ("minLength", path, _setter(path, ""))
    if kind == "object" and isinstance(value, dict):
        properties = schema.get("properties", {})
        if UNKNOWN_MEMBER not in properties:
            yield (
                "additionalProperties",
                (*path, UNKNOWN_MEMBER),
                _setter((*path, UNKNOWN_MEMBER), "x"),
            )
        for member in schema.get("required", []):
            if member in value:
                yield ("required", (*path, member), _dropper((*path, member)))
        for member, item in value.items():
            if member in properties:
                yield from mutations(properties[member], item, (*path, member))
    if kind == "array" and isinstance(value, list):
        for index, item in enumerate(value):
            yield from mutations(schema["items"], item, (*path, index))


def describe(rule: str, path: Path) -> str:
    """A short human description of one mutation."""
    where = json_path(path)
    return {
        "required": f"dropped required member {where}",
        "enum": f"set {where} outside its enum",
        "type": f"gave {where} a value of the wrong type",
        "maximum": f"set {where} above its maximum",
        "minimum": f"set {where} below its minimum",
        "minLength": f"emptied {where}",
        "additionalProperties": f"added unknown member {where}",
    }[rule]
