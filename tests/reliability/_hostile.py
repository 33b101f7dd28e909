"""Hostile requests for every operation, and the one rule every answer must follow.

A hostile request starts from a valid one (``strategies.requests(op, level="wire")``) and
is then broken in one way: a member's value replaced by garbage of the wrong type (deep
nesting, a 1 MB string, NUL bytes, unicode, huge numbers), a member removed or added, a
path parameter replaced by ``..``, ``%2F``, spaces or a very long id, or the body's bytes
corrupted (invalid UTF-8, invalid JSON, a duplicate key, nothing at all). The contract
itself is the oracle for "certainly invalid": whatever the contract rejects, the fake
must reject with a documented 4xx.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import jsonschema
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from amplify_fakes import AmplifyBackendFake, contracts, strategies
from amplify_fakes._core.wire import WireRequest, WireResponse
from amplify_fakes._fake import core_of
from amplify_fakes._server.http import PROTOCOL_ERRORS
from amplify_fakes._service.errors import ERRORS
from amplify_fakes.contracts._validate import check
from amplify_fakes.errors import ContractViolation
from tests.fake.operations._support import MIN_API, MIN_AUTH, MIN_STORAGE

OPERATIONS = contracts.operations()

#: Documented error types of the core, and of the HTTP adapter, with their statuses.
CORE_ERRORS = {name: cls.status for name, cls in ERRORS.items()}
CORE_ERRORS["RequestEntityTooLargeException"] = 413
CORE_ERRORS["MissingAuthenticationTokenException"] = 403  # API Gateway: no such route
HTTP_ERRORS = {**CORE_ERRORS, **{code: status for status, code in PROTOCOL_ERRORS.items()}}

#: The seeded backend the hostile requests aim at (so they reach deep into the handlers).
APP, ENV, RESOURCE = "d1hostile", "dev", "hostileres"


def fuzz(max_examples: int) -> settings:
    """Hypothesis settings: bounded, no deadline (loaded machines), the repo profile's seed."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
        ],
        database=None,
    )


BIG = "x" * 1_000_000
DEPTH = 1000
# Values that json.dumps cannot write (too deep) or should not copy around (1 MB):
# placeholders, replaced in the serialised body.
_DEEP_OBJECT = "\x01deep-object\x01"
_DEEP_ARRAY = "\x01deep-array\x01"
_BIG = "\x01big\x01"
_RAW = {
    json.dumps(_DEEP_OBJECT): b'{"a":' * DEPTH + b"1" + b"}" * DEPTH,
    json.dumps(_DEEP_ARRAY): b"[" * DEPTH + b"]" * DEPTH,
    json.dumps(_BIG): json.dumps(BIG).encode(),
}

SPECIAL_STRINGS = [
    "",
    " ",
    "..",
    "../..",
    "/",
    "%2F",
    "a b",
    "a/b",
    "\x00",
    "nul\x00byte",
    "\u202eevil",
    "é🚀漢字",
    "\ud800",
    "\\",
    '"',
    "<script>alert(1)</script>",
    "${jndi:ldap://x}",
    "x" * 10_000,
]
#: (text, raw): raw text goes into the URI as it is; otherwise it is the id, percent-encoded.
PATH_ATTACKS = [
    ("..", True),
    ("%2e%2e", True),
    ("%2F", True),
    ("a%2Fb", True),
    ("%00", True),
    ("%ff%fe", True),
    ("a b", True),
    ("é", True),
    (";", True),
    ("?x=1", True),
    ("", True),
    ("../../etc/passwd", False),
    ("a/b", False),
    ("a b", False),
    ("\x00", False),
    ("y" * 20_000, False),
]

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
    | st.sampled_from(SPECIAL_STRINGS)
    | st.sampled_from([_DEEP_OBJECT, _DEEP_ARRAY, _BIG])
)
garbage = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)
extra_names = st.sampled_from(
    ["extra", "AppId", "__proto__", "constructor", "clientSecret", "", " ", "a.b", "\x00"]
) | st.text(max_size=8)


