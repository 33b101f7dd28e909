"""AmplifyBackendFake: the stateful in-memory amplifybackend service behind both doors."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from amplify_fakes._core.dispatch import Dispatcher
from amplify_fakes._service.calls import CallLog
from amplify_fakes._service.clock import Clock
from amplify_fakes._service.context import Settings
from amplify_fakes._service.faults import Faults
from amplify_fakes._service.service import DEFAULT_ACCOUNT, DEFAULT_REGION, LOG, Service
from amplify_fakes._service.state_file import read_state_file
from amplify_fakes.errors import UsageError

__all__ = ["DEFAULT_ACCOUNT", "DEFAULT_REGION", "AmplifyBackendFake", "core_of"]


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
        self._service = Service(
            account_id=account_id,
            region=region,
            jobs=jobs,
            clock=clock,
            strict=strict,
            one_pending_job=one_pending_job,
        )
        self._core = Dispatcher(self._service)

    @property
    def account_id(self) -> str:
        """The account of requests whose credentials name none (default ``123456789012``)."""
        return self._service.account_id

    @property
    def region(self) -> str:
        """The region of unsigned requests and the default of the reading methods."""
        return self._service.region

    @property
    def strict(self) -> bool:
        """Whether every answer is checked against its contract (a violation raises)."""
        return self._service.strict

    @strict.setter
    def strict(self, value: bool) -> None:
        self._service.strict = bool(value)

    @property
    def clock(self) -> Clock:
        """The fake's clock (``advance``, ``time``; see ``clock=``)."""
        return self._service.clock

    @property
    def settings(self) -> Settings:
        """Job mode and duration, token Ttl and the one-pending-job rule."""
        return self._service.settings

    @property
    def access_keys(self) -> dict[str, str]:
        """Access key id -> account id, consulted before the default account."""
        return self._service.access_keys

    @property
    def calls(self) -> CallLog:
        """Every request answered, in order (see :class:`~amplify_fakes.Call`)."""
        return self._service.calls

    @property
    def faults(self) -> Faults:
        """Fault injection (see :meth:`Faults.add`)."""
        return self._service.faults

    @property
    def errors(self) -> list[BaseException]:
        """Defects of the fake itself (exceptions that were not service errors)."""
        return self._service.errors

    @property
    def one_pending_job(self) -> bool:
        """Refuse a job-starting request while a job of the same app environment is
        pending (``BadRequestException``, as the real service does); set False to allow it."""
        return self.settings.one_pending_job

    @one_pending_job.setter
    def one_pending_job(self, value: bool) -> None:
        self.settings.one_pending_job = bool(value)

    # -- lifecycle ---------------------------------------------------------------------

    def reset(self) -> None:
        """Forget all state (apps, jobs, tokens, buckets), calls, faults and errors; reset the clock."""
        self._service.reset()
        self._core.forget()

    # -- snapshots ----------------------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        """The whole state as JSON-serialisable data (versioned; see :meth:`restore`)."""
        return self._service.snapshot()

    def restore(self, snapshot: dict[str, Any]) -> None:
        """Replace the state with ``snapshot``'s, after checking all of it.

        A snapshot of another format or version, or one that breaks its schema or a
        resource contract, raises :class:`UsageError` naming the problem and leaves the
        current state untouched. A virtual clock moves to the snapshot's time.
        """
        self._service.restore(snapshot)

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
        """:meth:`restore` from a file written by :meth:`save`, or the state file of
        ``serve --state`` (a journal while the server runs or after a crash); a bad file
        changes nothing."""
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
        self._service.seed_ids(seed)

    # -- reading state -----------------------------------------------------------------

    def apps(self, *, account_id: str | None = None, region: str | None = None) -> list[str]:
        """The app ids that have a backend in ``account_id``/``region`` (defaults: the fake's)."""
        return self._service.apps(*self._service.where(account_id, region))

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
        where = self._service.where(account_id, region)
        return self._service.backend(app_id, environment, *where)

    def jobs(
        self,
        app_id: str,
        environment: str,
        *,
        account_id: str | None = None,
        region: str | None = None,
    ) -> list[dict[str, Any]]:
        """The jobs of an environment as GetBackendJob would show them now, oldest first."""
        return self._service.jobs(app_id, environment, *self._service.where(account_id, region))

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
        where = self._service.where(account_id, region)
        self._service.add_backend(app_id, environment, app_name, (api, auth, storage), *where)

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
        where = self._service.where(account_id, region)
        self._service.add_app(app_id, app_name, environments, *where)

    def add_bucket(self, name: str, *, account_id: str | None = None) -> None:
        """Register an S3 bucket for ListS3Buckets and ImportBackendStorage; while moto's
        ``mock_aws`` is active it is made in moto's S3, where both look then."""
        self._service.add_bucket(name, account_id or self.account_id)


def core_of(fake: AmplifyBackendFake) -> Dispatcher:
    """The core a door hands ``fake``'s wire requests to (not public API)."""
    return fake._core


def restore_from_file(fake: AmplifyBackendFake, path: Path) -> None:
    """Load a snapshot file, or the state file of ``serve --state`` (a journal), into
    ``fake``, with one clear error for every way it can be bad."""
    loaded, note = read_state_file(path)
    if loaded is None:
        raise UsageError(f"state file {path} does not exist")
    if note is not None:
        LOG.warning("%s", note)
    try:
        fake.restore(loaded.snapshot)
    except UsageError as exc:
        raise UsageError(f"state file {path}: {exc}") from None
