"""Item 7: what a downstream suite pays per test, and what the plugin adds to start-up.

A generated downstream project (a temporary directory) holds one file per variant, each
of N tests making the same two calls, run by ``pytest -p no:xdist`` in a subprocess:

- ``bare``: no AWS at all (the floor);
- ``fixture``: the ``amplifybackend_client`` fixture;
- ``own``: the code under test builds its own ``boto3.client("amplifybackend")``
  inside the ``amplifybackend_fake`` fixture;
- ``server_fixture``: ``amplifybackend_server`` alone (the fixture's own cost);
- ``server``: ``amplifybackend_server`` and a client of its URL built by the test, two
  calls over HTTP (botocore's client construction and the round trips included);
- ``moto``: moto's usual pattern (a credentials fixture, ``with mock_aws():`` in a client
  fixture, an apigatewayv2 client).

A conftest times each test's whole protocol (setup, call, teardown); the per-test
overhead of a variant is the median of its tests minus the median of the bare tests
(the first test of each run, which pays one-time costs, is left out). The variants
alternate, run after run. Start-up: the bare file with and without ``-p no:amplifybackend``,
alternating, more runs (wall time is noisy), median wall time of the whole pytest run.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._common import Section, Sizes, Target, ms, progress, ratio, table

TIMEOUT = 600  # seconds per subprocess

CONFTEST = """\
import json, os, time
import pytest

_TIMES = []

@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    start = time.perf_counter()
    yield
    _TIMES.append(time.perf_counter() - start)

def pytest_sessionfinish(session, exitstatus):
    out = os.environ.get("PERTEST_OUT")
    if out:
        with open(out, "w") as f:
            json.dump(_TIMES, f)
"""

_CALLS = """\
    client.create_backend(AppId="d1", AppName="a", BackendEnvironmentName="dev")
    client.get_backend(AppId="d1", BackendEnvironmentName="dev")
"""

FILES = {
    "bare": "def test_{i}():\n    assert sum(range(10)) == 45\n",
    "fixture": "def test_{i}(amplifybackend_client):\n    client = amplifybackend_client\n"
    + _CALLS,
    "own": "import boto3\n\n\ndef test_{i}(amplifybackend_fake):\n"
    '    client = boto3.client("amplifybackend")\n' + _CALLS,
    "server_fixture": "def test_{i}(amplifybackend_server):\n"
    "    assert amplifybackend_server.url\n",
    "server": "import boto3\n\n\ndef test_{i}(amplifybackend_server):\n"
    '    client = boto3.client("amplifybackend", endpoint_url=amplifybackend_server.url)\n'
    + _CALLS,
    "moto": "def test_{i}(apigw):\n"
    '    api = apigw.create_api(Name="a", ProtocolType="HTTP")\n'
    '    apigw.get_api(ApiId=api["ApiId"])\n',
}
# moto's documented pattern: fake credentials in a fixture, the mock around a client fixture
MOTO_HEADER = """\
import os
import boto3
import pytest
from moto import mock_aws


@pytest.fixture
def moto_credentials():
    os.environ["AWS_ACCESS_KEY_ID"] = "testing"
    os.environ["AWS_SECRET_ACCESS_KEY"] = "testing"
    os.environ["AWS_DEFAULT_REGION"] = "us-east-1"


@pytest.fixture
def apigw(moto_credentials):
    with mock_aws():
        yield boto3.client("apigatewayv2", region_name="us-east-1")


