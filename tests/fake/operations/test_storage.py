"""CreateBackendStorage, GetBackendStorage, UpdateBackendStorage, DeleteBackendStorage and
ImportBackendStorage through boto3.

Checks common to the API, Auth and Storage families are in ``test_resource_families.py``.
"""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest

from amplify_fakes import AmplifyBackendFake
from tests.conftest import APP, ENV
from tests.fake.operations._support import (
    BUCKET,
    MIN_STORAGE,
    REGION,
    STORAGE,
    STORAGE_CONFIG,
    fails,
    make_storage,
    where,
)

IMPORTED_PERMISSIONS = {"Authenticated": ["READ", "CREATE_AND_UPDATE", "DELETE"]}


@pytest.fixture
def storage(client: Any, backend: tuple[str, str]) -> str:
    """The realistic storage resource ``STORAGE`` in the default backend."""
    make_storage(client, STORAGE_CONFIG)
    return STORAGE


def test_create_backend_storage_without_a_bucket_name_generates_one(
    fake: AmplifyBackendFake, client: Any, backend: tuple[str, str]
) -> None:
    make_storage(client, MIN_STORAGE)

    got = client.get_backend_storage(**where(ResourceName=STORAGE))["ResourceConfig"]
    bucket = got["BucketName"]
    assert bucket.startswith(STORAGE)
    assert bucket.endswith(f"-{ENV}")
    assert got == {**MIN_STORAGE, "BucketName": bucket, "Imported": False}
    assert fake.backend(APP, ENV)["Storage"][STORAGE]["BucketName"] == bucket
    assert bucket in [b["Name"] for b in client.list_s3_buckets()["Buckets"]]


def test_update_backend_storage_replaces_permissions_whole(
    fake: AmplifyBackendFake, client: Any, storage: str
) -> None:
    update = {"ServiceName": "S3", "Permissions": {"Authenticated": ["READ"]}}

    response = client.update_backend_storage(**where(ResourceName=STORAGE, ResourceConfig=update))

    assert response["AppId"] == APP
    assert response["BackendEnvironmentName"] == ENV
    assert response["Status"] == "COMPLETED"
    expected = {
        "ServiceName": "S3",
        "BucketName": STORAGE_CONFIG["BucketName"],
        "Permissions": {"Authenticated": ["READ"]},  # UnAuthenticated is gone
    }
    got = client.get_backend_storage(**where(ResourceName=STORAGE))["ResourceConfig"]
    assert got == {**expected, "Imported": False}
    assert fake.backend(APP, ENV)["Storage"][STORAGE] == expected


def test_update_backend_storage_can_grant_guests_access(
    fake: AmplifyBackendFake, client: Any, backend: tuple[str, str]
) -> None:
    make_storage(client, MIN_STORAGE)
    permissions = {"Authenticated": ["READ", "DELETE"], "UnAuthenticated": ["READ"]}

    client.update_backend_storage(
        **where(
            ResourceName=STORAGE,
            ResourceConfig={"ServiceName": "S3", "Permissions": permissions},
        )
    )

    got = client.get_backend_storage(**where(ResourceName=STORAGE))["ResourceConfig"]
    assert got["Permissions"] == permissions
    assert fake.backend(APP, ENV)["Storage"][STORAGE]["Permissions"] == permissions


# -- ImportBackendStorage ------------------------------------------------------------------------


def test_import_backend_storage_of_a_registered_bucket(
    fake: AmplifyBackendFake, client: Any, backend: tuple[str, str]
) -> None:
    fake.add_bucket(BUCKET)

    response = client.import_backend_storage(**where(BucketName=BUCKET, ServiceName="S3"))

    assert response["AppId"] == APP
    assert response["BackendEnvironmentName"] == ENV
    assert response["Status"] == "COMPLETED"
    got = client.get_backend_storage(**where(ResourceName=BUCKET))
    assert got["ResourceName"] == BUCKET
    assert got["ResourceConfig"] == {
        "BucketName": BUCKET,
        "ServiceName": "S3",
        "Permissions": IMPORTED_PERMISSIONS,
        "Imported": True,
    }
    assert fake.backend(APP, ENV)["Storage"] == {
        BUCKET: {"BucketName": BUCKET, "ServiceName": "S3", "Permissions": IMPORTED_PERMISSIONS}
    }
    meta = json.loads(client.get_backend(AppId=APP)["AmplifyMetaConfig"])
    assert meta["storage"][BUCKET]["serviceType"] == "imported"


def test_imported_storage_stays_imported_after_an_update(
    client: Any, backend: tuple[str, str], fake: AmplifyBackendFake
) -> None:
    fake.add_bucket(BUCKET)
    client.import_backend_storage(**where(BucketName=BUCKET, ServiceName="S3"))

    client.update_backend_storage(
        **where(
            ResourceName=BUCKET,
            ResourceConfig={"ServiceName": "S3", "Permissions": {"Authenticated": ["READ"]}},
        )
    )

    got = client.get_backend_storage(**where(ResourceName=BUCKET))["ResourceConfig"]
    assert got["Imported"] is True
    assert got["Permissions"] == {"Authenticated": ["READ"]}


