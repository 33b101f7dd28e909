"""JSON Schema contracts for every amplifybackend operation, and validators built from them.

Each of the 31 operations has one JSON document (JSON Schema draft 2020-12, written in the
keyword subset draft-07 tools also read) with its HTTP binding, request and response
schemas at two levels, and its error responses:

- ``sdk``: the PascalCase dicts a boto3 caller passes and gets back;
- ``wire``: the names as they cross HTTP. A wire request is one object holding the URI's
  path parameters (under their URI names) merged with the JSON body members.

>>> from amplify_fakes import contracts
>>> len(contracts.operations())
31
>>> contracts.schema("ListBackendJobs", "request")["properties"]["MaxResults"]["maximum"]
25
>>> contracts.validate_request("GetBackend", {"AppId": "d1abc"}) is None
True
"""

from __future__ import annotations

import copy
from typing import Any

from amplify_fakes.contracts._openapi import openapi_document as _openapi_document
from amplify_fakes.contracts._store import document as _document
from amplify_fakes.contracts._store import documents as _documents
from amplify_fakes.contracts._store import operation_names as _operation_names
from amplify_fakes.contracts._validate import check as _check
from amplify_fakes.errors import ContractViolation, UsageError, Violation

__all__ = [
    "ContractViolation",
    "Violation",
    "contract",
    "openapi",
    "operations",
    "schema",
    "validate_request",
    "validate_response",
]

_PARTS = ("request", "response")
_LEVELS = ("sdk", "wire")


def _checked(name: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise UsageError(f"{name} must be one of {', '.join(map(repr, allowed))}, not {value!r}")
    return value


def operations() -> list[str]:
    """The 31 operation names in botocore's spelling (``CreateBackendAPI``), sorted."""
    return _operation_names()


def contract(operation: str) -> dict[str, Any]:
    """A copy of the whole contract document of ``operation`` (as stored in ``contracts/``).

    Raises :class:`~amplify_fakes.errors.UnknownOperationError` (a ``KeyError``) listing
    close matches for a name amplifybackend does not have.
    """
    return copy.deepcopy(_document(operation))


def schema(operation: str, part: str, level: str = "sdk") -> dict[str, Any]:
    """A standalone JSON Schema for one side of ``operation``.

    ``part`` is ``"request"`` or ``"response"``; ``level`` is ``"sdk"`` (PascalCase, what
    boto3 takes and returns) or ``"wire"`` (camelCase, path parameters merged with the body).
    The result is a fresh copy: change it freely.
    """
    key = f"{_checked('part', part, _PARTS)}.{_checked('level', level, _LEVELS)}"
    doc = _document(operation)
    result: dict[str, Any] = copy.deepcopy(doc["$defs"][key])
    result["$schema"] = doc["$schema"]
    return result


def openapi(*, stage_prefix: bool = False) -> dict[str, Any]:
    """All operations as one OpenAPI 3.1 document (a fresh dict), built from the contracts.

    ``stage_prefix=True`` writes the REST reference's ``/prod/...`` paths. The same
    document, without the prefix, is ``contracts/openapi.json``; for example, to fuzz a
    server with schemathesis::

        schema = schemathesis.openapi.from_dict(contracts.openapi())
    """
    return _openapi_document(_documents(), stage_prefix=stage_prefix)


def validate_request(operation: str, params: Any, level: str = "sdk") -> None:
    """Return None if ``params`` is a valid request for ``operation``, else raise.

    Raises :class:`ContractViolation` whose message names the operation, the JSON path of
    each offending member and the rule it broke; ``.errors`` lists them all.
    """
    _check(operation, f"request.{_checked('level', level, _LEVELS)}", params, "request", level)


def validate_response(operation: str, body: Any, level: str = "sdk") -> None:
    """Return None if ``body`` is a valid response of ``operation``, else raise.

    Responses may carry members the contract does not know (the service may add some);
    required members, types and enums are enforced. Raises :class:`ContractViolation`.
    """
    _check(operation, f"response.{_checked('level', level, _LEVELS)}", body, "response", level)