"""
TARGETS_MS = {"fixture": 5.0, "own": 15.0, "server_fixture": 5.0}
STARTUP_TARGET_MS = 30.0


def write_project(root: Path, tests: int) -> None:
    """The downstream project: a conftest and one test file per variant."""
    (root / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    (root / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    for name, template in FILES.items():
        header, _, body = template.partition("def test_")
        if name == "moto":
            header = MOTO_HEADER
        tests_text = "".join(("def test_" + body).format(i=i) + "\n\n" for i in range(tests))
        (root / f"test_{name}.py").write_text(header + tests_text, encoding="utf-8")


def _pytest(root: Path, args: list[str], out: Path | None = None) -> float:
    """Run pytest in ``root``; its wall time in seconds."""
    import os

    env = dict(os.environ)
    env.pop("PYTEST_ADDOPTS", None)
    env.pop("PYTEST_PLUGINS", None)
    if out is not None:
        env["PERTEST_OUT"] = str(out)
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", "-p", "no:cacheprovider"]
    start = time.perf_counter()
    found = subprocess.run(
        [*command, *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if found.returncode != 0:
        raise RuntimeError(f"pytest {args} failed:\n{found.stdout[-3000:]}\n{found.stderr[-2000:]}")
    return elapsed


def measure(sizes: Sizes) -> Section:
    tests = 60 if sizes.quick else 150
    runs = 2 if sizes.quick else 3
    startup_runs = 5 if sizes.quick else 11
    variants = list(FILES)
    per_test: dict[str, list[float]] = {name: [] for name in variants}
    startup: dict[str, list[float]] = {"with plugin": [], "-p no:amplifybackend": []}
    with tempfile.TemporaryDirectory(prefix="amplify-fakes-pertest-") as tmp:
        root = Path(tmp)
        write_project(root, tests)
        for index in range(runs):
            progress(f"per test: run {index + 1}/{runs} ({tests} tests per variant)")
            for name in variants if index % 2 == 0 else reversed(variants):
                out = root / f"{name}.json"
                _pytest(root, [f"test_{name}.py"], out)
                times = json.loads(out.read_text(encoding="utf-8"))[1:]
                per_test[name].append(statistics.median(times))
        for index in range(startup_runs):
            progress(f"start-up: run {index + 1}/{startup_runs}")
            for label in startup if index % 2 == 0 else reversed(list(startup)):
                extra = ["-p", "no:amplifybackend"] if label != "with plugin" else []
                startup[label].append(_pytest(root, [*extra, "test_bare.py"]))
    bare = statistics.median(per_test["bare"])
    overhead = {name: statistics.median(per_test[name]) - bare for name in variants}
    rows = [
        [
            name,
            ms(statistics.median(per_test[name])),
            "—" if name == "bare" else ms(overhead[name]),
            f"≤ {TARGETS_MS[name]:.0f}" if name in TARGETS_MS else "",
        ]
        for name in variants
    ]
    moto_ratio = overhead["moto"] / max(overhead["fixture"], 1e-6)
    added = statistics.median(startup["with plugin"]) - statistics.median(
        startup["-p no:amplifybackend"]
    )
    startup_rows = [[label, ms(statistics.median(values))] for label, values in startup.items()]
    body = (
        f"{tests} tests per variant, {runs} alternating runs of `pytest -q -p no:xdist`; "
        "median of each test's setup + call + teardown (first test left out), then the "
        "median over runs; overhead = variant - bare.\n\n"
        + table(["variant", "per test ms", "overhead ms", "target ms"], rows)
        + f"\n\nmoto pattern / fixture client overhead: {ratio(moto_ratio)}.\n\n"
        f"Start-up, wall time of the bare file's whole pytest run ({startup_runs} runs each, "
        "alternating):\n\n"
        + table(["run", "wall ms"], startup_rows)
        + f"\n\nAdded by the plugin to a run that never uses it: {ms(added)} ms."
    )
    targets = [
        Target(
            f"per test: {name}",
            f"≤ {TARGETS_MS[name]:.0f} ms over bare",
            f"{ms(overhead[name])} ms",
            overhead[name] * 1e3 <= TARGETS_MS[name],
        )
        for name in TARGETS_MS
    ]
    targets.append(
        Target("per test: moto / fixture", "≥ 10x", ratio(moto_ratio), moto_ratio >= 10.0)
    )
    targets.append(
        Target(
            "start-up added, unused",
            f"≤ {STARTUP_TARGET_MS:.0f} ms",
            f"{ms(added)} ms",
            added * 1e3 <= STARTUP_TARGET_MS,
        )
    )
    data = {"per_test": per_test, "startup": startup, "tests": tests}
    return Section("7. Per test and start-up (downstream suite)", body, targets, data)
