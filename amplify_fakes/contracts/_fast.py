"""The fast validators: JSON Schemas compiled into plain Python closures.

A fast validator only answers "valid or not". It covers the keyword subset the contracts
use (``type``, ``properties``, ``required``, ``additionalProperties``, ``items``, ``enum``
and ``const`` of strings, ``minLength``/``maxLength``, ``minimum``/``maximum``, and
``propertyNames``, which the snapshot format uses; annotations and ``x-`` keywords are
ignored) with jsonschema's semantics for draft 6 and later. A schema using
anything else gets no fast validator (jsonschema alone decides).
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from typing import Any

FastCheck = Callable[[Any], bool]

_KEYWORDS = frozenset(
    {
        "type",
        "properties",
        "required",
        "additionalProperties",
        "items",
        "enum",
        "minLength",
        "maxLength",
        "minimum",
        "maximum",
        "const",
        "propertyNames",
    }
)
#: Keywords that never change whether a value is valid (also read by the request reader).
ANNOTATIONS = frozenset(
    {"$schema", "$comment", "title", "description", "default", "examples", "deprecated"}
)
# The drafts whose keyword semantics the closures follow, by the ``$schema`` URI that
# names them; a schema without one is read as the newest (as jsonschema does).
_FAST_DRAFTS = frozenset(
    {
        "http://json-schema.org/draft-06/schema",
        "http://json-schema.org/draft-07/schema",
        "https://json-schema.org/draft/2019-09/schema",
        "https://json-schema.org/draft/2020-12/schema",
    }
)


class _Unsupported(Exception):
    """The schema uses something the fast validator does not cover."""


def _is_number(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(value, numbers.Number)


def _is_integer(value: Any) -> bool:  # draft 6+: 1.0 is an integer
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


_TYPES: dict[str, FastCheck] = {
    "string": lambda value: isinstance(value, str),
    "object": lambda value: isinstance(value, dict),
    "array": lambda value: isinstance(value, list),
    "boolean": lambda value: isinstance(value, bool),
    "null": lambda value: value is None,
    "number": _is_number,
    "integer": _is_integer,
}


def _always(_: Any) -> bool:
    return True


def _type_check(types: Any) -> FastCheck:
    if isinstance(types, str):
        names = [types]
    elif isinstance(types, list) and all(isinstance(t, str) for t in types):
        names = list(types)
    else:
        raise _Unsupported("type")
    if any(name not in _TYPES for name in names):
        raise _Unsupported("type")
    if len(names) == 1:
        return _TYPES[names[0]]
    checks = [_TYPES[name] for name in names]
    return lambda value: any(check(value) for check in checks)


def _string_check(schema: dict[str, Any], typed: bool) -> FastCheck | None:
    """One closure for a string's type, enum and length rules (None: no string rules)."""
    enum = schema.get("enum")
    if enum is not None and not (isinstance(enum, list) and all(isinstance(e, str) for e in enum)):
        raise _Unsupported("enum")
    allowed = frozenset(enum) if enum is not None else None
    low, high = schema.get("minLength"), schema.get("maxLength")
    for bound in (low, high):
        if bound is not None and not _is_integer(bound):
            raise _Unsupported("minLength/maxLength")
    if not typed and allowed is None and low is None and high is None:
        return None

    def check(value: Any) -> bool:
        if not isinstance(value, str):
            # enum: a non-string never equals one of the (string) members
            return not typed and allowed is None
        if allowed is not None and value not in allowed:
            return False
        if low is not None and len(value) < low:
            return False
        return high is None or len(value) <= high

    return check


def _number_check(schema: dict[str, Any]) -> FastCheck | None:
    low, high = schema.get("minimum"), schema.get("maximum")
    for bound in (low, high):
        if bound is not None and not _is_number(bound):
            raise _Unsupported("minimum/maximum")
    if low is None and high is None:
        return None

    def check(value: Any) -> bool:
        if not _is_number(value):
            return True
        if low is not None and value < low:
            return False
        return high is None or value <= high

    return check


