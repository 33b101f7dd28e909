"""One verify run against an endpoint broken in many independent ways at once (issue 17).

The proxy answers from a real fake and then breaks answers: types, a missing required
member, an unknown error type, a 5xx on one operation, a connection reset on another,
and a CreateBackend whose answer breaks its contract while the app *is* created. One run
must name every planted fault and remove the app.
"""

from __future__ import annotations

import json
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from amplify_fakes import AmplifyBackendFake
from amplify_fakes._core.dispatch import router
from amplify_fakes._core.wire import WireRequest
from amplify_fakes._fake import core_of
from amplify_fakes.cli import main
from amplify_fakes.verify import OK, SKIPPED, UNEXPECTED, VIOLATION, Report, verify_endpoint
from amplify_fakes.verify._capture import Exchange
from amplify_fakes.verify._checks import check_exchange

Answer = tuple[int, dict[str, str], Any]
Breakage = Callable[[Answer], Answer | None]  # None: reset the connection instead


def _job_id_a_number(answer: Answer) -> Answer:
    status, headers, body = answer
    if isinstance(body, dict) and "jobId" in body:
        body = {**body, "jobId": 12345}
    return status, headers, body


def _create_backend(answer: Answer) -> Answer:
    status, headers, body = _job_id_a_number(answer)
    return status, headers, {**body, "status": 7}


def _job_ids_numbers(answer: Answer) -> Answer:
    status, headers, body = answer
    jobs = [{**job, "jobId": 99} for job in body.get("jobs", [])]
    return status, headers, {**body, "jobs": jobs}


def _get_backend(answer: Answer) -> Answer:
    status, headers, body = answer
    if status == 404:
        return status, {**headers, "x-amzn-ErrorType": "NoSuchAppException"}, body
    return status, headers, {**body, "backendEnvironmentList": "verify"}


def _missing_app_id(answer: Answer) -> Answer:
    status, headers, body = answer
    return status, headers, {k: v for k, v in body.items() if k != "appId"}


def _unavailable(answer: Answer) -> Answer:
    return 503, {"Content-Type": "application/json"}, {"message": "down for maintenance"}


def _reset(answer: Answer) -> None:
    return None


Starter = Callable[..., tuple[str, AmplifyBackendFake]]

BROKEN: dict[str, Breakage] = {
    "CreateBackend": _create_backend,
    "GetBackend": _get_backend,
    "GetBackendAuth": _missing_app_id,
    "GetBackendStorage": _unavailable,
    "ListS3Buckets": _reset,
    "ListBackendJobs": _job_ids_numbers,
}


