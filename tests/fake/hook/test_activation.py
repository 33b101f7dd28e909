"""Activating the fake: which clients it answers, per-region and per-account state, defaults.

Clients made before or after activation, through every way of making one, in several
regions, are answered in-process; a request never leaves the process (the directory's
socket guard records every attempt). State is isolated per region and per account.
"""

from __future__ import annotations

import json
from typing import Any

import botocore
import pytest
from botocore.config import Config

from amplify_fakes import AmplifyBackendFake, mock_amplifybackend
from tests.fake.hook._support import (
    APP,
    ENV,
    FACTORIES,
    NetworkGuard,
    via_boto3_client,
)

REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-2")


def _create_app(client: Any, app_id: str = APP) -> dict[str, Any]:
    response: dict[str, Any] = client.create_backend(
        AppId=app_id, AppName="shop", BackendEnvironmentName=ENV
    )
    return response


def _assert_not_found(client: Any, app_id: str = APP) -> None:
    with pytest.raises(client.exceptions.NotFoundException) as raised:
        client.get_backend(AppId=app_id)
    assert raised.value.response["ResourceType"] == "App"


def _meta_account(client: Any, app_id: str = APP) -> str:
    """The account id the fake put into the environment's AmplifyMetaConfig role ARNs."""
    meta = json.loads(client.get_backend(AppId=app_id)["AmplifyMetaConfig"])
    arn: str = meta["providers"]["awscloudformation"]["AuthRoleArn"]
    return arn.split(":")[4]


