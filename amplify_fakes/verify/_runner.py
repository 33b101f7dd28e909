"""Runs scenario steps through a botocore client and checks each raw response."""

from __future__ import annotations

from typing import Any

import botocore
from botocore.exceptions import ClientError

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
    ):
        self.client = client
        self.report = report
        self.recorder = recorder
        self.operations = operations
        self.wait = wait
        self._capture = Capture()
        self._capture.attach(client)

    def call(
        self,
        operation: str,
        params: dict[str, Any],
        *,
        case: str = "happy path",
        expect: str | None = None,
    ) -> dict[str, Any] | None:
        """Call ``operation``; return the parsed response when it succeeded as expected."""
        method = getattr(self.client, botocore.xform_name(operation))
        result: dict[str, Any] | None = None
        got: str | None = None
        message = ""
        try:
            result = method(**params)
        except ClientError as error:
            got = error.response.get("Error", {}).get("Code")
            message = str(error.response.get("Error", {}).get("Message", ""))
        exchange = self._capture.last(operation, params)
        if exchange is None:
            self.report.rows.append(Row(operation, case, UNEXPECTED, ["no response was captured"]))
            return None
        if self.recorder is not None:
            self.recorder.write(exchange, case, expect)
        if self.operations is not None and operation not in self.operations:
            return result if got is None and expect is None else None
        row = assess(self.report, exchange, case, expect, got, message)
        if row.outcome != OK or expect is not None:
            return None
        if self.wait and result is not None:
            self._wait_for_job(operation, params, result)
        return result

    def _wait_for_job(self, operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
        job_id, status = result.get("JobId"), result.get("Status")
        environment = params.get("BackendEnvironmentName") or result.get("BackendEnvironmentName")
        if not job_id or not environment or status in ("COMPLETED", "FAILED"):
            return
        from amplify_fakes.waiters import backend_job_completed

        try:
            backend_job_completed(self.client).wait(
                AppId=result.get("AppId", params.get("AppId")),
                BackendEnvironmentName=environment,
                JobId=job_id,
                WaiterConfig={"Delay": 5, "MaxAttempts": 120},
            )
        except Exception as exc:  # a job that fails is reported, the run goes on
            self.report.rows.append(Row(operation, "job", UNEXPECTED, [f"job {job_id}: {exc}"]))

    def sibling(self, client: Any) -> Runner:
        """A runner for another client (same report, recorder and selection)."""
        return Runner(
            client, self.report, recorder=self.recorder, operations=self.operations, wait=self.wait
        )

    def skip(self, operation: str, case: str, reason: str) -> None:
        """Record a step that could not run."""
        self.report.rows.append(Row(operation, case, SKIPPED, [reason]))
