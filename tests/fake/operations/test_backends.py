"""CreateBackend, GetBackend, CloneBackend, DeleteBackend and RemoveAllBackends through boto3."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest

from amplify_fakes import AmplifyBackendFake
from tests.conftest import APP, ENV, state_of
from tests.fake.operations._support import (
    ACCOUNT,
    API,
    API_CONFIG,
    AUTH,
    AUTH_CONFIG,
    OTHER_ENV,
    REGION,
    STORAGE,
    STORAGE_CONFIG,
    UUID,
    body,
    fails,
    make_api,
    make_auth,
    make_storage,
    where,
)

# -- CreateBackend ---------------------------------------------------------------------------


def test_create_backend_answers_with_a_completed_job_and_stores_the_environment(
    fake: AmplifyBackendFake, client: Any
) -> None:
    response = client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)

    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert response["AppId"] == APP
    assert response["BackendEnvironmentName"] == ENV
    assert response["Operation"] == "CreateBackend"
    assert response["Status"] == "COMPLETED"
    assert UUID.match(response["JobId"])
    assert "Error" not in response
    assert fake.apps() == [APP]
    assert fake.backend(APP, ENV) == {
        "AppId": APP,
        "AppName": "shop",
        "BackendEnvironmentName": ENV,
        "Api": {},
        "Auth": {},
        "Storage": {},
        "Config": None,
    }
    got = client.get_backend(AppId=APP, BackendEnvironmentName=ENV)
    assert got["AppName"] == "shop"
    assert got["BackendEnvironmentList"] == [ENV]
    assert got["BackendEnvironmentName"] == ENV


def test_create_backend_adds_a_second_environment_to_an_existing_app(
    fake: AmplifyBackendFake, client: Any, backend: tuple[str, str]
) -> None:
    response = client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=OTHER_ENV)

    assert response["BackendEnvironmentName"] == OTHER_ENV
    assert client.get_backend(AppId=APP)["BackendEnvironmentList"] == [ENV, OTHER_ENV]
    assert fake.apps() == [APP]
    assert fake.backend(APP, OTHER_ENV)["BackendEnvironmentName"] == OTHER_ENV
    assert fake.backend(APP, ENV)["BackendEnvironmentName"] == ENV


def test_create_backend_for_a_second_app_keeps_apps_apart(
    fake: AmplifyBackendFake, client: Any, backend: tuple[str, str]
) -> None:
    client.create_backend(AppId="d2other", AppName="blog", BackendEnvironmentName="staging")

    assert sorted(fake.apps()) == sorted([APP, "d2other"])
    other = client.get_backend(AppId="d2other")
    assert (other["AppName"], other["BackendEnvironmentList"]) == ("blog", ["staging"])
    assert client.get_backend(AppId=APP)["BackendEnvironmentList"] == [ENV]


def test_create_backend_twice_for_the_same_environment_is_a_bad_request(
    fake: AmplifyBackendFake, client: Any, backend: tuple[str, str]
) -> None:
    fails(
        fake,
        lambda: client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV),
        "BadRequestException",
        in_message=ENV,
    )
    assert client.get_backend(AppId=APP)["BackendEnvironmentList"] == [ENV]


# -- GetBackend ------------------------------------------------------------------------------


def test_get_backend_returns_meta_config_with_provider_and_every_resource(
    fake: AmplifyBackendFake, client: Any, backend: tuple[str, str]
) -> None:
    make_api(client, API_CONFIG)
    make_auth(client, AUTH_CONFIG)
    make_storage(client, STORAGE_CONFIG)
    client.import_backend_auth(
        **where(UserPoolId="us-east-1_Imported", NativeClientId="n", WebClientId="w")
    )

    response = client.get_backend(AppId=APP, BackendEnvironmentName=ENV)

    assert response["AppId"] == APP
    assert response["AppName"] == "shop"
    assert response["BackendEnvironmentList"] == [ENV]
    assert response["BackendEnvironmentName"] == ENV
    assert isinstance(response["AmplifyMetaConfig"], str)
    assert isinstance(response["AmplifyFeatureFlags"], str)
    meta = json.loads(response["AmplifyMetaConfig"])
    provider = meta["providers"]["awscloudformation"]
    stack = provider["StackName"]
    assert stack.startswith(f"amplify-{APP}-{ENV}-")
    assert provider["AuthRoleName"] == f"{stack}-authRole"
    assert provider["AuthRoleArn"] == f"arn:aws:iam::{ACCOUNT}:role/{stack}-authRole"
    assert provider["UnauthRoleName"] == f"{stack}-unauthRole"
    assert provider["UnauthRoleArn"] == f"arn:aws:iam::{ACCOUNT}:role/{stack}-unauthRole"
    assert provider["Region"] == REGION
    assert provider["DeploymentBucketName"].startswith(stack)
    assert provider["StackId"].startswith(
        f"arn:aws:cloudformation:{REGION}:{ACCOUNT}:stack/{stack}/"
    )
    assert provider["AmplifyAppId"] == APP
    services = {
        category: {
            name: (e["service"], e["providerPlugin"], e.get("serviceType"))
            for name, e in entries.items()
        }
        for category, entries in meta.items()
        if category != "providers"
    }
    assert services == {
        "api": {API: ("AppSync", "awscloudformation", None)},
        "auth": {
            AUTH: ("Cognito", "awscloudformation", None),
            "us-east-1_Imported": ("Cognito", "awscloudformation", "imported"),
        },
        "storage": {STORAGE: ("S3", "awscloudformation", None)},
    }
    # (tests/fake/operations/test_meta_config.py checks each resource's output block)
    flags = json.loads(response["AmplifyFeatureFlags"])
    assert isinstance(flags, dict)
    assert flags


def test_get_backend_meta_config_follows_resources_as_they_come_and_go(
    client: Any, backend: tuple[str, str]
) -> None:
    def meta() -> dict[str, Any]:
        got = client.get_backend(AppId=APP, BackendEnvironmentName=ENV)
        return dict(json.loads(got["AmplifyMetaConfig"]))

    before = meta()
    assert set(before) == {"providers"}
    assert meta() == before  # asked again, unchanged
    make_storage(client, STORAGE_CONFIG)
    assert set(meta()) == {"providers", "storage"}
    client.delete_backend_storage(**where(ResourceName=STORAGE, ServiceName="S3"))
    assert meta() == before
    make_auth(client, AUTH_CONFIG)
    assert list(meta()["auth"]) == [AUTH]
    assert meta()["auth"][AUTH]["service"] == "Cognito"
    other = boto3.client("amplifybackend", region_name="eu-west-1")
    other.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    elsewhere = json.loads(other.get_backend(AppId=APP)["AmplifyMetaConfig"])
    assert elsewhere["providers"]["awscloudformation"]["Region"] == "eu-west-1"
    assert set(elsewhere) == {"providers"}


def test_get_backend_of_an_empty_environment_has_no_resource_entries(
    client: Any, backend: tuple[str, str]
) -> None:
    meta = json.loads(client.get_backend(AppId=APP)["AmplifyMetaConfig"])

    assert set(meta) == {"providers"}


def test_get_backend_describes_the_named_environment(client: Any, backend: tuple[str, str]) -> None:
    client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=OTHER_ENV)

    dev = client.get_backend(AppId=APP, BackendEnvironmentName=ENV)
    prod = client.get_backend(AppId=APP, BackendEnvironmentName=OTHER_ENV)

    assert prod["BackendEnvironmentName"] == OTHER_ENV
    assert prod["BackendEnvironmentList"] == [ENV, OTHER_ENV]
    dev_stack = json.loads(dev["AmplifyMetaConfig"])["providers"]["awscloudformation"]
    prod_stack = json.loads(prod["AmplifyMetaConfig"])["providers"]["awscloudformation"]
    assert prod_stack["StackName"].startswith(f"amplify-{APP}-{OTHER_ENV}-")
    assert prod_stack["StackName"] != dev_stack["StackName"]


def test_get_backend_is_stable_between_calls(client: Any, backend: tuple[str, str]) -> None:
    first = body(client.get_backend(AppId=APP, BackendEnvironmentName=ENV))
    second = body(client.get_backend(AppId=APP, BackendEnvironmentName=ENV))

    assert first == second


# -- CloneBackend ----------------------------------------------------------------------------


@pytest.fixture
def populated(client: Any, backend: tuple[str, str]) -> tuple[str, str]:
    """The default backend with the realistic api, auth and storage resources."""
    make_api(client, API_CONFIG)
    make_auth(client, AUTH_CONFIG)
    make_storage(client, STORAGE_CONFIG)
    return backend


def test_clone_backend_copies_api_auth_and_storage_into_the_target(
    fake: AmplifyBackendFake, client: Any, populated: tuple[str, str]
) -> None:
    response = client.clone_backend(**where(TargetEnvironmentName=OTHER_ENV))

    assert response["AppId"] == APP
    assert response["BackendEnvironmentName"] == ENV
    assert response["Operation"] == "CloneBackend"
    assert response["Status"] == "COMPLETED"
    assert client.get_backend(AppId=APP)["BackendEnvironmentList"] == [ENV, OTHER_ENV]
    source, clone = fake.backend(APP, ENV), fake.backend(APP, OTHER_ENV)
    assert clone["BackendEnvironmentName"] == OTHER_ENV
    for family in ("Api", "Auth", "Storage"):
        assert clone[family] == source[family]
    target = {"AppId": APP, "BackendEnvironmentName": OTHER_ENV}
    assert client.get_backend_api(**target, ResourceName=API)["ResourceConfig"] == API_CONFIG
    assert client.get_backend_auth(**target, ResourceName=AUTH)["ResourceConfig"] == AUTH_CONFIG
    storage = client.get_backend_storage(**target, ResourceName=STORAGE)["ResourceConfig"]
    assert storage == {**STORAGE_CONFIG, "Imported": False}
    meta = json.loads(
        client.get_backend(AppId=APP, BackendEnvironmentName=OTHER_ENV)["AmplifyMetaConfig"]
    )
    assert (set(meta["api"]), set(meta["auth"]), set(meta["storage"])) == (
        {API},
        {AUTH},
        {STORAGE},
    )


def test_clone_backend_copies_are_independent_of_the_source(
    fake: AmplifyBackendFake, client: Any, populated: tuple[str, str]
) -> None:
    client.clone_backend(**where(TargetEnvironmentName=OTHER_ENV))
    target = {"AppId": APP, "BackendEnvironmentName": OTHER_ENV}

    update = {
        "AuthResources": "IDENTITY_POOL_AND_USER_POOL",
        "Service": "COGNITO",
        "UserPoolConfigs": {"Mfa": {"MFAMode": "ON"}},
    }
    client.update_backend_auth(**where(ResourceName=AUTH, ResourceConfig=update))
    client.update_backend_api(
        **target,
        ResourceName=API,
        ResourceConfig={"ConflictResolution": {"ResolutionStrategy": "LAMBDA"}},
    )
    client.delete_backend_storage(**target, ResourceName=STORAGE, ServiceName="S3")

    cloned_auth = client.get_backend_auth(**target, ResourceName=AUTH)["ResourceConfig"]
    assert cloned_auth["UserPoolConfigs"]["Mfa"]["MFAMode"] == "OPTIONAL"
    source_api = client.get_backend_api(**where(ResourceName=API))["ResourceConfig"]
    assert source_api["ConflictResolution"] == {"ResolutionStrategy": "AUTOMERGE"}
    assert client.get_backend_storage(**where(ResourceName=STORAGE))["ResourceName"] == STORAGE
    assert fake.backend(APP, OTHER_ENV)["Storage"] == {}
    assert fake.backend(APP, ENV)["Storage"] == {STORAGE: STORAGE_CONFIG}


def test_clone_backend_onto_an_existing_environment_is_a_bad_request(
    fake: AmplifyBackendFake, client: Any, populated: tuple[str, str]
) -> None:
    client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=OTHER_ENV)

    fails(
        fake,
        lambda: client.clone_backend(**where(TargetEnvironmentName=OTHER_ENV)),
        "BadRequestException",
        in_message=OTHER_ENV,
    )
    assert fake.backend(APP, OTHER_ENV)["Api"] == {}


def test_clone_backend_onto_itself_is_a_bad_request(
    fake: AmplifyBackendFake, client: Any, populated: tuple[str, str]
) -> None:
    fails(
        fake,
        lambda: client.clone_backend(**where(TargetEnvironmentName=ENV)),
        "BadRequestException",
    )


# -- DeleteBackend ---------------------------------------------------------------------------


def test_delete_backend_removes_only_that_environment(
    fake: AmplifyBackendFake, client: Any, populated: tuple[str, str]
) -> None:
    client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=OTHER_ENV)

    response = client.delete_backend(**where())

    assert response["AppId"] == APP
    assert response["BackendEnvironmentName"] == ENV
    assert response["Operation"] == "DeleteBackend"
    assert response["Status"] == "COMPLETED"
    with pytest.raises(KeyError):
        fake.backend(APP, ENV)
    assert fake.backend(APP, OTHER_ENV)["BackendEnvironmentName"] == OTHER_ENV
    assert client.get_backend(AppId=APP)["BackendEnvironmentList"] == [OTHER_ENV]
    fails(
        fake,
        lambda: client.get_backend(AppId=APP, BackendEnvironmentName=ENV),
        "NotFoundException",
        resource_type="BackendEnvironment",
    )
    fails(
        fake,
        lambda: client.get_backend_api(**where(ResourceName=API)),
        "NotFoundException",
        resource_type="BackendEnvironment",
    )


def test_delete_backend_then_create_again_starts_empty(
    fake: AmplifyBackendFake, client: Any, populated: tuple[str, str]
) -> None:
    client.delete_backend(**where())
    client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)

    stored = fake.backend(APP, ENV)
    assert (stored["Api"], stored["Auth"], stored["Storage"]) == ({}, {}, {})
    fails(
        fake,
        lambda: client.get_backend_auth(**where(ResourceName=AUTH)),
        "NotFoundException",
        resource_type="Auth",
    )


# -- RemoveAllBackends -----------------------------------------------------------------------


def test_remove_all_backends_removes_every_environment_but_keeps_the_app(
    fake: AmplifyBackendFake, client: Any, populated: tuple[str, str]
) -> None:
    client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=OTHER_ENV)

    response = client.remove_all_backends(AppId=APP)

    assert response["AppId"] == APP
    assert response["Operation"] == "RemoveAllBackends"
    assert response["Status"] == "COMPLETED"
    assert UUID.match(response["JobId"])
    assert fake.apps() == [APP]
    for environment in (ENV, OTHER_ENV):
        with pytest.raises(KeyError):
            fake.backend(APP, environment)
    got = client.get_backend(AppId=APP)
    assert got["AppName"] == "shop"
    assert got["BackendEnvironmentList"] == []
    assert "BackendEnvironmentName" not in got
    assert "AmplifyMetaConfig" not in got


def test_remove_all_backends_with_clean_amplify_app_removes_the_app(
    fake: AmplifyBackendFake, client: Any, populated: tuple[str, str]
) -> None:
    response = client.remove_all_backends(AppId=APP, CleanAmplifyApp=True)

    assert response["AppId"] == APP
    assert response["Operation"] == "RemoveAllBackends"
    assert fake.apps() == []
    fails(
        fake,
        lambda: client.get_backend(AppId=APP),
        "NotFoundException",
        resource_type="App",
    )
    # the app id is free again
    client.create_backend(AppId=APP, AppName="shop2", BackendEnvironmentName=ENV)
    assert client.get_backend(AppId=APP)["AppName"] == "shop2"


# -- not found, for every operation of this family -------------------------------------------

NOT_FOUND: list[tuple[str, dict[str, Any], str]] = [
    ("get_backend", {"AppId": "d9unknown"}, "App"),
    ("get_backend", {"AppId": APP, "BackendEnvironmentName": "nope"}, "BackendEnvironment"),
    ("clone_backend", where(AppId="d9unknown", TargetEnvironmentName="x"), "App"),
    (
        "clone_backend",
        where(BackendEnvironmentName="nope", TargetEnvironmentName="x"),
        "BackendEnvironment",
    ),
    ("delete_backend", where(AppId="d9unknown"), "App"),
    ("delete_backend", where(BackendEnvironmentName="nope"), "BackendEnvironment"),
    ("remove_all_backends", {"AppId": "d9unknown"}, "App"),
    ("remove_all_backends", {"AppId": "d9unknown", "CleanAmplifyApp": True}, "App"),
]


@pytest.mark.parametrize(
    ("method", "params", "resource_type"),
    NOT_FOUND,
    ids=[f"{m}-{t}-{i}" for i, (m, _, t) in enumerate(NOT_FOUND)],
)
def test_unknown_app_or_environment_is_not_found(
    fake: AmplifyBackendFake,
    client: Any,
    backend: tuple[str, str],
    method: str,
    params: dict[str, Any],
    resource_type: str,
) -> None:
    fails(
        fake,
        lambda: getattr(client, method)(**params),
        "NotFoundException",
        resource_type=resource_type,
    )


# -- contract violations ---------------------------------------------------------------------

VIOLATIONS: list[tuple[str, dict[str, Any], str]] = [
    ("create_backend", {"AppId": APP, "BackendEnvironmentName": "x"}, "$.appName"),
    ("create_backend", {"AppId": APP, "AppName": 7, "BackendEnvironmentName": "x"}, "$.appName"),
    ("clone_backend", where(), "$.targetEnvironmentName"),
    ("remove_all_backends", {"AppId": APP, "CleanAmplifyApp": "yes"}, "$.cleanAmplifyApp"),
    ("get_backend", {"AppId": APP, "BackendEnvironmentName": 3}, "$.backendEnvironmentName"),
]


@pytest.mark.parametrize(
    ("method", "params", "member"),
    VIOLATIONS,
    ids=[f"{m}-{p}" for m, _, p in VIOLATIONS],
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
        lambda: getattr(raw_client, method)(**params),
        "BadRequestException",
        in_message=member,
    )


def test_failed_request_against_an_untouched_fake_changes_no_state(
    fake: AmplifyBackendFake, client: Any
) -> None:
    """The handlers promise that a request that fails changes nothing."""
    before = state_of(fake)

    fails(
        fake,
        lambda: client.get_backend(AppId="d9unknown"),
        "NotFoundException",
        resource_type="App",
    )

    assert state_of(fake) == before
    assert fake.apps() == []


def test_failed_request_from_another_region_changes_no_state(
    fake: AmplifyBackendFake, client: Any, backend: tuple[str, str]
) -> None:
    west = boto3.client("amplifybackend", region_name="us-west-2")

    fails(
        fake,
        lambda: west.get_backend(AppId=APP),
        "NotFoundException",
        resource_type="App",
    )
    assert fake.apps(region="us-west-2") == []


def test_backends_of_different_regions_are_apart(
    fake: AmplifyBackendFake, client: Any, backend: tuple[str, str]
) -> None:
    west = boto3.client("amplifybackend", region_name="us-west-2")

    west.create_backend(AppId="d3west", AppName="west", BackendEnvironmentName="main")

    assert fake.apps(region="us-west-2") == ["d3west"]
    assert fake.apps() == [APP]
    assert fake.backend("d3west", "main", region="us-west-2")["AppName"] == "west"
    region = json.loads(west.get_backend(AppId="d3west")["AmplifyMetaConfig"])["providers"][
        "awscloudformation"
    ]["Region"]
    assert region == "us-west-2"
    fails(
        fake,
        lambda: client.get_backend(AppId="d3west"),
        "NotFoundException",
        resource_type="App",
    )


def test_clone_backend_copies_generated_api_models(client: Any, populated: tuple[str, str]) -> None:
    client.generate_backend_api_models(**where(ResourceName=API))

    client.clone_backend(**where(TargetEnvironmentName=OTHER_ENV))

    models = client.get_backend_api_models(
        AppId=APP, BackendEnvironmentName=OTHER_ENV, ResourceName=API
    )
    assert models["Status"] == "LATEST"
    assert models["Models"] == client.get_backend_api_models(**where(ResourceName=API))["Models"]
    assert '"Todo": {' in models["Models"]
