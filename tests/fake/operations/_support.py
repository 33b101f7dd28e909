"""Shared configs, error assertions and the table of minimal calls for the operation tests.

``MINIMAL_CALLS`` maps every one of the 31 operations to a function that, given a boto3
client on an empty fake, creates what the operation needs and then calls it once, returning
the response. The job tests and the coverage test in ``test_all_operations.py`` share it.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

from amplify_fakes import AmplifyBackendFake, contracts
from tests.conftest import APP, ENV, state_of

ACCOUNT = "123456789012"
REGION = "us-east-1"
OTHER_ENV = "prod"
API = "shopapi"
AUTH = "shopauth"
STORAGE = "shopmedia"
POOL = "us-east-1_ImPoRt42"  # the user pool ImportBackendAuth imports
BUCKET = "shop-existing-assets"  # the bucket ImportBackendStorage imports
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
STATUS = {"NotFoundException": 404, "BadRequestException": 400}

Call = Callable[[Any, AmplifyBackendFake], dict[str, Any]]

# -- realistic, hand-written resource configs ----------------------------------------------

TRANSFORM_SCHEMA = """\
type Todo @model @auth(rules: [{ allow: owner }]) {
  id: ID!
  name: String!
  done: Boolean
}

type Note @model {
  id: ID!
  body: String
}
"""

API_CONFIG: dict[str, Any] = {
    "ApiName": "shopApi",
    "Service": "AppSync",
    "DefaultAuthType": {
        "Mode": "AMAZON_COGNITO_USER_POOLS",
        "Settings": {"CognitoUserPoolId": "us-east-1_AbCdEf123"},
    },
    "AdditionalAuthTypes": [
        {"Mode": "API_KEY", "Settings": {"Description": "public read key", "ExpirationTime": 7.0}},
        {"Mode": "AWS_IAM"},
    ],
    "ConflictResolution": {"ResolutionStrategy": "AUTOMERGE"},
    "TransformSchema": TRANSFORM_SCHEMA,
}

AUTH_CONFIG: dict[str, Any] = {
    "AuthResources": "IDENTITY_POOL_AND_USER_POOL",
    "Service": "COGNITO",
    "IdentityPoolConfigs": {"IdentityPoolName": "shopIdentityPool", "UnauthenticatedLogin": False},
    "UserPoolConfigs": {
        "UserPoolName": "shopUserPool",
        "SignInMethod": "EMAIL",
        "RequiredSignUpAttributes": ["EMAIL", "NAME"],
        "Mfa": {
            "MFAMode": "OPTIONAL",
            "Settings": {"MfaTypes": ["SMS", "TOTP"], "SmsMessage": "Your code is {####}"},
        },
        "PasswordPolicy": {
            "MinimumLength": 10.0,
            "AdditionalConstraints": ["REQUIRE_DIGIT", "REQUIRE_UPPERCASE", "REQUIRE_SYMBOL"],
        },
        "VerificationMessage": {
            "DeliveryMethod": "EMAIL",
            "EmailSettings": {
                "EmailSubject": "Verify your shop account",
                "EmailMessage": "Your verification code is {####}",
            },
        },
        "OAuth": {
            "DomainPrefix": "shop-auth",
            "OAuthGrantType": "CODE",
            "OAuthScopes": ["EMAIL", "OPENID", "PROFILE", "AWS_COGNITO_SIGNIN_USER_ADMIN"],
            "RedirectSignInURIs": ["https://shop.example.com/signin", "myapp://signin/"],
            "RedirectSignOutURIs": ["https://shop.example.com/signout"],
            "SocialProviderSettings": {
                "Google": {"ClientId": "google-client", "ClientSecret": "google-secret"},
                "Facebook": {"ClientId": "fb-client", "ClientSecret": "fb-secret"},
                "SignInWithApple": {
                    "ClientId": "com.example.shop",
                    "KeyId": "KEY123",
                    "PrivateKey": "-----BEGIN PRIVATE KEY-----x-----END PRIVATE KEY-----",
                    "TeamId": "TEAM123",
                },
            },
        },
    },
}

STORAGE_CONFIG: dict[str, Any] = {
    "ServiceName": "S3",
    "BucketName": "shop-media-uploads",
    "Permissions": {
        "Authenticated": ["READ", "CREATE_AND_UPDATE", "DELETE"],
        "UnAuthenticated": ["READ"],
    },
}

# -- minimal configs -----------------------------------------------------------------------

MIN_API: dict[str, Any] = {"ApiName": "minimal", "TransformSchema": "type Item @model { id: ID! }"}
MIN_AUTH: dict[str, Any] = {
    "AuthResources": "USER_POOL_ONLY",
    "Service": "COGNITO",
    "UserPoolConfigs": {
        "UserPoolName": "minimalPool",
        "SignInMethod": "USERNAME",
        "RequiredSignUpAttributes": [],
    },
}
MIN_STORAGE: dict[str, Any] = {"ServiceName": "S3", "Permissions": {"Authenticated": ["READ"]}}


def config(value: dict[str, Any]) -> dict[str, Any]:
    """A private deep copy of a shared config (tests never mutate the module constants)."""
    return copy.deepcopy(value)


def body(response: dict[str, Any]) -> dict[str, Any]:
    """A boto3 response without its ResponseMetadata."""
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


def fails(
    fake: AmplifyBackendFake,
    call: Callable[[], object],
    code: str,
    *,
    resource_type: str | None = None,
    in_message: str | None = None,
) -> dict[str, Any]:
    """Assert ``call`` fails with ``code`` (status, ResourceType, message) and changes no state.

    Returns the error response for further checks.
    """
    before = state_of(fake)
    with pytest.raises(ClientError) as info:
        call()
    response: dict[str, Any] = info.value.response
    assert response["Error"]["Code"] == code, response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == STATUS[code], response
    if resource_type is not None:
        assert response["ResourceType"] == resource_type, response
    else:
        assert "ResourceType" not in response, response
    if in_message is not None:
        assert in_message in response["Error"]["Message"], response
    assert state_of(fake) == before, "a failed request changed the fake's state"
    return response


def job_operations() -> list[str]:
    """Operations that start a job: their response has a JobId (GetBackendJob and
    UpdateBackendJob only echo an existing job)."""
    return [
        op
        for op in contracts.operations()
        if "JobId" in contracts.schema(op, "response").get("properties", {})
        and op not in ("GetBackendJob", "UpdateBackendJob")
    ]


# -- the table of minimal calls ------------------------------------------------------------

MINIMAL_CALLS: dict[str, Call] = {}


def _calls(operation: str) -> Callable[[Call], Call]:
    def register(func: Call) -> Call:
        MINIMAL_CALLS[operation] = func
        return func

    return register


def make_backend(client: Any, environment: str = ENV) -> None:
    """Create app ``APP`` (named ``shop``) with ``environment``."""
    client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=environment)


def make_api(client: Any, cfg: dict[str, Any] | None = None, name: str = API) -> dict[str, Any]:
    """CreateBackendAPI in ``ENV``."""
    return dict(
        client.create_backend_api(
            AppId=APP,
            BackendEnvironmentName=ENV,
            ResourceName=name,
            ResourceConfig=config(cfg if cfg is not None else MIN_API),
        )
    )


def make_auth(client: Any, cfg: dict[str, Any] | None = None, name: str = AUTH) -> dict[str, Any]:
    """CreateBackendAuth in ``ENV``."""
    return dict(
        client.create_backend_auth(
            AppId=APP,
            BackendEnvironmentName=ENV,
            ResourceName=name,
            ResourceConfig=config(cfg if cfg is not None else MIN_AUTH),
        )
    )


def make_storage(
    client: Any, cfg: dict[str, Any] | None = None, name: str = STORAGE
) -> dict[str, Any]:
    """CreateBackendStorage in ``ENV``."""
    return dict(
        client.create_backend_storage(
            AppId=APP,
            BackendEnvironmentName=ENV,
            ResourceName=name,
            ResourceConfig=config(cfg if cfg is not None else MIN_STORAGE),
        )
    )


def meta_of(client: Any, app: str = APP, env: str = ENV) -> dict[str, Any]:
    """GetBackend's AmplifyMetaConfig, parsed as every client has to (it is a string)."""
    answer = client.get_backend(AppId=app, BackendEnvironmentName=env)
    meta: dict[str, Any] = json.loads(answer["AmplifyMetaConfig"])
    return meta


