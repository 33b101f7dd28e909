"""Stored configs share nothing with requests, answers or the call log; timestamps and jobs
render the same whether or not they were rendered before."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import boto3
from hypothesis import given
from hypothesis import strategies as st

from amplify_fakes import AmplifyBackendFake
from amplify_fakes._core import codec
from amplify_fakes._service import jobs
from amplify_fakes._service.clock import isoformat
from amplify_fakes._service.handlers._common import json_copy, merged
from amplify_fakes._service.state import Job
from tests.fake.operations._support import AUTH_CONFIG

JSON_LEAVES = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
JSON = st.recursive(
    JSON_LEAVES,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=25,
)
OBJECTS = st.dictionaries(st.text(max_size=5), JSON, max_size=5)


def _containers(value: Any) -> list[int]:
    """ids of every dict and list in ``value``."""
    found: list[int] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            found.append(id(item))
            stack.extend(item.values())
        elif isinstance(item, list):
            found.append(id(item))
            stack.extend(item)
    return found


def _reference_merge(base: dict[str, Any], update: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _reference_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


@given(JSON)
def test_json_copy_is_equal_and_shares_no_container(value: Any) -> None:
    copied = json_copy(value)
    assert copied == value
    assert not set(_containers(copied)) & set(_containers(value))


@given(OBJECTS, OBJECTS)
def test_merged_merges_objects_replaces_the_rest_and_changes_no_input(
    base: dict[str, Any], update: dict[str, Any]
) -> None:
    base_before, update_before = copy.deepcopy(base), copy.deepcopy(update)
    result = merged(base, update)
    assert result == _reference_merge(base, update)
    assert (base, update) == (base_before, update_before)
    inputs = set(_containers(base)) | set(_containers(update))
    assert not set(_containers(result)) & inputs


def test_changing_the_call_log_or_an_answer_does_not_change_the_stored_config(
    fake: AmplifyBackendFake, client: Any
) -> None:
    fake.add_backend("app1", "dev")
    names = {"AppId": "app1", "BackendEnvironmentName": "dev", "ResourceName": "auth1"}
    client.create_backend_auth(**names, ResourceConfig=copy.deepcopy(AUTH_CONFIG))
    fake.calls[-1].params["ResourceConfig"]["UserPoolConfigs"]["UserPoolName"] = "changed"
    first = client.get_backend_auth(**names)
    first["ResourceConfig"]["UserPoolConfigs"]["UserPoolName"] = "changed too"
    fake.calls[-1].response["ResourceConfig"]["UserPoolConfigs"]["UserPoolName"] = "and this"
    second = client.get_backend_auth(**names)
    assert second["ResourceConfig"] == AUTH_CONFIG


@given(st.floats(min_value=0, max_value=4_102_444_800, allow_nan=False))
def test_isoformat_matches_datetime_first_time_and_cached(seconds: float) -> None:
    moment = dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc)
    expected = moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    assert isoformat(seconds) == expected
    assert isoformat(seconds) == expected


JOBS = st.builds(
    Job,
    job_id=st.uuids().map(str),
    operation=st.sampled_from(["CreateBackend", "CreateBackendAuth", "RemoveAllBackends"]),
    environment=st.sampled_from(["dev", None]),
    created=st.floats(min_value=0, max_value=4_102_444_800),
    updated=st.floats(min_value=0, max_value=4_102_444_800),
    status=st.sampled_from([jobs.IN_PROGRESS, jobs.COMPLETED, jobs.FAILED]),
    completes_at=st.none(),
    error=st.none() | st.text(min_size=1),
)


@given(JOBS, st.lists(st.sampled_from(["status", "operation", "updated", "error"]), max_size=3))
def test_a_job_renders_as_every_converter_would_after_any_change(
    job: Job, changes: list[str]
) -> None:
    """describe() follows every change of the job, and the three answers that hold a job
    (GetBackendJob, UpdateBackendJob, ListBackendJobs' items) write it the same way."""
    for change in [None, *changes]:
        if change == "status":
            job.status = jobs.FAILED if job.status != jobs.FAILED else jobs.COMPLETED
        elif change == "operation":
            job.operation = job.operation + "X"
        elif change == "updated":
            job.updated += 1.5
        elif change == "error":
            job.error = None if job.error else "boom"
        described = jobs.describe(job, "app1", "dev")
        assert type(described) is dict
        assert described["Status"] == job.status
        assert described["Operation"] == job.operation
        assert described["UpdateTime"] == isoformat(job.updated)
        assert described.get("Error") == job.error
        wire = codec.to_wire("GetBackendJob", "response", described)
        assert wire == codec.to_wire("UpdateBackendJob", "response", described)
        listed = codec.to_wire("ListBackendJobs", "response", {"Jobs": [described]})
        assert wire == listed["jobs"][0]
        assert codec.to_sdk("GetBackendJob", "response", wire) == described
        assert jobs.describe(job, "app1", "dev") is not described
        page = jobs.describe_all([job, job], "app1", "dev")
        assert page == [described, described]
        assert [type(item) for item in page] == [dict, dict]
        assert page[0] is not page[1]
        assert codec.to_wire("ListBackendJobs", "response", {"Jobs": page}) == {
            "jobs": [wire, wire]
        }


def test_job_answers_share_nothing_with_the_call_log_or_each_other(
    fake: AmplifyBackendFake, client: Any
) -> None:
    client.create_backend(AppId="app1", AppName="shop", BackendEnvironmentName="dev")
    where = {"AppId": "app1", "BackendEnvironmentName": "dev"}
    first = client.list_backend_jobs(**where)["Jobs"][0]
    fake.calls[-1].response["Jobs"][0]["Status"] = "changed in the call log"
    first["Status"] = "changed in the answer"
    again = client.list_backend_jobs(**where)["Jobs"][0]
    assert again["Status"] == "COMPLETED"
    job = client.get_backend_job(**where, JobId=again["JobId"])
    assert job["Status"] == "COMPLETED"
    listed = fake.jobs("app1", "dev")
    assert type(listed[0]) is dict
    listed[0]["Status"] = "changed in fake.jobs()"
    assert fake.jobs("app1", "dev")[0]["Status"] == "COMPLETED"
    assert fake.calls[-1].response is not None
    assert fake.calls[-1].response["Status"] == "COMPLETED"


def test_job_answers_follow_the_clock_and_updates(clock_fake: AmplifyBackendFake) -> None:
    client = boto3.client("amplifybackend", region_name="us-east-1")
    job_id = client.create_backend(AppId="app1", AppName="shop", BackendEnvironmentName="dev")[
        "JobId"
    ]
    where = {"AppId": "app1", "BackendEnvironmentName": "dev", "JobId": job_id}
    assert client.get_backend_job(**where)["Status"] == "IN_PROGRESS"
    clock_fake.clock.advance(60)
    done = client.get_backend_job(**where)
    assert done["Status"] == "COMPLETED"
    assert done["UpdateTime"] != done["CreateTime"]
    updated = client.update_backend_job(**where, Operation="CreateBackendAPI", Status="FAILED")
    assert (updated["Operation"], updated["Status"]) == ("CreateBackendAPI", "FAILED")
    listed = client.list_backend_jobs(AppId="app1", BackendEnvironmentName="dev")["Jobs"]
    assert (listed[0]["Operation"], listed[0]["Status"]) == ("CreateBackendAPI", "FAILED")
