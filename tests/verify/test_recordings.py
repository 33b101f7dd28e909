"""Record -> replay -> parity, secret redaction, and cleanup when a run fails midway."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config

from amplify_fakes import mock_amplifybackend
from amplify_fakes.errors import UsageError
from amplify_fakes.verify import DIFFERS, OK, VIOLATION, parity, replay, verify_client, verify_fake
from amplify_fakes.verify._capture import Exchange
from amplify_fakes.verify._cassettes import REDACTED, Recorder
from amplify_fakes.verify._runner import Runner

PLANTED = {
    "access key": "AKIAPLANTED1234567890",
    "session token": "PLANTEDSESSIONTOKEN0987654321",
    "client secret": "planted-client-secret-value",
    "private key": "-----BEGIN PLANTED PRIVATE KEY-----",
    "challenge code": "918273",
}


def test_record_replay_parity_round_trip(tmp_path: Path) -> None:
    report = verify_fake(record=tmp_path)
    assert report.ok
    files = sorted(tmp_path.glob("*.json"))
    assert len(files) == len(report.rows)
    assert json.loads(files[0].read_text())["operation"] == "CreateBackend"
    replayed = replay(tmp_path)
    assert replayed.ok
    assert [(r.operation, r.case) for r in replayed.rows] == [
        (r.operation, r.case) for r in report.rows
    ]
    compared = parity(tmp_path)
    assert compared.ok, compared.table()
    assert {r.outcome for r in compared.rows} == {OK}


def test_replay_reports_a_recording_that_breaks_the_current_contract(tmp_path: Path) -> None:
    verify_fake(record=tmp_path)
    token = next(tmp_path.glob("*-GetToken.json"))
    document = json.loads(token.read_text())
    body = json.loads(document["response"]["body"])
    del body["sessionId"]
    document["response"]["body"] = json.dumps(body)
    token.write_text(json.dumps(document))
    replayed = replay(tmp_path)
    row = next(r for r in replayed.rows if r.operation == "GetToken")
    assert row.outcome == VIOLATION
    assert any("$.sessionId" in d and "required" in d for d in row.details)


def test_parity_reports_shape_differences_from_a_recording(tmp_path: Path) -> None:
    verify_fake(record=tmp_path)
    job = next(tmp_path.glob("*-GetBackendJob.json"))
    document = json.loads(job.read_text())
    body = json.loads(document["response"]["body"])
    body["newMember"] = {"nested": 1}
    body["createTime"] = 1767225600
    document["response"]["body"] = json.dumps(body)
    job.write_text(json.dumps(document))
    row = next(r for r in parity(tmp_path).rows if r.operation == "GetBackendJob")
    assert row.outcome == DIFFERS
    assert "$.newMember: in the recording, missing from the fake" in row.details
    assert "$.createTime: recorded number, fake string" in row.details


def test_unreadable_cassettes_are_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="does not exist"):
        replay(tmp_path / "missing")
    with pytest.raises(UsageError, match="no cassettes"):
        replay(tmp_path)
    (tmp_path / "0001-GetBackend.json").write_text("{not json")
    with pytest.raises(UsageError, match="unreadable"):
        parity(tmp_path)


def test_no_secret_survives_a_recording(tmp_path: Path) -> None:
    with mock_amplifybackend(jobs="immediate"):
        client = boto3.client(
            "amplifybackend",
            region_name="us-east-1",
            aws_access_key_id=PLANTED["access key"],
            aws_secret_access_key="planted-secret-access-key",
            aws_session_token=PLANTED["session token"],
        )
        report = verify_client(client, record=tmp_path)
    assert report.ok
    recorder = Recorder(tmp_path / "direct", [PLANTED["access key"], PLANTED["session token"]])
    social = {"Google": {"ClientId": "id", "ClientSecret": PLANTED["client secret"]},
              "SignInWithApple": {"PrivateKey": PLANTED["private key"]}}  # fmt: skip
    recorder.write(
        Exchange(
            "CreateToken",
            {"AppId": "a", "Nested": {"SocialProviderSettings": social}, "Note": f"key {PLANTED['access key']}"},
            200,
            {"authorization": f"AWS4-HMAC-SHA256 Credential={PLANTED['access key']}/x", "x-amz-security-token": PLANTED["session token"], "x-amz-date": "20260101T000000Z"},
            json.dumps({"challengeCode": PLANTED["challenge code"], "client_secret": PLANTED["client secret"], "private_key": PLANTED["private key"]}).encode(),
        ),
        "planted",
        None,
    )  # fmt: skip
    text = "\n".join(p.read_text() for p in tmp_path.rglob("*.json"))
    for name, secret in PLANTED.items():
        assert secret not in text, f"the {name} survived in a cassette"
    assert REDACTED in text
    assert "planted-secret-access-key" not in text


class _Interrupted(Runner):
    def call(self, operation: str, params: dict[str, Any], **kwargs: Any) -> dict[str, Any] | None:
        if operation == "CreateBackendStorage":
            raise KeyboardInterrupt
        return super().call(operation, params, **kwargs)


def test_cleanup_happens_when_the_run_stops_midway(monkeypatch: pytest.MonkeyPatch) -> None:
    from amplify_fakes.verify import _scenario
    from amplify_fakes.verify._report import Report

    with mock_amplifybackend(jobs="immediate") as fake:
        client = boto3.client(
            "amplifybackend",
            region_name="us-east-1",
            config=Config(retries={"total_max_attempts": 1}),
        )
        fake.add_backend("d1someoneelse", "prod")
        with pytest.raises(KeyboardInterrupt):
            _scenario.run(_Interrupted(client, Report("fake")))
        created = fake.calls.of("CreateBackend")[0].params["AppId"]
        fake.assert_called_once("RemoveAllBackends", AppId=created, CleanAmplifyApp=True)
        assert fake.apps() == ["d1someoneelse"]
        fake.assert_not_called("RemoveAllBackends", AppId="d1someoneelse")
        fake.assert_not_called("RemoveBackendConfig")
