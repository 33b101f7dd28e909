"""Compiled validators for the contract schemas, and readable violations."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError

from amplify_fakes.contracts._store import document
from amplify_fakes.errors import ContractViolation, Violation

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
    contract = document(operation)
    schema = dict(contract["$defs"][key])
    schema["$schema"] = contract["$schema"]
    validator_class = jsonschema.validators.validator_for(schema)
    validator: jsonschema.protocols.Validator = validator_class(schema)
    return validator


def check(operation: str, key: str, value: Any, part: str, level: str) -> None:
    """Raise :class:`ContractViolation` listing every violation of ``value``; else None."""
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
