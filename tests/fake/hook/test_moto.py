"""Coexistence with moto's ``mock_aws``, in both nesting orders.

amplifybackend is answered by the fake, S3 and cognito-idp by moto; the fake reads moto's
buckets and user pools (ListS3Buckets, ImportBackendStorage, ImportBackendAuth). Without
an active moto, any well-formed ids are accepted.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import boto3
import pytest
from moto import mock_aws

from amplify_fakes import AmplifyBackendFake, mock_amplifybackend
from tests.fake.hook._support import APP, ENV, NetworkGuard, via_boto3_client

REGION = "us-east-1"


@pytest.fixture(params=["moto-outside", "moto-inside"])
def both(request: pytest.FixtureRequest) -> Iterator[AmplifyBackendFake]:
    """moto's mock_aws and the fake, active together, nested in the parametrized order."""
    fake_mock = mock_amplifybackend(strict=True, jobs="immediate")
    with ExitStack() as stack:
        if request.param == "moto-outside":
            stack.enter_context(mock_aws())
            fake = stack.enter_context(fake_mock)
        else:
            fake = stack.enter_context(fake_mock)
            stack.enter_context(mock_aws())
        yield fake


def _amplify() -> Any:
    client = via_boto3_client(REGION)
    client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    return client


def test_each_service_is_answered_by_its_own_mock(
    both: AmplifyBackendFake, network_guard: NetworkGuard
) -> None:
    amplify = _amplify()
    assert both.apps() == [APP]
    s3 = boto3.client("s3", region_name=REGION)
    s3.create_bucket(Bucket="bucket-one")
    assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["bucket-one"]
    assert amplify.get_backend(AppId=APP)["AppName"] == "shop"
    assert network_guard.attempts == []


def test_list_s3_buckets_returns_motos_buckets(both: AmplifyBackendFake) -> None:
    s3 = boto3.client("s3", region_name=REGION)
    for name in ("bucket-two", "bucket-one", "bucket-three"):
        s3.create_bucket(Bucket=name)
    amplify = _amplify()
    response = amplify.list_s3_buckets()
    names = [b["Name"] for b in response["Buckets"]]
    assert sorted(names) == ["bucket-one", "bucket-three", "bucket-two"]
    assert "NextToken" not in response
    for bucket in response["Buckets"]:
        assert bucket["CreationDate"]


def test_add_bucket_under_moto_makes_the_bucket_in_motos_s3(both: AmplifyBackendFake) -> None:
    """It was silently ignored: ListS3Buckets lists moto's buckets then (issue 21, item 5)."""
    both.add_bucket("added-by-the-fake")
    both.add_bucket("added-by-the-fake")  # again: still one bucket
    amplify = _amplify()
    assert [b["Name"] for b in amplify.list_s3_buckets()["Buckets"]] == ["added-by-the-fake"]
    s3 = boto3.client("s3", region_name=REGION)
    assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["added-by-the-fake"]


def test_list_s3_buckets_is_empty_when_moto_has_none(both: AmplifyBackendFake) -> None:
    assert _amplify().list_s3_buckets()["Buckets"] == []


def test_import_storage_needs_a_moto_bucket(both: AmplifyBackendFake) -> None:
    boto3.client("s3", region_name=REGION).create_bucket(Bucket="bucket-one")
    amplify = _amplify()
    with pytest.raises(amplify.exceptions.NotFoundException) as raised:
        amplify.import_backend_storage(
            AppId=APP, BackendEnvironmentName=ENV, BucketName="bucket-missing", ServiceName="S3"
        )
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert "bucket-missing" in raised.value.response["Error"]["Message"]
    assert both.backend(APP, ENV)["Storage"] == {}

    response = amplify.import_backend_storage(
        AppId=APP, BackendEnvironmentName=ENV, BucketName="bucket-one", ServiceName="S3"
    )
    assert response["Status"] == "COMPLETED"
    storage = amplify.get_backend_storage(
        AppId=APP, BackendEnvironmentName=ENV, ResourceName="bucket-one"
    )
    assert storage["ResourceConfig"]["BucketName"] == "bucket-one"
    assert storage["ResourceConfig"]["Imported"] is True


