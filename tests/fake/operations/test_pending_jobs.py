"""One pending job per app and environment (issue 15, point 5).

The real service answers a job-starting request while a job of the same app environment
is pending with "There is already a pending job for the requested appId: X and
backendEnvironmentName: Y, wait for it to complete before creating a new job." (seen by
Amplify CLI users running ``amplify push`` twice; see docs/semantics.md).
"""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from amplify_fakes import AmplifyBackendFake, mock_amplifybackend
from amplify_fakes.server import FakeServer
from tests.conftest import APP, ENV, state_of
from tests.fake.operations._support import (
    API,
    MIN_API,
    MIN_AUTH,
    MIN_STORAGE,
    OTHER_ENV,
    config,
    make_api,
    make_auth,
    make_storage,
    where,
)


def pending_message(app: str = APP, env: str = ENV) -> str:
    return (
        f"There is already a pending job for the requested appId: {app} and "
        f"backendEnvironmentName: {env}, wait for it to complete before creating a new job."
    )


@pytest.fixture
def clock_client(clock_fake: AmplifyBackendFake) -> Any:
    clock_fake.add_backend(APP, ENV)
    clock_fake.add_backend(APP, OTHER_ENV)
    return boto3.client("amplifybackend", region_name="us-east-1")


def refused(call: Any, **params: Any) -> ClientError:
    with pytest.raises(ClientError) as caught:
        call(**params)
    assert caught.value.response["Error"]["Code"] == "BadRequestException"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    return caught.value


def test_a_second_job_while_one_is_pending_is_refused_and_changes_nothing(
    clock_fake: AmplifyBackendFake, clock_client: Any
) -> None:
    make_auth(clock_client, MIN_AUTH)
    before = state_of(clock_fake)

    error = refused(
        clock_client.create_backend_storage,
        **where(ResourceName="media", ResourceConfig=config(MIN_STORAGE)),
    )

    assert error.response["Error"]["Message"] == pending_message()
    assert state_of(clock_fake) == before
    assert clock_fake.calls[-1].error == "BadRequestException"


def test_the_rule_is_per_environment_and_ends_with_the_job(
    clock_fake: AmplifyBackendFake, clock_client: Any
) -> None:
    make_auth(clock_client, MIN_AUTH)
    clock_client.create_backend_auth(
        AppId=APP,
        BackendEnvironmentName=OTHER_ENV,
        ResourceName="a",
        ResourceConfig=config(MIN_AUTH),
    )  # another environment is free
    clock_fake.clock.advance(4.9)
    refused(clock_client.delete_backend_auth, **where(ResourceName="shopauth"))
    clock_fake.clock.advance(0.1)
    clock_client.delete_backend_auth(**where(ResourceName="shopauth"))  # the first job is done


@pytest.mark.parametrize(
    "second",
    [
        lambda c: c.create_backend_api(**where(ResourceName=API, ResourceConfig=config(MIN_API))),
        lambda c: c.update_backend_auth(
            **where(
                ResourceName="shopauth",
                ResourceConfig={
                    "AuthResources": "USER_POOL_ONLY",
                    "Service": "COGNITO",
                    "UserPoolConfigs": {},
                },
            )
        ),
        lambda c: c.delete_backend_auth(**where(ResourceName="shopauth")),
        lambda c: c.clone_backend(**where(TargetEnvironmentName="copy")),
        lambda c: c.delete_backend(**where()),
        lambda c: c.remove_all_backends(AppId=APP),
        lambda c: c.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV),
    ],
    ids=["create", "update", "delete", "clone", "delete-backend", "remove-all", "create-backend"],
)
def test_every_job_starting_operation_waits(clock_client: Any, second: Any) -> None:
    make_auth(clock_client, MIN_AUTH)

    error = refused(lambda: second(clock_client))
    assert error.response["Error"]["Message"] == pending_message()


def test_a_pending_app_level_job_holds_back_every_environment(
    clock_fake: AmplifyBackendFake, clock_client: Any
) -> None:
    clock_client.remove_all_backends(AppId=APP)
    clock_fake.add_backend(APP, OTHER_ENV)

    error = refused(
        clock_client.create_backend_auth,
        AppId=APP,
        BackendEnvironmentName=OTHER_ENV,
        ResourceName="a",
        ResourceConfig=config(MIN_AUTH),
    )
    assert "backendEnvironmentName" in error.response["Error"]["Message"]


