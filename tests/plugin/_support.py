"""Helpers for running sample suites with the installed plugin in a fresh process."""

from __future__ import annotations

import pytest

#: Generous: a run imports boto3 and the contracts, and xdist starts two more processes.
TIMEOUT = 120.0

# Variables of the outer run that must not leak into the sample suites' processes.
OUTER_ENVIRONMENT = (
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


def clean_outer_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Give a sample suite the same starting environment, whatever the outer run has."""
    for name in OUTER_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    """Run pytest on ``pytester.path`` in a subprocess (the plugin comes from its entry point).

    Sample suites run in file order even when the outer run is shuffled (pytest-randomly
    would reach the inner run through plugin autoload): their order is what they test.
    """
    return pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "-p", "no:randomly", *args, timeout=TIMEOUT
    )


def coverage_line(result: pytest.RunResult) -> list[str]:
    """The lines of the output that carry the contract coverage summary."""
    return [line for line in result.outlines if "amplifybackend contract coverage" in line]
