"""CreateBackend, GetBackend, CloneBackend, DeleteBackend, RemoveAllBackends."""

from __future__ import annotations

import copy
import json
from typing import Any

from amplify_fakes._service import deploy, meta, outputs
from amplify_fakes._service.context import Context, Ids
from amplify_fakes._service.errors import BadRequestException
from amplify_fakes._service.handlers import Params, Result, handles
from amplify_fakes._service.handlers._common import app_and_environment, resources
from amplify_fakes._service.handlers.storage import generated_bucket_name
from amplify_fakes._service.state import App, Environment, Resource, get_app, get_environment
from amplify_fakes._service.values import json_copy

FEATURE_FLAGS: dict[str, Any] = {
    # A new Amplify CLI project's flags; the API models (modelgen) assume the codegen and
    # graphqltransformer ones (docs/semantics.md, "API models").
    "graphqltransformer": {
        "transformerversion": 2,
        "useexperimentalpipelinedtransformer": True,
        "respectprimarykeyattributesonconnectionfield": True,
    },
    "auth": {"enablecaseinsensitivity": True, "useinclusiveterminology": True},
    "codegen": {
        "useappsyncmodelgenplugin": True,
        "addtimestampfields": True,
        "handlelistnullabilitytransparently": True,
        "generateindexrules": True,
        "emitauthprovider": True,
        "generatemodelsforlazyloadandcustomselectionset": True,
        "improvepluralization": False,
    },
    "project": {"overrides": True},
}
# GetBackend's AmplifyFeatureFlags: the same document every time, so encoded once.
_FEATURE_FLAGS_JSON = json.dumps(FEATURE_FLAGS, sort_keys=True)


def new_environment(ids: Ids, now: float, name: str) -> Environment:
    """An empty environment with this fake's naming suffix."""
    return Environment(name=name, created=now, stack_suffix=ids.token(6, "0123456789"))


@handles("CreateBackend")
def create_backend(ctx: Context, params: Params) -> Result:
    app_id, env_name = params["AppId"], params["BackendEnvironmentName"]
    app = ctx.region.apps.get(app_id)
    if app is not None and env_name in app.environments:
        raise BadRequestException(f"Backend environment {env_name} already exists for app {app_id}")
    if app is None:
        app = ctx.region.apps[app_id] = App(app_id=app_id, name=params["AppName"])
    app.environments[env_name] = new_environment(ctx.ids, ctx.now(), env_name)
    job = ctx.start_job(app, env_name)
    return ctx.job_result(job, app_id, env_name)


@handles("GetBackend")
def get_backend(ctx: Context, params: Params) -> Result:
    app = get_app(ctx.region, params["AppId"])
    out: Result = {
        "AppId": app.app_id,
        "AppName": app.name,
        "BackendEnvironmentList": list(app.environments),
    }
    name = params.get("BackendEnvironmentName")
    env = (
        get_environment(app, name)
        if name is not None
        else next(iter(app.environments.values()), None)
    )
    if env is not None:
        out["BackendEnvironmentName"] = env.name
        out["AmplifyMetaConfig"] = meta.meta_config_json(ctx.account, ctx.region_name, app, env)
        out["AmplifyFeatureFlags"] = _FEATURE_FLAGS_JSON
    return out


@handles("CloneBackend")
def clone_backend(ctx: Context, params: Params) -> Result:
    app, source = app_and_environment(ctx, params)
    target = params["TargetEnvironmentName"]
    if target in app.environments:
        raise BadRequestException(
            f"Backend environment {target} already exists for app {app.app_id}"
        )
    clone = new_environment(ctx.ids, ctx.now(), target)
    app.environments[target] = clone
    job = ctx.start_job(app, source.name)
    # The clone is a new deployment: its own user pools, buckets and APIs, made when the
    # clone job completes (imported resources are the same ones).
    for kind in ("API", "Auth", "Storage"):
        for name, original in resources(source, kind).items():
            config = json_copy(original.config)
            if kind == "Storage" and config.get("BucketName") == generated_bucket_name(
                name, source
            ):
                config["BucketName"] = generated_bucket_name(name, clone)
            ids = (
                dict(original.ids)
                if original.imported
                else outputs.new_ids(ctx.ids, kind, ctx.region_name)
            )
            copy_ = Resource(name, config, imported=original.imported, ids=ids)
            resources(clone, kind)[name] = copy_
            if kind == "Storage" and not original.imported:
                ctx.buckets.setdefault(config["BucketName"], ctx.now())
            deploy.track(ctx, app, clone, kind, copy_, job)
    clone.models = copy.deepcopy(source.models)
    return ctx.job_result(job, app.app_id, source.name)


@handles("DeleteBackend")
def delete_backend(ctx: Context, params: Params) -> Result:
    app, env = app_and_environment(ctx, params)
    deploy.remove_environment(ctx, env)
    del app.environments[env.name]
    job = ctx.start_job(app, env.name)
    return ctx.job_result(job, app.app_id, env.name)


@handles("RemoveAllBackends")
def remove_all_backends(ctx: Context, params: Params) -> Result:
    app = get_app(ctx.region, params["AppId"])
    for env in app.environments.values():
        deploy.remove_environment(ctx, env)
    app.environments.clear()
    job = ctx.start_job(app, None)
    if params.get("CleanAmplifyApp"):
        del ctx.region.apps[app.app_id]
    return ctx.job_result(job, app.app_id, None)
