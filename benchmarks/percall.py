"""Item 1: per-call latency through boto3: the fake vs botocore's floor vs Stubber vs moto.

- ``fake``: ``mock_amplifybackend(jobs="immediate")`` (non-strict), a warm boto3 client.
- ``floor``: the same kind of client with a ``before-send`` handler, registered first, that
  returns the fake's own response bytes for the operation as a canned ``AWSResponse``:
  everything botocore does for the call (validation, serialisation, signing, parsing, retry
  bookkeeping) and nothing else. No fake is active during its turn.
- ``stubber``: ``botocore.stub.Stubber`` with the fake's parsed response and the expected
  parameters queued per call (queueing is untimed).
- ``moto``: ``mock_aws`` answering a comparable rest-json call (see ``MOTO_ANALOGUE``).

Two reference series, not contenders (left out of the plot):

- ``floor unsigned``: the floor with ``signature_version=UNSIGNED``, botocore's cost
  without SigV4 signing, which the fake skips (see ``_botocore_hook``); ``fake - floor
  unsigned`` is the fake's own cost.
- ``moto floor``: the same canned ``before-send`` answer for moto's comparable call (moto's
  own response bytes, a signed client, no mock active): botocore's cost of that call, so
  ``moto - moto floor`` is moto's own cost. The pairings are different calls; this is
  what makes them comparable.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from benchmarks._common import (
    Contender,
    Samples,
    Section,
    Sizes,
    Target,
    canned_response,
    interleave,
    progress,
    ratio,
    table,
    us,
)
from benchmarks._scenarios import (
    MOTO_ANALOGUE,
    OPERATIONS,
    MotoAnalogues,
    fake_call,
    per_call_state,
)

CONTENDERS = ("fake", "floor", "stubber", "moto")
UNSIGNED = "floor unsigned"
MOTO_FLOOR = "moto floor"
# The calls the issue names as moto's comparable ones (get_api, get_graphql_api) answer
# these two reads; the other pairings are ours.
NAMED_READS = ("GetBackend", "GetBackendJob")


def _seen(clients: tuple[Any, ...], call: Callable[[], Any]) -> tuple[Any, Any, Any]:
    """Make ``call`` once: (raw HTTP response, parsed result, operation model) as botocore
    saw them on whichever of ``clients`` made it."""
    seen: dict[str, Any] = {}

    def after_call(http_response: Any, parsed: Any, model: Any, **_: Any) -> None:
        seen.update(raw=http_response, parsed=parsed, model=model)

    for client in clients:
        client.meta.events.register("after-call", after_call, unique_id="bench-capture")
    try:
        call()
    finally:
        for client in clients:
            client.meta.events.unregister("after-call", unique_id="bench-capture")
    return seen["raw"], seen["parsed"], seen["model"]


def _capture(client: Any, operation: str) -> tuple[int, dict[str, str], bytes, dict[str, Any]]:
    """One call of ``operation`` through the active fake: raw status, headers, body, result."""
    method, params = fake_call(operation)
    raw, parsed, _ = _seen((client,), lambda: getattr(client, method)(**params()))
    result = {k: v for k, v in parsed.items() if k != "ResponseMetadata"}
    return raw.status_code, dict(raw.headers), raw.content, result


def _capture_moto(moto: MotoAnalogues, operation: str) -> tuple[str, Any]:
    """One comparable call under moto: (its before-send event, raw response)."""
    raw, _, model = _seen(moto.clients(), moto.call(operation))
    if raw.status_code >= 300:
        raise RuntimeError(f"moto answered {raw.status_code} for {operation}'s pairing")
    service = model.service_model.service_id.hyphenize()
    return f"before-send.{service}.{model.name}", raw


def _repeat(call: Callable[[], Any]) -> Callable[[int], None]:
    def run(units: int) -> None:
        for _ in range(units):
            call()

    return run


def _repeat_with(method: Callable[..., Any], params: Callable[[], dict[str, Any]]) -> Any:
    def run(units: int) -> None:
        for _ in range(units):
            method(**params())

    return run


def measure(sizes: Sizes) -> tuple[Section, dict[str, Samples]]:
    import boto3
    import botocore
    from botocore.config import Config
    from moto import mock_aws

    from amplify_fakes import mock_amplifybackend

    state = per_call_state()
    session = boto3.Session(region_name="us-east-1")
    fake_client = session.client("amplifybackend")
    floor_client = session.client("amplifybackend")
    unsigned_client = session.client(
        "amplifybackend", config=Config(signature_version=botocore.UNSIGNED)
    )
    stub_client = session.client("amplifybackend")
    moto = MotoAnalogues(session)

    def fake_on() -> Any:
        return mock_amplifybackend(jobs="immediate", state=state)

    canned: dict[str, tuple[int, dict[str, str], bytes, dict[str, Any]]] = {}
    with fake_on():
        for operation in OPERATIONS:
            canned[operation] = _capture(fake_client, operation)
            status = canned[operation][0]
            if status != 200:
                raise RuntimeError(f"{operation} answered {status} while preparing")

    # moto's floor: a second set of moto's clients answering each comparable call with
    # the bytes moto gave for it, through the same canned before-send as the floor.
    moto_floor = MotoAnalogues(session)
    with mock_aws():
        moto.prepare()
        for operation in OPERATIONS:
            event, raw = _capture_moto(moto, operation)

            def moto_answer(request: Any, _raw: Any = raw, **_: Any) -> Any:
                return canned_response(
                    request.url, _raw.status_code, dict(_raw.headers), _raw.content
                )

            for client in moto_floor.clients():
                client.meta.events.register_first(event, moto_answer)
    moto_floor.api_id, moto_floor.graphql_id = moto.api_id, moto.graphql_id

    for operation, (status, headers, body, _) in canned.items():

        def answer(
            request: Any, _r: tuple[int, dict[str, str], bytes] = (status, headers, body), **_: Any
        ) -> Any:
            return canned_response(request.url, *_r)

        for client in (floor_client, unsigned_client):
            client.meta.events.register_first(f"before-send.amplifybackend.{operation}", answer)

    samples: dict[str, Samples] = {}
    for operation in OPERATIONS:
        progress(f"per-call: {operation}")
        method, params = fake_call(operation)
        _check_same_result(operation, floor_client, method, params, canned[operation][3])
        contenders = [
            Contender("fake", _repeat_with(getattr(fake_client, method), params), activate=fake_on),
            Contender("floor", _repeat_with(getattr(floor_client, method), params)),
            Contender(UNSIGNED, _repeat_with(getattr(unsigned_client, method), params)),
            _stubber(stub_client, method, params, canned[operation][3]),
            Contender(
                "moto",
                _repeat(moto.call(operation)),
                prepare=lambda units: moto.prepare(),
                activate=mock_aws,
            ),
            Contender(MOTO_FLOOR, _repeat(moto_floor.call(operation))),
        ]
        samples[operation] = interleave(contenders, sizes.percall_rounds, sizes.percall_calls)
    return _report(samples, sizes), samples


def _stubber(
    client: Any, method: str, params: Callable[[], dict[str, Any]], response: dict[str, Any]
) -> Contender:
    """Stubber with one response and the exact expected parameters queued per call."""
    from botocore.stub import Stubber

    stubber = Stubber(client)
    queue: list[dict[str, Any]] = []

    def prepare(units: int) -> None:
        queue[:] = [params() for _ in range(units)]
        for call_params in queue:
            stubber.add_response(method, dict(response), call_params)

    def run(units: int) -> None:
        call = getattr(client, method)
        for index in range(units):
            call(**queue[index])

    return Contender("stubber", run, prepare=prepare, activate=lambda: stubber)


def _check_same_result(
    operation: str, client: Any, method: str, params: Any, expected: dict[str, Any]
) -> None:
    result = getattr(client, method)(**params())
    result.pop("ResponseMetadata", None)
    if result != expected:
        raise RuntimeError(f"floor answer for {operation} differs from the fake's")


def _own(found: Samples, total: str, floor: str) -> float:
    """A contender's own cost per call: the median over rounds of its time minus its
    floor's time in the same round."""
    return found.difference(total, floor)


