"""The contract documents: valid JSON Schema, draft-07-readable, faithful to botocore."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import botocore.session
import pytest
from jsonschema import Draft7Validator, Draft202012Validator

from amplify_fakes import contracts

ROOT = Path(__file__).resolve().parents[2]
OPERATIONS = contracts.operations()
_MODEL = botocore.session.get_session().get_service_model("amplifybackend")
_FORBIDDEN = {"prefixItems", "unevaluatedItems", "unevaluatedProperties", "dependentRequired",
              "dependentSchemas", "$dynamicRef", "$dynamicAnchor"}  # fmt: skip


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_one_document_per_operation_in_the_repository() -> None:
    names = sorted(p.stem for p in (ROOT / "contracts").glob("*.json") if p.stem != "openapi")
    assert names == OPERATIONS == sorted(_MODEL.operation_names)


@pytest.mark.parametrize("operation", OPERATIONS)
def test_document_is_a_valid_2020_12_schema_in_the_draft_07_subset(operation: str) -> None:
    doc = contracts.contract(operation)
    assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(doc)
    assert not (_keys(doc) & _FORBIDDEN)
    for sub in doc["$defs"].values():
        Draft202012Validator.check_schema(sub)
        Draft7Validator.check_schema(sub)


@pytest.mark.parametrize("operation", OPERATIONS)
def test_http_binding_matches_botocore(operation: str) -> None:
    http = contracts.contract(operation)["x-amplifybackend"]["http"]
    model = _MODEL.operation_model(operation).http
    assert http["method"] == model["method"]
    assert http["requestUri"] == model["requestUri"]
    assert http["restReferenceUri"] == "/prod" + model["requestUri"]
    assert http["successStatus"] == 200


@pytest.mark.parametrize("operation", OPERATIONS)
def test_errors_are_the_four_documented_ones(operation: str) -> None:
    meta = contracts.contract(operation)["x-amplifybackend"]["errors"]
    assert {name: e["status"] for name, e in meta.items()} == {
        "BadRequestException": 400,
        "NotFoundException": 404,
        "TooManyRequestsException": 429,
        "GatewayTimeoutException": 504,
    }
    assert "LimitExceededException" in meta["TooManyRequestsException"]["aliases"]
    assert "InternalServiceException" in meta["GatewayTimeoutException"]["aliases"]
    wire = contracts.contract(operation)["$defs"]
    assert set(wire["error.NotFoundException.wire"]["properties"]) == {"message", "resourceType"}
    assert set(wire["error.TooManyRequestsException.wire"]["properties"]) == {
        "message",
        "limitType",
    }


def _agree(shape: Any, sdk: dict[str, Any], wire: dict[str, Any], where: str) -> int:
    """Walk a botocore shape with both schemas; return how many members were compared."""
    assert sdk.get("type") == wire.get("type"), where
    assert sdk.get("enum") == wire.get("enum") == (getattr(shape, "enum", None) or None), where
    if shape.type_name == "structure":
        assert set(sdk["properties"]) == set(shape.members), where
        wire_names = {m.serialization.get("name", n): n for n, m in shape.members.items()}
        assert set(wire["properties"]) == set(wire_names), where
        required = [wire_names[w] for w in wire.get("required", [])]
        assert required == sdk.get("required", []), where
        count = 0
        for wire_name, name in wire_names.items():
            count += 1 + _agree(
                shape.members[name],
                sdk["properties"][name],
                wire["properties"][wire_name],
                f"{where}.{name}",
            )
        return count
    if shape.type_name == "list":
        return _agree(shape.member, sdk["items"], wire["items"], f"{where}[]")
    return 0


@pytest.mark.parametrize("operation", OPERATIONS)
def test_sdk_and_wire_agree_member_for_member_through_location_name(operation: str) -> None:
    model = _MODEL.operation_model(operation)
    for part, shape in (("request", model.input_shape), ("response", model.output_shape)):
        sdk = contracts.schema(operation, part, "sdk")
        wire = contracts.schema(operation, part, "wire")
        assert _agree(shape, sdk, wire, f"{operation} {part}") == _count_members(shape)


def _count_members(shape: Any) -> int:
    if shape.type_name == "structure":
        return sum(1 + _count_members(m) for m in shape.members.values())
    if shape.type_name == "list":
        return _count_members(shape.member)
    return 0


def test_odd_wire_names_are_the_ones_the_service_sends() -> None:
    auth = contracts.schema("CreateBackendAuth", "request", "wire")
    user_pool = auth["properties"]["resourceConfig"]["properties"]["userPoolConfigs"]["properties"]
    assert "MFAMode" in user_pool["mfa"]["properties"]
    social = user_pool["oAuth"]["properties"]["socialProviderSettings"]["properties"]
    assert set(social) == {"Facebook", "Google", "LoginWithAmazon", "SignInWithApple"}
    assert set(social["SignInWithApple"]["properties"]) == {
        "client_id",
        "key_id",
        "private_key",
        "team_id",
    }
    assert set(social["Google"]["properties"]) == {"client_id", "client_secret"}
    api = contracts.schema("CreateBackendAPI", "request", "wire")
    settings = api["properties"]["resourceConfig"]["properties"]["defaultAuthType"]["properties"]
    assert {"openIDIatTTL", "openIDIssueURL"} <= set(settings["settings"]["properties"])


def test_path_parameters_are_listed_in_uri_order() -> None:
    meta = contracts.contract("GetBackendJob")["x-amplifybackend"]
    assert meta["pathParameters"] == [
        {"sdk": "AppId", "wire": "appId"},
        {"sdk": "BackendEnvironmentName", "wire": "backendEnvironmentName"},
        {"sdk": "JobId", "wire": "jobId"},
    ]
    assert contracts.contract("ListS3Buckets")["x-amplifybackend"]["pathParameters"] == []


def test_pagination_of_list_backend_jobs() -> None:
    meta = contracts.contract("ListBackendJobs")["x-amplifybackend"]["pagination"]
    assert meta["inputToken"] == meta["outputToken"] == "NextToken"
    assert meta["wire"] == {
        "inputToken": "nextToken",
        "outputToken": "nextToken",
        "limitKey": "maxResults",
        "resultKey": "jobs",
    }
    assert contracts.contract("GetBackend")["x-amplifybackend"]["pagination"] is None


def test_rest_reference_required_response_members_are_applied() -> None:
    overrides = json.loads((ROOT / "amplify_fakes/contracts/overrides.json").read_text())
    required = [e for e in overrides["overrides"] if e["rule"] == "required"]
    assert len(required) >= 60
    for entry in required:
        wire = contracts.schema(entry["operation"], entry["part"], "wire")
        *parents, member = entry["path"].split(".")
        for parent in parents:
            wire = wire["properties"][parent.removesuffix("[]")]
            wire = wire.get("items", wire)
        assert member in wire.get("required", []), entry
    for operation in ("CreateBackendStorage", "UpdateBackendStorage"):
        response = contracts.schema(operation, "response", "wire")
        assert set(response["required"]) == {"appId", "backendEnvironmentName", "jobId", "status"}
    assert contracts.schema("ListS3Buckets", "response", "wire")["required"] == ["buckets"]


def test_sensitive_members_are_marked() -> None:
    auth = contracts.schema("CreateBackendAuth", "request", "sdk")
    user_pool = auth["properties"]["ResourceConfig"]["properties"]["UserPoolConfigs"]
    social = user_pool["properties"]["OAuth"]["properties"]["SocialProviderSettings"]
    assert social["properties"]["SignInWithApple"]["x-sensitive"] is True
