"""The in-process door: a botocore ``before-send`` handler, and ``mock_amplifybackend``.

The handler is registered once, at import, for ``before-send.amplifybackend`` in
botocore's ``BUILTIN_HANDLERS`` (so every botocore Session created afterwards carries it)
and on boto3's default session if one already exists. It answers only while a fake is
active, and otherwise returns None so the request goes on as if it were not there. Being
registered on the specific event, it runs before moto's generic ``before-send`` handler in
either import order, and never sees other services' requests.

While a fake is active, botocore does not compute SigV4 signatures for amplifybackend
requests (a third of a call's cost, and the fake never checks them): a ``choose-signer``
handler turns signing off for requests botocore would sign with plain ``v4``, and the
``before-sign`` handler writes the ``Authorization`` credential scope and ``X-Amz-Date``
the signer would have written (access key of the same credentials, signing region), so
the fake tells accounts and regions apart exactly as from a signed request. Clients
configured with ``signature_version=UNSIGNED`` stay unsigned.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import os
import sys
import threading
import time
import unittest
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar, overload
from urllib.parse import urlsplit

import botocore
import botocore.handlers
from botocore.awsrequest import AWSResponse, HeadersDict
from botocore.credentials import Credentials

from amplify_fakes._core.wire import WireRequest, WireResponse
from amplify_fakes._fake import AmplifyBackendFake, core_of
from amplify_fakes._service.clock import validate_clock_mode
from amplify_fakes._service.jobs import validate_job_mode
from amplify_fakes.errors import UsageError

EVENT = "before-send.amplifybackend"
UNIQUE_ID = "amplify_fakes.before_send"

_F = TypeVar("_F", bound=Callable[..., Any])
_T = TypeVar("_T", bound=type)


class _RawBody:
    """The minimal raw-response object botocore reads a body from."""

    def __init__(self, body: bytes):
        self._body = body

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._body


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
        self._headers: HeadersDict | None = None
        self._content = None

    def _answer(self) -> WireResponse:
        wire = self._wire
        if wire is None:
            fake, self._fake = self._fake, None
            assert fake is not None
            wire = self._wire = core_of(fake).handle(self._request)
        return wire

    @property
    def status_code(self) -> int:
        """The answer's HTTP status."""
        return self._answer().status

    @property
    def headers(self) -> HeadersDict:
        """The answer's headers, case-insensitive as botocore's own."""
        if self._headers is None:
            self._headers = HeadersDict(self._answer().headers)
        return self._headers

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


# request.context key: this request's signature was skipped for the fake (see module doc)
_SKIPPED = "amplify_fakes.skipped_signature"


class _Hook:
    """Routes amplifybackend requests to the innermost active fake."""

    def __init__(self) -> None:
        self._active: list[AmplifyBackendFake] = []
        self._lock = threading.Lock()
        self._virtual = False  # an active fake has a virtual clock

    def push(self, fake: AmplifyBackendFake) -> None:
        with self._lock:
            if fake in self._active:
                raise UsageError("this fake is already active; leave it before starting it again")
            self._active.append(fake)
            self._virtual = any(f.clock.virtual for f in self._active)
            _virtualize_sleep(self._virtual)

    def pop(self, fake: AmplifyBackendFake) -> None:
        with self._lock:
            if fake in self._active:
                self._active.remove(fake)
            self._virtual = any(f.clock.virtual for f in self._active)
            _virtualize_sleep(self._virtual)

    def current(self) -> AmplifyBackendFake | None:
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

    def skip_signature(self, signature_version: Any = None, context: Any = None, **_: Any) -> Any:
        """``choose-signer`` handler: no SigV4 signature for a request a fake answers.

        Only plain ``v4`` signing is skipped (not presigned URLs, not other schemes, not
        clients configured ``UNSIGNED``); :meth:`sign_without_credentials` then writes the
        credential scope the signature would have carried.
        """
        if not self._active or signature_version != "v4" or not isinstance(context, dict):
            return None
        context[_SKIPPED] = True
        return botocore.UNSIGNED

    def sign_without_credentials(
        self,
        request: Any,
        request_signer: Any = None,
        region_name: str | None = None,
        signing_name: str | None = None,
        **_: Any,
    ) -> None:
        """``before-sign`` handler: the credential scope of a skipped signature, and fake
        credentials for a client that has none.

        A client created before activation in an environment without credentials would
        otherwise fail with NoCredentialsError before its request reaches the fake.
        """
        if not self._active:
            return
        signing = request.context.setdefault("signing", {})
        credentials = signing.get("request_credentials") or getattr(
            request_signer, "_credentials", None
        )
        if credentials is None:
            credentials = signing["request_credentials"] = Credentials(*_FAKE_KEY)
        if not request.context.pop(_SKIPPED, False):
            return
        # What botocore's SigV4 signer would write, minus the signature itself: the same
        # credentials' access key and the same region choice (signing context first).
        frozen = credentials.get_frozen_credentials()
        region = signing.get("region") or region_name
        name = signing.get("signing_name") or signing_name
        stamp = _amz_date()
        headers = request.headers
        headers["X-Amz-Date"] = stamp
        if frozen.token:
            headers["X-Amz-Security-Token"] = frozen.token
        headers["Authorization"] = (
            f"AWS4-HMAC-SHA256 Credential={frozen.access_key}/{stamp[:8]}/{region}/{name}/"
            "aws4_request, SignedHeaders=host;x-amz-date, Signature=skipped-by-amplify-fakes"
        )

    def note_retry_clock(self, event_name: str = "", **_: Any) -> None:
        """``needs-retry`` handler: remember, per thread, whether the next back-off is virtual.

        botocore sleeps right after this event when a retry is due (and a waiter sleeps
        after its poll). If the request was answered by a fake with a virtual clock, that
        sleep advances the fake's clock instead (see :class:`_VirtualSleep`).
        """
        if not self._virtual:  # every sleep is real: nothing to look up
            _local.clock = None
            return
        fake = self.current()
        virtual = fake is not None and fake.clock.virtual and event_name.startswith(RETRY_EVENT)
        _local.clock = fake.clock if virtual and fake is not None else None


