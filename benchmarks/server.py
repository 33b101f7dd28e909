"""Item 6: server mode: requests/s from 4 concurrent boto3 clients over loopback.

``amplify_fakes.server.FakeServer(host="127.0.0.1", port=0)`` answering GetBackend vs
``moto.server.ThreadedMotoServer(ip_address="127.0.0.1", port=0)`` answering apigatewayv2
``get_api``; each client has its own thread and connection pool; rounds alternate. Both
servers bind 127.0.0.1 only. No in-process mock is active, so every request is signed
and crosses real HTTP.

The fake parses HTTP with h11 on keep-alive connections; moto's server is werkzeug's
development server, which closes the connection after every answer.
"""

from __future__ import annotations

import functools
import logging
import statistics
import threading
import time
from collections.abc import Callable
from typing import Any

from benchmarks._common import Section, Sizes, Target, progress, ratio, table

CLIENTS = 4
JOIN_TIMEOUT = 300.0  # seconds


def _not_measured(reason: str) -> Section:
    return Section(
        "6. Server mode",
        f"Not measured yet: {reason}.",
        [Target("server throughput", "fake server ≥ moto server", "not measured yet", None)],
    )


def _throughput(calls: list[Callable[[], Any]], per_client: int) -> float:
    """Requests/s of ``per_client`` calls from each of the callables, one thread each."""
    failures: list[BaseException] = []

    def work(call: Callable[[], Any]) -> None:
        try:
            for _ in range(per_client):
                call()
        except BaseException as exc:  # reported after the join
            failures.append(exc)

    threads = [threading.Thread(target=work, args=(call,), daemon=True) for call in calls]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN_TIMEOUT)
    elapsed = time.perf_counter() - start
    if any(thread.is_alive() for thread in threads):
        raise RuntimeError("a server benchmark thread did not finish")
    if failures:
        raise RuntimeError(f"server benchmark call failed: {failures[0]!r}")
    return len(calls) * per_client / elapsed


def alternating_rates(
    contenders: dict[str, list[Callable[[], Any]]], sizes: Sizes, label: str
) -> dict[str, list[float]]:
    """Requests/s of each contender per round (after a warm-up), rounds rotating which
    contender goes first."""
    for calls in contenders.values():  # open the connections, warm the code paths
        _throughput(calls, 5)
    rates: dict[str, list[float]] = {name: [] for name in contenders}
    names = list(contenders)
    for round_index in range(sizes.slow_rounds):
        progress(f"{label}: round {round_index + 1}/{sizes.slow_rounds}")
        shift = round_index % len(names)
        for name in names[shift:] + names[:shift]:
            rates[name].append(_throughput(contenders[name], sizes.server_calls))
    return rates


def measure(sizes: Sizes) -> Section:
    try:
        from amplify_fakes.server import FakeServer
    except ImportError:
        return _not_measured("amplify_fakes.server is not available")
    import boto3
    from botocore.config import Config
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto logs every request
    session = boto3.Session(region_name="us-east-1")
    config = Config(
        max_pool_connections=CLIENTS, retries={"mode": "standard", "total_max_attempts": 1}
    )

    def fake_calls(server: Any) -> list[Callable[[], Any]]:
        clients = [
            session.client("amplifybackend", endpoint_url=server.url, config=config)
            for _ in range(CLIENTS)
        ]
        clients[0].create_backend(AppId="d1server", AppName="shop", BackendEnvironmentName="dev")
        return [functools.partial(c.get_backend, AppId="d1server") for c in clients]

    moto_server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto_server.start()
    shipped = FakeServer(host="127.0.0.1", port=0, jobs="immediate")
    try:
        shipped.start()
        contenders: dict[str, list[Callable[[], Any]]] = {"fake server": fake_calls(shipped)}
        host, port = moto_server.get_host_and_port()
        moto_clients = [
            session.client("apigatewayv2", endpoint_url=f"http://{host}:{port}", config=config)
            for _ in range(CLIENTS)
        ]
        api_id = moto_clients[0].create_api(Name="shop", ProtocolType="HTTP")["ApiId"]
        contenders["moto server"] = [
            functools.partial(c.get_api, ApiId=api_id) for c in moto_clients
        ]
        rates = alternating_rates(contenders, sizes, "server")
    finally:
        shipped.stop()
        moto_server.stop()

    def versus_moto(name: str) -> float:
        pairs = zip(rates[name], rates["moto server"], strict=True)
        return statistics.median(a / b for a, b in pairs)

    rows = [
        [name, f"{statistics.median(values):,.0f}", ratio(versus_moto(name))]
        for name, values in rates.items()
    ]
    speedup = versus_moto("fake server")
    body = (
        f"{CLIENTS} clients x {sizes.server_calls} calls per round, {sizes.slow_rounds} rounds; "
        "fake: GetBackend, moto: apigatewayv2 get_api.\n\n"
        + table(["server", "requests/s (median)", "vs moto server"], rows)
    )
    target = Target(
        "server throughput", "fake server ≥ moto server", ratio(speedup), speedup >= 1.0
    )
    return Section("6. Server mode", body, [target], {"rates": rates})
