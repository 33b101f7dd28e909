"""Item 4: the share of per-call time spent validating.

Through boto3, for the five operations of item 1, interleaved round by round:

- ``real``: the fake as shipped; its request validator (and in strict mode its response
  validator) is wrapped in a timer, so the share is measured directly: validation time
  / total call time;
- ``off``: the same fake with both validators replaced by no-ops (benchmark only), so the
  share is also seen as the difference (real - off) / real.

A second table times the request validators alone: jsonschema's compiled validator (what
the fake used before), the fake's fast validator, and fastjsonschema when installed.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from benchmarks._common import (
    Contender,
    Samples,
    Section,
    Sizes,
    Target,
    interleave,
    progress,
    table,
    us,
)
from benchmarks._scenarios import OPERATIONS, fake_call, per_call_state

_timer = {"seconds": 0.0}


def _timed(function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any) -> Any:
        start = time.perf_counter()
        try:
            return function(*args)
        finally:
            _timer["seconds"] += time.perf_counter() - start

    return wrapper


def _dispatch() -> Any:
    """The dispatcher module, whose validator names the benchmark swaps."""
    return importlib.import_module("amplify_fakes._core.dispatch")


def _off(*_: Any) -> None:
    return None


@contextmanager
def _validators(mode: str) -> Iterator[None]:
    """Swap the validators the dispatcher calls (benchmark only)."""
    dispatch = _dispatch()
    saved = dispatch.check, dispatch.check_strict
    if mode == "off":
        dispatch.check = dispatch.check_strict = _off
    else:
        dispatch.check, dispatch.check_strict = _timed(saved[0]), _timed(saved[1])
    try:
        yield
    finally:
        dispatch.check, dispatch.check_strict = saved


def measure(sizes: Sizes) -> Section:
    import boto3

    from amplify_fakes import mock_amplifybackend

    client = boto3.Session(region_name="us-east-1").client("amplifybackend")
    state = per_call_state()
    rows = []
    worst = 0.0
    raw: dict[str, Any] = {}
    for strict in (False, True):
        for operation in OPERATIONS:
            progress(f"validation: {operation}{' (strict)' if strict else ''}")
            method, params = fake_call(operation)
            call = getattr(client, method)
            shares: list[float] = []

            def run_real(
                units: int, call: Any = call, params: Any = params, shares: Any = shares
            ) -> None:
                _timer["seconds"] = 0.0
                start = time.perf_counter()
                for _ in range(units):
                    call(**params())
                shares.append(_timer["seconds"] / (time.perf_counter() - start))

            def run(units: int, call: Any = call, params: Any = params) -> None:
                for _ in range(units):
                    call(**params())

            def activate(mode: str, strict: bool = strict) -> Any:
                @contextmanager
                def both() -> Iterator[None]:
                    with (
                        mock_amplifybackend(jobs="immediate", strict=strict, state=state),
                        _validators(mode),
                    ):
                        yield

                return both()

            samples: Samples = interleave(
                [
                    Contender("real", run_real, activate=lambda: activate("real")),
                    Contender("off", run, activate=lambda: activate("off")),
                ],
                sizes.rounds,
                sizes.calls,
            )
            direct = sorted(shares)[len(shares) // 2]
            ablation = 1 - samples.ratio("off", "real")
            worst = max(worst, direct)
            rows.append(
                [
                    operation,
                    "strict" if strict else "default",
                    us(samples.median("real")),
                    us(samples.median("off")),
                    f"{direct:.1%}",
                    f"{ablation:.1%}",
                ]
            )
            raw[f"{operation}{'/strict' if strict else ''}"] = {
                "real": samples.values["real"],
                "off": samples.values["off"],
                "direct_shares": shares,
            }
    body = (
        "Median over "
        f'{sizes.rounds} interleaved rounds of {sizes.calls} calls. "direct": time inside '
        'the validators / call time; "ablation": 1 - off / real (noisier: a difference of '
        "two noisy numbers). Strict mode validates the request and the response.\n\n"
        + table(
            ["operation", "mode", "real µs", "validators off µs", "direct share", "ablation share"],
            rows,
        )
        + "\n\n"
        + _validators_alone()
    )
    target = Target(
        "validation share", "≤ 10% of per-call time", f"worst {worst:.1%}", worst <= 0.10
    )
    return Section("4. Validation overhead", body, [target], raw)


def _validators_alone() -> str:
    """µs per validation of each operation's wire request, per validator."""
    import copy
    import json

    import boto3

    from amplify_fakes import contracts
    from amplify_fakes.contracts import _validate

    dispatch = _dispatch()
    fastjsonschema: Any
    try:
        import fastjsonschema
    except ImportError:
        fastjsonschema = None

    # The wire requests the fake validates, captured from real calls.
    captured: dict[str, dict[str, Any]] = {}
    client = boto3.Session(region_name="us-east-1").client("amplifybackend")
    from amplify_fakes import mock_amplifybackend

    original = dispatch.check

    def capture(operation: str, key: str, value: Any, *rest: Any) -> None:
        captured[operation] = copy.deepcopy(value)
        original(operation, key, value, *rest)

    with mock_amplifybackend(jobs="immediate", state=per_call_state()):
        dispatch.check = capture  # a new fake: its core remembers no request yet
        try:
            for operation in OPERATIONS:
                method, params = fake_call(operation)
                getattr(client, method)(**params())
        finally:
            dispatch.check = original

    def per_call(function: Callable[[Any], Any], value: Any, calls: int = 2000) -> float:
        start = time.perf_counter()
        for _ in range(calls):
            function(value)
        return (time.perf_counter() - start) / calls

    rows = []
    for operation in OPERATIONS:
        value = captured[operation]
        fast = _validate.fast(operation, "request.wire")
        if fast is None or not fast(value):
            raise RuntimeError(f"the fast validator rejects the {operation} request")
        slow = _validate.compiled(operation, "request.wire")
        row = [
            operation,
            f"{len(json.dumps(value)):,}",
            us(per_call(slow.is_valid, value, 300)),
            us(per_call(fast, value)),
        ]
        if fastjsonschema is not None:
            schema = contracts.schema(operation, "request", "wire")
            schema["$schema"] = "http://json-schema.org/draft-07/schema#"
            compiled = fastjsonschema.compile(schema, use_formats=False)
            row.append(us(per_call(compiled, value)))
        rows.append(row)
    headers = ["request (wire)", "JSON bytes", "jsonschema µs", "fast validator µs"]
    if fastjsonschema is not None:
        headers.append("fastjsonschema µs")
    return (
        "Validators alone, on the wire request the fake validates (µs per validation, "
        "happy path):\n\n" + table(headers, rows)
    )
