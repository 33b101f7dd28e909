"""Start, stop, defects, logging, concurrency: the server's own behaviour around the core."""

from __future__ import annotations

import http.client
import logging
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import EndpointConnectionError

from amplify_fakes import ContractViolation, FakeDefectError, mock_amplifybackend
from amplify_fakes._service.handlers import HANDLERS
from amplify_fakes.errors import UsageError
from amplify_fakes.server import FakeServer
from tests.server._support import APP, ENV, TIMEOUT, raw

NO_RETRIES = Config(retries={"mode": "standard", "total_max_attempts": 1})


def test_stop_leaves_no_thread_and_no_socket_behind(aws_credentials: dict[str, str]) -> None:
    before = set(threading.enumerate())
    server = FakeServer(jobs="immediate").start()
    port = server.port
    client = server.client(config=NO_RETRIES)  # keeps its keep-alive connection open
    client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    idle = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    idle.connect()  # a connection that never sends a request
    assert len(set(threading.enumerate()) - before) >= 2
    server.stop()
    assert set(threading.enumerate()) - before == set()
    try:  # the server closed its end of the idle connection (EOF, or RST if never accepted)
        assert idle.sock is not None
        assert idle.sock.recv(1) == b""
    except ConnectionResetError:
        pass
    finally:
        idle.close()
    assert not server.running
    again = FakeServer(port=port).start()  # nothing listens on the port any more
    again.stop()
    with pytest.raises(EndpointConnectionError):
        client.get_backend(AppId=APP)
    client.close()
    server.stop()  # idempotent


def test_url_binding_and_misuse(aws_credentials: dict[str, str]) -> None:
    server = FakeServer()
    with pytest.raises(UsageError, match="not running"):
        _ = server.url
    with server:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", server.url)
        assert server.port != 0
        assert repr(server) == f"FakeServer({server.url})"
        with pytest.raises(UsageError, match="already running"):
            server.start()
    with pytest.raises(UsageError, match="either fake= or"):
        FakeServer(fake=server.fake, jobs="immediate")
    with pytest.raises(UsageError, match="port must be"):
        FakeServer(port=70000)


def test_a_port_in_use_is_a_usage_error() -> None:
    with FakeServer() as first:
        second = FakeServer(port=first.port)
        with pytest.raises(UsageError, match=rf"cannot listen on 127\.0\.0\.1:{first.port}: "):
            second.start()
        assert not second.running


def test_state_option_loads_a_snapshot(aws_credentials: dict[str, str], tmp_path: Any) -> None:
    with mock_amplifybackend() as fake:
        fake.add_backend(APP, ENV, app_name="seeded")
        snapshot = fake.snapshot()
        fake.save(tmp_path / "state.json")
    with (
        FakeServer(state=snapshot) as from_dict,
        FakeServer(state=tmp_path / "state.json") as from_file,
    ):
        for server in (from_dict, from_file):
            assert server.client().get_backend(AppId=APP)["AppName"] == "seeded"
    with pytest.raises(UsageError, match="does not exist"):
        FakeServer(state=tmp_path / "missing.json")


def _broken(ctx: Any, params: dict[str, Any]) -> dict[str, Any]:
    raise ZeroDivisionError("broken handler")


def test_a_defect_is_a_500_internal_failure_and_raised_by_check(
    server: FakeServer, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setitem(HANDLERS, "GetBackend", _broken)
    client = server.client(config=NO_RETRIES)
    client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    with caplog.at_level(logging.ERROR, logger="amplify_fakes.server"):
        answer = raw(server.url, "POST", f"/backend/{APP}/details", "{}")
    assert answer.status == 500
    assert answer.headers["x-amzn-errortype"] == "InternalFailure"
    assert "ZeroDivisionError" in answer.json()["message"]
    assert any("defect" in r.getMessage() for r in caplog.records)
    assert "ZeroDivisionError" in raw(server.url, "GET", "/_fake/errors").json()["errors"][0]
    assert client.list_backend_jobs(AppId=APP, BackendEnvironmentName=ENV)["Jobs"]
    with pytest.raises(FakeDefectError, match="GetBackend"):
        server.check()
    server.check()  # reported once


def test_a_strict_mode_violation_is_a_defect_too(
    server: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(HANDLERS, "GetBackend", lambda ctx, params: {"AppName": 42})
    answer = raw(server.url, "POST", f"/backend/{APP}/details", "{}")
    assert (answer.status, answer.headers["x-amzn-errortype"]) == (500, "InternalFailure")
    assert len(server.errors) == 1
    with pytest.raises(ContractViolation):
        server.check()


def test_reset_clears_captured_defects(server: FakeServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(HANDLERS, "GetBackend", _broken)
    raw(server.url, "POST", f"/backend/{APP}/details", "{}")
    server.reset()
    server.check()


def test_one_log_line_per_request(server: FakeServer, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="amplify_fakes.server"):
        server.client().create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
        raw(server.url, "GET", "/_fake/calls")
        raw(server.url, "GET", "/nowhere")
    lines = [r.getMessage() for r in caplog.records if r.name == "amplify_fakes.server"]
    assert len(lines) == 3
    assert re.fullmatch(r"POST /backend CreateBackend 200 \d+\.\dms", lines[0])
    assert re.fullmatch(r"GET /_fake/calls control 200 \d+\.\dms", lines[1])
    assert re.fullmatch(r"GET /nowhere - 403 \d+\.\dms", lines[2])  # API Gateway's answer


def test_many_threads_at_once(server: FakeServer) -> None:
    client = server.client()  # boto3 clients are thread-safe; each thread gets a connection

    def create(n: int) -> str:
        client.create_backend(AppId=f"d1app{n}", AppName="a", BackendEnvironmentName=ENV)
        return str(client.get_backend(AppId=f"d1app{n}")["AppId"])

    with ThreadPoolExecutor(8) as pool:
        done = list(pool.map(create, range(40), timeout=TIMEOUT))
    assert done == [f"d1app{n}" for n in range(40)]
    assert len(server.fake.apps()) == 40
    assert len(server.fake.calls) == 80


def test_chunked_bodies_and_bad_lengths(server: FakeServer) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=TIMEOUT)
    body = b'{"appId": "d1chunk", "appName": "c", "backendEnvironmentName": "dev"}'
    connection.request("POST", "/backend", body=iter([body[:10], body[10:]]), encode_chunked=True)
    assert connection.getresponse().status == 200
    connection.close()
    assert server.fake.apps() == ["d1chunk"]
    bad = raw(server.url, "POST", "/backend", None, {"Content-Length": "many"})
    assert bad.status == 400
    too_big = raw(server.url, "POST", "/backend", None, {"Content-Length": str(1 << 30)})
    assert too_big.status == 413
