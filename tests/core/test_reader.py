"""The one-walk request reader agrees with the long way (parse, check, rename).

The reader decides the happy path of most requests the fake answers, so whatever it
accepts must be exactly what the long way answers, and anything the long way refuses
must be something it leaves to the long way (answers None for).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amplify_fakes import contracts, strategies
from amplify_fakes._core import dispatch
from amplify_fakes._core.jsonbody import MAX_BODY
from amplify_fakes._core.reader import reader
from amplify_fakes._core.router import Match
from amplify_fakes._service.errors import ServiceError
from amplify_fakes.contracts._validate import check
from amplify_fakes.errors import ContractViolation

OPERATIONS = contracts.operations()
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))


def each_operation(test: Callable[..., None]) -> Callable[..., None]:
    """The property tests' header: any operation, and draws from its strategies."""
    return SETTINGS(given(st.sampled_from(OPERATIONS), st.data())(test))


def _split(operation: str, wire: dict[str, Any]) -> tuple[Match, bytes]:
    """A wire-level request as the core receives it: path parameters and a JSON body."""
    body = dict(wire)
    path = []
    for parameter in contracts.contract(operation)["x-amplifybackend"]["pathParameters"]:
        if parameter["wire"] in body:
            path.append((parameter["wire"], body.pop(parameter["wire"])))
    return Match(operation, tuple(path)), json.dumps(body).encode()


def _long_way(route: Match, body: bytes) -> dict[str, Any] | None:
    """The params the long way answers with, or None when it refuses the request."""
    try:
        params, wire = dispatch._parse(route, body)
        check(route.operation, "request.wire", wire, "request", "wire")
    except (ServiceError, ContractViolation):
        return None
    return params


def _read(route: Match, body: bytes) -> dict[str, Any] | None:
    """The params the reader answers with (the handler's tree, checked against its
    twin), or None."""
    found = reader(route.operation)
    assert found is not None
    both = found.read(route, body)
    if both is None:
        return None
    own, twin = both
    assert own == twin
    assert not _shared_containers(own, twin)
    return own


