"""Helpers for the server tests: raw HTTP, the ``serve`` subprocess, fake AWS credentials."""

from __future__ import annotations

import http.client
import json
import os
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any
from urllib.parse import urlsplit

APP = "d1serverapp"
ENV = "dev"
TIMEOUT = 20.0  # seconds any single wait in these tests may take


@dataclass(frozen=True)
class Raw:
    """One raw HTTP exchange's answer."""

    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        """The body as JSON."""
        return json.loads(self.body)


def raw(
    url: str,
    method: str,
    path: str,
    body: bytes | str | None = None,
    headers: Mapping[str, str] | None = None,
) -> Raw:
    """Send one request with http.client (no SDK in between) and read the whole answer."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=TIMEOUT)
    try:
        data = body.encode() if isinstance(body, str) else body
        connection.request(method, path, body=data, headers=dict(headers or {}))
        response = connection.getresponse()
        return Raw(
            response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        )
    finally:
        connection.close()


def fake_aws_env(**extra: str) -> dict[str, str]:
    """An environment for subprocesses: fake credentials, no config files, no real profile."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("AWS_") and not k.startswith("PYTEST_")
    }
    env.update(
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        AWS_EC2_METADATA_DISABLED="true",
        AWS_PAGER="",
    )
    env.update(extra)
    return env


class Serve:
    """A running ``amplify-fakes serve`` subprocess: its URL and its stderr lines."""

    def __init__(self, process: subprocess.Popen[str]):
        assert process.stdout is not None
        assert process.stderr is not None
        self.process = process
        self.stderr: list[str] = []
        self._lines: queue.Queue[str] = queue.Queue()
        self._first: queue.Queue[str] = queue.Queue()
        self._readers = [
            threading.Thread(target=_pump, args=(process.stderr, self._lines.put), daemon=True),
            threading.Thread(target=_pump, args=(process.stdout, self._first.put), daemon=True),
        ]
        for reader in self._readers:
            reader.start()
        self.url = ""

    def wait_for_url(self) -> str:
        """The one line the server prints on stdout when it is ready."""
        try:
            self.url = self._first.get(timeout=TIMEOUT)
        except queue.Empty:
            self.stop(signal.SIGKILL)
            raise AssertionError(f"no URL in time; stderr: {self.stderr}") from None
        return self.url

    def stdout_rest(self) -> list[str]:
        """Lines printed on stdout after the URL (there should be none)."""
        rest = []
        while not self._first.empty():
            rest.append(self._first.get_nowait())
        return rest

    def stop(self, sig: int = signal.SIGTERM) -> int:
        """Send ``sig`` and wait (bounded) for the exit status; collect stderr."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            code = self.process.wait(TIMEOUT)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait(TIMEOUT)
            for reader in self._readers:
                reader.join(TIMEOUT)
        self.drain()
        return code

    def drain(self) -> list[str]:
        """The stderr lines read so far."""
        while True:
            try:
                self.stderr.append(self._lines.get_nowait())
            except queue.Empty:
                return self.stderr

    def close(self) -> None:
        """Stop (if still running) and close the pipes."""
        if self.process.returncode is None:
            self.stop()
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


def _pump(stream: IO[str], put: Callable[[str], None]) -> None:
    for line in stream:
        put(line.rstrip("\n"))


def start_serve(*args: str) -> Serve:
    """Start ``python -m amplify_fakes serve ARGS`` with pipes for stdout and stderr."""
    return start_python("-m", "amplify_fakes", "serve", *args)


def start_python(*args: str) -> Serve:
    """Start this interpreter with ``args`` (a server that prints its URL first), with
    pipes for stdout and stderr and fake AWS credentials."""
    process = subprocess.Popen(
        [sys.executable, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=fake_aws_env(),
    )
    return Serve(process)


@contextmanager
def serve(*args: str) -> Iterator[Serve]:
    """``amplify-fakes serve --port 0 ARGS``, ready, until the block ends (then SIGTERM)."""
    running = start_serve("--port", "0", *args)
    try:
        url = running.wait_for_url()
        assert url.startswith("http://127.0.0.1:"), (url, running.drain())
        yield running
    finally:
        running.close()


def run_serve(*args: str) -> subprocess.CompletedProcess[str]:
    """``amplify-fakes serve ARGS`` expected to fail at once: its exit status and output."""
    return subprocess.run(
        [sys.executable, "-m", "amplify_fakes", "serve", *args],
        capture_output=True,
        text=True,
        env=fake_aws_env(),
        timeout=TIMEOUT,
        check=False,
    )
