"""``amplify-fakes serve``: the URL line, the request log, signals, state across restarts, errors."""

from __future__ import annotations

import json
import re
import signal
import socket
from pathlib import Path
from typing import Any

import boto3
import pytest

from amplify_fakes.cli import main
from tests.server._support import APP, ENV, raw, run_serve, serve


def _client(url: str) -> Any:
    return boto3.client(
        "amplifybackend",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def test_prints_the_url_logs_requests_and_saves_state_across_a_restart(
    tmp_path: Path, aws_credentials: dict[str, str]
) -> None:
    state = tmp_path / "state.json"
    with serve("--state", str(state), "--jobs", "immediate") as first:
        client = _client(first.url)
        client.create_backend(AppId=APP, AppName="persisted", BackendEnvironmentName=ENV)
        client.close()
        assert first.stop(signal.SIGTERM) == 0
        assert first.stdout_rest() == []  # exactly one line on stdout: the URL
        log = first.drain()
        assert any("does not exist yet" in line for line in log)
        assert any(re.fullmatch(r"POST /backend CreateBackend 200 \d+\.\dms", ln) for ln in log)
        assert any(f"state saved to {state}" in line for line in log)
    saved = json.loads(state.read_text())
    assert list(saved["accounts"]["123456789012"]["regions"]["us-east-1"]["apps"]) == [APP]
    assert not list(tmp_path.glob(".state.json.*"))  # no temp file left over

    with serve("--state", str(state)) as second:
        client = _client(second.url)
        assert client.get_backend(AppId=APP)["AppName"] == "persisted"
        client.close()
        assert second.stop(signal.SIGINT) == 0  # Ctrl-C saves too
        assert not any("Traceback" in line for line in second.drain())


def test_a_port_in_use_is_one_line_and_exit_1() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run_serve("--port", str(port))
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        f"amplify-fakes: error: cannot listen on 127.0.0.1:{port}: Address already in use "
        "(port 0 picks a free port)"
    ]


BAD_ARGUMENTS = [
    (["--access-key", "nocolon"], "is not ID:SECRET or ID:SECRET:ACCOUNT"),
    (["--access-key", "AKID:secret:123"], "must be 12 digits"),
    (["--require-auth"], "--require-auth needs at least one --access-key"),
    (["--state", "/nonexistent-dir/state.json"], "directory /nonexistent-dir does not exist"),
]


@pytest.mark.parametrize(("argv", "fragment"), BAD_ARGUMENTS)
def test_bad_arguments_are_one_line_and_exit_1(
    argv: list[str], fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--port", "0", *argv]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("amplify-fakes: error: ")
    assert fragment in lines[0]


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("{truncated", "is not valid JSON (corrupt or truncated?)"),
        ('{"format": "amplify-fakes/snapshot", "version": 99, "accounts": {}}', "version"),
        ("[]", "not an amplify-fakes snapshot"),
    ],
)
def test_a_bad_state_file_is_one_line_and_exit_1(
    tmp_path: Path, content: str, fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "state.json"
    state.write_text(content)
    assert main(["serve", "--port", "0", "--state", str(state)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"amplify-fakes: error: state file {state}")
    assert fragment in lines[0]
    assert state.read_text() == content  # untouched


def test_help_and_argument_errors(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["serve", "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    for option in ("--host", "--port", "--state", "--region", "--require-auth", "--access-key"):
        assert option in out
    with pytest.raises(SystemExit) as exited:
        main(["serve", "--port", "70000"])
    assert exited.value.code == 2
    assert "port must be 0 to 65535" in capsys.readouterr().err


def test_region_and_account_defaults_apply_to_unsigned_requests() -> None:
    with serve(
        "--region", "eu-west-1", "--account-id", "111122223333", "--jobs", "immediate"
    ) as running:
        body = json.dumps({"appId": APP, "appName": "a", "backendEnvironmentName": ENV})
        assert raw(running.url, "POST", "/backend", body).status == 200
        snapshot = raw(running.url, "GET", "/_fake/snapshot").json()
        assert list(snapshot["accounts"]["111122223333"]["regions"]) == ["eu-west-1"]
