"""AmplifyMetaConfig is amplify-meta.json as a deployed backend has it (issue 15, point 1).

Scripts written against the real service read each resource's ``output`` block: the
AppSync id, endpoint and key, the user pool, its clients and identity pool, the bucket.
These tests read them the way those scripts do, through both doors.
"""

from __future__ import annotations

import json
import re
from typing import Any

import boto3
import pytest
from hypothesis import given
from hypothesis import strategies as st

from amplify_fakes import AmplifyBackendFake, mock_amplifybackend
from amplify_fakes.server import FakeServer
from amplify_fakes.strategies import requests
from tests.conftest import APP, ENV
from tests.fake.operations._support import (
    ACCOUNT,
    API,
    API_CONFIG,
    AUTH,
    AUTH_CONFIG,
    MIN_API,
    MIN_AUTH,
    MIN_STORAGE,
    POOL,
    REGION,
    STORAGE,
    STORAGE_CONFIG,
    UUID,
    config,
    make_api,
    make_auth,
    make_storage,
    meta_of,
    where,
)

APPSYNC_ID = re.compile(r"^[a-z0-9]{26}$")
API_KEY = re.compile(r"^da2-[a-z0-9]{26}$")
CLIENT_ID = re.compile(r"^[a-z0-9]{26}$")
USER_POOL_ID = re.compile(rf"^{REGION}_[A-Za-z0-9]{{9}}$")
BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")


def full_backend(client: Any) -> None:
    client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    make_auth(client, AUTH_CONFIG)
    make_api(client, API_CONFIG)
    make_storage(client, STORAGE_CONFIG)


def test_a_deployed_api_shows_its_appsync_id_endpoint_and_key(client: Any) -> None:
    full_backend(client)

    entry = meta_of(client)["api"][API]

    output = entry["output"]
    assert APPSYNC_ID.match(output["GraphQLAPIIdOutput"])
    assert output["GraphQLAPIEndpointOutput"] == (
        f"https://{output['GraphQLAPIIdOutput']}.appsync-api.{REGION}.amazonaws.com/graphql"
    )
    assert API_KEY.match(output["GraphQLAPIKeyOutput"])  # API_KEY is an additional mode
    auth = output["authConfig"]
    assert auth["defaultAuthentication"] == {
        "authenticationType": "AMAZON_COGNITO_USER_POOLS",
        "userPoolConfig": {"userPoolId": "us-east-1_AbCdEf123"},
    }
    assert [p["authenticationType"] for p in auth["additionalAuthenticationProviders"]] == [
        "API_KEY",
        "AWS_IAM",
    ]
    assert auth["additionalAuthenticationProviders"][0]["apiKeyConfig"] == {
        "apiKeyExpirationDays": 7,
        "description": "public read key",
    }
    assert entry["service"] == "AppSync"
    assert entry["providerPlugin"] == "awscloudformation"
    assert entry["dependsOn"] == [
        {"category": "auth", "resourceName": AUTH, "attributes": ["UserPoolId"]}
    ]


def test_an_api_without_api_key_auth_has_no_key_output(client: Any) -> None:
    client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    make_api(client, {**MIN_API, "DefaultAuthType": {"Mode": "AWS_IAM"}})

    output = meta_of(client)["api"][API]["output"]

    assert "GraphQLAPIKeyOutput" not in output
    assert output["authConfig"]["defaultAuthentication"] == {"authenticationType": "AWS_IAM"}


