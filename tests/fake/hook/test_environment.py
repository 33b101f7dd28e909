"""The fake-credentials environment: one definition, restored as mock.patch.dict restores."""

from __future__ import annotations

import os

import boto3
import pytest

from amplify_fakes import mock_amplifybackend
from amplify_fakes._environment import FAKE_ENVIRONMENT, REMOVED_ENVIRONMENT


@pytest.fixture
def real_looking_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a developer's shell holds: a profile, a session token, a config file."""
    monkeypatch.setenv("AWS_PROFILE", "prod-admin")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "real-token")
    monkeypatch.setenv("AWS_CONFIG_FILE", "config-of-the-developer")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAREALKEY")
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)


@pytest.mark.usefixtures("real_looking_environment")
def test_the_mock_hides_real_credentials_and_restores_the_environment_exactly() -> None:
    before = dict(os.environ)
    with mock_amplifybackend(region="eu-west-1") as fake:
        for name, value in FAKE_ENVIRONMENT.items():
            assert os.environ[name] == value
        for name in REMOVED_ENVIRONMENT:
            assert name not in os.environ
        assert os.environ["AWS_DEFAULT_REGION"] == "eu-west-1"
        os.environ["SET_INSIDE_THE_MOCK"] = "1"  # patch.dict: undone on exit too
        client = boto3.client("amplifybackend")
        client.create_backend(AppId="d1env", AppName="shop", BackendEnvironmentName="dev")
        assert fake.calls[-1].region == "eu-west-1"
    assert dict(os.environ) == before


def test_a_default_region_already_set_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "ap-south-1")
    with mock_amplifybackend(region="eu-west-1"):
        assert os.environ["AWS_DEFAULT_REGION"] == "ap-south-1"
    assert os.environ["AWS_DEFAULT_REGION"] == "ap-south-1"


def test_the_plugin_fixture_sets_the_same_variables(aws_credentials: dict[str, str]) -> None:
    assert {k: v for k, v in aws_credentials.items() if k != "AWS_DEFAULT_REGION"} == (
        FAKE_ENVIRONMENT
    )
    for name, value in aws_credentials.items():
        assert os.environ[name] == value
    for name in REMOVED_ENVIRONMENT:
        assert name not in os.environ
