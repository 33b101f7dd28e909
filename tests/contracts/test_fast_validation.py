"""The fast validators agree with jsonschema on every contract schema.

The fast validator decides the happy path of every request the fake answers (and of
strict response checks); jsonschema writes the reports. A value the fast validator
accepts must therefore be one jsonschema accepts, or the fake would let a bad request
through.
"""

from __future__ import annotations

import math
import subprocess
import sys
import textwrap
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amplify_fakes import contracts, strategies
from amplify_fakes.contracts import _validate
from amplify_fakes.contracts._store import document

KEYS = ("request.sdk", "request.wire", "response.sdk", "response.wire")
OPERATIONS = contracts.operations()


def _all_keys(operation: str) -> list[str]:
    return sorted(document(operation)["$defs"])


def _agrees(operation: str, key: str, value: Any) -> None:
    jsonschema_says = _validate.compiled(operation, key).is_valid(value)
    fast = _validate.fast(operation, key)
    assert fast is not None
    assert fast(value) == jsonschema_says, (operation, key, value)
    strict = _validate.fast(operation, key, strict=True)
    assert strict is not None
    unknown = _validate.unknown_members(operation, key, value)
    assert strict(value) == (jsonschema_says and not unknown), (operation, key, value)


@pytest.mark.parametrize("operation", OPERATIONS)
def test_every_contract_schema_has_a_fast_validator(operation: str) -> None:
    for key in _all_keys(operation):
        assert _validate.fast(operation, key) is not None, key
        assert _validate.fast(operation, key, strict=True) is not None, key


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(OPERATIONS), st.sampled_from(("sdk", "wire")), st.data())
def test_agrees_with_jsonschema_on_valid_and_invalid_requests(
    operation: str, level: str, data: st.DataObject
) -> None:
    key = f"request.{level}"
    _agrees(operation, key, data.draw(strategies.requests(operation, level)))
    broken = data.draw(strategies.invalid_requests(operation, level))
    _agrees(operation, key, broken.params)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(OPERATIONS), st.sampled_from(("sdk", "wire")), st.data())
def test_agrees_with_jsonschema_on_responses_with_extra_members(
    operation: str, level: str, data: st.DataObject
) -> None:
    key = f"response.{level}"
    response = data.draw(strategies.responses(operation, level))
    _agrees(operation, key, response)
    _agrees(operation, key, {**response, "notInTheContract": 1})


ODD_VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    1,
    1.0,
    1.5,
    -1,
    26,
    math.inf,
    "",
    "x",
    "IN_PROGRESS",
    [],
    ["x"],
    ("x",),
    {},
    {"x": 1},
    b"bytes",
]


@pytest.mark.parametrize("operation", OPERATIONS)
def test_agrees_with_jsonschema_on_odd_values_at_every_member(operation: str) -> None:
    for key in KEYS:
        schema = document(operation)["$defs"][key]
        example = _minimal(schema)
        _agrees(operation, key, example)
        for path in _paths(schema):
            for odd in ODD_VALUES:
                _agrees(operation, key, _replaced(example, path, odd))


def test_integers_follow_jsonschema() -> None:
    base = {"AppId": "d1", "BackendEnvironmentName": "dev"}
    for value, valid in ((5, True), (5.0, True), (True, False), (5.5, False), (0, False)):
        _agrees("ListBackendJobs", "request.sdk", {**base, "MaxResults": value})
        assert (
            _validate.fast("ListBackendJobs", "request.sdk")({**base, "MaxResults": value}) is valid
        )


def _minimal(schema: dict[str, Any]) -> Any:
    """A value with only the required members, each at its simplest valid value."""
    kind = schema.get("type")
    if kind == "object":
        properties = schema.get("properties", {})
        return {name: _minimal(properties[name]) for name in schema.get("required", [])}
    if kind == "array":
        return []
    if kind == "string":
        return schema["enum"][0] if "enum" in schema else "x" * max(schema.get("minLength", 0), 1)
    if kind in ("number", "integer"):
        return schema.get("minimum", 1)
    if kind == "boolean":
        return True
    return None