def test_a_deployed_auth_shows_its_user_pool_clients_and_identity_pool(client: Any) -> None:
    full_backend(client)

    entry = meta_of(client)["auth"][AUTH]

    output = entry["output"]
    assert USER_POOL_ID.match(output["UserPoolId"])
    assert output["UserPoolArn"] == (
        f"arn:aws:cognito-idp:{REGION}:{ACCOUNT}:userpool/{output['UserPoolId']}"
    )
    assert output["UserPoolName"] == "shopUserPool"
    assert CLIENT_ID.match(output["AppClientID"])
    assert CLIENT_ID.match(output["AppClientIDWeb"])
    assert output["AppClientID"] != output["AppClientIDWeb"]
    assert output["IdentityPoolId"].startswith(f"{REGION}:")
    assert UUID.match(output["IdentityPoolId"].split(":", 1)[1])
    assert output["IdentityPoolName"] == "shopIdentityPool"
    front = entry["frontendAuthConfig"]
    assert front["usernameAttributes"] == ["EMAIL"]
    assert front["signupAttributes"] == ["EMAIL", "NAME"]
    assert front["mfaConfiguration"] == "OPTIONAL"
    assert front["passwordProtectionSettings"] == {
        "passwordPolicyMinLength": 10,
        "passwordPolicyCharacters": ["REQUIRES_NUMBERS", "REQUIRES_UPPERCASE", "REQUIRES_SYMBOLS"],
    }


def test_a_user_pool_only_auth_has_no_identity_pool_outputs(client: Any) -> None:
    client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    make_auth(client, MIN_AUTH)

    output = meta_of(client)["auth"][AUTH]["output"]

    assert "IdentityPoolId" not in output
    assert "IdentityPoolName" not in output
    assert USER_POOL_ID.match(output["UserPoolId"])


def test_a_deployed_storage_shows_its_bucket_and_region(client: Any) -> None:
    full_backend(client)

    output = meta_of(client)["storage"][STORAGE]["output"]

    stored = client.get_backend_storage(**where(ResourceName=STORAGE))["ResourceConfig"]
    assert output == {"BucketName": stored["BucketName"], "Region": REGION}
    assert BUCKET_NAME.match(output["BucketName"])


def test_outputs_appear_when_the_job_completes_and_stay_for_the_resources_life(
    clock_fake: AmplifyBackendFake,
) -> None:
    client = boto3.client("amplifybackend", region_name=REGION)
    client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    clock_fake.clock.advance(5)
    job = make_auth(client, MIN_AUTH)["JobId"]

    assert client.get_backend_job(**where(JobId=job))["Status"] == "IN_PROGRESS"
    assert "output" not in meta_of(client)["auth"][AUTH]  # not deployed yet
    clock_fake.clock.advance(5)
    assert client.get_backend_job(**where(JobId=job))["Status"] == "COMPLETED"
    deployed = meta_of(client)["auth"][AUTH]
    assert USER_POOL_ID.match(deployed["output"]["UserPoolId"])
    assert "lastPushTimeStamp" in deployed

    client.update_backend_auth(
        **where(
            ResourceName=AUTH,
            ResourceConfig={
                "AuthResources": "USER_POOL_ONLY",
                "Service": "COGNITO",
                "UserPoolConfigs": {"PasswordPolicy": {"MinimumLength": 12.0}},
            },
        )
    )
    assert meta_of(client)["auth"][AUTH]["output"] == deployed["output"]  # same pool
    clock_fake.clock.advance(5)
    client.delete_backend_auth(**where(ResourceName=AUTH))
    assert "auth" not in meta_of(client)


def test_a_resource_whose_job_failed_is_never_deployed(
    fake: AmplifyBackendFake, client: Any
) -> None:
    client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    fake.faults.fail_next_job(
        "CreateBackendAuth", error="Resource is not in the state stackUpdateComplete"
    )
    job = make_auth(client, MIN_AUTH)["JobId"]

    assert client.get_backend_job(**where(JobId=job))["Status"] == "FAILED"
    assert "output" not in meta_of(client)["auth"][AUTH]


def test_outputs_are_repeatable_under_seed_ids() -> None:
    def deployed_meta() -> dict[str, Any]:
        with mock_amplifybackend(strict=True, jobs="immediate", clock="virtual") as fake:
            fake.seed_ids(11)
            client = boto3.client("amplifybackend", region_name=REGION)
            full_backend(client)
            return meta_of(client)

    first, second = deployed_meta(), deployed_meta()
    assert first == second
    assert (
        first["auth"][AUTH]["output"]["UserPoolId"] == second["auth"][AUTH]["output"]["UserPoolId"]
    )


