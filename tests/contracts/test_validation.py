"""validate_request / validate_response reject every broken rule, naming path and rule."""

from __future__ import annotations

import pickle
from typing import Any

import botocore.session
import pytest
from botocore.validate import validate_parameters
from hypothesis import given
from hypothesis import strategies as st

from amplify_fakes import contracts
from amplify_fakes.errors import ContractViolation, UnknownOperationError, UsageError
from tests.contracts._examples import full_example, json_path, mutated, walk

OPERATIONS = contracts.operations()
LEVELS = ["sdk", "wire"]
_MODEL = botocore.session.get_session().get_service_model("amplifybackend")


def _violations(operation: str, params: Any, level: str) -> list[tuple[str, str]]:
    with pytest.raises(ContractViolation) as caught:
        contracts.validate_request(operation, params, level)
    exc = caught.value
    assert exc.operation == operation
    assert operation in str(exc)
    return [(v.path, v.rule) for v in exc.errors]


def test_there_are_31_operations_in_botocore_spelling() -> None:
    assert len(OPERATIONS) == 31
    assert sorted(_MODEL.operation_names) == OPERATIONS
    assert "CreateBackendAPI" in OPERATIONS


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("operation", OPERATIONS)
def test_full_example_is_valid(operation: str, level: str) -> None:
    example = full_example(contracts.schema(operation, "request", level))
    assert contracts.validate_request(operation, example, level) is None
    if level == "sdk":  # botocore agrees that the contract's valid requests are valid
        validate_parameters(example, _MODEL.operation_model(operation).input_shape)


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("operation", OPERATIONS)
def test_dropping_any_required_member_is_caught(operation: str, level: str) -> None:
    schema = contracts.schema(operation, "request", level)
    example = full_example(schema)
    checked = 0
    for path, sub in walk(schema):
        for member in sub.get("required", []):
            broken = mutated(example, (*path, member), lambda c, k: c.pop(k))
            assert (json_path((*path, member)), "required") in _violations(operation, broken, level)
            checked += 1
    path_params = contracts.contract(operation)["x-amplifybackend"]["pathParameters"]
    assert checked >= len(path_params)


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("operation", OPERATIONS)
def test_values_outside_an_enum_are_caught(operation: str, level: str) -> None:
    schema = contracts.schema(operation, "request", level)
    example = full_example(schema)
    for path, sub in walk(schema):
        if "enum" in sub:
            broken = mutated(example, path, lambda c, k: c.__setitem__(k, "NOT_A_VALUE"))
            assert _violations(operation, broken, level) == [(json_path(path), "enum")]


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("operation", OPERATIONS)
def test_unknown_members_are_caught_at_every_depth(operation: str, level: str) -> None:
    schema = contracts.schema(operation, "request", level)
    example = full_example(schema)
    objects = [path for path, sub in walk(schema) if sub.get("type") == "object"]
    for path in objects:
        target = (*path, "Unknown") if path else ("Unknown",)
        broken = mutated(example, target, lambda c, k: c.__setitem__(k, 1))
        assert _violations(operation, broken, level) == [
            (json_path(target), "additionalProperties")
        ]


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("operation", OPERATIONS)
def test_wrong_types_are_caught(operation: str, level: str) -> None:
    schema = contracts.schema(operation, "request", level)
    example = full_example(schema)
    wrong = {
        "string": 5,
        "integer": "5",
        "number": "5",
        "boolean": "true",
        "array": {},
        "object": [],
    }
    for path, sub in walk(schema):
        if path and "type" in sub:
            broken = mutated(example, path, lambda c, k, v=wrong[sub["type"]]: c.__setitem__(k, v))
            assert (json_path(path), "type") in _violations(operation, broken, level)


def test_list_backend_jobs_max_results_range() -> None:
    base = {"AppId": "d1", "BackendEnvironmentName": "dev"}
    assert contracts.validate_request("ListBackendJobs", {**base, "MaxResults": 25}) is None
    assert _violations("ListBackendJobs", {**base, "MaxResults": 26}, "sdk") == [
        ("$.MaxResults", "maximum")
    ]
    assert _violations("ListBackendJobs", {**base, "MaxResults": 0}, "sdk") == [
        ("$.MaxResults", "minimum")
    ]


