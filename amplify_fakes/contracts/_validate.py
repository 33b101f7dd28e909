"""Compiled validators for the contract schemas, and readable violations.

Two validators per schema, both built once per process:

- a fast one (:func:`fast`) that only answers "valid or not". It covers the keyword
  subset the contracts use (``type``, ``properties``, ``required``,
  ``additionalProperties``, ``items``, ``enum`` of strings, ``minLength``/``maxLength``,
  ``minimum``/``maximum``; annotations and ``x-`` keywords are ignored) with
  jsonschema's semantics for draft 6 and later, as plain Python closures;
- jsonschema's own (:func:`compiled`), which writes the report.

Every value is checked: the fast validator decides the happy path, and anything it
rejects (or any schema it does not cover) goes through jsonschema, which alone decides
what is reported. A value the fast validator rejects but jsonschema accepts is accepted.
"""

from __future__ import annotations

import functools
import json
import numbers
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from amplify_fakes.contracts._store import document
from amplify_fakes.errors import ContractViolation, Violation

if TYPE_CHECKING:  # imported where used: a value the fast path accepts never needs it
    import jsonschema
    from jsonschema.exceptions import ValidationError

_MAX_SHOWN = 60
_REQUIRED = re.compile(r"^'(.+)' is a required property$")
_JSON_TYPE = {
    bool: "boolean",
    int: "integer",
    float: "number",
    str: "string",
    list: "array",
    dict: "object",
    type(None): "null",
}


def _shown(value: Any) -> str:
    """A short, safe rendering of a value for a message (long values are cut)."""
    try:
        text = json.dumps(value, ensure_ascii=False, default=repr)
    except ValueError:  # circular structures
        text = repr(type(value))
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"


def json_path(parts: Iterable[str | int]) -> str:
    """``["A", 0, "B"]`` -> ``$.A[0].B``."""
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _violations(error: ValidationError) -> list[Violation]:
    base = list(error.absolute_path)
    rule = str(error.validator)
    value = error.instance
    if rule == "required":
        match = _REQUIRED.match(error.message)
        member = match.group(1) if match else "?"
        return [Violation(json_path([*base, member]), rule, "required member is missing")]
    if rule == "additionalProperties" and isinstance(value, dict):
        known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        return [
            Violation(json_path([*base, str(k)]), rule, "unknown member (not in the contract)")
            for k in value
            if k not in known
        ]
    if rule == "type":
        got = _JSON_TYPE.get(type(value), type(value).__name__)
        return [Violation(json_path(base), rule, f"expected {error.validator_value}, got {got}")]
    if rule == "enum":
        allowed_values: list[Any] = list(error.validator_value)  # type: ignore[arg-type]
        allowed = ", ".join(str(v) for v in allowed_values)
        return [Violation(json_path(base), rule, f"{_shown(value)} is not one of: {allowed}")]
    if rule in ("minimum", "maximum", "minLength", "maxLength"):
        bound = error.validator_value
        return [Violation(json_path(base), rule, f"{_shown(value)} breaks {rule} {bound}")]
    return [Violation(json_path(base), rule, error.message[:200])]


@functools.cache
def compiled(operation: str, key: str) -> jsonschema.protocols.Validator:
    """The validator for ``$defs[key]`` of an operation's contract, built once."""
    import jsonschema  # about 0.1 s to import: only the failure path and reports need it

    contract = document(operation)
    schema = dict(contract["$defs"][key])
    schema["$schema"] = contract["$schema"]
    validator_class = jsonschema.validators.validator_for(schema)
    validator: jsonschema.protocols.Validator = validator_class(schema)
    return validator


# -- the fast path ---------------------------------------------------------------------

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
    }
)
_ANNOTATIONS = frozenset(
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


def _fast_draft(schema: dict[str, Any]) -> bool:
    """True when ``schema`` is of a draft the fast validator follows."""
    uri = schema.get("$schema")
    return uri is None or (isinstance(uri, str) and uri.rstrip("#") in _FAST_DRAFTS)


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


def _compile(schema: Any, strict: bool = False) -> FastCheck:
    """A closure answering "is ``value`` valid against ``schema``" (see the module doc)."""
    if schema is True:
        return _always
    if not isinstance(schema, dict):
        raise _Unsupported("boolean schema")
    for keyword in schema:
        if (
            keyword not in _KEYWORDS
            and keyword not in _ANNOTATIONS
            and not keyword.startswith("x-")
        ):
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
    ):
        if part is not None:
            checks.append(part)
    if not checks:
        return _always
    if len(checks) == 1:
        return checks[0]
    return lambda value: all(check(value) for check in checks)


@functools.cache
def fast(operation: str, key: str, strict: bool = False) -> FastCheck | None:
    """The fast validator for ``$defs[key]`` of an operation's contract, built once.

    None when the schema (or its draft) uses something the fast validator does not
    cover; callers then use jsonschema alone. With ``strict``, members the schema does
    not list also make a value invalid.
    """
    contract = document(operation)
    if not _fast_draft(contract):
        return None
    try:
        return _compile(contract["$defs"][key], strict)
    except _Unsupported:
        return None


def _fast_accepts(operation: str, key: str, value: Any, strict: bool = False) -> bool:
    check = fast(operation, key, strict)
    if check is None:
        return False
    try:
        return check(value)
    except Exception:  # e.g. comparing an odd number type: let jsonschema decide
        return False


def check(operation: str, key: str, value: Any, part: str, level: str) -> None:
    """Raise :class:`ContractViolation` listing every violation of ``value``; else None."""
    if _fast_accepts(operation, key, value):
        return
    validator = compiled(operation, key)
    if validator.is_valid(value):
        return
    found = [v for error in validator.iter_errors(value) for v in _violations(error)]
    found.sort(key=lambda v: (v.path, v.rule))
    raise ContractViolation(operation, part, level, found)


def _walk_unknown(
    value: Any, schema: dict[str, Any], path: list[str | int], out: list[str]
) -> None:
    if isinstance(value, dict) and schema.get("type") == "object":
        known = schema.get("properties", {})
        for key, item in value.items():
            if key in known:
                _walk_unknown(item, known[key], [*path, key], out)
            else:
                out.append(json_path([*path, key]))
    elif isinstance(value, list) and schema.get("type") == "array":
        for index, item in enumerate(value):
            _walk_unknown(item, schema["items"], [*path, index], out)


def unknown_members(operation: str, key: str, value: Any) -> list[str]:
    """JSON paths of members in ``value`` that ``$defs[key]`` of the contract does not list."""
    out: list[str] = []
    _walk_unknown(value, document(operation)["$defs"][key], [], out)
    return out


def check_strict(operation: str, key: str, value: Any, part: str, level: str) -> None:
    """Like :func:`check`, and also reject members the contract does not list."""
    if _fast_accepts(operation, key, value, strict=True):
        return
    try:
        check(operation, key, value, part, level)
        found: list[Violation] = []
    except ContractViolation as violation:
        found = list(violation.errors)
    found += [
        Violation(path, "additionalProperties", "member not in the contract")
        for path in unknown_members(operation, key, value)
    ]
    if found:
        raise ContractViolation(operation, part, level, found)
