"""Helpers shared by the strategy tests: botocore's model, wire requests, a seeded fake."""

from __future__ import annotations

import functools
from typing import Any

import botocore.session
from botocore.model import OperationModel

from amplify_fakes import AmplifyBackendFake, contracts
from amplify_fakes._core.wire import WireRequest
from amplify_fakes.errors import Violation
from amplify_fakes.strategies import InvalidRequest

# Seeded names the generators cannot produce (app ids are 14 characters starting with
# "d", environment names lowercase letters only), so a generated request hits them only
# when a test puts them in on purpose.
SEEDED_APP = "d1seeded"
SEEDED_ENV = "seeded-env"
SEEDED_RESOURCE = "seeded-resource"
OPERATIONS = contracts.operations()


def complete(schema: dict[str, Any]) -> Any:
    """A value of ``schema`` with every optional member present: any valid update merged
    onto it is still a complete config, so updates of a seeded resource succeed."""
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema["type"]
    if kind == "object":
        return {k: complete(v) for k, v in schema.get("properties", {}).items()}
    if kind == "array":
        return [complete(schema["items"])]
    return {"string": "type Item @model { id: ID! }", "number": 8.0, "boolean": False}[kind]


@functools.cache
def complete_config(kind: str) -> dict[str, Any]:
    """A complete ResourceConfig for CreateBackend<kind>, checked against the contract."""
    schema = contracts.schema(f"CreateBackend{kind}", "request")
    config: dict[str, Any] = complete(schema["properties"]["ResourceConfig"])
    names = {"AppId": "d1", "BackendEnvironmentName": "e", "ResourceName": "r"}
    contracts.validate_request(f"CreateBackend{kind}", {**names, "ResourceConfig": config})
    return config


@functools.cache
def operation_model(operation: str) -> OperationModel:
    """botocore's model of ``operation``."""
    model = botocore.session.get_session().get_service_model("amplifybackend")
    return model.operation_model(operation)


def seed(fake: AmplifyBackendFake) -> None:
    """Forget everything, then hold one app with one environment that has one complete
    API, auth and storage resource each."""
    fake.reset()
    fake.add_backend(
        SEEDED_APP,
        SEEDED_ENV,
        app_name="seeded",
        **{
            family: {SEEDED_RESOURCE: complete_config(kind)}
            for family, kind in (("api", "API"), ("auth", "Auth"), ("storage", "Storage"))
        },
    )


def aim_at_seed(operation: str, params: dict[str, Any]) -> dict[str, Any]:
    """``params`` naming the seeded app, environment and resource where it names any.

    Create operations keep their generated environment or resource name: they would
    rightly fail (400) on an existing one.
    """
    out = dict(params)
    if "AppId" in out:
        out["AppId"] = SEEDED_APP
    if "BackendEnvironmentName" in out and operation != "CreateBackend":
        out["BackendEnvironmentName"] = SEEDED_ENV
    if "ResourceName" in out and not operation.startswith("Create"):
        out["ResourceName"] = SEEDED_RESOURCE
    return out


def wire_request(operation: str, params: dict[str, Any]) -> tuple[WireRequest, bool]:
    """The HTTP request carrying wire-level ``params`` (built by the public
    ``InvalidRequest.http_request``), and whether its URI is well formed (every path
    parameter a non-empty string)."""
    meta = contracts.contract(operation)["x-amplifybackend"]
    well_formed = all(
        isinstance(params.get(p["wire"]), str) and params[p["wire"]] for p in meta["pathParameters"]
    )
    placeholder = Violation("$", "type", "")
    method, path, body = InvalidRequest(operation, "wire", params, placeholder).http_request()
    headers = {"content-type": "application/json"}
    return WireRequest(method, path, headers, body), well_formed
