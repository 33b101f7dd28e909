"""schemathesis, a fuzzer we did not write, against a FakeServer from contracts/openapi.json.

Its coverage, fuzzing and stateful phases with the checks issue 19 names; the exceptions
to its heuristics are in tests/openapi/schemathesis.toml, each with its reason. Two planted
faults prove the run fails when the fake answers a valid request with a 5xx or with a
response out of contract. Under CI's derandomised profile the seed is fixed; otherwise
schemathesis draws one (and prints it, to replay a failure with ``--seed``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from amplify_fakes._service.errors import GatewayTimeoutException
from amplify_fakes._service.handlers import HANDLERS
from amplify_fakes.server import FakeServer

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = ROOT / "contracts" / "openapi.json"
CONFIG = ROOT / "tests" / "openapi" / "schemathesis.toml"
CHECKS = (
    "not_a_server_error",
    "response_schema_conformance",
    "status_code_conformance",
    "content_type_conformance",
    "negative_data_rejection",
    "positive_data_acceptance",
    "unsupported_method",
)
PHASES = ("coverage", "fuzzing", "stateful")
TIMEOUT = 240  # seconds: a hung run fails instead of hanging the suite


def _schemathesis() -> str:
    """The ``schemathesis`` command of this interpreter's environment."""
    beside = Path(sys.executable).with_name("schemathesis")
    found = str(beside) if beside.exists() else shutil.which("schemathesis")
    assert found, "schemathesis is a test dependency: pip install -e '.[test]'"
    return found


def run(server: FakeServer, *options: str) -> subprocess.CompletedProcess[str]:
    """``schemathesis run`` on the committed document against ``server``."""
    seed = ("--seed", "1") if os.environ.get("CI") else ()
    command = [
        _schemathesis(),
        "--config-file",
        str(CONFIG),
        "run",
        str(DOCUMENT),
        "--url",
        server.url,
        "--checks",
        ",".join(CHECKS),
        "--no-color",
        *seed,
        *options,
    ]
    environment = {
        **os.environ,
        "AMPLIFY_FAKES_SERVER_URL": server.url,  # for the hooks' reset
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    return subprocess.run(
        command,
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with FakeServer(jobs="immediate", strict=True) as running:
        yield running
    running.check()  # the fake saw no defect of its own


def test_schemathesis_finds_nothing_in_any_phase(server: FakeServer) -> None:
    done = run(server, "--phases", ",".join(PHASES), "--max-examples", "5")
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    for phase in ("Coverage", "Fuzzing", "Stateful"):
        assert f"✅ {phase}" in done.stdout, done.stdout[-3000:]
    assert "31 passed" in done.stdout  # every operation was tested


@pytest.fixture
def lenient() -> Iterator[FakeServer]:
    """A non-strict server: a wrong answer goes out instead of becoming a 500 defect."""
    with FakeServer(jobs="immediate") as running:
        yield running


def test_a_planted_5xx_fails_the_run(lenient: FakeServer, monkeypatch: pytest.MonkeyPatch) -> None:
    # In the handler, not as a fake.faults fault: the hooks reset the fake (and its faults)
    # before every case.
    def timing_out(ctx: Any, params: dict[str, Any]) -> dict[str, Any]:
        raise GatewayTimeoutException("planted: every GetBackend times out")

    monkeypatch.setitem(HANDLERS, "GetBackend", timing_out)
    done = run(lenient, "--phases", "fuzzing", "--max-examples", "5", *_only("GetBackend"))
    assert done.returncode != 0
    assert "Server error" in done.stdout, done.stdout[-3000:]


def test_a_planted_out_of_contract_answer_fails_the_run(
    lenient: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def wrong(ctx: Any, params: dict[str, Any]) -> dict[str, Any]:
        return {"AppId": params["AppId"], "AppName": 42}  # AppName is a string

    monkeypatch.setitem(HANDLERS, "GetBackend", wrong)
    done = run(lenient, "--phases", "fuzzing", "--max-examples", "5", *_only("GetBackend"))
    assert done.returncode != 0
    assert "Response violates schema" in done.stdout, done.stdout[-3000:]


def _only(operation: str) -> tuple[str, str]:
    return ("--include-operation-id", operation)
