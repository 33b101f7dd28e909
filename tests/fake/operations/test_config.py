"""CreateBackendConfig, UpdateBackendConfig and RemoveBackendConfig (the Admin UI config)."""

from __future__ import annotations

from typing import Any

import pytest

from amplify_fakes import AmplifyBackendFake
from tests.conftest import APP, ENV
from tests.fake.operations._support import UUID, body, fails

LOGIN: dict[str, str] = {
    "AwsCognitoIdentityPoolId": "us-east-1:11111111-2222-3333-4444-555555555555",
    "AwsCognitoRegion": "us-east-1",
    "AwsUserPoolsId": "us-east-1_AdminPool",
    "AwsUserPoolsWebClientId": "adminwebclient123",
}


@pytest.fixture
def backend_config(client: Any, backend: tuple[str, str]) -> None:
    """The default app with a backend config."""
    client.create_backend_config(AppId=APP)


def test_create_backend_config_defaults_the_manager_app_to_the_app(
    fake: AmplifyBackendFake, client: Any, backend: tuple[str, str]
) -> None:
    response = client.create_backend_config(AppId=APP)

    assert response["AppId"] == APP
    assert response["Status"] == "COMPLETED"
    assert UUID.match(response["JobId"])
    assert "Operation" not in response
    assert fake.backend(APP, ENV)["Config"] == {"BackendManagerAppId": APP}
    current = client.update_backend_config(AppId=APP)
    assert body(current) == {"AppId": APP, "BackendManagerAppId": APP}


def test_create_backend_config_with_a_manager_app(
    fake: AmplifyBackendFake, client: Any, backend: tuple[str, str]
) -> None:
    client.create_backend_config(AppId=APP, BackendManagerAppId="d7manager")

    assert fake.backend(APP, ENV)["Config"] == {"BackendManagerAppId": "d7manager"}
    assert client.update_backend_config(AppId=APP)["BackendManagerAppId"] == "d7manager"


def test_update_backend_config_stores_the_login_auth_config(
    fake: AmplifyBackendFake, client: Any, backend_config: None
) -> None:
    response = client.update_backend_config(AppId=APP, LoginAuthConfig=LOGIN)

    assert body(response) == {"AppId": APP, "BackendManagerAppId": APP, "LoginAuthConfig": LOGIN}
    assert fake.backend(APP, ENV)["Config"] == {
        "BackendManagerAppId": APP,
        "LoginAuthConfig": LOGIN,
    }
    assert client.update_backend_config(AppId=APP)["LoginAuthConfig"] == LOGIN


def test_update_backend_config_merges_a_partial_login_auth_config(
    fake: AmplifyBackendFake, client: Any, backend_config: None
) -> None:
    client.update_backend_config(AppId=APP, LoginAuthConfig=LOGIN)

    response = client.update_backend_config(
        AppId=APP, LoginAuthConfig={"AwsCognitoRegion": "eu-west-1"}
    )

    expected = {**LOGIN, "AwsCognitoRegion": "eu-west-1"}
    assert response["LoginAuthConfig"] == expected
    assert fake.backend(APP, ENV)["Config"]["LoginAuthConfig"] == expected


def test_remove_backend_config_forgets_the_config(
    fake: AmplifyBackendFake, client: Any, backend_config: None
) -> None:
    client.update_backend_config(AppId=APP, LoginAuthConfig=LOGIN)

    response = client.remove_backend_config(AppId=APP)

    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert "Error" not in response
    assert fake.backend(APP, ENV)["Config"] is None
    fails(
        fake,
        lambda: client.update_backend_config(AppId=APP),
        "NotFoundException",
        resource_type="BackendConfig",
    )
    # it can be created again, without the old login config
    client.create_backend_config(AppId=APP)
    assert fake.backend(APP, ENV)["Config"] == {"BackendManagerAppId": APP}


def test_the_config_belongs_to_the_app_not_the_environment(
    fake: AmplifyBackendFake, client: Any, backend_config: None
) -> None:
    client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName="prod")

    assert fake.backend(APP, "prod")["Config"] == {"BackendManagerAppId": APP}


# -- errors --------------------------------------------------------------------------------


def test_create_backend_config_twice_is_a_bad_request(
    fake: AmplifyBackendFake, client: Any, backend_config: None
) -> None:
    fails(
        fake,
        lambda: client.create_backend_config(AppId=APP, BackendManagerAppId="d7other"),
        "BadRequestException",
        in_message=APP,
    )
    assert fake.backend(APP, ENV)["Config"] == {"BackendManagerAppId": APP}


@pytest.mark.parametrize("method", ["update_backend_config", "remove_backend_config"])
def test_config_operations_without_a_config_are_not_found(
    fake: AmplifyBackendFake, client: Any, backend: tuple[str, str], method: str
) -> None:
    fails(
        fake,
        lambda: getattr(client, method)(AppId=APP),
        "NotFoundException",
        resource_type="BackendConfig",
    )


@pytest.mark.parametrize(
    "method", ["create_backend_config", "update_backend_config", "remove_backend_config"]
)
def test_config_operations_on_an_unknown_app_are_not_found(
    fake: AmplifyBackendFake, client: Any, backend_config: None, method: str
) -> None:
    fails(
        fake,
        lambda: getattr(client, method)(AppId="d9unknown"),
        "NotFoundException",
        resource_type="App",
    )


VIOLATIONS: list[tuple[str, dict[str, Any], str]] = [
    (
        "update_backend_config",
        {"LoginAuthConfig": {"AwsCognitoRegion": 5}},
        "$.loginAuthConfig.aws_cognito_region",
    ),
    (
        "update_backend_config",
        {"LoginAuthConfig": {"AwsUserPoolsId": True}},
        "$.loginAuthConfig.aws_user_pools_id",
    ),
    ("create_backend_config", {"BackendManagerAppId": ["a", "b"]}, "$.backendManagerAppId"),
]


@pytest.mark.parametrize(
    ("method", "params", "member"), VIOLATIONS, ids=[f"{m}-{p}" for m, _, p in VIOLATIONS]
)
def test_contract_violation_is_a_bad_request_naming_the_member(
    fake: AmplifyBackendFake,
    raw_client: Any,
    backend: tuple[str, str],
    method: str,
    params: dict[str, Any],
    member: str,
) -> None:
    fails(
        fake,
        lambda: getattr(raw_client, method)(AppId=APP, **params),
        "BadRequestException",
        in_message=member,
    )
