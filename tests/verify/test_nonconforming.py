"""verify fails, naming each violation, against a deliberately non-conforming server."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import pytest

from amplify_fakes import AmplifyBackendFake
from amplify_fakes._core.dispatch import router
from amplify_fakes._core.wire import WireRequest
from amplify_fakes._fake import core_of
from amplify_fakes.verify import OK, UNEXPECTED, VIOLATION, verify_endpoint

Sabotage = Callable[
    [int, dict[str, str], dict[str, Any]], tuple[int, dict[str, str], dict[str, Any]]
]


def _wrong_type(
    status: int, headers: dict[str, str], body: dict[str, Any]
) -> tuple[int, dict[str, str], dict[str, Any]]:
    return status, headers, {**body, "appName": 5, "surpriseMember": {"x": 1}}


def _missing_required(
    status: int, headers: dict[str, str], body: dict[str, Any]
) -> tuple[int, dict[str, str], dict[str, Any]]:
    return status, headers, {k: v for k, v in body.items() if k != "appId"}


def _undocumented_status(
    status: int, headers: dict[str, str], body: dict[str, Any]
) -> tuple[int, dict[str, str], dict[str, Any]]:
    return 201, headers, body


def _bad_enum(
    status: int, headers: dict[str, str], body: dict[str, Any]
) -> tuple[int, dict[str, str], dict[str, Any]]:
    return status, headers, {**body, "status": "BOGUS"}


def _wrong_error_type(
    status: int, headers: dict[str, str], body: dict[str, Any]
) -> tuple[int, dict[str, str], dict[str, Any]]:
    if status == 404:
        return 404, {**headers, "x-amzn-ErrorType": "NoSuchThingException"}, body
    return status, headers, body


SABOTAGE: dict[str, Sabotage] = {
    "GetBackend": lambda s, h, b: (
        _wrong_error_type(*_wrong_type(s, h, b)) if s == 200 else _wrong_error_type(s, h, b)
    ),
    "GetBackendAuth": _missing_required,
    "GetToken": _undocumented_status,
    "GetBackendAPIModels": _bad_enum,
}


class _Broken(BaseHTTPRequestHandler):
    fake: AmplifyBackendFake

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path = urlsplit(self.path).path
        wire = WireRequest(
            self.command, path, {k.lower(): v for k, v in self.headers.items()}, body
        )
        answer = core_of(self.fake).handle(wire)
        status, headers, payload = answer.status, dict(answer.headers), json.loads(answer.body)
        match = router().match(self.command, path)
        if match is not None and match.operation in SABOTAGE:
            status, headers, payload = SABOTAGE[match.operation](status, headers, payload)
        data = json.dumps(payload).encode()
        self.send_response(status)
        for name, value in headers.items():
            if name.lower() != "content-length":
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = _answer

    def log_message(self, *args: Any) -> None:
        return


@pytest.fixture
def broken_url() -> Iterator[str]:
    handler = type("Handler", (_Broken,), {"fake": AmplifyBackendFake(jobs="immediate")})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _row(report: Any, operation: str, case: str = "happy path") -> Any:
    return next(r for r in report.rows if r.operation == operation and r.case == case)


def test_verify_names_each_violation_of_a_nonconforming_server(broken_url: str) -> None:
    report = verify_endpoint(broken_url)
    assert not report.ok
    assert report.summary().startswith("FAILED")

    get_backend = _row(report, "GetBackend")
    assert get_backend.outcome == VIOLATION
    assert any("$.appName" in d and "rule: type" in d for d in get_backend.details)
    assert "$.surpriseMember" in report.unknown_members["GetBackend"]

    assert any(
        "$.appId" in d and "rule: required" in d for d in _row(report, "GetBackendAuth").details
    )
    assert any("status: 201" in d for d in _row(report, "GetToken").details)
    assert any(
        "$.status" in d and "rule: enum" in d for d in _row(report, "GetBackendAPIModels").details
    )
    unknown_app = _row(report, "GetBackend", "unknown app")
    assert unknown_app.outcome in (UNEXPECTED, VIOLATION)
    assert any("NoSuchThingException" in d for d in unknown_app.details)

    untouched = [
        r
        for r in report.rows
        if r.operation in ("CreateBackend", "CreateBackendAPI", "ListBackendJobs")
    ]
    assert untouched
    assert all(r.outcome == OK for r in untouched)


def test_verify_passes_against_the_fake_core_over_http_without_sabotage(
    broken_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(f"{__name__}.SABOTAGE", {})
    report = verify_endpoint(broken_url)
    assert report.ok, report.table()
    assert len(report.operations()) == 31
