"""``python -m benchmarks.compare BASE [--operations A,B] [--rounds N] [--calls N]``.

Two checkouts side by side: is this tree's fake faster or slower per call than BASE's
(another checkout or a ``git worktree`` of an earlier commit)?

Separate ``python -m benchmarks`` runs of each tree cannot tell a 2% change: on a shared
machine the median of one run moves by more than that between runs of the same code. Here
one worker process per tree (this tree's ``amplify_fakes`` in one, BASE's in the other,
the same benchmark code in both) takes turns, round by round, timing ``--calls`` calls of
the fake and then of the signed floor (item 1's definitions); the order rotates every
round. Each round is paired: whatever slowed the machine during it slowed both trees'
turns. Reported per operation: the median over rounds of this tree's fake time / BASE's,
each tree's fake / floor, and the two floors' ratio, which runs the same botocore code in
both processes and so shows how far two processes differ on their own (about 1%).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# The benchmark modules import amplify_fakes: a worker imports them only after putting
# its tree first on sys.path.
_KINDS = ("fake", "floor")
_WARM_ROUNDS = 10


def _worker(tree: str, operation: str, calls: int) -> None:
    """One tree's side: time ``calls`` calls of the kind named on each stdin line."""
    import tests  # noqa: F401  # this tree's request data, whatever BASE's tests hold

    sys.path.insert(0, tree)  # BASE's amplify_fakes (packages imported so far stay ours)
    from benchmarks._common import canned_response, isolate_environment
    from benchmarks._scenarios import fake_call, per_call_state

    isolate_environment()
    import boto3

    import amplify_fakes
    from amplify_fakes import mock_amplifybackend

    if Path(amplify_fakes.__file__).resolve().parent.parent != Path(tree):
        raise RuntimeError(f"amplify_fakes came from {amplify_fakes.__file__}, not {tree}")

    state = per_call_state()
    session = boto3.Session(region_name="us-east-1")
    fake_client = session.client("amplifybackend")
    floor_client = session.client("amplifybackend")
    method, params = fake_call(operation)
    seen: dict[str, Any] = {}

    def capture(http_response: Any, **_: Any) -> None:
        seen["raw"] = http_response

    with mock_amplifybackend(jobs="immediate", state=state):
        fake_client.meta.events.register("after-call", capture, unique_id="compare")
        getattr(fake_client, method)(**params())
        fake_client.meta.events.unregister("after-call", unique_id="compare")
    raw = seen["raw"]

    def answer(request: Any, **_: Any) -> Any:
        return canned_response(request.url, raw.status_code, dict(raw.headers), raw.content)

    floor_client.meta.events.register_first(f"before-send.amplifybackend.{operation}", answer)

    def timed(client: Any) -> float:
        call = getattr(client, method)
        start = time.perf_counter()
        for _ in range(calls):
            call(**params())
        return (time.perf_counter() - start) / calls

    def fake() -> float:
        with mock_amplifybackend(jobs="immediate", state=state):
            return timed(fake_client)

    def floor() -> float:
        return timed(floor_client)

    turns: dict[str, Callable[[], float]] = {"fake": fake, "floor": floor}
    for _ in range(_WARM_ROUNDS):
        for turn in turns.values():
            turn()
    print("ready", flush=True)
    for line in sys.stdin:
        kind = line.strip()
        if kind not in turns:
            break
        print(repr(turns[kind]()), flush=True)


def _start(tree: Path, operation: str, calls: int) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "benchmarks.compare", "--worker", str(tree), operation]
    worker = subprocess.Popen(
        [*command, str(calls)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert worker.stdout is not None
    if worker.stdout.readline().strip() != "ready":
        worker.kill()
        raise RuntimeError(f"the worker for {tree} did not start")
    return worker


def _ask(worker: subprocess.Popen[str], kind: str) -> float:
    assert worker.stdin is not None
    assert worker.stdout is not None
    worker.stdin.write(kind + "\n")
    worker.stdin.flush()
    return float(worker.stdout.readline())


def compare(base: Path, operation: str, rounds: int, calls: int) -> dict[str, float]:
    """Paired medians for one operation: ``this/base`` (fake time), ``this``, ``base``
    (each tree's fake / floor) and ``floors`` (this tree's floor / base's)."""
    here = Path(__file__).resolve().parent.parent
    workers = {"this": _start(here, operation, calls), "base": _start(base, operation, calls)}
    steps = [(tree, kind) for tree in workers for kind in _KINDS]
    times: dict[tuple[str, str], list[float]] = {step: [] for step in steps}
    try:
        for index in range(rounds):
            shift = index % len(steps)
            for tree, kind in steps[shift:] + steps[:shift]:
                times[tree, kind].append(_ask(workers[tree], kind))
    finally:
        for worker in workers.values():
            if worker.stdin is not None:
                worker.stdin.close()
            worker.wait(timeout=60)

    def paired(a: tuple[str, str], b: tuple[str, str]) -> float:
        return statistics.median(x / y for x, y in zip(times[a], times[b], strict=True))

    return {
        "this/base": paired(("this", "fake"), ("base", "fake")),
        "this": paired(("this", "fake"), ("this", "floor")),
        "base": paired(("base", "fake"), ("base", "floor")),
        "floors": paired(("this", "floor"), ("base", "floor")),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.compare", description=__doc__)
    parser.add_argument("base", type=Path, nargs="?", help="the other checkout's root")
    parser.add_argument("--operations", help="comma-separated (default: item 1's five)")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--calls", type=int, default=50)
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        _worker(args.worker[0], args.worker[1], int(args.worker[2]))
        return 0
    if args.base is None or not (args.base / "amplify_fakes").is_dir():
        parser.error("BASE must be a checkout's root (the folder holding amplify_fakes/)")
    from benchmarks._scenarios import OPERATIONS

    operations = args.operations.split(",") if args.operations else list(OPERATIONS)
    print(f"{args.rounds} paired rounds of {args.calls} calls; medians of per-round ratios\n")
    print("| operation | this / base (fake) | this: fake / floor | base: fake / floor | floors |")
    print("|---|---|---|---|---|")
    for operation in operations:
        found = compare(args.base.resolve(), operation, args.rounds, args.calls)
        print(
            f"| {operation} | {found['this/base']:.3f} | {found['this']:.3f} | "
            f"{found['base']:.3f} | {found['floors']:.3f} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