def members(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every member and list item inside ``value``."""
    found: list[tuple[Any, ...]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            found.append((*prefix, key))
            found.extend(members(item, (*prefix, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.append((*prefix, index))
            found.extend(members(item, (*prefix, index)))
    return found


def objects(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every object inside ``value`` (including ``value`` itself)."""
    return [
        path
        for path in [prefix, *members(value, prefix)]
        if isinstance(_at(value, path[len(prefix) :]), dict)
    ]


def _at(value: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        value = value[step]
    return value


@dataclass
class Hostile:
    """One hostile request at the wire level (before it becomes bytes)."""

    operation: str
    kind: str
    params: dict[str, Any]  # wire-level: path parameters (URI names) and body members
    raw_path: dict[str, str]  # path parameters to put into the URI as they are
    body: bytes
    certainly_invalid: bool  # the contract (or JSON itself) rejects it: 4xx expected

    @property
    def method(self) -> str:
        return str(contracts.contract(self.operation)["x-amplifybackend"]["http"]["method"])

    @property
    def path(self) -> str:
        return path_for(self.operation, self.params, self.raw_path)

    def __repr__(self) -> str:  # hypothesis prints failing examples: keep them short
        body = self.body[:300] + (b"..." if len(self.body) > 300 else b"")
        return (
            f"Hostile({self.operation}, {self.kind}, {self.method} {self.path[:200]!r}, {body!r})"
        )


def path_parameters(operation: str) -> list[str]:
    """The wire names of the operation's path parameters, in URI order."""
    return [p["wire"] for p in contracts.contract(operation)["x-amplifybackend"]["pathParameters"]]


def path_for(operation: str, params: dict[str, Any], raw: dict[str, str] | None = None) -> str:
    """The request path: path parameters percent-encoded (or raw, for an attack)."""
    path = str(contracts.contract(operation)["x-amplifybackend"]["http"]["requestUri"])
    for name in path_parameters(operation):
        if raw and name in raw:
            text = raw[name]
        else:
            value = as_path_value(params.get(name, ""))
            text = quote(value.encode("utf-8", "surrogatepass"), safe="")
        path = path.replace("{" + name + "}", text)
    return path


def as_path_value(value: Any) -> str:
    """What a path parameter becomes: text (a non-string is written as its JSON)."""
    return value if isinstance(value, str) else json.dumps(value)


def core_view(operation: str, params: dict[str, Any]) -> dict[str, Any]:
    """The wire-level request as the core sees it: path parameters are always strings."""
    return {
        **body_of(operation, params),
        **{name: as_path_value(params.get(name, "")) for name in path_parameters(operation)},
    }


def body_of(operation: str, params: dict[str, Any]) -> dict[str, Any]:
    """The body members of wire-level ``params`` (everything but the path parameters)."""
    names = set(path_parameters(operation))
    return {k: v for k, v in params.items() if k not in names}


def dumps(value: Any) -> bytes:
    """JSON bytes, with the deep and big placeholders written out."""
    text = json.dumps(value).encode()
    for placeholder, raw in _RAW.items():
        text = text.replace(placeholder.encode(), raw)
    return text


def _contract_rejects(operation: str, params: dict[str, Any]) -> bool:
    if any(
        placeholder in json.dumps(params) for placeholder in (_DEEP_OBJECT[1:-1], _DEEP_ARRAY[1:-1])
    ):
        return True  # 1000 levels: over the nesting limit wherever it is
    try:
        check(
            operation,
            "request.wire",
            json.loads(json.dumps(params).replace(_BIG, BIG)),
            "request",
            "wire",
        )
    except ContractViolation:
        return True
    return False


def _aim(operation: str, params: dict[str, Any]) -> None:
    """Point the request's ids at the seeded backend (most of the time)."""
    for name, value in (
        ("appId", APP),
        ("backendEnvironmentName", ENV),
        ("resourceName", RESOURCE),
    ):
        if name in params:
            params[name] = value


@st.composite
def hostile_requests(draw: st.DrawFn, operation: str) -> Hostile:
    """A request of ``operation`` broken in one way (see the module docstring)."""
    params: dict[str, Any] = copy.deepcopy(draw(strategies.requests(operation, level="wire")))
    if draw(st.integers(0, 3)):
        _aim(operation, params)
    kinds = ["replace", "remove", "add", "path", "utf8", "json", "duplicate", "not-object", "empty"]
    kind = draw(st.sampled_from(kinds))
    raw_path: dict[str, str] = {}
    spots = members(params)
    if kind == "replace" and spots:
        spot = draw(st.sampled_from(spots))
        _at(params, spot[:-1])[spot[-1]] = draw(garbage)
    elif kind == "remove" and spots:
        spot = draw(st.sampled_from(spots))
        del _at(params, spot[:-1])[spot[-1]]
    elif kind == "add":
        where = draw(st.sampled_from(objects(params)))
        _at(params, where)[draw(extra_names)] = draw(garbage)
    elif kind == "path" and path_parameters(operation):
        name = draw(st.sampled_from(path_parameters(operation)))
        attack, raw = draw(st.sampled_from(PATH_ATTACKS))
        if raw:
            raw_path[name] = attack
        else:
            params[name] = attack
    body = body_of(operation, params)
    encoded = dumps(body)
    view = core_view(operation, params)
    # An empty path segment can route to another operation (…/job/dev/ is ListBackendJobs).
    routed = all(view[name] for name in path_parameters(operation))
    certainly_invalid = (
        kind in ("replace", "remove", "add") and routed and _contract_rejects(operation, view)
    )
    if kind == "utf8":
        at = draw(st.integers(0, len(encoded)))
        encoded = (
            encoded[:at]
            + draw(st.sampled_from([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\x80"]))
            + encoded[at:]
        )
        certainly_invalid = True
    elif kind == "json":
        encoded = draw(
            st.sampled_from(
                [
                    encoded[: max(1, len(encoded) // 2)],
                    encoded + b"}",
                    encoded.replace(b":", b"=", 1) if b":" in encoded else b"{=}",
                    b"{'single': 'quotes'}",
                    b'{"a": NaN}',
                    b'{"a": 1e400}',
                    b"{,}",
                    b"\x00",
                ]
            )
        )
        certainly_invalid = True
    elif kind == "duplicate":
        items = list(body.items()) or [("extra", 1)]
        pairs = [dumps(key) + b": " + dumps(value) for key, value in [items[0], *items]]
        encoded = b"{" + b", ".join(pairs) + b"}"
        certainly_invalid = True
    elif kind == "not-object":
        encoded = draw(st.sampled_from([b"[]", b"[{}]", b'"text"', b"42", b"null", b"true"]))
        certainly_invalid = True
    elif kind == "empty":
        encoded = draw(st.sampled_from([b"", b" ", b"\r\n"]))
        required = contracts.schema(operation, "request", level="wire").get("required", [])
        certainly_invalid = any(name not in path_parameters(operation) for name in required)
    return Hostile(operation, kind, params, raw_path, encoded, certainly_invalid)


# -- the rule --------------------------------------------------------------------------------


def documented_error(
    status: int, headers: dict[str, str], body: bytes, operation: str | None, known: dict[str, int]
) -> str:
    """Check an error answer: a documented 4xx, JSON ``{"message": ...}``; returns its type."""
    lowered = {k.lower(): v for k, v in headers.items()}
    assert 400 <= status < 500, f"not a 4xx: {status} {body[:300]!r}"
    assert lowered.get("content-type") == "application/json", lowered
    code = lowered.get("x-amzn-errortype", "")
    assert known.get(code) == status, f"undocumented error {code!r} with status {status}"
    assert lowered.get("x-amzn-requestid"), "no x-amzn-RequestId"
    document = json.loads(body)
    assert isinstance(document, dict), document
    assert isinstance(document.get("message"), str), document
    assert "Traceback" not in document["message"]
    if operation is not None and code in ERRORS:
        schema = contracts.contract(operation)["$defs"][f"error.{code}.wire"]
        jsonschema.validate(document, schema)
    if code == "NotFoundException":
        assert isinstance(document.get("resourceType"), str), document
    return code


def core_error(response: WireResponse, operation: str | None) -> str:
    """:func:`documented_error` for an answer of the core."""
    return documented_error(
        response.status, response.headers, response.body, operation, CORE_ERRORS
    )


# -- the seeded fake -------------------------------------------------------------------------


def seeded_fake() -> AmplifyBackendFake:
    """A strict fake (virtual clock: snapshots do not move) holding one of everything."""
    fake = AmplifyBackendFake(strict=True, jobs="immediate", clock="virtual")
    fake.seed_ids(7)
    fake.add_backend(
        APP,
        ENV,
        app_name="hostile",
        api={RESOURCE: copy.deepcopy(MIN_API)},
        auth={RESOURCE: copy.deepcopy(MIN_AUTH)},
        storage={RESOURCE: copy.deepcopy(MIN_STORAGE)},
    )
    fake.add_bucket("hostile-bucket")
    for method, path, body in (
        ("POST", f"/backend/{APP}/challenge", {}),
        ("POST", f"/backend/{APP}/config", {"backendManagerAppId": APP}),
        (
            "POST",
            f"/backend/{APP}/storage",
            {
                "backendEnvironmentName": ENV,
                "resourceName": "second",
                "resourceConfig": {"serviceName": "S3", "permissions": {"authenticated": ["READ"]}},
            },
        ),
    ):
        answer = core_of(fake).handle(WireRequest(method, path, {}, json.dumps(body).encode()))
        assert answer.status == 200, answer.body
    fake.calls.clear()
    return fake
