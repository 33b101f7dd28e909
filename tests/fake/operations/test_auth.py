"""CreateBackendAuth, GetBackendAuth, UpdateBackendAuth, DeleteBackendAuth, ImportBackendAuth.

Checks common to the API, Auth and Storage families are in ``test_resource_families.py``.
"""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from amplify_fakes import AmplifyBackendFake, contracts
from tests.conftest import APP, ENV, state_of
from tests.fake.operations._support import (
    AUTH,
    AUTH_CONFIG,
    MIN_AUTH,
    POOL,
    REGION,
    body,
    config,
    fails,
    make_auth,
    where,
)


@pytest.fixture
def auth(client: Any, backend: tuple[str, str]) -> str:
    """The realistic auth resource ``AUTH`` in the default backend."""
    make_auth(client, AUTH_CONFIG)
    return AUTH


def _import(client: Any, pool: str = POOL, **extra: str) -> dict[str, Any]:
    return dict(
        client.import_backend_auth(
            **where(UserPoolId=pool, NativeClientId="native-client", WebClientId="web-client"),
            **extra,
        )
    )


def test_get_backend_auth_returns_the_social_provider_secrets(client: Any, auth: str) -> None:
    got = client.get_backend_auth(**where(ResourceName=AUTH))

    social = got["ResourceConfig"]["UserPoolConfigs"]["OAuth"]["SocialProviderSettings"]
    assert social["SignInWithApple"]["TeamId"] == "TEAM123"


def test_update_backend_auth_merges_nested_members_onto_the_stored_config(
    fake: AmplifyBackendFake, client: Any, auth: str
) -> None:
    update = {
        "AuthResources": "IDENTITY_POOL_AND_USER_POOL",
        "Service": "COGNITO",
        "IdentityPoolConfigs": {"UnauthenticatedLogin": True},
        "UserPoolConfigs": {
            "Mfa": {"MFAMode": "ON"},
            "PasswordPolicy": {"MinimumLength": 12.0},
            "ForgotPassword": {"DeliveryMethod": "SMS", "SmsSettings": {"SmsMessage": "{####}"}},
            "OAuth": {
                "RedirectSignInURIs": ["https://shop.example.com/new-signin"],
                "SocialProviderSettings": {
                    "LoginWithAmazon": {"ClientId": "amzn-client", "ClientSecret": "amzn-secret"}
                },
            },
        },
    }

    response = client.update_backend_auth(**where(ResourceName=AUTH, ResourceConfig=update))

    assert response["Operation"] == "UpdateBackendAuth"
    assert response["Status"] == "COMPLETED"
    expected = config(AUTH_CONFIG)
    expected["IdentityPoolConfigs"]["UnauthenticatedLogin"] = True
    pool = expected["UserPoolConfigs"]
    pool["Mfa"]["MFAMode"] = "ON"
    pool["PasswordPolicy"]["MinimumLength"] = 12.0
    pool["ForgotPassword"] = {"DeliveryMethod": "SMS", "SmsSettings": {"SmsMessage": "{####}"}}
    pool["OAuth"]["RedirectSignInURIs"] = ["https://shop.example.com/new-signin"]
    pool["OAuth"]["SocialProviderSettings"]["LoginWithAmazon"] = {
        "ClientId": "amzn-client",
        "ClientSecret": "amzn-secret",
    }
    got = client.get_backend_auth(**where(ResourceName=AUTH))["ResourceConfig"]
    assert got == expected
    # what the update did not name survives: pool name, MFA settings, password constraints
    assert got["IdentityPoolConfigs"]["IdentityPoolName"] == "shopIdentityPool"
    assert got["UserPoolConfigs"]["Mfa"]["Settings"]["MfaTypes"] == ["SMS", "TOTP"]
    assert got["UserPoolConfigs"]["OAuth"]["SocialProviderSettings"]["Google"] == {
        "ClientId": "google-client",
        "ClientSecret": "google-secret",
    }
    assert fake.backend(APP, ENV)["Auth"][AUTH] == expected


