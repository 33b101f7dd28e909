"""The published JavaScript clients against ``amplify-fakes serve``, as the Amplify CLI calls them.

Each test starts its own server (``--clock virtual``, so jobs move only when a script's
poller "sleeps") and runs one script of ``js/``, which prints what the client read:

* ``admin-ui.mjs``: amplify-e2e-core's enableAdminUI, SDK v3 (CreateBackendConfig, then
  GetBackendJob under the environment name it answered, until COMPLETED);
* ``models.mjs``: the CLI's cloud modelgen with aws-sdk v2 (GenerateBackendAPIModels, poll
  until COMPLETED or FAILED), then Amplify Studio's published AmplifyStudioClient.getModels
  and codegen-ui's getGenericFromDataStore on the stripped and parsed ``Models``;
* ``outputs.mjs``: GetBackend's AmplifyMetaConfig read as front-end config scripts do;
* ``pending.mjs``: a second job while one is pending, with the v3 and the v2 client.
"""

from __future__ import annotations

import re
from typing import Any

from tests.clients.conftest import ACCOUNT, REGION, StartFake

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
APPSYNC_ID = re.compile(r"^[a-z0-9]{26}$")
USER_POOL_ID = re.compile(rf"^{REGION}_[0-9A-Za-z]{{9}}$")
COGNITO_CLIENT_ID = re.compile(r"^[a-z0-9]{26}$")
API_KEY = re.compile(r"^da2-[a-z0-9]{26}$")
IDENTITY_POOL_ID = re.compile(
    rf"^{REGION}:[0-9a-f]{{8}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{12}}$"
)
JOB_SECONDS = 5  # how long a job takes on the fake's clock
POLL_SECONDS = 2  # how far a script's poller moves that clock between polls

BLOG_SCHEMA = """\
enum PostStatus { DRAFT PUBLISHED }
type Blog @model { id: ID! name: String! posts: [Post] @hasMany }
type Post @model {
  id: ID!
  title: String!
  status: PostStatus
  blog: Blog @belongsTo
  tags: [Tag] @manyToMany(relationName: "PostTags")
}
type Tag @model { label: String! @primaryKey posts: [Post] @manyToMany(relationName: "PostTags") }
"""
BLOG_API: dict[str, Any] = {
    "name": "blogapi",
    "config": {
        "ApiName": "blogapi",
        "Service": "AppSync",
        "DefaultAuthType": {
            "Mode": "API_KEY",
            "Settings": {"Description": "studio", "ExpirationTime": 30},
        },
        "TransformSchema": BLOG_SCHEMA,
    },
}
SHOP_AUTH: dict[str, Any] = {
    "name": "shopauth",
    "config": {
        "AuthResources": "IDENTITY_POOL_AND_USER_POOL",
        "Service": "COGNITO",
        "IdentityPoolConfigs": {"IdentityPoolName": "shopIdentity", "UnauthenticatedLogin": True},
        "UserPoolConfigs": {
            "UserPoolName": "shopUsers",
            "SignInMethod": "EMAIL",
            "RequiredSignUpAttributes": ["EMAIL"],
        },
    },
}
SHOP_STORAGE: dict[str, Any] = {
    "name": "shopmedia",
    "config": {
        "ServiceName": "S3",
        "BucketName": "shop-media-uploads",
        "Permissions": {
            "Authenticated": ["READ", "CREATE_AND_UPDATE"],
            "UnAuthenticated": ["READ"],
        },
    },
}
PENDING = (
    "There is already a pending job for the requested appId: {app} and "
    "backendEnvironmentName: {env}, wait for it to complete before creating a new job."
)


def polls_for_one_job() -> int:
    """How many GetBackendJob calls a 2-second poller makes for a 5-second job (t=0,2,4,6)."""
    return JOB_SECONDS // POLL_SECONDS + 2


