"""Fixtures for the pytest plugin's tests: ``pytester`` runs sample suites in fresh processes."""

from __future__ import annotations

import pytest

# Variables of the outer run that must not leak into the sample suites' processes.
_OUTER_ENVIRONMENT = (
    "PYTEST_XDIST_WORKER",
    "PYTEST_XDIST_WORKER_COUNT",
    "PYTEST_XDIST_TESTRUNUID",
    "PYTEST_PLUGINS",
    "PYTEST_DISABLE_PLUGIN_AUTOLOAD",
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_DEFAULT_REGION",
    "AWS_REGION",
)


@pytest.fixture(autouse=True)
def _clean_outer_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Give every sample suite the same starting environment, whatever the outer run has."""
    for name in _OUTER_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
