"""The control API under ``/_fake/``: steer the fake over HTTP the way Python tests do.

JSON in, JSON out. Bad input is a 400 with ``{"error": "InvalidInput", "message": ...}``;
an unknown path is a 404 and a known path with the wrong method a 405, both in that shape.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.routing import Map, Rule

from amplify_fakes import __version__
from amplify_fakes._core.answers import json_error
from amplify_fakes._core.wire import WireRequest, WireResponse
from amplify_fakes._service.calls import Call
from amplify_fakes._service.clock import isoformat
from amplify_fakes._service.errors import StateFileError
from amplify_fakes._service.faults import FaultHandle
from amplify_fakes.errors import UnknownOperationError, UsageError, mask_secrets

if TYPE_CHECKING:
    from amplify_fakes._fake import AmplifyBackendFake

PREFIX = "/_fake"
MAX_ADVANCE = 100 * 365 * 24 * 3600.0  # a century: beyond that timestamps stop making sense

_NONE = type(None)
#: faults.add's keyword arguments and the JSON types each accepts.
FAULT_FIELDS: dict[str, tuple[type, ...]] = {
    "operation": (str,),
    "error": (str, _NONE),
    "status": (int, _NONE),
    "message": (str, _NONE),
    "times": (int, _NONE),
    "probability": (int, float, _NONE),
    "after": (int,),
    "latency": (int, float),
    "match": (dict, _NONE),
}
JOB_FAILURE_FIELDS: dict[str, tuple[type, ...]] = {"operation": (str,), "error": (str, _NONE)}
ADVANCE_FIELDS: dict[str, tuple[type, ...]] = {"seconds": (int, float)}
#: fake.add_app's arguments (camelCase, as the rest of the control API) and their types.
APP_FIELDS: dict[str, tuple[type, ...]] = {
    "appId": (str,),
    "appName": (str, _NONE),
    "environments": (list,),
    "accountId": (str, _NONE),
    "region": (str, _NONE),
}
_JSON_TYPES = {
    str: "a string",
    int: "an integer",
    float: "a number",
    dict: "an object",
    list: "an array",
}
_JSON_TYPES[_NONE] = "null"


class ControlError(Exception):
    """Bad control input (400), an unknown path (404) or a wrong method (405)."""

    def __init__(self, status: int, error: str, message: str, allow: str | None = None):
        super().__init__(message)
        self.status = status
        self.error = error
        self.message = message
        self.allow = allow


def _invalid(message: str) -> ControlError:
    return ControlError(400, "InvalidInput", message)


def json_response(status: int, value: Any, headers: dict[str, str] | None = None) -> WireResponse:
    """A JSON control response."""
    body = json.dumps(value, default=str).encode()
    return WireResponse(status, {"Content-Type": "application/json", **(headers or {})}, body)


def parse_json(body: bytes) -> Any:
    """The JSON value of a control request body (None when empty)."""
    if not body.strip():
        return None
    try:
        return json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise _invalid("request body is not UTF-8") from None
    except RecursionError:
        raise _invalid("request body is nested too deeply") from None
    except ValueError as exc:
        raise _invalid(f"request body is not valid JSON: {exc}") from None


def checked_arguments(value: Any, fields: dict[str, tuple[type, ...]], what: str) -> dict[str, Any]:
    """``value`` as keyword arguments, after checking its members' names and JSON types."""
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise _invalid(f"{what} takes a JSON object with members {', '.join(fields)}")
    unknown = sorted(set(value) - set(fields))
    if unknown:
        raise _invalid(
            f"{what} got unknown member(s) {', '.join(unknown)}; valid: {', '.join(fields)}"
        )
    for name, item in value.items():
        allowed = fields[name]
        if isinstance(item, bool) or not isinstance(item, allowed):
            kinds = " or ".join(_JSON_TYPES[kind] for kind in allowed if kind in _JSON_TYPES)
            raise _invalid(f"{what}: {name} must be {kinds}, not {json.dumps(item)[:100]}")
    return dict(value)


def call_view(index: int, call: Call) -> dict[str, Any]:
    """One call-log entry as JSON (secrets masked)."""
    return {
        "index": index,
        "operation": call.operation,
        "params": mask_secrets(call.params),
        "status": call.status,
        "error": call.error,
        "response": mask_secrets(call.response),
        "account": call.account,
        "region": call.region,
        "time": call.time,
    }


def fault_view(fault_id: int, handle: FaultHandle) -> dict[str, Any]:
    """One registered fault as JSON."""
    fault = handle.fault
    return {
        "id": fault_id,
        "operation": fault.operation,
        "error": fault.error,
        "message": fault.message,
        "times": fault.times,
        "probability": fault.probability,
        "after": fault.after,
        "latency": fault.latency,
        "match": fault.match,
        "injected": fault.injected,
    }


@dataclass(frozen=True)
class Endpoint:
    """One control operation: method, path below the prefix, what it does."""

    method: str
    path: str
    summary: str