@pytest.mark.parametrize("region", REGIONS)
@pytest.mark.parametrize("how", sorted(FACTORIES))
def test_client_created_before_activation_is_answered(
    how: str, region: str, monkeypatch: pytest.MonkeyPatch, network_guard: NetworkGuard
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDBEFOREACTIVATION")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "before-secret")
    client = FACTORIES[how](region)
    with mock_amplifybackend(strict=True, jobs="immediate") as fake:
        response = _create_app(client)
        assert response["Status"] == "COMPLETED"
        assert client.get_backend(AppId=APP)["AppName"] == "shop"
        assert fake.apps(region=region) == [APP]
        for other in REGIONS:
            if other != region:
                assert fake.apps(region=other) == []
    assert network_guard.attempts == []


@pytest.mark.parametrize("region", REGIONS)
@pytest.mark.parametrize("how", sorted(FACTORIES))
def test_client_created_after_activation_is_answered(
    how: str, region: str, network_guard: NetworkGuard
) -> None:
    with mock_amplifybackend(strict=True, jobs="immediate") as fake:
        client = FACTORIES[how](region)
        _create_app(client)
        assert client.get_backend(AppId=APP)["BackendEnvironmentList"] == [ENV]
        assert fake.backend(APP, ENV, region=region)["AppName"] == "shop"
    assert network_guard.attempts == []


@pytest.mark.parametrize("how", sorted(FACTORIES))
def test_client_created_without_any_credentials_before_activation(
    how: str, network_guard: NetworkGuard
) -> None:
    # The directory's fixture removed every credential source (env, files, metadata).
    client = FACTORIES[how]("eu-west-1")
    assert client._request_signer._credentials is None  # really no credentials
    with mock_amplifybackend(strict=True, jobs="immediate") as fake:
        _create_app(client)
        assert client.get_backend(AppId=APP)["AppId"] == APP
        assert fake.apps(region="eu-west-1") == [APP]
    assert network_guard.attempts == []


def test_state_is_isolated_per_region() -> None:
    with mock_amplifybackend(strict=True, jobs="immediate") as fake:
        east = via_boto3_client("us-east-1")
        west = via_boto3_client("eu-west-1")
        _create_app(east)
        _assert_not_found(west)
        _create_app(west, "d1westonly")
        _assert_not_found(east, "d1westonly")
        # The same app id may exist independently in two regions.
        west.create_backend(AppId=APP, AppName="other", BackendEnvironmentName="prod")
        assert east.get_backend(AppId=APP)["BackendEnvironmentList"] == [ENV]
        assert west.get_backend(AppId=APP)["BackendEnvironmentList"] == ["prod"]
        assert west.get_backend(AppId=APP)["AppName"] == "other"
        assert fake.apps(region="us-east-1") == [APP]
        assert sorted(fake.apps(region="eu-west-1")) == sorted([APP, "d1westonly"])


def test_a_twelve_digit_access_key_id_is_the_account() -> None:
    with mock_amplifybackend(strict=True, jobs="immediate") as fake:
        first = via_boto3_client(
            "us-east-1", aws_access_key_id="111122223333", aws_secret_access_key="x"
        )
        second = via_boto3_client(
            "us-east-1", aws_access_key_id="444455556666", aws_secret_access_key="x"
        )
        _create_app(first)
        _assert_not_found(second)
        assert fake.apps(account_id="111122223333") == [APP]
        assert fake.apps(account_id="444455556666") == []
        assert fake.apps() == []  # not the default account either
        assert _meta_account(first) == "111122223333"


def test_mapped_access_keys_choose_the_account() -> None:
    with mock_amplifybackend(strict=True, jobs="immediate") as fake:
        fake.access_keys["AKIAEXAMPLEKEYONE000"] = "111122223333"
        fake.access_keys["AKIAEXAMPLEKEYTWO000"] = "444455556666"
        fake.access_keys["999999999999"] = "777788889999"  # a mapping beats the key itself
        one = via_boto3_client(
            "us-east-1", aws_access_key_id="AKIAEXAMPLEKEYONE000", aws_secret_access_key="x"
        )
        two = via_boto3_client(
            "us-east-1", aws_access_key_id="AKIAEXAMPLEKEYTWO000", aws_secret_access_key="x"
        )
        remapped = via_boto3_client(
            "us-east-1", aws_access_key_id="999999999999", aws_secret_access_key="x"
        )
        same_account = via_boto3_client(
            "us-east-1", aws_access_key_id="111122223333", aws_secret_access_key="x"
        )
        _create_app(one)
        _assert_not_found(two)
        _assert_not_found(remapped)
        assert same_account.get_backend(AppId=APP)["AppName"] == "shop"
        _create_app(remapped, "d1remapped")
        assert fake.apps(account_id="111122223333") == [APP]
        assert fake.apps(account_id="444455556666") == []
        assert fake.apps(account_id="777788889999") == ["d1remapped"]
        assert fake.apps(account_id="999999999999") == []
        assert _meta_account(one) == "111122223333"


def test_account_and_region_options_are_the_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    with mock_amplifybackend(
        strict=True, jobs="immediate", account_id="210987654321", region="ap-southeast-2"
    ) as fake:
        assert fake.account_id == "210987654321"
        assert fake.region == "ap-southeast-2"
        # No region anywhere in the environment before: the mock's region is the default.
        client = FACTORIES["boto3.Session().client"](None)
        assert client.meta.region_name == "ap-southeast-2"
        _create_app(client)  # signed with the fake "testing" key: the default account
        assert fake.apps() == [APP]
        assert fake.apps(account_id="123456789012", region="ap-southeast-2") == []
        assert _meta_account(client) == "210987654321"
        # A 12-digit key still wins over the default account.
        explicit = via_boto3_client(
            "ap-southeast-2", aws_access_key_id="111122223333", aws_secret_access_key="x"
        )
        _assert_not_found(explicit)


def test_unsigned_requests_use_the_default_account_and_region() -> None:
    with mock_amplifybackend(
        strict=True, jobs="immediate", account_id="210987654321", region="ap-southeast-2"
    ) as fake:
        unsigned = via_boto3_client("eu-west-1", config=Config(signature_version=botocore.UNSIGNED))
        _create_app(unsigned)
        assert fake.apps() == [APP]
        assert fake.apps(region="eu-west-1") == []


def test_default_account_without_options() -> None:
    with mock_amplifybackend(strict=True, jobs="immediate") as fake:
        assert (fake.account_id, fake.region) == ("123456789012", "us-east-1")
        client = via_boto3_client("us-east-1")
        _create_app(client)
        assert fake.apps(account_id="123456789012", region="us-east-1") == [APP]
        assert _meta_account(client) == "123456789012"


def test_fake_fixture_answers(fake: AmplifyBackendFake, client: Any) -> None:
    """The shared fixtures of tests/conftest.py work under this directory's isolation."""
    _create_app(client)
    assert fake.apps() == [APP]
