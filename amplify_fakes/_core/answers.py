"""Every JSON answer the fake writes: request ids, and the one builder of error answers.

The service's errors (from the core), API Gateway's own refusals (from the HTTP door:
a body too large, a slow client, a bad signature), the control API's refusals and the
500 of a defect all have the same form: ``Content-Type: application/json``, an
``x-amzn-RequestId``, an ``x-amzn-ErrorType`` naming the error, and a body
``{"message": ..., **members}`` whose message is at most :data:`MAX_MESSAGE` characters.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Mapping
from typing import Any

from amplify_fakes._core.jsonbody import encode
from amplify_fakes._core.wire import WireResponse
from amplify_fakes._service.errors import MAX_MESSAGE, ServiceError

JSON = "application/json"

# Request ids: version-4 UUIDs made of a random prefix and a counter, unique in the
# process and cheap. The prefix comes from os.urandom, not the global random generator
# (whose sequence belongs to the code under test), and is drawn again in a forked child.
_request_prefix = ""
_request_counter = itertools.count()


def _new_request_prefix() -> None:
    global _request_prefix, _request_counter
    h = os.urandom(10).hex()
    variant = "89ab"[int(h[16], 16) & 3]
    _request_prefix = f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{variant}{h[17:20]}-"
    _request_counter = itertools.count(int.from_bytes(os.urandom(4), "big"))


_new_request_prefix()
os.register_at_fork(after_in_child=_new_request_prefix)


def new_request_id() -> str:
    """A new version-4 UUID string, as the service's ``x-amzn-RequestId``.

    >>> rid = new_request_id()
    >>> len(rid), rid[14], rid[19] in "89ab"
    (36, '4', True)
    """
    return f"{_request_prefix}{next(_request_counter) & 0xFFFF_FFFF_FFFF:012x}"


def clip(message: str) -> str:
    """``message`` cut to :data:`MAX_MESSAGE` characters (ids in messages are the
    caller's, and may be megabytes long).

    >>> len(clip("x" * 5000)) == MAX_MESSAGE
    True
    """
    if len(message) > MAX_MESSAGE:
        return message[: MAX_MESSAGE - 1] + "…"
    return message


def json_error(
    status: int,
    error_type: str,
    message: str,
    *,
    members: Mapping[str, Any] | None = None,
    request_id: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> WireResponse:
    """The JSON error answer: status, error type header, ``{"message", **members}`` body.

    >>> answer = json_error(404, "NotFoundException", "App a not found", members={"resourceType": "App"})
    >>> answer.status, answer.headers["x-amzn-ErrorType"], answer.body
    (404, 'NotFoundException', b'{"message":"App a not found","resourceType":"App"}')
    """
    return WireResponse(
        status,
        {
            "Content-Type": JSON,
            "x-amzn-RequestId": request_id or new_request_id(),
            "x-amzn-ErrorType": error_type,
            **(headers or {}),
        },
        encode({"message": clip(message), **(members or {})}),
    )


def service_error(error: ServiceError, request_id: str | None = None) -> WireResponse:
    """The wire form of a service error."""
    return json_error(
        error.status, error.code, error.message, members=error.members, request_id=request_id
    )
