"""Injected faults meet botocore's retry modes, and the virtual clock absorbs the back-off.

botocore's own rules, asserted as botocore actually behaves (1.43): in a client ``Config``,
``retries={"max_attempts": N}`` means N *retries* (botocore turns it into
``total_max_attempts = N + 1``), while ``total_max_attempts`` counts every attempt; the
legacy mode's default is 5 attempts in total. 429 and 504 are retried by every mode.
"""

from __future__ import annotations

import itertools
import time
from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from amplify_fakes import AmplifyBackendFake, mock_amplifybackend
from tests.control._support import APP, fresh_client, make_backend

pytestmark = pytest.mark.usefixtures("clean_retry_env")


def _create(c: Any) -> dict[str, Any]:
    return dict(c.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName="dev"))


def _attempts(fake: AmplifyBackendFake, operation: str = "CreateBackend") -> list[str | None]:
    return [call.error for call in fake.calls if call.operation == operation]


def test_standard_mode_succeeds_after_two_throttles(vfake: AmplifyBackendFake) -> None:
    c = fresh_client(Config(retries={"mode": "standard", "max_attempts": 3}))
    handle = vfake.faults.add("CreateBackend", error="TooManyRequestsException", times=2)
    response = _create(c)
    assert response["ResponseMetadata"]["RetryAttempts"] == 2
    assert _attempts(vfake) == ["TooManyRequestsException", "TooManyRequestsException", None]
    assert [call.status for call in vfake.calls] == [429, 429, 200]
    assert handle.injected == 2
    assert vfake.apps() == [APP]


def test_standard_mode_max_attempts_is_retries_not_total_attempts(
    vfake: AmplifyBackendFake,
) -> None:
    # max_attempts=3 in a client Config is 3 retries: 4 attempts in all, so 3 throttles
    # are survived and 4 are not.
    c = fresh_client(Config(retries={"mode": "standard", "max_attempts": 3}))
    vfake.faults.add("CreateBackend", error="TooManyRequestsException", times=3)
    assert _create(c)["ResponseMetadata"]["RetryAttempts"] == 3
    assert len(_attempts(vfake)) == 4

    vfake.calls.clear()
    vfake.faults.add("GetBackend", error="TooManyRequestsException", times=4)
    with pytest.raises(ClientError) as info:
        c.get_backend(AppId=APP)
    assert info.value.response["Error"]["Code"] == "TooManyRequestsException"
    assert info.value.response["ResponseMetadata"]["RetryAttempts"] == 3
    assert _attempts(vfake, "GetBackend") == ["TooManyRequestsException"] * 4


def test_standard_mode_total_max_attempts_counts_every_attempt(
    vfake: AmplifyBackendFake,
) -> None:
    c = fresh_client(Config(retries={"mode": "standard", "total_max_attempts": 3}))
    vfake.faults.add("CreateBackend", error="TooManyRequestsException", times=4)
    with pytest.raises(ClientError) as info:
        _create(c)
    assert info.value.response["ResponseMetadata"]["RetryAttempts"] == 2
    assert _attempts(vfake) == ["TooManyRequestsException"] * 3
    assert vfake.apps() == []


def test_standard_mode_retries_gateway_timeouts(vfake: AmplifyBackendFake) -> None:
    c = fresh_client(Config(retries={"mode": "standard", "total_max_attempts": 3}))
    vfake.faults.add("CreateBackend", error="GatewayTimeoutException", times=2)
    assert _create(c)["ResponseMetadata"]["RetryAttempts"] == 2
    assert [call.status for call in vfake.calls] == [504, 504, 200]


@pytest.mark.parametrize("error", ["BadRequestException", "NotFoundException"])
def test_client_errors_are_not_retried(vfake: AmplifyBackendFake, error: str) -> None:
    c = fresh_client(Config(retries={"mode": "standard", "total_max_attempts": 5}))
    vfake.faults.add("CreateBackend", error=error, times=None)
    with pytest.raises(ClientError) as info:
        _create(c)
    assert info.value.response["ResponseMetadata"]["RetryAttempts"] == 0
    assert len(vfake.calls) == 1


