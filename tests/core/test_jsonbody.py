"""Request and answer bodies: orjson and the standard library write the same JSON."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amplify_fakes import AmplifyBackendFake
from amplify_fakes._core import jsonbody
from amplify_fakes._core.wire import WireRequest
from amplify_fakes._service.errors import BadRequestException

# JSON trees as the fake's answers hold them: str keys, no NaN (requests cannot carry one).
_leaves = (
    st.none()
    | st.booleans()
    | st.integers()  # beyond 64 bits too: orjson refuses those, the fallback writes them
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()  # lone surrogates included: orjson refuses them too
)
_trees = st.recursive(
    _leaves,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(_trees)
def test_encode_writes_compact_json_meaning_the_value(value: Any) -> None:
    written = jsonbody.encode(value)
    assert isinstance(written, bytes)
    assert json.loads(written) == value
    # compact: the same bytes as the standard library's compact form, but for non-ASCII
    compact = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    assert written == compact.encode("utf-8", "surrogatepass") or not compact.isascii()


@given(_trees)
def test_without_orjson_the_standard_library_writes_the_same_value(value: Any) -> None:
    fast = jsonbody._fast_dumps
    try:
        jsonbody._fast_dumps = None
        slow = jsonbody.encode(value)
    finally:
        jsonbody._fast_dumps = fast
    assert json.loads(slow) == json.loads(jsonbody.encode(value)) == value
    assert slow == json.dumps(value, separators=(",", ":")).encode()


def test_encode_falls_back_for_what_orjson_refuses() -> None:
    big = 2**70
    assert jsonbody.encode({"n": big}) == b'{"n":1180591620717411303424}'
    assert jsonbody.encode({"s": "\ud800"}) == b'{"s":"\\ud800"}'


def test_non_ascii_is_written_as_utf8_when_orjson_is_there() -> None:
    if jsonbody._fast_dumps is None:
        pytest.skip("orjson is not installed on this interpreter (PyPy)")
    assert jsonbody.encode({"name": "café"}) == '{"name":"café"}'.encode()


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"", {}),
        (b"  \n", {}),
        (b"{}", {}),
        (b'{"a": {"b": [1, 2.5, null]}}', {"a": {"b": [1, 2.5, None]}}),
        (b'{"n": 123456789012345678901234567890}', {"n": 123456789012345678901234567890}),
    ],
)
def test_parse_body_reads_json_objects(body: bytes, expected: dict[str, Any]) -> None:
    value = jsonbody.parse_body(body)
    assert value == expected
    assert type(value.get("n", 0)) is int


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b'{"a": 1, "a": 2}', "duplicate member 'a'"),
        (b'{"a": NaN}', "NaN is not a JSON number"),
        (b'{"a": 1e400}', "1e400 is out of range"),
        (b"\xff", "not UTF-8"),
        (b"[1]", "expected a JSON object"),
        (b'{"a": ', "not valid JSON"),
        (b'{"a":' * 65 + b"1" + b"}" * 65, "nested deeper than 64 levels"),
    ],
)
def test_parse_body_refuses_what_the_service_refuses(body: bytes, says: str) -> None:
    with pytest.raises(BadRequestException, match=says):
        jsonbody.parse_body(body)


def test_the_decoder_is_shared_and_stateless_between_requests() -> None:
    with pytest.raises(BadRequestException):
        jsonbody.parse_body(b'{"a": 1, "a": 2}')
    assert jsonbody.parse_body(b'{"a": 1, "b": 2}') == {"a": 1, "b": 2}


def test_answers_echo_non_ascii_faithfully() -> None:
    fake = AmplifyBackendFake(strict=True, jobs="immediate")
    body = json.dumps({"appId": "a1", "appName": "café ☕", "backendEnvironmentName": "dev"})
    assert fake.handle(WireRequest("POST", "/backend", {}, body.encode())).status == 200
    answer = fake.handle(WireRequest("POST", "/backend/a1/details", {}, b"{}"))
    assert answer.status == 200
    assert json.loads(answer.body)["appName"] == "café ☕"
