"""Hypothesis strategies derived from the contracts, for property-based tests of callers.

>>> from hypothesis import given
>>> from amplify_fakes import strategies
>>> @given(strategies.requests("ListBackendJobs"))
... def test_request_is_valid(params):
...     assert 1 <= params.get("MaxResults", 1) <= 25
>>> test_request_is_valid()

Every strategy is built from the operation's contract (one source of truth) and cached.
:class:`AmplifyBackendMachine` is a state machine over the fake, checked by a small model;
subclass it to drive your own wrapper code (see its docstring).
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import Any, NamedTuple
from urllib.parse import quote

from hypothesis import strategies as st

from amplify_fakes import contracts
from amplify_fakes._strategies import invalid as _invalid
from amplify_fakes._strategies.build import contract_strategy
from amplify_fakes._strategies.machine import AmplifyBackendMachine
from amplify_fakes._strategies.names import STRING_HINTS
from amplify_fakes.contracts._validate import json_path
from amplify_fakes.errors import UsageError, Violation

__all__ = [
    "AmplifyBackendMachine",
    "ErrorResponse",
    "HttpRequest",
    "InvalidRequest",
    "errors",
    "invalid_requests",
    "requests",
    "responses",
]

_LEVELS = ("sdk", "wire")


def _level(level: str) -> str:
    if level not in _LEVELS:
        raise UsageError(f"level must be one of 'sdk', 'wire', not {level!r}")
    return level


class HttpRequest(NamedTuple):
    """An HTTP request as bytes to send: method, raw (percent-encoded) path, JSON body."""

    method: str
    path: str
    body: bytes


@dataclass(frozen=True)
class InvalidRequest:
    """A request that breaks exactly one rule of its contract.

    ``violation.path`` is the JSON path of the broken member and ``violation.rule`` the
    JSON Schema keyword (``required``, ``enum``, ``type``, ``maximum``, ``minimum``,
    ``minLength``, ``additionalProperties``), as ``validate_request`` reports it.
    """

    operation: str
    level: str
    params: dict[str, Any]
    violation: Violation

    def __repr__(self) -> str:
        return f"InvalidRequest({self.operation}, {self.violation.rule} at {self.violation.path}, params={self.params!r})"

    def http_request(self) -> HttpRequest:
        """The HTTP request carrying a ``level="wire"`` example past any SDK.

        boto3 cannot send most invalid requests (its serializer raises ``KeyError`` on an
        unknown member, and ``ParamValidationError`` on a missing one); send this one with
        any HTTP client to a ``FakeServer`` or ``amplify-fakes serve``. Path parameters fill
        the contract's URI template, percent-encoded (a missing or empty one leaves its
        segment empty); every other member goes into the JSON body::

            request = example.http_request()
            http.client.HTTPConnection(host, port).request(*request)
        """
        if self.level != "wire":
            raise UsageError(
                "http_request() needs a wire-level example: invalid_requests(op, 'wire')"
            )
        binding = contracts.contract(self.operation)["x-amplifybackend"]
        path, body = binding["http"]["requestUri"], dict(self.params)
        for parameter in binding["pathParameters"]:
            value = body.pop(parameter["wire"], None)
            text = value if isinstance(value, str) else ""
            path = path.replace("{" + parameter["wire"] + "}", quote(text, safe=""))
        return HttpRequest(binding["http"]["method"], path, json.dumps(body).encode())


@dataclass(frozen=True)
class ErrorResponse:
    """A documented error answer: code (``x-amzn-ErrorType``), HTTP status, body.

    ``body`` is the wire JSON (``message``, ``resourceType``/``limitType``);
    ``modeled_fields`` the same extras at SDK level, as ``Stubber.add_client_error``
    takes them.
    """

    operation: str
    code: str
    status: int
    message: str
    body: dict[str, Any]
    modeled_fields: dict[str, Any]


@functools.cache
def requests(operation: str, level: str = "sdk") -> st.SearchStrategy[dict[str, Any]]:
    """Valid request parameters of ``operation`` (``level``: ``"sdk"`` or ``"wire"``).

    Every example passes ``validate_request`` and botocore's own parameter validation;
    identifiers look like the service's (``d1…`` app ids, short lowercase environment
    names); required members are always present, optional ones sometimes. Examples
    shrink towards fewer optional members, shorter lists and the first enum value.

    >>> from amplify_fakes.strategies import requests
    >>> from hypothesis import find
    >>> sorted(find(requests("GetBackendJob"), lambda params: True))
    ['AppId', 'BackendEnvironmentName', 'JobId']
    """
    return contract_strategy(operation, "request", _level(level))


@functools.cache
def responses(operation: str, level: str = "sdk") -> st.SearchStrategy[dict[str, Any]]:
    """Valid responses of ``operation``, accepted by ``validate_response`` and by
    ``botocore.stub.Stubber.add_response`` (SDK level). Shrinks like :func:`requests`.
    Values look like the service's (ISO 8601 times, ``Ttl`` in whole seconds, JSON
    documents where the service sends JSON), and a ``NextToken`` is sometimes present,
    so a caller's pagination loop gets exercised.
    """
    return contract_strategy(operation, "response", _level(level))


@functools.cache
def invalid_requests(operation: str, level: str = "sdk") -> st.SearchStrategy[InvalidRequest]:
    """Requests that break exactly one contract rule each, with the rule they break.

    A valid request is drawn, then one mutation is chosen among those that apply to it:
    drop a required member, set an enum outside its list, give a member a value of the
    wrong type, go past a numeric range, empty a path parameter, or add an unknown member.
    ``validate_request`` reports exactly ``violation``; the fake answers 400.
    """
    schema = contracts.schema(operation, "request", _level(level))
    valid = requests(operation, level)

    @st.composite
    def build(draw: st.DrawFn) -> InvalidRequest:
        params = draw(valid)
        candidates = list(_invalid.mutations(schema, params))
        rule, path, apply = draw(st.sampled_from(candidates))
        broken = apply(_copy(params))
        return InvalidRequest(
            operation,
            level,
            broken,
            Violation(json_path(path), rule, _invalid.describe(rule, path)),
        )

    return build()


def _copy(value: dict[str, Any]) -> dict[str, Any]:
    import copy

    return copy.deepcopy(value)


_RESOURCE_TYPES = [
    "App",
    "BackendEnvironment",
    "API",
    "Auth",
    "Storage",
    "Job",
    "Token",
    "BackendConfig",
]
_LIMIT_TYPES = ["Requests", "RequestsPerSecond"]


@functools.cache
def errors(operation: str) -> st.SearchStrategy[ErrorResponse]:
    """The documented error answers of ``operation`` (BadRequestException 400,
    NotFoundException 404 with ``resourceType``, TooManyRequestsException 429 with
    ``limitType``, GatewayTimeoutException 504), with realistic messages."""
    meta = contracts.contract(operation)["x-amplifybackend"]["errors"]
    message = STRING_HINTS["description"]

    def one(code: str) -> st.SearchStrategy[ErrorResponse]:
        def make(text: str, resource: str, limit: str) -> ErrorResponse:
            body: dict[str, Any] = {"message": text}
            fields: dict[str, Any] = {}
            if code == "NotFoundException":
                body["resourceType"] = fields["ResourceType"] = resource
            if code == "TooManyRequestsException":
                body["limitType"] = fields["LimitType"] = limit
            return ErrorResponse(operation, code, meta[code]["status"], text, body, fields)

        return st.builds(
            make, message, st.sampled_from(_RESOURCE_TYPES), st.sampled_from(_LIMIT_TYPES)
        )

    return st.one_of([one(code) for code in sorted(meta)])
