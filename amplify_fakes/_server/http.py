"""The HTTP adapter: stdlib ``http.server`` in, WireRequest -> ServerApp -> WireResponse out.

Routing uses the raw request target, still percent-encoded, exactly as the botocore hook
sees ``request.url``: ``AppId="a/b c"`` arrives as ``/backend/a%2Fb%20c/details`` in both
doors. Connections are HTTP/1.1 keep-alive; the server tracks them so that ``close()``
leaves no thread or socket behind.

Defences against hostile or broken clients (each a :class:`Server` attribute, so a test
can shrink it): at most ``max_connections`` connections are served at once (more are
answered 429 and closed); once a request's first byte arrives, its line, headers and body
must arrive within ``request_timeout`` (408 and closed otherwise: a slowloris client
holds one thread, never the server); an idle keep-alive connection is closed after
``idle_timeout``; a body over 10 MiB is 413. Every answer the adapter makes itself is
JSON, ``{"message": ...}`` with ``x-amzn-ErrorType``, like the core's; never a 5xx.
"""

from __future__ import annotations

import contextlib
import io
import re
import socket
import socketserver
import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from amplify_fakes import __version__
from amplify_fakes._core import dispatch
from amplify_fakes._core.answers import json_error
from amplify_fakes._core.wire import WireRequest, WireResponse
from amplify_fakes._server.app import LOG, ServerApp

MAX_BODY = dispatch.MAX_BODY  # bytes: API Gateway's payload limit (413 beyond)
IDLE_TIMEOUT = 60.0  # seconds a keep-alive connection may stay silent between requests
REQUEST_TIMEOUT = 30.0  # seconds from a request's first byte to its last
MAX_CONNECTIONS = 128  # connections served at once; more are answered 429
LINGER_TIMEOUT = 2.0  # seconds to read (and drop) what a refused client still sends

#: The error type of each status the adapter answers by itself.
PROTOCOL_ERRORS = {
    400: "BadRequestException",
    408: "RequestTimeoutException",
    413: "RequestEntityTooLargeException",
    414: "RequestURITooLongException",
    429: "TooManyRequestsException",
    431: "RequestHeaderFieldsTooLargeException",
}
_DIGITS = re.compile(r"^[0-9]{1,19}$")
_HEX = re.compile(rb"^[0-9A-Fa-f]{1,16}$")


def protocol_error(status: int, message: str, **members: str) -> WireResponse:
    """An answer of the adapter itself (not the core): JSON, as API Gateway's are."""
    if status not in PROTOCOL_ERRORS:
        status = 400  # e.g. http.server's 501 (method) or 505 (version): the client's fault
    return json_error(status, PROTOCOL_ERRORS[status], message, members=members)


def printable(text: str, limit: int = 200) -> str:
    """``text`` safe for a log line: clipped, control and non-ASCII characters escaped.

    A request line can carry ESC sequences or other bytes a terminal would act on.
    """
    clipped = text[:limit]
    if clipped.isascii() and clipped.isprintable():
        return clipped
    return clipped.encode("unicode_escape").decode("ascii")


class _Deadline(io.RawIOBase):
    """Socket reads with two limits: ``idle`` seconds for a request's first byte, then
    ``request`` seconds (in total, not per read) for the rest of it."""

    def __init__(self, connection: socket.socket, idle: float, request: float):
        super().__init__()
        self._connection = connection
        self._idle = idle
        self._request = request
        self._deadline: float | None = None
        self.expired = False

    def readable(self) -> bool:
        return True

    def next_request(self) -> None:
        """Wait (idle) for the next request."""
        self._deadline = None
        self.expired = False

    def readinto(self, buffer: Any) -> int:
        if self._deadline is None:
            timeout = self._idle
        else:
            timeout = self._deadline - time.monotonic()
            if timeout <= 0:
                self.expired = True
                raise TimeoutError("the request did not arrive in time")
        self._connection.settimeout(timeout)
        try:
            count = self._connection.recv_into(buffer)
        except TimeoutError:
            self.expired = self._deadline is not None
            raise
        if self._deadline is None and count:
            self._deadline = time.monotonic() + self._request
        return count