def test_reads_are_never_refused(clock_client: Any) -> None:
    job = make_auth(clock_client, MIN_AUTH)["JobId"]

    assert clock_client.get_backend_job(**where(JobId=job))["Status"] == "IN_PROGRESS"
    assert clock_client.get_backend_auth(**where(ResourceName="shopauth"))["ResourceName"]
    assert clock_client.list_backend_jobs(**where())["Jobs"]
    clock_client.update_backend_job(**where(JobId=job, Operation="CreateBackendAuth"))


def test_a_status_set_by_hand_to_in_progress_is_pending(
    clock_fake: AmplifyBackendFake, clock_client: Any
) -> None:
    job = make_auth(clock_client, MIN_AUTH)["JobId"]
    clock_fake.clock.advance(5)
    clock_client.update_backend_job(**where(JobId=job, Status="IN_PROGRESS"))

    refused(clock_client.delete_backend_auth, **where(ResourceName="shopauth"))
    clock_client.update_backend_job(**where(JobId=job, Status="COMPLETED"))
    clock_client.delete_backend_auth(**where(ResourceName="shopauth"))


def test_the_cli_push_twice_sees_the_services_words(clock_client: Any) -> None:
    """admin-modelgen's GenerateBackendAPIModels while the previous one still runs."""
    make_api(clock_client, MIN_API)  # its job is still pending: the models must wait
    error = refused(clock_client.generate_backend_api_models, **where(ResourceName=API))
    assert "wait for it to complete before creating a new job" in str(error)


def test_pending_jobs_survive_a_snapshot(clock_fake: AmplifyBackendFake, clock_client: Any) -> None:
    make_auth(clock_client, MIN_AUTH)
    document = clock_fake.snapshot()

    with mock_amplifybackend(strict=True, jobs="clock", clock="virtual", state=document):
        client = boto3.client("amplifybackend", region_name="us-east-1")
        refused(client.delete_backend_auth, **where(ResourceName="shopauth"))


def test_the_rule_can_be_turned_off(clock_fake: AmplifyBackendFake, clock_client: Any) -> None:
    clock_fake.one_pending_job = False
    make_auth(clock_client, MIN_AUTH)
    make_storage(clock_client, MIN_STORAGE)
    assert [j["Status"] for j in clock_client.list_backend_jobs(**where())["Jobs"]] == [
        "IN_PROGRESS",
        "IN_PROGRESS",
    ]
    clock_fake.one_pending_job = True
    refused(clock_client.delete_backend_auth, **where(ResourceName="shopauth"))


@pytest.mark.amplifybackend(jobs="clock", clock="virtual", one_pending_job=False)
def test_the_marker_turns_it_off(
    amplifybackend_fake: AmplifyBackendFake, amplifybackend_client: Any
) -> None:
    assert amplifybackend_fake.one_pending_job is False
    amplifybackend_fake.add_backend(APP, ENV)
    make_auth(amplifybackend_client, MIN_AUTH)
    make_storage(amplifybackend_client, MIN_STORAGE)


@pytest.mark.parametrize("one_pending_job", [True, False])
def test_the_http_door_applies_the_same_rule(
    aws_credentials: dict[str, str], one_pending_job: bool
) -> None:
    with FakeServer(
        strict=True, jobs="clock", clock="virtual", one_pending_job=one_pending_job
    ) as server:
        server.fake.add_backend(APP, ENV)
        client = server.client(region_name="us-east-1")
        make_auth(client, MIN_AUTH)
        if one_pending_job:
            error = refused(
                client.create_backend_storage,
                **where(ResourceName="media", ResourceConfig=config(MIN_STORAGE)),
            )
            assert error.response["Error"]["Message"] == pending_message()
        else:
            make_storage(client, MIN_STORAGE)
        server.check()


def test_immediate_jobs_are_never_pending(client: Any, backend: tuple[str, str]) -> None:
    make_auth(client, MIN_AUTH)
    make_storage(client, MIN_STORAGE)
    make_api(client, MIN_API)
    client.generate_backend_api_models(**where(ResourceName=API))
    statuses = [j["Status"] for j in client.list_backend_jobs(**where())["Jobs"]]
    assert statuses == ["COMPLETED"] * 5  # CreateBackend and the four back-to-back jobs
