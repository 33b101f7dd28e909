"""amplify-fakes verify's options: endpoint, report, record/replay/parity, live guard."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from amplify_fakes.cli import main
from amplify_fakes.server import FakeServer


def _last_line(capsys: pytest.CaptureFixture[str]) -> str:
    return capsys.readouterr().out.strip().splitlines()[-1]


def test_verify_against_the_fake_server_over_http(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "report.json"
    with FakeServer(jobs="immediate") as server:
        url = server.url
        assert main(["verify", "--endpoint-url", url, "--report", str(report)]) == 0
        server.check()
    assert _last_line(capsys).startswith(
        f"PASSED: 31/31 operations, 37 checks (37 ok) against {url}"
    )
    data = json.loads(report.read_text())
    assert data["ok"] is True
    assert len(data["rows"]) == 37


def test_record_then_replay_then_parity_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cassettes = tmp_path / "cassettes"
    assert main(["verify", "--record", str(cassettes)]) == 0
    assert len(list(cassettes.glob("*.json"))) == 37
    assert main(["verify", "--replay", str(cassettes)]) == 0
    assert "PASSED" in _last_line(capsys)
    assert main(["verify", "--parity", str(cassettes)]) == 0
    assert "PASSED: 31/31 operations" in _last_line(capsys)


def test_operations_limit_the_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "--operations", "GetBackend,ListS3Buckets"]) == 0
    assert _last_line(capsys).startswith("PASSED: 2/31 operations, 4 checks")


def test_unknown_operation_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "--operations", "GetBackends"]) == 2
    err = capsys.readouterr().err
    assert "did you mean GetBackend" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("text", ["", " , "])
def test_operations_naming_nothing_is_refused(
    text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify", "--operations", text]) == 2
    err = capsys.readouterr().err
    assert "names no operation" in err
    assert "--operations CreateBackend,GetBackendJob" in err


def test_live_without_credentials_is_refused_and_reaches_no_network(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    empty = tmp_path / "empty"
    empty.write_text("")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(empty))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(empty))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    for name in ("AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"):
        monkeypatch.delenv(name, raising=False)

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("verify --live tried to reach the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    assert main(["verify", "--live"]) == 3
    err = capsys.readouterr().err
    assert "--live needs AWS credentials" in err


def test_live_and_endpoint_are_exclusive(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["verify", "--live", "--endpoint-url", "http://127.0.0.1:9"])
    assert exited.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err
