"""Property: for any sequence of valid calls, snapshot -> restore -> snapshot is the identity,
and every Get*/List* answer is the same before and after the round trip.

The calls are drawn from a small vocabulary (backends, environments, api/auth/storage
create/update/delete, tokens, job updates, clone, remove, clock moves); calls that the
state does not allow (a 404 or 400) are part of the sequence too, they just change nothing.
"""

from __future__ import annotations

import contextlib
from typing import Any

import boto3
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amplify_fakes import AmplifyBackendFake, mock_amplifybackend
from tests.control._support import body, config
from tests.fake.operations._support import MIN_API, MIN_AUTH, MIN_STORAGE

APPS = ("d1alpha", "d1beta")
ENVS = ("dev", "prod")
NAMES = ("one", "two")

Step = tuple[Any, ...]
#: Every example starts from two apps with a "dev" environment, so most steps apply.
PRELUDE: list[Step] = [("create_backend", "d1alpha", "dev"), ("create_backend", "d1beta", "dev")]

_CLIENT: Any = None


def _client() -> Any:
    """One client for all examples (clients made before activation are answered too)."""
    global _CLIENT
    if _CLIENT is None:
        _CLIENT = boto3.client(
            "amplifybackend",
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
    return _CLIENT


app = st.sampled_from(APPS)
env = st.sampled_from(ENVS)
name = st.sampled_from(NAMES)
kind = st.sampled_from(("api", "auth", "storage"))

steps: st.SearchStrategy[Step] = st.one_of(
    st.tuples(st.just("create_backend"), app, env),
    st.tuples(st.just("create_resource"), kind, app, env, name),
    st.tuples(st.just("update_resource"), kind, app, env, name),
    st.tuples(st.just("delete_resource"), kind, app, env, name),
    st.tuples(st.just("clone"), app, env, env),
    st.tuples(st.just("delete_backend"), app, env),
    st.tuples(st.just("remove_all"), app),
    st.tuples(st.just("create_token"), app),
    st.tuples(st.just("delete_token"), app, st.integers(0, 3)),
    st.tuples(st.just("update_job"), app, env, st.integers(0, 5), st.sampled_from(("FAILED", "COMPLETED"))),
    st.tuples(st.just("generate_models"), app, env, name),
    st.tuples(st.just("create_config"), app),
    st.tuples(st.just("advance"), st.sampled_from((1.0, 4.0, 30.0, 700.0))),
)  # fmt: skip

_CREATE = {"api": MIN_API, "auth": MIN_AUTH, "storage": MIN_STORAGE}
_UPDATE: dict[str, dict[str, Any]] = {
    "api": {"ApiName": "renamed"},
    "auth": {
        "AuthResources": "USER_POOL_ONLY",
        "Service": "COGNITO",
        "UserPoolConfigs": {"Mfa": {"MFAMode": "ON"}},
    },
    "storage": {"ServiceName": "S3", "Permissions": {"Authenticated": ["READ", "DELETE"]}},
}


def _run(c: Any, fake: AmplifyBackendFake, step: Step, sessions: list[tuple[str, str]]) -> None:
    op = step[0]
    if op == "create_backend":
        c.create_backend(AppId=step[1], AppName=f"name-{step[1]}", BackendEnvironmentName=step[2])
    elif op in ("create_resource", "update_resource", "delete_resource"):
        _, kind_, app_, env_, name_ = step
        where = {"AppId": app_, "BackendEnvironmentName": env_, "ResourceName": name_}
        suffix = {"api": "api", "auth": "auth", "storage": "storage"}[kind_]
        if op == "create_resource":
            getattr(c, f"create_backend_{suffix}")(**where, ResourceConfig=config(_CREATE[kind_]))
        elif op == "update_resource":
            getattr(c, f"update_backend_{suffix}")(**where, ResourceConfig=config(_UPDATE[kind_]))
        elif kind_ == "storage":
            c.delete_backend_storage(**where, ServiceName="S3")
        else:
            getattr(c, f"delete_backend_{suffix}")(**where)
    elif op == "clone":
        c.clone_backend(
            AppId=step[1], BackendEnvironmentName=step[2], TargetEnvironmentName=step[3]
        )
    elif op == "delete_backend":
        c.delete_backend(AppId=step[1], BackendEnvironmentName=step[2])
    elif op == "remove_all":
        c.remove_all_backends(AppId=step[1], CleanAmplifyApp=False)
    elif op == "create_token":
        sessions.append((step[1], c.create_token(AppId=step[1])["SessionId"]))
    elif op == "delete_token":
        if sessions:
            app_, session = sessions[step[2] % len(sessions)]
            c.delete_token(AppId=app_, SessionId=session)
    elif op == "update_job":
        _, app_, env_, index, status = step
        jobs = fake.jobs(app_, env_)
        if jobs:
            job = jobs[index % len(jobs)]["JobId"]
            c.update_backend_job(AppId=app_, BackendEnvironmentName=env_, JobId=job, Status=status)
    elif op == "generate_models":
        c.generate_backend_api_models(
            AppId=step[1], BackendEnvironmentName=step[2], ResourceName=step[3]
        )
    elif op == "create_config":
        c.create_backend_config(AppId=step[1])
    elif op == "advance":
        fake.clock.advance(step[1])
    else:  # pragma: no cover - the strategy has no other steps
        raise AssertionError(op)


def _try(call: Any) -> Any:
    try:
        return body(call())
    except ClientError as exc:
        return exc.response["Error"]["Code"], exc.response.get("ResourceType")


def _answers(c: Any, fake: AmplifyBackendFake, sessions: list[tuple[str, str]]) -> dict[str, Any]:
    """Every Get*/List* answer about the names the steps can use."""
    out: dict[str, Any] = {"apps": sorted(fake.apps())}
    for app_ in APPS:
        out[f"{app_}/backend"] = _try(lambda a=app_: c.get_backend(AppId=a))
        for env_ in ENVS:
            where = {"AppId": app_, "BackendEnvironmentName": env_}
            out[f"{app_}/{env_}"] = _try(lambda w=where: c.get_backend(**w))
            jobs = _try(lambda w=where: c.list_backend_jobs(**w))
            out[f"{app_}/{env_}/jobs"] = jobs
            for job in jobs.get("Jobs", []) if isinstance(jobs, dict) else []:
                key = f"{app_}/{env_}/job/{job['JobId']}"
                out[key] = _try(lambda w=where, j=job["JobId"]: c.get_backend_job(**w, JobId=j))
            for name_ in NAMES:
                w = {**where, "ResourceName": name_}
                out[f"{app_}/{env_}/api/{name_}"] = _try(lambda w=w: c.get_backend_api(**w))
                out[f"{app_}/{env_}/auth/{name_}"] = _try(lambda w=w: c.get_backend_auth(**w))
                out[f"{app_}/{env_}/storage/{name_}"] = _try(lambda w=w: c.get_backend_storage(**w))
                out[f"{app_}/{env_}/models/{name_}"] = _try(
                    lambda w=w: c.get_backend_api_models(**w)
                )
    for app_, session in sessions:
        out[f"token/{session}"] = _try(lambda a=app_, s=session: c.get_token(AppId=a, SessionId=s))
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(steps, min_size=1, max_size=14), st.sampled_from(("clock", "immediate")))
def test_snapshot_restore_round_trip(sequence: list[Step], jobs: str) -> None:
    c = _client()
    sessions: list[tuple[str, str]] = []
    with mock_amplifybackend(strict=True, jobs=jobs, clock="virtual") as first:
        first.seed_ids(0)
        for step in [*PRELUDE, *sequence]:
            # A call the state does not allow (404, 400) changes nothing.
            with contextlib.suppress(ClientError):
                _run(c, first, step, sessions)
        document = first.snapshot()
        before = _answers(c, first, sessions)
    with mock_amplifybackend(strict=True, jobs=jobs, clock="virtual") as second:
        second.restore(document)
        assert second.snapshot() == document
        assert second.clock.time() == first.clock.time()
        after = _answers(c, second, sessions)
    assert after == before
