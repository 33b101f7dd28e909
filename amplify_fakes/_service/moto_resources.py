"""What deploying a resource makes, made in moto: the user pool and app clients in
cognito-idp, the bucket in S3, the GraphQL API (and its key) in AppSync.

Only called while moto's ``mock_aws`` is active (:func:`moto_bridge.active`), so moto is
imported only by a process that already uses it. Each is created with moto's own
backend methods and then filed under the identifiers AmplifyMetaConfig shows, in the
account moto gives the request's access key and in the request's region.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from amplify_fakes._service import outputs
from amplify_fakes._service.state import Resource


def _accepted(method: Callable[..., Any], arguments: dict[str, Any]) -> dict[str, Any]:
    """``arguments`` less those this moto version's ``method`` does not take."""
    names = inspect.signature(method).parameters
    return {k: v for k, v in arguments.items() if k in names}


def _user_pool_config(config: dict[str, Any]) -> dict[str, Any]:
    pool = config.get("UserPoolConfigs", {})
    policy = pool.get("PasswordPolicy", {})
    constraints = set(policy.get("AdditionalConstraints", []))
    extended: dict[str, Any] = {
        "MfaConfiguration": pool.get("Mfa", {}).get("MFAMode", "OFF"),
        "Policies": {
            "PasswordPolicy": {
                "MinimumLength": int(policy.get("MinimumLength", 8)),
                "RequireUppercase": "REQUIRE_UPPERCASE" in constraints,
                "RequireLowercase": "REQUIRE_LOWERCASE" in constraints,
                "RequireNumbers": "REQUIRE_DIGIT" in constraints,
                "RequireSymbols": "REQUIRE_SYMBOL" in constraints,
            }
        },
    }
    username = outputs.frontend_auth_config(config)["usernameAttributes"]
    if username:
        extended["UsernameAttributes"] = [u.lower() for u in username]
    return extended


def _regional(backends: Any, account: str, region: str) -> Any:
    """moto's backend of a service in ``account``/``region``, or None when this moto
    version does not serve that region."""
    try:
        return backends[account][region]
    except KeyError:
        return None


def _create_auth(resource: Resource, account: str, region: str, env_name: str) -> bool:
    from moto.cognitoidp.models import cognitoidp_backends

    backend = _regional(cognitoidp_backends, account, region)
    if backend is None:
        return False
    ids = resource.ids
    name = resource.config.get("UserPoolConfigs", {}).get("UserPoolName", resource.name)
    pool = backend.create_user_pool(f"{name}-{env_name}", _user_pool_config(resource.config))
    del backend.user_pools[pool.id]
    pool.id = ids["UserPoolId"]
    pool.arn = outputs.user_pool_arn(region, account, pool.id)
    backend.user_pools[pool.id] = pool
    short = resource.name[:10]
    for client_id, client_name in (
        (ids["AppClientID"], f"{short}_app_client"),
        (ids["AppClientIDWeb"], f"{short}_app_clientWeb"),
    ):
        client = backend.create_user_pool_client(pool.id, False, {"ClientName": client_name})
        del pool.clients[client.id]
        client.id = client_id
        pool.clients[client_id] = client
    return True


def _create_storage(resource: Resource, account: str, region: str) -> bool:
    from moto.s3.exceptions import BucketAlreadyExists, InvalidBucketName
    from moto.s3.models import s3_backends

    try:
        s3_backends[account]["aws"].create_bucket(resource.config["BucketName"], region)
    except BucketAlreadyExists:
        return False  # someone's bucket already: the resource uses it, and never deletes it
    except InvalidBucketName:
        return False  # a name S3 refuses (the contract allows any): there is no bucket
    return True


def _create_api(resource: Resource, account: str, region: str, env_name: str) -> bool:
    from moto.appsync.models import appsync_backends

    backend = _regional(appsync_backends, account, region)
    if backend is None:
        return False
    modes = outputs.api_auth_modes(resource.config) or ["API_KEY"]
    name = resource.config.get("ApiName", resource.name)
    arguments: dict[str, Any] = {
        "name": f"{name}-{env_name}",
        "log_config": None,
        "authentication_type": modes[0],
        "user_pool_config": None,
        "open_id_connect_config": None,
        "additional_authentication_providers": [{"authenticationType": mode} for mode in modes[1:]]
        or None,
        "xray_enabled": False,
        "lambda_authorizer_config": None,
        "tags": {},
        "visibility": None,
    }
    api = backend.create_graphql_api(**_accepted(backend.create_graphql_api, arguments))
    del backend.graphql_apis[api.api_id]
    api.api_id = resource.ids["GraphQLAPIIdOutput"]
    api.arn = f"arn:aws:appsync:{region}:{account}:apis/{api.api_id}"
    backend.graphql_apis[api.api_id] = api
    if "API_KEY" in modes:
        key = api.create_api_key("Amplify API key", None)
        del api.api_keys[key.key_id]
        key.key_id = resource.ids["GraphQLAPIKeyOutput"]
        api.api_keys[key.key_id] = key
    return True


def create(
    kind: str, resource: Resource, account: str, region: str, env: str
) -> tuple[str, str] | None:
    """Make the resource's AWS resources in moto, in ``account`` (moto's account id) and
    ``region``. Returns where it made them, or None when it made nothing: a bucket name
    S3 already has or refuses, or a region this moto version does not serve (the fake's
    own state is right either way, so that is no error of the request)."""
    if kind == "Auth":
        made = _create_auth(resource, account, region, env)
    elif kind == "Storage":
        made = _create_storage(resource, account, region)
    else:
        made = _create_api(resource, account, region, env)
    return (account, region) if made else None


def delete(kind: str, resource: Resource, account: str, region: str) -> None:
    """Remove what :func:`create` made (a bucket that holds objects stays, as
    CloudFormation cannot delete it either). Anything already gone is fine."""
    if kind == "Auth":
        from moto.cognitoidp.models import cognitoidp_backends

        pools = _regional(cognitoidp_backends, account, region)
        if pools is not None:
            pools.user_pools.pop(resource.ids["UserPoolId"], None)
    elif kind == "Storage":
        from moto.s3.models import s3_backends

        backend = s3_backends[account]["aws"]
        bucket = backend.buckets.get(resource.config["BucketName"])
        if bucket is not None and not bucket.keys:
            backend.delete_bucket(bucket.name)
    else:
        from moto.appsync.models import appsync_backends

        apis = _regional(appsync_backends, account, region)
        if apis is not None:
            apis.graphql_apis.pop(resource.ids["GraphQLAPIIdOutput"], None)