INCOMPLETE_PARTS: list[tuple[str, dict[str, Any]]] = [
    ("IdentityPoolConfigs", {"IdentityPoolConfigs": {"UnauthenticatedLogin": True}}),
    ("OAuth", {"UserPoolConfigs": {"OAuth": {"DomainPrefix": "shop-login"}}}),
    ("Mfa", {"UserPoolConfigs": {"Mfa": {"Settings": {"MfaTypes": ["TOTP"]}}}}),
    ("PasswordPolicy", {"UserPoolConfigs": {"PasswordPolicy": {"AdditionalConstraints": []}}}),
    (
        "ForgotPassword",
        {"UserPoolConfigs": {"ForgotPassword": {"SmsSettings": {"SmsMessage": "m"}}}},
    ),
]


@pytest.mark.parametrize(
    "update", [u for _, u in INCOMPLETE_PARTS], ids=[n for n, _ in INCOMPLETE_PARTS]
)
def test_a_partial_update_adding_an_incomplete_part_never_breaks_get_backend_auth(
    fake: AmplifyBackendFake, client: Any, backend: tuple[str, str], update: dict[str, Any]
) -> None:
    """UpdateBackendAuth may leave out members that CreateBackendAuth requires (it merges onto
    what is stored); when the stored config lacks that part, the merge must either be refused
    with a BadRequestException (changing nothing) or still give a config GetBackendAuth can
    return within its contract."""
    make_auth(client, MIN_AUTH)
    full_update = {**config(MIN_AUTH), "UserPoolConfigs": {}, **config(update)}
    full_update["AuthResources"] = "IDENTITY_POOL_AND_USER_POOL"
    before = state_of(fake)

    refused: dict[str, Any] | None = None
    try:
        client.update_backend_auth(**where(ResourceName=AUTH, ResourceConfig=full_update))
    except ClientError as error:
        refused = error.response
    if refused is not None:
        assert refused["Error"]["Code"] == "BadRequestException"
        assert state_of(fake) == before

    got = client.get_backend_auth(**where(ResourceName=AUTH))
    contracts.validate_response("GetBackendAuth", body(got))


# -- ImportBackendAuth ---------------------------------------------------------------------------


def test_import_backend_auth_creates_an_imported_user_pool_resource(
    fake: AmplifyBackendFake, client: Any, backend: tuple[str, str]
) -> None:
    response = _import(client)

    assert response["AppId"] == APP
    assert response["BackendEnvironmentName"] == ENV
    assert response["Operation"] == "ImportBackendAuth"
    assert response["Status"] == "COMPLETED"
    expected = {
        "AuthResources": "USER_POOL_ONLY",
        "Service": "COGNITO",
        "UserPoolConfigs": {
            "UserPoolName": POOL,
            "SignInMethod": "USERNAME",
            "RequiredSignUpAttributes": [],
        },
    }
    got = client.get_backend_auth(**where(ResourceName=POOL))
    assert got["ResourceName"] == POOL
    assert got["ResourceConfig"] == expected
    assert fake.backend(APP, ENV)["Auth"] == {POOL: expected}
    meta = json.loads(client.get_backend(AppId=APP)["AmplifyMetaConfig"])
    assert meta["auth"][POOL]["serviceType"] == "imported"


def test_import_backend_auth_with_an_identity_pool(
    fake: AmplifyBackendFake, client: Any, backend: tuple[str, str]
) -> None:
    _import(client, IdentityPoolId="us-east-1:0f0f0f0f-aaaa-bbbb-cccc-123456789012")

    got = client.get_backend_auth(**where(ResourceName=POOL))["ResourceConfig"]
    assert got["AuthResources"] == "IDENTITY_POOL_AND_USER_POOL"
    assert got["IdentityPoolConfigs"] == {
        "IdentityPoolName": "us-east-1:0f0f0f0f-aaaa-bbbb-cccc-123456789012",
        "UnauthenticatedLogin": False,
    }
    assert fake.backend(APP, ENV)["Auth"][POOL] == got


def test_import_backend_auth_twice_is_a_bad_request(
    fake: AmplifyBackendFake, client: Any, backend: tuple[str, str]
) -> None:
    _import(client)

    fails(fake, lambda: _import(client), "BadRequestException", in_message=POOL)


