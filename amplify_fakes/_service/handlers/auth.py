"""CreateBackendAuth, GetBackendAuth, UpdateBackendAuth, DeleteBackendAuth, ImportBackendAuth."""

from __future__ import annotations

from typing import Any

from amplify_fakes._service import moto_bridge, outputs
from amplify_fakes._service.context import Context
from amplify_fakes._service.errors import NotFoundException
from amplify_fakes._service.handlers import Params, Result, handles
from amplify_fakes._service.handlers._common import (
    create_resource,
    delete_resource,
    describe_resource,
    update_resource,
)


@handles("CreateBackendAuth")
def create_backend_auth(ctx: Context, params: Params) -> Result:
    return create_resource(ctx, params, "Auth", params["ResourceConfig"])


@handles("GetBackendAuth")
def get_backend_auth(ctx: Context, params: Params) -> Result:
    return describe_resource(ctx, params, "Auth")[0]


@handles("UpdateBackendAuth")
def update_backend_auth(ctx: Context, params: Params) -> Result:
    return update_resource(ctx, params, "Auth", "CreateBackendAuth")


@handles("DeleteBackendAuth")
def delete_backend_auth(ctx: Context, params: Params) -> Result:
    return delete_resource(ctx, params, "Auth")


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
    pool = params["UserPoolId"]
    found = moto_bridge.user_pool_name(ctx.access_key, ctx.region_name, pool)
    if found is False:
        raise NotFoundException(f"User pool {pool} not found", "UserPool")
    config = imported_config(params)
    if isinstance(found, str):
        config["UserPoolConfigs"]["UserPoolName"] = found  # the pool's real name
    ids = outputs.imported_auth_ids(params)
    return create_resource(ctx, params, "Auth", config, name=pool, imported=True, ids=ids)
