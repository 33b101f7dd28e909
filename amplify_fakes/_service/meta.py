"""GetBackend's AmplifyMetaConfig: amplify-meta.json as a deployed backend has it.

``providers.awscloudformation`` names the environment's root stack; each api, auth and
storage resource has the entry the Amplify CLI writes for it, and, once the resource's
job has completed, the ``output`` block with what was deployed (see
:mod:`amplify_fakes._service.outputs`).
"""

from __future__ import annotations

import json
from typing import Any

from amplify_fakes._service import outputs
from amplify_fakes._service.clock import isoformat
from amplify_fakes._service.state import BY_KIND, FAMILIES, App, Environment, Resource, family

PROVIDER = "awscloudformation"


def stack_name(app: App, env: Environment) -> str:
    """The environment's root stack name, as the Amplify CLI names it."""
    return f"amplify-{app.app_id}-{env.name}-{env.stack_suffix}"


def providers(account: str, region: str, app: App, env: Environment) -> dict[str, Any]:
    """``providers.awscloudformation``: the root stack's outputs and the app id."""
    stem = stack_name(app, env)
    iam = f"arn:aws:iam::{account}:role"
    return {
        "AuthRoleName": f"{stem}-authRole",
        "AuthRoleArn": f"{iam}/{stem}-authRole",
        "UnauthRoleName": f"{stem}-unauthRole",
        "UnauthRoleArn": f"{iam}/{stem}-unauthRole",
        "Region": region,
        "DeploymentBucketName": f"{stem}-deployment",
        "StackName": stem,
        "StackId": f"arn:aws:cloudformation:{region}:{account}:stack/{stem}/{env.stack_suffix}",
        "AmplifyAppId": app.app_id,
    }


def _api_entry(resource: Resource, env: Environment, region: str) -> dict[str, Any]:
    depends: list[dict[str, Any]] = []
    if "AMAZON_COGNITO_USER_POOLS" in outputs.api_auth_modes(resource.config) and env.auths:
        first = next(iter(env.auths))
        depends.append({"category": "auth", "resourceName": first, "attributes": ["UserPoolId"]})
    entry: dict[str, Any] = {
        "service": BY_KIND["API"].service,
        "providerPlugin": PROVIDER,
        "dependsOn": depends,
    }
    if resource.deployed is None:
        entry["output"] = {"authConfig": outputs.api_auth_config(resource.config)}
    else:
        entry["output"] = outputs.api_output(resource, region)
    return entry


def _auth_entry(resource: Resource, region: str, account: str) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "service": BY_KIND["Auth"].service,
        "providerPlugin": PROVIDER,
        "dependsOn": [],
    }
    entry["customAuth"] = False
    if not resource.imported:
        entry["frontendAuthConfig"] = outputs.frontend_auth_config(resource.config)
    if resource.deployed is not None:
        entry["output"] = outputs.auth_output(resource, region, account)
    return entry


def _storage_entry(resource: Resource, region: str) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "service": BY_KIND["Storage"].service,
        "providerPlugin": PROVIDER,
        "dependsOn": [],
    }
    if resource.deployed is not None:
        entry["output"] = outputs.storage_output(resource, region)
    return entry


def entry(
    category: str, resource: Resource, env: Environment, region: str, account: str
) -> dict[str, Any]:
    """One resource's amplify-meta.json entry."""
    if category == "api":
        found = _api_entry(resource, env, region)
    elif category == "auth":
        found = _auth_entry(resource, region, account)
    else:
        found = _storage_entry(resource, region)
    if resource.imported:
        found["serviceType"] = "imported"
    if resource.deployed is not None:
        found["lastPushTimeStamp"] = isoformat(resource.deployed)
    return found


def document(account: str, region: str, app: App, env: Environment) -> dict[str, Any]:
    """The whole amplify-meta.json document of an environment."""
    meta: dict[str, Any] = {"providers": {PROVIDER: providers(account, region, app, env)}}
    for kinds in FAMILIES:
        resources = family(env, kinds.kind)
        if resources:
            meta[kinds.category] = {
                name: entry(kinds.category, r, env, region, account)
                for name, r in resources.items()
            }
    return meta


def meta_config_json(account: str, region: str, app: App, env: Environment) -> str:
    """:func:`document`, encoded with sorted keys as GetBackend answers it.

    GetBackend asks for the same document again and again (polling scripts): it is kept
    on the environment until one of its resources changes (each change, deployment
    included, gives the resource a new revision).
    """
    key = (
        account,
        region,
        app.app_id,
        env.stack_suffix,
        tuple(
            (kinds.kind, name, resource.revision)
            for kinds in FAMILIES
            for name, resource in family(env, kinds.kind).items()
        ),
    )
    cached = env.meta_cache
    if cached is not None and cached[0] == key:
        return cached[1]
    text = json.dumps(document(account, region, app, env), sort_keys=True)
    env.meta_cache = (key, text)
    return text
