"""Item 5: examples/s of ``amplify_fakes.strategies.requests`` vs hypothesis-jsonschema.

For the three largest request schemas (SDK level, by JSON size), each contender runs a
``@given`` test that only counts its examples (generate phase only, no database, no
deadline, health checks off), round by round, alternating. Strategies are built and
warmed up before timing; both sides pay hypothesis's own per-example engine cost.
"""

from __future__ import annotations

import json
from typing import Any

from benchmarks._common import (
    Contender,
    Section,
    Sizes,
    Target,
    interleave,
    progress,
    ratio,
    table,
)


def largest_requests(count: int = 3) -> list[str]:
    from amplify_fakes import contracts

    sizes = [
        (-len(json.dumps(contracts.schema(op, "request"))), op) for op in contracts.operations()
    ]
    return [op for _, op in sorted(sizes)[:count]]


def _runner(strategy: Any, check: Any = None) -> Any:
    """A function generating ``units`` examples of ``strategy`` through ``@given``;
    ``check`` (untimed use only) sees each example."""
    from hypothesis import HealthCheck, Phase, given, settings

    def run(units: int) -> None:
        seen = [0]

        @settings(
            max_examples=units,
            phases=[Phase.generate],
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(strategy)
        def count(example: Any) -> None:
            seen[0] += 1
            if check is not None:
                check(example)

        count()
        if seen[0] < units * 0.9:  # hypothesis may stop early on a tiny space; ours never is
            raise RuntimeError(f"only {seen[0]} of {units} examples generated")

    return run


def measure(sizes: Sizes) -> Section:
    from jsonschema import Draft202012Validator

    from amplify_fakes import contracts, strategies

    try:
        from hypothesis_jsonschema import from_schema
    except ImportError:
        return Section(
            "5. Strategies",
            "hypothesis-jsonschema is not installed (`pip install -e '.[bench]'`): not measured.",
            [Target("strategies", "ours ≥ hypothesis-jsonschema", "not measured", None)],
        )

    rows = []
    worst = float("inf")
    raw: dict[str, Any] = {}
    for operation in largest_requests():
        progress(f"strategies: {operation}")
        schema = contracts.schema(operation, "request")
        ours = strategies.requests(operation)
        theirs = from_schema(schema)
        validator = Draft202012Validator(schema)

        def valid(example: Any, operation: str = operation, validator: Any = validator) -> None:
            if not validator.is_valid(example):
                raise RuntimeError(f"an invalid {operation} example: {example!r}")

        for strategy in (ours, theirs):  # build lazily-built parts, and check validity
            _runner(strategy, valid)(10)
        samples = interleave(
            [Contender("ours", _runner(ours)), Contender("hypothesis-jsonschema", _runner(theirs))],
            sizes.slow_rounds,
            sizes.examples,
        )
        speedup = samples.ratio("hypothesis-jsonschema", "ours")
        worst = min(worst, speedup)
        rows.append(
            [
                operation,
                f"{len(json.dumps(schema)):,}",
                f"{1 / samples.median('ours'):,.0f}",
                f"{1 / samples.median('hypothesis-jsonschema'):,.0f}",
                ratio(speedup),
            ]
        )
        raw[operation] = samples.values
    body = (
        f"Examples per second, median of {sizes.slow_rounds} interleaved rounds of {sizes.examples} "
        "examples per contender.\n\n"
        + table(
            [
                "request schema (sdk)",
                "schema bytes",
                "ours examples/s",
                "hypothesis-jsonschema examples/s",
                "ours / theirs",
            ],
            rows,
        )
    )
    target = Target(
        "strategies", "ours ≥ hypothesis-jsonschema", f"worst {ratio(worst)} as fast", worst >= 1.0
    )
    return Section("5. Strategies", body, [target], raw)
