"""GetBackendJob, UpdateBackendJob, ListBackendJobs, and the job every job-starting operation
records."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from amplify_fakes import AmplifyBackendFake
from tests.conftest import APP, ENV
from tests.fake.operations._support import (
    API,
    ISO,
    MINIMAL_CALLS,
    OTHER_ENV,
    UUID,
    body,
    fails,
    job_operations,
    make_api,
    where,
)


def _job(client: Any, job_id: str, environment: str = ENV) -> dict[str, Any]:
    return body(client.get_backend_job(AppId=APP, BackendEnvironmentName=environment, JobId=job_id))


def _all_jobs(client: Any, environment: str = ENV, **filters: Any) -> list[dict[str, Any]]:
    """Every page of ListBackendJobs, concatenated."""
    jobs: list[dict[str, Any]] = []
    params: dict[str, Any] = {"AppId": APP, "BackendEnvironmentName": environment, **filters}
    while True:
        page = client.list_backend_jobs(**params)
        jobs.extend(page["Jobs"])
        if "NextToken" not in page:
            return jobs
        params["NextToken"] = page["NextToken"]


def test_the_job_starting_operations_are_the_expected_seventeen() -> None:
    assert sorted(job_operations()) == sorted(
        [
            "CloneBackend",
            "CreateBackend",
            "CreateBackendAPI",
            "CreateBackendAuth",
            "CreateBackendConfig",
            "CreateBackendStorage",
            "DeleteBackend",
            "DeleteBackendAPI",
            "DeleteBackendAuth",
            "DeleteBackendStorage",
            "GenerateBackendAPIModels",
            "ImportBackendAuth",
            "ImportBackendStorage",
            "RemoveAllBackends",
            "UpdateBackendAPI",
            "UpdateBackendAuth",
            "UpdateBackendStorage",
        ]
    )


@pytest.mark.parametrize("operation", job_operations())
def test_every_job_starting_operation_records_a_job_named_after_it(
    fake: AmplifyBackendFake, client: Any, operation: str
) -> None:
    response = MINIMAL_CALLS[operation](client, fake)
    environment = response.get("BackendEnvironmentName", ENV)
    job_id = response["JobId"]

    assert response["AppId"] == APP
    assert UUID.match(job_id)
    assert response["Status"] == "COMPLETED"
    if "Operation" in response:
        assert response["Operation"] == operation
    job = _job(client, job_id, environment)
    assert job["AppId"] == APP
    assert job["BackendEnvironmentName"] == environment
    assert job["JobId"] == job_id
    assert job["Operation"] == operation
    assert job["Status"] == "COMPLETED"
    assert ISO.match(job["CreateTime"])
    assert ISO.match(job["UpdateTime"])
    assert job["UpdateTime"] >= job["CreateTime"]
    listed = _all_jobs(client, environment, Operation=operation)
    assert [j["JobId"] for j in listed][-1] == job_id
    assert job in fake.jobs(APP, environment)


def test_list_backend_jobs_lists_oldest_first(fake: AmplifyBackendFake, client: Any) -> None:
    ids = [MINIMAL_CALLS["CreateBackendAPI"](client, fake)["JobId"]]
    ids.append(client.generate_backend_api_models(**where(ResourceName=API))["JobId"])
    ids.append(client.delete_backend_api(**where(ResourceName=API))["JobId"])

    jobs = client.list_backend_jobs(**where())["Jobs"]

    assert [j["Operation"] for j in jobs] == [
        "CreateBackend",
        "CreateBackendAPI",
        "GenerateBackendAPIModels",
        "DeleteBackendAPI",
    ]
    assert [j["JobId"] for j in jobs][1:] == ids
    assert [j["JobId"] for j in fake.jobs(APP, ENV)] == [j["JobId"] for j in jobs]
    assert all(j["BackendEnvironmentName"] == ENV for j in jobs)


def test_jobs_of_another_environment_are_not_listed_or_found(
    fake: AmplifyBackendFake, client: Any, backend: tuple[str, str]
) -> None:
    prod = client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=OTHER_ENV)

    dev_jobs = client.list_backend_jobs(**where())["Jobs"]
    prod_jobs = client.list_backend_jobs(**where(BackendEnvironmentName=OTHER_ENV))["Jobs"]

    assert [j["Operation"] for j in dev_jobs] == ["CreateBackend"]
    assert [j["JobId"] for j in prod_jobs] == [prod["JobId"]]
    fails(
        fake,
        lambda: client.get_backend_job(**where(JobId=prod["JobId"])),
        "NotFoundException",
        resource_type="Job",
    )


def test_app_level_jobs_are_listed_under_every_environment(
    fake: AmplifyBackendFake, client: Any, backend: tuple[str, str]
) -> None:
    client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=OTHER_ENV)
    remove_job = client.remove_all_backends(AppId=APP)["JobId"]

    for environment in (ENV, OTHER_ENV):
        listed = client.list_backend_jobs(**where(BackendEnvironmentName=environment))["Jobs"]
        assert listed[-1]["JobId"] == remove_job
        assert listed[-1]["BackendEnvironmentName"] == environment
        assert _job(client, remove_job, environment)["Operation"] == "RemoveAllBackends"


def test_create_backend_config_job_belongs_to_the_environment_its_answer_names(
    client: Any, backend: tuple[str, str]
) -> None:
    client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=OTHER_ENV)
    answer = client.create_backend_config(AppId=APP)

    assert answer["BackendEnvironmentName"] == ENV  # the app's first environment
    assert _job(client, answer["JobId"], ENV)["Operation"] == "CreateBackendConfig"
    listed = client.list_backend_jobs(**where(BackendEnvironmentName=OTHER_ENV))["Jobs"]
    assert answer["JobId"] not in [j["JobId"] for j in listed]
    with pytest.raises(client.exceptions.NotFoundException):
        _job(client, answer["JobId"], OTHER_ENV)


def test_the_job_of_a_deleted_environment_can_still_be_polled(
    client: Any, backend: tuple[str, str]
) -> None:
    job_id = client.delete_backend(**where())["JobId"]

    assert _job(client, job_id)["Operation"] == "DeleteBackend"


@pytest.mark.parametrize(
    ("filters", "operations"),
    [
        ({"Operation": "CreateBackendAPI"}, ["CreateBackendAPI"]),
        ({"Operation": "CreateBackend"}, ["CreateBackend"]),
        ({"Status": "COMPLETED"}, ["CreateBackend", "CreateBackendAPI", "UpdateBackendAPI"]),
        ({"Status": "IN_PROGRESS"}, []),
        ({"Operation": "UpdateBackendAPI", "Status": "COMPLETED"}, ["UpdateBackendAPI"]),
    ],
)
def test_list_backend_jobs_filters(
    client: Any, backend: tuple[str, str], filters: dict[str, str], operations: list[str]
) -> None:
    make_api(client)
    client.update_backend_api(**where(ResourceName=API, ResourceConfig={"ApiName": "x"}))

    listed = _all_jobs(client, **filters)

    assert [j["Operation"] for j in listed] == operations


def test_list_backend_jobs_filters_by_job_id(client: Any, backend: tuple[str, str]) -> None:
    job_id = make_api(client)["JobId"]

    listed = _all_jobs(client, JobId=job_id)

    assert [(j["JobId"], j["Operation"]) for j in listed] == [(job_id, "CreateBackendAPI")]


def test_list_backend_jobs_pages_with_max_results(client: Any, backend: tuple[str, str]) -> None:
    make_api(client)
    for index in range(5):
        client.update_backend_api(
            **where(ResourceName=API, ResourceConfig={"ApiName": f"v{index}"})
        )
    everything = client.list_backend_jobs(**where())["Jobs"]

    first = client.list_backend_jobs(**where(MaxResults=2))

    assert len(everything) == 7
    assert first["Jobs"] == everything[:2]
    assert "NextToken" in first
    assert _all_jobs(client, MaxResults=2) == everything
    assert _all_jobs(client, MaxResults=3) == everything


def test_list_backend_jobs_pages_by_25_by_default(client: Any, backend: tuple[str, str]) -> None:
    make_api(client)
    for index in range(28):
        client.update_backend_api(
            **where(ResourceName=API, ResourceConfig={"ApiName": f"v{index}"})
        )

    first = client.list_backend_jobs(**where())
    rest = client.list_backend_jobs(**where(NextToken=first["NextToken"]))

    assert len(first["Jobs"]) == 25
    assert len(rest["Jobs"]) == 5
    assert "NextToken" not in rest
    assert len({j["JobId"] for j in first["Jobs"] + rest["Jobs"]}) == 30


# -- UpdateBackendJob ------------------------------------------------------------------------


def test_update_backend_job_changes_operation_and_status(
    fake: AmplifyBackendFake, client: Any, backend: tuple[str, str]
) -> None:
    job_id = make_api(client)["JobId"]

    response = client.update_backend_job(
        **where(JobId=job_id, Operation="CustomDeploy", Status="FAILED")
    )

    assert response["AppId"] == APP
    assert response["BackendEnvironmentName"] == ENV
    assert response["JobId"] == job_id
    assert response["Operation"] == "CustomDeploy"
    assert response["Status"] == "FAILED"
    assert response["UpdateTime"] >= response["CreateTime"]
    got = _job(client, job_id)
    assert (got["Operation"], got["Status"]) == ("CustomDeploy", "FAILED")
    assert got == body(response)
    assert got in fake.jobs(APP, ENV)
    assert [j["JobId"] for j in _all_jobs(client, Status="FAILED")] == [job_id]
    assert [j["JobId"] for j in _all_jobs(client, Operation="CustomDeploy")] == [job_id]
    assert _all_jobs(client, Operation="CreateBackendAPI") == []


def test_update_backend_job_without_changes_returns_the_job(
    client: Any, backend: tuple[str, str]
) -> None:
    job_id = make_api(client)["JobId"]
    before = _job(client, job_id)

    response = client.update_backend_job(**where(JobId=job_id))

    assert body(response) == before
    assert _job(client, job_id) == before


# -- jobs that follow the clock ------------------------------------------------------------


@pytest.fixture
def clock_client(clock_fake: AmplifyBackendFake) -> Any:
    """A client answered by the virtual-clock fake."""
    return boto3.client("amplifybackend", region_name="us-east-1")


def test_jobs_complete_when_the_clock_passes_their_duration(
    clock_fake: AmplifyBackendFake, clock_client: Any
) -> None:
    response = clock_client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    job_id = response["JobId"]

    assert response["Status"] == "IN_PROGRESS"
    assert _job(clock_client, job_id)["Status"] == "IN_PROGRESS"
    assert _all_jobs(clock_client, Status="IN_PROGRESS")[0]["JobId"] == job_id
    clock_fake.clock.advance(5)
    done = _job(clock_client, job_id)
    assert done["Status"] == "COMPLETED"
    assert done["UpdateTime"] > done["CreateTime"]
    assert clock_fake.jobs(APP, ENV)[0]["Status"] == "COMPLETED"


def test_a_status_set_by_hand_is_not_advanced_by_the_clock(
    clock_fake: AmplifyBackendFake, clock_client: Any
) -> None:
    job_id = clock_client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)[
        "JobId"
    ]

    clock_client.update_backend_job(**where(JobId=job_id, Status="IN_PROGRESS"))
    clock_fake.clock.advance(60)

    assert _job(clock_client, job_id)["Status"] == "IN_PROGRESS"


# -- errors --------------------------------------------------------------------------------

UNKNOWN_JOB = "00000000-0000-4000-8000-000000000000"
NOT_FOUND: list[tuple[str, dict[str, Any], str]] = [
    ("get_backend_job", where(JobId=UNKNOWN_JOB), "Job"),
    ("get_backend_job", where(AppId="d9unknown", JobId=UNKNOWN_JOB), "App"),
    ("update_backend_job", where(JobId=UNKNOWN_JOB, Status="FAILED"), "Job"),
    ("update_backend_job", where(AppId="d9unknown", JobId=UNKNOWN_JOB), "App"),
    ("list_backend_jobs", where(AppId="d9unknown"), "App"),
]


@pytest.mark.parametrize(
    ("method", "params", "resource_type"),
    NOT_FOUND,
    ids=[f"{m}-{t}" for m, _, t in NOT_FOUND],
)
def test_unknown_app_or_job_is_not_found(
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


def test_a_forged_next_token_is_a_bad_request(
    fake: AmplifyBackendFake, client: Any, backend: tuple[str, str]
) -> None:
    fails(
        fake,
        lambda: client.list_backend_jobs(**where(NextToken="eyJwIjowfQ.deadbeef")),
        "BadRequestException",
        in_message="NextToken",
    )


def test_a_next_token_of_another_listing_is_a_bad_request(
    fake: AmplifyBackendFake, client: Any, backend: tuple[str, str]
) -> None:
    make_api(client)
    token = client.list_backend_jobs(**where(MaxResults=1))["NextToken"]

    fails(
        fake,
        lambda: client.list_backend_jobs(**where(MaxResults=1, NextToken=token, Status="FAILED")),
        "BadRequestException",
        in_message="NextToken",
    )


VIOLATIONS: list[tuple[str, dict[str, Any], str]] = [
    ("list_backend_jobs", {"MaxResults": 26}, "$.maxResults"),
    ("list_backend_jobs", {"MaxResults": 0}, "$.maxResults"),
    ("list_backend_jobs", {"Status": 3}, "$.status"),
    ("update_backend_job", {"JobId": UNKNOWN_JOB, "Operation": ["x"]}, "$.operation"),
]


@pytest.mark.parametrize(
    ("method", "params", "member"),
    VIOLATIONS,
    ids=[f"{m}-{p}-{i}" for i, (m, _, p) in enumerate(VIOLATIONS)],
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
        lambda: getattr(raw_client, method)(**where(**params)),
        "BadRequestException",
        in_message=member,
    )
