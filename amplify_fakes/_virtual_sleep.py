"""botocore's retry and waiter sleeps on a fake's virtual clock.

botocore sleeps right after ``needs-retry`` when a retry is due (and a waiter sleeps after
its poll). While a fake with a virtual clock is active, ``time`` in botocore's endpoint and
waiter modules is replaced by :class:`_VirtualSleep`, whose ``sleep`` advances that fake's
clock instead when the sleeping thread's last amplifybackend call was answered by it.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from amplify_fakes._fake import AmplifyBackendFake

RETRY_EVENT = "needs-retry.amplifybackend"
_SLEEPING_MODULES = ("botocore.endpoint", "botocore.waiter")
_local = threading.local()


class _VirtualSleep:
    """Stands in for the ``time`` module inside botocore's endpoint and waiter modules.

    ``sleep`` advances the fake's virtual clock when the sleeping thread's last
    amplifybackend call was answered by a virtual-clock fake; every other use is the real
    ``time`` module's.
    """

    def __init__(self, real: Any):
        self._real = real

    def sleep(self, seconds: float) -> None:
        """Advance the fake's clock for a virtual back-off, else really sleep."""
        clock = getattr(_local, "clock", None)
        if clock is None:
            self._real.sleep(seconds)
        else:
            _local.clock = None
            clock.advance(max(seconds, 0.0))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


def virtualize_sleep(on: bool) -> None:
    """Put the virtual sleep in (or take it out of) botocore's endpoint and waiter modules."""
    for name in _SLEEPING_MODULES:
        module: Any = importlib.import_module(name)
        current = module.time
        if on and not isinstance(current, _VirtualSleep):
            module.time = _VirtualSleep(current)
        elif not on and isinstance(current, _VirtualSleep):
            module.time = current._real


class RetryClock:
    """The ``needs-retry`` handler that chooses, per thread, the clock of the next sleep."""

    def __init__(self, current: Callable[[], AmplifyBackendFake | None]):
        self._current = current
        self.virtual = False  # an active fake has a virtual clock

    def update(self, fakes: list[AmplifyBackendFake]) -> None:
        """Follow the active fakes: virtual sleeps while any of them has a virtual clock."""
        self.virtual = any(f.clock.virtual for f in fakes)
        virtualize_sleep(self.virtual)

    def note_retry_clock(self, event_name: str = "", **_: Any) -> None:
        """``needs-retry`` handler: remember, per thread, whether the next back-off is virtual."""
        if not self.virtual:  # every sleep is real: nothing to look up
            _local.clock = None
            return
        fake = self._current()
        virtual = fake is not None and fake.clock.virtual and event_name.startswith(RETRY_EVENT)
        _local.clock = fake.clock if virtual and fake is not None else None
