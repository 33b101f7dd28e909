"""CreateBackend, GetBackend, CloneBackend, DeleteBackend, RemoveAllBackends."""

from __future__ import annotations

import copy
import functools
import json
from typing import Any

from amplify_fakes._service.context import Context
from amplify_fakes._service.errors import BadRequestException
from amplify_fakes._service.handlers import Params, Result, handles
from amplify_fakes._service.handlers._common import app_and_environment
from amplify_fakes._service.state import App, Environment, get_app, get_environment

FEATURE_FLAGS: dict[str, Any] = {
    "graphqltransformer": {"transformerversion": 2, "useexperimentalpipelinedtransformer": True},
    "auth": {"enablecaseinsensitivity": True, "useinclusiveterminology": True},
    "codegen": {
        "useappsyncmodelgenplugin": True,
        "generatemodelsforlazyloadandcustomselectionset": True,
    },
    "project": {"overrides": True},
}
# GetBackend's AmplifyFeatureFlags: the same document every time, so encoded once.
_FEATURE_FLAGS_JSON = json.dumps(FEATURE_FLAGS, sort_keys=True)


def new_environment(ctx: Context, name: str) -> Environment:
    """An empty environment with this fake's naming suffix."""
    return Environment(name=name, created=ctx.now(), stack_suffix=ctx.ids.token(6, "0123456789"))


def meta_config_json(ctx: Context, app: App, env: Environment) -> str:
    """The amplify-meta.json document the Amplify CLI reads for an environment, encoded
    (keys sorted) as GetBackend answers it."""
    categories = tuple(
        (category, service, tuple((name, r.imported) for name, r in resources.items()))
        for category, resources, service in (
            ("api", env.apis, "AppSync"),
            ("auth", env.auths, "Cognito"),
            ("storage", env.storages, "S3"),
        )
        if resources
    )
    return _meta_json(
        ctx.account, ctx.region_name, app.app_id, env.name, env.stack_suffix, categories
    )


# GetBackend answers the same document for an environment until its resources change;
# everything it depends on is in the arguments.
@functools.lru_cache(maxsize=1024)
def _meta_json(
    account: str,
    region: str,
    app_id: str,
    env_name: str,
    stack_suffix: str,
    categories: tuple[tuple[str, str, tuple[tuple[str, bool], ...]], ...],
) -> str:
    stem = f"amplify-{app_id}-{env_name}-{stack_suffix}"
    iam = f"arn:aws:iam::{account}:role"
    meta: dict[str, Any] = {
        "providers": {
            "awscloudformation": {
                "AuthRoleName": f"{stem}-authRole",
                "AuthRoleArn": f"{iam}/{stem}-authRole",
                "UnauthRoleName": f"{stem}-unauthRole",
                "UnauthRoleArn": f"{iam}/{stem}-unauthRole",
                "Region": region,
                "DeploymentBucketName": f"{stem}-deployment",
                "StackName": stem,
                "StackId": f"arn:aws:cloudformation:{region}:{account}:stack/{stem}/{stack_suffix}",
                "AmplifyAppId": app_id,
            }
        }
    }
    for category, service, resources in categories:
        meta[category] = {
            name: {"service": service, "providerPlugin": "awscloudformation", "imported": imported}
            for name, imported in resources
        }
    return json.dumps(meta, sort_keys=True)


@handles("CreateBackend")
def create_backend(ctx: Context, params: Params) -> Result:
    app_id, env_name = params["AppId"], params["BackendEnvironmentName"]
    app = ctx.region.apps.get(app_id)
    if app is not None and env_name in app.environments:
        raise BadRequestException(f"Backend environment {env_name} already exists for app {app_id}")
    if app is None:
        app = ctx.region.apps[app_id] = App(app_id=app_id, name=params["AppName"])
    app.environments[env_name] = new_environment(ctx, env_name)
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
        out["AmplifyMetaConfig"] = meta_config_json(ctx, app, env)
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
    clone = new_environment(ctx, target)
    clone.apis = copy.deepcopy(source.apis)
    clone.auths = copy.deepcopy(source.auths)
    clone.storages = copy.deepcopy(source.storages)
    clone.models = copy.deepcopy(source.models)
    app.environments[target] = clone
    job = ctx.start_job(app, source.name)
    return ctx.job_result(job, app.app_id, source.name)


@handles("DeleteBackend")
def delete_backend(ctx: Context, params: Params) -> Result:
    app, env = app_and_environment(ctx, params)
    del app.environments[env.name]
    job = ctx.start_job(app, env.name)
    return ctx.job_result(job, app.app_id, env.name)


@handles("RemoveAllBackends")
def remove_all_backends(ctx: Context, params: Params) -> Result:
    app = get_app(ctx.region, params["AppId"])
    app.environments.clear()
    job = ctx.start_job(app, None)
    if params.get("CleanAmplifyApp"):
        del ctx.region.apps[app.app_id]
    return ctx.job_result(job, app.app_id, None)