def test_imported_auth_can_be_deleted(
    fake: AmplifyBackendFake, client: Any, backend: tuple[str, str]
) -> None:
    _import(client)

    client.delete_backend_auth(**where(ResourceName=POOL))

    assert fake.backend(APP, ENV)["Auth"] == {}


@pytest.mark.usefixtures("moto_aws")
def test_import_backend_auth_of_a_user_pool_moto_has(
    fake: AmplifyBackendFake, client: Any, backend: tuple[str, str]
) -> None:
    idp = boto3.client("cognito-idp", region_name=REGION)
    pool = idp.create_user_pool(PoolName="shop")["UserPool"]["Id"]

    _import(client, pool)

    assert client.get_backend_auth(**where(ResourceName=pool))["ResourceName"] == pool


@pytest.mark.usefixtures("moto_aws")
def test_import_backend_auth_of_a_user_pool_moto_lacks_is_not_found(
    fake: AmplifyBackendFake, client: Any, backend: tuple[str, str]
) -> None:
    fails(fake, lambda: _import(client), "NotFoundException", resource_type="UserPool")


# -- errors ----------------------------------------------------------------------------------


def test_import_over_a_created_resource_of_the_same_name_is_a_bad_request(
    fake: AmplifyBackendFake, client: Any, backend: tuple[str, str]
) -> None:
    make_auth(client, MIN_AUTH, name=POOL)

    fails(fake, lambda: _import(client), "BadRequestException")


VIOLATIONS: list[tuple[str, dict[str, Any], str]] = [
    (
        "create_backend_auth",
        {"ResourceName": "bad", "ResourceConfig": {**MIN_AUTH, "AuthResources": "BOTH"}},
        "$.resourceConfig.authResources",
    ),
    (
        "create_backend_auth",
        {
            "ResourceName": "bad",
            "ResourceConfig": {
                **MIN_AUTH,
                "UserPoolConfigs": {**MIN_AUTH["UserPoolConfigs"], "SignInMethod": "FACE_ID"},
            },
        },
        "$.resourceConfig.userPoolConfigs.signInMethod",
    ),
    (
        "create_backend_auth",
        {
            "ResourceName": "bad",
            "ResourceConfig": {
                **MIN_AUTH,
                "UserPoolConfigs": {"SignInMethod": "EMAIL", "RequiredSignUpAttributes": []},
            },
        },
        "$.resourceConfig.userPoolConfigs.userPoolName",
    ),
    (
        "update_backend_auth",
        {
            "ResourceName": AUTH,
            "ResourceConfig": {**MIN_AUTH, "UserPoolConfigs": {"Mfa": {"MFAMode": "ALWAYS"}}},
        },
        "$.resourceConfig.userPoolConfigs.mfa.MFAMode",
    ),
    (
        "update_backend_auth",
        {
            "ResourceName": AUTH,
            "ResourceConfig": {**MIN_AUTH, "UserPoolConfigs": {"OAuth": {"OAuthScopes": ["ALL"]}}},
        },
        "$.resourceConfig.userPoolConfigs.oAuth.oAuthScopes[0]",
    ),
    ("import_backend_auth", {"UserPoolId": POOL, "NativeClientId": "n"}, "$.webClientId"),
    ("delete_backend_auth", {"ResourceName": 5}, "$.resourceName"),
]


@pytest.mark.parametrize(
    ("method", "params", "member"), VIOLATIONS, ids=[f"{m}-{p}" for m, _, p in VIOLATIONS]
)
def test_contract_violation_is_a_bad_request_naming_the_member(
    fake: AmplifyBackendFake,
    raw_client: Any,
    auth: str,
    method: str,
    params: dict[str, Any],
    member: str,
) -> None:
    fails(
        fake,
        lambda: getattr(raw_client, method)(**where(**params)),
        "BadRequestException",
        in_message=member,
    )
    assert fake.backend(APP, ENV)["Auth"] == {AUTH: AUTH_CONFIG}
