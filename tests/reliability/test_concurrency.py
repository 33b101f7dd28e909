"""Many threads on one fake: no exceptions, no lost updates, invariants hold.

A workload of mixed operations runs on 16 threads against one in-process fake (through the
core, the path both doors share) and on 8 boto3 clients against one FakeServer. Every
thread remembers what it created; afterwards :func:`problems` checks that all of it is
there (every app, environment, resource, token) and that every job is listed exactly once
by a paginated ListBackendJobs. test_the_checker_catches_a_race shows the check has teeth:
with the fake's lock replaced by a no-op and the race window widened, it reports lost
updates, and with the real lock the same workload is clean.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import random
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from amplify_fakes import AmplifyBackendFake
from amplify_fakes._core import codec
from amplify_fakes._core.wire import WireRequest
from amplify_fakes._fake import core_of
from amplify_fakes._service import handlers
from amplify_fakes.server import FakeServer

ACCOUNTS = ("111111111111", "222222222222", "333333333333")
REGIONS = ("us-east-1", "eu-west-1")
SHARED = "d1shared"
JOIN_TIMEOUT = 60.0  # seconds any thread may take
STORAGE = {"serviceName": "S3", "permissions": {"authenticated": ["READ"]}}
SDK_STORAGE = {"ServiceName": "S3", "Permissions": {"Authenticated": ["READ"]}}

Where = tuple[str, str]  # (account, region)


@dataclass
class Expected:
    """What one thread created, and what it saw go wrong."""

    apps: dict[Where, set[str]] = field(default_factory=lambda: defaultdict(set))
    envs: dict[tuple[str, str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    jobs: dict[tuple[str, str, str, str], list[str]] = field(
        default_factory=lambda: defaultdict(list)
    )
    storages: set[tuple[str, str, str, str, str]] = field(default_factory=set)
    tokens: set[tuple[str, str, str, str]] = field(default_factory=set)
    requests: int = 0
    errors: list[str] = field(default_factory=list)

    def merge(self, other: Expected) -> None:
        for where, apps in other.apps.items():
            self.apps[where] |= apps
        for key, envs in other.envs.items():
            self.envs[key] |= envs
        for key, jobs in other.jobs.items():
            self.jobs[key].extend(jobs)
        self.storages |= other.storages
        self.tokens |= other.tokens
        self.requests += other.requests
        self.errors.extend(other.errors)


def authorization(account: str, region: str) -> dict[str, str]:
    """A SigV4-style header naming account (a 12-digit key) and region, as a client sends."""
    return {
        "authorization": f"AWS4-HMAC-SHA256 Credential={account}/20260101/{region}/"
        "amplifybackend/aws4_request, SignedHeaders=host;x-amz-date, Signature=unchecked"
    }


class Core:
    """Requests through the core (``core_of(fake).handle``): (status, wire-level body)."""

    def __init__(self, fake: AmplifyBackendFake):
        self.fake = fake

    def __call__(
        self, where: Where, method: str, path: str, body: dict[str, Any]
    ) -> tuple[int, dict[str, Any]]:
        response = core_of(self.fake).handle(
            WireRequest(method, path, authorization(*where), json.dumps(body).encode())
        )
        return response.status, json.loads(response.body)


def list_jobs(
    send: Callable[..., tuple[int, dict[str, Any]]], where: Where, app: str, env: str
) -> list[str]:
    """Every job id ListBackendJobs shows for ``env``, following NextToken to the end."""
    found: list[str] = []
    body: dict[str, Any] = {"maxResults": 7}
    for _ in range(10_000):  # bounded: a NextToken loop would be a bug
        status, page = send(where, "POST", f"/backend/{app}/job/{env}", body)
        assert status == 200, page
        found.extend(job["jobId"] for job in page["jobs"])
        if "nextToken" not in page:
            return found
        body = {"maxResults": 7, "nextToken": page["nextToken"]}
    raise AssertionError("ListBackendJobs never ended")


def workload(
    send: Callable[..., tuple[int, dict[str, Any]]], thread: int, operations: int
) -> Expected:
    """``operations`` mixed requests; returns what they created (and any surprise)."""
    rng = random.Random(thread)
    mine = Expected()
    known: list[tuple[Where, str, str]] = []  # (where, app, env) this thread created

    def expect(status: int, body: dict[str, Any], what: str) -> bool:
        mine.requests += 1
        if status != 200:
            mine.errors.append(f"thread {thread}: {what} -> {status} {body}")
        return status == 200

    for i in range(operations):
        where = (rng.choice(ACCOUNTS), rng.choice(REGIONS))
        roll = rng.random()
        if roll < 0.3 or not known:  # a new environment of the app every thread shares
            app, env = SHARED, f"t{thread}e{i}"
        elif roll < 0.45:  # an app of its own
            app, env = f"d1t{thread}a{i}", "dev"
        else:
            app, env = None, None  # type: ignore[assignment]
        if app is not None:
            status, body = send(
                where,
                "POST",
                "/backend",
                {"appId": app, "appName": app, "backendEnvironmentName": env},
            )
            if expect(status, body, f"CreateBackend {app}/{env}"):
                mine.apps[where].add(app)
                mine.envs[(*where, app)].add(env)
                mine.jobs[(*where, app, env)].append(body["jobId"])
                known.append((where, app, env))
            continue
        where, app, env = rng.choice(known)
        if roll < 0.6:
            name = f"s{thread}x{i}"
            status, body = send(
                where,
                "POST",
                f"/backend/{app}/storage",
                {"backendEnvironmentName": env, "resourceName": name, "resourceConfig": STORAGE},
            )
            if expect(status, body, f"CreateBackendStorage {app}/{env}/{name}"):
                mine.storages.add((*where, app, env, name))
                mine.jobs[(*where, app, env)].append(body["jobId"])
        elif roll < 0.7:
            status, body = send(where, "POST", f"/backend/{app}/challenge", {})
            if expect(status, body, f"CreateToken {app}"):
                mine.tokens.add((*where, app, body["sessionId"]))
        elif roll < 0.8:
            created = list(mine.jobs[(*where, app, env)])
            listed = list_jobs(send, where, app, env)
            mine.requests += 1
            if len(listed) != len(set(listed)):
                mine.errors.append(f"thread {thread}: a job listed twice in {app}/{env}")
            if not set(created) <= set(listed):
                mine.errors.append(f"thread {thread}: own jobs missing from {app}/{env}")
        elif roll < 0.9:
            status, body = send(where, "POST", f"/backend/{app}/details", {})
            expect(status, body, f"GetBackend {app}")
        else:
            job = rng.choice(mine.jobs[(*where, app, env)])
            status, body = send(where, "GET", f"/backend/{app}/job/{env}/{job}", {})
            expect(status, body, f"GetBackendJob {job}")
    return mine


def run_threads(count: int, target: Callable[[int], Expected]) -> Expected:
    """Run ``target(n)`` on ``count`` threads started together; merge what they return."""
    results: list[Expected | BaseException] = [RuntimeError("did not finish")] * count
    start = threading.Barrier(count, timeout=JOIN_TIMEOUT)

    def run(n: int) -> None:
        try:
            start.wait()
            results[n] = target(n)
        except BaseException as exc:
            results[n] = exc

    threads = [threading.Thread(target=run, args=(n,), daemon=True) for n in range(count)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + JOIN_TIMEOUT
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    merged = Expected()
    for result in results:
        if isinstance(result, BaseException):
            merged.errors.append(f"{type(result).__name__}: {result}")
        else:
            merged.merge(result)
    return merged


def problems(
    fake: AmplifyBackendFake, expected: Expected, send: Callable[..., tuple[int, dict[str, Any]]]
) -> list[str]:
    """Every way the fake's state differs from what the threads created."""
    found = list(expected.errors)
    found += [f"defect: {error}" for error in fake.errors]
    for (account, region), apps in expected.apps.items():
        have = set(fake.apps(account_id=account, region=region))
        found += [f"lost app {app} in {account}/{region}" for app in sorted(apps - have)]
    for (account, region, app), envs in expected.envs.items():
        for env in sorted(envs):
            try:
                fake.backend(app, env, account_id=account, region=region)
            except KeyError:
                found.append(f"lost environment {app}/{env} in {account}/{region}")
    for account, region, app, env, name in sorted(expected.storages):
        try:
            storage = fake.backend(app, env, account_id=account, region=region)["Storage"]
        except KeyError:
            continue  # reported above
        if name not in storage:
            found.append(f"lost storage {name} of {app}/{env} in {account}/{region}")
    for (account, region, app, env), jobs in expected.jobs.items():
        listed = list_jobs(send, (account, region), app, env)
        twice = sorted({job for job in listed if listed.count(job) > 1})
        missing = sorted(set(jobs) - set(listed))
        found += [f"job {job} listed twice in {app}/{env}" for job in twice]
        found += [f"lost job {job} of {app}/{env} in {account}/{region}" for job in missing]
    for account, region, app, session in sorted(expected.tokens):
        status, _ = send((account, region), "GET", f"/backend/{app}/challenge/{session}", {})
        if status != 200:
            found.append(f"lost token {session} of {app} in {account}/{region}")
    return found


