"""Deployed ids read with the AWS CLI, as shell scripts of Amplify apps read them.

platelet-app/platelet's ``scripts/get-amplify-outputs.sh`` runs ``aws amplifybackend
get-backend --app-id APP --backend-environment-name ENV`` and pipes the answer through jq:
``.AmplifyMetaConfig`` (a JSON string), then ``.auth | .[keys[0]].output.UserPoolId`` and the
like (jq's ``keys`` is sorted, so ``keys[0]`` is the alphabetically first resource),
``.api.platelet.output.GraphQLAPIEndpointOutput`` and ``.providers.awscloudformation.StackName``.
Here Python's json does jq's part. The backend is set up with boto3 on a server whose jobs
complete at once; only the reading goes through the AWS CLI (``python -m awscli``).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from typing import Any

import boto3

from tests.clients.conftest import ACCOUNT, REGION, StartFake
from tests.server._support import fake_aws_env

APP, ENV = "d1platelet", "dev"
CLI_SECONDS = 30


def _first(section: dict[str, Any]) -> Any:
    """jq's ``.[keys[0]]``."""
    return section[sorted(section)[0]]


def _deploy(url: str) -> None:
    client = boto3.client(
        "amplifybackend",
        endpoint_url=url,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    names = {"AppId": APP, "BackendEnvironmentName": ENV}
    client.create_backend_config(AppId=APP)
    client.create_backend_api(
        **names,
        ResourceName="platelet",
        ResourceConfig={
            "ApiName": "platelet",
            "DefaultAuthType": {"Mode": "AMAZON_COGNITO_USER_POOLS"},
            "AdditionalAuthTypes": [{"Mode": "API_KEY", "Settings": {"ExpirationTime": 7}}],
            "TransformSchema": "type Task @model { id: ID! status: String }",
        },
    )
    # two user pools: the script reads the alphabetically first one
    for name in ("zzzlegacyauth", "plateletauth"):
        client.create_backend_auth(
            **names,
            ResourceName=name,
            ResourceConfig={
                "AuthResources": "USER_POOL_ONLY",
                "Service": "COGNITO",
                "UserPoolConfigs": {
                    "UserPoolName": f"{name}Pool",
                    "SignInMethod": "EMAIL",
                    "RequiredSignUpAttributes": ["EMAIL"],
                },
            },
        )
    client.create_backend_storage(
        **names,
        ResourceName="plateletstorage",
        ResourceConfig={
            "ServiceName": "S3",
            "BucketName": "platelet-profile-pictures",
            "Permissions": {"Authenticated": ["READ", "CREATE_AND_UPDATE"]},
        },
    )
    client.close()


def test_get_amplify_outputs_script_reads_the_deployed_ids(start_fake: StartFake) -> None:
    fake = start_fake("--jobs", "immediate", "--app", f"{APP}:{ENV}")
    _deploy(fake.url)

    # get-amplify-outputs.sh's call, with the endpoint in front
    command = ["amplifybackend", "get-backend", "--app-id", APP, "--backend-environment-name", ENV]
    done = subprocess.run(
        [sys.executable, "-m", "awscli", "--endpoint-url", fake.url, *command],
        capture_output=True,
        text=True,
        env=fake_aws_env(AWS_REGION=REGION),
        timeout=CLI_SECONDS,
        check=False,
    )
    assert done.returncode == 0, done.stderr

    meta = json.loads(json.loads(done.stdout)["AmplifyMetaConfig"])  # jq -r .AmplifyMetaConfig
    auth = _first(meta["auth"])["output"]
    user_pool_id = auth["UserPoolId"]
    assert re.fullmatch(rf"{REGION}_[0-9A-Za-z]{{9}}", user_pool_id)
    assert auth["UserPoolName"] == "plateletauthPool"
    assert auth["UserPoolArn"] == f"arn:aws:cognito-idp:{REGION}:{ACCOUNT}:userpool/{user_pool_id}"
    assert re.fullmatch(r"[a-z0-9]{26}", auth["AppClientID"])
    assert "IdentityPoolId" not in auth  # USER_POOL_ONLY
    appsync_id = _first(meta["api"])["output"]["GraphQLAPIIdOutput"]
    assert re.fullmatch(r"[a-z0-9]{26}", appsync_id)
    endpoint = meta["api"]["platelet"]["output"]["GraphQLAPIEndpointOutput"]
    assert endpoint == f"https://{appsync_id}.appsync-api.{REGION}.amazonaws.com/graphql"
    assert _first(meta["storage"])["output"]["BucketName"] == "platelet-profile-pictures"
    stack_name = meta["providers"]["awscloudformation"]["StackName"]  # jq -er: must be there
    assert re.fullmatch(rf"amplify-{APP}-{ENV}-\d{{5,6}}", stack_name)
    deployment_bucket = meta["providers"]["awscloudformation"]["DeploymentBucketName"]
    assert deployment_bucket == f"{stack_name}-deployment"
