"""Helpers for running sample suites with the installed plugin in a fresh process."""

from __future__ import annotations

import pytest

#: Generous: a run imports boto3 and the contracts, and xdist starts two more processes.
TIMEOUT = 120.0


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    """Run pytest on ``pytester.path`` in a subprocess (the plugin comes from its entry point)."""
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", *args, timeout=TIMEOUT)


def coverage_line(result: pytest.RunResult) -> list[str]:
    """The lines of the output that carry the contract coverage summary."""
    return [line for line in result.outlines if "amplifybackend contract coverage" in line]
