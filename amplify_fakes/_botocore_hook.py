"""The in-process door: a botocore ``before-send`` handler that answers from the fake.

The handler is registered once, at import, for ``before-send.amplifybackend`` in
botocore's ``BUILTIN_HANDLERS`` (so every botocore Session created afterwards carries it)
and on boto3's default session if one already exists. It answers only while a fake is
active, and otherwise returns None so the request goes on as if it were not there. Being
registered on the specific event, it runs before moto's generic ``before-send`` handler in
either import order, and never sees other services' requests.

Beside it, and registered with it: the signing skip (:mod:`amplify_fakes._signing`) and
the virtual retry sleep (:mod:`amplify_fakes._virtual_sleep`). The public
``mock_amplifybackend`` that activates fakes is in :mod:`amplify_fakes._mock`.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

import botocore.handlers
from botocore.awsrequest import AWSResponse, HeadersDict

from amplify_fakes._core.wire import WireRequest, WireResponse
from amplify_fakes._fake import AmplifyBackendFake, core_of
from amplify_fakes._signing import SigningSkip
from amplify_fakes._virtual_sleep import RetryClock
from amplify_fakes.errors import UsageError

EVENT = "before-send.amplifybackend"
UNIQUE_ID = "amplify_fakes.before_send"


class _RawBody:
    """The minimal raw-response object botocore reads a body from."""

    def __init__(self, body: bytes):
        self._body = body

    def stream(self, **_: Any) -> Iterator[bytes]:
        """The whole body, as one chunk."""
        yield self._body


class _FromAnswer:
    """An attribute of an :class:`_Answer` that exists once the fake has answered.

    A non-data descriptor: the first read makes the answer, which puts the attribute on
    the instance, where later reads find it without a call. (``functools.cached_property``
    holds one lock for every instance until Python 3.12, which would make each thread's
    request wait for another's answer, injected latency included.)
    """

    def __init__(self, doc: str):
        self.__doc__ = doc
        self._name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        instance._answer()
        return instance.__dict__[self._name]


class _Answer(AWSResponse):  # type: ignore[misc]  # botocore is untyped
    """The fake's answer to one request, made when botocore first reads it.

    botocore calls every ``before-send`` handler and uses the first answer. A handler
    registered for the specific operation runs before this hook; when it answers, this
    answer is never read, so the fake neither acts on nor logs a request it did not answer.
    """

    def __init__(self, url: str, fake: AmplifyBackendFake, request: WireRequest):
        self.url = url
        self._fake: AmplifyBackendFake | None = fake
        self._request = request
        self._wire: WireResponse | None = None
        self._content = None

    def _answer(self) -> WireResponse:
        wire = self._wire
        if wire is None:
            fake, self._fake = self._fake, None
            assert fake is not None
            wire = self._wire = core_of(fake).handle(self._request)
            self.__dict__.update(status_code=wire.status, headers=HeadersDict(wire.headers))
        return wire

    # botocore reads status_code a dozen times per call: after the first, they are plain
    # attribute reads of what _answer put on the instance.
    status_code = _FromAnswer("The answer's HTTP status.")
    headers = _FromAnswer("The answer's headers, case-insensitive as botocore's own.")

    @property
    def raw(self) -> _RawBody:
        """The answer's body as a stream, the way botocore reads a socket's."""
        return _RawBody(self._answer().body)


def _text(value: str | bytes) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value


class _Headers(Mapping[str, str]):
    """A read-only, lower-case view of botocore's request headers, decoded on access.

    Copying every header into a dict costs more than the one or two lookups the core makes.
    """

    __slots__ = ("_raw",)

    def __init__(self, raw: Any):
        self._raw = raw

    def __getitem__(self, name: str) -> str:
        return _text(self._raw[name])  # botocore's headers are case-insensitive

    def get(self, name: str, default: Any = None) -> Any:  # one lookup, not Mapping.get's two
        """The header's value, or ``default``."""
        try:
            value = self._raw[name]
        except KeyError:
            return default
        return _text(value)

    def __iter__(self) -> Iterator[str]:
        return (name.lower() for name in self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def __repr__(self) -> str:
        return repr(dict(self.items()))


class _Hook:
    """Routes amplifybackend requests to the innermost active fake."""

    def __init__(self) -> None:
        self._active: list[AmplifyBackendFake] = []
        self._lock = threading.Lock()
        self.signing = SigningSkip(lambda: bool(self._active))
        self.retry_clock = RetryClock(self.current)

    def push(self, fake: AmplifyBackendFake) -> None:
        """Make ``fake`` the innermost active fake."""
        with self._lock:
            if fake in self._active:
                raise UsageError("this fake is already active; leave it before starting it again")
            self._active.append(fake)
            self.retry_clock.update(self._active)

    def pop(self, fake: AmplifyBackendFake) -> None:
        """Deactivate ``fake`` (the next outer one answers again)."""
        with self._lock:
            if fake in self._active:
                self._active.remove(fake)
            self.retry_clock.update(self._active)

    def current(self) -> AmplifyBackendFake | None:
        """The innermost active fake, or None."""
        active = self._active
        return active[-1] if active else None

    def __call__(self, request: Any, **_: Any) -> AWSResponse | None:
        active = self._active
        if not active:
            return None
        fake = active[-1]
        url = urlsplit(request.url)
        body = request.body
        if body is None:
            body = b""
        elif isinstance(body, str):
            body = body.encode("utf-8")
        elif not isinstance(body, bytes):  # a file-like body
            body = body.read()
        # positional: a NamedTuple built from keywords costs twice as much
        wire = WireRequest(request.method, url.path, _Headers(request.headers), body, url.query)
        return _Answer(request.url, fake, wire)


HOOK = _Hook()
SIGN_EVENT = "before-sign.amplifybackend"
CHOOSE_SIGNER_EVENT = "choose-signer.amplifybackend"


def _install() -> None:
    """Register the hook for future sessions and on boto3's existing default session."""
    handlers = (
        (EVENT, HOOK, UNIQUE_ID),
        (SIGN_EVENT, HOOK.signing.sign_without_credentials, UNIQUE_ID + ".sign"),
        (CHOOSE_SIGNER_EVENT, HOOK.signing.skip_signature, UNIQUE_ID + ".choose_signer"),
        ("needs-retry", HOOK.retry_clock.note_retry_clock, UNIQUE_ID + ".retry"),
    )
    for event, handler, unique_id in handlers:
        if not any(entry[1] == handler for entry in botocore.handlers.BUILTIN_HANDLERS):
            botocore.handlers.BUILTIN_HANDLERS.append((event, handler))
        boto3 = sys.modules.get("boto3")
        session = getattr(boto3, "DEFAULT_SESSION", None) if boto3 else None
        if session is not None:
            session.events.register(event, handler, unique_id=unique_id)


_install()
