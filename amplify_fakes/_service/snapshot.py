"""Snapshots: the whole state as versioned, JSON-serialisable data, and back.

A snapshot is checked completely (format, version, shape, and every resource config
against its Create operation's contract) before anything is loaded, so a corrupt,
truncated, wrong-version or schema-violating one leaves the current state untouched.
"""

from __future__ import annotations

import dataclasses
import functools
import zlib
from typing import Any

from amplify_fakes import contracts
from amplify_fakes._service.context import Ids
from amplify_fakes._service.jobs import COMPLETED, IN_PROGRESS, refresh
from amplify_fakes._service.outputs import new_ids
from amplify_fakes._service.snapshot_schema import FORMAT, READABLE, SCHEMA, VERSION
from amplify_fakes._service.state import (
    FAMILIES,
    App,
    Environment,
    Job,
    Models,
    Region,
    Resource,
    Rollout,
    State,
    Token,
    family,
)
from amplify_fakes.contracts._validate import Schema, contract_schema, json_path, violations
from amplify_fakes.errors import UsageError

#: The snapshot format, validated like every contract (the one entry point).
_SNAPSHOT = Schema("amplify-fakes snapshot", SCHEMA)


def _job_now(job: Job, now: float) -> Job:
    """The job as it stands at ``now`` (a copy: the state's jobs move on lazily, and a
    snapshot must not depend on which request last looked at them)."""
    return refresh(dataclasses.replace(job), now)


def _deployed(resource: Resource, app: App, now: float, waiting: set[int]) -> float | None:
    """When the resource was deployed, as of ``now``: one still waiting for its job is
    deployed if the job has completed since (as the next request would find)."""
    job = app.jobs.get(resource.job_id or "")
    if resource.deployed is None and id(resource) in waiting and job is not None:
        seen = _job_now(job, now)
        return seen.updated if seen.status == COMPLETED else None
    return resource.deployed


def _resources(
    resources: dict[str, Resource], app: App, now: float, waiting: set[int]
) -> dict[str, Any]:
    # What the fake made in moto is not part of a snapshot: a restored state owns nothing
    # there (restoring never creates nor deletes anything in moto).
    return {
        n: {
            "config": r.config,
            "imported": r.imported,
            "ids": r.ids,
            "job": r.job_id,
            "deployed": _deployed(r, app, now, waiting),
        }
        for n, r in resources.items()
    }


def app_document(app: App, now: float, waiting: set[int]) -> dict[str, Any]:
    """One app as a snapshot stores it, as of ``now`` (it shares data with the state).

    ``waiting``: the ``id()`` of the region's resources still waiting for their job.
    """
    return {
        "name": app.name,
        "config": app.config,
        "environments": {
            env.name: {
                "created": env.created,
                "stackSuffix": env.stack_suffix,
                "api": _resources(env.apis, app, now, waiting),
                "auth": _resources(env.auths, app, now, waiting),
                "storage": _resources(env.storages, app, now, waiting),
                "models": {
                    n: {
                        "schema": m.schema,
                        "models": m.models,
                        "introspection": m.introspection,
                    }
                    for n, m in env.models.items()
                },
            }
            for env in app.environments.values()
        },
        "tokens": {
            t.session_id: {
                "challengeCode": t.challenge_code,
                "created": t.created,
                "ttl": t.ttl,
            }
            for t in app.tokens.values()
        },
        "jobs": [
            {
                "jobId": j.job_id,
                "operation": j.operation,
                "environment": j.environment,
                "created": j.created,
                "updated": j.updated,
                "status": j.status,
                "completesAt": j.completes_at,
                "error": j.error,
                "fails": j.fails,
                "failWith": j.fail_with,
            }
            for j in (_job_now(job, now) for job in app.job_order)
        ],
    }


