"""The contract coverage report: which of the 31 operations and 4 error types a suite exercised."""

from __future__ import annotations

import pytest

from amplify_fakes import contracts
from amplify_fakes._service.errors import ERRORS
from tests.plugin._support import coverage_line, run

EXERCISED = ("CreateBackend", "GetBackend")
ERRORS_EXERCISED = ("BadRequestException", "NotFoundException")

COVERAGE_SUITE = """
    import pytest


    def test_create_and_get(amplifybackend_client):
        amplifybackend_client.create_backend(AppId="d1", AppName="a", BackendEnvironmentName="dev")
        amplifybackend_client.get_backend(AppId="d1")


    def test_missing_app(amplifybackend_client):
        with pytest.raises(amplifybackend_client.exceptions.NotFoundException):
            amplifybackend_client.get_backend(AppId="d1missing")


    def test_duplicate(amplifybackend_client):
        amplifybackend_client.create_backend(AppId="d1", AppName="a", BackendEnvironmentName="dev")
        with pytest.raises(amplifybackend_client.exceptions.BadRequestException):
            amplifybackend_client.create_backend(AppId="d1", AppName="a", BackendEnvironmentName="dev")


    def test_seeding_is_not_an_operation(amplifybackend_fake):
        amplifybackend_fake.add_backend("d1seed", "dev")


    def test_without_the_fake():
        pass
"""

SUMMARY = "amplifybackend contract coverage: 2/31 operations, 2/4 error types"


def test_the_numbers_are_right() -> None:
    assert len(contracts.operations()) == 31
    assert set(ERRORS) == {
        "BadRequestException",
        "NotFoundException",
        "TooManyRequestsException",
        "GatewayTimeoutException",
    }


def test_report_counts_and_verbose_listing(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_coverage=COVERAGE_SUITE)
    result = run(pytester, "-v", "--amplifybackend-cov-fail-under=2")
    result.assert_outcomes(passed=5)
    assert result.ret == pytest.ExitCode.OK
    missing = [op for op in contracts.operations() if op not in EXERCISED]
    assert len(missing) == 29
    missing_errors = sorted(set(ERRORS) - set(ERRORS_EXERCISED))
    result.stdout.fnmatch_lines(
        [
            "*- amplifybackend contract coverage -*",
            SUMMARY,
            f"  operations not exercised: {', '.join(missing)}",
            f"  error types not exercised: {', '.join(missing_errors)}",
        ],
        consecutive=True,
    )
    assert not any(line.startswith("FAIL") for line in result.outlines)


def test_fail_under_fails_the_session(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_coverage=COVERAGE_SUITE)
    result = run(pytester, "--amplifybackend-cov-fail-under=3")
    result.assert_outcomes(passed=5)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        [
            SUMMARY,
            "FAIL: amplifybackend contract coverage 2 operations is under "
            "--amplifybackend-cov-fail-under=3",
        ]
    )
    # without -v the report is the summary line only
    assert "operations not exercised" not in result.stdout.str()


@pytest.mark.parametrize("value", ["40", "-1", "many"])
def test_fail_under_beyond_the_operations_is_a_usage_error(
    pytester: pytest.Pytester, value: str
) -> None:
    pytester.makepyfile(test_coverage=COVERAGE_SUITE)
    result = run(pytester, f"--amplifybackend-cov-fail-under={value}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*{value!r} is not a number of operations from 0 to 31*"])


def test_a_suite_that_never_calls_the_fake_prints_no_report(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_quiet="""
        def test_fake_unused(amplifybackend_fake):
            amplifybackend_fake.add_backend("d1", "dev")


        def test_credentials_only(aws_credentials):
            pass


        def test_plain():
            pass
        """
    )
    result = run(pytester, "-v")
    result.assert_outcomes(passed=3)
    assert coverage_line(result) == []
