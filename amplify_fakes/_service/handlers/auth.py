"""CreateBackendAuth, GetBackendAuth, UpdateBackendAuth, DeleteBackendAuth, ImportBackendAuth."""

from __future__ import annotations

from typing import Any

from amplify_fakes._service import moto_bridge
from amplify_fakes._service.context import Context
from amplify_fakes._service.errors import NotFoundException
from amplify_fakes._service.handlers import Params, Result, handles
from amplify_fakes._service.handlers._common import (
    app_and_environment,
    merged,
    must_be_new,
    updated_config,
)
from amplify_fakes._service.state import Resource, get_resource


@handles("CreateBackendAuth")
def create_backend_auth(ctx: Context, params: Params) -> Result:
    app, env = app_and_environment(ctx, params)
    name = params["ResourceName"]
    must_be_new(env.auths, name, "Auth", env)
    env.auths[name] = Resource(name, merged({}, params["ResourceConfig"]))
    job = ctx.start_job(app, env.name)
    return ctx.job_result(job, app.app_id, env.name)


@handles("GetBackendAuth")
def get_backend_auth(ctx: Context, params: Params) -> Result:
    app, env = app_and_environment(ctx, params)
    resource = get_resource(env.auths, params["ResourceName"], "Auth", env)
    return {
        "AppId": app.app_id,
        "BackendEnvironmentName": env.name,
        "ResourceName": resource.name,
        "ResourceConfig": merged({}, resource.config),
    }


@handles("UpdateBackendAuth")
def update_backend_auth(ctx: Context, params: Params) -> Result:
    app, env = app_and_environment(ctx, params)
    resource = get_resource(env.auths, params["ResourceName"], "Auth", env)
    resource.config = updated_config("CreateBackendAuth", resource.config, params["ResourceConfig"])
    job = ctx.start_job(app, env.name)
    return ctx.job_result(job, app.app_id, env.name)


@handles("DeleteBackendAuth")
def delete_backend_auth(ctx: Context, params: Params) -> Result:
    app, env = app_and_environment(ctx, params)
    resource = get_resource(env.auths, params["ResourceName"], "Auth", env)
    del env.auths[resource.name]
    job = ctx.start_job(app, env.name)
    return ctx.job_result(job, app.app_id, env.name)


def imported_config(params: Params) -> dict[str, Any]:
    """The auth resource config an import of an existing user pool stands for."""
    config: dict[str, Any] = {
        "AuthResources": "IDENTITY_POOL_AND_USER_POOL"
        if params.get("IdentityPoolId")
        else "USER_POOL_ONLY",
        "Service": "COGNITO",
        "UserPoolConfigs": {
            "UserPoolName": params["UserPoolId"],
            "SignInMethod": "USERNAME",
            "RequiredSignUpAttributes": [],
        },
    }
    if params.get("IdentityPoolId"):
        config["IdentityPoolConfigs"] = {
            "IdentityPoolName": params["IdentityPoolId"],
            "UnauthenticatedLogin": False,
        }
    return config


@handles("ImportBackendAuth")
def import_backend_auth(ctx: Context, params: Params) -> Result:
    app, env = app_and_environment(ctx, params)
    pool = params["UserPoolId"]
    if moto_bridge.user_pool_exists(ctx.access_key, ctx.region_name, pool) is False:
        raise NotFoundException(f"User pool {pool} not found", "UserPool")
    must_be_new(env.auths, pool, "Auth", env)
    env.auths[pool] = Resource(pool, imported_config(params), imported=True)
    job = ctx.start_job(app, env.name)
    return ctx.job_result(job, app.app_id, env.name)
