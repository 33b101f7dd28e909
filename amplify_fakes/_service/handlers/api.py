"""CreateBackendAPI, GetBackendAPI, UpdateBackendAPI, DeleteBackendAPI and the API models."""

from __future__ import annotations

import json
import re

from amplify_fakes._service.context import Context
from amplify_fakes._service.errors import BadRequestException
from amplify_fakes._service.handlers import Params, Result, handles
from amplify_fakes._service.handlers._common import (
    app_and_environment,
    merged,
    must_be_new,
    updated_config,
)
from amplify_fakes._service.state import Models, Resource, get_resource

_MODEL_TYPE = re.compile(r"\btype\s+([A-Za-z_][A-Za-z0-9_]*)\b[^{]*@model")

LATEST = "LATEST"
STALE = "STALE"


@handles("CreateBackendAPI")
def create_backend_api(ctx: Context, params: Params) -> Result:
    app, env = app_and_environment(ctx, params)
    name = params["ResourceName"]
    must_be_new(env.apis, name, "API", env)
    env.apis[name] = Resource(name, merged({}, params["ResourceConfig"]))
    job = ctx.start_job(app, env.name)
    return ctx.job_result(job, app.app_id, env.name)


@handles("GetBackendAPI")
def get_backend_api(ctx: Context, params: Params) -> Result:
    app, env = app_and_environment(ctx, params)
    resource = get_resource(env.apis, params["ResourceName"], "API", env)
    return {
        "AppId": app.app_id,
        "BackendEnvironmentName": env.name,
        "ResourceName": resource.name,
        "ResourceConfig": merged({}, resource.config),
    }


@handles("UpdateBackendAPI")
def update_backend_api(ctx: Context, params: Params) -> Result:
    app, env = app_and_environment(ctx, params)
    resource = get_resource(env.apis, params["ResourceName"], "API", env)
    resource.config = updated_config(
        "CreateBackendAPI", resource.config, params.get("ResourceConfig", {})
    )
    job = ctx.start_job(app, env.name)
    return ctx.job_result(job, app.app_id, env.name)


@handles("DeleteBackendAPI")
def delete_backend_api(ctx: Context, params: Params) -> Result:
    app, env = app_and_environment(ctx, params)
    resource = get_resource(env.apis, params["ResourceName"], "API", env)
    del env.apis[resource.name]
    env.models.pop(resource.name, None)
    job = ctx.start_job(app, env.name)
    return ctx.job_result(job, app.app_id, env.name)


def generate(schema: str) -> Models:
    """Deterministic stand-ins for the generated models of a GraphQL transform schema."""
    types = _MODEL_TYPE.findall(schema)
    models = "\n".join(f"export declare class {t} {{ readonly id: string; }}" for t in types)
    introspection = {
        "version": 1,
        "models": {
            t: {"name": t, "pluralName": f"{t}s", "fields": {"id": {"type": "ID"}}} for t in types
        },
    }
    return Models(
        schema=schema, models=models, introspection=json.dumps(introspection, sort_keys=True)
    )


@handles("GenerateBackendAPIModels")
def generate_backend_api_models(ctx: Context, params: Params) -> Result:
    app, env = app_and_environment(ctx, params)
    resource = get_resource(env.apis, params["ResourceName"], "API", env)
    schema = resource.config.get("TransformSchema")
    if not schema:
        raise BadRequestException(
            f"API resource {resource.name} has no TransformSchema to generate models from"
        )
    env.models[resource.name] = generate(schema)
    job = ctx.start_job(app, env.name)
    return ctx.job_result(job, app.app_id, env.name)


@handles("GetBackendAPIModels")
def get_backend_api_models(ctx: Context, params: Params) -> Result:
    _app, env = app_and_environment(ctx, params)
    resource = get_resource(env.apis, params["ResourceName"], "API", env)
    models = env.models.get(resource.name)
    if models is None:
        return {"Status": STALE}
    current = resource.config.get("TransformSchema")
    return {
        "Models": models.models,
        "ModelIntrospectionSchema": models.introspection,
        "Status": LATEST if current == models.schema else STALE,
    }
