"""The HTTP adapter: h11 parses each connection, WireRequest -> ServerApp -> WireResponse.

Parsing is h11's (see :mod:`._connection`): Content-Length and chunked bodies, pipelining,
``Expect: 100-continue``, malformed requests; answers are written by ``_wire``. What is ours is the socket loop around it,
because it holds the protections: the standard library's ``http.server`` and werkzeug's
development server (what moto serves with) both parse by hand, and werkzeug's closes every
connection after one answer, which no SDK expects of API Gateway.

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
import socket
import socketserver
import threading
import time
from collections.abc import Callable
from typing import Any

from amplify_fakes._server._connection import MAX_BODY, Handler
from amplify_fakes._server._wire import (
    PROTOCOL_ERRORS,
    linger,
    printable,
    protocol_error,
    response_bytes,
)
from amplify_fakes._server.app import LOG, ServerApp

__all__ = [
    "IDLE_TIMEOUT",
    "LINGER_TIMEOUT",
    "MAX_BODY",
    "MAX_CONNECTIONS",
    "PROTOCOL_ERRORS",
    "REQUEST_TIMEOUT",
    "Handler",
    "Server",
    "printable",
    "protocol_error",
]

IDLE_TIMEOUT = 60.0  # seconds a keep-alive connection may stay silent between requests
REQUEST_TIMEOUT = 30.0  # seconds from a request's first byte to its last
MAX_CONNECTIONS = 128  # connections served at once; more are answered 429
LINGER_TIMEOUT = 2.0  # seconds to read (and drop) what a refused client still sends


class Server(socketserver.TCPServer):
    """A threaded HTTP server that knows its connections, so it can close them all."""

    allow_reuse_address = True
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
        """Bind, and remember the address (no reverse DNS lookup: slow on some machines)."""
        super().server_bind()
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
        try:  # answer at once, then drain what the client sends, so closing does not reset
            request.settimeout(self.linger_timeout)
            request.sendall(response_bytes(response, close=True))
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
