"""CreateBackendAPI, GetBackendAPI, UpdateBackendAPI, DeleteBackendAPI and the API models."""

from __future__ import annotations

from amplify_fakes._service.context import Context
from amplify_fakes._service.errors import BadRequestException
from amplify_fakes._service.handlers import Params, Result, handles
from amplify_fakes._service.handlers._common import (
    app_and_environment,
    create_resource,
    delete_resource,
    describe_resource,
    update_resource,
)
from amplify_fakes._service.state import Models, get_resource

LATEST = "LATEST"
STALE = "STALE"


@handles("CreateBackendAPI")
def create_backend_api(ctx: Context, params: Params) -> Result:
    return create_resource(ctx, params, "API", params["ResourceConfig"])


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
    """The models ``amplify codegen models`` makes of a transform schema (``schema.js`` and
    the model introspection JSON); raises ``modelgen.ModelgenError`` for an SDL it cannot
    use."""
    # imported here: graphql-core takes ~0.1 s to import, and most fakes never generate models
    from amplify_fakes._service import modelgen

    generated = modelgen.generate(schema)
    return Models(schema=schema, models=generated.models, introspection=generated.introspection)


@handles("GenerateBackendAPIModels")
def generate_backend_api_models(ctx: Context, params: Params) -> Result:
    app, env = app_and_environment(ctx, params)
    resource = get_resource(env.apis, params["ResourceName"], "API", env)
    schema = resource.config.get("TransformSchema")
    if not schema:
        raise BadRequestException(
            f"API resource {resource.name} has no TransformSchema to generate models from"
        )
    from amplify_fakes._service.modelgen.errors import ModelgenError

    try:
        models: Models | None = generate(schema)
        error = None
    except ModelgenError as failure:
        # the service accepts the request; its code generation then fails, and the job
        # says why (the models generated before, if any, stay)
        models, error = None, str(failure)
    job = ctx.start_job(app, env.name, fails=models is None, error=error)
    if models is not None and not job.fails:
        env.models[resource.name] = models
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
