"""Fixtures for the server tests: a strict FakeServer per test and a boto3 client for it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from amplify_fakes.server import FakeServer


@pytest.fixture
def server(aws_credentials: dict[str, str]) -> Iterator[FakeServer]:
    """A strict FakeServer on 127.0.0.1 (free port) whose jobs complete at once."""
    with FakeServer(strict=True, jobs="immediate") as running:
        yield running
    running.check()


@pytest.fixture
def http_client(server: FakeServer) -> Any:
    """A boto3 amplifybackend client whose endpoint is ``server``."""
    return server.client(region_name="us-east-1")
