"""The fake's clock: ``now``/``time``/``advance``/``set``, and every timestamp it drives."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from botocore.exceptions import ClientError

from amplify_fakes import AmplifyBackendFake, UsageError, mock_amplifybackend
from tests.control._support import APP, ENV, client, make_backend, where

UTC = dt.timezone.utc


def _iso(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def test_now_is_an_aware_utc_datetime_matching_time(vfake: AmplifyBackendFake) -> None:
    now = vfake.clock.now()
    assert now.tzinfo is not None
    assert now.utcoffset() == dt.timedelta(0)
    assert now.timestamp() == vfake.clock.time()


def test_virtual_clock_moves_only_when_advanced(vfake: AmplifyBackendFake) -> None:
    before = vfake.clock.time()
    time.sleep(0.05)
    client().list_s3_buckets()
    assert vfake.clock.time() == before
    vfake.clock.advance(90)
    assert vfake.clock.time() == before + 90
    vfake.clock.advance(0.5)
    assert vfake.clock.now() == dt.datetime.fromtimestamp(before + 90.5, tz=UTC)


@pytest.mark.parametrize("clock", ["real", "virtual"])
def test_negative_advance_is_a_usage_error(clock: str) -> None:
    with mock_amplifybackend(clock=clock) as fake:
        before = fake.clock.time()
        with pytest.raises(UsageError, match="non-negative"):
            fake.clock.advance(-1)
        assert fake.clock.time() - before < 1.0


def test_set_jumps_to_an_aware_or_naive_datetime(vfake: AmplifyBackendFake) -> None:
    target = dt.datetime(2031, 2, 3, 4, 5, 6, tzinfo=UTC)
    vfake.clock.set(target)
    assert vfake.clock.now() == target
    # An aware datetime in another zone is the same instant.
    vfake.clock.set(dt.datetime(2031, 2, 3, 6, 5, 6, tzinfo=dt.timezone(dt.timedelta(hours=2))))
    assert vfake.clock.now() == target
    # A naive one is taken as UTC.
    vfake.clock.set(dt.datetime(2030, 1, 1, 12, 0, 0))
    assert vfake.clock.now() == dt.datetime(2030, 1, 1, 12, 0, 0, tzinfo=UTC)
    # Backwards is allowed with set.
    vfake.clock.set(dt.datetime(2020, 1, 1, tzinfo=UTC))
    assert vfake.clock.now().year == 2020


def test_real_clock_follows_real_time_plus_advances() -> None:
    with mock_amplifybackend() as fake:
        assert not fake.clock.virtual
        assert abs(fake.clock.time() - time.time()) < 5
        assert abs((fake.clock.now() - dt.datetime.now(UTC)).total_seconds()) < 5
        first = fake.clock.time()
        time.sleep(0.05)
        assert fake.clock.time() > first
        fake.clock.advance(3600)
        assert abs(fake.clock.time() - (time.time() + 3600)) < 5
        target = dt.datetime(2035, 6, 1, tzinfo=UTC)
        fake.clock.set(target)
        assert abs((fake.clock.now() - target).total_seconds()) < 5
        time.sleep(0.05)
        assert fake.clock.now() > target  # and keeps running from there


def test_job_times_come_from_the_clock() -> None:
    with mock_amplifybackend(strict=True, jobs="clock", clock="virtual") as fake:
        c = client()
        start = dt.datetime(2030, 5, 6, 7, 8, 9, tzinfo=UTC)
        fake.clock.set(start)
        job_id = make_backend(c)["JobId"]
        job = c.get_backend_job(**where(JobId=job_id))
        assert job["Status"] == "IN_PROGRESS"
        assert job["CreateTime"] == job["UpdateTime"] == "2030-05-06T07:08:09.000Z"
        fake.clock.advance(4.9)
        assert c.get_backend_job(**where(JobId=job_id))["Status"] == "IN_PROGRESS"
        fake.clock.advance(60)
        done = c.get_backend_job(**where(JobId=job_id))
        assert done["Status"] == "COMPLETED"
        assert done["CreateTime"] == "2030-05-06T07:08:09.000Z"
        # Finished when the clock passed its 5 s duration.
        assert done["UpdateTime"] == _iso(start + dt.timedelta(seconds=5))
        listed = c.list_backend_jobs(**where())["Jobs"]
        assert listed[0]["CreateTime"] == "2030-05-06T07:08:09.000Z"
        assert fake.jobs(APP, ENV)[0]["UpdateTime"] == done["UpdateTime"]


def test_job_times_follow_a_real_clock_too() -> None:
    with mock_amplifybackend(strict=True, jobs="immediate") as fake:
        fake.clock.advance(10 * 365 * 86400)  # ten years ahead
        expected = fake.clock.now()
        job = client().get_backend_job(**where(JobId=make_backend(client())["JobId"]))
        created = dt.datetime.strptime(job["CreateTime"], "%Y-%m-%dT%H:%M:%S.%fZ")
        assert abs((created.replace(tzinfo=UTC) - expected).total_seconds()) < 5


def _token(c: Any) -> dict[str, Any]:
    make_backend(c)
    return dict(c.create_token(AppId=APP))


def test_tokens_expire_after_their_ttl_on_the_virtual_clock(vfake: AmplifyBackendFake) -> None:
    c = client()
    token = _token(c)
    assert token["Ttl"] == "600"
    vfake.clock.advance(599)
    assert c.get_token(AppId=APP, SessionId=token["SessionId"])["Ttl"] == "1"
    vfake.clock.advance(1)
    with pytest.raises(ClientError) as info:
        c.get_token(AppId=APP, SessionId=token["SessionId"])
    assert info.value.response["Error"]["Code"] == "NotFoundException"
    assert info.value.response["ResourceType"] == "Token"
    with pytest.raises(ClientError):
        c.delete_token(AppId=APP, SessionId=token["SessionId"])


def test_tokens_expire_when_a_real_clock_is_advanced() -> None:
    with mock_amplifybackend(strict=True, jobs="immediate") as fake:
        c = client()
        token = _token(c)
        assert int(c.get_token(AppId=APP, SessionId=token["SessionId"])["Ttl"]) >= 595
        fake.clock.advance(601)
        with pytest.raises(ClientError) as info:
            c.get_token(AppId=APP, SessionId=token["SessionId"])
        assert info.value.response["Error"]["Code"] == "NotFoundException"


def test_call_times_come_from_the_clock(vfake: AmplifyBackendFake) -> None:
    c = client()
    vfake.clock.set(dt.datetime(2040, 1, 1, tzinfo=UTC))
    c.list_s3_buckets()
    vfake.clock.advance(12.5)
    c.list_s3_buckets()
    assert [call.time for call in vfake.calls] == [
        dt.datetime(2040, 1, 1, tzinfo=UTC).timestamp(),
        dt.datetime(2040, 1, 1, 0, 0, 12, 500000, tzinfo=UTC).timestamp(),
    ]


def test_reset_resets_a_virtual_clock(vfake: AmplifyBackendFake) -> None:
    start = vfake.clock.time()
    vfake.clock.advance(1000)
    vfake.reset()
    assert vfake.clock.time() == start


def test_bad_clock_mode_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="clock must be one of"):
        mock_amplifybackend(clock="frozen")