def linger(connection: socket.socket, seconds: float, limit: int = 4 * MAX_BODY) -> None:
    """Half-close, then read and drop what the client still sends (bounded).

    Closing a socket with unread input resets the connection, and the client may lose
    the answer it has not read yet (a 413 sent before the body it is still sending).
    """
    with contextlib.suppress(OSError):
        connection.shutdown(socket.SHUT_WR)
        deadline = time.monotonic() + seconds
        total = 0
        while total < limit:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            connection.settimeout(remaining)
            chunk = connection.recv(65536)
            if not chunk:
                return
            total += len(chunk)


class _BadBody(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class Handler(BaseHTTPRequestHandler):
    """One connection; each request becomes a WireRequest for the server's ServerApp."""

    protocol_version = "HTTP/1.1"
    server_version = f"amplify-fakes/{__version__}"
    sys_version = ""
    # Headers and body are two writes: with Nagle's algorithm the body waits for the
    # client's delayed ACK of the headers, 40 ms per request on a keep-alive connection.
    disable_nagle_algorithm = True
    server: Server

    def setup(self) -> None:
        """Read through a :class:`_Deadline` instead of a plain socket file."""
        super().setup()
        self._reader = _Deadline(
            self.connection, self.server.idle_timeout, self.server.request_timeout
        )
        self.rfile = io.BufferedReader(self._reader)
        self._answered = False
        self._linger = False

    def handle_one_request(self) -> None:
        """One request; 408 when it started but did not arrive in time."""
        self._reader.next_request()
        self._answered = False
        super().handle_one_request()
        if self._reader.expired and not self._answered:
            self._timed_out()

    def __getattr__(self, name: str) -> Callable[[], None]:
        # Every method, known or not, goes to the core (an unknown one is the core's 404,
        # as in-process), instead of http.server's HTML 501.
        if name.startswith("do_"):
            return self._serve
        raise AttributeError(name)

    def _serve(self) -> None:
        started = time.perf_counter()
        self.server.busy(self.connection, True)
        try:
            response, label = self._respond()
            elapsed = (time.perf_counter() - started) * 1000
            LOG.info(
                "%s %s %s %d %.1fms",
                printable(self.command, 20),
                printable(self.path),
                label,
                response.status,
                elapsed,
            )
            self._send(response)
            if self._linger:
                linger(self.connection, self.server.linger_timeout)
        except TimeoutError:
            self.close_connection = True
            if self._reader.expired and not self._answered:
                self._timed_out()
        except ConnectionError:
            self.close_connection = True
        finally:
            self.server.busy(self.connection, False)
            if self.server.closing:
                self.close_connection = True

    def _timed_out(self) -> None:
        """Answer 408 (best effort: the client may be gone) and close."""
        self.close_connection = True
        LOG.info("- - - 408 (request not received within %.0fs)", self.server.request_timeout)
        with contextlib.suppress(OSError):
            self._send(protocol_error(408, "Request Timeout: the request did not arrive in time"))

    def _respond(self) -> tuple[WireResponse, str]:
        try:
            body = self._read_body()
        except _BadBody as bad:
            self.close_connection = True
            self._linger = bad.status == 413
            return protocol_error(bad.status, str(bad)), "-"
        target = self.path
        if "://" in target.split("?", 1)[0]:  # absolute form: http://host/path
            parts = urlsplit(target)
            target = parts.path + (f"?{parts.query}" if parts.query else "")
        path, _, query = target.partition("?")
        headers = {
            name.lower(): ",".join(self.headers.get_all(name) or ()) for name in self.headers
        }
        request = WireRequest(self.command, path or "/", headers, body, query)
        return self.server.app.respond(request)

    def _content_length(self) -> int | None:
        values = {v.strip() for v in self.headers.get_all("Content-Length") or ()}
        if not values:
            return None
        if len(values) > 1:
            raise _BadBody(400, "conflicting Content-Length headers")
        text = values.pop()
        if not _DIGITS.match(text):
            raise _BadBody(400, f"bad Content-Length {text[:50]!r}")
        return int(text)

    def _read_body(self) -> bytes:
        encoding = self.headers.get("Transfer-Encoding")
        if encoding is not None:
            if encoding.strip().lower() != "chunked":
                raise _BadBody(400, f"unsupported Transfer-Encoding {encoding[:50]!r}")
            return self._read_chunked()
        length = self._content_length()
        if length is None:
            return b""
        if length > MAX_BODY:
            raise _BadBody(
                413, f"Request Too Long: the body is {length} bytes, the limit {MAX_BODY}"
            )
        body = self.rfile.read(length)
        if len(body) < length:  # the client went away mid-body
            raise ConnectionResetError("connection closed before the end of the body")
        return body

    def _read_chunked(self) -> bytes:
        chunks: list[bytes] = []
        total = 0
        while True:
            line = self.rfile.readline(1024).split(b";", 1)[0].strip()
            if not _HEX.match(line):
                raise _BadBody(400, "malformed chunked body")
            size = int(line, 16)
            if size == 0:
                for _ in range(100):  # trailers
                    if self.rfile.readline(1024) in (b"\r\n", b"\n", b""):
                        break
                else:
                    raise _BadBody(400, "too many trailers in chunked body")
                return b"".join(chunks)
            total += size
            if total > MAX_BODY:
                raise _BadBody(413, f"Request Too Long: the body is over {MAX_BODY} bytes")
            chunk = self.rfile.read(size)
            if len(chunk) < size:
                raise ConnectionResetError("connection closed before the end of the body")
            chunks.append(chunk)
            self.rfile.readline(1024)

    def handle_expect_100(self) -> bool:
        """``Expect: 100-continue``: refuse an oversized body before the client sends it."""
        try:
            length = self._content_length()
        except _BadBody as bad:
            self.send_error(bad.status, str(bad))
            return False
        if length is not None and length > MAX_BODY:
            self.send_error(
                413, f"Request Too Long: the body is {length} bytes, the limit {MAX_BODY}"
            )
            return False
        return bool(super().handle_expect_100())

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own rejections (bad request line, long URI or headers), as JSON."""
        status = int(code)
        text = message or HTTPStatus(status).phrase
        if status >= 500:  # 501 unknown method, 505 HTTP version: the client's fault
            status = 400
        self.close_connection = True
        LOG.info("- - - %d (%s)", status, printable(text))
        self._send(protocol_error(status, text))

    def _send(self, response: WireResponse) -> None:
        self._answered = True
        if self.request_version == "HTTP/0.9":  # unparsable request line: answer in 1.1
            self.request_version = "HTTP/1.1"
        self.connection.settimeout(self.server.request_timeout)  # a client that never reads
        self.send_response(response.status)
        for name, value in response.headers.items():
            if name.lower() not in ("content-length", "connection"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        if self.close_connection or self.server.closing:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)
        self.wfile.flush()

    def log_message(self, format: str, *args: Any) -> None:
        """Protocol-level complaints (bad request lines, timeouts) go to the debug log."""
        LOG.debug("%s: %s", self.address_string(), printable(format % args, 500))


class Server(ThreadingHTTPServer):
    """A threaded HTTP server that knows its connections, so it can close them all."""

    daemon_threads = True
    block_on_close = False
    request_queue_size = 128  # listen backlog: a burst of clients is queued, not refused
    max_connections = MAX_CONNECTIONS
    idle_timeout = IDLE_TIMEOUT
    request_timeout = REQUEST_TIMEOUT
    linger_timeout = LINGER_TIMEOUT

    def __init__(self, host: str, port: int, app: ServerApp):
        if ":" in host:
            self.address_family = socket.AF_INET6
        self.app = app
        self.closing = False
        self._lock = threading.Lock()
        self._connections: dict[socket.socket, threading.Thread] = {}
        self._busy: set[socket.socket] = set()
        self._refusing: set[socket.socket] = set()
        super().__init__((host, port), Handler)

    def server_bind(self) -> None:
        """Bind without HTTPServer's reverse DNS lookup (slow on some machines)."""
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def process_request(self, request: Any, client_address: Any) -> None:
        """Serve the connection on its own daemon thread, remembering both.

        Beyond ``max_connections`` the connection is answered 429 and closed instead (on
        a short-lived thread too, so the accept loop never waits for a client); beyond
        twice that, it is closed at once.
        """
        with self._lock:
            refusing = len(self._refusing)
            if len(self._connections) - refusing < self.max_connections:
                target: Callable[[Any, Any], None] | None = self._serve_connection
            elif refusing < self.max_connections:
                target = self._refuse
                self._refusing.add(request)
            else:
                target = None  # a flood: not even a thread for it
            if target is not None:
                thread = threading.Thread(
                    target=target,
                    args=(request, client_address),
                    name=f"amplify-fakes-http-{self.server_port}",
                    daemon=True,
                )
                self._connections[request] = thread
        if target is None:
            self._drop(request, client_address)
        else:
            thread.start()

    def _drop(self, request: Any, client_address: Any) -> None:
        LOG.info("- - - dropped a connection from %s: too many connections", client_address[0])
        self.shutdown_request(request)

    def _refuse(self, request: Any, client_address: Any) -> None:
        LOG.info("- - - 429 (more than %d connections)", self.max_connections)
        response = protocol_error(
            429,
            f"Too Many Requests: the server already serves {self.max_connections} connections",
            limitType="Connections",
        )
        head = [
            f"HTTP/1.1 429 {HTTPStatus(429).phrase}",
            *(f"{name}: {value}" for name, value in response.headers.items()),
            f"Content-Length: {len(response.body)}",
            "Connection: close",
        ]
        try:  # answer at once, then drain what the client sends, so closing does not reset
            request.settimeout(self.linger_timeout)
            request.sendall("\r\n".join(head).encode("latin-1") + b"\r\n\r\n" + response.body)
            linger(request, self.linger_timeout)
        except OSError:
            pass
        finally:
            self.shutdown_request(request)
            with self._lock:
                self._connections.pop(request, None)
                self._refusing.discard(request)

    def _serve_connection(self, request: Any, client_address: Any) -> None:
        try:
            self.finish_request(request, client_address)
        except (ConnectionError, TimeoutError):
            pass
        except Exception as exc:  # a defect of the adapter itself
            self.app.capture(exc, f"connection from {client_address}")
        finally:
            self.shutdown_request(request)
            with self._lock:
                self._connections.pop(request, None)
                self._busy.discard(request)

    def busy(self, connection: socket.socket, busy: bool) -> None:
        """Mark a connection as answering a request (not idle)."""
        with self._lock:
            if busy:
                self._busy.add(connection)
            else:
                self._busy.discard(connection)

    def close_connections(self, timeout: float = 5.0) -> None:
        """Close idle keep-alive connections, let busy ones finish, then wait for all."""
        self.closing = True
        deadline = time.monotonic() + timeout
        with self._lock:
            idle = [c for c in self._connections if c not in self._busy]
        for connection in idle:
            _shut(connection)
        while True:
            with self._lock:
                threads = list(self._connections.items())
            if not threads:
                return
            if time.monotonic() >= deadline:
                for connection, _ in threads:
                    _shut(connection)
                for _, thread in threads:
                    thread.join(1.0)
                return
            threads[0][1].join(0.05)
            with self._lock:  # requests that finished meanwhile leave idle connections
                idle = [c for c in self._connections if c not in self._busy]
            for connection in idle:
                _shut(connection)


def _shut(connection: socket.socket) -> None:
    with contextlib.suppress(OSError):
        connection.shutdown(socket.SHUT_RDWR)