def _paths(schema: dict[str, Any], prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Paths to every member reachable by filling in objects and one-item arrays."""
    out: list[tuple[Any, ...]] = []
    if schema.get("type") == "object":
        for name, sub in schema.get("properties", {}).items():
            out.append((*prefix, name))
            out += _paths(sub, (*prefix, name))
    elif schema.get("type") == "array":
        out.append((*prefix, 0))
        out += _paths(schema["items"], (*prefix, 0))
    return out


def _replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    """``value`` with ``new`` at ``path``, creating the containers on the way."""
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(head, int):
        items = list(value) if isinstance(value, list) else []
        return [_replaced(items[0] if items else {}, rest, new)]
    container = dict(value) if isinstance(value, dict) else {}
    container[head] = _replaced(container.get(head, {}), rest, new)
    return container


def test_the_happy_path_never_imports_jsonschema() -> None:
    """jsonschema (about 0.1 s to import) is loaded for the first report, not before."""
    script = textwrap.dedent(
        """
        import sys
        import boto3
        from amplify_fakes import mock_amplifybackend

        with mock_amplifybackend(strict=True, jobs="immediate") as fake:
            client = boto3.client(
                "amplifybackend", region_name="us-east-1",
                aws_access_key_id="testing", aws_secret_access_key="testing",
            )
            client.create_backend(AppId="a1", AppName="shop", BackendEnvironmentName="dev")
            client.get_backend(AppId="a1", BackendEnvironmentName="dev")
            client.list_backend_jobs(AppId="a1", BackendEnvironmentName="dev")
            assert "jsonschema" not in sys.modules, "imported on the happy path"
            try:  # botocore does not check the maximum; the contract does
                client.list_backend_jobs(AppId="a1", BackendEnvironmentName="dev", MaxResults=26)
            except client.exceptions.BadRequestException as error:
                assert "maxResults" in str(error), error
            else:
                raise AssertionError("MaxResults=26 was accepted")
            assert "jsonschema" in sys.modules, "the report did not use jsonschema"
        print("ok")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


_SNAPSHOT_LIKE = {
    "type": "object",
    "properties": {"format": {"const": "amplify-fakes/snapshot"}},
    "additionalProperties": {
        "type": "object",
        "propertyNames": {"minLength": 1, "maxLength": 3},
        "additionalProperties": {"type": "number"},
    },
}
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=4),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=8,
)


@given(
    st.dictionaries(
        st.sampled_from(["format", "a", "b"]),
        st.one_of(
            st.sampled_from(["amplify-fakes/snapshot", "other"]),
            st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=2), max_size=3),
            _JSON,
        ),
        max_size=3,
    )
)
def test_const_and_property_names_agree_with_jsonschema(value: dict[str, Any]) -> None:
    import jsonschema

    schema = _validate.Schema(
        "snapshot-like", _SNAPSHOT_LIKE, "https://json-schema.org/draft/2020-12/schema"
    )
    from amplify_fakes.contracts._fast import compile_fast

    fast = compile_fast(_SNAPSHOT_LIKE, "https://json-schema.org/draft/2020-12/schema")
    assert fast is not None  # the fast path decides, not jsonschema behind it
    jsonschema_says = jsonschema.Draft202012Validator(_SNAPSHOT_LIKE).is_valid(value)
    assert fast(value) == jsonschema_says, value
    assert schema.accepts(value) == jsonschema_says, value


def test_the_snapshot_format_has_a_fast_validator() -> None:
    from amplify_fakes._service.snapshot_schema import SCHEMA

    assert _validate.Schema("snapshot", SCHEMA).accepts({"format": "x"}) is False
    from amplify_fakes.contracts._fast import compile_fast

    assert compile_fast(SCHEMA, SCHEMA["$schema"]) is not None


def test_non_string_constants_are_left_to_jsonschema() -> None:
    from amplify_fakes.contracts._fast import compile_fast

    assert compile_fast({"const": 1}, None) is None  # 1 == 1.0 == True: jsonschema's call
