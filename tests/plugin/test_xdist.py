"""Under pytest-xdist: a fake per test and per worker, and one merged coverage report.

Two sample files are spread over two workers with ``--dist loadfile``: the tests of
``test_a.py`` call only CreateBackend and GetBackend, those of ``test_b.py`` only
CreateToken, so no single worker exercised more than two operations, and the report must
show their union, 3/31.
"""

from __future__ import annotations

import re

import pytest

from amplify_fakes import contracts
from tests.plugin._support import run

FILE_A = """
    import pytest


    @pytest.mark.parametrize("n", range(3))
    def test_create_and_get(n, amplifybackend_client, amplifybackend_fake):
        amplifybackend_client.create_backend(
            AppId="d1same", AppName=f"a{n}", BackendEnvironmentName="dev"
        )
        assert amplifybackend_client.get_backend(AppId="d1same")["AppName"] == f"a{n}"
        assert amplifybackend_fake.apps() == ["d1same"]
        assert [call.operation for call in amplifybackend_fake.calls] == ["CreateBackend", "GetBackend"]


    def test_session_fake_is_the_workers_own(amplifybackend_session_fake, worker_id):
        amplifybackend_session_fake.add_backend(f"s-{worker_id}-a", "dev")
        assert all(app.startswith(f"s-{worker_id}-") for app in amplifybackend_session_fake.apps())
"""

FILE_B = """
    import pytest


    @pytest.mark.parametrize("n", range(3))
    def test_create_token(n, amplifybackend_client, amplifybackend_fake):
        amplifybackend_fake.add_backend("d1same", "dev", app_name=f"b{n}")
        assert amplifybackend_client.create_token(AppId="d1same")["AppId"] == "d1same"
        assert amplifybackend_fake.apps() == ["d1same"]
        assert amplifybackend_fake.backend("d1same", "dev")["AppName"] == f"b{n}"
        assert [call.operation for call in amplifybackend_fake.calls] == ["CreateToken"]


    def test_session_fake_is_the_workers_own(amplifybackend_session_fake, worker_id):
        amplifybackend_session_fake.add_backend(f"s-{worker_id}-b", "dev")
        assert all(app.startswith(f"s-{worker_id}-") for app in amplifybackend_session_fake.apps())
"""

_RAN_ON = re.compile(r"^\[(gw\d+)\] .*\b(PASSED|FAILED|ERROR) (test_[ab])\.py::")


def test_fakes_per_worker_and_merged_coverage(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_a=FILE_A, test_b=FILE_B)
    result = run(
        pytester, "-n", "2", "--dist", "loadfile", "-v", "--amplifybackend-cov-fail-under=3"
    )
    result.assert_outcomes(passed=8)
    assert result.ret == pytest.ExitCode.OK
    workers: dict[str, set[str]] = {"test_a": set(), "test_b": set()}
    for line in result.outlines:
        match = _RAN_ON.match(line)
        if match:
            workers[match.group(3)].add(match.group(1))
    # precondition of the merge check: each file ran on one worker, a different one
    assert len(workers["test_a"]) == 1, workers
    assert len(workers["test_b"]) == 1, workers
    assert workers["test_a"] != workers["test_b"], workers
    missing = [
        op
        for op in contracts.operations()
        if op not in {"CreateBackend", "GetBackend", "CreateToken"}
    ]
    result.stdout.fnmatch_lines(
        [
            "amplifybackend contract coverage: 3/31 operations, 0/4 error types",
            f"  operations not exercised: {', '.join(missing)}",
        ],
        consecutive=True,
    )
    assert not any(line.startswith("FAIL") for line in result.outlines)
