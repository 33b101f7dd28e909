"""The one validation entry point: :class:`Schema` and :func:`violations`.

Requests, responses, snapshots and Update merges are all checked here, against a
:class:`Schema`: a contract's part (:func:`contract_schema`), a sub-schema of one, or a
schema of the project's own (the snapshot format). Each has two validators, both built
once, on first use:

- a fast one (see :mod:`amplify_fakes.contracts._fast`) that only answers "valid or not";
- jsonschema's own, which writes the report as :class:`~amplify_fakes.errors.Violation`
  objects (JSON path, rule, message), the one form every caller reports.

Every value is checked: the fast validator decides the happy path, and anything it
rejects (or any schema it does not cover) goes through jsonschema, which alone decides
what is reported. A value the fast validator rejects but jsonschema accepts is accepted.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from amplify_fakes.contracts._fast import FastCheck, compile_fast
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


class Schema:
    """A JSON Schema to validate against, with its validators built on first use.

    >>> names = Schema("names", {"type": "array", "items": {"type": "string"}})
    >>> violations(names, ["a", 1])
    [Violation(path='$[1]', rule='type', message='expected string, got integer')]
    """

    __slots__ = ("_fast", "_full", "dialect", "name", "schema")

    def __init__(self, name: str, schema: dict[str, Any], dialect: str | None = None):
        self.name = name
        self.schema = schema
        self.dialect = dialect or schema.get("$schema")
        self._full: jsonschema.protocols.Validator | None = None
        self._fast: dict[bool, FastCheck | None] = {}

    def full(self) -> jsonschema.protocols.Validator:
        """jsonschema's validator (it alone writes reports)."""
        if self._full is None:
            import jsonschema  # about 0.1 s to import: only failures and reports need it

            schema = dict(self.schema)
            if self.dialect is not None:
                schema["$schema"] = self.dialect
            validator_class = jsonschema.validators.validator_for(schema)
            self._full = validator_class(schema)
        return self._full

    def fast(self, strict: bool = False) -> FastCheck | None:
        """The fast validator (None when the schema uses what it does not cover)."""
        if strict not in self._fast:
            self._fast[strict] = compile_fast(self.schema, self.dialect, strict)
        return self._fast[strict]

    def accepts(self, value: Any, strict: bool = False) -> bool:
        """True when the fast validator accepts ``value`` (False: ask :func:`violations`)."""
        check = self.fast(strict)
        if check is None:
            return False
        try:
            return check(value)
        except Exception:  # e.g. comparing an odd number type: let jsonschema decide
            return False

    def __repr__(self) -> str:
        return f"Schema({self.name!r})"


@functools.cache
def contract_schema(operation: str, key: str, *pointer: str) -> Schema:
    """``$defs[key]`` of an operation's contract, or the sub-schema at ``pointer`` (a
    path of ``properties`` names) inside it."""
    contract = document(operation)
    schema = contract["$defs"][key]
    for name in pointer:
        schema = schema["properties"][name]
    return Schema(f"{operation} {key}", schema, contract["$schema"])


def violations(schema: Schema, value: Any, *, strict: bool = False) -> list[Violation]:
    """Every violation of ``value`` (sorted by path, then rule); [] when it is valid.

    With ``strict``, members the schema does not list are violations too, wherever the
    schema would allow them.
    """
    if schema.accepts(value, strict):
        return []
    validator = schema.full()
    found = (
        []
        if validator.is_valid(value)
        else [v for error in validator.iter_errors(value) for v in _violations(error)]
    )
    if strict:
        listed = {v.path for v in found if v.rule == "additionalProperties"}
        found += [
            Violation(path, "additionalProperties", "member not in the contract")
            for path in _unknown(value, schema.schema)
            if path not in listed
        ]
    found.sort(key=lambda v: (v.path, v.rule))
    return found


@functools.cache
def compiled(operation: str, key: str) -> jsonschema.protocols.Validator:
    """jsonschema's validator for ``$defs[key]`` of an operation's contract."""
    return contract_schema(operation, key).full()


def fast(operation: str, key: str, strict: bool = False) -> FastCheck | None:
    """The fast validator for ``$defs[key]`` of an operation's contract (None when the
    schema or its draft uses something it does not cover)."""
    return contract_schema(operation, key).fast(strict)


def check(operation: str, key: str, value: Any, part: str, level: str) -> None:
    """Raise :class:`ContractViolation` listing every violation of ``value``; else None."""
    schema = contract_schema(operation, key)
    if schema.accepts(value):
        return
    found = violations(schema, value)
    if found:
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


def _unknown(value: Any, schema: dict[str, Any]) -> list[str]:
    out: list[str] = []
    _walk_unknown(value, schema, [], out)
    return out


def unknown_members(operation: str, key: str, value: Any) -> list[str]:
    """JSON paths of members in ``value`` that ``$defs[key]`` of the contract does not list."""
    return _unknown(value, document(operation)["$defs"][key])


def check_strict(operation: str, key: str, value: Any, part: str, level: str) -> None:
    """Like :func:`check`, and also reject members the contract does not list."""
    found = violations(contract_schema(operation, key), value, strict=True)
    if found:
        raise ContractViolation(operation, part, level, found)
