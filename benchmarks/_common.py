"""What every benchmark shares: run sizes, interleaved timing, medians, ratios, tables."""

from __future__ import annotations

import os
import socket
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any

from amplify_fakes._environment import REMOVED_ENVIRONMENT, fake_environment

REGION = "us-east-1"
LOOPBACK = frozenset({"127.0.0.1", "localhost", b"127.0.0.1", b"localhost"})


def isolate_environment() -> None:
    """Fake credentials and no profile for this process and the subprocesses it starts;
    name lookups for anything but loopback fail, so a request the contenders should have
    answered can never leave the machine."""
    os.environ.update(fake_environment(REGION))
    for name in REMOVED_ENVIRONMENT:
        os.environ.pop(name, None)
    real_getaddrinfo = socket.getaddrinfo

    def loopback_only(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in LOOPBACK:
            raise OSError(f"benchmarks: refusing to resolve {host!r} (only loopback is allowed)")
        return real_getaddrinfo(host, *args, **kwargs)

    socket.getaddrinfo = loopback_only


@dataclass(frozen=True)
class Sizes:
    """How much work each benchmark does (``--quick`` shrinks everything)."""

    quick: bool
    rounds: int  # interleaved rounds per comparison (items 1, 3, 4)
    calls: int  # calls per contender per round (items 1, 4)
    cold_runs: int  # subprocesses per contender (item 2)
    job_counts: tuple[int, ...]  # pagination sizes (item 3)
    environments: int  # backend environments, timed (item 3)
    traced_environments: int  # of them created through the API under tracemalloc
    thread_calls: int  # calls per thread per round (item 3)
    examples: int  # hypothesis examples per contender per round (item 5)
    slow_rounds: int  # rounds for items 5 and 6, whose slowest contender is slow
    server_calls: int  # calls per client per round (item 6)
    # Item 1: many short rounds. On a shared machine one round's fake / floor ratio
    # ranges from 0.5 to 2.3, so the median of 7 rounds moved by +-0.1 between runs of
    # the same code; 21 rounds of 50 calls (the same calls in all) moved by +-0.03.
    percall_rounds: int = 21
    percall_calls: int = 50

    @classmethod
    def of(cls, quick: bool) -> Sizes:
        if quick:
            return cls(True, 3, 40, 3, (100, 1_000, 10_000), 2_000, 500, 50, 20, 3, 25, 5, 40)
        return cls(False, 7, 150, 5, (100, 1_000, 10_000), 10_000, 2_000, 150, 50, 5, 50)


class _Body:
    def __init__(self, body: bytes):
        self._body = body

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._body


def canned_response(url: str, status: int, headers: dict[str, str], body: bytes) -> Any:
    """An HTTP answer as a ``before-send`` handler returns one: what the floors answer with."""
    from botocore.awsrequest import AWSResponse

    return AWSResponse(url, status, headers, _Body(body))


def progress(message: str) -> None:
    """A progress line on stderr (stdout holds only the report)."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


@dataclass
class Contender:
    """One side of a comparison.

    ``activate`` is entered around the contender's turn in a round (untimed),
    ``prepare(n)`` runs untimed inside it, and ``run(n)`` does ``n`` units of timed work.
    """

    name: str
    run: Callable[[int], None]
    prepare: Callable[[int], None] = lambda units: None
    activate: Callable[[], AbstractContextManager[Any]] = nullcontext


@dataclass
class Samples:
    """Per-unit seconds of each contender, one sample per round."""

    values: dict[str, list[float]] = field(default_factory=dict)

    def add(self, name: str, seconds: float) -> None:
        self.values.setdefault(name, []).append(seconds)

    def median(self, name: str) -> float:
        return statistics.median(self.values[name])

    def difference(self, minuend: str, subtrahend: str) -> float:
        """The median of the per-round differences (e.g. a contender minus its floor)."""
        pairs = zip(self.values[minuend], self.values[subtrahend], strict=True)
        return statistics.median(a - b for a, b in pairs)

    def ratio(self, numerator: str, denominator: str) -> float:
        """The median of the per-round ratios (robust to a round that was slow for all)."""
        pairs = zip(self.values[numerator], self.values[denominator], strict=True)
        return statistics.median(a / b for a, b in pairs)


def rotated(items: Sequence[Any], round_index: int) -> Iterator[Any]:
    """``items`` starting at a different one each round, so no contender always goes first."""
    shift = round_index % len(items)
    yield from items[shift:]
    yield from items[:shift]


def interleave(contenders: Sequence[Contender], rounds: int, units: int) -> Samples:
    """Time ``units`` of work per contender, round by round; per-unit seconds per round."""
    samples = Samples()
    for round_index in range(rounds):
        for contender in rotated(contenders, round_index):
            with contender.activate():
                contender.prepare(units)
                start = time.perf_counter()
                contender.run(units)
                samples.add(contender.name, (time.perf_counter() - start) / units)
    return samples


def us(seconds: float) -> str:
    """Seconds as microseconds, for a table."""
    return f"{seconds * 1e6:,.0f}"


def ms(seconds: float) -> str:
    """Seconds as milliseconds, for a table."""
    return f"{seconds * 1e3:,.1f}"


def ratio(value: float) -> str:
    return f"{value:.2f}x"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A GitHub markdown table."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


@dataclass
class Target:
    """One target of issue 9 and whether this run met it."""

    name: str
    goal: str
    measured: str
    met: bool | None  # None: not measured


@dataclass
class Section:
    """One benchmark's report: a markdown body, its targets and raw data for the JSON file."""

    title: str
    body: str
    targets: list[Target] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0  # how long the item took
