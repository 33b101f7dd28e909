"""State made directly, without API calls or jobs: ``fake.add_backend`` and ``fake.add_app``.

Seeds are checked completely before anything is stored, so a bad one raises
:class:`UsageError` and changes nothing. Seeded resources are deployed at once (their ids
appear in AmplifyMetaConfig; with moto active they exist in moto too).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from amplify_fakes._service import moto_bridge, moto_resources, outputs
from amplify_fakes._service.context import Ids
from amplify_fakes._service.handlers.backends import new_environment
from amplify_fakes._service.handlers.storage import generated_bucket_name
from amplify_fakes._service.snapshot import config_problem
from amplify_fakes._service.state import BY_KIND, App, Environment, Region, Resource, family
from amplify_fakes.errors import UsageError


def check_configs(api: Any, auth: Any, storage: Any) -> None:
    """UsageError naming the first seeded resource config its Create contract refuses."""
    for kind, resources in zip(BY_KIND, (api, auth, storage), strict=True):
        operation = BY_KIND[kind].create
        for name, config in (resources or {}).items():
            problem = config_problem(operation, config)
            if problem is not None:
                raise UsageError(f"seeded {operation} config {name!r} is invalid at {problem}")


def seed_environment(
    app: App,
    name: str,
    resources: tuple[Any, Any, Any],
    *,
    ids: Ids,
    now: float,
    region_name: str,
    buckets: dict[str, float],
) -> Environment:
    """Add a deployed environment with these api/auth/storage configs to ``app``.

    Generated bucket names are registered in ``buckets`` (ListS3Buckets); with moto
    active the resources are made there, in the account moto gives the fake's default
    credentials (the account requests signed with them reach).
    """
    env = new_environment(ids, now, name)
    moto_account = moto_bridge.moto_account(None) if moto_bridge.active() else None
    for kind, configs in zip(BY_KIND, resources, strict=True):
        for resource_name, config in (configs or {}).items():
            stored = copy.deepcopy(config)
            if kind == "Storage":
                stored.setdefault("BucketName", generated_bucket_name(resource_name, env))
                buckets.setdefault(stored["BucketName"], now)
            resource = Resource(
                resource_name, stored, ids=outputs.new_ids(ids, kind, region_name), deployed=now
            )
            family(env, kind)[resource_name] = resource
            if moto_account is not None:
                resource.in_moto = moto_resources.create(
                    kind, resource, moto_account, region_name, name
                )
    app.environments[name] = env
    return env


def check_app(region: Region | None, app_id: str, environments: Iterable[str]) -> list[str]:
    """The environment names of an app seed, after checking them (UsageError)."""
    names = list(environments)
    if not app_id:
        raise UsageError("an app needs an app id")
    if any(not isinstance(n, str) or not n for n in names) or len(set(names)) != len(names):
        raise UsageError(f"environments must be distinct non-empty names, not {names!r}")
    if region is not None and app_id in region.apps:
        raise UsageError(f"app {app_id!r} already exists")
    return names
