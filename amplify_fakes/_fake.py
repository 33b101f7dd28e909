"""AmplifyBackendFake: the stateful in-memory amplifybackend service behind both doors."""

from __future__ import annotations

import copy
import json
import os
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from amplify_fakes import _coverage
from amplify_fakes._core import dispatch
from amplify_fakes._core.wire import WireRequest, WireResponse
from amplify_fakes._service import jobs as _jobs
from amplify_fakes._service import seeding as _seeding
from amplify_fakes._service import snapshot as _snapshot
from amplify_fakes._service.calls import Call, CallLog
from amplify_fakes._service.clock import Clock
from amplify_fakes._service.context import Context, Ids, Settings
from amplify_fakes._service.errors import ServiceError
from amplify_fakes._service.faults import Faults
from amplify_fakes._service.pagination import Paginator
from amplify_fakes._service.state import App, Region, State
from amplify_fakes.errors import FakeDefectError, UsageError

DEFAULT_ACCOUNT = "123456789012"
DEFAULT_REGION = "us-east-1"


class AmplifyBackendFake:
    """An in-memory amplifybackend service, isolated per account and region.

    You get one from ``with mock_amplifybackend() as fake:`` (or the pytest fixture
    ``amplifybackend_fake``); every boto3/botocore amplifybackend client is then answered
    by it. Read its state for assertions, seed state without API calls, and move its clock:

    >>> from amplify_fakes import mock_amplifybackend
    >>> with mock_amplifybackend(jobs="immediate") as fake:
    ...     fake.add_backend("d1app", "dev", app_name="shop")
    ...     fake.backend("d1app", "dev")["AppName"]
    'shop'
    """

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
        self.account_id = account_id or DEFAULT_ACCOUNT
        self.region = region or DEFAULT_REGION
        self.strict = bool(strict)
        self.clock = Clock(clock)
        self.settings = Settings(
            job_mode=_jobs.validate_job_mode(jobs), one_pending_job=bool(one_pending_job)
        )
        #: Access key id -> account id, consulted before the default account.
        self.access_keys: dict[str, str] = {}
        self._state = State()
        self._buckets: dict[str, dict[str, float]] = {}
        self._ids = Ids()
        self._paginator = Paginator()
        self._lock = threading.RLock()
        #: Every request answered, in order (see :class:`~amplify_fakes.Call`).
        self.calls = CallLog()
        #: Fault injection (see :meth:`Faults.add`).
        self.faults = Faults(self.settings.job_failures)
        #: Defects of the fake itself (exceptions that were not service errors).
        self.errors: list[BaseException] = []

    @property
    def one_pending_job(self) -> bool:
        """Refuse a job-starting request while a job of the same app environment is
        pending (``BadRequestException``, as the real service does); set False to allow it."""
        return self.settings.one_pending_job

    @one_pending_job.setter
    def one_pending_job(self, value: bool) -> None:
        self.settings.one_pending_job = bool(value)

    # -- the core's entry points -------------------------------------------------------

    def handle(self, request: WireRequest) -> WireResponse:
        """Answer one wire request (both doors call this)."""
        return dispatch.handle(self, request)

    def record(
        self,
        operation: str | None,
        params: dict[str, Any],
        error: ServiceError | None,
        result: dict[str, Any] | None,
        account: str,
        region: str,
    ) -> None:
        """Append one answered request to :attr:`calls` (and to the coverage record)."""
        _coverage.record(operation, error.code if error else None)
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

    def run(
        self,
        operation: str,
        account: str,
        region: str,
        params: dict[str, Any],
        access_key: str | None = None,
    ) -> dict[str, Any]:
        """Run an operation's handler on the state of ``account``/``region``, under the lock."""
        with self._lock:
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
                return dispatch.run_handler(operation, ctx, params)
            except FakeDefectError as defect:
                self.errors.append(defect)
                raise
            finally:
                if region_state.apps:
                    self._state.regions[(account, region)] = region_state
                if buckets:
                    self._buckets[account] = buckets

    # -- lifecycle ---------------------------------------------------------------------

    def reset(self) -> None:
        """Forget all state (apps, jobs, tokens, buckets), calls, faults and errors; reset the clock."""
        with self._lock:
            self._state = State()
            self._buckets = {}
            self.clock.reset()
            self.faults.clear()
            self.calls.clear()
            self.errors.clear()

    # -- snapshots ----------------------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        """The whole state as JSON-serialisable data (versioned; see :meth:`restore`)."""
        with self._lock:
            clock = self.clock.time() if self.clock.virtual else None
            return copy.deepcopy(
                _snapshot.dump(self._state, self._buckets, clock, self.clock.time())
            )

    def restore(self, snapshot: dict[str, Any]) -> None:
        """Replace the state with ``snapshot``'s, after checking all of it.

        A snapshot of another format or version, or one that breaks its schema or a
        resource contract, raises :class:`UsageError` naming the problem and leaves the
        current state untouched. A virtual clock moves to the snapshot's time.
        """
        _snapshot.validate(snapshot)
        state, buckets, clock = _snapshot.load(copy.deepcopy(snapshot))
        with self._lock:
            self._state, self._buckets = state, buckets
            if clock is not None and self.clock.virtual:
                self.clock.set_time(clock)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write :meth:`snapshot` to ``path`` atomically (temp file, then rename)."""
        target = Path(path)
        text = json.dumps(self.snapshot(), indent=2, sort_keys=True)
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise

    def load(self, path: str | os.PathLike[str]) -> None:
        """:meth:`restore` from a file written by :meth:`save`; a bad file changes nothing."""
        restore_from_file(self, Path(path))

    # -- assertions on the call log ----------------------------------------------------

    def assert_called(self, operation: str, **subset: Any) -> None:
        """Fail unless ``operation`` was called with params containing ``subset``."""
        if not self.calls.of(operation, **subset):
            raise AssertionError(self.calls.describe_miss(operation, subset, "at least once"))

    def assert_called_once(self, operation: str, **subset: Any) -> None:
        """Fail unless exactly one call of ``operation`` had params containing ``subset``."""
        if len(self.calls.of(operation, **subset)) != 1:
            raise AssertionError(self.calls.describe_miss(operation, subset, "exactly once"))

    def assert_not_called(self, operation: str, **subset: Any) -> None:
        """Fail if any call of ``operation`` had params containing ``subset``."""
        if self.calls.of(operation, **subset):
            raise AssertionError(self.calls.describe_miss(operation, subset, "never"))

    def seed_ids(self, seed: int | None) -> None:
        """Make generated ids (JobId, SessionId, ChallengeCode, ...) repeatable."""
        self._ids.seed(seed)

    # -- reading state -----------------------------------------------------------------

    def _where(self, account_id: str | None, region: str | None) -> tuple[str, str]:
        return account_id or self.account_id, region or self.region

    def apps(self, *, account_id: str | None = None, region: str | None = None) -> list[str]:
        """The app ids that have a backend in ``account_id``/``region`` (defaults: the fake's)."""
        with self._lock:
            found = self._state.peek(*self._where(account_id, region))
            return list(found.apps) if found else []

    def backend(
        self,
        app_id: str,
        environment: str,
        *,
        account_id: str | None = None,
        region: str | None = None,
    ) -> dict[str, Any]:
        """A copy of one backend environment: app name, and its api/auth/storage configs.

        Raises ``KeyError`` if the app or environment does not exist.
        """
        with self._lock:
            region_state = self._state.peek(*self._where(account_id, region))
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
        self,
        app_id: str,
        environment: str,
        *,
        account_id: str | None = None,
        region: str | None = None,
    ) -> list[dict[str, Any]]:
        """The jobs of an environment as GetBackendJob would show them now, oldest first."""
        with self._lock:
            region_state = self._state.peek(*self._where(account_id, region))
            app = region_state.apps.get(app_id) if region_state else None
            if app is None:
                return []
            now = self.clock.time()
            found = [
                _jobs.refresh(job, now)
                for job in app.job_order
                if job.environment in (environment, None)
            ]
            return list(_jobs.describe_all(found, app.app_id, environment))

    # -- seeding -----------------------------------------------------------------------

    def add_backend(
        self,
        app_id: str,
        environment: str,
        *,
        app_name: str | None = None,
        api: dict[str, dict[str, Any]] | None = None,
        auth: dict[str, dict[str, Any]] | None = None,
        storage: dict[str, dict[str, Any]] | None = None,
        account_id: str | None = None,
        region: str | None = None,
    ) -> None:
        """Create an app backend environment directly, without API calls or jobs.

        ``api``/``auth``/``storage`` map resource names to SDK-level ``ResourceConfig``
        dicts, checked against CreateBackendAPI/Auth/Storage's contracts before anything
        is stored (a bad seed raises :class:`UsageError` and stores nothing). The
        resources are deployed: AmplifyMetaConfig shows their ids, and with moto's
        ``mock_aws`` active their user pools, buckets and APIs exist in moto.
        """
        _seeding.check_configs(api, auth, storage)
        account, region_name = self._where(account_id, region)
        with self._lock:
            region_state = self._state.region(account, region_name)
            app = region_state.apps.get(app_id)
            if app is not None and environment in app.environments:
                raise UsageError(f"app {app_id!r} already has environment {environment!r}")
            if app is None:
                app = region_state.apps[app_id] = App(app_id=app_id, name=app_name or app_id)
            _seeding.seed_environment(
                app,
                environment,
                (api, auth, storage),
                ids=self._ids,
                now=self.clock.time(),
                region_name=region_name,
                buckets=self._buckets.setdefault(account, {}),
            )

    def add_app(
        self,
        app_id: str,
        *,
        app_name: str | None = None,
        environments: Iterable[str] = (),
        account_id: str | None = None,
        region: str | None = None,
    ) -> None:
        """Seed an Amplify app that exists outside amplifybackend (made by the Amplify
        Console or ``amplify init``) and has no Admin UI backend yet.

        ``environments`` are its backend environments (empty ones, as ``amplify init``
        leaves them). Enable Studio on it as the Amplify CLI does: CreateBackendConfig
        ``{AppId}``, then poll GetBackendJob with the BackendEnvironmentName its answer
        names. An app id nobody seeded or created is a 404, as before.

        >>> from amplify_fakes import AmplifyBackendFake
        >>> fake = AmplifyBackendFake()
        >>> fake.add_app("d1console", app_name="shop", environments=["dev"])
        >>> fake.apps()
        ['d1console']
        """
        account, region_name = self._where(account_id, region)
        with self._lock:
            names = _seeding.check_app(self._state.peek(account, region_name), app_id, environments)
            region_state = self._state.region(account, region_name)
            app = region_state.apps[app_id] = App(app_id=app_id, name=app_name or app_id)
            for name in names:
                _seeding.seed_environment(
                    app,
                    name,
                    (None, None, None),
                    ids=self._ids,
                    now=self.clock.time(),
                    region_name=region_name,
                    buckets=self._buckets.setdefault(account, {}),
                )

    def add_bucket(self, name: str, *, account_id: str | None = None) -> None:
        """Register an S3 bucket for ListS3Buckets (without moto; ImportBackendStorage accepts
        any bucket name then, and checks moto's S3 when moto is active)."""
        with self._lock:
            self._buckets.setdefault(account_id or self.account_id, {})[name] = self.clock.time()


def restore_from_file(fake: AmplifyBackendFake, path: Path) -> None:
    """Load a snapshot file into ``fake``, with one clear error for every way it can be bad."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"state file {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read state file {path}: {exc}") from None
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise UsageError(
            f"state file {path} is not valid JSON (corrupt or truncated?): {reason}"
        ) from None
    try:
        fake.restore(document)
    except UsageError as exc:
        raise UsageError(f"state file {path}: {exc}") from None
