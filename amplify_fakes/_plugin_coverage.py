"""The plugin's contract coverage report: which operations and errors a run exercised."""

from __future__ import annotations

from typing import Any

import pytest

from amplify_fakes._service import coverage as _coverage

COV_FAIL_UNDER = "--amplifybackend-cov-fail-under"
_WORKER_KEY = "amplifybackend_coverage"
_MERGED = pytest.StashKey[tuple[set[str], set[str]]]()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    """xdist: merge a finished worker's coverage into the controller's."""
    data = getattr(node, "workeroutput", {}).get(_WORKER_KEY)
    if data:
        operations, errors = node.config.stash[_MERGED]
        operations.update(data["operations"])
        errors.update(data["errors"])


def _coverage_seen(config: pytest.Config) -> tuple[set[str], set[str]]:
    operations, errors = _coverage.seen()
    merged_operations, merged_errors = config.stash[_MERGED]
    return operations | merged_operations, errors | merged_errors


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    operations, errors = _coverage_seen(config)
    workeroutput = getattr(config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput[_WORKER_KEY] = {"operations": sorted(operations), "errors": sorted(errors)}
        return
    minimum = config.getoption(COV_FAIL_UNDER)
    if minimum is not None and len(operations) < minimum and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    if getattr(config, "workeroutput", None) is not None:
        return
    operations, errors = _coverage_seen(config)
    minimum = config.getoption(COV_FAIL_UNDER)
    if not operations and minimum is None:
        return
    from amplify_fakes import contracts
    from amplify_fakes._service.errors import ERRORS

    all_operations = contracts.operations()
    line = (
        f"amplifybackend contract coverage: {len(operations)}/{len(all_operations)} operations, "
        f"{len(errors)}/{len(ERRORS)} error types"
    )
    terminalreporter.write_sep("-", "amplifybackend contract coverage")
    terminalreporter.write_line(line)
    if config.getoption("verbose") > 0:
        missing = [op for op in all_operations if op not in operations]
        missing_errors = sorted(set(ERRORS) - errors)
        terminalreporter.write_line(f"  operations not exercised: {', '.join(missing) or 'none'}")
        terminalreporter.write_line(
            f"  error types not exercised: {', '.join(missing_errors) or 'none'}"
        )
    if minimum is not None and len(operations) < minimum:
        terminalreporter.write_line(
            f"FAIL: amplifybackend contract coverage {len(operations)} operations is under {COV_FAIL_UNDER}={minimum}"
        )
