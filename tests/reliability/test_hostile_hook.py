"""Hostile input through the in-process door: boto3 with ``parameter_validation=False``.

botocore still serialises what it is given (dropping members its model does not know), so
garbage reaches the fake as botocore writes it. Three outcomes are allowed: a result, a
``ClientError`` that is a documented 4xx (the fake's answer; state unchanged), or an
exception botocore raises while building the request, before the fake sees anything (the
call log is unchanged and no amplify_fakes frame is on the traceback).
"""

from __future__ import annotations

import collections
import copy
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import botocore
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from hypothesis import given
from hypothesis import strategies as st

import amplify_fakes
from amplify_fakes import mock_amplifybackend, strategies
from tests.reliability._hostile import (
    APP,
    BIG,
    CORE_ERRORS,
    DEPTH,
    ENV,
    OPERATIONS,
    RESOURCE,
    SPECIAL_STRINGS,
    fuzz,
    garbage,
    members,
    objects,
    seeded_fake,
)

PACKAGE = str(Path(amplify_fakes.__file__).parent)
UNVALIDATED = Config(parameter_validation=False, retries={"total_max_attempts": 1})


def _deep(depth: int) -> dict[str, Any]:
    value: dict[str, Any] = {}
    for _ in range(depth):
        value = {"a": value}
    return value


def sdk_value(value: Any) -> Any:
    """Garbage at the SDK level: the placeholders become real deep or big values."""
    if value == "\x01deep-object\x01":
        return _deep(DEPTH)
    if value == "\x01deep-array\x01":
        return [_deep(DEPTH)]
    if value == "\x01big\x01":
        return BIG
    if isinstance(value, dict):
        return {k: sdk_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [sdk_value(v) for v in value]
    return value


@st.composite
def hostile_params(draw: st.DrawFn, operation: str) -> dict[str, Any]:
    params: dict[str, Any] = copy.deepcopy(draw(strategies.requests(operation, level="sdk")))
    for name, value in (
        ("AppId", APP),
        ("BackendEnvironmentName", ENV),
        ("ResourceName", RESOURCE),
    ):
        if name in params and draw(st.booleans()):
            params[name] = value
    kind = draw(st.sampled_from(["replace", "remove", "add", "special"]))
    spots = members(params)
    if kind == "replace" and spots:
        spot = draw(st.sampled_from(spots))
        _at(params, spot[:-1])[spot[-1]] = sdk_value(draw(garbage))
    elif kind == "remove" and spots:
        spot = draw(st.sampled_from(spots))
        del _at(params, spot[:-1])[spot[-1]]
    elif kind == "add":
        where = draw(st.sampled_from(objects(params)))
        _at(params, where)[draw(st.text(max_size=8))] = sdk_value(draw(garbage))
    elif kind == "special" and params:
        name = draw(st.sampled_from(sorted(params)))
        params[name] = draw(st.sampled_from([*SPECIAL_STRINGS, BIG]))
    return params


def _at(value: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        value = value[step]
    return value


@pytest.fixture(scope="module")
def active() -> Iterator[tuple[Any, Any, dict[str, Any]]]:
    """(fake, unvalidating client, seed snapshot) with the fake active for the module."""
    seeded = seeded_fake().snapshot()
    with mock_amplifybackend(strict=True, jobs="immediate", clock="virtual") as fake:
        fake.restore(seeded)
        client = boto3.client(
            "amplifybackend",
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            config=UNVALIDATED,
        )
        yield fake, client, seeded


def _from_the_fake(error: BaseException) -> bool:
    frames = traceback.extract_tb(error.__traceback__)
    return any(frame.filename.startswith(PACKAGE) for frame in frames)


def _exercise(active: tuple[Any, Any, dict[str, Any]], operation: str, params: Any) -> str:
    """Send one hostile request through the hook; its outcome: the fake "rejected" it,
    "botocore" could not build it, or it was "answered". Checks each outcome's rules."""
    fake, client, seed = active
    fake.restore(seed)
    fake.calls.clear()
    before = fake.snapshot()
    outcome: Exception | None = None
    try:
        getattr(client, botocore.xform_name(operation))(**params)
    except Exception as error:
        outcome = error
    if isinstance(outcome, ClientError):  # the fake's answer
        status = outcome.response["ResponseMetadata"]["HTTPStatusCode"]
        code = outcome.response["Error"]["Code"]
        assert CORE_ERRORS.get(code) == status, (code, status)
        assert isinstance(outcome.response["Error"]["Message"], str)
        assert len(fake.calls) == 1
        assert fake.snapshot() == before
        found = "rejected"
    elif outcome is not None:  # botocore could not build the request
        assert len(fake.calls) == 0, f"the fake saw the request, then {outcome!r}"
        assert not _from_the_fake(outcome), "".join(traceback.format_exception(outcome))
        found = "botocore"
    else:
        found = "answered"
    assert fake.errors == []
    repr(fake.calls)
    return found


@pytest.mark.parametrize("operation", OPERATIONS)
def test_hostile_parameters_through_the_hook(
    active: tuple[Any, Any, dict[str, Any]], operation: str
) -> None:
    @fuzz(8)
    @given(hostile_params(operation))
    def check(params: dict[str, Any]) -> None:
        _exercise(active, operation, params)

    check()


def test_most_hostile_parameters_reach_the_fake(active: tuple[Any, Any, dict[str, Any]]) -> None:
    """Not all the fuzzing is stopped by botocore: a quarter at least reaches the fake.

    botocore cannot send an unknown member (KeyError in its serialiser) or a missing path
    parameter; those reach the fake through test_hostile_core and test_hostile_http. The
    examples are drawn here (in any test order, on any xdist worker).
    """
    outcomes: collections.Counter[str] = collections.Counter()
    requests = st.sampled_from(OPERATIONS).flatmap(
        lambda operation: hostile_params(operation).map(lambda params: (operation, params))
    )

    @fuzz(4 * len(OPERATIONS))
    @given(requests)
    def draw(request: tuple[str, dict[str, Any]]) -> None:
        outcomes[_exercise(active, *request)] += 1

    draw()
    total = sum(outcomes.values())
    assert total >= 2 * len(OPERATIONS)  # hypothesis ran (most of) its examples
    assert outcomes["rejected"] >= total // 4, outcomes
