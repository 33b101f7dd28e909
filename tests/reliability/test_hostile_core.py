"""Hostile input straight into the core (``core_of(fake).handle(...)``), every operation.

The door does not matter for what the core does with a request, and the core is fast, so
the bulk of the fuzzing happens here; test_hostile_http and test_hostile_hook send a share
of the same requests through each door.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given

from amplify_fakes import AmplifyBackendFake
from amplify_fakes._core.wire import WireRequest
from amplify_fakes._fake import core_of
from tests.reliability._hostile import (
    APP,
    BIG,
    DEPTH,
    ENV,
    OPERATIONS,
    Hostile,
    core_error,
    fuzz,
    hostile_requests,
    seeded_fake,
)


def answer(fake: AmplifyBackendFake, hostile: Hostile, seed: dict[str, Any]) -> None:
    """Send one hostile request to a freshly restored fake and apply the rule."""
    fake.restore(seed)
    before = fake.snapshot()
    response = core_of(fake).handle(WireRequest(hostile.method, hostile.path, {}, hostile.body))
    if response.status != 200 or hostile.certainly_invalid:
        core_error(response, hostile.operation)
        assert fake.snapshot() == before, "a rejected request changed the state"
    assert fake.errors == []
    call = fake.calls[-1]
    assert call.status == response.status
    repr(fake.calls)  # every recorded call can be shown (no RecursionError, no crash)


@pytest.mark.parametrize("operation", OPERATIONS)
def test_every_hostile_request_gets_a_documented_4xx_and_changes_nothing(operation: str) -> None:
    fake = seeded_fake()
    seed = fake.snapshot()

    @fuzz(25)
    @given(hostile_requests(operation))
    def check(hostile: Hostile) -> None:
        answer(fake, hostile, seed)

    check()


BODIES = {
    "invalid UTF-8": b'{"appId": "\xff\xfe"}',
    "overlong UTF-8": b'{"appId": "\xc0\xaf"}',
    "UTF-8 surrogate": b'{"appId": "\xed\xa0\x80"}',
    "UTF-16": '{"appId": "d1"}'.encode("utf-16"),
    "invalid JSON": b'{"appId": ',
    "trailing garbage": b'{"appId": "d1"} x',
    "single quotes": b"{'appId': 'd1'}",
    "NaN": b'{"appId": NaN}',
    "Infinity": b'{"maxResults": Infinity}',
    "1e400": b'{"maxResults": 1e400}',
    "5000-digit integer": b'{"maxResults": ' + b"9" * 5000 + b"}",
    "duplicate key": b'{"appId": "a", "appId": "b"}',
    "duplicate nested key": b'{"x": {"k": 1, "k": 2}}',
    "array": b"[]",
    "string": b'"d1"',
    "null": b"null",
    "1000-level object": b'{"a":' * DEPTH + b"1" + b"}" * DEPTH,
    "1000-level array member": b'{"appId": ' + b"[" * DEPTH + b"]" * DEPTH + b"}",
    "65-level member": b'{"resourceConfig": ' + b'{"a":' * 65 + b"1" + b"}" * 66,
    "100000-level array": b"[" * 100_000 + b"]" * 100_000,
    "NUL bytes": b'{"appId": "\\u0000", "\x00": 1}',
    "1 MB string member": json.dumps({"resourceName": BIG}).encode(),
    "1 MB unknown member": json.dumps({BIG[:1000]: BIG}).encode(),
    "just over 10 MiB": b'{"resourceName": "' + b"x" * (10 * 1024 * 1024) + b'"}',
}


@pytest.mark.parametrize("body", BODIES.values(), ids=BODIES.keys())
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/backend"),
        ("POST", f"/backend/{APP}/details"),
        ("POST", f"/backend/{APP}/auth/{ENV}"),
        ("POST", f"/backend/{APP}/job/{ENV}"),
    ],
    ids=["CreateBackend", "GetBackend", "UpdateBackendAuth", "ListBackendJobs"],
)
def test_malformed_bodies(method: str, path: str, body: bytes) -> None:
    fake = seeded_fake()
    before = fake.snapshot()
    response = core_of(fake).handle(WireRequest(method, path, {"content-type": "text/plain"}, body))
    code = core_error(response, None)
    expected = "RequestEntityTooLargeException" if len(body) > 10 * 1024 * 1024 else None
    assert code == (expected or code)
    if expected is None:
        assert code in ("BadRequestException", "NotFoundException")
    assert fake.snapshot() == before
    assert len(json.loads(response.body)["message"]) < 2_000, "the message echoes the body"
    repr(fake.calls)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/"),
        ("POST", "/"),
        ("DELETE", "/backend"),
        ("PATCH", f"/backend/{APP}/details"),
        ("FOO", "/backend"),
        ("", "/backend"),
        ("POST", "/backend/"),  # a trailing slash still routes
        ("POST", "/nothing/here"),
        ("POST", "/prod"),
        ("POST", "/prod/../backend"),
        ("POST", "/backend/" + "z" * 100_000 + "/details"),
        ("POST", "/backend/" + "/".join(["a"] * 5_000)),
        ("POST", "/backend/\x00/details"),
        ("POST", "/_fake/reset"),  # the control API belongs to the HTTP door only
    ],
    ids=lambda value: repr(value)[:40],
)
def test_unknown_paths_and_methods(method: str, path: str) -> None:
    fake = seeded_fake()
    before = fake.snapshot()
    response = core_of(fake).handle(WireRequest(method, path, {}, b"{}"))
    if response.status == 200:  # e.g. a trailing slash still routes
        assert path.rstrip("/") == "/backend", path
    else:
        core_error(response, None)
        assert len(response.body) < 2_000, "the message echoes the whole path"
    assert fake.snapshot() == before or response.status == 200


def test_hostile_authorization_headers_are_cheap_and_harmless() -> None:
    fake = seeded_fake()
    before = fake.snapshot()
    for header in (
        "Credential=" * 6_000,  # was quadratic: seconds of CPU with the GIL held
        "AWS4-HMAC-SHA256 Credential=" + "a" * 65_000,
        "AWS4-HMAC-SHA256 Credential=a/20260101/" + "r" * 65_000 + "/amplifybackend/aws4_request",
        "AWS4-HMAC-SHA256 Credential=../../20260101/../amplifybackend/aws4_request",
        "\x00\xff",
    ):
        response = core_of(fake).handle(
            WireRequest("POST", "/backend/nope/details", {"authorization": header}, b"{}")
        )
        assert core_error(response, "GetBackend") == "NotFoundException"
    assert fake.snapshot() == before
