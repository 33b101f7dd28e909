"""The server under slow, idle, too many and vanishing clients; state files under kill -9.

The server's limits are class attributes of ``amplify_fakes._server.http.Server``; the
tests shrink them (seconds instead of the defaults' 30/60) so they stay fast. Every wait
is bounded.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import random
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from amplify_fakes import AmplifyBackendFake
from amplify_fakes._server import http as server_http
from amplify_fakes.server import FakeServer
from tests.reliability._hostile import HTTP_ERRORS, documented_error
from tests.server._support import fake_aws_env, serve

TIMEOUT = 20.0
PARTIAL = b"POST /backend HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n"


@pytest.fixture
def short_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(server_http.Server, "request_timeout", 1.5)
    monkeypatch.setattr(server_http.Server, "idle_timeout", 1.0)
    monkeypatch.setattr(server_http.Server, "linger_timeout", 0.5)


def _request(port: int, path: str = "/backend/d1none/details") -> tuple[int, dict[str, Any], float]:
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        connection.request("POST", path, b"{}")
        response = connection.getresponse()
        return response.status, json.loads(response.read()), time.monotonic() - started
    finally:
        connection.close()


def _read_all(sock: socket.socket, seconds: float) -> bytes:
    sock.settimeout(seconds)
    data = b""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            chunk = sock.recv(65536)
        except (TimeoutError, ConnectionResetError):
            break
        if not chunk:
            break
        data += chunk
    return data


def test_the_defaults_bound_every_client() -> None:
    server = server_http.Server
    assert 0 < server.request_timeout <= 60
    assert 0 < server.idle_timeout <= 120
    assert 0 < server.max_connections <= 1024
    assert server.request_queue_size >= 64
    assert server_http.MAX_BODY == 10 * 1024 * 1024
    assert server_http.Handler.disable_nagle_algorithm


@pytest.mark.usefixtures("short_limits")
def test_slowloris_clients_do_not_block_others_and_are_cut_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Long enough that a client blocked behind the slow ones would show (>= 3 s).
    monkeypatch.setattr(server_http.Server, "request_timeout", 3.0)
    with FakeServer(jobs="immediate") as server:
        slow = [
            socket.create_connection(("127.0.0.1", server.port), timeout=TIMEOUT) for _ in range(20)
        ]
        stop = threading.Event()

        def trickle() -> None:  # one byte per socket every 0.1 s: never idle, never done
            for _ in range(100):
                if stop.wait(0.1):
                    return
                for sock in slow:
                    with contextlib.suppress(OSError):
                        sock.send(b"X")

        for sock in slow:
            sock.sendall(PARTIAL)
        trickler = threading.Thread(target=trickle, daemon=True)
        trickler.start()
        try:
            latencies = []
            for _ in range(30):  # meanwhile, ordinary clients are served at once
                status, body, took = _request(server.port)
                assert status == 404, body
                latencies.append(took)
            assert max(latencies) < 2.0, latencies
            assert sorted(latencies)[len(latencies) // 2] < 0.5, latencies
            answers = [_read_all(sock, server_http.Server.request_timeout + 3) for sock in slow]
        finally:
            stop.set()
            trickler.join(TIMEOUT)
            for sock in slow:
                sock.close()
        assert all(answer.startswith(b"HTTP/1.1 408 ") for answer in answers), answers[:2]
        assert b"RequestTimeoutException" in answers[0]
        server.check()


@pytest.mark.usefixtures("short_limits")
def _wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, f"never: {what}"
        time.sleep(0.02)


def test_connection_limit_answers_429_and_recovers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(server_http.Server, "max_connections", 4)
    monkeypatch.setattr(server_http.Server, "request_timeout", 30.0)
    monkeypatch.setattr(server_http.Server, "linger_timeout", 10.0)
    opened: list[socket.socket] = []

    def connect() -> socket.socket:
        opened.append(socket.create_connection(("127.0.0.1", server.port), timeout=TIMEOUT))
        return opened[-1]

    with FakeServer(jobs="immediate") as server:
        httpd = server._httpd
        assert httpd is not None
        try:
            for _ in range(4):
                connect().sendall(PARTIAL)
            _wait_for(lambda: len(httpd._connections) == 4, "4 connections accepted")
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=TIMEOUT)
            connection.request("POST", "/backend/d1x/details", b"{}")
            response = connection.getresponse()
            body = response.read()
            connection.close()
            code = documented_error(
                response.status, dict(response.getheaders()), body, None, HTTP_ERRORS
            )
            assert (response.status, code) == (429, "TooManyRequestsException")
            assert json.loads(body)["limitType"] == "Connections"
            _wait_for(lambda: not httpd._refusing, "the refusal finished")
            # A flood: refused clients that stay connected keep their refusal threads
            # (draining) up to max_connections; beyond that a connection is just closed.
            refused = [connect() for _ in range(4)]
            for sock in refused:
                assert _read_all(sock, 5.0).startswith(b"HTTP/1.1 429 ")
            assert _read_all(connect(), 5.0) == b""
        finally:
            for sock in opened:
                sock.close()
        _wait_for(lambda: not httpd._connections, "every connection forgotten")
        for _ in range(8):  # every slot is free again
            assert _request(server.port)[0] == 404
        server.check()


@pytest.mark.usefixtures("short_limits")
def test_idle_keep_alive_connections_are_closed() -> None:
    with FakeServer(jobs="immediate") as server:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=TIMEOUT)
        connection.request("POST", "/backend/d1idle/details", b"{}")
        response = connection.getresponse()
        response.read()
        assert response.status == 404
        assert connection.sock is not None
        started = time.monotonic()
        assert _read_all(connection.sock, 5.0) == b""  # EOF: the server closed it
        assert 0.5 < time.monotonic() - started < 4.0
        connection.close()
        never = socket.create_connection(("127.0.0.1", server.port), timeout=TIMEOUT)
        assert _read_all(never, 5.0) == b""  # a connection that never sends is closed too
        never.close()


def _threads(port: int) -> list[threading.Thread]:
    names = (f"amplify-fakes-http-{port}", f"amplify-fakes-server-{port}")
    return [t for t in threading.enumerate() if t.name in names]


def test_shutdown_under_load_is_clean() -> None:
    server = FakeServer(jobs="immediate").start()
    port = server.port
    stop = threading.Event()
    bad: list[str] = []
    served = [0] * 8

    def hammer(n: int) -> None:
        connection: http.client.HTTPConnection | None = None
        for _ in range(100_000):
            if stop.is_set():
                break
            try:
                if connection is None:
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                body = json.dumps(
                    {
                        "appId": f"d1c{n}x{served[n]}",
                        "appName": "a",
                        "backendEnvironmentName": "dev",
                    }
                )
                connection.request("POST", "/backend", body)
                response = connection.getresponse()
                payload = response.read()
                if response.status != 200:
                    bad.append(f"{response.status} {payload[:200]!r}")
                served[n] += 1
            except (OSError, http.client.HTTPException):
                if connection is not None:
                    connection.close()
                connection = None
                if not server.running:
                    break
        if connection is not None:
            connection.close()

    clients = [threading.Thread(target=hammer, args=(n,), daemon=True) for n in range(8)]
    for client in clients:
        client.start()
    time.sleep(0.5)
    started = time.monotonic()
    server.stop()
    took = time.monotonic() - started
    stop.set()
    for client in clients:
        client.join(TIMEOUT)
    assert not any(client.is_alive() for client in clients)
    assert took < 6.0
    assert bad == []
    assert sum(served) > 50
    assert _threads(port) == []
    assert server.errors == []
    # every create that was answered is there (and maybe a few whose answer was cut off)
    assert len(server.fake.apps()) >= sum(served)


# -- state files under kill -9 ------------------------------------------------------------------

SAVER = """
import sys
from amplify_fakes import AmplifyBackendFake