def _proxy(
    fake: AmplifyBackendFake, broken: dict[str, Breakage], down: frozenset[str] = frozenset()
) -> type[BaseHTTPRequestHandler]:
    """A handler answering from ``fake``, then breaking answers; operations in ``down``
    never reach the fake (a 503 instead)."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            path = urlsplit(self.path).path
            headers = {k.lower(): v for k, v in self.headers.items()}
            match = router().match(self.command, path)
            operation = match.operation if match is not None else ""
            if operation in down:
                planted: Answer | None = _unavailable((503, {}, {}))
            else:
                answer = core_of(fake).handle(WireRequest(self.command, path, headers, body))
                breakage = broken.get(operation, _job_id_a_number)
                planted = breakage((answer.status, dict(answer.headers), json.loads(answer.body)))
            if planted is None:  # reset: close without a word
                self.close_connection = True
                return
            status, out_headers, payload = planted
            data = json.dumps(payload).encode()
            self.send_response(status)
            for name, value in out_headers.items():
                if name.lower() != "content-length":
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_DELETE = _answer

        def log_message(self, *args: Any) -> None:
            return

    return Handler


@pytest.fixture
def serve_broken() -> Iterator[Starter]:
    servers: list[ThreadingHTTPServer] = []

    def start(
        broken: dict[str, Breakage], down: frozenset[str] = frozenset()
    ) -> tuple[str, AmplifyBackendFake]:
        fake = AmplifyBackendFake(jobs="immediate", strict=True)
        server = ThreadingHTTPServer(("127.0.0.1", 0), _proxy(fake, broken, down))
        server.daemon_threads = True
        threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}", fake

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(autouse=True)
def few_retries(monkeypatch: pytest.MonkeyPatch, aws_credentials: dict[str, str]) -> None:
    """Two attempts per call: the 5xx and the reset are retried, but not for long."""
    monkeypatch.setenv("AWS_RETRY_MODE", "standard")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "2")


def rows(report: Report, operation: str) -> list[Any]:
    return [r for r in report.rows if r.operation == operation]


def test_one_run_names_every_planted_fault_and_removes_the_app(
    serve_broken: Starter,
) -> None:
    url, fake = serve_broken(BROKEN)

    report = verify_endpoint(url)

    assert not report.ok
    create = rows(report, "CreateBackend")[0]
    assert create.outcome == VIOLATION
    assert any("$.jobId" in d and "rule: type" in d for d in create.details)
    assert any("$.status" in d and "rule: type" in d for d in create.details)
    happy, unknown, *_ = rows(report, "GetBackend")
    assert any("$.backendEnvironmentList" in d for d in happy.details)
    assert any("NoSuchAppException" in d and "errorType" in d for d in unknown.details)
    assert any(
        "$.appId" in d and "rule: required" in d for d in rows(report, "GetBackendAuth")[0].details
    )
    storage = rows(report, "GetBackendStorage")
    assert storage
    assert all(r.outcome in (UNEXPECTED, VIOLATION) for r in storage)
    assert any("503" in " ".join(r.details) for r in storage)
    (buckets,) = rows(report, "ListS3Buckets")
    assert buckets.outcome == UNEXPECTED
    assert any(d.startswith("no answer:") for d in buckets.details)
    # every job-starting operation's number jobId is named, and the scenario went on
    for operation in ("CreateBackendAPI", "CreateBackendAuth", "CloneBackend"):
        assert any("$.jobId" in d for r in rows(report, operation) for d in r.details), operation
    assert rows(report, "DeleteBackendStorage")[0].outcome == VIOLATION  # reached the end
    # a job id it cannot use is a skip with its reason, not a crash
    skipped = {r.operation: r.details for r in report.rows if r.outcome == SKIPPED}
    assert "GetBackendJob" in skipped
    summary = report.summary()
    assert "contract violation" in summary
    assert "unexpected error" in summary
    assert "skipped" in summary
    assert fake.apps() == []  # removed, though CreateBackend's answer broke its contract
    assert report.leftovers == []


def test_an_app_that_cannot_be_removed_is_reported_for_removal_by_hand(
    serve_broken: Starter,
) -> None:
    url, fake = serve_broken({}, frozenset({"RemoveAllBackends"}))

    report = verify_endpoint(url)

    assert not report.ok
    (left,) = report.leftovers
    (app,) = fake.apps()
    assert app in left
    assert "verify, verifyclone" in left
    cleanup = [r for r in report.rows if r.case == "cleanup"]
    assert cleanup[0].outcome == UNEXPECTED
    assert "by hand" in cleanup[0].details[0]
    assert "left behind" in report.summary()


def test_junit_xml_has_a_testcase_per_operation_and_case(
    serve_broken: Starter,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url, _fake = serve_broken(BROKEN)
    junit, data = tmp_path / "verify.xml", tmp_path / "report.json"

    status = main(
        ["verify", "--endpoint-url", url, "--junit-xml", str(junit), "--report", str(data)]
    )

    assert status == 1
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    rows_ = json.loads(data.read_text())["rows"]
    assert len(cases) == len(rows_) == int(suite.get("tests", "0"))
    outcomes = {r["outcome"] for r in rows_}
    assert {OK, VIOLATION, UNEXPECTED, SKIPPED} <= outcomes
    failures = [c for c in cases if c.find("failure") is not None]
    assert (
        len(failures)
        == sum(r["outcome"] == VIOLATION for r in rows_)
        == int(suite.get("failures", "0"))
    )
    assert {c.get("classname") for c in cases} >= {"amplifybackend.CreateBackend"}
    capsys.readouterr()


def test_exit_status_says_what_happened(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    assert main(["verify", "--operations", "GetBackend"]) == 0
    assert main(["verify", "--endpoint-url", "http://127.0.0.1:1"]) == 3
    assert "no answer from" in capsys.readouterr().err
    assert main(["verify", "--operations", "GetBackendd"]) == 2
    assert "did you mean GetBackend" in capsys.readouterr().err
    assert main(["verify", "--replay", str(tmp_path), "--record", str(tmp_path)]) == 2
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    assert main(["verify", "--live"]) == 3
    assert "needs AWS credentials" in capsys.readouterr().err


def test_a_documented_alias_is_a_known_error_type_and_an_unknown_name_is_not() -> None:
    body = json.dumps({"message": "slow down", "limitType": "Requests"}).encode()
    alias = Exchange("GetBackend", {}, 429, {"x-amzn-errortype": "LimitExceededException"}, body)
    assert check_exchange(alias, "TooManyRequestsException").violations == []
    unknown = Exchange("GetBackend", {}, 429, {"x-amzn-errortype": "SlowDownException"}, body)
    assert any("rule: errorType" in v for v in check_exchange(unknown, None).violations)
    wrong_status = Exchange("GetBackend", {}, 500, {"x-amzn-errortype": "NotFoundException"}, body)
    assert any("status: 500" in v for v in check_exchange(wrong_status, None).violations)
