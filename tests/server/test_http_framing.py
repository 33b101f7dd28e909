"""The door's framing: answers any HTTP/1.1 parser accepts, pipelining, who closes."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import h11
import pytest

from amplify_fakes.server import FakeServer

TIMEOUT = 10.0
GET_CALLS = b"GET /_fake/calls HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"


@pytest.fixture(scope="module")
def server() -> Iterator[FakeServer]:
    with FakeServer(strict=True) as running:
        yield running
    running.check()


def answers(port: int, data: bytes, count: int) -> tuple[list[tuple[int, bytes]], bool]:
    """Send ``data``, parse ``count`` answers with h11 as a client; and whether the server
    then closed the connection."""
    client = h11.Connection(h11.CLIENT)
    results: list[tuple[int, bytes]] = []
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as sock:
        sock.sendall(data)
        for _ in range(count):
            # what h11 needs to match our answers to requests it did not send itself
            client.send(h11.Request(method="GET", target="/", headers=[("Host", "x")]))
            client.send(h11.EndOfMessage())
            status, body = 0, b""
            while True:
                event = client.next_event()
                if event is h11.NEED_DATA:
                    client.receive_data(sock.recv(65536))
                elif isinstance(event, h11.Response):
                    status = event.status_code
                elif isinstance(event, h11.Data):
                    body += event.data
                elif isinstance(event, h11.EndOfMessage):
                    break
            results.append((status, body))
            if client.our_state is h11.MUST_CLOSE or client.their_state is h11.MUST_CLOSE:
                break
            client.start_next_cycle()
        sock.settimeout(2.0)
        try:
            closed = sock.recv(1) == b""
        except TimeoutError:
            closed = False
    return results, closed


def test_pipelined_requests_get_their_answers_in_order_on_one_connection(
    server: FakeServer,
) -> None:
    reset = b"POST /_fake/reset HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\n{}"
    got, closed = answers(server.port, GET_CALLS + reset + GET_CALLS, 3)
    assert [status for status, _ in got] == [200, 200, 200]
    assert got[1][1] == b'{"reset": true}'
    assert not closed  # keep-alive: the server waits for more


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"GET /_fake/calls HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        b"GET /_fake/calls HTTP/1.0\r\n\r\n",
    ],
    ids=["Connection: close", "HTTP/1.0"],
)
def test_the_server_closes_when_the_client_asks_or_speaks_http_1_0(
    server: FakeServer, request_bytes: bytes
) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=TIMEOUT) as sock:
        sock.sendall(request_bytes)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b"\r\nConnection: close" in head
    assert body == b'{"calls": []}'


def test_an_answer_to_head_has_the_get_length_and_no_body(server: FakeServer) -> None:
    head = b"HEAD /_fake/calls HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    with socket.create_connection(("127.0.0.1", server.port), timeout=TIMEOUT) as sock:
        sock.sendall(head + GET_CALLS)
        data = b""
        while data.count(b"\r\n\r\n") < 2 or not data.endswith(b"]}"):
            data += sock.recv(65536)
    first, second = data.split(b"HTTP/1.1 ")[1:]
    assert b"Content-Length: 13\r\n" in first
    assert first.endswith(b"\r\n\r\n")  # no body after the HEAD answer's headers
    assert second.endswith(b'{"calls": []}')