@pytest.mark.parametrize("error", ["TooManyRequestsException", "GatewayTimeoutException"])
def test_legacy_mode_retries_up_to_five_attempts_by_default(
    vfake: AmplifyBackendFake, error: str
) -> None:
    c = fresh_client(Config(retries={"mode": "legacy"}))
    vfake.faults.add("CreateBackend", error=error, times=4)
    assert _create(c)["ResponseMetadata"]["RetryAttempts"] == 4
    assert _attempts(vfake) == [error] * 4 + [None]

    vfake.faults.add("GetBackend", error=error, times=5)
    with pytest.raises(ClientError) as info:
        c.get_backend(AppId=APP)
    assert info.value.response["ResponseMetadata"]["RetryAttempts"] == 4
    assert _attempts(vfake, "GetBackend") == [error] * 5


def test_adaptive_mode_retries_gateway_timeouts(vfake: AmplifyBackendFake) -> None:
    c = fresh_client(Config(retries={"mode": "adaptive", "total_max_attempts": 3}))
    vfake.faults.add("CreateBackend", error="GatewayTimeoutException", times=2)
    assert _create(c)["ResponseMetadata"]["RetryAttempts"] == 2
    assert _attempts(vfake) == ["GatewayTimeoutException", "GatewayTimeoutException", None]


def test_adaptive_mode_retries_a_throttle(vfake: AmplifyBackendFake) -> None:
    # One throttle only: adaptive mode's client-side rate limiter then waits in real time.
    c = fresh_client(Config(retries={"mode": "adaptive", "total_max_attempts": 3}))
    vfake.faults.add("CreateBackend", error="TooManyRequestsException", times=1)
    assert _create(c)["ResponseMetadata"]["RetryAttempts"] == 1
    assert _attempts(vfake) == ["TooManyRequestsException", None]


# boto3's default retry mode depends on the botocore version (legacy: 5 attempts with up to
# 1+2+4+8 s of back-off; standard, the default from botocore 1.44: 3 attempts, up to 20 s).
_DEFAULT_ATTEMPTS = {"legacy": 5, "standard": 3}
_DEFAULT_MAX_BACKOFF = {"legacy": 1 + 2 + 4 + 8, "standard": 2 * 20}


def test_default_retries_under_a_virtual_clock_take_no_real_time() -> None:
    with mock_amplifybackend(strict=True, jobs="immediate", clock="virtual") as fake:
        c = fresh_client()  # boto3's default retry config, whatever this botocore's is
        mode = c.meta.config.retries["mode"]
        attempts = _DEFAULT_ATTEMPTS[mode]
        make_backend(c)
        fake.calls.clear()
        handle = fake.faults.add("GetBackend", error="TooManyRequestsException", times=5)
        start_clock = fake.clock.time()
        start = time.monotonic()
        with pytest.raises(ClientError) as info:
            c.get_backend(AppId=APP)
        elapsed = time.monotonic() - start
        advanced = fake.clock.time() - start_clock
    assert elapsed < 2.0
    assert info.value.response["ResponseMetadata"]["RetryAttempts"] == attempts - 1
    assert handle.injected == attempts
    calls = list(fake.calls)
    assert [call.status for call in calls] == [429] * attempts
    times = [call.time for call in calls]
    assert times == sorted(times)
    assert all(later > earlier for earlier, later in itertools.pairwise(times))
    # The back-off moved the fake's clock, and only the back-off did.
    assert times[0] == pytest.approx(start_clock)
    assert advanced == pytest.approx(times[-1] - times[0])
    assert 0 < advanced <= _DEFAULT_MAX_BACKOFF[mode]


def test_retry_backoff_really_sleeps_with_a_real_clock() -> None:
    with mock_amplifybackend(strict=True, jobs="immediate") as fake:
        c = fresh_client(Config(retries={"mode": "standard", "total_max_attempts": 2}))
        fake.faults.add("ListS3Buckets", error="GatewayTimeoutException", times=1)
        c.list_s3_buckets()
        calls = list(fake.calls)
    assert [call.status for call in calls] == [504, 200]
    # The real clock advanced by the real back-off between the attempts (tiny but > 0).
    assert calls[1].time > calls[0].time
