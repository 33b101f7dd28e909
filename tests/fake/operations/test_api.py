"""CreateBackendAPI, GetBackendAPI, UpdateBackendAPI, DeleteBackendAPI and the API models.

Checks common to the API, Auth and Storage families are in ``test_resource_families.py``.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from amplify_fakes import AmplifyBackendFake
from tests.conftest import APP, ENV
from tests.fake.modelgen._support import studio_parse
from tests.fake.operations._support import (
    API,
    API_CONFIG,
    config,
    fails,
    make_api,
    where,
)


@pytest.fixture
def api(client: Any, backend: tuple[str, str]) -> str:
    """The realistic API resource ``API`` in the default backend."""
    make_api(client, API_CONFIG)
    return API


def test_two_apis_are_stored_side_by_side(fake: AmplifyBackendFake, client: Any, api: str) -> None:
    make_api(client, {"ApiName": "second", "Service": "AppSync"}, name="second")

    assert set(fake.backend(APP, ENV)["Api"]) == {API, "second"}
    assert client.get_backend_api(**where(ResourceName=API))["ResourceConfig"] == API_CONFIG


def test_update_backend_api_merges_nested_members_onto_the_stored_config(
    fake: AmplifyBackendFake, client: Any, api: str
) -> None:
    update = {
        "ConflictResolution": {"ResolutionStrategy": "OPTIMISTIC_CONCURRENCY"},
        "DefaultAuthType": {"Settings": {"CognitoUserPoolId": "us-east-1_Rotated9"}},
    }

    response = client.update_backend_api(**where(ResourceName=API, ResourceConfig=update))

    assert response["Operation"] == "UpdateBackendAPI"
    assert response["Status"] == "COMPLETED"
    assert response["BackendEnvironmentName"] == ENV
    expected = config(API_CONFIG)
    expected["ConflictResolution"]["ResolutionStrategy"] = "OPTIMISTIC_CONCURRENCY"
    expected["DefaultAuthType"]["Settings"]["CognitoUserPoolId"] = "us-east-1_Rotated9"
    assert expected["DefaultAuthType"]["Mode"] == "AMAZON_COGNITO_USER_POOLS"
    assert client.get_backend_api(**where(ResourceName=API))["ResourceConfig"] == expected
    assert fake.backend(APP, ENV)["Api"][API] == expected


def test_update_backend_api_replaces_lists_whole(
    fake: AmplifyBackendFake, client: Any, api: str
) -> None:
    update = {"AdditionalAuthTypes": [{"Mode": "OPENID_CONNECT"}]}

    client.update_backend_api(**where(ResourceName=API, ResourceConfig=update))

    expected = {**config(API_CONFIG), "AdditionalAuthTypes": [{"Mode": "OPENID_CONNECT"}]}
    assert client.get_backend_api(**where(ResourceName=API))["ResourceConfig"] == expected
    assert fake.backend(APP, ENV)["Api"][API] == expected


def test_update_backend_api_without_a_config_changes_nothing_but_records_a_job(
    fake: AmplifyBackendFake, client: Any, api: str
) -> None:
    response = client.update_backend_api(**where(ResourceName=API))

    assert response["Operation"] == "UpdateBackendAPI"
    assert fake.backend(APP, ENV)["Api"][API] == API_CONFIG


# -- models ------------------------------------------------------------------------------------


def test_api_models_are_stale_before_any_generation(client: Any, api: str) -> None:
    response = client.get_backend_api_models(**where(ResourceName=API))

    assert response["Status"] == "STALE"
    assert "Models" not in response


def test_generate_backend_api_models_then_get_is_latest(
    fake: AmplifyBackendFake, client: Any, api: str
) -> None:
    response = client.generate_backend_api_models(**where(ResourceName=API))

    assert response["AppId"] == APP
    assert response["BackendEnvironmentName"] == ENV
    assert response["Operation"] == "GenerateBackendAPIModels"
    assert response["Status"] == "COMPLETED"
    models = client.get_backend_api_models(**where(ResourceName=API))
    assert models["Status"] == "LATEST"
    assert models["Models"].startswith("export const schema = {")
    assert set(studio_parse(models["Models"])["models"]) == {"Todo", "Note"}
    introspection = json.loads(models["ModelIntrospectionSchema"])
    assert set(introspection["models"]) == {"Todo", "Note"}


def test_api_models_turn_stale_when_the_transform_schema_changes(client: Any, api: str) -> None:
    client.generate_backend_api_models(**where(ResourceName=API))
    schema = "type Order @model { id: ID! }"

    client.update_backend_api(**where(ResourceName=API, ResourceConfig={"TransformSchema": schema}))

    assert client.get_backend_api_models(**where(ResourceName=API))["Status"] == "STALE"
    client.generate_backend_api_models(**where(ResourceName=API))
    regenerated = client.get_backend_api_models(**where(ResourceName=API))
    assert regenerated["Status"] == "LATEST"
    assert set(json.loads(regenerated["ModelIntrospectionSchema"])["models"]) == {"Order"}


def test_api_models_stay_latest_when_other_members_change(client: Any, api: str) -> None:
    client.generate_backend_api_models(**where(ResourceName=API))

    client.update_backend_api(**where(ResourceName=API, ResourceConfig={"ApiName": "renamed"}))

    assert client.get_backend_api_models(**where(ResourceName=API))["Status"] == "LATEST"


def test_deleting_and_recreating_an_api_forgets_its_models(client: Any, api: str) -> None:
    client.generate_backend_api_models(**where(ResourceName=API))
    client.delete_backend_api(**where(ResourceName=API))

    make_api(client, API_CONFIG)

    assert client.get_backend_api_models(**where(ResourceName=API))["Status"] == "STALE"


def test_generating_models_without_a_transform_schema_is_a_bad_request(
    fake: AmplifyBackendFake, client: Any, backend: tuple[str, str]
) -> None:
    make_api(client, {"ApiName": "schemaless", "Service": "AppSync"}, name="schemaless")

    fails(
        fake,
        lambda: client.generate_backend_api_models(**where(ResourceName="schemaless")),
        "BadRequestException",
    )


# -- errors --------------------------------------------------------------------------------


VIOLATIONS: list[tuple[str, dict[str, Any], str]] = [
    (
        "create_backend_api",
        {"ResourceName": "bad", "ResourceConfig": {"DefaultAuthType": {"Mode": "BASIC"}}},
        "$.resourceConfig.defaultAuthType.mode",
    ),
    (
        "update_backend_api",
        {
            "ResourceName": API,
            "ResourceConfig": {"ConflictResolution": {"ResolutionStrategy": "LAST_WRITER"}},
        },
        "$.resourceConfig.conflictResolution.resolutionStrategy",
    ),
    (
        "update_backend_api",
        {
            "ResourceName": API,
            "ResourceConfig": {"AdditionalAuthTypes": [{"Mode": "AWS_IAM"}, {"Mode": "SAML"}]},
        },
        "$.resourceConfig.additionalAuthTypes[1].mode",
    ),
    ("create_backend_api", {"ResourceName": "bad"}, "$.resourceConfig"),
    ("get_backend_api", {}, "$.resourceName"),
]


@pytest.mark.parametrize(
    ("method", "params", "member"), VIOLATIONS, ids=[f"{m}-{p}" for m, _, p in VIOLATIONS]
)
def test_contract_violation_is_a_bad_request_naming_the_member(
    fake: AmplifyBackendFake,
    raw_client: Any,
    api: str,
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
