"""One HTTP/1.1 connection: h11 parses the bytes, we bound the time, the app answers.

h11 (the sans-IO HTTP/1.1 library of httpcore and uvicorn) parses everything that is
HTTP: the request line and headers, Content-Length and chunked bodies with their
trailers, pipelining, ``Expect: 100-continue``, and refuses what is malformed. What stays
here is what is ours:
the two deadlines (``idle_timeout`` for a request's first byte, then ``request_timeout``
for all of it), the 10 MiB body cap, and turning an h11 request into a
:class:`~amplify_fakes._core.wire.WireRequest` with its raw, still percent-encoded path.
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import time
from http import HTTPStatus
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import h11

from amplify_fakes._core import jsonbody
from amplify_fakes._core.wire import WireRequest
from amplify_fakes._server._wire import CONTINUE, linger, printable, protocol_error, response_bytes
from amplify_fakes._server.app import LOG

if TYPE_CHECKING:
    from amplify_fakes._server.http import Server

MAX_BODY = jsonbody.MAX_BODY  # bytes: API Gateway's payload limit (413 beyond)
MAX_HEAD = 65536  # bytes of request line and headers (431 beyond), as http.server's line limit
_RECEIVE = 65536


class _Expired(Exception):
    """A request started but did not arrive within ``request_timeout``."""


class _TooLarge(Exception):
    """A body over :data:`MAX_BODY` (announced or sent)."""


class _Reader:
    """``recv`` with two limits: ``idle`` seconds for a request's first byte, then
    ``request`` seconds (in total, not per read) for the rest of it."""

    def __init__(self, connection: socket.socket, idle: float, request: float):
        self._connection = connection
        self._idle = idle
        self._request = request
        self._deadline: float | None = None

    def next_request(self) -> None:
        """Wait (idle) for the next request."""
        self._deadline = None

    def receive(self) -> bytes:
        """The next bytes (``b""`` at the end); :class:`_Expired` past the request deadline,
        ``TimeoutError`` when idle for too long."""
        if self._deadline is None:
            timeout = self._idle
        else:
            timeout = self._deadline - time.monotonic()
            if timeout <= 0:
                raise _Expired
        self._connection.settimeout(timeout)
        try:
            data = self._connection.recv(_RECEIVE)
        except TimeoutError:
            if self._deadline is not None:
                raise _Expired from None
            raise
        if self._deadline is None and data:
            self._deadline = time.monotonic() + self._request
        return data


def wire_request(request: h11.Request, body: bytes) -> WireRequest:
    """The core's view of an h11 request: raw target split into path and query."""
    target = request.target.decode("latin-1")
    if "://" in target.split("?", 1)[0]:  # absolute form: http://host/path
        parts = urlsplit(target)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
    path, _, query = target.partition("?")
    headers: dict[str, str] = {}
    for name, value in request.headers:
        key, text = name.decode("latin-1"), value.decode("latin-1")
        headers[key] = f"{headers[key]},{text}" if key in headers else text
    return WireRequest(request.method.decode("latin-1"), path or "/", headers, body, query)


