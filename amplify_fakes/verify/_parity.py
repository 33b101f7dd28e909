"""Replay and parity: check recordings offline, against the contracts and against the fake.

Replay re-validates each recorded raw response against the current contracts. Parity
sends each recorded request, in order, to a fresh embedded fake and compares the shape of
its answer with the recording: status, error code, member paths and JSON types. Values
are not compared, so ids, timestamps and tokens need no normalising for the comparison;
ids the recording's responses introduced (JobId, SessionId, ...) are mapped to the
fake's own in later requests, so a GetBackendJob of a recorded job reaches the fake's.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

import boto3
import botocore
from botocore.config import Config
from botocore.exceptions import ClientError

from amplify_fakes.verify._capture import Capture, Exchange
from amplify_fakes.verify._cassettes import Cassette
from amplify_fakes.verify._report import DIFFERS, OK, UNEXPECTED, Report, Row
from amplify_fakes.verify._runner import assess

_ID_MEMBERS = ("jobId", "sessionId", "nextToken", "JobId", "SessionId", "NextToken")


def replay(cassettes: list[Cassette], target: str) -> Report:
    """Re-validate recorded exchanges against the current contracts (offline)."""
    report = Report(target=target)
    for cassette in cassettes:
        exchange = cassette.exchange
        got = exchange.headers.get("x-amzn-errortype", "").split(":")[0] or None
        assess(report, exchange, cassette.case, cassette.expect, got, "")
    return report


def _json(body: bytes) -> Any:
    try:
        return json.loads(body or b"{}")
    except ValueError:
        return None


def shape(value: Any, path: str = "$", out: dict[str, str] | None = None) -> dict[str, str]:
    """JSON path -> JSON type of every member (list items collapse to ``[]``)."""
    out = {} if out is None else out
    kind = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number"
    )
    out[path] = kind
    if isinstance(value, dict):
        for key, item in value.items():
            shape(item, f"{path}.{key}", out)
    elif isinstance(value, list):
        for item in value:
            shape(item, f"{path}[]", out)
    return out


def differences(recorded: Exchange, fake: Exchange) -> list[str]:
    """How the fake's answer differs in shape from the recorded one."""
    found = []
    if recorded.status != fake.status:
        found.append(f"status: recorded {recorded.status}, fake {fake.status}")
    recorded_error = recorded.headers.get("x-amzn-errortype", "").split(":")[0]
    fake_error = fake.headers.get("x-amzn-errortype", "").split(":")[0]
    if recorded_error != fake_error:
        found.append(
            f"error type: recorded {recorded_error or 'none'}, fake {fake_error or 'none'}"
        )
    want, got = shape(_json(recorded.body)), shape(_json(fake.body))
    for path in sorted(want.keys() - got.keys()):
        found.append(f"{path}: in the recording, missing from the fake")
    for path in sorted(got.keys() - want.keys()):
        found.append(f"{path}: answered by the fake, not in the recording")
    for path in sorted(want.keys() & got.keys()):
        if want[path] != got[path]:
            found.append(f"{path}: recorded {want[path]}, fake {got[path]}")
    return found


def _learn_ids(recorded: Any, fake: Any, ids: dict[str, str]) -> None:
    if isinstance(recorded, dict) and isinstance(fake, dict):
        for key, value in recorded.items():
            if key in _ID_MEMBERS and isinstance(value, str) and isinstance(fake.get(key), str):
                ids[value] = fake[key]
            elif key in fake:
                _learn_ids(value, fake[key], ids)
    elif isinstance(recorded, list) and isinstance(fake, list):
        for a, b in zip(recorded, fake, strict=False):
            _learn_ids(a, b, ids)


def _substitute(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {k: _substitute(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_substitute(v, ids) for v in value]
    return ids.get(value, value) if isinstance(value, str) else value


def parity(cassettes: list[Cassette], target: str) -> Report:
    """Send the recorded requests to a fresh embedded fake; report shape differences."""
    from amplify_fakes import mock_amplifybackend

    report = Report(target=target)
    with mock_amplifybackend(jobs="immediate"):
        client = boto3.client(
            "amplifybackend",
            region_name="us-east-1",
            config=Config(parameter_validation=False, retries={"total_max_attempts": 1}),
        )
        capture = Capture()
        capture.attach(client)
        ids: dict[str, str] = {}
        for cassette in cassettes:
            params = _substitute(cassette.exchange.params, ids)
            mark = capture.mark()
            with contextlib.suppress(ClientError):  # an error answer is compared like any other
                getattr(client, botocore.xform_name(cassette.operation))(**params)
            answered = capture.since(mark, cassette.operation, params)
            if answered is None:
                report.rows.append(
                    Row(cassette.operation, cassette.case, UNEXPECTED, ["the fake did not answer"])
                )
                continue
            _learn_ids(_json(cassette.exchange.body), _json(answered.body), ids)
            found = differences(cassette.exchange, answered)
            report.rows.append(
                Row(cassette.operation, cassette.case, DIFFERS if found else OK, found)
            )
    return report