fake = AmplifyBackendFake()
for i in range(1000):
    fake.add_backend(f"d1app{i:05d}", "dev", app_name="x" * 64)
rounds = 0
while True:
    rounds += 1
    fake.add_backend(f"d1round{rounds:06d}", "dev")
    fake.save(sys.argv[1])
    if rounds == 1:
        print("ready", flush=True)
"""


def _loads(path: Path) -> AmplifyBackendFake:
    fake = AmplifyBackendFake()
    fake.load(path)  # UsageError if corrupt or truncated
    return fake


def test_kill_9_while_saving_never_corrupts_the_file(tmp_path: Path) -> None:
    rng = random.Random(9)
    children = []
    for n in range(3):
        path = tmp_path / f"state-{n}.json"
        process = subprocess.Popen(
            [sys.executable, "-c", SAVER, str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=fake_aws_env(),
        )
        children.append((path, process))
    try:
        for _, process in children:
            assert process.stdout is not None
            assert process.stdout.readline().strip() == "ready", process.stderr
        for _, process in children:
            time.sleep(rng.uniform(0.0, 0.4))  # somewhere in the middle of a save, mostly
            process.kill()
    finally:
        for _, process in children:
            if process.poll() is None:
                process.kill()
            process.communicate(timeout=TIMEOUT)
    for path, process in children:
        assert process.returncode == -signal.SIGKILL
        apps = _loads(path).apps()
        assert len(apps) >= 1001
        assert all(app.startswith("d1") for app in apps)


def test_a_failed_save_leaves_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "state.json"
    fake = AmplifyBackendFake()
    fake.add_backend("d1first", "dev")
    fake.save(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # it holds secrets: owner only
    previous = path.read_bytes()
    fake.add_backend("d1second", "dev")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space left"):
        fake.save(path)
    assert path.read_bytes() == previous
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]  # no temp file left


@pytest.fixture
def big_snapshot() -> dict[str, Any]:
    fake = AmplifyBackendFake()
    for i in range(1500):
        fake.add_backend(f"d1served{i:05d}", "dev", app_name="y" * 64)
    return fake.snapshot()


@pytest.mark.parametrize("delay", [0.0, 0.1])
def test_serve_killed_while_saving_its_state_leaves_a_loadable_file(
    tmp_path: Path, big_snapshot: dict[str, Any], delay: float
) -> None:
    path = tmp_path / "state.json"
    seed = AmplifyBackendFake()
    seed.add_backend("d1previous", "dev")
    seed.save(path)
    with serve("--state", str(path)) as running:
        connection = http.client.HTTPConnection(
            "127.0.0.1", int(running.url.rsplit(":", 1)[1]), timeout=TIMEOUT
        )
        connection.request("POST", "/_fake/restore", json.dumps(big_snapshot))
        response = connection.getresponse()
        assert response.status == 200, response.read()
        connection.close()
        running.process.send_signal(signal.SIGTERM)  # starts the save at shutdown
        time.sleep(delay)
        running.process.kill()
        running.process.wait(TIMEOUT)
    apps = _loads(path).apps()
    assert apps == ["d1previous"] or len(apps) == 1500  # the old file or the new one, whole
