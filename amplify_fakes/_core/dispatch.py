"""The one place behaviour lives: WireRequest -> route -> validate -> handler -> WireResponse."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

from amplify_fakes._core import answers, codec
from amplify_fakes._core.jsonbody import encode, json_copy, parse_body
from amplify_fakes._core.router import CACHE_SIZE, Match, Router
from amplify_fakes._core.wire import WireRequest, WireResponse
from amplify_fakes._service import deploy, pending
from amplify_fakes._service.context import Context
from amplify_fakes._service.errors import (
    BadRequestException,
    NotFoundException,
    RequestEntityTooLargeException,
    ServiceError,
)
from amplify_fakes._service.handlers import HANDLERS
from amplify_fakes.contracts._validate import check, check_strict
from amplify_fakes.errors import ContractViolation, FakeDefectError

if TYPE_CHECKING:
    from amplify_fakes._fake import AmplifyBackendFake

_CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/\d{8}/([^/,\s]+)/")
_TWELVE_DIGITS = re.compile(r"^\d{12}$")
_JSON = "application/json"

#: API Gateway's payload limit: a larger body is a 413 before the service sees it.
MAX_BODY = 10 * 1024 * 1024

_router: Router | None = None


def router() -> Router:
    """The route table, built on first use."""
    global _router
    if _router is None:
        _router = Router()
    return _router


def _parse_scope(header: str) -> tuple[str, str, bool] | None:
    """(access key id, region, whether the key is a 12-digit account id) of a SigV4
    ``Authorization`` header, or None."""
    # match() at the one place the scope starts, not search(): searching a hostile header
    # of many "Credential=" backtracks quadratically (seconds of CPU for 64 KB); a scope
    # is short, so the match looks at 512 characters at most.
    start = header.find("Credential=")
    match = _CREDENTIAL.match(header, start, start + 512) if start >= 0 else None
    if match is None:
        return None
    key = match.group(1)
    return key, match.group(2), _TWELVE_DIGITS.match(key) is not None


# The in-process door writes the same header for a client all day (no signature), so
# most lookups hit; only headers of a plausible size are remembered.
_cached_scope = functools.lru_cache(maxsize=1024)(_parse_scope)
_CACHED_HEADER_LENGTH = 2048


def identity(headers: Any, fake: AmplifyBackendFake) -> tuple[str, str, str | None]:
    """(account, region, access key id) of a request, from its SigV4 credential scope.

    Precedence: the fake's registered access keys, then an access key id that is itself a
    12-digit account id, then the fake's default account. The region is the credential
    scope's; unsigned requests get the fake's default region.
    """
    header = headers.get("authorization", "")
    parse = _cached_scope if len(header) <= _CACHED_HEADER_LENGTH else _parse_scope
    scope = parse(header)
    if scope is None:
        return fake.account_id, fake.region, None
    key, region, key_is_account = scope
    account = fake.access_keys.get(key)
    if account is None:
        account = key if key_is_account else fake.account_id
    return account, region, key


# A request's SDK params are a function of its route match and body bytes: those of a
# valid request with a small body (every read and most writes) are remembered, so the same
# request again skips parsing, renaming and validation. A fresh copy per request; bounded.
#: Bodies up to this many bytes are remembered.
REMEMBERED_BODY = 512
# (params, whether every member is a leaf: then a shallow copy is a full one)
_valid_params: dict[tuple[Match, bytes], tuple[dict[str, Any], bool]] = {}


def _remember_valid(key: tuple[Match, bytes], params: dict[str, Any]) -> None:
    if len(_valid_params) >= CACHE_SIZE:
        _valid_params.clear()
    flat = not any(isinstance(value, (dict, list)) for value in params.values())
    _valid_params[key] = (json_copy(params), flat)


def _violation_error(violation: ContractViolation) -> BadRequestException:
    details = "; ".join(str(v) for v in violation.errors[:10])
    more = f" (and {len(violation.errors) - 10} more)" if len(violation.errors) > 10 else ""
    count = len(violation.errors)
    return BadRequestException(f"{count} validation error(s) detected: {details}{more}")


def handle(fake: AmplifyBackendFake, request: WireRequest) -> WireResponse:
    """Answer one request the way the service would, and log it in ``fake.calls``."""
    request_id = answers.new_request_id()
    account, region, access_key = identity(request.headers, fake)
    route = router().match(request.method, request.path)
    if route is None:
        error: ServiceError = NotFoundException(
            f"No amplifybackend operation at {request.method} {request.path[:200]}", "Operation"
        )
        fake.record(None, {}, error, None, account, region)
        return answers.service_error(error, request_id)
    operation = route.operation
    params: dict[str, Any] = {}
    try:
        raw = request.body
        if len(raw) > MAX_BODY:
            raise RequestEntityTooLargeException(
                f"Request Too Long: the body is {len(raw)} bytes, the limit {MAX_BODY}"
            )
        small = len(raw) <= REMEMBERED_BODY
        known = _valid_params.get((route, raw)) if small else None
        if known is not None:
            params = dict(known[0]) if known[1] else json_copy(known[0])
        else:
            body = parse_body(raw)
            wire_params = dict(route.params)
            if body:
                clash = body.keys() & wire_params.keys()
                if clash:
                    raise BadRequestException(
                        f"{sorted(clash)[0]} is a path parameter and cannot be in the body"
                    )
                wire_params = {**body, **wire_params}
            params = codec.to_sdk(operation, "request", wire_params)
            try:
                check(operation, "request.wire", wire_params, "request", "wire")
            except ContractViolation as violation:
                raise _violation_error(violation) from None
            if small:
                _remember_valid((route, raw), params)
        latency, injected = fake.faults.pick(operation, params)
        if latency:
            fake.clock.sleep(latency)
        if injected is not None:
            raise injected
        result = fake.run(operation, account, region, params, access_key)
    except ServiceError as service_error:
        fake.record(operation, params, service_error, None, account, region)
        return answers.service_error(service_error, request_id)
    wire = codec.to_wire(operation, "response", result)
    if fake.strict:
        check_strict(operation, "response.wire", wire, "response", "wire")
    fake.record(operation, params, None, result, account, region)
    return WireResponse(200, {"Content-Type": _JSON, "x-amzn-RequestId": request_id}, encode(wire))


def run_handler(operation: str, ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    """Call the operation's handler; a non-service exception is a defect of the fake.

    Around it: resources whose jobs completed meanwhile are deployed first (and those
    the request itself completes, after), and a second job while one is pending is
    refused before the handler can change anything.
    """
    try:
        deploy.settle(ctx)
        pending.refuse_second_job(ctx, params)
        result = HANDLERS[operation](ctx, params)
        deploy.settle(ctx)
        return result
    except ServiceError:
        raise
    except Exception as exc:
        raise FakeDefectError(operation, params, exc) from exc