class Handler(socketserver.BaseRequestHandler):
    """Serves one connection: requests in order until the client or the server closes it.

    Each request gets a fresh h11 parser, fed what the previous one had read beyond its
    request (pipelining). Answers are written by :func:`~._wire.response_bytes`, not by
    h11: its response writer validated every header again and cost more than half of its
    time per request (measured in BENCHMARKS.md, issue 18), for bytes we build from a
    :class:`WireResponse` whose headers the core wrote.
    """

    # An answer is one write, but a 100 Continue and the answer are two: without this, the
    # second would wait for the client's delayed ACK (40 ms) on a keep-alive connection.
    disable_nagle_algorithm = True
    server: Server

    def handle(self) -> None:
        """Answer requests on this connection until it should close."""
        connection: socket.socket = self.request
        if self.disable_nagle_algorithm:
            connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, True)
        self._reader = _Reader(connection, self.server.idle_timeout, self.server.request_timeout)
        pending = b""
        while not self.server.closing:
            self._h11 = h11.Connection(h11.SERVER, max_incomplete_event_size=MAX_HEAD)
            if pending:
                self._h11.receive_data(pending)
            if not self._exchange():
                return
            pending, closed = self._h11.trailing_data
            if closed:
                return

    def _exchange(self) -> bool:
        """Read one request and answer it; False when the connection must close."""
        self._reader.next_request()
        try:
            request, keep_alive = self._receive()
        except _Expired:
            LOG.info("- - - 408 (request not received within %.0fs)", self.server.request_timeout)
            self._refuse(408, "Request Timeout: the request did not arrive in time")
            return False
        except _TooLarge as too_large:
            self._refuse(413, str(too_large))
            linger(self.request, self.server.linger_timeout)
            return False
        except h11.RemoteProtocolError as bad:
            self._refuse(
                bad.error_status_hint, f"{HTTPStatus(bad.error_status_hint).phrase}: {bad}"
            )
            return False
        except (TimeoutError, ConnectionError):  # idle too long, or the client went away
            return False
        if request is None:
            return False
        try:
            return self._answer(request, keep_alive)
        finally:
            self.server.busy(self.request, False)

    def _receive(self) -> tuple[WireRequest | None, bool]:
        """The next request, whole, and whether the client keeps the connection open
        (None when the client closed the connection first)."""
        head: h11.Request | None = None
        body: list[bytes] = []
        size = 0
        while True:
            event = self._h11.next_event()
            if event is h11.NEED_DATA:
                self._h11.receive_data(self._reader.receive())
            elif isinstance(event, h11.Request):
                head = event
                self.server.busy(self.request, True)
                _check_length(event)
                if self._h11.they_are_waiting_for_100_continue:
                    self._write(CONTINUE)
            elif isinstance(event, h11.Data):
                size += len(event.data)
                if size > MAX_BODY:
                    raise _TooLarge(f"Request Too Long: the body is over {MAX_BODY} bytes")
                body.append(event.data)
            elif isinstance(event, h11.EndOfMessage) and head is not None:
                return wire_request(head, b"".join(body)), _keeps_alive(head)
            else:  # ConnectionClosed before a request
                return None, False

    def _answer(self, request: WireRequest, keep_alive: bool) -> bool:
        started = time.perf_counter()
        response, label = self.server.app.respond(request)
        LOG.info(
            "%s %s %s %d %.1fms",
            printable(request.method, 20),
            printable(request.path + (f"?{request.query}" if request.query else "")),
            label,
            response.status,
            (time.perf_counter() - started) * 1000,
        )
        close = self.server.closing or not keep_alive
        self._write(response_bytes(response, close=close, head=request.method == "HEAD"))
        return not close

    def _refuse(self, status: int, message: str) -> None:
        """Answer an error of the adapter itself; the connection closes after it."""
        if status != 408:
            LOG.info("- - - %d (%s)", status, printable(message))
        with contextlib.suppress(OSError):
            self._write(response_bytes(protocol_error(status, message), close=True))

    def _write(self, data: bytes) -> None:
        self.request.settimeout(self.server.request_timeout)  # a client that never reads
        self.request.sendall(data)


def _keeps_alive(request: h11.Request) -> bool:
    """HTTP/1.1 keeps the connection unless the client says ``close``; 1.0 closes it."""
    if request.http_version != b"1.1":
        return False
    return not any(
        name == b"connection" and b"close" in (t.strip() for t in value.lower().split(b","))
        for name, value in request.headers
    )


def _check_length(request: h11.Request) -> None:
    for name, value in request.headers:
        if name == b"content-length" and int(value) > MAX_BODY:
            raise _TooLarge(
                f"Request Too Long: the body is {int(value)} bytes, the limit {MAX_BODY}"
            )
