"""The public in-process mock: ``mock_amplifybackend`` as context manager and decorator."""

from __future__ import annotations

import functools
import inspect
import os
import unittest
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any, TypeVar, overload

from amplify_fakes._botocore_hook import HOOK
from amplify_fakes._environment import fake_credentials
from amplify_fakes._fake import AmplifyBackendFake, core_of
from amplify_fakes._service.clock import validate_clock_mode
from amplify_fakes._service.jobs import validate_job_mode
from amplify_fakes.errors import UsageError

_F = TypeVar("_F", bound=Callable[..., Any])
_T = TypeVar("_T", bound=type)


class mock_amplifybackend:
    """Answer every amplifybackend client in this process from an in-memory fake.

    A context manager yielding the :class:`AmplifyBackendFake`, and a decorator for
    functions and test classes (each call or test gets a fresh fake)::

        with mock_amplifybackend(jobs="immediate") as fake:
            boto3.client("amplifybackend").create_backend(...)

        @mock_amplifybackend  # or @mock_amplifybackend(jobs="immediate")
        def test_something(): ...

        mock = mock_amplifybackend()
        @mock
        def test_other():
            mock.fake.add_app("d1app")  # the decorated call's fake, while it runs

    ``start()`` and ``stop()`` activate and deactivate by hand (as in a ``setUp``).

    While active, clients created before or after activation, in any region, are
    answered in-process; no request leaves the process. The environment holds fake
    credentials (``AWS_ACCESS_KEY_ID=testing``, config and credentials files at the null
    device; profile and session-token variables are removed) so nothing can fall back to
    real ones; on exit the environment is restored as ``mock.patch.dict`` restores it. Nested
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

    def __new__(cls, target: Any = None, /, **options: Any) -> Any:
        """``@mock_amplifybackend`` without parentheses decorates ``target`` at once."""
        if target is None:
            return super().__new__(cls)
        return cls(**options)(target)

    def __init__(
        self,
        target: None = None,
        /,
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
        self._credentials: AbstractContextManager[dict[str, str]] | None = None
        self._decorated: list[AmplifyBackendFake] = []  # fakes of running decorated calls

    @property
    def fake(self) -> AmplifyBackendFake:
        """The active fake: this mock's, or that of the decorated call now running
        (UsageError when neither is active)."""
        if self._fake is not None:
            return self._fake
        if self._decorated:
            return self._decorated[-1]
        raise UsageError(
            "mock_amplifybackend is not active: enter it (with ...), start() it, or read "
            ".fake inside a function it decorates"
        )

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
        self._credentials = fake_credentials(fake.region)
        self._credentials.__enter__()
        self._fake = fake
        return fake

    def stop(self) -> None:
        """Deactivate and restore the environment (the same as leaving the context)."""
        if self._fake is None:
            return
        HOOK.pop(self._fake)
        core_of(self._fake).forget()  # the call log stays for assertions; no request memory
        if self._credentials is not None:
            self._credentials.__exit__(None, None, None)
            self._credentials = None
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
            with mock_amplifybackend(**options, state=seed) as fake:
                self._decorated.append(fake)
                try:
                    return target(*args, **kwargs)
                finally:
                    self._decorated.remove(fake)

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
