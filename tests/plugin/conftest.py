"""Fixtures for the pytest plugin's tests: ``pytester`` runs sample suites in fresh processes."""

from __future__ import annotations

import pytest

from tests.plugin._support import clean_outer_environment


@pytest.fixture(autouse=True)
def _clean_outer_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Give every sample suite the same starting environment, whatever the outer run has."""
    clean_outer_environment(monkeypatch)
