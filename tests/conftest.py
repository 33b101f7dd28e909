"""Fixtures shared by the project's own tests (strict mode is always on here)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from amplify_fakes import AmplifyBackendFake, mock_amplifybackend

APP = "d1appexample"
ENV = "dev"


@pytest.fixture
def fake() -> Iterator[AmplifyBackendFake]:
    """A strict fake whose jobs complete at once."""
    with mock_amplifybackend(strict=True, jobs="immediate") as active:
        yield active


@pytest.fixture
def clock_fake() -> Iterator[AmplifyBackendFake]:
    """A strict fake with a virtual clock and jobs that follow it."""
    with mock_amplifybackend(strict=True, jobs="clock", clock="virtual") as active:
        yield active


@pytest.fixture
def client(fake: AmplifyBackendFake) -> Any:
    """A boto3 amplifybackend client answered by ``fake``."""
    return boto3.client("amplifybackend", region_name="us-east-1")


@pytest.fixture
def backend(client: Any) -> tuple[str, str]:
    """An app ``APP`` with one backend environment ``ENV``, created through the API."""
    client.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName=ENV)
    return APP, ENV


def state_of(fake: AmplifyBackendFake) -> Any:
    """A deep copy of everything the fake holds, for before/after comparisons."""
    service = fake._service
    return copy.deepcopy((service._state, service._buckets))
