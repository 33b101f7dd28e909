"""Small helpers the handler modules share."""

from __future__ import annotations

from typing import Any

from amplify_fakes._service import deploy, outputs
from amplify_fakes._service.context import Context
from amplify_fakes._service.errors import BadRequestException
from amplify_fakes._service.snapshot import config_problem
from amplify_fakes._service.state import (
    App,
    Environment,
    Resource,
    family,
    get_app,
    get_environment,
    get_resource,
)
from amplify_fakes._service.values import json_copy


def app_and_environment(ctx: Context, params: dict[str, Any]) -> tuple[App, Environment]:
    """The app and environment a request names, or NotFoundException."""
    app = get_app(ctx.region, params["AppId"])
    return app, get_environment(app, params["BackendEnvironmentName"])


def merged(base: dict[str, Any], update: dict[str, Any]) -> dict[str, Any]:
    """``update`` applied onto a copy of ``base``: objects merge, everything else replaces.

    Neither argument is changed, and the result shares no object or array with them.
    """
    out: dict[str, Any] = json_copy(base)
    _merge_into(out, update)
    return out


def _merge_into(target: dict[str, Any], update: dict[str, Any]) -> None:
    for key, value in update.items():
        current = target.get(key)
        if isinstance(value, dict) and isinstance(current, dict):
            _merge_into(current, value)  # ``current`` is already the result's own copy
        else:
            target[key] = json_copy(value)


def updated_config(
    create_operation: str, base: dict[str, Any], update: dict[str, Any]
) -> dict[str, Any]:
    """``update`` merged onto ``base``; BadRequestException if the result is not a complete
    config (as ``create_operation`` would accept it), so Get* can always answer."""
    result = merged(base, update)
    problem = config_problem(create_operation, result)
    if problem is not None:
        raise BadRequestException(f"the update leaves an incomplete resource config: {problem}")
    return result


def must_be_new(existing: dict[str, Any], name: str, kind: str, env: Environment) -> None:
    """BadRequestException if ``name`` is already taken in ``existing``."""
    if name in existing:
        raise BadRequestException(
            f"{kind} resource {name} already exists in backend environment {env.name}"
        )


def resources(env: Environment, kind: str) -> dict[str, Resource]:
    """The environment's resources of one family (``API``, ``Auth`` or ``Storage``)."""
    return family(env, kind)


def create_resource(
    ctx: Context,
    params: dict[str, Any],
    kind: str,
    config: dict[str, Any],
    *,
    name: str | None = None,
    imported: bool = False,
    ids: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Store a new resource (its name must be free), start the operation's job, and deploy
    the resource when the job completes.

    ``ids``: the identifiers of what the resource stands for (an import names them);
    otherwise new ones are made.
    """
    app, env = app_and_environment(ctx, params)
    name = name if name is not None else params["ResourceName"]
    family = resources(env, kind)
    must_be_new(family, name, kind, env)
    if ids is None:
        ids = outputs.new_ids(ctx.ids, kind, ctx.region_name)
    resource = family[name] = Resource(name, config, imported=imported, ids=ids)
    job = ctx.start_job(app, env.name)
    deploy.track(ctx, app, env, kind, resource, job)
    return ctx.job_result(job, app.app_id, env.name)


def describe_resource(
    ctx: Context, params: dict[str, Any], kind: str
) -> tuple[dict[str, Any], Resource]:
    """A Get* answer for a resource (its ResourceConfig a copy), and the resource."""
    app, env = app_and_environment(ctx, params)
    resource = get_resource(resources(env, kind), params["ResourceName"], kind, env)
    answer = {
        "AppId": app.app_id,
        "BackendEnvironmentName": env.name,
        "ResourceName": resource.name,
        "ResourceConfig": merged({}, resource.config),
    }
    return answer, resource


def update_resource(
    ctx: Context,
    params: dict[str, Any],
    kind: str,
    create_operation: str,
    *,
    replace: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Merge the request's ResourceConfig onto the stored one (``replace`` members are
    replaced whole) and start the operation's job."""
    app, env = app_and_environment(ctx, params)
    resource = get_resource(resources(env, kind), params["ResourceName"], kind, env)
    base = {k: v for k, v in resource.config.items() if k not in replace}
    resource.config = updated_config(create_operation, base, params.get("ResourceConfig", {}))
    resource.changed()
    job = ctx.start_job(app, env.name)
    return ctx.job_result(job, app.app_id, env.name)


def delete_resource(ctx: Context, params: dict[str, Any], kind: str) -> dict[str, Any]:
    """Remove a resource (and an API's generated models) and start the operation's job."""
    app, env = app_and_environment(ctx, params)
    resource = get_resource(resources(env, kind), params["ResourceName"], kind, env)
    deploy.remove(ctx, kind, resource)
    del resources(env, kind)[resource.name]
    if kind == "API":
        env.models.pop(resource.name, None)
    job = ctx.start_job(app, env.name)
    return ctx.job_result(job, app.app_id, env.name)
