"""README examples that issue 21 found broken, run as written (the start of issue 21's
"README examples are tests"; the rest of README's blocks are not run yet)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import boto3

from amplify_fakes import mock_amplifybackend
from amplify_fakes.server import FakeServer

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _block(language: str, containing: str) -> str:
    """The one fenced ``language`` block of README that contains ``containing``."""
    blocks = re.findall(rf"^```{language}\n(.*?)^```", README, flags=re.S | re.M)
    found = [block for block in blocks if containing in block]
    assert len(found) == 1, f"{len(found)} README {language} blocks contain {containing!r}"
    return found[0]


def test_the_fault_injection_example_runs_as_written() -> None:
    code = _block("python", 'error="TooManyRequestsException", times=2')
    namespace = {"boto3": boto3, "mock_amplifybackend": mock_amplifybackend}
    exec(compile(code, "README.md (fault injection)", "exec"), namespace)
    fake = namespace["fake"]
    statuses = [call.status for call in fake.calls.of("GetBackend")]
    assert statuses == [429, 429, 200]  # throttled twice, then answered


def test_the_boto3_one_liner_for_the_server_runs_as_written() -> None:
    block = _block("bash", "python -c 'import boto3")
    line = next(x for x in block.splitlines() if "python -c" in x)
    with FakeServer(port=0) as server:
        command = line.replace("http://127.0.0.1:4566", server.url)
        command = command.replace("python -c", f"{sys.executable} -c", 1)
        environment = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        done = subprocess.run(
            command, shell=True, env=environment, capture_output=True, text=True, timeout=60
        )
    assert done.returncode == 0, done.stderr
    assert "'Buckets': []" in done.stdout
