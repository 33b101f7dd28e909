"""What the HTTP door does with a WireRequest, without any sockets.

Control requests go to :class:`Control`, every other request is checked by the
:class:`Authenticator` and then answered by ``fake.handle`` (the core the botocore hook
calls too). An exception that is not a service answer is a defect of the fake: it is
logged, kept for :meth:`ServerApp.check`, and answered with a 500 ``InternalFailure``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable

from amplify_fakes._core import dispatch
from amplify_fakes._core.answers import json_error
from amplify_fakes._core.wire import WireRequest, WireResponse
from amplify_fakes._fake import AmplifyBackendFake, core_of
from amplify_fakes._server.auth import AccessKey, Authenticator
from amplify_fakes._server.control import PREFIX, Control

LOG = logging.getLogger("amplify_fakes.server")
CONTROL = "control"
DEFECT_CODE = "InternalFailure"


def is_control(path: str) -> bool:
    """True for the reserved ``/_fake`` prefix."""
    return path == PREFIX or path.startswith(PREFIX + "/")


def defect_response(error: BaseException) -> WireResponse:
    """The 500 a defect of the fake is answered with (the message names the defect)."""
    message = f"amplify-fakes defect (see the server log): {type(error).__name__}: {error}"
    return json_error(500, DEFECT_CODE, message)


class ServerApp:
    """One fake behind the HTTP door: auth, control API, defect capture."""

    def __init__(
        self,
        fake: AmplifyBackendFake,
        *,
        access_keys: Iterable[AccessKey] = (),
        require_auth: bool = False,
    ):
        keys = list(access_keys)
        self.fake = fake
        self._core = core_of(fake)
        for key in keys:
            if key.account is not None:
                fake.access_keys[key.id] = key.account
        self.auth = Authenticator(keys, required=require_auth)
        self._errors: list[BaseException] = []
        self._lock = threading.Lock()
        self.control = Control(fake, self.errors, self.reset)

    def respond(self, request: WireRequest) -> tuple[WireResponse, str]:
        """The response to ``request`` and a label for the log (operation name or kind)."""
        label = CONTROL if is_control(request.path) else _operation(request)
        try:
            if label == CONTROL:
                return self.control.handle(request), label
            failure = self.auth.check(request)
            if failure is not None:
                return failure.response(), label
            return self._core.handle(request), label
        except Exception as exc:
            self.capture(exc, f"{request.method} {request.path[:200]} ({label})")
            return defect_response(exc), label

    def capture(self, error: BaseException, where: str) -> None:
        """Log a defect and keep it for :meth:`check`."""
        LOG.error("amplify-fakes defect while answering %s", where, exc_info=error)
        with self._lock:
            self._errors.append(error)

    def errors(self) -> list[BaseException]:
        """The defects captured so far (a copy)."""
        with self._lock:
            return list(self._errors)

    def check(self) -> None:
        """Raise the first captured defect (and forget them all); do nothing when none."""
        with self._lock:
            errors, self._errors = self._errors, []
        if errors:
            raise errors[0]

    def reset(self) -> None:
        """Fresh state: the fake's reset, plus no captured defects and no fault ids."""
        self.fake.reset()
        self.control.forget_faults()
        with self._lock:
            self._errors.clear()


def _operation(request: WireRequest) -> str:
    match = dispatch.router().match(request.method, request.path)
    return match.operation if match else "-"