def dump(
    state: State, buckets: dict[str, dict[str, float]], clock: float | None, now: float
) -> dict[str, Any]:
    """The snapshot document of a state as of ``now`` (it shares data with the state: copy
    it to keep it)."""
    accounts: dict[str, Any] = {}
    for account, names in buckets.items():
        accounts.setdefault(account, {"buckets": {}, "regions": {}})["buckets"] = dict(
            sorted(names.items())
        )
    for (account, region_name), region in sorted(state.regions.items()):
        if not region.apps:
            continue
        entry = accounts.setdefault(account, {"buckets": {}, "regions": {}})
        waiting = {id(rollout.resource) for rollout in region.rollouts}
        entry["regions"][region_name] = {
            "apps": {app.app_id: app_document(app, now, waiting) for app in region.apps.values()}
        }
    return {
        "format": FORMAT,
        "version": VERSION,
        "clock": clock,
        "accounts": dict(sorted(accounts.items())),
    }


def validate(document: Any) -> None:
    """Raise :class:`UsageError` naming the first problem of a snapshot document."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise UsageError(f"not an amplify-fakes snapshot (expected format {FORMAT!r})")
    if document.get("version") not in READABLE:
        raise UsageError(
            f"snapshot version {document.get('version')!r} is not supported (this amplify-fakes reads versions {', '.join(map(str, READABLE))})"
        )
    found = violations(_SNAPSHOT, document)
    if found:
        raise UsageError(f"invalid snapshot at {found[0].path}: {found[0].message}")
    for account, entry in document["accounts"].items():
        for region, region_doc in entry["regions"].items():
            for app_id, app in region_doc["apps"].items():
                app_where = json_path(["accounts", account, "regions", region, "apps", app_id])
                job_ids = [job["jobId"] for job in app["jobs"]]
                if len(set(job_ids)) != len(job_ids):
                    raise UsageError(f"invalid snapshot at {app_where}.jobs: a jobId appears twice")
                if app["config"] is not None:
                    problems = violations(_admin_config(), app["config"])
                    if problems:
                        member = problems[0].path[1:]
                        raise UsageError(
                            f"invalid snapshot at {app_where}.config{member}: {problems[0].message}"
                        )
                for env_name, env in app["environments"].items():
                    for kinds in FAMILIES:
                        for name, resource in env[kinds.category].items():
                            where = f"{app_where}{json_path(['environments', env_name, kinds.category, name])[1:]}"
                            _check_config(kinds.create, resource["config"], f"{where}.config")
                            _check_ids(kinds.kind, resource, f"{where}.ids")


@functools.cache
def _admin_config() -> Schema:
    """The Admin UI config as UpdateBackendConfig answers it (without AppId and Error)."""
    response = contracts.schema("UpdateBackendConfig", "response")
    members = {k: v for k, v in response["properties"].items() if k not in ("AppId", "Error")}
    return Schema(
        "Admin UI config",
        {"type": "object", "properties": members, "additionalProperties": False},
        contracts.contract("UpdateBackendConfig")["$schema"],
    )


def config_problem(operation: str, config: Any) -> str | None:
    """What is wrong with ``config`` as ``operation``'s ResourceConfig, or None."""
    found = violations(contract_schema(operation, "request.sdk", "ResourceConfig"), config)
    if not found:
        return None
    return f"$.ResourceConfig{found[0].path[1:]}: {found[0].message}"


def _check_config(operation: str, config: dict[str, Any], where: str) -> None:
    found = violations(contract_schema(operation, "request.sdk", "ResourceConfig"), config)
    if found:
        raise UsageError(f"invalid snapshot at {where}{found[0].path[1:]}: {found[0].message}")


#: The ids a resource of each kind must have (what its output block shows).
_NEEDED_IDS = {
    "API": ("GraphQLAPIIdOutput", "GraphQLAPIKeyOutput"),
    "Auth": ("UserPoolId", "AppClientID", "AppClientIDWeb"),
    "Storage": (),
}


def _check_ids(kind: str, resource: dict[str, Any], where: str) -> None:
    if "ids" not in resource:
        return  # version 1: drawn at load
    missing = [k for k in _NEEDED_IDS[kind] if k not in resource["ids"]]
    if missing:
        raise UsageError(f"invalid snapshot at {where}: missing {', '.join(missing)}")


