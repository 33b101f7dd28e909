"""Fixtures of the per-operation tests (the shared ones live in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config

from amplify_fakes import AmplifyBackendFake


@pytest.fixture
def raw_client(fake: AmplifyBackendFake) -> Any:
    """A client that skips botocore's parameter validation, so contract violations reach the fake."""
    return boto3.client(
        "amplifybackend", region_name="us-east-1", config=Config(parameter_validation=False)
    )


@pytest.fixture
def moto_aws(fake: AmplifyBackendFake) -> Iterator[None]:
    """moto's mock_aws, active inside the fake (the fake still answers amplifybackend)."""
    from moto import mock_aws

    with mock_aws():
        yield