def _containers(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [value, *(c for item in value.values() for c in _containers(item))]
    if isinstance(value, list):
        return [value, *(c for item in value for c in _containers(item))]
    return []


def _shared_containers(one: Any, other: Any) -> bool:
    """Whether two trees share a dict or a list (a change to one would show in the other)."""
    return bool({id(c) for c in _containers(one)} & {id(c) for c in _containers(other)})


@pytest.mark.parametrize("operation", OPERATIONS)
def test_every_operation_has_a_reader(operation: str) -> None:
    # Without one, every request of the operation silently takes the long way.
    assert reader(operation) is not None


@each_operation
def test_a_valid_request_reads_as_the_long_way_reads_it(
    operation: str, data: st.DataObject
) -> None:
    route, body = _split(operation, data.draw(strategies.requests(operation, "wire")))
    expected = _long_way(route, body)
    assert expected is not None
    read = _read(route, body)
    assert read == expected
    assert list(read) == list(expected)  # the same member order, for the call log's repr


@each_operation
def test_a_request_breaking_a_rule_is_left_to_the_long_way(
    operation: str, data: st.DataObject
) -> None:
    broken = data.draw(strategies.invalid_requests(operation, "wire"))
    route, body = _split(operation, broken.params)
    read = _read(route, body)
    expected = _long_way(route, body)
    # Accepting is only allowed where the long way accepts too (a path parameter the
    # mutation emptied may still be valid there); refusing is the long way's to explain.
    assert read is None or read == expected


def _objects(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Paths of the non-empty objects in a JSON value."""
    if isinstance(value, dict):
        found = [path] if value else []
        for key, item in value.items():
            found += _objects(item, (*path, key))
        return found
    if isinstance(value, list):
        return [found for i, item in enumerate(value) for found in _objects(item, (*path, i))]
    return []


def _dumps_repeating(value: Any, target: tuple[Any, ...], path: tuple[Any, ...] = ()) -> str:
    """JSON text of ``value`` in which the object at ``target`` has its first member twice."""
    if isinstance(value, dict):
        members = [
            f"{json.dumps(k)}: {_dumps_repeating(v, target, (*path, k))}" for k, v in value.items()
        ]
        if path == target:
            members.insert(1, members[0])
        return "{" + ", ".join(members) + "}"
    if isinstance(value, list):
        items = (_dumps_repeating(v, target, (*path, i)) for i, v in enumerate(value))
        return "[" + ", ".join(items) + "]"
    return json.dumps(value)


@each_operation
def test_a_body_with_a_duplicate_member_is_left_to_the_long_way(
    operation: str, data: st.DataObject
) -> None:
    route, body = _split(operation, data.draw(strategies.requests(operation, "wire")))
    value = json.loads(body)
    objects = _objects(value)
    if not objects:  # an empty body: nothing of the request's own can be repeated
        objects, value = [()], {"x": 1}  # refused as unknown too; the long way names the duplicate
    duplicated = _dumps_repeating(value, data.draw(st.sampled_from(objects))).encode()
    assert _read(route, duplicated) is None
    with pytest.raises(ServiceError, match="duplicate member"):
        dispatch._parse(route, duplicated)


def test_a_path_parameter_also_in_the_body_is_left_to_the_long_way() -> None:
    route = Match("GetBackend", (("appId", "d1"),))
    body = b'{"appId": "d1", "backendEnvironmentName": "dev"}'
    assert _read(route, body) is None
    with pytest.raises(ServiceError, match="is a path parameter"):
        dispatch._parse(route, body)


@pytest.mark.parametrize(
    "body",
    [
        b"[]",
        b'"dev"',
        b"null",
        b'{"backendEnvironmentName": NaN}',
        b'{"backendEnvironmentName": 1e400}',
        b'{"backendEnvironmentName": "\xff"}',
        b'{"backendEnvironmentName": "dev"',
        b'{"backendEnvironmentName": "dev", "x": ' + b"[" * 70 + b"]" * 70 + b"}",
        b'{"backendEnvironmentName": {}}',
        b'{"backendEnvironmentName": ["dev"]}',
        b'{"backendEnvironmentName": "dev", "unknown": 1}',
    ],
)
def test_what_the_long_way_refuses_the_reader_leaves_to_it(body: bytes) -> None:
    route = Match("GetBackend", (("appId", "d1"),))
    assert _read(route, body) is None
    assert _long_way(route, body) is None


@pytest.mark.parametrize(
    "body", [b' {"backendEnvironmentName": "dev"}', b'{"backendEnvironmentName": "dev"}\n', b"  "]
)
def test_whitespace_around_the_body_is_left_to_the_long_way_which_reads_it(body: bytes) -> None:
    # botocore writes none; the reader leaves such a body to the long way rather than
    # skipping it itself, and the long way reads it as the same body without it.
    route = Match("GetBackend", (("appId", "d1"),))
    assert _read(route, body) is None
    expected = _long_way(route, body.strip() or b"{}")
    assert expected is not None
    assert _long_way(route, body) == expected


def test_a_body_over_the_limit_is_left_to_the_long_way() -> None:
    route = Match("GetBackend", (("appId", "d1"),))
    body = b'{"backendEnvironmentName": "' + b"d" * MAX_BODY + b'"}'
    assert _read(route, body) is None


def test_an_empty_object_member_reads_as_an_empty_dict_and_an_array_stays_a_list() -> None:
    # A nested object arrives from the parse as pairs; an array as a list.
    config = {"serviceName": "S3", "bucketName": "b", "permissions": {"authenticated": ["READ"]}}
    route = Match("CreateBackendStorage", (("appId", "d1"),))
    body = json.dumps(
        {"backendEnvironmentName": "dev", "resourceName": "s", "resourceConfig": config}
    ).encode()
    read = _read(route, body)
    assert read == _long_way(route, body)
    assert read is not None
    assert read["ResourceConfig"]["Permissions"] == {"Authenticated": ["READ"]}
    assert type(read["ResourceConfig"]["Permissions"]["Authenticated"]) is list