def test_import_backend_storage_without_moto_accepts_any_well_formed_bucket(
    fake: AmplifyBackendFake, client: Any, backend: tuple[str, str]
) -> None:
    """Without moto the fake cannot know which buckets exist, so any name is accepted."""
    client.import_backend_storage(**where(BucketName="never-registered-bucket", ServiceName="S3"))

    stored = fake.backend(APP, ENV)["Storage"]
    assert stored["never-registered-bucket"]["BucketName"] == "never-registered-bucket"


@pytest.mark.usefixtures("moto_aws")
def test_import_backend_storage_of_a_bucket_moto_has(
    fake: AmplifyBackendFake, client: Any, backend: tuple[str, str]
) -> None:
    boto3.client("s3", region_name=REGION).create_bucket(Bucket=BUCKET)

    client.import_backend_storage(**where(BucketName=BUCKET, ServiceName="S3"))

    got = client.get_backend_storage(**where(ResourceName=BUCKET))["ResourceConfig"]
    assert (got["BucketName"], got["Imported"]) == (BUCKET, True)


@pytest.mark.usefixtures("moto_aws")
def test_import_backend_storage_of_a_bucket_moto_lacks_is_not_found(
    fake: AmplifyBackendFake, client: Any, backend: tuple[str, str]
) -> None:
    fails(
        fake,
        lambda: client.import_backend_storage(**where(BucketName=BUCKET, ServiceName="S3")),
        "NotFoundException",
        resource_type="S3Bucket",
    )


def test_import_backend_storage_without_a_bucket_name_is_a_bad_request(
    fake: AmplifyBackendFake, client: Any, backend: tuple[str, str]
) -> None:
    fails(
        fake,
        lambda: client.import_backend_storage(**where(ServiceName="S3")),
        "BadRequestException",
        in_message="BucketName",
    )


def test_import_backend_storage_twice_is_a_bad_request(
    fake: AmplifyBackendFake, client: Any, backend: tuple[str, str]
) -> None:
    fake.add_bucket(BUCKET)
    client.import_backend_storage(**where(BucketName=BUCKET, ServiceName="S3"))

    fails(
        fake,
        lambda: client.import_backend_storage(**where(BucketName=BUCKET, ServiceName="S3")),
        "BadRequestException",
        in_message=BUCKET,
    )


# -- errors ----------------------------------------------------------------------------------


VIOLATIONS: list[tuple[str, dict[str, Any], str]] = [
    (
        "create_backend_storage",
        {
            "ResourceName": "bad",
            "ResourceConfig": {"ServiceName": "S3", "Permissions": {"Authenticated": ["WRITE"]}},
        },
        "$.resourceConfig.permissions.authenticated[0]",
    ),
    (
        "create_backend_storage",
        {"ResourceName": "bad", "ResourceConfig": {**MIN_STORAGE, "ServiceName": "GCS"}},
        "$.resourceConfig.serviceName",
    ),
    (
        "create_backend_storage",
        {"ResourceName": "bad", "ResourceConfig": {"ServiceName": "S3"}},
        "$.resourceConfig.permissions",
    ),
    (
        "update_backend_storage",
        {
            "ResourceName": STORAGE,
            "ResourceConfig": {
                "ServiceName": "S3",
                "Permissions": {"Authenticated": ["READ"], "UnAuthenticated": ["ADMIN"]},
            },
        },
        "$.resourceConfig.permissions.unAuthenticated[0]",
    ),
    (
        "update_backend_storage",
        {"ResourceName": STORAGE, "ResourceConfig": {"ServiceName": "S3", "Permissions": {}}},
        "$.resourceConfig.permissions.authenticated",
    ),
    ("delete_backend_storage", {"ResourceName": STORAGE}, "$.serviceName"),
    ("import_backend_storage", {"BucketName": BUCKET, "ServiceName": "EFS"}, "$.serviceName"),
]


@pytest.mark.parametrize(
    ("method", "params", "member"), VIOLATIONS, ids=[f"{m}-{p}" for m, _, p in VIOLATIONS]
)
def test_contract_violation_is_a_bad_request_naming_the_member(
    fake: AmplifyBackendFake,
    raw_client: Any,
    storage: str,
    method: str,
    params: dict[str, Any],
    member: str,
) -> None:
    fake.add_bucket(BUCKET)
    fails(
        fake,
        lambda: getattr(raw_client, method)(**where(**params)),
        "BadRequestException",
        in_message=member,
    )
    assert fake.backend(APP, ENV)["Storage"] == {STORAGE: STORAGE_CONFIG}