def test_imported_auth_and_storage_carry_the_imported_ids(
    fake: AmplifyBackendFake, client: Any
) -> None:
    client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    identity = f"{REGION}:0b8bb3c2-6a8d-4c4e-9f8e-1f2d3c4b5a69"
    client.import_backend_auth(
        **where(
            UserPoolId=POOL,
            NativeClientId="nativeclient",
            WebClientId="webclient",
            IdentityPoolId=identity,
        )
    )
    fake.add_bucket("shop-existing-assets")
    client.import_backend_storage(**where(BucketName="shop-existing-assets", ServiceName="S3"))

    meta = meta_of(client)

    auth = meta["auth"][POOL]
    assert auth["serviceType"] == "imported"
    assert auth["output"]["UserPoolId"] == POOL
    assert auth["output"]["AppClientID"] == "nativeclient"
    assert auth["output"]["AppClientIDWeb"] == "webclient"
    assert auth["output"]["IdentityPoolId"] == identity
    storage = meta["storage"]["shop-existing-assets"]
    assert storage["serviceType"] == "imported"
    assert storage["output"] == {"BucketName": "shop-existing-assets", "Region": REGION}


def test_a_clone_is_a_deployment_of_its_own(client: Any) -> None:
    full_backend(client)
    make_storage(client, MIN_STORAGE, name="uploads")  # a bucket name the service chose
    client.clone_backend(**where(TargetEnvironmentName="prod"))

    source, clone = meta_of(client), meta_of(client, env="prod")

    assert (
        clone["auth"][AUTH]["output"]["UserPoolId"] != source["auth"][AUTH]["output"]["UserPoolId"]
    )
    assert (
        clone["api"][API]["output"]["GraphQLAPIIdOutput"]
        != source["api"][API]["output"]["GraphQLAPIIdOutput"]
    )
    generated = clone["storage"]["uploads"]["output"]["BucketName"]
    assert generated.endswith("-prod")
    assert generated != source["storage"]["uploads"]["output"]["BucketName"]
    named = clone["storage"][STORAGE]["output"]["BucketName"]  # a name the user gave stays
    assert named == source["storage"][STORAGE]["output"]["BucketName"]
    assert clone["providers"]["awscloudformation"]["StackName"].startswith(f"amplify-{APP}-prod-")


def test_seeded_resources_are_deployed(fake: AmplifyBackendFake, client: Any) -> None:
    fake.add_backend(
        APP, ENV, auth={AUTH: config(MIN_AUTH)}, storage={STORAGE: config(MIN_STORAGE)}
    )

    meta = meta_of(client)

    assert USER_POOL_ID.match(meta["auth"][AUTH]["output"]["UserPoolId"])
    assert BUCKET_NAME.match(meta["storage"][STORAGE]["output"]["BucketName"])


def test_a_python_script_reads_the_deployed_ids_as_written_for_aws(client: Any) -> None:
    """The shape of public scripts: get_backend, json.loads, the only resource of each."""
    full_backend(client)

    response = client.get_backend(AppId=APP, BackendEnvironmentName=ENV)
    meta = json.loads(response["AmplifyMetaConfig"])
    storage = next(iter(meta["storage"].values()))["output"]
    auth = next(iter(meta["auth"].values()))["output"]
    api = next(e for e in meta["api"].values() if e["service"] == "AppSync")["output"]
    settings = {
        "bucket": storage["BucketName"],
        "bucket_region": storage["Region"],
        "user_pool": auth["UserPoolId"],
        "web_client": auth["AppClientIDWeb"],
        "identity_pool": auth["IdentityPoolId"],
        "graphql": api["GraphQLAPIEndpointOutput"],
        "api_key": api["GraphQLAPIKeyOutput"],
        "region": meta["providers"]["awscloudformation"]["Region"],
    }
    assert all(isinstance(v, str) and v for v in settings.values()), settings
    assert settings["graphql"].startswith("https://")
    assert settings["region"] == REGION


