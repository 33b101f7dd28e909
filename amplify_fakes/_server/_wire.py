"""The HTTP door's own answers: JSON errors for protocol faults, and the bytes of one.

Everything the adapter refuses by itself (a malformed request, a slow or oversized one,
one connection too many) is answered like the core's errors, ``{"message": ...}`` with
``x-amzn-ErrorType``, and never with a 5xx: these are the client's faults.
"""

from __future__ import annotations

import contextlib
import functools
import socket
import time
from email.utils import formatdate
from http import HTTPStatus

from amplify_fakes import __version__
from amplify_fakes._core import jsonbody
from amplify_fakes._core.answers import json_error
from amplify_fakes._core.wire import WireResponse

#: The error type of each status the adapter answers by itself.
PROTOCOL_ERRORS = {
    400: "BadRequestException",
    408: "RequestTimeoutException",
    413: "RequestEntityTooLargeException",
    414: "RequestURITooLongException",
    429: "TooManyRequestsException",
    431: "RequestHeaderFieldsTooLargeException",
}


def protocol_error(status: int, message: str, **members: str) -> WireResponse:
    """An answer of the adapter itself (not the core): JSON, as API Gateway's are."""
    if status not in PROTOCOL_ERRORS:
        status = 400  # e.g. h11's 501 (transfer coding) or 505 (version): the client's fault
    return json_error(status, PROTOCOL_ERRORS[status], message, members=members)


def response_bytes(response: WireResponse, *, close: bool, head: bool = False) -> bytes:
    """``response`` as HTTP/1.1 bytes: status line, the core's headers, ``Server``,
    ``Date``, ``Content-Length``, ``Connection: close`` when the connection ends after it;
    no body for a ``HEAD`` request (its ``Content-Length`` is still the GET's)."""
    lines = [
        f"HTTP/1.1 {response.status} {_PHRASES.get(response.status, '')}",
        f"Server: {SERVER}",
        f"Date: {_date()}",
    ]
    lines += [
        f"{name}: {value}"
        for name, value in response.headers.items()
        if name.lower() not in _WRITTEN_HERE
    ]
    lines.append(f"Content-Length: {len(response.body)}")
    if close:
        lines.append("Connection: close")
    head_bytes = "\r\n".join(lines).encode("latin-1") + b"\r\n\r\n"
    return head_bytes if head else head_bytes + response.body


SERVER = f"amplify-fakes/{__version__}"
#: The interim answer to ``Expect: 100-continue``.
CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"
_PHRASES = {status.value: status.phrase for status in HTTPStatus}
_WRITTEN_HERE = frozenset({"content-length", "connection", "server", "date"})


def _date() -> str:
    """The ``Date`` header for now (formatted once per second: answers come in bursts)."""
    return _http_date(int(time.time()))


@functools.lru_cache(maxsize=1)
def _http_date(second: int) -> str:
    return formatdate(second, usegmt=True)


def printable(text: str, limit: int = 200) -> str:
    """``text`` safe for a log line: clipped, control and non-ASCII characters escaped.

    A request line can carry ESC sequences or other bytes a terminal would act on.
    """
    clipped = text[:limit]
    if clipped.isascii() and clipped.isprintable():
        return clipped
    return clipped.encode("unicode_escape").decode("ascii")


def linger(connection: socket.socket, seconds: float, limit: int = 4 * jsonbody.MAX_BODY) -> None:
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
