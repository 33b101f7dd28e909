"""Hostile input through the HTTP door: raw bytes on a socket to a FakeServer on 127.0.0.1.

The same hostile requests as in test_hostile_core (a share of them), written as raw HTTP/1.1
so that nothing in between (http.client, an SDK) cleans them up; then what only the HTTP
door sees: broken request lines and headers, bad lengths and chunking, huge bodies, unknown
methods, the control API. Every answer is a documented 4xx in JSON (or, for bytes that are
not HTTP at all, a closed connection), never a 5xx; the server never dies.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amplify_fakes.server import FakeServer
from tests.reliability._hostile import (
    APP,
    ENV,
    HTTP_ERRORS,
    OPERATIONS,
    Hostile,
    documented_error,
    fuzz,
    hostile_requests,
    seeded_fake,
)

TIMEOUT = 20.0


@pytest.fixture(scope="module")
def server() -> Iterator[FakeServer]:
    """One strict server for the module, on the seeded fake (restored before each request)."""
    with FakeServer(fake=seeded_fake()) as running:
        yield running
    running.check()


@pytest.fixture(scope="module")
def seed(server: FakeServer) -> dict[str, Any]:
    return server.fake.snapshot()


def exchange(port: int, data: bytes) -> tuple[int, dict[str, str], bytes] | None:
    """Send raw bytes, read one HTTP answer (None: the server closed without one)."""
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as sock:
        # A server that answered early (413) and stopped reading: its answer is still there.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(data)
        response = http.client.HTTPResponse(sock)
        try:
            response.begin()
        except http.client.RemoteDisconnected:
            return None
        return response.status, dict(response.getheaders()), response.read()


CONTENT_TYPES = [
    "application/json",
    "application/x-amz-json-1.1",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/json; charset=utf-16",
    "",
]


def request_bytes(
    method: str, path: str, body: bytes, content_type: str = "application/json"
) -> bytes:
    head = [
        f"{method} {path} HTTP/1.1",
        "Host: 127.0.0.1",
        f"Content-Type: {content_type}",
        f"Content-Length: {len(body)}",
        "Connection: close",
    ]
    return "\r\n".join(head).encode("utf-8", "surrogatepass") + b"\r\n\r\n" + body


def alive(server: FakeServer) -> None:
    """The server still answers, and saw no defect."""
    answer = exchange(server.port, request_bytes("GET", "/_fake", b""))
    assert answer is not None
    assert answer[0] == 200
    assert server.errors == []


@pytest.mark.parametrize("operation", OPERATIONS)
def test_hostile_requests_over_http(
    server: FakeServer, seed: dict[str, Any], operation: str
) -> None:
    @fuzz(8)
    @given(hostile_requests(operation), st.sampled_from(CONTENT_TYPES))
    def check(hostile: Hostile, content_type: str) -> None:
        server.fake.restore(seed)
        before = server.fake.snapshot()
        data = request_bytes(hostile.method, hostile.path, hostile.body, content_type)
        answer = exchange(server.port, data)
        assert answer is not None, "no answer"
        status, headers, body = answer
        if status != 200 or hostile.certainly_invalid:
            documented_error(status, headers, body, operation, HTTP_ERRORS)
            assert server.fake.snapshot() == before
        assert server.errors == []

    check()
    alive(server)


PROTOCOL = {
    "unknown method": b"FOO /backend HTTP/1.1\r\nHost: x\r\n\r\n",
    "unknown path": b"POST /nothing/here HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}",
    "wrong method": b"DELETE /backend HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}",
    "OPTIONS *": b"OPTIONS * HTTP/1.1\r\n\r\n",
    "CONNECT": b"CONNECT evil.example:443 HTTP/1.1\r\n\r\n",
    "TRACE": b"TRACE /backend HTTP/1.1\r\n\r\n",
    "lower-case method": b"post /backend HTTP/1.1\r\nHost: x\r\n\r\n",
    "HTTP/2.0": b"GET /backend HTTP/2.0\r\n\r\n",
    "HTTP/1.x": b"GET /backend HTTP/1.x\r\n\r\n",
    "garbage line": b"GARBAGE\r\n\r\n",
    "four words": b"GET /a b HTTP/1.1\r\n\r\n",
    "HTTP/0.9 POST": b"POST /backend\r\n\r\n",
    "70 KB request line": b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n",
    "70 KB header line": b"GET / HTTP/1.1\r\nX: " + b"y" * 70_000 + b"\r\n\r\n",
    "200 headers": b"GET / HTTP/1.1\r\n" + b"X: y\r\n" * 200 + b"\r\n",
    "header without colon": b"GET /_fake HTTP/1.1\r\nnocolon\r\n\r\n",
    "negative length": b"POST /backend HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
    "length with underscore": b"POST /backend HTTP/1.1\r\nContent-Length: 1_0\r\n\r\n",
    "length not a number": b"POST /backend HTTP/1.1\r\nContent-Length: ten\r\n\r\n",
    "conflicting lengths": b"POST /backend HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
    "length over 10 MiB": b"POST /backend HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n",
    "length beyond 64 bits": b"POST /backend HTTP/1.1\r\nContent-Length: "
    + b"9" * 30
    + b"\r\n\r\n",
    "Expect 100-continue, too large": (
        b"POST /backend HTTP/1.1\r\nContent-Length: 99999999999\r\nExpect: 100-continue\r\n\r\n"
    ),
    "negative chunk": b"POST /backend HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\nabc\r\n",
    "chunk not hex": b"POST /backend HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    "huge chunk": b"POST /backend HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFF\r\n",
    "chunk with 0x": b"POST /backend HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0x2\r\n{}\r\n0\r\n\r\n",
    "gzip transfer encoding": b"POST /backend HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
    "NUL in path": b"GET /backend/\x00/details HTTP/1.1\r\n\r\n",
    "ESC in path": b"GET /backend/\x1b[31mred/details HTTP/1.1\r\n\r\n",
    "latin-1 in path": b"POST /backend/\xff\xfe/details HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}",
    "absolute form": b"POST http://evil.example/backend/x/details HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}",
    "dot segments": b"POST /prod/../_fake/reset HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
    "double slash": b"POST //_fake/reset HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
}


@pytest.mark.parametrize("data", PROTOCOL.values(), ids=PROTOCOL.keys())
def test_protocol_garbage_is_a_json_4xx(
    server: FakeServer, seed: dict[str, Any], data: bytes
) -> None:
    server.fake.restore(seed)
    before = server.fake.snapshot()
    answer = exchange(server.port, data)
    assert answer is not None, "the server closed without an answer"
    status, headers, body = answer
    if not (status == 200 and b"/_fake" in data):  # '//_fake/reset' is the control API
        documented_error(status, headers, body, None, HTTP_ERRORS)
        assert server.fake.snapshot() == before
    alive(server)


def test_huge_bodies_are_413_and_the_client_reads_the_answer(server: FakeServer) -> None:
    body = b'{"appId": "' + b"x" * (11 * 1024 * 1024) + b'"}'
    for data in (
        request_bytes("POST", "/backend", body),
        # HTTP/1.1 requires Host (RFC 9112 3.2): without one the answer is 400, not 413.
        b"POST /backend HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
        + b"".join(b"100000\r\n" + b"x" * 0x100000 + b"\r\n" for _ in range(11))
        + b"0\r\n\r\n",
    ):
        answer = exchange(server.port, data)
        assert answer is not None
        status, headers, response = answer
        assert documented_error(status, headers, response, None, HTTP_ERRORS) == (
            "RequestEntityTooLargeException"
        )
    alive(server)


@given(st.binary(max_size=300))
@fuzz(150)
def test_random_bytes_never_break_the_server(server: FakeServer, data: bytes) -> None:
    answer = exchange(server.port, data + b"\r\n\r\n")
    if answer is not None:
        status, headers, body = answer
        documented_error(status, headers, body, None, HTTP_ERRORS)
    assert server.errors == []


CONTROL = [
    ("POST", "/_fake/reset"),
    ("POST", "/_fake/restore"),
    ("POST", "/_fake/faults"),
    ("POST", "/_fake/faults/job-failure"),
    ("POST", "/_fake/clock/advance"),
    ("DELETE", "/_fake/faults/1"),
    ("GET", "/_fake/calls?operation=GetBackend"),
    ("PUT", "/_fake/snapshot"),
    ("GET", "/_fake/nothing"),
]
CONTROL_MEMBERS = [
    *("operation", "error", "status", "times", "after", "latency", "probability", "match"),
    *("message", "seconds", "format", "version", "accounts", "x"),
]
control_bodies = st.one_of(
    st.just(b""),
    st.binary(max_size=40),
    st.recursive(
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats()
        | st.text(max_size=10)
        | st.sampled_from(["GetBackend", "*", "BadRequestException", "format"]),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(
                st.sampled_from(CONTROL_MEMBERS),
                inner,
                max_size=4,
            )
        ),
        max_leaves=8,
    ).map(lambda value: json.dumps(value).encode()),
)


@given(st.sampled_from(CONTROL), control_bodies)
@fuzz(200)
def test_the_control_api_rejects_garbage_with_a_4xx(
    server: FakeServer, seed: dict[str, Any], endpoint: tuple[str, str], body: bytes
) -> None:
    method, path = endpoint
    answer = exchange(server.port, request_bytes(method, path, body))
    server.fake.faults.clear()  # a valid fault (latency, 429...) must not slow the rest
    server.fake.restore(seed)
    assert answer is not None
    status, _, response = answer
    assert status < 500, response
    document = json.loads(response)
    if status >= 400:
        assert set(document) == {"error", "message"}, document
        assert isinstance(document["message"], str)
    assert server.errors == []


def test_the_server_survives_all_of_it(server: FakeServer) -> None:
    alive(server)
    assert (
        exchange(server.port, request_bytes("POST", f"/backend/{APP}/job/{ENV}", b"{}")) is not None
    )


def test_an_http_1_1_request_without_host_is_a_400_naming_host(server: FakeServer) -> None:
    answer = exchange(server.port, b"GET /backend/x/details HTTP/1.1\r\n\r\n")
    assert answer is not None
    status, headers, body = answer
    assert documented_error(status, headers, body, None, HTTP_ERRORS) == "BadRequestException"
    assert b"Host" in body
    # HTTP/1.0 has no Host requirement: the request reaches the core (its 404 or answer).
    answer = exchange(server.port, b"GET /_fake/calls HTTP/1.0\r\n\r\n")
    assert answer is not None
    assert answer[0] == 200
    alive(server)