def _report(samples: dict[str, Samples], sizes: Sizes) -> Section:
    latency_rows = []
    moto_rows = []
    worst_floor = 0.0
    worst_moto = float("inf")
    worst_moto_reads = float("inf")
    for operation, found in samples.items():
        fake_vs_floor = found.ratio("fake", "floor")
        moto_vs_fake = found.ratio("moto", "fake")
        worst_floor = max(worst_floor, fake_vs_floor)
        worst_moto = min(worst_moto, moto_vs_fake)
        if operation in NAMED_READS:
            worst_moto_reads = min(worst_moto_reads, moto_vs_fake)
        latency_rows.append(
            [
                operation,
                *(us(found.median(name)) for name in ("fake", "floor", "stubber", UNSIGNED)),
                ratio(fake_vs_floor),
                ratio(found.ratio("fake", UNSIGNED)),
                ratio(found.ratio("fake", "stubber")),
            ]
        )
        fake_own = _own(found, "fake", UNSIGNED)
        moto_own = _own(found, "moto", MOTO_FLOOR)
        moto_rows.append(
            [
                operation,
                MOTO_ANALOGUE[operation],
                us(found.median("moto")),
                us(found.median(MOTO_FLOOR)),
                us(found.median("fake")),
                ratio(moto_vs_fake),
                ratio(found.ratio(MOTO_FLOOR, "floor")),
                ratio(found.ratio("moto", UNSIGNED)),
                f"{us(moto_own)} / {us(fake_own)}",
                ratio(moto_own / fake_own) if fake_own > 0 else "n/a",
            ]
        )
    body = (
        f"Median µs per call over {sizes.percall_rounds} interleaved rounds of "
        f"{sizes.percall_calls} calls per "
        "contender; ratios are medians of per-round ratios.\n\n"
        + table(
            [
                "operation",
                "fake µs",
                "floor µs",
                "Stubber µs",
                "floor unsigned µs",
                "fake / floor",
                "fake / floor unsigned",
                "fake / Stubber",
            ],
            latency_rows,
        )
        + "\n\nAgainst moto, on a comparable call of another rest-json service. `moto floor` "
        "is botocore's own cost of moto's call (moto's response bytes, canned); "
        "`moto floor / floor` above 1 means botocore's part of the pairing weighs more on "
        "moto's side, below 1 on ours. `best possible` is moto / the fake's unsigned floor, "
        "the ratio a fake that cost nothing would reach. The last two columns set each "
        "library's own cost (the median over rounds of its time minus its floor's) side by side.\n\n"
        + table(
            [
                "operation",
                "moto's call",
                "moto µs",
                "moto floor µs",
                "fake µs",
                "moto / fake",
                "moto floor / floor",
                "moto / floor unsigned (best possible)",
                "own cost µs: moto / fake",
                "moto's own / fake's own",
            ],
            moto_rows,
        )
    )
    targets = [
        Target(
            "per call vs floor",
            "fake ≤ 1.2x floor",
            f"worst {ratio(worst_floor)}",
            worst_floor <= 1.2,
        ),
        Target(
            "per call vs moto, the named comparable reads",
            "moto ≥ 2.5x fake (GetBackend vs get_api, GetBackendJob vs get_graphql_api)",
            f"worst {ratio(worst_moto_reads)}",
            worst_moto_reads >= 2.5,
        ),
        Target(
            "per call vs moto, all five pairings",
            "moto ≥ 2.5x fake",
            f"worst {ratio(worst_moto)}",
            worst_moto >= 2.5,
        ),
    ]
    data = {op: dict(found.values) for op, found in samples.items()}
    return Section("1. Per-call latency through boto3", body, targets, {"samples": data})
