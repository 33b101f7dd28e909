"""The service: everything that changes while the fake answers, behind one lock.

One :class:`Service` per fake owns the state (apps and buckets of every account and
region), the clock, the id source, the settings, the faults, the call log (and reports
to the process's coverage record) and the defects seen. The core's dispatcher holds
:attr:`Service.lock` for the whole of a request from fault injection to the call-log
entry, so the order of the call log is the order in which the state changed.
:class:`~amplify_fakes.AmplifyBackendFake` is the public facade over it.
"""

from __future__ import annotations

import copy
import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any

from amplify_fakes._service import coverage, deploy, durability, moto_bridge, pending
from amplify_fakes._service import jobs as _jobs
from amplify_fakes._service import seeding as _seeding
from amplify_fakes._service import snapshot as _snapshot
from amplify_fakes._service.calls import Call, CallLog
from amplify_fakes._service.clock import Clock
from amplify_fakes._service.context import Context, Ids, Settings
from amplify_fakes._service.errors import NotFoundException, ServiceError
from amplify_fakes._service.faults import Faults
from amplify_fakes._service.handlers import HANDLERS
from amplify_fakes._service.journal import Journal
from amplify_fakes._service.pagination import Paginator
from amplify_fakes._service.state import App, Region, State
from amplify_fakes._service.where import check_account_id, check_region
from amplify_fakes.errors import FakeDefectError, UsageError

LOG = logging.getLogger("amplify_fakes")

DEFAULT_ACCOUNT = "123456789012"
DEFAULT_REGION = "us-east-1"