def test_import_auth_needs_a_moto_user_pool(both: AmplifyBackendFake) -> None:
    amplify = _amplify()
    with pytest.raises(amplify.exceptions.NotFoundException) as raised:
        amplify.import_backend_auth(
            AppId=APP,
            BackendEnvironmentName=ENV,
            UserPoolId="us-east-1_NotInMoto",
            NativeClientId="nativeclient",
            WebClientId="webclient",
        )
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert both.backend(APP, ENV)["Auth"] == {}

    idp = boto3.client("cognito-idp", region_name=REGION)
    pool_id = idp.create_user_pool(PoolName="shop-users")["UserPool"]["Id"]
    response = amplify.import_backend_auth(
        AppId=APP,
        BackendEnvironmentName=ENV,
        UserPoolId=pool_id,
        NativeClientId="nativeclient",
        WebClientId="webclient",
    )
    assert response["Status"] == "COMPLETED"
    assert pool_id in both.backend(APP, ENV)["Auth"]


def test_a_user_pool_in_another_region_does_not_count(both: AmplifyBackendFake) -> None:
    idp = boto3.client("cognito-idp", region_name="eu-west-1")
    pool_id = idp.create_user_pool(PoolName="elsewhere")["UserPool"]["Id"]
    amplify = _amplify()
    with pytest.raises(amplify.exceptions.NotFoundException):
        amplify.import_backend_auth(
            AppId=APP,
            BackendEnvironmentName=ENV,
            UserPoolId=pool_id,
            NativeClientId="nativeclient",
            WebClientId="webclient",
        )


def test_leaving_both_restores_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDUSERKEY")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY", raising=False)
    for outer_is_moto in (True, False):
        with ExitStack() as stack:
            if outer_is_moto:
                stack.enter_context(mock_aws())
                stack.enter_context(mock_amplifybackend(jobs="immediate"))
            else:
                stack.enter_context(mock_amplifybackend(jobs="immediate"))
                stack.enter_context(mock_aws())
            _amplify()
        assert os.environ["AWS_ACCESS_KEY_ID"] == "AKIDUSERKEY"
        assert "AWS_SECRET_ACCESS_KEY" not in os.environ


def _import_anything(client: Any) -> None:
    storage = client.import_backend_storage(
        AppId=APP, BackendEnvironmentName=ENV, BucketName="never-created-bucket", ServiceName="S3"
    )
    assert storage["Status"] == "COMPLETED"
    auth = client.import_backend_auth(
        AppId=APP,
        BackendEnvironmentName=ENV,
        UserPoolId="us-east-1_AnyPool1",
        IdentityPoolId="us-east-1:00000000-0000-0000-0000-000000000000",
        NativeClientId="nativeclient",
        WebClientId="webclient",
    )
    assert auth["Status"] == "COMPLETED"


def test_without_moto_any_well_formed_ids_are_accepted(fake: AmplifyBackendFake) -> None:
    _import_anything(_amplify())
    backend = fake.backend(APP, ENV)
    assert list(backend["Storage"]) == ["never-created-bucket"]
    assert list(backend["Auth"]) == ["us-east-1_AnyPool1"]


def test_after_moto_ended_any_well_formed_ids_are_accepted() -> None:
    with mock_aws():
        boto3.client("s3", region_name=REGION).create_bucket(Bucket="bucket-one")
    with mock_amplifybackend(strict=True, jobs="immediate") as fake:
        _import_anything(_amplify())
        assert list(fake.backend(APP, ENV)["Storage"]) == ["never-created-bucket"]


def test_without_moto_list_s3_buckets_uses_the_fakes_registry(fake: AmplifyBackendFake) -> None:
    fake.add_bucket("bucket-registered")
    names = [b["Name"] for b in _amplify().list_s3_buckets()["Buckets"]]
    assert names == ["bucket-registered"]
