"""What the pytest plugin reuses between tests: one warm boto3 session and its clients.

Building a botocore session and a client reloads endpoint data and the service model from
disk, ~100 ms a test. The plugin instead keeps, per process (per xdist worker):

- one boto3 ``Session`` that it created itself, in the fake-credentials environment of
  ``aws_credentials``; it becomes ``boto3.DEFAULT_SESSION`` for each test (the user's is
  put back after). Before every test it is put back as it was when created: its event
  handlers, instance variables, loaded config and resolved credentials (which are
  resolved again, from the test's fake environment, when first needed);
- ``amplifybackend_client`` clients, one per (region, Config, ``AWS_*`` environment), made
  with the fake credentials. Before every test each is put back as it was when created:
  its attributes, its ``meta.events`` handlers and its standard-mode retry quota. A client
  in ``adaptive`` retry mode (a rate limiter with state) is never reused.

Nothing of the fake itself is shared: state, faults, calls and clock are fresh each test.
"""

from __future__ import annotations

import copy
import os
from collections import OrderedDict
from typing import Any

FAKE_KEY = ("testing", "testing")
_MAX_CLIENTS = 16


def _inner(events: Any) -> Any:
    """The HierarchicalEmitter behind an EventAliaser (or the emitter itself)."""
    return getattr(events, "_emitter", events)


class _EventsSnapshot:
    """The handlers of an event emitter at one moment, to put back later in place.

    In place, because the client's endpoint, signer and waiters hold the same object.
    Copying the handlers costs ~1 ms, so the emitter notes when it is changed (every
    register and unregister goes through the two methods :func:`_noting` overrides) and
    only a changed one is put back.
    """

    def __init__(self, events: Any):
        emitter = self._emitter = _inner(events)
        self._saved = copy.copy(emitter)
        emitter.__class__ = _noting(type(emitter))
        emitter._amplify_fakes_changed = False

    def restore(self) -> None:
        emitter, saved = self._emitter, self._saved
        if not emitter._amplify_fakes_changed:
            return
        emitter._handlers = copy.copy(saved._handlers)
        emitter._unique_id_handlers = copy.copy(saved._unique_id_handlers)
        emitter._lookup_cache = {}
        emitter._amplify_fakes_changed = False

    def handlers(self) -> list[Any]:
        """Every handler registered at snapshot time."""
        found: list[Any] = []
        stack = [self._saved._handlers._root]
        while stack:
            node = stack.pop()
            values = node.get("values")
            if values is not None:
                found += [*values.first, *values.middle, *values.last]
            stack += list((node.get("children") or {}).values())
        return found


def _quotas(snapshot: _EventsSnapshot) -> list[Any]:
    """The RetryQuota objects behind a client's standard-mode retry handler."""
    quotas = []
    for handler in snapshot.handlers():
        checker = getattr(getattr(handler, "__self__", None), "_retry_quota", None)
        quota = getattr(checker, "_quota", None)
        if quota is not None and hasattr(quota, "_max_capacity"):
            quotas.append(quota)
    return quotas


_NOTING: dict[type, type] = {}


def _noting(cls: type) -> type:
    """A subclass of an emitter class whose instances note any change to their handlers."""
    if getattr(cls, "_amplify_fakes_noting", False):
        return cls
    if cls not in _NOTING:

        class Noting(cls):  # type: ignore[misc]  # botocore is untyped
            _amplify_fakes_noting = True

            def _register_section(self, *args: Any, **kwargs: Any) -> Any:
                self._amplify_fakes_changed = True
                return super()._register_section(*args, **kwargs)

            def unregister(self, *args: Any, **kwargs: Any) -> Any:
                self._amplify_fakes_changed = True
                return super().unregister(*args, **kwargs)

        Noting.__name__ = Noting.__qualname__ = cls.__name__
        _NOTING[cls] = Noting
    return _NOTING[cls]


class _Pristine:
    """An object and how it was when created: ``restore()`` puts it back."""

    def __init__(self, target: Any, events: Any = None):
        self.target = target
        self._attributes = dict(vars(target))
        self._events = _EventsSnapshot(events) if events is not None else None
        self._quotas = _quotas(self._events) if self._events is not None else []

    def restore(self) -> Any:
        state = vars(self.target)
        state.clear()
        state.update(self._attributes)
        if self._events is not None:
            self._events.restore()
        for quota in self._quotas:
            quota._available_capacity = quota._max_capacity
        return self.target


class Warm:
    """The warm session and clients of one process (see the module docstring)."""

    def __init__(self) -> None:
        self._session: _Pristine | None = None
        self._botocore_session: Any = None
        self._instance_vars: dict[str, Any] = {}
        self._clients: OrderedDict[tuple[Any, ...], _Pristine] = OrderedDict()

    def session(self) -> Any:
        """The plugin's boto3 session, as it was when created (call with fake credentials set)."""
        if self._session is None:
            import boto3.session

            session = boto3.session.Session()
            core = session._session
            self._botocore_session = _Pristine(core, core.get_component("event_emitter"))
            self._instance_vars = dict(core._session_instance_vars)
            self._session = _Pristine(session)  # the same emitter as core's
            return session
        core = self._botocore_session.restore()
        core._session_instance_vars = dict(self._instance_vars)
        core._credentials = None  # resolved again from this test's (fake) environment
        return self._session.restore()

    def client(self, region: str, config: Any) -> Any:
        """A pristine amplifybackend client with fake credentials for ``region`` and ``config``."""
        key = (region, _config_key(config), _aws_environment())
        cached = self._clients.get(key)
        if cached is not None:
            self._clients.move_to_end(key)
            return cached.restore()
        client = self.session().client(
            "amplifybackend",
            region_name=region,
            config=config,
            aws_access_key_id=FAKE_KEY[0],
            aws_secret_access_key=FAKE_KEY[1],
        )
        if (client.meta.config.retries or {}).get("mode") != "adaptive":
            self._clients[key] = _Pristine(client, client.meta.events)
            if len(self._clients) > _MAX_CLIENTS:
                self._clients.popitem(last=False)
        return client


def _config_key(config: Any) -> Any:
    if config is None:
        return None
    options = getattr(config, "_user_provided_options", None)
    if options is None:
        return ("id", id(config))
    return repr(sorted(options.items()))


def _aws_environment() -> tuple[tuple[str, str], ...]:
    """The ``AWS_*`` variables, which botocore reads when it builds a client."""
    return tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("AWS_")))


WARM = Warm()
