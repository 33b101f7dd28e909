"""amplify-fakes verify against the embedded fake, and its failure reporting."""

from __future__ import annotations

import json
from typing import Any

import pytest

from amplify_fakes import contracts
from amplify_fakes._service.handlers import HANDLERS
from amplify_fakes.cli import main
from amplify_fakes.verify import OK, UNEXPECTED, VIOLATION, verify_fake


def test_verify_passes_against_the_fake_and_covers_every_operation() -> None:
    report = verify_fake()
    assert report.ok, report.table()
    assert report.operations() == set(contracts.operations())
    cases = {(r.operation, r.case) for r in report.rows}
    assert ("GetBackend", "unknown app") in cases
    assert ("CreateBackendAuth", "bad enum") in cases
    assert report.unknown_members == {}
    assert "COMPLETED" in report.observed["GetBackendJob $.status"]
    assert report.summary().startswith("PASSED: 31/31 operations")


def test_cli_prints_the_table_and_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify"]) == 0
    out = capsys.readouterr().out
    assert "CreateBackendAuth" in out
    assert out.strip().splitlines()[-1].startswith("PASSED: 31/31 operations")


def test_a_response_breaking_its_contract_is_reported_with_path_and_rule(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    original = HANDLERS["GetToken"]

    def wrong(ctx: Any, params: dict[str, Any]) -> dict[str, Any]:
        result = original(ctx, params)
        del result["ChallengeCode"]
        return {**result, "Ttl": 600}

    monkeypatch.setitem(HANDLERS, "GetToken", wrong)
    report = verify_fake()
    row = next(r for r in report.rows if r.operation == "GetToken")
    assert row.outcome == VIOLATION
    assert any("$.challengeCode" in d and "required" in d for d in row.details)
    assert any("$.ttl" in d and "type" in d for d in row.details)
    assert not report.ok
    assert main(["verify"]) == 1
    assert capsys.readouterr().out.strip().splitlines()[-1].startswith("FAILED")
    assert json.loads(json.dumps(report.to_json()))["ok"] is False


def test_an_unexpected_error_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    from amplify_fakes._service.errors import NotFoundException

    def missing(ctx: Any, params: dict[str, Any]) -> dict[str, Any]:
        raise NotFoundException("gone", "App")

    monkeypatch.setitem(HANDLERS, "GetBackendAPI", missing)
    report = verify_fake()
    row = next(r for r in report.rows if r.operation == "GetBackendAPI")
    assert row.outcome == UNEXPECTED
    assert "expected success, got NotFoundException" in row.details[0]
    assert all(r.outcome == OK for r in report.rows if r.operation == "GetBackend")