def where(**extra: Any) -> dict[str, Any]:
    """``AppId``/``BackendEnvironmentName`` of the default backend plus ``extra``."""
    return {"AppId": APP, "BackendEnvironmentName": ENV, **extra}


@_calls("CreateBackend")
def _create_backend(client: Any, fake: AmplifyBackendFake) -> dict[str, Any]:
    return dict(client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV))


@_calls("GetBackend")
def _get_backend(client: Any, fake: AmplifyBackendFake) -> dict[str, Any]:
    make_backend(client)
    return dict(client.get_backend(AppId=APP, BackendEnvironmentName=ENV))


@_calls("CloneBackend")
def _clone_backend(client: Any, fake: AmplifyBackendFake) -> dict[str, Any]:
    make_backend(client)
    return dict(client.clone_backend(**where(TargetEnvironmentName=OTHER_ENV)))


@_calls("DeleteBackend")
def _delete_backend(client: Any, fake: AmplifyBackendFake) -> dict[str, Any]:
    make_backend(client)
    return dict(client.delete_backend(**where()))


@_calls("RemoveAllBackends")
def _remove_all_backends(client: Any, fake: AmplifyBackendFake) -> dict[str, Any]:
    make_backend(client)
    return dict(client.remove_all_backends(AppId=APP, CleanAmplifyApp=False))


