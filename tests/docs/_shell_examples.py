"""Running README's shell blocks: their commands, the Shell they run in, and run_serve."""

from __future__ import annotations

import os
import re
import select
import shlex
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3

from amplify_fakes.server import FakeServer
from tests.docs._blocks import NOT_RUN, ROOT, Block

TIMEOUT = 120.0  # seconds, for any one subprocess or wait


@dataclass(frozen=True)
class Command:
    """One command of a shell block (continuation lines joined), with its trailing comment."""

    line: int
    text: str
    comment: str

    @property
    def not_run(self) -> str | None:
        marker = NOT_RUN.search(self.comment)
        return marker["reason"] if marker else None


def split_comment(command: str) -> tuple[str, str]:
    """``(command, comment)``: the comment starts at the first unquoted ``#`` after a space."""
    for match in re.finditer(r"\s#", command):
        before = command[: match.start()]
        try:
            shlex.split(before)
        except ValueError:  # the # is inside quotes
            continue
        return before.strip(), command[match.end() :].strip()
    return command.strip(), ""


def shell_commands(block: Block) -> list[Command]:
    commands: list[Command] = []
    pending: list[str] = []
    start = 0
    for number, raw in enumerate(block.source.splitlines(), block.line + 1):
        line = raw.strip()
        if not pending:
            if not line or line.startswith("#"):
                continue
            start = number
        pending.append(line.removesuffix("\\").strip())
        if not line.endswith("\\"):
            commands.append(Command(start, *split_comment(" ".join(pending))))
            pending = []
    assert not pending, f"{block}: the last command ends in a line continuation"
    return commands


@dataclass
class Shell:
    """Where a shell block's commands run."""

    cwd: Path
    environment: dict[str, str]
    server: FakeServer | None = None

    def localise(self, command: str) -> str:
        """The command, aimed at this test's server instead of port 4566 or ``URL``."""
        if self.server is None:
            return command
        command = command.replace("http://127.0.0.1:4566", self.server.url)
        command = command.replace("localhost:4566", self.server.url.removeprefix("http://"))
        return re.sub(r"(?<=\s)URL(?=\s|$)", self.server.url, command)

    def run(self, command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["bash", "-c", self.localise(command)],
            cwd=self.cwd,
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )


def needs_server(commands: list[Command]) -> bool:
    return any(
        "127.0.0.1:4566" in c.text
        or "localhost:4566" in c.text
        or re.search(r"\sURL(\s|$)", c.text)
        for c in commands
    )


def shell_environment(directory: Path) -> dict[str, str]:
    """This environment, with ``python`` and ``amplify-fakes`` from this interpreter and this
    checkout first on PATH, and no AWS configuration of the outer run."""
    directory.mkdir()
    wrappers = {
        "python": f'exec "{sys.executable}" "$@"',
        "amplify-fakes": f'exec "{sys.executable}" -m amplify_fakes "$@"',
    }
    for name, body in wrappers.items():
        path = directory / name
        path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
        path.chmod(0o755)
    environment = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    environment.update(
        PATH=os.pathsep.join([str(directory), environment.get("PATH", "")]),
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), environment.get("PYTHONPATH")])),
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        AWS_EC2_METADATA_DISABLED="true",
    )
    for name in OUTER_PYTEST:
        environment.pop(name, None)
    return environment


#: Variables of the outer pytest run that must not reach the examples' processes.
OUTER_PYTEST = ("PYTEST_XDIST_WORKER", "PYTEST_XDIST_WORKER_COUNT", "PYTEST_XDIST_TESTRUNUID")


def _first_line(process: subprocess.Popen[str], timeout: float) -> str:
    """The first line ``process`` prints, waiting at most ``timeout`` seconds for it."""
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    assert ready, f"no line on stdout within {timeout} s"
    return process.stdout.readline().strip()


def run_serve(command: Command, shell: Shell) -> None:
    """``amplify-fakes serve ...`` on port 0: its URL line, one request, a clean SIGINT stop."""
    words = shlex.split(command.text)
    assert words[:2] == ["amplify-fakes", "serve"], command.text
    assert "&" not in words, command.text
    if "--port" in words:
        words[words.index("--port") + 1] = "0"
    else:
        words += ["--port", "0"]
    process = _serve(words, shell)
    try:
        client = _client_of(process)
        job = client.create_backend(AppId="d1app", AppName="shop", BackendEnvironmentName="dev")
        if "--jobs" in words and words[words.index("--jobs") + 1] == "immediate":
            assert job["Status"] == "COMPLETED"
        client.close()
        process.send_signal(signal.SIGINT)  # "SIGINT or SIGTERM stops it cleanly"
        rest, errors = process.communicate(timeout=TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=TIMEOUT)
    assert process.returncode == 0, errors
    assert rest == "", "the URL is the only line on stdout"
    assert re.search(r"^POST /backend CreateBackend 200 \d+(\.\d+)?ms$", errors, re.M), errors
    if "--state" in words:  # "kill it however you like, start it again, the state is there"
        _killed_and_restarted(words, shell)


def _serve(words: list[str], shell: Shell) -> subprocess.Popen[str]:
    """``amplify-fakes serve`` (``words``) as this interpreter runs it, in the shell's place."""
    return subprocess.Popen(
        [sys.executable, "-m", "amplify_fakes", *words[1:]],
        cwd=shell.cwd,
        env=shell.environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _client_of(process: subprocess.Popen[str]) -> Any:
    """A boto3 client for the server ``process`` runs, once it has printed its URL."""
    url = _first_line(process, TIMEOUT)
    assert re.fullmatch(r"http://127\.0\.0\.1:[1-9]\d*", url), url  # prints its URL
    return boto3.client(
        "amplifybackend",
        region_name="us-east-1",
        endpoint_url=url,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def _killed_and_restarted(words: list[str], shell: Shell) -> None:
    """Start ``serve --state`` again, SIGKILL it after a write, and find the write there."""
    for app_id in ("d1killed", None):
        process = _serve(words, shell)
        try:
            client = _client_of(process)
            if app_id is not None:
                client.create_backend(AppId=app_id, AppName="kept", BackendEnvironmentName="dev")
            else:  # the second start: both writes are there
                assert client.get_backend(AppId="d1killed")["AppName"] == "kept"
                assert client.get_backend(AppId="d1app")["AppName"] == "shop"
            client.close()
        finally:
            process.kill()  # SIGKILL: no shutdown save
            process.communicate(timeout=TIMEOUT)
