"""A NotFound for an app that lives in another account or region says so in the log."""

from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import ClientError

from amplify_fakes import mock_amplifybackend


def test_an_app_in_another_region_is_named_in_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with mock_amplifybackend(strict=True):
        boto3.client("amplifybackend", region_name="eu-west-1").create_backend(
            AppId="d1app", AppName="shop", BackendEnvironmentName="dev"
        )
        client = boto3.client("amplifybackend", region_name="us-east-1")
        with (
            caplog.at_level("WARNING", logger="amplify_fakes"),
            pytest.raises(ClientError) as raised,
        ):
            client.get_backend(AppId="d1app")
    # the wire answer is the service's own
    assert raised.value.response["Error"]["Message"] == "App d1app not found"
    assert "app 'd1app' is not in account 123456789012 region us-east-1" in caplog.text
    assert "this fake has it in account 123456789012 region eu-west-1" in caplog.text


def test_a_missing_app_nowhere_gives_no_warning(caplog: pytest.LogCaptureFixture) -> None:
    with mock_amplifybackend():
        client = boto3.client("amplifybackend", region_name="us-east-1")
        with caplog.at_level("WARNING", logger="amplify_fakes"), pytest.raises(ClientError):
            client.get_backend(AppId="d1nowhere")
    assert "this fake has it" not in caplog.text