@_calls("CreateBackendAPI")
def _create_backend_api(client: Any, fake: AmplifyBackendFake) -> dict[str, Any]:
    make_backend(client)
    return make_api(client)


@_calls("GetBackendAPI")
def _get_backend_api(client: Any, fake: AmplifyBackendFake) -> dict[str, Any]:
    make_backend(client)
    make_api(client)
    return dict(client.get_backend_api(**where(ResourceName=API)))


@_calls("UpdateBackendAPI")
def _update_backend_api(client: Any, fake: AmplifyBackendFake) -> dict[str, Any]:
    make_backend(client)
    make_api(client)
    return dict(
        client.update_backend_api(**where(ResourceName=API, ResourceConfig={"ApiName": "renamed"}))
    )


@_calls("DeleteBackendAPI")
def _delete_backend_api(client: Any, fake: AmplifyBackendFake) -> dict[str, Any]:
    make_backend(client)
    make_api(client)
    return dict(client.delete_backend_api(**where(ResourceName=API)))


@_calls("GenerateBackendAPIModels")
def _generate_backend_api_models(client: Any, fake: AmplifyBackendFake) -> dict[str, Any]:
    make_backend(client)
    make_api(client)
    return dict(client.generate_backend_api_models(**where(ResourceName=API)))


@_calls("GetBackendAPIModels")
def _get_backend_api_models(client: Any, fake: AmplifyBackendFake) -> dict[str, Any]:
    make_backend(client)
    make_api(client)
    client.generate_backend_api_models(**where(ResourceName=API))
    return dict(client.get_backend_api_models(**where(ResourceName=API)))


@_calls("CreateBackendAuth")
def _create_backend_auth(client: Any, fake: AmplifyBackendFake) -> dict[str, Any]:
    make_backend(client)
    return make_auth(client)


@_calls("GetBackendAuth")
def _get_backend_auth(client: Any, fake: AmplifyBackendFake) -> dict[str, Any]:
    make_backend(client)
    make_auth(client)
    return dict(client.get_backend_auth(**where(ResourceName=AUTH)))


@_calls("UpdateBackendAuth")
def _update_backend_auth(client: Any, fake: AmplifyBackendFake) -> dict[str, Any]:
    make_backend(client)
    make_auth(client)
    update = {
        "AuthResources": "USER_POOL_ONLY",
        "Service": "COGNITO",
        "UserPoolConfigs": {"Mfa": {"MFAMode": "ON"}},
    }
    return dict(client.update_backend_auth(**where(ResourceName=AUTH, ResourceConfig=update)))


@_calls("DeleteBackendAuth")
def _delete_backend_auth(client: Any, fake: AmplifyBackendFake) -> dict[str, Any]:
    make_backend(client)
    make_auth(client)
    return dict(client.delete_backend_auth(**where(ResourceName=AUTH)))