def test_16_threads_x_500_operations_on_one_fake() -> None:
    fake = AmplifyBackendFake(strict=True, jobs="immediate")
    core = Core(fake)
    started = time.monotonic()
    expected = run_threads(16, lambda n: workload(core, n, 500))
    elapsed = time.monotonic() - started
    assert expected.requests >= 16 * 500
    assert problems(fake, expected, core) == []
    assert len([c for c in fake.calls if c.operation != "ListBackendJobs"]) > 16 * 350
    assert elapsed < JOIN_TIMEOUT


def test_8_concurrent_clients_on_one_server() -> None:
    with FakeServer(strict=True, jobs="immediate") as server:

        def client(thread: int) -> Expected:
            """One keep-alive HTTP connection per client, the same wire requests."""
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=JOIN_TIMEOUT)

            def send(
                where: Where, method: str, path: str, body: dict[str, Any]
            ) -> tuple[int, dict[str, Any]]:
                connection.request(method, path, json.dumps(body), authorization(*where))
                response = connection.getresponse()
                return response.status, json.loads(response.read())

            try:
                return workload(send, thread, 150)
            finally:
                connection.close()

        expected = run_threads(8, client)
        assert expected.requests >= 8 * 150
        assert problems(server.fake, expected, Core(server.fake)) == []
        server.check()