_local = threading.local()
_last_stamp: tuple[int, str] = (-1, "")


def _amz_date() -> str:
    """``X-Amz-Date`` for now (formatted once per second, as requests come in bursts)."""
    global _last_stamp
    now = int(time.time())
    second, stamp = _last_stamp
    if second != now:
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(now))
        _last_stamp = (now, stamp)
    return stamp


class _VirtualSleep:
    """Stands in for the ``time`` module inside botocore's endpoint and waiter modules.

    ``sleep`` advances the fake's virtual clock when the sleeping thread's last
    amplifybackend call was answered by a virtual-clock fake; every other use is the real
    ``time`` module's.
    """

    def __init__(self, real: Any):
        self._real = real

    def sleep(self, seconds: float) -> None:
        clock = getattr(_local, "clock", None)
        if clock is None:
            self._real.sleep(seconds)
        else:
            _local.clock = None
            clock.advance(max(seconds, 0.0))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


_SLEEPING_MODULES = ("botocore.endpoint", "botocore.waiter")


def _virtualize_sleep(on: bool) -> None:
    """Put the virtual sleep in (or take it out of) botocore's endpoint and waiter modules."""
    for name in _SLEEPING_MODULES:
        module: Any = importlib.import_module(name)
        current = module.time
        if on and not isinstance(current, _VirtualSleep):
            module.time = _VirtualSleep(current)
        elif not on and isinstance(current, _VirtualSleep):
            module.time = current._real


HOOK = _Hook()
_FAKE_KEY = ("testing", "testing")
SIGN_EVENT = "before-sign.amplifybackend"
CHOOSE_SIGNER_EVENT = "choose-signer.amplifybackend"
RETRY_EVENT = "needs-retry.amplifybackend"


def _install() -> None:
    """Register the hook for future sessions and on boto3's existing default session."""
    handlers = (
        (EVENT, HOOK, UNIQUE_ID),
        (SIGN_EVENT, HOOK.sign_without_credentials, UNIQUE_ID + ".sign"),
        (CHOOSE_SIGNER_EVENT, HOOK.skip_signature, UNIQUE_ID + ".choose_signer"),
        ("needs-retry", HOOK.note_retry_clock, UNIQUE_ID + ".retry"),
    )
    for event, handler, unique_id in handlers:
        if not any(entry[1] == handler for entry in botocore.handlers.BUILTIN_HANDLERS):
            botocore.handlers.BUILTIN_HANDLERS.append((event, handler))
        boto3 = sys.modules.get("boto3")
        session = getattr(boto3, "DEFAULT_SESSION", None) if boto3 else None
        if session is not None:
            session.events.register(event, handler, unique_id=unique_id)


_install()

_FAKE_ENV = {
    "AWS_ACCESS_KEY_ID": _FAKE_KEY[0],
    "AWS_SECRET_ACCESS_KEY": _FAKE_KEY[1],
}
_REMOVED_ENV = ("AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE")


@contextmanager
def _fake_credentials(region: str) -> Iterator[None]:
    """Fake credentials (and a default region) in the environment, restored afterwards."""
    names = (*_FAKE_ENV, *_REMOVED_ENV, "AWS_DEFAULT_REGION")
    saved = {name: os.environ.get(name) for name in names}
    os.environ.update(_FAKE_ENV)
    for name in _REMOVED_ENV:
        os.environ.pop(name, None)
    if not os.environ.get("AWS_DEFAULT_REGION"):
        os.environ["AWS_DEFAULT_REGION"] = region
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


