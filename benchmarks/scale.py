"""Item 3: scale: pagination over many jobs, many environments, many threads.

- Pagination: one fake holds three apps with 100, 1,000 and 10,000 jobs (seeded with
  ``fake.restore`` of a generated snapshot); each round pages through every app
  completely with ``ListBackendJobs`` (25 per page) through boto3, apps interleaved.
  Flat means the time per page does not grow with the job count.
- Environments: N ``CreateBackend`` calls through boto3 (each a new app with one
  environment), timed one by one (the last tenth vs the first); GetBackend in the region
  holding all N vs a region holding one, interleaved; memory with ``tracemalloc``: N
  environments seeded with ``fake.add_backend``, and a smaller number created through the
  API (which also logs every call; tracemalloc makes each call about 3x slower).
- Threads: calls/s of ``GetBackend`` from 8 threads, each with its own client, on one
  fake, vs the same calls from one thread, alternating.
"""

from __future__ import annotations

import statistics
import threading
import time
import tracemalloc
from typing import Any

from benchmarks._common import (
    Contender,
    Section,
    Sizes,
    Target,
    canned_response,
    interleave,
    ms,
    progress,
    ratio,
    table,
    us,
)
from benchmarks._scenarios import ENV, app, job, job_id, snapshot

THREADS = 8
JOIN_TIMEOUT = 300.0  # seconds


def _paginate(client: Any, app_id: str) -> tuple[int, int]:
    """(pages, jobs) of a complete pagination; bounded by the job count."""
    jobs = 0
    token: str | None = None
    for pages in range(1, 100_001):
        params: dict[str, Any] = {"AppId": app_id, "BackendEnvironmentName": ENV}
        if token is not None:
            params["NextToken"] = token
        page = client.list_backend_jobs(**params)
        jobs += len(page["Jobs"])
        token = page.get("NextToken")
        if token is None:
            return pages, jobs
    raise RuntimeError("pagination did not end")