def test_the_http_door_answers_the_same_document(aws_credentials: dict[str, str]) -> None:
    with FakeServer(strict=True, jobs="immediate", clock="virtual") as server:
        server.fake.seed_ids(5)
        full_backend(server.client(region_name=REGION))
        over_http = meta_of(server.client(region_name=REGION))
        server.check()
    with mock_amplifybackend(strict=True, jobs="immediate", clock="virtual") as fake:
        fake.seed_ids(5)
        client = boto3.client("amplifybackend", region_name=REGION)
        full_backend(client)
        in_process = meta_of(client)
    assert over_http == in_process
    assert USER_POOL_ID.match(over_http["auth"][AUTH]["output"]["UserPoolId"])


@given(request=requests("CreateBackendAuth"), region=st.sampled_from(["us-east-1", "eu-west-2"]))
def test_any_valid_auth_config_deploys_to_aws_formatted_outputs(
    request: dict[str, Any], region: str
) -> None:
    with mock_amplifybackend(strict=True, jobs="immediate") as fake:
        fake.add_backend(request["AppId"], request["BackendEnvironmentName"], region=region)
        client = boto3.client("amplifybackend", region_name=region)
        client.create_backend_auth(**request)
        meta = meta_of(client, request["AppId"], request["BackendEnvironmentName"])
    output = meta["auth"][request["ResourceName"]]["output"]
    assert re.match(rf"^{region}_[A-Za-z0-9]{{9}}$", output["UserPoolId"])
    assert CLIENT_ID.match(output["AppClientID"])
    assert CLIENT_ID.match(output["AppClientIDWeb"])
    identity = request["ResourceConfig"]["AuthResources"] == "IDENTITY_POOL_AND_USER_POOL"
    assert ("IdentityPoolId" in output) is identity
    oauth = request["ResourceConfig"]["UserPoolConfigs"].get("OAuth")
    if oauth is not None:
        metadata = json.loads(output["OAuthMetadata"])  # a JSON string, as the CLI writes it
        assert metadata["CallbackURLs"] == oauth.get("RedirectSignInURIs", [])


@pytest.mark.parametrize(
    "mode", ["API_KEY", "AWS_IAM", "AMAZON_COGNITO_USER_POOLS", "OPENID_CONNECT"]
)
def test_each_default_auth_mode_is_described_in_auth_config(client: Any, mode: str) -> None:
    client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    make_api(client, {**MIN_API, "DefaultAuthType": {"Mode": mode}})

    output = meta_of(client)["api"][API]["output"]

    assert output["authConfig"]["defaultAuthentication"]["authenticationType"] == mode
    assert ("GraphQLAPIKeyOutput" in output) is (mode == "API_KEY")


def test_a_failed_job_set_to_completed_by_hand_deploys_its_resource(
    fake: AmplifyBackendFake, client: Any
) -> None:
    client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    fake.faults.fail_next_job("CreateBackendAuth")
    job = make_auth(client, MIN_AUTH)["JobId"]
    assert "output" not in meta_of(client)["auth"][AUTH]

    client.update_backend_job(**where(JobId=job, Status="COMPLETED"))

    live = meta_of(client)["auth"][AUTH]["output"]
    assert USER_POOL_ID.match(live["UserPoolId"])
    with mock_amplifybackend(strict=True, jobs="immediate", state=fake.snapshot()):
        again = meta_of(boto3.client("amplifybackend", region_name=REGION))
    assert again["auth"][AUTH]["output"] == live  # the snapshot agrees with the live state


def test_a_clone_registers_the_buckets_it_generates(client: Any) -> None:
    client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    make_storage(client, MIN_STORAGE)
    client.clone_backend(**where(TargetEnvironmentName="prod"))

    names = {b["Name"] for b in client.list_s3_buckets()["Buckets"]}

    clone = meta_of(client, env="prod")["storage"][STORAGE]["output"]["BucketName"]
    assert clone in names
    assert meta_of(client)["storage"][STORAGE]["output"]["BucketName"] in names