def _object_check(schema: dict[str, Any], typed: bool, strict: bool) -> FastCheck | None:
    """``properties``, ``required`` and ``additionalProperties`` in one closure.

    ``strict`` also rejects members ``properties`` does not list (what
    :func:`unknown_members` reports) in an object whose ``type`` is ``"object"``.
    """
    properties = schema.get("properties", {})
    required = schema.get("required", [])
    extra = schema.get("additionalProperties", True)
    if not isinstance(properties, dict) or not isinstance(required, list):
        raise _Unsupported("properties/required")
    closed = extra is False or (strict and schema.get("type") == "object")
    if not typed and not properties and not required and extra is True and not closed:
        return None
    members = {name: _compile(sub, strict) for name, sub in properties.items()}
    needed = tuple(required)
    if isinstance(extra, bool):
        rest: FastCheck | None = None
    elif isinstance(extra, dict):
        rest = _compile(extra, strict)
    else:
        raise _Unsupported("additionalProperties")

    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return not typed
        for name in needed:
            if name not in value:
                return False
        for name, item in value.items():
            member = members.get(name)
            if member is not None:
                if not member(item):
                    return False
            elif closed or (rest is not None and not rest(item)):
                return False
        return True

    return check


def _array_check(schema: dict[str, Any], typed: bool, strict: bool) -> FastCheck | None:
    if "items" not in schema:
        return _TYPES["array"] if typed else None
    items = schema["items"]
    if not isinstance(items, dict):
        raise _Unsupported("items")
    item = _compile(items, strict)

    def check(value: Any) -> bool:
        if not isinstance(value, list):
            return not typed
        return all(item(entry) for entry in value)

    return check


def _const_check(schema: dict[str, Any]) -> FastCheck | None:
    """``const`` of a string (other constants are left to jsonschema: 1 equals 1.0 there)."""
    if "const" not in schema:
        return None
    constant = schema["const"]
    if not isinstance(constant, str):
        raise _Unsupported("const")
    return lambda value: isinstance(value, str) and value == constant


def _property_names_check(schema: dict[str, Any]) -> FastCheck | None:
    """``propertyNames``: every member name of an object is valid against the subschema."""
    if "propertyNames" not in schema:
        return None
    names = _compile(schema["propertyNames"])
    return lambda value: not isinstance(value, dict) or all(names(name) for name in value)


def _compile(schema: Any, strict: bool = False) -> FastCheck:
    """A closure answering "is ``value`` valid against ``schema``" (see the module doc)."""
    if schema is True:
        return _always
    if not isinstance(schema, dict):
        raise _Unsupported("boolean schema")
    for keyword in schema:
        if keyword not in _KEYWORDS and keyword not in ANNOTATIONS and not keyword.startswith("x-"):
            raise _Unsupported(keyword)
    kind = schema.get("type")
    # The common shapes get a single closure that also checks the type.
    if kind == "string" and not _KEYWORDS.intersection(schema).difference(
        {"type", "enum", "minLength", "maxLength"}
    ):
        found = _string_check(schema, typed=True)
        if found is not None:
            return found
    if kind == "object" and not _KEYWORDS.intersection(schema).difference(
        {"type", "properties", "required", "additionalProperties"}
    ):
        found = _object_check(schema, typed=True, strict=strict)
        if found is not None:
            return found
    if kind == "array" and not _KEYWORDS.intersection(schema).difference({"type", "items"}):
        found = _array_check(schema, typed=True, strict=strict)
        if found is not None:
            return found
    checks = [] if kind is None else [_type_check(kind)]
    for part in (
        _string_check(schema, typed=False),
        _number_check(schema),
        _object_check(schema, typed=False, strict=strict),
        _array_check(schema, typed=False, strict=strict),
        _const_check(schema),
        _property_names_check(schema),
    ):
        if part is not None:
            checks.append(part)
    if not checks:
        return _always
    if len(checks) == 1:
        return checks[0]
    return lambda value: all(check(value) for check in checks)


def compile_fast(schema: Any, dialect: str | None, strict: bool = False) -> FastCheck | None:
    """The fast validator for ``schema`` of the draft ``dialect`` names (its ``$schema``),
    or None when the draft or a keyword is not covered. With ``strict``, members the
    schema does not list also make a value invalid.

    >>> check = compile_fast({"type": "string", "maxLength": 3}, None)
    >>> check("abc"), check("abcd")
    (True, False)
    """
    if dialect is not None and dialect.rstrip("#") not in _FAST_DRAFTS:
        return None
    try:
        return _compile(schema, strict)
    except _Unsupported:
        return None
