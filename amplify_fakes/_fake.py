"""AmplifyBackendFake: the stateful in-memory amplifybackend service behind both doors."""

from __future__ import annotations

import copy
import threading
from typing import Any

from amplify_fakes._core import dispatch
from amplify_fakes._core.wire import WireRequest, WireResponse
from amplify_fakes._service import jobs as _jobs
from amplify_fakes._service.clock import Clock
from amplify_fakes._service.context import Context, Ids, Settings
from amplify_fakes._service.handlers.backends import new_environment
from amplify_fakes._service.pagination import Paginator
from amplify_fakes._service.state import App, Resource, State
from amplify_fakes.contracts import schema as _schema
from amplify_fakes.errors import UsageError

DEFAULT_ACCOUNT = "123456789012"
DEFAULT_REGION = "us-east-1"


def _resource_schema_check(operation: str, config: dict[str, Any]) -> None:
    """Validate a seeded resource config as the Create operation's ResourceConfig."""
    request = _schema(operation, "request")
    sub = request["properties"]["ResourceConfig"]
    sub["$schema"] = request["$schema"]
    import jsonschema

    validator = jsonschema.validators.validator_for(sub)(sub)
    errors = sorted(validator.iter_errors(config), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        path = "$.ResourceConfig" + "".join(
            f"[{p}]" if isinstance(p, int) else f".{p}" for p in first.absolute_path
        )
        raise UsageError(f"seeded {operation} config is invalid at {path}: {first.message[:200]}")


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
    ):
        self.account_id = account_id or DEFAULT_ACCOUNT
        self.region = region or DEFAULT_REGION
        self.strict = bool(strict)
        self.clock = Clock(clock)
        self.settings = Settings(job_mode=_jobs.validate_job_mode(jobs))
        #: Access key id -> account id, consulted before the default account.
        self.access_keys: dict[str, str] = {}
        self._state = State()
        self._buckets: dict[str, dict[str, float]] = {}
        self._ids = Ids()
        self._paginator = Paginator()
        self._lock = threading.RLock()

    # -- the core's entry points -------------------------------------------------------

    def handle(self, request: WireRequest) -> WireResponse:
        """Answer one wire request (both doors call this)."""
        return dispatch.handle(self, request)

    def run(
        self, operation: str, account: str, region: str, params: dict[str, Any]
    ) -> dict[str, Any]:
        """Run an operation's handler on the state of ``account``/``region``, under the lock."""
        with self._lock:
            ctx = Context(
                operation=operation,
                account=account,
                region_name=region,
                region=self._state.region(account, region),
                buckets=self._buckets.setdefault(account, {}),
                clock=self.clock,
                ids=self._ids,
                settings=self.settings,
                paginator=self._paginator,
            )
            return dispatch.run_handler(operation, ctx, params)

    # -- lifecycle ---------------------------------------------------------------------

    def reset(self) -> None:
        """Forget all state (apps, jobs, tokens, buckets) and reset the clock."""
        with self._lock:
            self._state = State()
            self._buckets = {}
            self.clock.reset()
            self.settings.job_failures.clear()

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
            return [
                _jobs.describe(_jobs.refresh(job, now), app.app_id, environment)
                for job in app.job_order
                if job.environment in (environment, None)
            ]

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
        is stored (a bad seed raises :class:`UsageError` and stores nothing).
        """
        for operation, resources in (
            ("CreateBackendAPI", api),
            ("CreateBackendAuth", auth),
            ("CreateBackendStorage", storage),
        ):
            for config in (resources or {}).values():
                _resource_schema_check(operation, config)
        with self._lock:
            region_state = self._state.region(*self._where(account_id, region))
            app = region_state.apps.get(app_id)
            if app is not None and environment in app.environments:
                raise UsageError(f"app {app_id!r} already has environment {environment!r}")
            if app is None:
                app = region_state.apps[app_id] = App(app_id=app_id, name=app_name or app_id)
            ctx_now = self.clock.time()
            env = new_environment(_SeedContext(self, ctx_now), environment)  # type: ignore[arg-type]
            env.apis = {n: Resource(n, copy.deepcopy(c)) for n, c in (api or {}).items()}
            env.auths = {n: Resource(n, copy.deepcopy(c)) for n, c in (auth or {}).items()}
            env.storages = {n: Resource(n, copy.deepcopy(c)) for n, c in (storage or {}).items()}
            app.environments[environment] = env

    def add_bucket(self, name: str, *, account_id: str | None = None) -> None:
        """Register an S3 bucket for ListS3Buckets / ImportBackendStorage (without moto)."""
        with self._lock:
            self._buckets.setdefault(account_id or self.account_id, {})[name] = self.clock.time()


class _SeedContext:
    """The two things :func:`new_environment` needs when seeding outside a request."""

    def __init__(self, fake: AmplifyBackendFake, now: float):
        self.ids = fake._ids
        self._now = now

    def now(self) -> float:
        return self._now