ENDPOINTS = (
    Endpoint("GET", "", "this index"),
    Endpoint("POST", "/reset", "forget all state, calls, faults and defects; reset the clock"),
    Endpoint("GET", "/snapshot", "the whole state as a snapshot document"),
    Endpoint("POST", "/restore", "replace the state with the posted snapshot (checked first)"),
    Endpoint("GET", "/faults", "the registered faults"),
    Endpoint("POST", "/faults", "add a fault: the arguments of fake.faults.add as an object"),
    Endpoint("DELETE", "/faults", "remove every fault and pending job failure"),
    Endpoint("DELETE", "/faults/{id}", "remove one fault"),
    Endpoint("POST", "/faults/job-failure", "make the next job of an operation fail"),
    Endpoint("GET", "/calls", "the call log, secrets masked (?operation=Name filters)"),
    Endpoint("DELETE", "/calls", "forget the call log"),
    Endpoint("GET", "/clock", "the fake's time"),
    Endpoint("POST", "/clock/advance", 'move the clock forward: {"seconds": N}'),
    Endpoint("GET", "/errors", "defects of the fake seen by this server"),
    Endpoint(
        "POST",
        "/apps",
        'seed an Amplify app with no Admin UI backend yet: {"appId", "environments": [...]}',
    ),
)


