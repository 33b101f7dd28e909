"""CreateBackendStorage, GetBackendStorage, UpdateBackendStorage, DeleteBackendStorage, ImportBackendStorage."""

from __future__ import annotations

import re

from amplify_fakes._service import moto_bridge
from amplify_fakes._service.context import Context
from amplify_fakes._service.errors import BadRequestException, NotFoundException
from amplify_fakes._service.handlers import Params, Result, handles
from amplify_fakes._service.handlers._common import (
    app_and_environment,
    create_resource,
    delete_resource,
    describe_resource,
    update_resource,
)
from amplify_fakes._service.state import Environment


def generated_bucket_name(resource_name: str, env: Environment) -> str:
    """The bucket a storage resource gets when it names none: ``<name><6 digits>-<env>``
    (as the Amplify CLI names them), reduced to what S3 accepts."""
    tail = f"{env.stack_suffix}-{env.name.lower()}"
    stem = re.sub(r"[^a-z0-9]", "", resource_name.lower()) or "storage"
    name = re.sub(r"[^a-z0-9-]", "", f"{stem[: 63 - len(tail)]}{tail}")[:63].strip("-")
    return name if len(name) >= 3 else f"{name}bucket"


@handles("CreateBackendStorage")
def create_backend_storage(ctx: Context, params: Params) -> Result:
    _app, env = app_and_environment(ctx, params)
    config = params["ResourceConfig"]
    name = params["ResourceName"]
    config.setdefault("BucketName", generated_bucket_name(name, env))
    result = create_resource(ctx, params, "Storage", config)
    ctx.buckets.setdefault(config["BucketName"], ctx.now())
    return result


@handles("GetBackendStorage")
def get_backend_storage(ctx: Context, params: Params) -> Result:
    answer, resource = describe_resource(ctx, params, "Storage")
    answer["ResourceConfig"]["Imported"] = resource.imported
    return answer


@handles("UpdateBackendStorage")
def update_backend_storage(ctx: Context, params: Params) -> Result:
    # Permissions are replaced whole: an update states the complete permission set.
    return update_resource(ctx, params, "Storage", "CreateBackendStorage", replace=("Permissions",))


@handles("DeleteBackendStorage")
def delete_backend_storage(ctx: Context, params: Params) -> Result:
    return delete_resource(ctx, params, "Storage")


@handles("ImportBackendStorage")
def import_backend_storage(ctx: Context, params: Params) -> Result:
    app_and_environment(ctx, params)  # an unknown app or environment is reported first
    bucket = params.get("BucketName")
    if not bucket:
        raise BadRequestException("BucketName is required to import storage")
    in_moto = moto_bridge.buckets(ctx.access_key)
    if in_moto is not None and bucket not in in_moto:
        raise NotFoundException(f"S3 bucket {bucket} not found", "S3Bucket")
    config = {
        "BucketName": bucket,
        "ServiceName": params["ServiceName"],
        "Permissions": {"Authenticated": ["READ", "CREATE_AND_UPDATE", "DELETE"]},
    }
    return create_resource(ctx, params, "Storage", config, name=bucket, imported=True)
