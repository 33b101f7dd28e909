"""Runs scenario steps through a botocore client and checks each raw response."""

from __future__ import annotations

from typing import Any

import botocore
from botocore.exceptions import ClientError

from amplify_fakes.verify._capture import Capture
from amplify_fakes.verify._checks import check_exchange
from amplify_fakes.verify._report import OK, SKIPPED, UNEXPECTED, VIOLATION, Report, Row


class Runner:
    """Calls operations, records one report row per call."""

    def __init__(self, client: Any, report: Report):
        self.client = client
        self.report = report
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
        row = Row(operation, case, OK)
        if exchange is None:
            row.outcome, row.details = UNEXPECTED, ["no response was captured"]
            self.report.rows.append(row)
            return None
        finding = check_exchange(exchange, expect)
        for path, values in finding.observed.items():
            seen = self.report.observed.setdefault(f"{operation} {path}", [])
            seen.extend(sorted(v for v in values if v not in seen))
        if finding.unknown_members:
            known = self.report.unknown_members.setdefault(operation, [])
            known.extend(p for p in finding.unknown_members if p not in known)
        if got != expect:
            row.outcome = UNEXPECTED
            row.details = [
                f"expected {expect or 'success'}, got {got or 'success'}: {message}".rstrip(": ")
            ]
            result = None
        if finding.violations:
            row.outcome = VIOLATION
            row.details = [*row.details, *finding.violations]
            result = None
        self.report.rows.append(row)
        return result if expect is None else None

    def skip(self, operation: str, case: str, reason: str) -> None:
        """Record a step that could not run."""
        self.report.rows.append(Row(operation, case, SKIPPED, [reason]))
