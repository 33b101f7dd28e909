"""The fake's state tree: (account, region) -> apps -> environments -> resources, jobs, tokens.

Plain dataclasses of JSON-friendly values, so snapshots are a walk, not a pickle. Every
lookup that can miss goes through a ``get_*`` helper that raises ``NotFoundException``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from amplify_fakes._service.errors import NotFoundException

_revisions = itertools.count(1)


def new_revision() -> int:
    """A number no resource state had before (caches key on it)."""
    return next(_revisions)


@dataclass
class Resource:
    """An api, auth or storage resource of one environment; ``config`` is SDK-level.

    ``ids`` are the identifiers of what deploying it made (user pool, app clients, AppSync
    API, API key); they are fixed when the resource is created and shown in
    AmplifyMetaConfig once ``deployed`` (the time its job completed) is set.
    """

    name: str
    config: dict[str, Any]
    imported: bool = False
    ids: dict[str, str] = field(default_factory=dict)
    job_id: str | None = None  # the job that deploys it (None: deployed when stored)
    deployed: float | None = None
    # (moto account, region) where the fake made its user pool / bucket / API, to delete
    # exactly those (None: the fake made nothing in moto for it)
    in_moto: tuple[str, str] | None = None
    revision: int = field(default_factory=new_revision, compare=False)

    def changed(self) -> None:
        """Note that the config (or deployment) changed, so cached documents are stale."""
        self.revision = new_revision()


@dataclass
class Models:
    """Generated data models of one API resource."""

    schema: str  # the TransformSchema the models were generated from
    models: str
    introspection: str


@dataclass
class Environment:
    """A backend environment of an app."""

    name: str
    created: float
    stack_suffix: str
    apis: dict[str, Resource] = field(default_factory=dict)
    auths: dict[str, Resource] = field(default_factory=dict)
    storages: dict[str, Resource] = field(default_factory=dict)
    models: dict[str, Models] = field(default_factory=dict)
    # GetBackend's last AmplifyMetaConfig: (what it depends on, the encoded document)
    meta_cache: tuple[Any, str] | None = field(default=None, repr=False, compare=False)


@dataclass
class Job:
    """An asynchronous job; its status is brought up to date lazily from the clock."""

    job_id: str
    operation: str
    environment: str | None  # None: an app-level job, listed under every environment
    created: float
    updated: float
    status: str
    completes_at: float | None
    error: str | None = None
    fails: bool = False  # ends FAILED instead of COMPLETED
    fail_with: str | None = None  # the Error it then carries (None: a FAILED job with no Error)


@dataclass
class Token:
    """An Admin UI challenge token."""

    session_id: str
    challenge_code: str
    created: float
    ttl: int  # seconds


@dataclass
class App:
    """An Amplify app's backend."""

    app_id: str
    name: str
    environments: dict[str, Environment] = field(default_factory=dict)
    config: dict[str, Any] | None = None  # Admin UI config, SDK-level
    tokens: dict[str, Token] = field(default_factory=dict)
    jobs: dict[str, Job] = field(default_factory=dict)  # in creation order
    job_order: list[Job] = field(default_factory=list)  # the same jobs, indexable for paging
    # jobs that were IN_PROGRESS when last looked at (the one-pending-job rule reads these)
    pending: dict[str, Job] = field(default_factory=dict)


@dataclass(frozen=True)
class Family:
    """One kind of resource, named as each place names it."""

    kind: str  # NotFound's resourceType and the handlers' name: "API"
    category: str  # amplify-meta.json's and the snapshot's key: "api"
    attribute: str  # the Environment attribute holding them: "apis"
    create: str  # the operation whose ResourceConfig contract describes them
    service: str  # amplify-meta.json's "service"


FAMILIES = (
    Family("API", "api", "apis", "CreateBackendAPI", "AppSync"),
    Family("Auth", "auth", "auths", "CreateBackendAuth", "Cognito"),
    Family("Storage", "storage", "storages", "CreateBackendStorage", "S3"),
)
BY_KIND = {f.kind: f for f in FAMILIES}
BY_CATEGORY = {f.category: f for f in FAMILIES}


def family(env: Environment, kind: str) -> dict[str, Resource]:
    """The environment's resources of one kind (``API``, ``Auth`` or ``Storage``)."""
    found: dict[str, Resource] = getattr(env, BY_KIND[kind].attribute)
    return found


@dataclass
class Rollout:
    """A resource whose job has not completed yet (it is deployed when the job completes)."""

    app: App
    environment: Environment
    kind: str  # "API", "Auth" or "Storage"
    resource: Resource


@dataclass
class Region:
    """Everything one account has in one region."""

    apps: dict[str, App] = field(default_factory=dict)
    buckets: dict[str, float] = field(default_factory=dict)  # name -> creation time
    rollouts: list[Rollout] = field(default_factory=list)


@dataclass
class State:
    """The whole tree, keyed by (account id, region name)."""

    regions: dict[tuple[str, str], Region] = field(default_factory=dict)

    def region(self, account: str, region: str) -> Region:
        """The region's state, created empty on first use."""
        key = (account, region)
        found = self.regions.get(key)
        if found is None:
            found = self.regions[key] = Region()
        return found

    def peek(self, account: str, region: str) -> Region | None:
        """The region's state if it was ever used, without creating it."""
        return self.regions.get((account, region))


#: The environment Amplify Studio sets up when it gets an app that has none.
STUDIO_ENVIRONMENT = "staging"


def admin_environment(app: App) -> str:
    """The environment CreateBackendConfig's job belongs to (and its answer names): the
    app's first environment, or ``staging`` for an app that has none yet."""
    return next(iter(app.environments), STUDIO_ENVIRONMENT)


def get_app(region: Region, app_id: str) -> App:
    """The app, or ``NotFoundException`` (resourceType ``App``)."""
    app = region.apps.get(app_id)
    if app is None:
        raise NotFoundException(f"App {app_id} not found", "App")
    return app


def get_environment(app: App, name: str) -> Environment:
    """The environment, or ``NotFoundException`` (resourceType ``BackendEnvironment``)."""
    env = app.environments.get(name)
    if env is None:
        raise NotFoundException(
            f"Backend environment {name} not found for app {app.app_id}", "BackendEnvironment"
        )
    return env


def get_resource(
    resources: dict[str, Resource], name: str, kind: str, env: Environment
) -> Resource:
    """A named api/auth/storage resource, or ``NotFoundException`` (resourceType ``kind``)."""
    resource = resources.get(name)
    if resource is None:
        raise NotFoundException(
            f"{kind} resource {name} not found in backend environment {env.name}", kind
        )
    return resource


def get_job(app: App, environment: str, job_id: str) -> Job:
    """A job of the environment (or of the app), or ``NotFoundException`` (``Job``)."""
    job = app.jobs.get(job_id)
    if job is None or job.environment not in (environment, None):
        raise NotFoundException(f"Job {job_id} not found for environment {environment}", "Job")
    return job
