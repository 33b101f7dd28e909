"""ListBackendJobs paging through boto3: by hand, with botocore's paginator, with filters.

NextTokens are opaque and tamper-evident: forged, malformed and foreign tokens (another
environment, app, filter set, operation or fake) are answered with BadRequestException.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.config import Config

from amplify_fakes import AmplifyBackendFake, mock_amplifybackend
from tests.fake.hook._support import APP, ENV, status_of, via_boto3_client

TOTAL = 60
PAGE = 7


def _walk(client: Any, **params: Any) -> Iterator[dict[str, Any]]:
    """Every page of ListBackendJobs, following NextToken by hand."""
    token: str | None = None
    for _ in range(TOTAL * 2 + 2):  # a loop that never ends is a failure, not a hang
        kwargs = dict(params)
        if token is not None:
            kwargs["NextToken"] = token
        page: dict[str, Any] = client.list_backend_jobs(
            AppId=APP, BackendEnvironmentName=ENV, **kwargs
        )
        yield page
        token = page.get("NextToken")
        if token is None:
            return
    raise AssertionError("ListBackendJobs kept returning a NextToken")


def _ids(pages: Iterator[dict[str, Any]]) -> list[str]:
    return [job["JobId"] for page in pages for job in page["Jobs"]]


def _make_jobs(fake: AmplifyBackendFake, client: Any, count: int) -> list[str]:
    """``count`` jobs in one environment: every third an UpdateBackendAPI, else CreateBackendAPI."""
    fake.add_backend(APP, ENV)  # seeding starts no job
    job_ids: list[str] = []
    for index in range(count):
        if index % 3 == 2:
            response = client.update_backend_api(
                AppId=APP,
                BackendEnvironmentName=ENV,
                ResourceName=f"api{index - 1}",
                ResourceConfig={"ApiName": f"renamed{index}"},
            )
        else:
            response = client.create_backend_api(
                AppId=APP,
                BackendEnvironmentName=ENV,
                ResourceName=f"api{index}",
                ResourceConfig={"ApiName": f"api{index}"},
            )
        job_ids.append(response["JobId"])
    assert len(set(job_ids)) == count
    return job_ids


@pytest.fixture
def sixty(fake: AmplifyBackendFake, client: Any) -> list[str]:
    """60 jobs in one environment (job ids in creation order)."""
    return _make_jobs(fake, client, TOTAL)


@pytest.fixture
def some(fake: AmplifyBackendFake, client: Any) -> list[str]:
    """Enough jobs for ListBackendJobs to issue two NextTokens at MaxResults=7."""
    return _make_jobs(fake, client, 3 * PAGE)


def _operation(index: int) -> str:
    return "UpdateBackendAPI" if index % 3 == 2 else "CreateBackendAPI"


def test_walking_by_hand_returns_each_job_once_in_order(client: Any, sixty: list[str]) -> None:
    pages = list(_walk(client, MaxResults=PAGE))
    assert [len(page["Jobs"]) for page in pages] == [7] * 8 + [4]
    assert _ids(iter(pages)) == sixty
    assert all(job["AppId"] == APP for page in pages for job in page["Jobs"])
    assert all(job["BackendEnvironmentName"] == ENV for page in pages for job in page["Jobs"])


def test_default_page_size_is_at_most_25(client: Any, sixty: list[str]) -> None:
    pages = list(_walk(client))
    assert [len(page["Jobs"]) for page in pages] == [25, 25, 10]
    assert _ids(iter(pages)) == sixty


def test_botocore_paginator_returns_all_jobs_once(client: Any, sixty: list[str]) -> None:
    paginator = client.get_paginator("list_backend_jobs")
    pages = list(
        paginator.paginate(
            AppId=APP, BackendEnvironmentName=ENV, PaginationConfig={"PageSize": PAGE}
        )
    )
    assert len(pages) == 9
    assert [job["JobId"] for page in pages for job in page["Jobs"]] == sixty


def test_botocore_paginator_resumes_with_max_items(client: Any, sixty: list[str]) -> None:
    paginator = client.get_paginator("list_backend_jobs")
    seen: list[str] = []
    starting: str | None = None
    for _ in range(20):
        config: dict[str, Any] = {"PageSize": PAGE, "MaxItems": 10}
        if starting is not None:
            config["StartingToken"] = starting
        result = paginator.paginate(
            AppId=APP, BackendEnvironmentName=ENV, PaginationConfig=config
        ).build_full_result()
        seen.extend(job["JobId"] for job in result["Jobs"])
        starting = result.get("NextToken")
        if starting is None:
            break
    assert seen == sixty


def test_operation_filter_combines_with_paging(client: Any, sixty: list[str]) -> None:
    updates = [job_id for i, job_id in enumerate(sixty) if _operation(i) == "UpdateBackendAPI"]
    assert len(updates) == 20
    pages = list(_walk(client, MaxResults=PAGE, Operation="UpdateBackendAPI"))
    assert all(len(page["Jobs"]) <= PAGE for page in pages)
    assert _ids(iter(pages)) == updates
    assert {job["Operation"] for page in pages for job in page["Jobs"]} == {"UpdateBackendAPI"}


def test_status_filter_combines_with_paging(client: Any, sixty: list[str]) -> None:
    failed = sixty[5::6]  # ten jobs set to FAILED by hand
    for job_id in failed:
        client.update_backend_job(
            AppId=APP, BackendEnvironmentName=ENV, JobId=job_id, Status="FAILED"
        )
    assert _ids(_walk(client, MaxResults=PAGE, Status="FAILED")) == failed
    completed = [job_id for job_id in sixty if job_id not in failed]
    assert _ids(_walk(client, MaxResults=PAGE, Status="COMPLETED")) == completed
    assert _ids(_walk(client, MaxResults=PAGE, Status="IN_PROGRESS")) == []


def test_operation_and_status_filters_combine(client: Any, sixty: list[str]) -> None:
    failed = sixty[5::6]
    for job_id in failed:
        client.update_backend_job(
            AppId=APP, BackendEnvironmentName=ENV, JobId=job_id, Status="FAILED"
        )
    expected = [
        job_id
        for i, job_id in enumerate(sixty)
        if job_id in failed and _operation(i) == "UpdateBackendAPI"
    ]
    assert expected  # index 5, 11, ... are all updates (5 % 3 == 2)
    got = _ids(_walk(client, MaxResults=PAGE, Status="FAILED", Operation="UpdateBackendAPI"))
    assert got == expected
    assert _ids(_walk(client, MaxResults=PAGE, Status="FAILED", Operation="CreateBackendAPI")) == []


def test_job_id_filter_combines_with_paging(client: Any, sixty: list[str]) -> None:
    wanted = sixty[45]
    pages = list(_walk(client, MaxResults=PAGE, JobId=wanted))
    assert _ids(iter(pages)) == [wanted]
    assert _ids(_walk(client, MaxResults=PAGE, JobId=wanted, Operation="CreateBackendAPI")) == [
        wanted
    ]
    assert _ids(_walk(client, MaxResults=PAGE, JobId=wanted, Operation="UpdateBackendAPI")) == []


def test_paginator_with_filters(client: Any, sixty: list[str]) -> None:
    paginator = client.get_paginator("list_backend_jobs")
    jobs = paginator.paginate(
        AppId=APP,
        BackendEnvironmentName=ENV,
        Operation="CreateBackendAPI",
        PaginationConfig={"PageSize": PAGE},
    ).build_full_result()["Jobs"]
    creates = [job_id for i, job_id in enumerate(sixty) if _operation(i) == "CreateBackendAPI"]
    assert [job["JobId"] for job in jobs] == creates


def test_jobs_of_other_environments_are_not_listed(
    fake: AmplifyBackendFake, client: Any, sixty: list[str]
) -> None:
    client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName="prod")
    client.create_backend_api(
        AppId=APP, BackendEnvironmentName="prod", ResourceName="p", ResourceConfig={}
    )
    assert _ids(_walk(client, MaxResults=PAGE)) == sixty
    prod = client.list_backend_jobs(AppId=APP, BackendEnvironmentName="prod")["Jobs"]
    assert [job["Operation"] for job in prod] == ["CreateBackend", "CreateBackendAPI"]


# -- bad tokens ----------------------------------------------------------------------------------


def _first_token(client: Any, **params: Any) -> str:
    page = client.list_backend_jobs(
        AppId=APP, BackendEnvironmentName=ENV, MaxResults=PAGE, **params
    )
    token: str = page["NextToken"]
    return token


def _assert_bad_token(client: Any, token: str, **params: Any) -> str:
    with pytest.raises(client.exceptions.BadRequestException) as raised:
        client.list_backend_jobs(
            AppId=APP, BackendEnvironmentName=ENV, MaxResults=PAGE, NextToken=token, **params
        )
    assert status_of(raised.value.response) == 400
    assert raised.value.response["Error"]["Code"] == "BadRequestException"
    return str(raised.value.response["Error"]["Message"])


def _forged(token: str, **changes: Any) -> str:
    """``token`` with its cursor changed but its signature kept."""
    body, _, signature = token.partition(".")
    cursor = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    cursor.update(changes)
    payload = json.dumps(cursor, sort_keys=True, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(payload).decode().rstrip("=") + "." + signature


def test_a_valid_token_continues(client: Any, some: list[str]) -> None:
    token = _first_token(client)
    page = client.list_backend_jobs(
        AppId=APP, BackendEnvironmentName=ENV, MaxResults=PAGE, NextToken=token
    )
    assert [job["JobId"] for job in page["Jobs"]] == some[PAGE : 2 * PAGE]
    # A token can be used again (a retried request gets the same page).
    again = client.list_backend_jobs(
        AppId=APP, BackendEnvironmentName=ENV, MaxResults=PAGE, NextToken=token
    )
    assert again["Jobs"] == page["Jobs"]


def test_a_forged_cursor_is_rejected(client: Any, some: list[str]) -> None:
    token = _first_token(client)
    message = _assert_bad_token(client, _forged(token, p=0))
    assert "NextToken" in message
    _assert_bad_token(client, _forged(token, p=49))


def test_a_tampered_signature_is_rejected(client: Any, some: list[str]) -> None:
    token = _first_token(client)
    body, _, signature = token.partition(".")
    flipped = ("1" if signature[0] == "0" else "0") + signature[1:]
    assert flipped != signature
    _assert_bad_token(client, f"{body}.{flipped}")
    _assert_bad_token(client, body)  # signature removed
    _assert_bad_token(client, f"{body}.")
    _assert_bad_token(client, f"{body}.{signature}{signature}")


def test_a_tampered_base64_body_is_rejected(client: Any, some: list[str]) -> None:
    token = _first_token(client)
    body, _, signature = token.partition(".")
    for index in (0, len(body) // 2, len(body) - 1):
        replacement = "A" if body[index] != "A" else "B"
        _assert_bad_token(client, body[:index] + replacement + body[index + 1 :] + "." + signature)


@pytest.mark.parametrize(
    "token",
    [
        "garbage",
        "",
        ".",
        "....",
        "%%%%.%%%%",
        "e30",  # base64 of "{}" without a signature
        "bm90IGpzb24.0123456789abcdef0123456789abcdef",  # base64 of "not json"
        "x" * 5000,
    ],
    ids=["word", "empty", "dot", "dots", "percent", "unsigned", "not-json", "huge"],
)
def test_malformed_tokens_are_rejected(client: Any, some: list[str], token: str) -> None:
    _assert_bad_token(client, token)


@pytest.mark.parametrize("suffix", ["é" * 32, "\u2603"], ids=["e-times-32", "snowman"])
def test_a_token_with_a_non_ascii_signature_is_rejected(
    client: Any, some: list[str], suffix: str
) -> None:
    body = _first_token(client).partition(".")[0]
    _assert_bad_token(client, f"{body}.{suffix}")


@pytest.mark.parametrize("token", ["é", "ü.ü", "\u2603" * 8])
def test_a_non_ascii_token_is_rejected(client: Any, some: list[str], token: str) -> None:
    _assert_bad_token(client, token)


def test_a_token_from_another_environment_is_rejected(
    fake: AmplifyBackendFake, client: Any, some: list[str]
) -> None:
    fake.add_backend(APP, "prod")
    token = _first_token(client)
    with pytest.raises(client.exceptions.BadRequestException):
        client.list_backend_jobs(AppId=APP, BackendEnvironmentName="prod", NextToken=token)


def test_a_token_from_another_app_is_rejected(client: Any, some: list[str]) -> None:
    client.create_backend(AppId="d1otherapp", AppName="other", BackendEnvironmentName=ENV)
    token = _first_token(client)
    with pytest.raises(client.exceptions.BadRequestException):
        client.list_backend_jobs(AppId="d1otherapp", BackendEnvironmentName=ENV, NextToken=token)


@pytest.mark.parametrize(
    "where",
    [
        {"region": "eu-west-1"},
        {"aws_access_key_id": "111122223333", "aws_secret_access_key": "x"},
    ],
    ids=["another-region", "another-account"],
)
def test_a_token_from_another_account_or_region_is_rejected(
    fake: AmplifyBackendFake, client: Any, some: list[str], where: dict[str, str]
) -> None:
    """The same app id and environment name elsewhere is another backend: not its token."""
    token = _first_token(client)
    options = dict(where)
    elsewhere = via_boto3_client(options.pop("region", "us-east-1"), **options)
    elsewhere.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    for index in range(3 * PAGE):
        elsewhere.create_backend_api(
            AppId=APP, BackendEnvironmentName=ENV, ResourceName=f"e{index}", ResourceConfig={}
        )
    _assert_bad_token(elsewhere, token)


@pytest.mark.parametrize(
    ("issued_with", "used_with"),
    [
        ({}, {"Operation": "CreateBackendAPI"}),
        ({"Operation": "CreateBackendAPI"}, {}),
        ({"Operation": "CreateBackendAPI"}, {"Operation": "UpdateBackendAPI"}),
        ({"Status": "COMPLETED"}, {"Status": "FAILED"}),
        ({"Status": "COMPLETED"}, {"Status": "COMPLETED", "Operation": "CreateBackendAPI"}),
    ],
)
def test_a_token_from_another_filter_set_is_rejected(
    client: Any, some: list[str], issued_with: dict[str, str], used_with: dict[str, str]
) -> None:
    token = _first_token(client, **issued_with)
    _assert_bad_token(client, token, **used_with)


def test_a_token_from_another_operation_is_rejected(fake: AmplifyBackendFake, client: Any) -> None:
    fake.add_backend(APP, ENV)
    for index in range(101):
        fake.add_bucket(f"bucket-{index:03d}")
    token = client.list_s3_buckets()["NextToken"]
    _assert_bad_token(client, token)


def test_a_token_from_another_fake_is_rejected() -> None:
    def seeded_client(fake: AmplifyBackendFake) -> Any:
        client = via_boto3_client("us-east-1")
        fake.add_backend(APP, ENV)
        for index in range(PAGE + 1):
            client.create_backend_api(
                AppId=APP, BackendEnvironmentName=ENV, ResourceName=f"a{index}", ResourceConfig={}
            )
        return client

    with mock_amplifybackend(strict=True, jobs="immediate") as first:
        token = _first_token(seeded_client(first))
    with mock_amplifybackend(strict=True, jobs="immediate") as second:
        _assert_bad_token(seeded_client(second), token)


@pytest.mark.parametrize("max_results", [26, 0, -1, 1000])
def test_max_results_out_of_range_is_a_bad_request(
    fake: AmplifyBackendFake, max_results: int
) -> None:
    fake.add_backend(APP, ENV)
    unchecked = via_boto3_client("us-east-1", config=Config(parameter_validation=False))
    with pytest.raises(unchecked.exceptions.BadRequestException) as raised:
        unchecked.list_backend_jobs(AppId=APP, BackendEnvironmentName=ENV, MaxResults=max_results)
    assert status_of(raised.value.response) == 400
    assert "maxResults" in raised.value.response["Error"]["Message"]


def test_max_results_26_passes_botocore_validation_but_not_the_fake(
    fake: AmplifyBackendFake, client: Any
) -> None:
    fake.add_backend(APP, ENV)
    with pytest.raises(client.exceptions.BadRequestException) as raised:
        client.list_backend_jobs(AppId=APP, BackendEnvironmentName=ENV, MaxResults=26)
    assert "maxResults" in raised.value.response["Error"]["Message"]


@pytest.mark.parametrize("max_results", [1, 25])
def test_max_results_bounds_are_accepted(client: Any, some: list[str], max_results: int) -> None:
    page = client.list_backend_jobs(AppId=APP, BackendEnvironmentName=ENV, MaxResults=max_results)
    assert [job["JobId"] for job in page["Jobs"]] == some[:max_results]