def test_enable_studio_the_way_the_cli_e2e_does(start_js_fake: StartFake) -> None:
    fake = start_js_fake("--app", "d1initdev:dev,prod", "--app", "d1initbare")
    fake.control(
        "POST", "/apps", {"appId": "d1later", "appName": "later", "environments": ["main"]}
    )
    apps = ["d1initdev", "d1initbare", "d1later", "d1nobody"]

    read = fake.run("admin-ui.mjs", {"apps": apps})

    expected_env = {"d1initdev": "dev", "d1initbare": "staging", "d1later": "main"}
    for app, env in expected_env.items():
        started, job = read[app]["started"], read[app]["job"]
        assert started["AppId"] == app
        assert started["BackendEnvironmentName"] == env
        assert UUID.match(started["JobId"])
        assert started["Status"] == "IN_PROGRESS"
        assert read[app]["outcome"] == "COMPLETED"
        assert read[app]["polls"] == polls_for_one_job()
        assert job["JobId"] == started["JobId"]
        assert job["Operation"] == "CreateBackendConfig"
        assert (job["AppId"], job["BackendEnvironmentName"]) == (app, env)
        assert ISO.match(job["CreateTime"])
        assert ISO.match(job["UpdateTime"])
        assert job["UpdateTime"] > job["CreateTime"]
        assert "Error" not in job
    # the CLI polled exactly the environment CreateBackendConfig named, nothing else
    polled = {
        (c["params"]["AppId"], c["params"]["BackendEnvironmentName"])
        for c in fake.calls("GetBackendJob")
    }
    assert polled == set(expected_env.items())

    error = read["d1nobody"]["error"]
    assert error["name"] == "NotFoundException"
    assert error["status"] == 404
    assert error["fault"] == "client"
    assert "d1nobody" in error["message"]
    assert error["members"]["ResourceType"]


def test_cloud_modelgen_then_studio_reads_the_models(start_js_fake: StartFake) -> None:
    fake = start_js_fake("--app", "d1blog:dev")

    read = fake.run("models.mjs", {"appId": "d1blog", "env": "dev", "api": BLOG_API})

    modelgen = read["modelgen"]
    assert modelgen["jobStartDetails"]["Operation"] == "GenerateBackendAPIModels"
    assert modelgen["jobStartDetails"]["Status"] == "IN_PROGRESS"
    assert modelgen["outcome"] == "COMPLETED"
    assert modelgen["polls"] == polls_for_one_job()
    assert modelgen["printed"] == "Successfully generated models in the cloud."
    assert read["modelsHead"].startswith("export const schema = {")

    # the DataStore schema getAmplifyDataSchema parsed out of Models
    models = read["schema"]["models"]
    assert set(models) == {"Blog", "Post", "Tag", "PostTags"}
    assert {m["name"]: m["pluralName"] for m in models.values()} == {
        "Blog": "Blogs",
        "Post": "Posts",
        "Tag": "Tags",
        "PostTags": "PostTags",
    }
    post = models["Post"]["fields"]
    assert post["title"] == {"type": "String", "isRequired": True, "isArray": False}
    assert post["status"]["type"] == {"enum": "PostStatus"}
    assert post["blog"]["association"] == {
        "connectionType": "BELONGS_TO",
        "targetNames": ["blogPostsId"],
    }
    assert models["Blog"]["fields"]["posts"]["association"] == {
        "connectionType": "HAS_MANY",
        "associatedWith": ["blogPostsId"],
    }
    assert {"type": "key", "properties": {"fields": ["label"]}} in models["Tag"]["attributes"]
    assert read["schema"]["enums"] == {
        "PostStatus": {"name": "PostStatus", "values": ["DRAFT", "PUBLISHED"]}
    }
    assert re.fullmatch(r"[0-9a-f]{32}", read["schema"]["version"])

    # what Studio's form and view codegen works from (codegen-ui's generic schema)
    generic = read["generic"]
    assert generic["dataSourceType"] == "DataStore"
    assert generic["models"]["Tag"]["primaryKeys"] == ["label"]
    assert generic["models"]["Blog"]["primaryKeys"] == ["id"]
    assert generic["models"]["PostTags"].get("isJoinTable") is True
    tags = generic["models"]["Post"]["fields"]["tags"]["relationship"]
    assert (tags["type"], tags["relatedModelName"], tags["relatedJoinTableName"]) == (
        "HAS_MANY",
        "Tag",
        "PostTags",
    )
    posts = generic["models"]["Blog"]["fields"]["posts"]["relationship"]
    assert posts["relatedModelName"] == "Post"
    assert posts["belongsToFieldOnRelatedModel"] == "blog"
    assert generic["models"]["Post"]["fields"]["createdAt"]["readOnly"] is True
    assert generic["enums"]["PostStatus"]["values"] == ["DRAFT", "PUBLISHED"]


