"""The HTTP adapter: stdlib ``http.server`` in, WireRequest -> ServerApp -> WireResponse out.

Routing uses the raw request target, still percent-encoded, exactly as the botocore hook
sees ``request.url``: ``AppId="a/b c"`` arrives as ``/backend/a%2Fb%20c/details`` in both
doors. Connections are HTTP/1.1 keep-alive; the server tracks them so that ``close()``
leaves no thread or socket behind.
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from amplify_fakes import __version__
from amplify_fakes._core.wire import WireRequest, WireResponse
from amplify_fakes._server.app import LOG, ServerApp
from amplify_fakes._server.control import json_response

MAX_BODY = 16 * 1024 * 1024  # bytes; amplifybackend requests are small JSON documents
IDLE_TIMEOUT = 60.0  # seconds a keep-alive connection may stay silent


class _BadBody(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class Handler(BaseHTTPRequestHandler):
    """One connection; each request becomes a WireRequest for the server's ServerApp."""

    protocol_version = "HTTP/1.1"
    server_version = f"amplify-fakes/{__version__}"
    sys_version = ""
    timeout = IDLE_TIMEOUT
    server: Server

    def do_GET(self) -> None:
        """Answer a GET."""
        self._serve()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = do_GET

    def _serve(self) -> None:
        started = time.perf_counter()
        self.server.busy(self.connection, True)
        try:
            response, label = self._respond()
            elapsed = (time.perf_counter() - started) * 1000
            LOG.info(
                "%s %s %s %d %.1fms", self.command, self.path[:200], label, response.status, elapsed
            )
            self._send(response)
        except (ConnectionError, TimeoutError):
            self.close_connection = True
        finally:
            self.server.busy(self.connection, False)
            if self.server.closing:
                self.close_connection = True

    def _respond(self) -> tuple[WireResponse, str]:
        try:
            body = self._read_body()
        except _BadBody as bad:
            self.close_connection = True
            return json_response(bad.status, {"message": str(bad)}), "-"
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

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked()
        length_text = self.headers.get("Content-Length")
        if length_text is None:
            return b""
        try:
            length = int(length_text)
        except ValueError:
            raise _BadBody(400, f"bad Content-Length {length_text[:50]!r}") from None
        if length < 0 or length > MAX_BODY:
            raise _BadBody(413, f"request body must be 0 to {MAX_BODY} bytes, not {length}")
        return self.rfile.read(length)

    def _read_chunked(self) -> bytes:
        chunks: list[bytes] = []
        total = 0
        while True:
            line = self.rfile.readline(1024).split(b";", 1)[0].strip()
            try:
                size = int(line, 16)
            except ValueError:
                raise _BadBody(400, "malformed chunked body") from None
            if size == 0:
                while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return b"".join(chunks)
            total += size
            if total > MAX_BODY:
                raise _BadBody(413, f"request body must be at most {MAX_BODY} bytes")
            chunks.append(self.rfile.read(size))
            self.rfile.readline(1024)

    def _send(self, response: WireResponse) -> None:
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
        LOG.debug("%s: " + format, self.address_string(), *args)


class Server(ThreadingHTTPServer):
    """A threaded HTTP server that knows its connections, so it can close them all."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, host: str, port: int, app: ServerApp):
        if ":" in host:
            self.address_family = socket.AF_INET6
        self.app = app
        self.closing = False
        self._lock = threading.Lock()
        self._connections: dict[socket.socket, threading.Thread] = {}
        self._busy: set[socket.socket] = set()
        super().__init__((host, port), Handler)

    def server_bind(self) -> None:
        """Bind without HTTPServer's reverse DNS lookup (slow on some machines)."""
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def process_request(self, request: Any, client_address: Any) -> None:
        """Serve the connection on its own daemon thread, remembering both."""
        thread = threading.Thread(
            target=self._serve_connection,
            args=(request, client_address),
            name=f"amplify-fakes-http-{self.server_port}",
            daemon=True,
        )
        with self._lock:
            self._connections[request] = thread
        thread.start()

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