@_calls("ImportBackendAuth")
def _import_backend_auth(client: Any, fake: AmplifyBackendFake) -> dict[str, Any]:
    make_backend(client)
    return dict(
        client.import_backend_auth(
            **where(UserPoolId="us-east-1_Pool1", NativeClientId="native", WebClientId="web")
        )
    )


@_calls("CreateBackendStorage")
def _create_backend_storage(client: Any, fake: AmplifyBackendFake) -> dict[str, Any]:
    make_backend(client)
    return make_storage(client)


@_calls("GetBackendStorage")
def _get_backend_storage(client: Any, fake: AmplifyBackendFake) -> dict[str, Any]:
    make_backend(client)
    make_storage(client)
    return dict(client.get_backend_storage(**where(ResourceName=STORAGE)))


@_calls("UpdateBackendStorage")
def _update_backend_storage(client: Any, fake: AmplifyBackendFake) -> dict[str, Any]:
    make_backend(client)
    make_storage(client)
    update = {"ServiceName": "S3", "Permissions": {"Authenticated": ["READ", "DELETE"]}}
    return dict(client.update_backend_storage(**where(ResourceName=STORAGE, ResourceConfig=update)))


@_calls("DeleteBackendStorage")
def _delete_backend_storage(client: Any, fake: AmplifyBackendFake) -> dict[str, Any]:
    make_backend(client)
    make_storage(client)
    return dict(client.delete_backend_storage(**where(ResourceName=STORAGE, ServiceName="S3")))


@_calls("ImportBackendStorage")
def _import_backend_storage(client: Any, fake: AmplifyBackendFake) -> dict[str, Any]:
    make_backend(client)
    fake.add_bucket("existing-bucket")
    return dict(
        client.import_backend_storage(**where(BucketName="existing-bucket", ServiceName="S3"))
    )


@_calls("ListS3Buckets")
def _list_s3_buckets(client: Any, fake: AmplifyBackendFake) -> dict[str, Any]:
    fake.add_bucket("listed-bucket")
    return dict(client.list_s3_buckets())


@_calls("CreateBackendConfig")
def _create_backend_config(client: Any, fake: AmplifyBackendFake) -> dict[str, Any]:
    make_backend(client)
    return dict(client.create_backend_config(AppId=APP))


@_calls("UpdateBackendConfig")
def _update_backend_config(client: Any, fake: AmplifyBackendFake) -> dict[str, Any]:
    make_backend(client)
    client.create_backend_config(AppId=APP)
    return dict(
        client.update_backend_config(AppId=APP, LoginAuthConfig={"AwsCognitoRegion": REGION})
    )


@_calls("RemoveBackendConfig")
def _remove_backend_config(client: Any, fake: AmplifyBackendFake) -> dict[str, Any]:
    make_backend(client)
    client.create_backend_config(AppId=APP)
    return dict(client.remove_backend_config(AppId=APP))


@_calls("CreateToken")
def _create_token(client: Any, fake: AmplifyBackendFake) -> dict[str, Any]:
    make_backend(client)
    return dict(client.create_token(AppId=APP))


@_calls("GetToken")
def _get_token(client: Any, fake: AmplifyBackendFake) -> dict[str, Any]:
    make_backend(client)
    session = client.create_token(AppId=APP)["SessionId"]
    return dict(client.get_token(AppId=APP, SessionId=session))


@_calls("DeleteToken")
def _delete_token(client: Any, fake: AmplifyBackendFake) -> dict[str, Any]:
    make_backend(client)
    session = client.create_token(AppId=APP)["SessionId"]
    return dict(client.delete_token(AppId=APP, SessionId=session))


@_calls("GetBackendJob")
def _get_backend_job(client: Any, fake: AmplifyBackendFake) -> dict[str, Any]:
    job = client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)["JobId"]
    return dict(client.get_backend_job(**where(JobId=job)))


@_calls("UpdateBackendJob")
def _update_backend_job(client: Any, fake: AmplifyBackendFake) -> dict[str, Any]:
    job = client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)["JobId"]
    return dict(client.update_backend_job(**where(JobId=job, Status="FAILED")))


@_calls("ListBackendJobs")
def _list_backend_jobs(client: Any, fake: AmplifyBackendFake) -> dict[str, Any]:
    make_backend(client)
    return dict(client.list_backend_jobs(**where()))
