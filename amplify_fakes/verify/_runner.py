"""Runs scenario steps through a botocore client and checks each raw response."""

from __future__ import annotations

import time
from typing import Any

import botocore
from botocore.exceptions import BotoCoreError, ClientError, ParamValidationError

from amplify_fakes.verify._capture import Capture, Exchange
from amplify_fakes.verify._cassettes import Recorder
from amplify_fakes.verify._checks import check_exchange
from amplify_fakes.verify._report import OK, SKIPPED, UNEXPECTED, VIOLATION, Report, Row


def assess(
    report: Report, exchange: Exchange, case: str, expect: str | None, got: str | None, message: str
) -> Row:
    """Check one exchange against its contract and the scenario's expectation; add a row."""
    row = Row(exchange.operation, case, OK)
    finding = check_exchange(exchange, expect)
    for path, values in finding.observed.items():
        seen = report.observed.setdefault(f"{exchange.operation} {path}", [])
        seen.extend(sorted(v for v in values if v not in seen))
    if finding.unknown_members:
        known = report.unknown_members.setdefault(exchange.operation, [])
        known.extend(p for p in finding.unknown_members if p not in known)
    if got != expect:
        row.outcome = UNEXPECTED
        row.details = [
            f"expected {expect or 'success'}, got {got or 'success'}: {message}".rstrip(": ")
        ]
    if finding.violations:
        row.outcome = VIOLATION
        row.details = [*row.details, *finding.violations]
    report.rows.append(row)
    return row


class Runner:
    """Calls operations, records one report row per call (and a cassette when recording).

    ``operations`` limits the report to those operations (the others still run, as set-up
    for the selected ones); ``wait`` polls GetBackendJob until a job that is not finished
    in its response is (needed against the real service).
    """

    def __init__(
        self,
        client: Any,
        report: Report,
        *,
        recorder: Recorder | None = None,
        operations: frozenset[str] | None = None,
        wait: bool = False,
        poll_seconds: float = 5,
    ):
        self.poll_seconds = poll_seconds
        self.client = client
        self.report = report
        self.recorder = recorder
        self.operations = operations
        self.wait = wait
        self._capture = Capture()
        self._capture.attach(client)
        #: the last call's failure to get an answer at all (a connection error, a timeout)
        self.last_failure: BotoCoreError | None = None

    def call(
        self,
        operation: str,
        params: dict[str, Any],
        *,
        case: str = "happy path",
        expect: str | None = None,
        wait: bool = True,
    ) -> dict[str, Any] | None:
        """Call ``operation``; return the parsed response when it succeeded (even when it
        broke its contract: a violation is a finding, and the scenario goes on with what
        the answer gives), None when it failed or an error was expected.

        With the runner's ``wait`` on, a job the call started is waited for, unless
        ``wait=False`` (the caller waits with :meth:`wait_for`).
        """
        sent = self._send(operation, params, case, expect)
        if sent is None:
            return None  # no answer (a row says so)
        result, got, message, exchange = sent
        if self.operations is None or operation in self.operations:
            assess(self.report, exchange, case, expect, got, message)
        if got is not None or expect is not None:
            return None
        if wait:
            self.wait_for(operation, params, result)
        return result

    def probe(
        self, operation: str, params: dict[str, Any], *, case: str, accept: str
    ) -> tuple[dict[str, Any] | None, str | None, str]:
        """Call ``operation`` where success and the error ``accept`` are both the service's
        right (what the run learns is an observation): the answer must still meet its
        contract. Returns (result, error code, message)."""
        sent = self._send(operation, params, case, accept, either=True)
        if sent is None:
            return None, None, "no answer"
        result, got, message, exchange = sent
        if self.operations is None or operation in self.operations:
            expected = got if got in (None, accept) else accept
            assess(self.report, exchange, case, expected, got, message)
        return result, got, message

    def note(self, what: str, values: list[str]) -> None:
        """Record observed values the contracts do not fix (listed in the report)."""
        seen = self.report.observed.setdefault(what, [])
        seen.extend(v for v in values if v not in seen)

    def _send(
        self,
        operation: str,
        params: dict[str, Any],
        case: str,
        expect: str | None,
        *,
        either: bool = False,
    ) -> tuple[dict[str, Any] | None, str | None, str, Exchange] | None:
        """Call and capture (and record) one exchange: (result, error code, message,
        exchange), or None after adding the row that says why there is no answer.
        ``either``: success and ``expect`` are both right; the recording expects what came."""
        method = getattr(self.client, botocore.xform_name(operation))
        result: dict[str, Any] | None = None
        got: str | None = None
        message = ""
        mark = self._capture.mark()
        try:
            result = method(**params)
        except ClientError as error:
            got = error.response.get("Error", {}).get("Code")
            message = str(error.response.get("Error", {}).get("Message", ""))
        except ParamValidationError as error:
            # A value read from an earlier (broken) answer that the SDK will not send.
            reason = " ".join(str(error).split())
            self.report.rows.append(Row(operation, case, SKIPPED, [f"cannot send: {reason}"]))
            return None
        except BotoCoreError as error:
            self.last_failure = error
            self.report.answered.append(False)
            detail = f"no answer: {type(error).__name__}: {' '.join(str(error).split())}"
            self.report.rows.append(Row(operation, case, UNEXPECTED, [detail]))
            return None
        exchange = self._capture.since(mark, operation, params)
        if exchange is None:
            self.report.rows.append(Row(operation, case, UNEXPECTED, ["no response was captured"]))
            return None
        self.report.answered.append(True)
        if self.recorder is not None:
            self.recorder.write(exchange, case, got if either and got in (None, expect) else expect)
        return result, got, message, exchange

    def wait_for(self, operation: str, params: dict[str, Any], result: Any) -> None:
        """Wait for the job ``result`` started, when the runner waits for jobs."""
        if self.wait and result is not None:
            self._wait_for_job(operation, params, result)

    def _wait_for_job(self, operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
        job_id, status = result.get("JobId"), result.get("Status")
        environment = params.get("BackendEnvironmentName") or result.get("BackendEnvironmentName")
        if not isinstance(job_id, str) or not job_id or not isinstance(environment, str):
            return  # an answer with no usable JobId (its contract check says so)
        if not environment or status in ("COMPLETED", "FAILED"):
            return
        from amplify_fakes.waiters import backend_job_completed

        try:
            backend_job_completed(self.client).wait(
                AppId=result.get("AppId", params.get("AppId")),
                BackendEnvironmentName=environment,
                JobId=job_id,
                WaiterConfig={
                    "Delay": self.poll_seconds,
                    "MaxAttempts": max(1, int(600 / self.poll_seconds)),
                },
            )
        except Exception as exc:  # a job that fails is reported, the run goes on
            self.report.rows.append(Row(operation, "job", UNEXPECTED, [f"job {job_id}: {exc}"]))

    def pause(self) -> None:
        """Wait one poll interval (between attempts that wait for a job)."""
        time.sleep(self.poll_seconds)

    def sibling(self, client: Any) -> Runner:
        """A runner for another client (same report, recorder and selection)."""
        return Runner(
            client,
            self.report,
            recorder=self.recorder,
            operations=self.operations,
            wait=self.wait,
            poll_seconds=self.poll_seconds,
        )

    def skip(self, operation: str, case: str, reason: str) -> None:
        """Record a step that could not run."""
        self.report.rows.append(Row(operation, case, SKIPPED, [reason]))