def _widen(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    """Sleep inside CreateBackend: between reading the region's state and storing it back."""
    original = handlers.HANDLERS["CreateBackend"]

    def slow(ctx: Any, params: dict[str, Any]) -> dict[str, Any]:
        time.sleep(seconds)
        return original(ctx, params)

    monkeypatch.setitem(handlers.HANDLERS, "CreateBackend", slow)


def _race(fake: AmplifyBackendFake) -> list[str]:
    """16 threads create environments of one app in fresh regions, round by round."""
    core = Core(fake)
    rounds = 4
    barrier = threading.Barrier(16, timeout=JOIN_TIMEOUT)

    def target(n: int) -> Expected:
        mine = Expected()
        for r in range(rounds):
            barrier.wait()  # all threads enter each round's fresh region together
            where = (ACCOUNTS[0], f"race-{r}")
            env = f"t{n}"
            status, body = core(
                where,
                "POST",
                "/backend",
                {"appId": SHARED, "appName": "a", "backendEnvironmentName": env},
            )
            mine.requests += 1
            if status == 200:
                mine.apps[where].add(SHARED)
                mine.envs[(*where, SHARED)].add(env)
                mine.jobs[(*where, SHARED, env)].append(body["jobId"])
            else:
                mine.errors.append(f"{status} {body}")
        return mine

    expected = run_threads(16, target)
    return problems(fake, expected, core)


def test_the_checker_catches_a_race(monkeypatch: pytest.MonkeyPatch) -> None:
    _widen(monkeypatch, 0.005)
    started = time.monotonic()
    assert _race(AmplifyBackendFake(jobs="immediate")) == [], "the real lock failed"
    unlocked = AmplifyBackendFake(jobs="immediate")
    monkeypatch.setattr(unlocked._service, "lock", contextlib.nullcontext())
    found = _race(unlocked)
    assert any(problem.startswith("lost ") for problem in found), found
    assert time.monotonic() - started < 30


def test_the_call_log_is_in_the_order_the_state_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    """8 threads start jobs on one app while rendering the answer (between the state
    change and the call-log entry) takes a random while: the call log lists the
    CreateBackend calls in exactly the order their jobs entered the state."""
    render = codec.to_wire
    chance = random.Random(18)

    def slow_render(operation: str, part: str, value: Any) -> Any:
        time.sleep(chance.random() / 1000)
        return render(operation, part, value)

    monkeypatch.setattr(codec, "to_wire", slow_render)
    fake = AmplifyBackendFake(jobs="immediate")
    core = Core(fake)

    def target(n: int) -> Expected:
        mine = Expected()
        for r in range(10):
            core(
                (ACCOUNTS[0], "us-east-1"),
                "POST",
                "/backend",
                {"appId": SHARED, "appName": "a", "backendEnvironmentName": f"t{n}x{r}"},
            )
            mine.requests += 1
        return mine

    assert run_threads(8, target).requests == 80
    logged = [call.response["JobId"] for call in fake.calls if call.response]
    state = fake._service._state.peek(ACCOUNTS[0], "us-east-1")
    assert state is not None
    assert logged == [job.job_id for job in state.apps[SHARED].job_order]
    assert len(logged) == 80
