"""Stored configs share nothing with requests, answers or the call log; timestamps render
the same whether or not they were rendered before."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from amplify_fakes import AmplifyBackendFake
from amplify_fakes._service.clock import isoformat
from amplify_fakes._service.handlers._common import json_copy, merged
from tests.fake.operations._support import AUTH_CONFIG

JSON_LEAVES = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
JSON = st.recursive(
    JSON_LEAVES,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=25,
)
OBJECTS = st.dictionaries(st.text(max_size=5), JSON, max_size=5)


def _containers(value: Any) -> list[int]:
    """ids of every dict and list in ``value``."""
    found: list[int] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            found.append(id(item))
            stack.extend(item.values())
        elif isinstance(item, list):
            found.append(id(item))
            stack.extend(item)
    return found


def _reference_merge(base: dict[str, Any], update: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _reference_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


@given(JSON)
def test_json_copy_is_equal_and_shares_no_container(value: Any) -> None:
    copied = json_copy(value)
    assert copied == value
    assert not set(_containers(copied)) & set(_containers(value))


@given(OBJECTS, OBJECTS)
def test_merged_merges_objects_replaces_the_rest_and_changes_no_input(
    base: dict[str, Any], update: dict[str, Any]
) -> None:
    base_before, update_before = copy.deepcopy(base), copy.deepcopy(update)
    result = merged(base, update)
    assert result == _reference_merge(base, update)
    assert (base, update) == (base_before, update_before)
    inputs = set(_containers(base)) | set(_containers(update))
    assert not set(_containers(result)) & inputs


def test_changing_the_call_log_or_an_answer_does_not_change_the_stored_config(
    fake: AmplifyBackendFake, client: Any
) -> None:
    fake.add_backend("app1", "dev")
    names = {"AppId": "app1", "BackendEnvironmentName": "dev", "ResourceName": "auth1"}
    client.create_backend_auth(**names, ResourceConfig=copy.deepcopy(AUTH_CONFIG))
    fake.calls[-1].params["ResourceConfig"]["UserPoolConfigs"]["UserPoolName"] = "changed"
    first = client.get_backend_auth(**names)
    first["ResourceConfig"]["UserPoolConfigs"]["UserPoolName"] = "changed too"
    fake.calls[-1].response["ResourceConfig"]["UserPoolConfigs"]["UserPoolName"] = "and this"
    second = client.get_backend_auth(**names)
    assert second["ResourceConfig"] == AUTH_CONFIG


@given(st.floats(min_value=0, max_value=4_102_444_800, allow_nan=False))
def test_isoformat_matches_datetime_first_time_and_cached(seconds: float) -> None:
    moment = dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc)
    expected = moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    assert isoformat(seconds) == expected
    assert isoformat(seconds) == expected
