"""A request's SDK params in one walk: check, rename and build them from the body's pairs.

Reading a request the long way takes four passes over its body: parsing with a Python
hook per object (to refuse duplicate members), the contract check, the rename to SDK
names, and a copy (the handler keeps parts of its params in the state, and the call log
must not see them change). A :class:`Reader` is compiled once per operation from the
contract's ``request.wire`` and ``request.sdk`` schemas, walked side by side as the codec
walks them, and checks, renames and builds both trees in one walk over the pair tuples of
:func:`~amplify_fakes._core.jsonbody.parse_pairs` (parsed in C, duplicates kept to count).

It only ever says yes: for anything it does not recognise as valid (a wrong type, an
unknown or missing or duplicate member, a path parameter also in the body, a body it could
not parse) it answers None, and the dispatcher reads the request the long way, where the
contract check (:func:`amplify_fakes.contracts._validate.check`) decides and reports.
Leaves are checked by the contract's own fast validators
(:func:`amplify_fakes.contracts._fast.compile_fast`), so the rules for a string, a number
or an enum exist once; only a string or boolean member whose one rule is its type (or a
string enum) is tested in line, a type test and a set lookup instead of a call.
``tests/core/test_reader.py`` pins that whatever it accepts is what the long way answers.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from amplify_fakes import contracts
from amplify_fakes._core.jsonbody import MAX_BODY, parse_pairs
from amplify_fakes._core.router import Match
from amplify_fakes.contracts._fast import ANNOTATIONS, FastCheck, compile_fast

#: What a reader answers for a value it does not accept.
_NO = object()

_OBJECT_KEYWORDS = frozenset({"type", "properties", "required", "additionalProperties"})
_ARRAY_KEYWORDS = frozenset({"type", "items"})
_LEAF_TYPES = frozenset({"string", "number", "integer", "boolean", "null"})

# A wire value -> its SDK value twice (equal trees sharing no container), or _NO.
Read = Callable[[Any], Any]


class _Unsupported(Exception):
    """The schema uses something a reader does not cover (the long way reads it)."""


def _keywords(schema: dict[str, Any]) -> set[str]:
    return {k for k in schema if k not in ANNOTATIONS and not k.startswith("x-")}


def _leaf(schema: dict[str, Any], dialect: str | None) -> FastCheck:
    kind = schema.get("type")
    kinds = [kind] if isinstance(kind, str) else kind
    if not isinstance(kinds, list) or not kinds or not _LEAF_TYPES.issuperset(kinds):
        raise _Unsupported("a leaf must have a scalar type")  # objects arrive as pairs
    check = compile_fast(schema, dialect)
    if check is None:
        raise _Unsupported("no fast validator")
    return check


# A member as an object reader holds it: (SDK name, the exact type of a leaf tested in
# line, the strings such a leaf may be (None: any), the leaf's check when it is not tested
# in line, the reader of a container).
_Member = tuple[str, type | None, frozenset[str] | None, FastCheck | None, Read | None]

# Leaves tested in line: a JSON string or boolean with no rule beyond its type (and, for
# a string, an enum): the parse makes exactly str and bool, so a type test is the rule.
_IN_LINE = {"string": str, "boolean": bool}


def _in_line(schema: dict[str, Any]) -> tuple[type, frozenset[str] | None] | None:
    kind = schema.get("type")
    exact = _IN_LINE.get(kind) if isinstance(kind, str) else None
    rules = _keywords(schema) - {"type"}
    if exact is None or not rules <= {"enum"}:
        return None
    if not rules:
        return exact, None
    enum = schema["enum"]
    if exact is not str or not isinstance(enum, list) or not all(type(e) is str for e in enum):
        return None
    return exact, frozenset(enum)


def _members(
    wire: dict[str, Any], sdk: dict[str, Any], dialect: str | None
) -> tuple[dict[str, _Member], tuple[str, ...]]:
    members: dict[str, _Member] = {}
    pairs = zip(wire.get("properties", {}).items(), sdk.get("properties", {}).items(), strict=True)
    for (wire_name, wire_sub), (sdk_name, sdk_sub) in pairs:
        if not isinstance(wire_sub, dict):
            raise _Unsupported("boolean schema")
        if wire_sub.get("type") in ("object", "array"):
            members[wire_name] = (sdk_name, None, None, None, _compile(wire_sub, sdk_sub, dialect))
            continue
        check = _leaf(wire_sub, dialect)  # also when tested in line: it must compile
        in_line = _in_line(wire_sub)
        if in_line is None:
            members[wire_name] = (sdk_name, None, None, check, None)
        else:
            members[wire_name] = (sdk_name, *in_line, None, None)
    required = wire.get("required", [])
    if not isinstance(required, list) or any(name not in members for name in required):
        raise _Unsupported("required")
    return members, tuple(members[name][0] for name in required)


def _object(wire: dict[str, Any], sdk: dict[str, Any], dialect: str | None) -> Read:
    if not _keywords(wire) <= _OBJECT_KEYWORDS or not isinstance(
        wire.get("additionalProperties", True), bool
    ):
        raise _Unsupported("object keywords")
    members, required = _members(wire, sdk, dialect)
    get = members.get

    def read_object(value: Any) -> Any:
        if type(value) is not tuple:
            return _NO
        out: dict[str, Any] = {}
        twin: dict[str, Any] = {}
        for name, item in value:
            member = get(name)
            if member is None:  # unknown members are the long way's to judge
                return _NO
            sdk_name, exact, allowed, check, read = member
            if exact is not None:
                if type(item) is not exact or (allowed is not None and item not in allowed):
                    return _NO
                out[sdk_name] = twin[sdk_name] = item
            elif read is None:
                if not check(item):  # type: ignore[misc]  # a leaf has its check
                    return _NO
                out[sdk_name] = twin[sdk_name] = item
            else:
                both = read(item)
                if both is _NO:
                    return _NO
                out[sdk_name], twin[sdk_name] = both
        if len(out) != len(value):  # a duplicate member
            return _NO
        for sdk_name in required:
            if sdk_name not in out:
                return _NO
        return out, twin

    return read_object


def _array(wire: dict[str, Any], sdk: dict[str, Any], dialect: str | None) -> Read:
    items = wire.get("items")
    if not _keywords(wire) <= _ARRAY_KEYWORDS or not isinstance(items, dict):
        raise _Unsupported("array keywords")
    if items.get("type") not in ("object", "array"):
        check = _leaf(items, dialect)

        def read_leaves(value: Any) -> Any:
            if type(value) is not list:
                return _NO
            for item in value:
                if not check(item):
                    return _NO
            return value, value[:]  # the parse's own list, and its twin

        return read_leaves
    read = _compile(items, sdk["items"], dialect)

    def read_array(value: Any) -> Any:
        if type(value) is not list:
            return _NO
        out = []
        twin = []
        for item in value:
            both = read(item)
            if both is _NO:
                return _NO
            out.append(both[0])
            twin.append(both[1])
        return out, twin

    return read_array


def _compile(wire: dict[str, Any], sdk: dict[str, Any], dialect: str | None) -> Read:
    kind = wire.get("type")
    if kind == "object":
        return _object(wire, sdk, dialect)
    if kind == "array":
        return _array(wire, sdk, dialect)
    raise _Unsupported("a container must be an object or an array")


class Reader:
    """The request reader of one operation (see the module doc).

    >>> import json
    >>> from amplify_fakes._core.router import Match
    >>> route = Match("GetBackend", (("appId", "d1"),))
    >>> params, twin = reader("GetBackend").read(route, b'{"backendEnvironmentName": "dev"}')
    >>> params, params == twin and params is not twin
    ({'BackendEnvironmentName': 'dev', 'AppId': 'd1'}, True)
    >>> reader("GetBackend").read(route, b'{"appId": "d2"}') is None  # also in the path
    True
    """

    __slots__ = ("_read",)

    def __init__(self, read: Read):
        self._read = read

    def read(self, route: Match, body: bytes) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """The SDK params of a request the contract accepts, twice (two equal trees that
        share no container), or None (read it the long way)."""
        if len(body) > MAX_BODY:
            return None
        pairs = parse_pairs(body)
        if pairs is None:
            return None
        both = self._read(pairs + route.params if route.params else pairs)
        return None if both is _NO else both


@functools.cache
def reader(operation: str) -> Reader | None:
    """The operation's reader, or None when its request schema uses what readers do not
    cover (then every request is read the long way)."""
    contract = contracts.contract(operation)
    defs = contract["$defs"]
    try:
        return Reader(_compile(defs["request.wire"], defs["request.sdk"], contract["$schema"]))
    except _Unsupported:
        return None