def test_a_failed_modelgen_job_without_error_is_what_the_poller_sees(
    start_js_fake: StartFake,
) -> None:
    fake = start_js_fake("--app", "d1broken:dev")

    read = fake.run(
        "models.mjs", {"appId": "d1broken", "env": "dev", "api": BLOG_API, "failModelgen": True}
    )

    modelgen = read["modelgen"]
    assert modelgen["outcome"] == "FAILED"
    assert modelgen["polls"] == polls_for_one_job()
    assert (
        modelgen["printed"] == "Failed to create models in the cloud: Modelgen job creation failed"
    )
    for job in (modelgen["job"], read["v3Job"]):  # aws-sdk v2 and SDK v3 read the same job
        assert job["Status"] == "FAILED"
        assert job["Operation"] == "GenerateBackendAPIModels"
        assert job["JobId"] == modelgen["jobStartDetails"]["JobId"]
        assert "Error" not in job
    assert "schema" not in read  # the CLI stops there: Studio never asks for models


def test_front_end_config_reads_deployed_ids_from_get_backend(start_js_fake: StartFake) -> None:
    fake = start_js_fake("--app", "d1shop:dev")
    resources = {"api": BLOG_API, "auth": SHOP_AUTH, "storage": SHOP_STORAGE}

    read = fake.run("outputs.mjs", {"appId": "d1shop", "env": "dev", "resources": resources})

    ids = read["reads"]
    api_id = ids["graphqlApiId"]
    assert APPSYNC_ID.match(api_id)
    assert ids["graphqlEndpoint"] == f"https://{api_id}.appsync-api.{REGION}.amazonaws.com/graphql"
    assert API_KEY.match(ids["graphqlApiKey"])
    pool = ids["userPoolId"]
    assert USER_POOL_ID.match(pool)
    assert ids["userPoolArn"] == f"arn:aws:cognito-idp:{REGION}:{ACCOUNT}:userpool/{pool}"
    assert COGNITO_CLIENT_ID.match(ids["appClientId"])
    assert COGNITO_CLIENT_ID.match(ids["appClientIdWeb"])
    assert ids["appClientId"] != ids["appClientIdWeb"]
    assert IDENTITY_POOL_ID.match(ids["identityPoolId"])
    assert ids["bucket"] == SHOP_STORAGE["config"]["BucketName"]
    assert ids["bucketRegion"] == REGION
    assert ids["region"] == REGION
    assert re.fullmatch(r"amplify-d1shop-dev-\d{5,6}", ids["stackName"])
    assert ids["deploymentBucket"] == f"{ids['stackName']}-deployment"
    assert read["environments"] == ["dev"]
    assert read["featureFlags"]["graphqltransformer"]["transformerversion"] == 2


def test_a_second_job_while_one_is_pending_is_refused_to_both_sdks(
    start_js_fake: StartFake,
) -> None:
    fake = start_js_fake("--app", "d1busy:dev")

    read = fake.run(
        "pending.mjs", {"appId": "d1busy", "env": "dev", "api": BLOG_API, "auth": SHOP_AUTH}
    )

    message = PENDING.format(app="d1busy", env="dev")
    v3 = read["v3"]["error"]
    assert (v3["name"], v3["status"], v3["fault"]) == ("BadRequestException", 400, "client")
    assert v3["message"] == message
    v2 = read["v2"]["error"]
    assert (v2["code"], v2["status"], v2["retryable"]) == ("BadRequestException", 400, False)
    assert v2["message"] == message
    assert read["waited"]["outcome"] == "COMPLETED"
    assert read["waited"]["job"]["JobId"] == read["first"]["JobId"]
    retried = read["retried"]["answered"]
    assert retried["Operation"] == "CreateBackendAuth"
    assert retried["Status"] == "IN_PROGRESS"
    # the refused requests started nothing: two jobs in all
    assert [c["status"] for c in fake.calls("CreateBackendAuth")] == [400, 200]
    assert [c["status"] for c in fake.calls("GenerateBackendAPIModels")] == [400]
