"""The one place behaviour lives: WireRequest -> route -> validate -> handler -> WireResponse.

A :class:`Dispatcher` is the core of one fake: both doors hand it wire requests. Routing,
parsing and validation happen outside the service's lock; fault injection, the handler,
the rendering of the answer and its call-log entry happen under it, so the call log's
order is the order of the state changes.
"""

from __future__ import annotations

import functools
import logging
import re
from typing import Any

from amplify_fakes import contracts
from amplify_fakes._core import answers, codec
from amplify_fakes._core.jsonbody import MAX_BODY, encode, numbers_in, parse_body
from amplify_fakes._core.memo import ParamsMemo
from amplify_fakes._core.reader import reader
from amplify_fakes._core.router import Match, Router
from amplify_fakes._core.wire import WireRequest, WireResponse
from amplify_fakes._service.errors import (
    BadRequestException,
    MissingAuthenticationTokenException,
    RequestEntityTooLargeException,
    ServiceError,
)
from amplify_fakes._service.service import Service
from amplify_fakes._service.values import json_copy
from amplify_fakes.contracts._validate import check, check_strict
from amplify_fakes.errors import ContractViolation

_CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/\d{8}/([^/,\s]+)/")
_TWELVE_DIGITS = re.compile(r"^\d{12}$")

_router: Router | None = None

LOG = logging.getLogger("amplify_fakes")


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


def identity(headers: Any, service: Service) -> tuple[str, str, str | None]:
    """(account, region, access key id) of a request, from its SigV4 credential scope.

    Precedence: the fake's registered access keys, then an access key id that is itself a
    12-digit account id, then the fake's default account. The region is the credential
    scope's; unsigned requests get the fake's default region.
    """
    header = headers.get("authorization", "")
    parse = _cached_scope if len(header) <= _CACHED_HEADER_LENGTH else _parse_scope
    scope = parse(header)
    if scope is None:
        return service.account_id, service.region, None
    key, region, key_is_account = scope
    account = service.access_keys.get(key)
    if account is None:
        account = key if key_is_account else service.account_id
    return account, region, key


def _violation_error(violation: ContractViolation) -> BadRequestException:
    details = "; ".join(str(v) for v in violation.errors[:10])
    more = f" (and {len(violation.errors) - 10} more)" if len(violation.errors) > 10 else ""
    count = len(violation.errors)
    return BadRequestException(f"{count} validation error(s) detected: {details}{more}")


@functools.cache
def _answer_has_numbers(operation: str) -> bool:
    """Whether the operation's answer can hold a float (then orjson may not write it)."""
    return numbers_in(contracts.contract(operation)["$defs"]["response.wire"])


class Dispatcher:
    """The core of one fake: answers wire requests from its :class:`Service`.

    It remembers the SDK params of valid small requests (see :class:`ParamsMemo`);
    :meth:`forget` empties that memory (the fake's reset, the end of a mock).
    """

    __slots__ = ("_memo", "service")

    def __init__(self, service: Service):
        self.service = service
        self._memo = ParamsMemo()

    def forget(self) -> None:
        """Drop everything remembered from requests (their bodies may hold secrets)."""
        self._memo.clear()

    def handle(self, request: WireRequest) -> WireResponse:
        """Answer one request the way the service would, and log it in the call log."""
        service = self.service
        request_id = answers.new_request_id()
        account, region, access_key = identity(request.headers, service)
        route = router().match(request.method, request.path)
        if route is None:
            # API Gateway's answer; the hint goes to the log, not into the wire body.
            error: ServiceError = MissingAuthenticationTokenException()
            LOG.warning(
                "no amplifybackend operation at %r %r: answered 403 %s as API Gateway does "
                "(check the method and the path, and the endpoint URL's prefix)",
                request.method[:20],
                request.path[:200],
                error.code,
            )
            with service.lock:
                service.record(None, {}, error, None, account, region)
            return answers.service_error(error, request_id)
        operation = route.operation
        params: dict[str, Any] = {}
        try:
            raw = request.body
            # Two equal trees: ``own`` for the handler to keep, ``params`` for the call log.
            known = self._memo.get(route, raw)
            if known is not None:
                own, params = known
            else:
                fast = reader(operation)  # one walk for what the contract accepts
                both = None if fast is None else fast.read(route, raw)
                if both is not None:
                    own, params = both
                else:  # the long way, which decides and explains
                    params, wire_params = _parse(route, raw)
                    try:  # a refused request is logged with the params it had
                        check(operation, "request.wire", wire_params, "request", "wire")
                    except ContractViolation as violation:
                        raise _violation_error(violation) from None
                    own = json_copy(params)
                self._memo.put(route, raw, params)
            with service.lock:
                latency, injected = service.faults.pick(operation, params)
            if latency:
                service.clock.sleep(latency)  # outside the lock: other requests go on
            with service.lock:
                if injected is not None:
                    raise injected
                result = service.run(operation, account, region, own, access_key)
                wire = codec.to_wire(operation, "response", result)
                if service.strict:
                    check_strict(operation, "response.wire", wire, "response", "wire")
                service.record(operation, params, None, result, account, region)
        except ServiceError as service_error:
            with service.lock:
                service.record(operation, params, service_error, None, account, region)
            return answers.service_error(service_error, request_id)
        body = encode(wire, floats=_answer_has_numbers(operation))
        return WireResponse(
            200, {"Content-Type": answers.JSON, "x-amzn-RequestId": request_id}, body
        )


def _parse(route: Match, raw: bytes) -> tuple[dict[str, Any], dict[str, Any]]:
    """(SDK params, wire params) of a request: path parameters and body, not yet checked."""
    if len(raw) > MAX_BODY:
        raise RequestEntityTooLargeException(
            f"Request Too Long: the body is {len(raw)} bytes, the limit {MAX_BODY}"
        )
    body = parse_body(raw)
    wire_params = dict(route.params)
    if body:
        clash = body.keys() & wire_params.keys()
        if clash:
            raise BadRequestException(
                f"{sorted(clash)[0]} is a path parameter and cannot be in the body"
            )
        wire_params = {**body, **wire_params}
    return codec.to_sdk(route.operation, "request", wire_params), wire_params
