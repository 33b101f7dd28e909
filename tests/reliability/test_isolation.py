"""Isolation: accounts and regions, tests under the plugin, and pytest-xdist workers.

- Property: whatever is created in one (account, region) is invisible from every other,
  through the API and through the fake's read methods, even with colliding app ids; S3
  buckets are per account, across regions, as in S3.
- Under the plugin, nothing a test does (state, faults, clock, access keys, environment,
  the shared server's state) is seen by the next test.
- Under ``-n 2`` each worker has its own process, fake and server on its own port: two
  workers writing at the same moment see only their own state.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amplify_fakes import AmplifyBackendFake
from amplify_fakes._core.wire import WireRequest
from amplify_fakes._fake import core_of
from tests.plugin._support import clean_outer_environment, run
from tests.reliability._hostile import fuzz

ACCOUNTS = ("111111111111", "222222222222", "AKIANAMEDKEY")  # the last is mapped to an account
NAMED_ACCOUNT = "444455556666"
REGIONS = ("us-east-1", "eu-west-1", "ap-south-1")
APPS = ("d1same", "d1other")


def _send(fake: AmplifyBackendFake, key: str, region: str, path: str, body: dict[str, Any]) -> Any:
    headers = {
        "authorization": f"AWS4-HMAC-SHA256 Credential={key}/20260101/{region}/amplifybackend/"
        "aws4_request, SignedHeaders=host, Signature=unchecked"
    }
    response = core_of(fake).handle(WireRequest("POST", path, headers, json.dumps(body).encode()))
    return response.status, json.loads(response.body)


def _account(key: str) -> str:
    return NAMED_ACCOUNT if key == "AKIANAMEDKEY" else key


step = st.tuples(
    st.sampled_from(ACCOUNTS),
    st.sampled_from(REGIONS),
    st.sampled_from(APPS),
    st.sampled_from(["dev", "prod", "test"]),
    st.booleans(),  # also add a storage resource (and with it an S3 bucket)
)


@given(st.lists(step, min_size=1, max_size=12))
@fuzz(60)
def test_accounts_and_regions_never_see_each_other(steps: list[tuple[Any, ...]]) -> None:
    fake = AmplifyBackendFake(strict=True, jobs="immediate")
    fake.access_keys["AKIANAMEDKEY"] = NAMED_ACCOUNT
    envs: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    buckets: dict[str, set[str]] = defaultdict(set)
    for key, region, app, env, storage in steps:
        where = (_account(key), region, app)
        body = {"appId": app, "appName": app, "backendEnvironmentName": env}
        status, answer = _send(fake, key, region, "/backend", body)
        if env in envs[where]:
            assert status == 400, answer  # exists here: and only here
            continue
        assert status == 200, answer
        envs[where].add(env)
        if storage:
            bucket = f"b-{key.lower()}-{region}-{app}-{env}"
            status, answer = _send(
                fake,
                key,
                region,
                f"/backend/{app}/storage",
                {
                    "backendEnvironmentName": env,
                    "resourceName": "media",
                    "resourceConfig": {
                        "serviceName": "S3",
                        "bucketName": bucket,
                        "permissions": {"authenticated": ["READ"]},
                    },
                },
            )
            assert status == 200, answer
            buckets[_account(key)].add(bucket)
    for key in ACCOUNTS:
        account = _account(key)
        for region in REGIONS:
            expected_apps = {app for app in APPS if envs[(account, region, app)]}
            assert set(fake.apps(account_id=account, region=region)) == expected_apps
            for app in APPS:
                status, answer = _send(fake, key, region, f"/backend/{app}/details", {})
                if envs.get((account, region, app)):
                    assert status == 200, answer
                    assert set(answer["backendEnvironmentList"]) == envs[(account, region, app)]
                else:
                    assert status == 404, answer
        status, answer = _send(fake, key, REGIONS[0], "/s3Buckets", {})
        assert status == 200, answer
        assert {bucket["name"] for bucket in answer["buckets"]} == buckets[account]


SAMPLE_SUITE = """
    import http.client
    import json
    import os
    import pathlib
    import time

    import pytest

    WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
    SHARED = pathlib.Path(os.environ["ISOLATION_DIR"])


    def test_1_dirties_everything(amplifybackend_fake, amplifybackend_client):
        amplifybackend_client.create_backend(AppId="d1leak", AppName="a", BackendEnvironmentName="dev")
        amplifybackend_fake.faults.add("GetBackend", error="BadRequestException", times=None)
        amplifybackend_fake.faults.fail_next_job("CreateBackendAuth")
        amplifybackend_fake.clock.advance(10 * 24 * 3600)
        amplifybackend_fake.access_keys["AKIALEAK"] = "999999999999"
        amplifybackend_fake.settings.job_duration = 999
        os.environ["AWS_PROFILE"] = "leaked-profile"


    def test_2_sees_none_of_it(amplifybackend_fake, amplifybackend_client):
        assert amplifybackend_fake.apps() == []
        assert len(amplifybackend_fake.calls) == 0
        assert len(amplifybackend_fake.faults) == 0
        assert amplifybackend_fake.access_keys == {}
        assert amplifybackend_fake.settings.job_duration != 999
        assert abs(amplifybackend_fake.clock.time() - time.time()) < 600
        assert "AWS_PROFILE" not in os.environ
        with pytest.raises(amplifybackend_client.exceptions.NotFoundException):
            amplifybackend_client.get_backend(AppId="d1leak")
        assert amplifybackend_fake.calls[-1].error == "NotFoundException"  # not the leaked 400
        assert amplifybackend_fake.calls[-1].params == {"AppId": "d1leak"}


    def test_3_dirties_the_server(amplifybackend_server):
        client = amplifybackend_server.client()
        client.create_backend(AppId="d1leak", AppName="a", BackendEnvironmentName="dev")
        amplifybackend_server.fake.faults.add("*", status=429, times=None)
        amplifybackend_server.fake.clock.advance(3600)


    def test_4_the_server_is_clean(amplifybackend_server):
        assert amplifybackend_server.fake.apps() == []
        assert len(amplifybackend_server.fake.calls) == 0
        assert len(amplifybackend_server.fake.faults) == 0
        client = amplifybackend_server.client()
        with pytest.raises(client.exceptions.NotFoundException):
            client.get_backend(AppId="d1leak")


    def _get(port, path, body=b"{}"):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.request("POST", path, body)
            response = connection.getresponse()
            return response.status, json.loads(response.read())
        finally:
            connection.close()


    def test_5_workers_share_nothing(amplifybackend_server, amplifybackend_session_fake):
        app = "d1" + WORKER
        status, _ = _get(amplifybackend_server.port, "/backend", json.dumps(
            {"appId": app, "appName": app, "backendEnvironmentName": "dev"}).encode())
        assert status == 200
        amplifybackend_session_fake.add_backend(app, "dev")
        (SHARED / (WORKER + ".json")).write_text(json.dumps(
            {"pid": os.getpid(), "port": amplifybackend_server.port}))
        deadline = time.monotonic() + 60
        while len(list(SHARED.glob("*.json"))) < 2:  # both workers are here, at the same time
            assert time.monotonic() < deadline, "the other worker never arrived"
            time.sleep(0.05)
        assert amplifybackend_server.fake.apps() == [app]
        assert amplifybackend_session_fake.apps() == [app]
        (other,) = [json.loads(p.read_text()) for p in SHARED.glob("*.json") if p.stem != WORKER]
        assert other["pid"] != os.getpid()
        assert other["port"] != amplifybackend_server.port
        status, answer = _get(other["port"], "/backend/" + app + "/details")
        assert status == 404, answer  # the other worker's server never saw this app
        (SHARED / (WORKER + ".done")).write_text("")
        while len(list(SHARED.glob("*.done"))) < 2:  # keep our server up for the other's check
            assert time.monotonic() < deadline, "the other worker never finished"
            time.sleep(0.05)
"""


def test_tests_and_xdist_workers_share_nothing_under_the_plugin(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    clean_outer_environment(monkeypatch)
    shared = pytester.mkdir("shared")
    monkeypatch.setenv("ISOLATION_DIR", str(shared))
    pytester.makepyfile(test_isolation_sample=SAMPLE_SUITE)
    result = run(pytester, "-n", "2", "--dist", "each", "-v")
    result.assert_outcomes(passed=10)  # five tests on each of the two workers
    assert sorted(p.name for p in shared.iterdir()) == [
        "gw0.done",
        "gw0.json",
        "gw1.done",
        "gw1.json",
    ]
