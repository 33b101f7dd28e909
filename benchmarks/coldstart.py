"""Item 2: cold start in fresh subprocesses: import + activation + first call.

Each run is a new interpreter that times, from its first line: ``import boto3``, then
importing the mock library, activating it and making one create call through a new
client. The fake and moto alternate, run after run; medians are reported. The time
without ``import boto3`` (which both pay) is the library's own share.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

from benchmarks._common import Section, Sizes, Target, ms, progress, ratio, table

TIMEOUT = 120  # seconds per subprocess

_PRELUDE = """\
import time
start = time.perf_counter()
import boto3
after_boto3 = time.perf_counter()
"""
_EPILOGUE = """
end = time.perf_counter()
import json
print(json.dumps({"total": end - start, "library": end - after_boto3}))
"""
SCRIPTS = {
    "fake": _PRELUDE
    + """\
from amplify_fakes import mock_amplifybackend
with mock_amplifybackend():
    client = boto3.client("amplifybackend", region_name="us-east-1")
    client.create_backend(AppId="d1cold", AppName="shop", BackendEnvironmentName="dev")
"""
    + _EPILOGUE,
    "moto": _PRELUDE
    + """\
from moto import mock_aws
with mock_aws():
    client = boto3.client("apigatewayv2", region_name="us-east-1")
    client.create_api(Name="cold", ProtocolType="HTTP")
"""
    + _EPILOGUE,
}


def _run(script: str) -> dict[str, float]:
    found = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )
    if found.returncode != 0:
        raise RuntimeError(f"cold-start subprocess failed:\n{found.stderr[-2000:]}")
    times: dict[str, float] = json.loads(found.stdout.strip().splitlines()[-1])
    return times


def measure(sizes: Sizes) -> Section:
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in SCRIPTS}
    names = list(SCRIPTS)
    for index in range(sizes.cold_runs):
        progress(f"cold start: run {index + 1}/{sizes.cold_runs}")
        for name in names if index % 2 == 0 else reversed(names):
            runs[name].append(_run(SCRIPTS[name]))

    def median(name: str, key: str) -> float:
        return statistics.median(run[key] for run in runs[name])

    rows = [[name, ms(median(name, "library")), ms(median(name, "total"))] for name in names]
    library_ratio = median("moto", "library") / median("fake", "library")
    total_ratio = median("moto", "total") / median("fake", "total")
    body = (
        f"Median of {sizes.cold_runs} fresh interpreters each, alternating. The fake: "
        "`import amplify_fakes` + `mock_amplifybackend()` + `create_backend`; moto: "
        "`from moto import mock_aws` + `mock_aws()` + apigatewayv2 `create_api`. Both include "
        "creating the client (loading its service model).\n\n"
        + table(["contender", "library + activation + first call ms", "with import boto3 ms"], rows)
        + f"\n\nmoto / fake: {ratio(library_ratio)} (library part), {ratio(total_ratio)} "
        "(with import boto3)."
    )
    target = Target(
        "cold start",
        "fake ≤ moto",
        f"moto / fake {ratio(library_ratio)}",
        library_ratio >= 1.0,
    )
    return Section("2. Cold start", body, [target], {"runs": runs})
