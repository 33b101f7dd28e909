"""One handler per operation, pure functions of (context, SDK-level params) -> SDK result.

Handlers look everything up first and mutate last, so a request that fails changes
nothing. The params are the handler's own (the call log has an equal copy), so a handler
may keep parts of them in the state without copying. Handlers are collected in
:data:`HANDLERS`, keyed by operation name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from amplify_fakes._service.context import Context

Params = dict[str, Any]
Result = dict[str, Any]
Handler = Callable[[Context, Params], Result]

HANDLERS: dict[str, Handler] = {}


def handles(operation: str) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of ``operation``."""

    def register(func: Handler) -> Handler:
        if operation in HANDLERS:
            raise RuntimeError(f"two handlers for {operation}")
        HANDLERS[operation] = func
        return func

    return register


def _load() -> None:
    from amplify_fakes._service.handlers import (  # noqa: F401  (registration by import)
        api,
        auth,
        backends,
        buckets,
        config,
        jobs,
        storage,
        tokens,
    )


_load()