class Service:
    """The state of one fake and the operations on it (see the module docstring)."""

    def __init__(
        self,
        *,
        account_id: str | None = None,
        region: str | None = None,
        jobs: str = "clock",
        clock: str = "real",
        strict: bool = False,
        one_pending_job: bool = True,
    ):
        self.account_id = check_account_id(account_id) if account_id else DEFAULT_ACCOUNT
        self.region = check_region(region) if region else DEFAULT_REGION
        self.strict = bool(strict)
        self.clock = Clock(clock)
        self.settings = Settings(
            job_mode=_jobs.validate_job_mode(jobs), one_pending_job=bool(one_pending_job)
        )
        self.access_keys: dict[str, str] = {}
        self.lock = threading.RLock()
        self.calls = CallLog()
        self.faults = Faults(self.settings.job_failures)
        self.errors: list[BaseException] = []
        self._state = State()
        self._buckets: dict[str, dict[str, float]] = {}
        self._ids = Ids()
        self._paginator = Paginator()
        self._journal: Journal | None = None

    # -- answering requests (the dispatcher holds the lock) -------------------------------

    def run(
        self,
        operation: str,
        account: str,
        region: str,
        params: dict[str, Any],
        access_key: str | None = None,
    ) -> dict[str, Any]:
        """Run an operation's handler on the state of ``account``/``region``.

        Around it: resources whose jobs completed meanwhile are deployed first (and those
        the request itself completes, after), and a second job while one is pending is
        refused before the handler can change anything. A non-service exception is a
        defect of the fake (kept in :attr:`errors`).
        """
        with self.lock:
            journal = self._journal
            if journal is None or not durability.changes_state(operation):
                return self._run(operation, account, region, params, access_key)
            buckets_before = len(self._buckets.get(account, ()))
            result = self._run(operation, account, region, params, access_key)
            app_id = params.get("AppId")
            if isinstance(app_id, str):
                now = self.clock.time()
                entry = durability.request_entry(
                    self._state,
                    self._buckets.get(account),
                    buckets_before,
                    now,
                    now if self.clock.virtual else None,
                    (account, region, app_id),
                )
                self._write(journal, entry)
            return result

    def _run(
        self,
        operation: str,
        account: str,
        region: str,
        params: dict[str, Any],
        access_key: str | None,
    ) -> dict[str, Any]:
        with self.lock:
            # Containers made for this request are dropped again if they stay empty, so
            # a request that fails (or only reads) leaves no trace in the state.
            region_state = self._state.peek(account, region) or Region()
            buckets = self._buckets.get(account, {})
            ctx = Context(
                operation=operation,
                account=account,
                access_key=access_key,
                region_name=region,
                region=region_state,
                buckets=buckets,
                clock=self.clock,
                ids=self._ids,
                settings=self.settings,
                paginator=self._paginator,
            )
            try:
                deploy.settle(ctx)
                pending.refuse_second_job(ctx, params)
                result = HANDLERS[operation](ctx, params)
                deploy.settle(ctx)
                return result
            except NotFoundException as exc:
                if exc.resource_type == "App":
                    self._hint_other_scopes(account, region, params.get("AppId"))
                raise
            except ServiceError:
                raise
            except Exception as exc:
                defect = FakeDefectError(operation, params, exc)
                self.errors.append(defect)
                raise defect from exc
            finally:
                if region_state.apps:
                    self._state.regions[(account, region)] = region_state
                if buckets:
                    self._buckets[account] = buckets

    def _hint_other_scopes(self, account: str, region: str, app_id: Any) -> None:
        """Warn when a missing app exists in another account or region of this fake."""
        elsewhere = sorted(
            f"account {a} region {r}"
            for (a, r), state in self._state.regions.items()
            if (a, r) != (account, region) and app_id in state.apps
        )
        if elsewhere:
            LOG.warning(
                "app %r is not in account %s region %s, but this fake has it in %s: state is "
                "kept per account and region, which the request's access key and signing "
                "region choose (check the client's region_name and credentials)",
                app_id,
                account,
                region,
                ", ".join(elsewhere),
            )

    def record(
        self,
        operation: str | None,
        params: dict[str, Any],
        error: ServiceError | None,
        result: dict[str, Any] | None,
        account: str,
        region: str,
    ) -> None:
        """Append one answered request to the call log (and to the coverage record)."""
        coverage.record(operation, error.code if error else None)
        self.calls.append(
            Call(
                operation,
                params,
                error.status if error else 200,
                result,
                error.code if error else None,
                account,
                region,
                self.clock.time(),
            )
        )

    # -- lifecycle and snapshots ----------------------------------------------------------

    def reset(self) -> None:
        """Forget all state, calls, faults and errors; reset the clock."""
        with self.lock:
            self._state = State()
            self._buckets = {}
            self.clock.reset()
            self.faults.clear()
            self.calls.clear()
            self.errors.clear()
            self._persist_all()

    def seed_ids(self, seed: int | None) -> None:
        """Make generated ids repeatable."""
        self._ids.seed(seed)

    def snapshot(self) -> dict[str, Any]:
        """The whole state as a snapshot document (a deep copy)."""
        with self.lock:
            clock = self.clock.time() if self.clock.virtual else None
            return copy.deepcopy(
                _snapshot.dump(self._state, self._buckets, clock, self.clock.time())
            )

    def restore(self, snapshot: dict[str, Any]) -> None:
        """Replace the state with ``snapshot``'s, after checking all of it."""
        _snapshot.validate(snapshot)
        state, buckets, clock = _snapshot.load(copy.deepcopy(snapshot))
        with self.lock:
            self._state, self._buckets = state, buckets
            if clock is not None and self.clock.virtual:
                self._quietly(lambda: self.clock.set_time(clock))  # the state entry has it
            self._persist_all()

    # -- reading state --------------------------------------------------------------------

    def where(self, account_id: str | None, region: str | None) -> tuple[str, str]:
        """The account and region meant by optional arguments (defaults: the fake's)."""
        # Not checked: requests may come signed for any scope, and their state is readable.
        return account_id or self.account_id, region or self.region

    def apps(self, account: str, region: str) -> list[str]:
        """The app ids of ``account``/``region``."""
        with self.lock:
            found = self._state.peek(account, region)
            return list(found.apps) if found else []

    def backend(self, app_id: str, environment: str, account: str, region: str) -> dict[str, Any]:
        """A copy of one backend environment (KeyError when it does not exist)."""
        with self.lock:
            region_state = self._state.peek(account, region)
            app = region_state.apps.get(app_id) if region_state else None
            env = app.environments.get(environment) if app else None
            if app is None or env is None:
                raise KeyError(f"no backend environment {environment!r} for app {app_id!r}")
            return {
                "AppId": app.app_id,
                "AppName": app.name,
                "BackendEnvironmentName": env.name,
                "Api": {n: copy.deepcopy(r.config) for n, r in env.apis.items()},
                "Auth": {n: copy.deepcopy(r.config) for n, r in env.auths.items()},
                "Storage": {n: copy.deepcopy(r.config) for n, r in env.storages.items()},
                "Config": copy.deepcopy(app.config),
            }

    def jobs(
        self, app_id: str, environment: str, account: str, region: str
    ) -> list[dict[str, Any]]:
        """The jobs of an environment as GetBackendJob would show them now, oldest first."""
        with self.lock:
            region_state = self._state.peek(account, region)
            app = region_state.apps.get(app_id) if region_state else None
            if app is None:
                return []
            now = self.clock.time()
            found = [
                _jobs.refresh(job, now)
                for job in app.job_order
                if job.environment in (environment, None)
            ]
            return _jobs.describe_all(found, app.app_id, environment)

    # -- seeding --------------------------------------------------------------------------

    def add_backend(
        self,
        app_id: str,
        environment: str,
        app_name: str | None,
        configs: tuple[
            dict[str, dict[str, Any]] | None,
            dict[str, dict[str, Any]] | None,
            dict[str, dict[str, Any]] | None,
        ],
        account: str,
        region: str,
    ) -> None:
        """Create a deployed backend environment without API calls (configs checked first)."""
        _seeding.check_configs(*configs)
        with self.lock:
            region_state = self._state.region(account, region)
            app = region_state.apps.get(app_id)
            if app is not None and environment in app.environments:
                raise UsageError(f"app {app_id!r} already has environment {environment!r}")
            if app is None:
                app = region_state.apps[app_id] = App(app_id=app_id, name=app_name or app_id)
            self._seed(app, environment, configs, account, region)
            self._persist_all()

    def add_app(
        self,
        app_id: str,
        app_name: str | None,
        environments: Iterable[str],
        account: str,
        region: str,
    ) -> None:
        """Seed an Amplify app with empty backend environments and no Admin UI backend."""
        with self.lock:
            names = _seeding.check_app(self._state.peek(account, region), app_id, environments)
            region_state = self._state.region(account, region)
            app = region_state.apps[app_id] = App(app_id=app_id, name=app_name or app_id)
            for name in names:
                self._seed(app, name, (None, None, None), account, region)
            self._persist_all()

    def _seed(
        self,
        app: App,
        environment: str,
        configs: tuple[Any, Any, Any],
        account: str,
        region: str,
    ) -> None:
        _seeding.seed_environment(
            app,
            environment,
            configs,
            ids=self._ids,
            now=self.clock.time(),
            region_name=region,
            buckets=self._buckets.setdefault(account, {}),
        )

    def add_bucket(self, name: str, account: str) -> None:
        """Register an S3 bucket for ListS3Buckets (made in moto's S3 too while moto is
        active, since ListS3Buckets then lists moto's buckets)."""
        with self.lock:
            if moto_bridge.active():
                moto_bridge.add_bucket(name, self.region)
            self._buckets.setdefault(account, {})[name] = self.clock.time()
            self._persist_all()

    # -- durability (serve --state) -------------------------------------------------------

    def attach_journal(self, journal: Journal | None) -> Journal | None:
        """Make every change durable in ``journal`` from now on (None: stop); returns the
        journal attached before."""
        with self.lock:
            previous, self._journal = self._journal, journal
            self.clock.on_change = self._clock_moved if journal is not None else None
            return previous

    def _quietly(self, change: Callable[[], None]) -> None:
        """Make a clock change without writing a clock entry for it."""
        callback, self.clock.on_change = self.clock.on_change, None
        try:
            change()
        finally:
            self.clock.on_change = callback

    def _dump(self) -> dict[str, Any]:
        clock = self.clock.time() if self.clock.virtual else None
        return _snapshot.dump(self._state, self._buckets, clock, self.clock.time())

    def _persist_all(self) -> None:
        if self._journal is not None:
            self._write(self._journal, {"kind": "state", "snapshot": self._dump()})

    def _clock_moved(self) -> None:
        with self.lock:
            if self._journal is not None and self.clock.virtual:
                self._write(self._journal, {"kind": "clock", "clock": self.clock.time()})

    def _write(self, journal: Journal, entry: dict[str, Any]) -> None:
        """Append ``entry`` durably; when that fails, the state becomes what the file holds
        (the change is undone) and StateFileError says why."""
        try:
            durability.write(journal, entry)
        except ServiceError:
            try:
                self._state, self._buckets, clock = durability.read_back(journal.path)
                if clock is not None and self.clock.virtual:
                    self._quietly(lambda: self.clock.set_time(clock))
            except (OSError, UsageError) as unreadable:
                journal.broken = journal.broken or f"cannot read it back: {unreadable}"
            raise
        if journal.due:
            durability.compact(journal, self._dump())