class Control:
    """Answers ``/_fake/...`` requests for one fake (and the server's defect list)."""

    def __init__(
        self,
        fake: AmplifyBackendFake,
        errors: Callable[[], list[BaseException]],
        reset: Callable[[], None],
    ):
        self.fake = fake
        self._errors = errors
        self._reset = reset
        self._faults: dict[int, FaultHandle] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        handlers: dict[tuple[str, str], Callable[..., Any]] = {
            ("GET", ""): self._index,
            ("POST", "/reset"): self._post_reset,
            ("GET", "/snapshot"): lambda request: self.fake.snapshot(),
            ("POST", "/restore"): self._restore,
            ("GET", "/faults"): self._list_faults,
            ("POST", "/faults"): self._add_fault,
            ("DELETE", "/faults"): self._clear_faults,
            ("DELETE", "/faults/{id}"): self._remove_fault,
            ("POST", "/faults/job-failure"): self._fail_next_job,
            ("GET", "/calls"): self._calls,
            ("DELETE", "/calls"): self._clear_calls,
            ("GET", "/clock"): lambda request: self._clock(),
            ("POST", "/clock/advance"): self._advance,
            ("GET", "/errors"): self._list_errors,
            ("POST", "/apps"): self._add_app,
        }
        # werkzeug's router: one rule per endpoint, its handler as the rule's endpoint.
        rules = [
            Rule(
                (e.path or "/").replace("{id}", "<fault_id>"),
                methods=[e.method],
                endpoint=handlers[(e.method, e.path)],
            )
            for e in ENDPOINTS
        ]
        self._routes = Map(rules, strict_slashes=False, merge_slashes=False).bind("fake")

    def handle(self, request: WireRequest) -> WireResponse:
        """Answer one control request."""
        try:
            handler, arguments = self._route(request.method.upper(), request.path)
            return json_response(200, handler(request, **arguments))
        except ControlError as exc:
            headers = {"Allow": exc.allow} if exc.allow else None
            members = {"error": exc.error}
            return json_error(exc.status, exc.error, exc.message, members=members, headers=headers)
        except StateFileError as exc:  # serve --state could not keep the change: undone
            return json_error(exc.status, exc.code, exc.message, members={"error": exc.code})

    def forget_faults(self) -> None:
        """Drop the fault ids (after a reset cleared the faults themselves)."""
        with self._lock:
            self._faults.clear()

    def _route(self, method: str, path: str) -> tuple[Callable[..., Any], dict[str, Any]]:
        try:
            handler, arguments = self._routes.match(path[len(PREFIX) :] or "/", method)
        except MethodNotAllowed as exc:
            # werkzeug adds HEAD to every GET rule (and HEAD works); Allow names the rules.
            allowed = sorted(m for m in exc.valid_methods or () if m != "HEAD")
            raise ControlError(
                405,
                "MethodNotAllowed",
                f"{method[:20]} is not allowed on {path[:200]}; use {' or '.join(allowed)}",
                allow=", ".join(allowed),
            ) from None
        except HTTPException:  # NotFound, or a redirect to a canonical path: not ours
            known = ", ".join(f"{e.method} {PREFIX}{e.path}" for e in ENDPOINTS)
            raise ControlError(
                404, "NotFound", f"no control endpoint {path[:200]}; known: {known}"
            ) from None
        return handler, dict(arguments)

    # -- endpoints -----------------------------------------------------------------------

    def _index(self, request: WireRequest) -> dict[str, Any]:
        return {
            "service": "amplifybackend",
            "fake": f"amplify-fakes {__version__}",
            "endpoints": [
                {"method": e.method, "path": PREFIX + e.path, "summary": e.summary}
                for e in ENDPOINTS
            ],
        }

    def _post_reset(self, request: WireRequest) -> dict[str, Any]:
        checked_arguments(parse_json(request.body), {}, "reset")
        self._reset()
        return {"reset": True}

    def _restore(self, request: WireRequest) -> dict[str, Any]:
        snapshot = parse_json(request.body)
        if not isinstance(snapshot, dict):
            raise _invalid("restore takes a snapshot object (what GET /_fake/snapshot returns)")
        try:
            self.fake.restore(snapshot)
        except UsageError as exc:
            raise _invalid(f"snapshot rejected: {exc}") from None
        return {"restored": True, "apps": self.fake.apps()}

    def _list_faults(self, request: WireRequest) -> dict[str, Any]:
        with self._lock:
            live = {i: h for i, h in self._faults.items() if not h.fault.removed}
            self._faults = live
            return {"faults": [fault_view(i, h) for i, h in live.items()]}

    def _add_fault(self, request: WireRequest) -> dict[str, Any]:
        arguments = checked_arguments(parse_json(request.body), FAULT_FIELDS, "a fault")
        if "operation" not in arguments:
            raise _invalid('a fault needs "operation" (an operation name, or "*" for any)')
        operation = arguments.pop("operation")
        try:
            handle = self.fake.faults.add(operation, **arguments)
        except (UsageError, UnknownOperationError) as exc:
            raise _invalid(str(exc)) from None
        with self._lock:
            fault_id = next(self._ids)
            self._faults[fault_id] = handle
        return fault_view(fault_id, handle)

    def _clear_faults(self, request: WireRequest) -> dict[str, Any]:
        with self._lock:
            count = len(self.fake.faults)
            self.fake.faults.clear()
            self._faults.clear()
        return {"cleared": count}

    def _remove_fault(self, request: WireRequest, fault_id: str) -> dict[str, Any]:
        with self._lock:
            handle = self._faults.pop(int(fault_id), None) if fault_id.isdigit() else None
        if handle is None:
            raise ControlError(404, "NotFound", f"no fault with id {fault_id[:50]!r}")
        handle.remove()
        return {"removed": int(fault_id)}

    def _fail_next_job(self, request: WireRequest) -> dict[str, Any]:
        fields = JOB_FAILURE_FIELDS
        arguments = checked_arguments(parse_json(request.body), fields, "a job failure")
        if "operation" not in arguments:
            raise _invalid('a job failure needs "operation" (an operation that starts jobs)')
        try:
            self.fake.faults.fail_next_job(**arguments)
        except (UsageError, UnknownOperationError) as exc:
            raise _invalid(str(exc)) from None
        return {"operation": arguments["operation"], "pending": True}

    def _calls(self, request: WireRequest) -> dict[str, Any]:
        query = parse_qs(request.query, keep_blank_values=True)
        unknown = sorted(set(query) - {"operation"})
        if unknown:
            raise _invalid(f"calls takes only the query parameter operation, not {unknown}")
        wanted = query.get("operation")
        calls = [
            call_view(i, c)
            for i, c in enumerate(self.fake.calls)
            if wanted is None or c.operation in wanted
        ]
        return {"calls": calls}

    def _clear_calls(self, request: WireRequest) -> dict[str, Any]:
        count = len(self.fake.calls)
        self.fake.calls.clear()
        return {"cleared": count}

    def _clock(self) -> dict[str, Any]:
        clock = self.fake.clock
        seconds = clock.time()
        return {"time": seconds, "now": isoformat(seconds), "mode": clock.mode.value}

    def _advance(self, request: WireRequest) -> dict[str, Any]:
        value = parse_json(request.body)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = {"seconds": value}
        arguments = checked_arguments(value, ADVANCE_FIELDS, "clock advance")
        if "seconds" not in arguments:
            raise _invalid('clock advance needs {"seconds": N}')
        seconds = float(arguments["seconds"])
        if not 0 <= seconds <= MAX_ADVANCE:
            raise _invalid(f"clock advance takes 0 to {MAX_ADVANCE:.0f} seconds, not {seconds}")
        self.fake.clock.advance(seconds)
        return self._clock()

    def _add_app(self, request: WireRequest) -> dict[str, Any]:
        arguments = checked_arguments(parse_json(request.body), APP_FIELDS, "an app")
        if "appId" not in arguments:
            raise _invalid('an app needs "appId"')
        environments = arguments.get("environments", [])
        try:
            self.fake.add_app(
                arguments["appId"],
                app_name=arguments.get("appName"),
                environments=environments,
                account_id=arguments.get("accountId"),
                region=arguments.get("region"),
            )
        except UsageError as exc:
            raise _invalid(str(exc)) from None
        return {"appId": arguments["appId"], "environments": environments}

    def _list_errors(self, request: WireRequest) -> dict[str, Any]:
        return {"errors": [f"{type(e).__name__}: {e}" for e in self._errors()]}