def test_exact_types_minimum_length_is_a_number_unauthenticated_login_a_boolean() -> None:
    auth = contracts.schema("CreateBackendAuth", "request")["properties"]["ResourceConfig"]
    user_pool = auth["properties"]["UserPoolConfigs"]["properties"]
    policy = user_pool["PasswordPolicy"]["properties"]
    assert policy["MinimumLength"]["type"] == "number"
    identity = auth["properties"]["IdentityPoolConfigs"]["properties"]
    assert identity["UnauthenticatedLogin"]["type"] == "boolean"


def test_every_violation_is_reported_not_just_the_first() -> None:
    found = _violations("ListBackendJobs", {"MaxResults": 99, "Colour": "red"}, "sdk")
    assert sorted(found) == [
        ("$.AppId", "required"),
        ("$.BackendEnvironmentName", "required"),
        ("$.Colour", "additionalProperties"),
        ("$.MaxResults", "maximum"),
    ]


def test_wire_level_uses_wire_names() -> None:
    found = _violations("ListBackendJobs", {"appId": "d1", "MaxResults": 3}, "wire")
    assert sorted(found) == [
        ("$.MaxResults", "additionalProperties"),
        ("$.backendEnvironmentName", "required"),
    ]


def test_response_validation_requires_rest_reference_members_and_allows_unknown() -> None:
    body = {"AppId": "d1", "BackendEnvironmentName": "dev", "NewField": 1}
    assert contracts.validate_response("CreateBackend", body) is None
    with pytest.raises(ContractViolation) as caught:
        contracts.validate_response("CreateToken", {"AppId": "d1", "SessionId": "s"})
    assert [(v.path, v.rule) for v in caught.value.errors] == [
        ("$.ChallengeCode", "required"),
        ("$.Ttl", "required"),
    ]
    with pytest.raises(ContractViolation, match=r"\$\.isSuccess"):
        contracts.validate_response("DeleteToken", {}, level="wire")


def test_long_values_are_shortened_in_messages() -> None:
    with pytest.raises(ContractViolation) as caught:
        contracts.validate_request(
            "CreateBackendStorage",
            {
                "AppId": "a",
                "BackendEnvironmentName": "b",
                "ResourceName": "r",
                "ResourceConfig": {
                    "ServiceName": "x" * 100_000,
                    "Permissions": {"Authenticated": []},
                },
            },
        )
    assert len(str(caught.value)) < 500


def test_unknown_operation_lists_close_matches() -> None:
    with pytest.raises(UnknownOperationError) as caught:
        contracts.validate_request("CreateBackendApi", {})
    assert isinstance(caught.value, KeyError)
    assert "CreateBackendAPI" in str(caught.value)
    assert not str(caught.value).startswith("'")
    with pytest.raises(KeyError, match=r"create_backend_api|CreateBackendAPI"):
        contracts.schema("create_backend_api", "request")


@pytest.mark.parametrize(("part", "level"), [("requests", "sdk"), ("request", "SDK")])
def test_bad_part_or_level_is_a_usage_error(part: str, level: str) -> None:
    with pytest.raises(UsageError, match="must be one of"):
        contracts.schema("GetBackend", part, level)


def test_schema_returns_a_fresh_copy() -> None:
    first = contracts.schema("GetBackend", "request")
    first["properties"].clear()
    assert contracts.schema("GetBackend", "request")["properties"]
    assert contracts.validate_request("GetBackend", {"AppId": "d1"}) is None


def test_contract_violation_pickles_with_its_errors() -> None:
    with pytest.raises(ContractViolation) as caught:
        contracts.validate_request("GetBackend", {})
    clone = pickle.loads(pickle.dumps(caught.value))
    assert clone.errors == caught.value.errors
    assert str(clone) == str(caught.value)
    assert isinstance(clone, ValueError)


_member_names = st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1, max_size=12)


@given(operation=st.sampled_from(OPERATIONS), extra=_member_names, level=st.sampled_from(LEVELS))
def test_any_unknown_top_level_member_is_rejected(operation: str, extra: str, level: str) -> None:
    schema = contracts.schema(operation, "request", level)
    example = full_example(schema)
    if extra in schema["properties"]:
        return
    example[extra] = "value"
    assert (json_path((extra,)), "additionalProperties") in _violations(operation, example, level)
