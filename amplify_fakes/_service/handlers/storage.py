"""CreateBackendStorage, GetBackendStorage, UpdateBackendStorage, DeleteBackendStorage, ImportBackendStorage."""

from __future__ import annotations

from amplify_fakes._service import moto_bridge
from amplify_fakes._service.context import Context
from amplify_fakes._service.errors import BadRequestException, NotFoundException
from amplify_fakes._service.handlers import Params, Result, handles
from amplify_fakes._service.handlers._common import (
    app_and_environment,
    merged,
    must_be_new,
    updated_config,
)
from amplify_fakes._service.state import Resource, get_resource


@handles("CreateBackendStorage")
def create_backend_storage(ctx: Context, params: Params) -> Result:
    app, env = app_and_environment(ctx, params)
    name = params["ResourceName"]
    must_be_new(env.storages, name, "Storage", env)
    config = merged({}, params["ResourceConfig"])
    config.setdefault("BucketName", f"{name.lower()}{env.stack_suffix}-{env.name.lower()}")
    env.storages[name] = Resource(name, config)
    ctx.buckets.setdefault(config["BucketName"], ctx.now())
    job = ctx.start_job(app, env.name)
    return ctx.job_result(job, app.app_id, env.name)


@handles("GetBackendStorage")
def get_backend_storage(ctx: Context, params: Params) -> Result:
    app, env = app_and_environment(ctx, params)
    resource = get_resource(env.storages, params["ResourceName"], "Storage", env)
    return {
        "AppId": app.app_id,
        "BackendEnvironmentName": env.name,
        "ResourceName": resource.name,
        "ResourceConfig": {**merged({}, resource.config), "Imported": resource.imported},
    }


@handles("UpdateBackendStorage")
def update_backend_storage(ctx: Context, params: Params) -> Result:
    app, env = app_and_environment(ctx, params)
    resource = get_resource(env.storages, params["ResourceName"], "Storage", env)
    update = params["ResourceConfig"]
    # Permissions are replaced whole: an update states the complete permission set.
    base = {k: v for k, v in resource.config.items() if k != "Permissions"}
    resource.config = updated_config("CreateBackendStorage", base, update)
    job = ctx.start_job(app, env.name)
    return ctx.job_result(job, app.app_id, env.name)


@handles("DeleteBackendStorage")
def delete_backend_storage(ctx: Context, params: Params) -> Result:
    app, env = app_and_environment(ctx, params)
    resource = get_resource(env.storages, params["ResourceName"], "Storage", env)
    del env.storages[resource.name]
    job = ctx.start_job(app, env.name)
    return ctx.job_result(job, app.app_id, env.name)


@handles("ImportBackendStorage")
def import_backend_storage(ctx: Context, params: Params) -> Result:
    app, env = app_and_environment(ctx, params)
    bucket = params.get("BucketName")
    if not bucket:
        raise BadRequestException("BucketName is required to import storage")
    in_moto = moto_bridge.buckets(ctx.access_key)
    if in_moto is not None and bucket not in in_moto:
        raise NotFoundException(f"S3 bucket {bucket} not found", "S3Bucket")
    must_be_new(env.storages, bucket, "Storage", env)
    config = {
        "BucketName": bucket,
        "ServiceName": params["ServiceName"],
        "Permissions": {"Authenticated": ["READ", "CREATE_AND_UPDATE", "DELETE"]},
    }
    env.storages[bucket] = Resource(bucket, config, imported=True)
    job = ctx.start_job(app, env.name)
    return ctx.job_result(job, app.app_id, env.name)