def _v1_ids(
    kind: str, name: str, doc: dict[str, Any], where: tuple[str, ...], region: str
) -> dict[str, str]:
    """Ids for a version-1 resource, drawn from a generator seeded by its place (loading
    the same file twice gives the same ids); an imported one keeps what it names."""
    drawn = new_ids(Ids(zlib.crc32("/".join(where).encode())), kind, region)
    if not doc["imported"]:
        return drawn
    if kind != "Auth":
        return {}
    ids = {
        "UserPoolId": name,
        "AppClientID": drawn["AppClientID"],
        "AppClientIDWeb": drawn["AppClientIDWeb"],
    }
    identity = doc["config"].get("IdentityPoolConfigs", {}).get("IdentityPoolName")
    if identity:
        ids["IdentityPoolId"] = identity
    return ids


def _resource(
    kind: str, name: str, doc: dict[str, Any], where: tuple[str, ...], region: str, created: float
) -> Resource:
    """A resource of a snapshot (version 1: deployed when its environment was made)."""
    ids = doc.get("ids")
    if ids is None:
        ids = _v1_ids(kind, name, doc, where, region)
    return Resource(
        name,
        doc["config"],
        doc["imported"],
        ids=dict(ids),
        job_id=doc.get("job"),
        deployed=doc.get("deployed", created),
    )


def _rollouts(app: App) -> list[Rollout]:
    """The app's resources still waiting for their job (see :mod:`deploy`)."""
    return [
        Rollout(app, env, kinds.kind, resource)
        for env in app.environments.values()
        for kinds in FAMILIES
        for resource in family(env, kinds.kind).values()
        if resource.deployed is None and resource.job_id is not None
    ]


def load(document: dict[str, Any]) -> tuple[State, dict[str, dict[str, float]], float | None]:
    """State, buckets and clock time of a snapshot (call :func:`validate` first)."""
    state = State()
    buckets = {account: dict(entry["buckets"]) for account, entry in document["accounts"].items()}
    for account, entry in document["accounts"].items():
        for region_name, region_doc in entry["regions"].items():
            region = state.regions[(account, region_name)] = Region()
            for app_id, app_doc in region_doc["apps"].items():
                app = App(app_id=app_id, name=app_doc["name"], config=app_doc["config"])
                for env_name, env_doc in app_doc["environments"].items():
                    env = Environment(
                        name=env_name,
                        created=env_doc["created"],
                        stack_suffix=env_doc["stackSuffix"],
                    )
                    for kinds in FAMILIES:
                        target = family(env, kinds.kind)
                        for name, resource in env_doc[kinds.category].items():
                            where = (account, region_name, app_id, env_name, kinds.category, name)
                            target[name] = _resource(
                                kinds.kind, name, resource, where, region_name, env.created
                            )
                    env.models = {
                        n: Models(m["schema"], m["models"], m["introspection"])
                        for n, m in env_doc["models"].items()
                    }
                    app.environments[env_name] = env
                for session_id, token in app_doc["tokens"].items():
                    app.tokens[session_id] = Token(
                        session_id, token["challengeCode"], token["created"], token["ttl"]
                    )
                for job_doc in app_doc["jobs"]:
                    job = Job(
                        job_id=job_doc["jobId"],
                        operation=job_doc["operation"],
                        environment=job_doc["environment"],
                        created=job_doc["created"],
                        updated=job_doc["updated"],
                        status=job_doc["status"],
                        completes_at=job_doc["completesAt"],
                        error=job_doc.get("error"),
                        # snapshots before "fails" existed marked a failure by failWith
                        fails=job_doc.get("fails", job_doc.get("failWith") is not None),
                        fail_with=job_doc.get("failWith"),
                    )
                    app.jobs[job.job_id] = job
                    app.job_order.append(job)
                    if job.status == IN_PROGRESS:
                        app.pending[job.job_id] = job
                region.apps[app_id] = app
                region.rollouts.extend(_rollouts(app))
    return state, buckets, document.get("clock")