def _pagination(sizes: Sizes, session: Any) -> tuple[str, Target, dict[str, Any]]:
    from amplify_fakes import mock_amplifybackend

    apps = {
        f"d1jobs{count}": app([job(job_id(i), at=1.7e9 + i) for i in range(count)])
        for count in sizes.job_counts
    }
    client = session.client("amplifybackend")
    per_page: dict[int, list[float]] = {count: [] for count in sizes.job_counts}
    seeded = time.perf_counter()
    with mock_amplifybackend(jobs="immediate", state=snapshot(apps)):
        seed_seconds = time.perf_counter() - seeded
        for round_index in range(sizes.rounds):
            counts = list(sizes.job_counts)
            counts = counts[round_index % len(counts) :] + counts[: round_index % len(counts)]
            for count in counts:
                progress(f"pagination: round {round_index + 1}, {count:,} jobs")
                start = time.perf_counter()
                pages, jobs = _paginate(client, f"d1jobs{count}")
                elapsed = time.perf_counter() - start
                if jobs != count:
                    raise RuntimeError(f"paginated {jobs} jobs, expected {count}")
                per_page[count].append(elapsed / pages)
    smallest, largest = min(sizes.job_counts), max(sizes.job_counts)
    medians = {count: statistics.median(values) for count, values in per_page.items()}
    growth = statistics.median(
        a / b for a, b in zip(per_page[largest], per_page[smallest], strict=True)
    )
    rows = [
        [
            f"{count:,}",
            f"{-(-count // 25):,}",
            us(medians[count]),
            ms(medians[count] * -(-count // 25)),
            ratio(medians[count] / medians[smallest]),
        ]
        for count in sizes.job_counts
    ]
    body = (
        f"Seeding {sum(sizes.job_counts):,} jobs with `fake.restore`: {ms(seed_seconds)} ms. "
        f"Median of {sizes.rounds} rounds.\n\n"
        + table(
            ["jobs", "pages", "µs per page", "full pagination ms", f"per page vs {smallest:,}"],
            rows,
        )
    )
    target = Target(
        "pagination flat",
        f"per-page time at {largest:,} jobs ≈ at {smallest:,} (≤ 1.2x)",
        ratio(growth),
        growth <= 1.2,
    )
    return body, target, {"per_page": per_page, "seed_seconds": seed_seconds}


def _environments(sizes: Sizes, session: Any) -> tuple[str, dict[str, Any]]:
    from amplify_fakes import AmplifyBackendFake, mock_amplifybackend

    count, traced = sizes.environments, sizes.traced_environments
    client = session.client("amplifybackend")
    other = session.client("amplifybackend", region_name="eu-west-1")
    tenth = max(count // 10, 1)

    progress(f"environments: {count:,} CreateBackend calls")
    with mock_amplifybackend(jobs="immediate") as fake:
        other.create_backend(AppId="d1alone", AppName="shop", BackendEnvironmentName=ENV)
        times = []
        for index in range(count):
            start = time.perf_counter()
            client.create_backend(AppId=f"d1env{index}", AppName="shop", BackendEnvironmentName=ENV)
            times.append(time.perf_counter() - start)
        if len(fake.apps()) != count:
            raise RuntimeError("environment count mismatch")
        # GetBackend in the region holding every environment vs a region holding one,
        # interleaved: the lookup must not depend on how many there are.
        samples = interleave(
            [
                Contender(f"{count:,} environments", _get_backend(client, "d1env0")),
                Contender("1 environment", _get_backend(other, "d1alone")),
            ],
            sizes.rounds,
            sizes.calls,
        )

    progress(f"environments: memory of {count:,} seeded, {traced:,} through the API")
    tracemalloc.start()
    try:
        seeded = AmplifyBackendFake(jobs="immediate")
        before = tracemalloc.take_snapshot()
        for index in range(count):
            seeded.add_backend(f"d1env{index}", ENV, app_name="shop")
        seeded_bytes = _grown(before)
        del seeded
        with mock_amplifybackend(jobs="immediate"):
            before = tracemalloc.take_snapshot()
            for index in range(traced):
                client.create_backend(
                    AppId=f"d1env{index}", AppName="shop", BackendEnvironmentName=ENV
                )
            api_bytes = _grown(before)
    finally:
        tracemalloc.stop()
    first, last = statistics.median(times[:tenth]), statistics.median(times[-tenth:])
    full, alone = f"{count:,} environments", "1 environment"
    rows = [
        [f"{count:,} CreateBackend calls through boto3", f"{sum(times):,.1f} s", ""],
        [
            "CreateBackend, median of the last 10% vs the first 10%",
            f"{us(last)} vs {us(first)} µs",
            ratio(last / first),
        ],
        [
            f"GetBackend in a region with {count:,} environments vs one with 1",
            f"{us(samples.median(full))} vs {us(samples.median(alone))} µs",
            ratio(samples.ratio(full, alone)),
        ],
        [
            f"memory of {count:,} environments seeded with add_backend",
            f"{seeded_bytes / 2**20:,.1f} MiB",
            f"{seeded_bytes / count:,.0f} B each",
        ],
        [
            f"memory of {traced:,} environments created through the API (with call log)",
            f"{api_bytes / 2**20:,.1f} MiB",
            f"{api_bytes / traced:,.0f} B each",
        ],
    ]
    body = (
        f"One app per environment. GetBackend: {sizes.rounds} interleaved rounds of "
        f"{sizes.calls} calls. Memory: tracemalloc, growth of all live allocations; the API "
        "figure includes the call log entry of each request (params and response).\n\n"
        + table(["what", "value", "ratio"], rows)
    )
    data = {
        "count": count,
        "create_seconds": times,
        "get_backend": samples.values,
        "seeded_bytes": seeded_bytes,
        "api_bytes": api_bytes,
        "traced": traced,
    }
    return body, data


def _get_backend(client: Any, app_id: str) -> Any:
    def run(units: int) -> None:
        for _ in range(units):
            client.get_backend(AppId=app_id)

    return run


def _grown(before: tracemalloc.Snapshot) -> int:
    after = tracemalloc.take_snapshot()
    return sum(stat.size_diff for stat in after.compare_to(before, "filename"))


def _threads(sizes: Sizes, session: Any) -> tuple[str, dict[str, Any]]:

    from amplify_fakes import mock_amplifybackend

    calls = sizes.thread_calls
    fake_clients = [session.client("amplifybackend") for _ in range(THREADS)]
    floor_clients = [session.client("amplifybackend") for _ in range(THREADS)]
    body = b'{"appId":"d1threads","appName":"shop","backendEnvironmentList":["dev"]}'

    def canned(request: Any, **_: Any) -> Any:
        return canned_response(request.url, 200, {"Content-Type": "application/json"}, body)

    for client in floor_clients:
        client.meta.events.register_first("before-send.amplifybackend", canned)
    state = snapshot({"d1threads": app([])})
    failures: list[BaseException] = []
    answered = [0]
    count_lock = threading.Lock()

    def work(client: Any) -> None:
        try:
            for _ in range(calls):
                if client.get_backend(AppId="d1threads")["AppName"] != "shop":
                    raise RuntimeError("wrong answer")
                with count_lock:
                    answered[0] += 1
        except BaseException as exc:  # reported after the join
            failures.append(exc)

    def runner(clients: list[Any], threaded: bool) -> Any:
        def run(units: int) -> None:
            answered[0] = 0
            if threaded:
                threads = [threading.Thread(target=work, args=(c,), daemon=True) for c in clients]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(JOIN_TIMEOUT)
                if any(thread.is_alive() for thread in threads):
                    raise RuntimeError("a benchmark thread did not finish")
            else:
                for _ in range(THREADS):
                    work(clients[0])
            if failures or answered[0] != units:
                raise RuntimeError(
                    f"thread benchmark failed: {failures[:1]!r}, {answered[0]} calls"
                )

        return run

    def fake_on() -> Any:
        return mock_amplifybackend(jobs="immediate", state=state)

    samples = interleave(
        [
            Contender("fake, 8 threads", runner(fake_clients, True), activate=fake_on),
            Contender("fake, 1 thread", runner(fake_clients, False), activate=fake_on),
            Contender("floor, 8 threads", runner(floor_clients, True)),
            Contender("floor, 1 thread", runner(floor_clients, False)),
        ],
        sizes.slow_rounds,
        THREADS * calls,
    )
    rows = [
        [name, f"{1 / samples.median(name):,.0f}"]
        for name in ("fake, 8 threads", "fake, 1 thread", "floor, 8 threads", "floor, 1 thread")
    ]
    fake_ratio = samples.ratio("fake, 1 thread", "fake, 8 threads")
    floor_ratio = samples.ratio("floor, 1 thread", "floor, 8 threads")
    text = (
        f"GetBackend, {THREADS} x {calls} calls per round, {sizes.slow_rounds} rounds, the four "
        "modes interleaved; every call checked. The floor (botocore with a canned answer, no "
        "fake) shows what threads cost botocore itself under the GIL.\n\n"
        + table(["mode", "calls/s (median)"], rows)
        + f"\n\nThroughput with 8 threads / with 1 thread: fake {ratio(fake_ratio)}, floor "
        f"{ratio(floor_ratio)}."
    )
    return text, {"seconds_per_call": samples.values}


def measure(sizes: Sizes) -> Section:
    import boto3

    session = boto3.Session(region_name="us-east-1")
    pagination, target, pagination_data = _pagination(sizes, session)
    environments, environment_data = _environments(sizes, session)
    threads, thread_data = _threads(sizes, session)
    body = (
        "### Pagination\n\n"
        + pagination
        + "\n\n### Environments\n\n"
        + environments
        + "\n\n### Threads\n\n"
        + threads
    )
    return Section(
        "3. Scale",
        body,
        [target],
        {"pagination": pagination_data, "environments": environment_data, "threads": thread_data},
    )
