"""ListS3Buckets: the fake's bucket registry, storage-generated buckets, moto's buckets."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from amplify_fakes import AmplifyBackendFake
from tests.conftest import ENV
from tests.fake.operations._support import (
    ISO,
    MIN_STORAGE,
    REGION,
    STORAGE,
    STORAGE_CONFIG,
    body,
    fails,
    make_storage,
    where,
)


def _names(response: dict[str, Any]) -> list[str]:
    return [bucket["Name"] for bucket in response["Buckets"]]


def test_list_s3_buckets_of_an_empty_fake_is_empty(client: Any) -> None:
    assert body(client.list_s3_buckets()) == {"Buckets": []}


def test_list_s3_buckets_shows_added_buckets_sorted_with_creation_dates(
    fake: AmplifyBackendFake, client: Any
) -> None:
    for name in ("zeta-logs", "alpha-assets", "media-uploads"):
        fake.add_bucket(name)

    response = client.list_s3_buckets()

    assert _names(response) == ["alpha-assets", "media-uploads", "zeta-logs"]
    assert all(ISO.match(bucket["CreationDate"]) for bucket in response["Buckets"])
    assert "NextToken" not in response


def test_list_s3_buckets_shows_the_bucket_create_backend_storage_generates(
    fake: AmplifyBackendFake, client: Any, backend: tuple[str, str]
) -> None:
    fake.add_bucket("alpha-assets")
    make_storage(client, MIN_STORAGE)
    make_storage(client, STORAGE_CONFIG, name="named")

    generated = client.get_backend_storage(**where(ResourceName=STORAGE))["ResourceConfig"][
        "BucketName"
    ]
    names = _names(client.list_s3_buckets())

    assert generated.endswith(f"-{ENV}")
    assert names == sorted(["alpha-assets", generated, STORAGE_CONFIG["BucketName"]])


def test_list_s3_buckets_pages_by_100(fake: AmplifyBackendFake, client: Any) -> None:
    expected = [f"bucket-{index:03d}" for index in range(105)]
    for name in reversed(expected):
        fake.add_bucket(name)

    first = client.list_s3_buckets()
    second = client.list_s3_buckets(NextToken=first["NextToken"])

    assert _names(first) == expected[:100]
    assert _names(second) == expected[100:]
    assert "NextToken" not in second


@pytest.mark.usefixtures("moto_aws")
def test_list_s3_buckets_shows_moto_buckets_when_moto_is_active(client: Any) -> None:
    s3 = boto3.client("s3", region_name=REGION)
    for name in ("moto-b", "moto-a"):
        s3.create_bucket(Bucket=name)

    assert _names(client.list_s3_buckets()) == ["moto-a", "moto-b"]


def test_a_forged_next_token_is_a_bad_request(fake: AmplifyBackendFake, client: Any) -> None:
    fake.add_bucket("alpha-assets")

    fails(
        fake,
        lambda: client.list_s3_buckets(NextToken="not-a-token"),
        "BadRequestException",
        in_message="NextToken",
    )


def test_a_next_token_of_another_operation_is_a_bad_request(
    fake: AmplifyBackendFake, client: Any, backend: tuple[str, str]
) -> None:
    make_storage(client, MIN_STORAGE)
    token = client.list_backend_jobs(**where(MaxResults=1))["NextToken"]

    fails(
        fake,
        lambda: client.list_s3_buckets(NextToken=token),
        "BadRequestException",
        in_message="NextToken",
    )


def test_a_next_token_of_the_wrong_type_is_a_bad_request_naming_it(
    fake: AmplifyBackendFake, raw_client: Any
) -> None:
    fake.add_bucket("alpha-assets")

    fails(
        fake,
        lambda: raw_client.list_s3_buckets(NextToken=12),
        "BadRequestException",
        in_message="$.nextToken",
    )
