"""With moto active, what a backend deploys exists in moto (issue 15, point 2).

Code that reads the backend's config and then calls cognito-idp, S3 or AppSync works end
to end in one test: the user pool, app clients, bucket and GraphQL API are in moto under
the ids AmplifyMetaConfig shows, in the request's account and region, and go when the
resource goes.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from amplify_fakes import AmplifyBackendFake
from tests.conftest import APP, ENV
from tests.fake.operations._support import (
    API,
    API_CONFIG,
    AUTH,
    AUTH_CONFIG,
    MIN_AUTH,
    MIN_STORAGE,
    REGION,
    STORAGE,
    config,
    make_api,
    make_auth,
    make_storage,
    meta_of,
    where,
)

with_moto = pytest.mark.usefixtures("moto_aws")


def outputs(client: Any, category: str, name: str, env: str = ENV) -> dict[str, Any]:
    """The output block of one resource in AmplifyMetaConfig."""
    found: dict[str, Any] = meta_of(client, env=env)[category][name]["output"]
    return found


@with_moto
def test_the_user_pool_and_its_clients_exist_in_cognito(client: Any) -> None:
    client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    make_auth(client, AUTH_CONFIG)
    cognito = boto3.client("cognito-idp", region_name=REGION)

    output = outputs(client, "auth", AUTH)

    pool = cognito.describe_user_pool(UserPoolId=output["UserPoolId"])["UserPool"]
    assert pool["Id"] == output["UserPoolId"]
    assert pool["Arn"] == output["UserPoolArn"]
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == 10
    assert pool["UsernameAttributes"] == ["email"]
    clients = cognito.list_user_pool_clients(UserPoolId=pool["Id"])["UserPoolClients"]
    assert {c["ClientId"] for c in clients} == {output["AppClientID"], output["AppClientIDWeb"]}
    web = cognito.describe_user_pool_client(
        UserPoolId=pool["Id"], ClientId=output["AppClientIDWeb"]
    )
    assert web["UserPoolClient"]["ClientId"] == output["AppClientIDWeb"]


@with_moto
def test_the_bucket_exists_in_s3(client: Any) -> None:
    client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    make_storage(client, MIN_STORAGE)
    s3 = boto3.client("s3", region_name=REGION)

    bucket = outputs(client, "storage", STORAGE)["BucketName"]

    s3.head_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="avatar.png", Body=b"png")
    assert s3.get_object(Bucket=bucket, Key="avatar.png")["Body"].read() == b"png"
    listed = client.list_s3_buckets()["Buckets"]
    assert bucket in [b["Name"] for b in listed]


@with_moto
def test_the_graphql_api_and_its_key_exist_in_appsync(client: Any) -> None:
    client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    make_api(client, API_CONFIG)
    appsync = boto3.client("appsync", region_name=REGION)

    output = outputs(client, "api", API)

    api = appsync.get_graphql_api(apiId=output["GraphQLAPIIdOutput"])["graphqlApi"]
    assert api["name"] == f"shopApi-{ENV}"
    assert api["authenticationType"] == "AMAZON_COGNITO_USER_POOLS"
    keys = appsync.list_api_keys(apiId=api["apiId"])["apiKeys"]
    assert [k["id"] for k in keys] == [output["GraphQLAPIKeyOutput"]]


@with_moto
def test_deleting_a_resource_deletes_what_it_made(client: Any) -> None:
    client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    make_auth(client, MIN_AUTH)
    make_storage(client, MIN_STORAGE)
    make_api(client, API_CONFIG)
    pool = outputs(client, "auth", AUTH)["UserPoolId"]
    bucket = outputs(client, "storage", STORAGE)["BucketName"]
    api = outputs(client, "api", API)["GraphQLAPIIdOutput"]

    client.delete_backend_auth(**where(ResourceName=AUTH))
    client.delete_backend_storage(**where(ResourceName=STORAGE, ServiceName="S3"))
    client.delete_backend_api(**where(ResourceName=API))

    with pytest.raises(ClientError, match="ResourceNotFoundException"):
        boto3.client("cognito-idp", region_name=REGION).describe_user_pool(UserPoolId=pool)
    with pytest.raises(ClientError, match="404"):
        boto3.client("s3", region_name=REGION).head_bucket(Bucket=bucket)
    with pytest.raises(ClientError, match="NotFoundException"):
        boto3.client("appsync", region_name=REGION).get_graphql_api(apiId=api)


@with_moto
def test_deleting_the_environment_or_all_backends_deletes_what_they_made(client: Any) -> None:
    cognito = boto3.client("cognito-idp", region_name=REGION)
    for env in (ENV, "prod"):
        client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=env)
        client.create_backend_auth(
            AppId=APP,
            BackendEnvironmentName=env,
            ResourceName=AUTH,
            ResourceConfig=config(MIN_AUTH),
        )
    assert len(cognito.list_user_pools(MaxResults=10)["UserPools"]) == 2

    client.delete_backend(AppId=APP, BackendEnvironmentName="prod")
    assert len(cognito.list_user_pools(MaxResults=10)["UserPools"]) == 1
    client.remove_all_backends(AppId=APP, CleanAmplifyApp=True)
    assert cognito.list_user_pools(MaxResults=10)["UserPools"] == []


@with_moto
def test_a_bucket_that_holds_objects_stays_when_the_storage_goes(client: Any) -> None:
    client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    make_storage(client, MIN_STORAGE)
    bucket = outputs(client, "storage", STORAGE)["BucketName"]
    s3 = boto3.client("s3", region_name=REGION)
    s3.put_object(Bucket=bucket, Key="keep.txt", Body=b"data")

    client.delete_backend_storage(**where(ResourceName=STORAGE, ServiceName="S3"))

    s3.head_bucket(Bucket=bucket)  # CloudFormation cannot delete a bucket with objects either


@with_moto
def test_imported_resources_are_neither_created_nor_deleted(client: Any) -> None:
    cognito = boto3.client("cognito-idp", region_name=REGION)
    pool = cognito.create_user_pool(PoolName="existing")["UserPool"]
    client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    client.import_backend_auth(**where(UserPoolId=pool["Id"], NativeClientId="n", WebClientId="w"))

    assert outputs(client, "auth", pool["Id"])["UserPoolName"] == "existing"
    assert len(cognito.list_user_pools(MaxResults=10)["UserPools"]) == 1
    client.delete_backend_auth(**where(ResourceName=pool["Id"]))
    assert cognito.describe_user_pool(UserPoolId=pool["Id"])["UserPool"]["Name"] == "existing"


@with_moto
def test_resources_are_made_in_the_requests_account_and_region(fake: AmplifyBackendFake) -> None:
    other = boto3.client("amplifybackend", region_name="eu-west-1")
    other.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    other.create_backend_auth(**where(ResourceName=AUTH, ResourceConfig=config(MIN_AUTH)))
    output = outputs(other, "auth", AUTH)

    assert output["UserPoolId"].startswith("eu-west-1_")
    found = boto3.client("cognito-idp", region_name="eu-west-1").describe_user_pool(
        UserPoolId=output["UserPoolId"]
    )
    assert found["UserPool"]["Id"] == output["UserPoolId"]
    assert (
        boto3.client("cognito-idp", region_name=REGION).list_user_pools(MaxResults=5)["UserPools"]
        == []
    )


@with_moto
def test_with_a_clock_the_pool_appears_when_the_job_completes(
    clock_fake: AmplifyBackendFake,
) -> None:
    client = boto3.client("amplifybackend", region_name=REGION)
    clock_fake.add_backend(APP, ENV)
    job = make_auth(client, MIN_AUTH)["JobId"]
    cognito = boto3.client("cognito-idp", region_name=REGION)
    assert cognito.list_user_pools(MaxResults=5)["UserPools"] == []

    clock_fake.clock.advance(5)
    assert client.get_backend_job(**where(JobId=job))["Status"] == "COMPLETED"

    pools = cognito.list_user_pools(MaxResults=5)["UserPools"]
    assert [p["Id"] for p in pools] == [outputs(client, "auth", AUTH)["UserPoolId"]]


@with_moto
def test_seeded_resources_exist_in_moto(fake: AmplifyBackendFake) -> None:
    fake.add_backend(APP, ENV, storage={STORAGE: config(MIN_STORAGE)})

    bucket = outputs(boto3.client("amplifybackend", region_name=REGION), "storage", STORAGE)
    boto3.client("s3", region_name=REGION).head_bucket(Bucket=bucket["BucketName"])


def test_without_moto_nothing_imports_it() -> None:
    """A process that never imported moto does not get it from the fake (run apart)."""
    code = (
        "import sys, boto3, json\n"
        "from amplify_fakes import mock_amplifybackend\n"
        "with mock_amplifybackend(jobs='immediate'):\n"
        "    c = boto3.client('amplifybackend', region_name='us-east-1')\n"
        "    c.create_backend(AppId='d1', AppName='a', BackendEnvironmentName='dev')\n"
        f"    c.create_backend_auth(AppId='d1', BackendEnvironmentName='dev', ResourceName='a', ResourceConfig={MIN_AUTH!r})\n"
        "    c.create_backend_storage(AppId='d1', BackendEnvironmentName='dev', ResourceName='s', ResourceConfig={'ServiceName': 'S3', 'Permissions': {'Authenticated': ['READ']}})\n"
        "    meta = json.loads(c.get_backend(AppId='d1')['AmplifyMetaConfig'])\n"
        "    assert meta['auth']['a']['output']['UserPoolId']\n"
        "print(sorted(m for m in sys.modules if m == 'moto' or m.startswith('moto.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


@with_moto
def test_an_environment_deleted_before_its_job_completes_makes_nothing_in_moto(
    clock_fake: AmplifyBackendFake,
) -> None:
    client = boto3.client("amplifybackend", region_name=REGION)
    clock_fake.add_backend(APP, ENV, auth={AUTH: config(MIN_AUTH)})
    cognito = boto3.client("cognito-idp", region_name=REGION)
    assert len(cognito.list_user_pools(MaxResults=10)["UserPools"]) == 1
    client.clone_backend(**where(TargetEnvironmentName="prod"))  # its job belongs to dev
    client.delete_backend(AppId=APP, BackendEnvironmentName="prod")  # so prod is free

    clock_fake.clock.advance(10)
    client.get_backend(AppId=APP)

    assert len(cognito.list_user_pools(MaxResults=10)["UserPools"]) == 1  # dev's only


@with_moto
def test_a_region_moto_does_not_serve_is_no_defect(fake: AmplifyBackendFake) -> None:
    region = "ap-east-2"  # a real region this moto's AppSync does not know
    other = boto3.client("amplifybackend", region_name=region)
    other.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    other.create_backend_api(**where(ResourceName=API, ResourceConfig=config(API_CONFIG)))

    output = outputs(other, "api", API)
    assert output["GraphQLAPIIdOutput"]
    other.delete_backend(AppId=APP, BackendEnvironmentName=ENV)
    assert fake.errors == []


@with_moto
def test_seeded_resources_are_deleted_from_moto_with_them(
    fake: AmplifyBackendFake, client: Any
) -> None:
    fake.add_backend(APP, ENV, auth={AUTH: config(MIN_AUTH)})
    cognito = boto3.client("cognito-idp", region_name=REGION)
    pool = outputs(client, "auth", AUTH)["UserPoolId"]
    assert cognito.describe_user_pool(UserPoolId=pool)["UserPool"]["Id"] == pool

    client.delete_backend_auth(**where(ResourceName=AUTH))

    assert cognito.list_user_pools(MaxResults=10)["UserPools"] == []


@with_moto
def test_a_failed_request_makes_and_deletes_nothing_in_moto(client: Any) -> None:
    client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    make_auth(client, MIN_AUTH)
    cognito = boto3.client("cognito-idp", region_name=REGION)
    before = cognito.list_user_pools(MaxResults=10)["UserPools"]
    with pytest.raises(ClientError):
        client.delete_backend_auth(AppId=APP, BackendEnvironmentName="nope", ResourceName=AUTH)
    with pytest.raises(ClientError):
        client.create_backend_auth(**where(ResourceName=AUTH, ResourceConfig=config(MIN_AUTH)))
    assert cognito.list_user_pools(MaxResults=10)["UserPools"] == before