class mock_amplifybackend:
    """Answer every amplifybackend client in this process from an in-memory fake.

    A context manager yielding the :class:`AmplifyBackendFake`, and a decorator for
    functions and test classes (each call or test gets a fresh fake)::

        with mock_amplifybackend(jobs="immediate") as fake:
            boto3.client("amplifybackend").create_backend(...)

        @mock_amplifybackend()
        def test_something(): ...

    While active, clients created before or after activation, in any region, are
    answered in-process; no request leaves the process. The environment holds fake
    credentials (``AWS_ACCESS_KEY_ID=testing``; profile and session-token variables are
    removed) so nothing can fall back to real ones; all is restored on exit. Nested
    mocks stack: the innermost answers, the outer one resumes when it ends.

    Options: ``account_id`` (default ``123456789012``) and ``region`` (default
    ``us-east-1``) are the defaults for requests whose credentials do not say otherwise;
    ``jobs`` is ``"clock"`` (jobs finish when the fake's clock passes their duration) or
    ``"immediate"``; ``clock`` is ``"real"`` or ``"virtual"`` (moves only when advanced);
    ``strict=True`` validates every response against its contract; ``state`` (a snapshot
    dict or a file written by ``fake.save``) is loaded, after it is checked, on entry;
    ``one_pending_job=False`` lets a job start while another of the same app environment
    is pending (the real service refuses it, and so does the fake by default).
    """

    def __init__(
        self,
        *,
        account_id: str | None = None,
        region: str | None = None,
        jobs: str = "clock",
        clock: str = "real",
        strict: bool = False,
        state: str | os.PathLike[str] | dict[str, Any] | None = None,
        one_pending_job: bool = True,
    ):
        validate_job_mode(jobs)
        validate_clock_mode(clock)
        self._options: dict[str, Any] = {
            "account_id": account_id,
            "region": region,
            "jobs": jobs,
            "clock": clock,
            "strict": strict,
            "one_pending_job": one_pending_job,
        }
        self._state = state
        self._fake: AmplifyBackendFake | None = None
        self._credentials: Any = None

    @property
    def fake(self) -> AmplifyBackendFake:
        """The active fake (UsageError when this mock is not active)."""
        if self._fake is None:
            raise UsageError("mock_amplifybackend is not active: use it as a context manager first")
        return self._fake

    def start(self) -> AmplifyBackendFake:
        """Activate, returning the fake (the same as entering the context)."""
        if self._fake is not None:
            raise UsageError("this mock_amplifybackend is already active; create another to nest")
        fake = AmplifyBackendFake(**self._options)
        if isinstance(self._state, dict):
            fake.restore(self._state)
        elif self._state is not None:
            fake.load(self._state)
        HOOK.push(fake)
        self._credentials = _fake_credentials(fake.region)
        self._credentials.__enter__()
        self._fake = fake
        return fake

    def stop(self) -> None:
        """Deactivate and restore the environment (the same as leaving the context)."""
        if self._fake is None:
            return
        HOOK.pop(self._fake)
        core_of(self._fake).forget()  # the call log stays for assertions; no request memory
        self._credentials.__exit__(None, None, None)
        self._fake = None

    def __enter__(self) -> AmplifyBackendFake:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @overload
    def __call__(self, target: _T) -> _T: ...
    @overload
    def __call__(self, target: _F) -> _F: ...
    def __call__(self, target: Any) -> Any:
        if inspect.isclass(target):
            return self._decorate_class(target)
        if not callable(target):
            raise UsageError("mock_amplifybackend decorates functions and classes")
        options, seed = self._options, self._state

        @functools.wraps(target)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with mock_amplifybackend(**options, state=seed):
                return target(*args, **kwargs)

        return wrapper

    def _decorate_class(self, cls: _T) -> _T:
        options = {**self._options, "state": self._state}
        if issubclass(cls, unittest.TestCase):
            original_setup = cls.setUp

            def setUp(test: unittest.TestCase) -> None:
                mock = mock_amplifybackend(**options)
                mock.start()
                test.addCleanup(mock.stop)
                original_setup(test)

            cls.setUp = setUp  # type: ignore[method-assign,assignment]
            return cls
        for name in dir(cls):
            if not name.startswith("test"):
                continue
            member = inspect.getattr_static(cls, name)
            if isinstance(member, staticmethod):
                setattr(cls, name, staticmethod(mock_amplifybackend(**options)(member.__func__)))
            elif isinstance(member, classmethod):
                setattr(cls, name, classmethod(mock_amplifybackend(**options)(member.__func__)))
            elif inspect.isfunction(member):
                setattr(cls, name, mock_amplifybackend(**options)(member))
        return cls
