"""Fixtures for the control-surface tests: virtual-clock fakes and scrubbed retry settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from amplify_fakes import AmplifyBackendFake, mock_amplifybackend
from tests.control._support import client


@pytest.fixture
def vfake() -> Iterator[AmplifyBackendFake]:
    """A strict fake with a virtual clock whose jobs complete at once."""
    with mock_amplifybackend(strict=True, jobs="immediate", clock="virtual") as active:
        yield active


@pytest.fixture
def vclient(vfake: AmplifyBackendFake) -> Any:
    """A boto3 client answered by ``vfake``."""
    return client()


@pytest.fixture
def clean_retry_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No retry settings from the environment or a config file: botocore's defaults apply."""
    for name in ("AWS_RETRY_MODE", "AWS_MAX_ATTEMPTS", "AWS_PROFILE", "AWS_DEFAULT_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
