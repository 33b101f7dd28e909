"""Fixtures for the client tests: an ``amplify-fakes serve`` per test, and real clients for it.

``js/`` is an npm project pinning the published JavaScript clients of amplifybackend;
``.ci/run`` installs it with ``npm ci``. Its scripts (``js/*.mjs``) call the service the
way the Amplify CLI does and print what the client read as one JSON document; the tests
assert on that. Without node or the installed packages the tests that need them skip,
except under CI (``CI`` set), where they fail: CI must not pass by skipping the clients.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.server._support import Serve, fake_aws_env, raw, serve

JS = Path(__file__).parent / "js"
REGION = "us-east-1"
ACCOUNT = "123456789012"
NODE_SECONDS = 30  # the most one node script may take (each script also ends itself at 20 s)


def _js_missing() -> str | None:
    """Why the JS clients cannot run here, or None."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        return "node and npm are not installed"
    pinned = json.loads((JS / "package.json").read_text())["dependencies"]
    for name, version in pinned.items():
        installed = JS / "node_modules" / name / "package.json"
        if not installed.is_file():
            return f"{name} is not installed: run npm ci in tests/clients/js"
        if json.loads(installed.read_text())["version"] != version:
            return f"{name} is not at the pinned {version}: run npm ci in tests/clients/js"
    return None


@pytest.fixture(scope="session")
def node() -> str:
    """The node executable, once the pinned clients are installed (else skip, or fail in CI)."""
    missing = _js_missing()
    if missing is not None:
        if os.environ.get("CI"):
            pytest.fail(f"{missing} (under CI the real clients must run)")
        pytest.skip(missing)
    path = shutil.which("node")
    assert path is not None
    return path


@dataclass
class Fake:
    """A running ``amplify-fakes serve`` and what a test does with it."""

    server: Serve
    node: str | None = None

    @property
    def url(self) -> str:
        return self.server.url

    def control(self, method: str, path: str, body: Any = None) -> Any:
        """A control API request (``/_fake...``); its JSON answer, which must be a 2xx."""
        data = None if body is None else json.dumps(body)
        answer = raw(self.url, method, f"/_fake{path}", data)
        assert 200 <= answer.status < 300, (path, answer.status, answer.body)
        return answer.json()

    def calls(self, operation: str) -> list[dict[str, Any]]:
        """The call log's entries for ``operation``."""
        calls: list[dict[str, Any]] = self.control("GET", f"/calls?operation={operation}")["calls"]
        return calls

    def env(self) -> dict[str, str]:
        """What a developer exports to point the Amplify CLI and the AWS SDKs at this server."""
        return fake_aws_env(
            AMPLIFY_BACKEND_ENDPOINT=self.url,
            AMPLIFY_BACKEND_REGION=REGION,
            AWS_ENDPOINT_URL_AMPLIFYBACKEND=self.url,
            AWS_REGION=REGION,
        )

    def run(self, script: str, payload: Any) -> Any:
        """Run ``js/SCRIPT`` with ``payload`` as JSON on stdin; the JSON it prints."""
        assert self.node is not None, "start the server with start_js_fake to run node"
        done = subprocess.run(
            [self.node, script],
            cwd=JS,
            input=json.dumps(payload),
            capture_output=True,
            text=True,
            env=self.env(),
            timeout=NODE_SECONDS,
            check=False,
        )
        assert done.returncode == 0, f"{script} exited {done.returncode}:\n{done.stderr}"
        return json.loads(done.stdout)


StartFake = Callable[..., Fake]


@pytest.fixture
def start_fake() -> Iterator[StartFake]:
    """``start_fake(*serve_args)``: a strict server on a free port of 127.0.0.1, its jobs on a
    virtual clock; after the test it must have answered no request with a defect of its own."""
    started: list[Fake] = []
    with ExitStack() as stack:

        def start(*args: str) -> Fake:
            block = serve("--jobs", "clock", "--clock", "virtual", "--strict", *args)
            started.append(Fake(stack.enter_context(block)))
            return started[-1]

        yield start
        for fake in started:
            assert fake.control("GET", "/errors") == {"errors": []}
    for fake in started:
        assert not any("Traceback" in line for line in fake.server.drain())


@pytest.fixture
def start_js_fake(node: str, start_fake: StartFake) -> StartFake:
    """``start_fake`` for tests that run the JS clients against the server."""

    def start(*args: str) -> Fake:
        fake = start_fake(*args)
        fake.node = node
        return fake

    return start
