"""Item 8: ``serve --state``: write throughput with the durable journal against without.

Two ``FakeServer(host="127.0.0.1", port=0, jobs="immediate")``, one with
``state_file=`` in a temporary directory (every change fdatasync'ed before its answer),
one without; 4 boto3 clients, one thread each, each sending CreateBackend for new apps;
rounds alternate which server goes first. Both states grow alike, so the journal's
compactions (at twice the compacted size plus 1 MiB) are part of what is measured.
"""

from __future__ import annotations

import itertools
import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks._common import Section, Sizes, Target, ratio, table
from benchmarks.server import CLIENTS, alternating_rates

TARGET = 0.5  # issue 20: at least 50% of the write throughput without --state


def measure(sizes: Sizes) -> Section:
    import boto3
    from botocore.config import Config

    from amplify_fakes.server import FakeServer

    session = boto3.Session(region_name="us-east-1")
    config = Config(
        max_pool_connections=CLIENTS, retries={"mode": "standard", "total_max_attempts": 1}
    )
    counter = itertools.count()

    def writers(server: Any, prefix: str) -> list[Callable[[], Any]]:
        clients = [
            session.client("amplifybackend", endpoint_url=server.url, config=config)
            for _ in range(CLIENTS)
        ]

        def writer(client: Any) -> Callable[[], Any]:
            return lambda: client.create_backend(
                AppId=f"{prefix}{next(counter)}", AppName="shop", BackendEnvironmentName="dev"
            )

        return [writer(c) for c in clients]

    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "state"
        durable = FakeServer(host="127.0.0.1", port=0, jobs="immediate", state_file=path)
        memory = FakeServer(host="127.0.0.1", port=0, jobs="immediate")
        try:
            durable.start()
            memory.start()
            contenders = {
                "with --state": writers(durable, "d1durable"),
                "without": writers(memory, "d1memory"),
            }
            rates = alternating_rates(contenders, sizes, "durable state")
            journal_bytes = path.stat().st_size
        finally:
            durable.stop()
            memory.stop()

    pairs = zip(rates["with --state"], rates["without"], strict=True)
    kept = statistics.median(a / b for a, b in pairs)
    rows = [
        [
            name,
            f"{statistics.median(values):,.0f}",
            ratio(statistics.median(values) / statistics.median(rates["without"])),
        ]
        for name, values in rates.items()
    ]
    body = (
        f"{CLIENTS} clients x {sizes.server_calls} CreateBackend per round, "
        f"{sizes.slow_rounds} rounds, alternating; the journal was {journal_bytes:,} bytes "
        "at the end. The ratio is the median of per-round ratios.\n\n"
        + table(["server", "writes/s (median)", "vs without"], rows)
    )
    target = Target(
        "durable write throughput",
        f"with --state ≥ {TARGET:.0%} of without (4 clients)",
        f"{kept:.0%}",
        kept >= TARGET,
    )
    return Section("8. Durable state", body, [target], {"rates": rates})
