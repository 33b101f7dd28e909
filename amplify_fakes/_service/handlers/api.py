"""CreateBackendAPI, GetBackendAPI, UpdateBackendAPI, DeleteBackendAPI and the API models."""

from __future__ import annotations

import json
import re

from amplify_fakes._service.context import Context
from amplify_fakes._service.errors import BadRequestException
from amplify_fakes._service.handlers import Params, Result, handles
from amplify_fakes._service.handlers._common import (
    app_and_environment,
    create_resource,
    delete_resource,
    describe_resource,
    merged,
    update_resource,
)
from amplify_fakes._service.state import Models, get_resource

_MODEL_TYPE = re.compile(r"\btype\s+([A-Za-z_][A-Za-z0-9_]*)\b[^{]*@model")

LATEST = "LATEST"
STALE = "STALE"


@handles("CreateBackendAPI")
def create_backend_api(ctx: Context, params: Params) -> Result:
    return create_resource(ctx, params, "API", merged({}, params["ResourceConfig"]))


@handles("GetBackendAPI")
def get_backend_api(ctx: Context, params: Params) -> Result:
    return describe_resource(ctx, params, "API")[0]


@handles("UpdateBackendAPI")
def update_backend_api(ctx: Context, params: Params) -> Result:
    return update_resource(ctx, params, "API", "CreateBackendAPI")


@handles("DeleteBackendAPI")
def delete_backend_api(ctx: Context, params: Params) -> Result:
    return delete_resource(ctx, params, "API")


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
