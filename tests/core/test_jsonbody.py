"""Request and answer bodies: one canonical form of answers, with orjson or without."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amplify_fakes import AmplifyBackendFake
from amplify_fakes._core import jsonbody
from amplify_fakes._core.wire import WireRequest
from amplify_fakes._fake import core_of
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


def _canonical(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


ACCELERATORS = pytest.mark.parametrize("accelerator", ["orjson", "stdlib"])


@contextlib.contextmanager
def _using(accelerator: str) -> Iterator[None]:
    """orjson (where installed) or the standard library alone, for the block."""
    fast = jsonbody._fast_dumps
    if accelerator == "orjson" and fast is None:
        pytest.skip("orjson is not installed on this interpreter (PyPy)")
    if accelerator == "stdlib":
        jsonbody._fast_dumps = None
    try:
        yield
    finally:
        jsonbody._fast_dumps = fast


def _without_floats(value: Any) -> bool:
    if isinstance(value, float):
        return False
    if isinstance(value, dict):
        return all(_without_floats(item) for item in value.values())
    if isinstance(value, list):
        return all(_without_floats(item) for item in value)
    return True


@ACCELERATORS
@given(value=_trees)
def test_encode_writes_the_canonical_bytes_whatever_is_installed(
    accelerator: str, value: Any
) -> None:
    with _using(accelerator):
        written = jsonbody.encode(value)
    assert written == _canonical(value)
    assert json.loads(written) == value


@ACCELERATORS
@given(value=_trees.filter(_without_floats))
def test_float_free_values_take_the_fast_path_to_the_same_bytes(
    accelerator: str, value: Any
) -> None:
    with _using(accelerator):
        assert jsonbody.encode(value, floats=False) == _canonical(value)


@ACCELERATORS
@pytest.mark.parametrize(
    ("number", "canonical"), [(6.103515625e-05, b"6.103515625e-05"), (1e16, b"1e+16")]
)
def test_floats_are_written_as_the_standard_library_writes_them(
    accelerator: str, number: float, canonical: bytes
) -> None:
    # orjson writes 0.00006103515625 and (3.9) 1e16: the reason floats never take its path
    with _using(accelerator):
        assert jsonbody.encode({"n": number}) == b'{"n":' + canonical + b"}"


@ACCELERATORS
def test_encode_falls_back_for_what_orjson_refuses(accelerator: str) -> None:
    big = 2**70
    with _using(accelerator):
        assert jsonbody.encode({"n": big}, floats=False) == b'{"n":1180591620717411303424}'
        assert jsonbody.encode({"s": "\ud800"}, floats=False) == b'{"s":"\\ud800"}'


@ACCELERATORS
def test_non_ascii_and_del_are_escaped_as_the_standard_library_does(accelerator: str) -> None:
    with _using(accelerator):
        assert jsonbody.encode({"name": "café"}, floats=False) == b'{"name":"caf\\u00e9"}'
        assert jsonbody.encode({"d": "\x7f"}, floats=False) == b'{"d":"\\u007f"}'


def test_numbers_in_reads_the_schema() -> None:
    assert jsonbody.numbers_in({"anyOf": [{"type": "string"}, {"type": ["number", "null"]}]})
    assert not jsonbody.numbers_in({"type": "object", "properties": {"n": {"type": "integer"}}})


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
    assert core_of(fake).handle(WireRequest("POST", "/backend", {}, body.encode())).status == 200
    answer = core_of(fake).handle(WireRequest("POST", "/backend/a1/details", {}, b"{}"))
    assert answer.status == 200
    assert json.loads(answer.body)["appName"] == "café ☕"
