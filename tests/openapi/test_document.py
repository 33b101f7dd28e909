"""contracts/openapi.json: generated from the contracts, valid OpenAPI 3.1, the same bytes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from openapi_spec_validator import validate

from amplify_fakes import cli, contracts

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "contracts" / "openapi.json"


def _operations(document: dict[str, Any]) -> dict[str, tuple[str, str, dict[str, Any]]]:
    return {
        operation["operationId"]: (path, method, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
    }


def test_the_command_writes_the_committed_document(tmp_path: Path) -> None:
    out = tmp_path / "openapi.json"
    assert cli.main(["contracts", "openapi", "--out", str(out)]) == 0
    assert out.read_bytes() == COMMITTED.read_bytes()


def test_the_command_writes_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["contracts", "openapi"]) == 0
    assert capsys.readouterr().out == COMMITTED.read_text(encoding="utf-8")


def test_an_unwritable_out_file_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["contracts", "openapi", "--out", str(tmp_path / "no" / "x.json")]) == 1
    assert capsys.readouterr().err.startswith("amplify-fakes: error: ")


@pytest.mark.parametrize("stage_prefix", [False, True], ids=["botocore", "rest-reference"])
def test_both_forms_are_valid_openapi_3_1(stage_prefix: bool) -> None:
    document = contracts.openapi(stage_prefix=stage_prefix)
    validate(document)
    assert document["openapi"] == "3.1.0"
    prefix = "/prod/" if stage_prefix else "/"
    assert all(path.startswith(prefix) for path in document["paths"])
    if not stage_prefix:
        assert not any(path.startswith("/prod/") for path in document["paths"])


def test_every_operation_is_there_as_its_contract_binds_it() -> None:
    operations = _operations(contracts.openapi())
    assert sorted(operations) == contracts.operations()
    for name, (path, method, operation) in operations.items():
        binding = contracts.contract(name)["x-amplifybackend"]
        assert (path, method.upper()) == (
            binding["http"]["requestUri"],
            binding["http"]["method"],
        )
        wanted = [p["wire"] for p in binding["pathParameters"]]
        assert [p["name"] for p in operation.get("parameters", [])] == wanted
        assert all(p["in"] == "path" and p["required"] for p in operation.get("parameters", []))
        assert ("requestBody" in operation) == (method != "get")
        statuses = {str(binding["http"]["successStatus"])} | {
            str(e["status"]) for e in binding["errors"].values()
        }
        assert set(operation["responses"]) == statuses


def _resolve(document: dict[str, Any], ref: dict[str, Any]) -> dict[str, Any]:
    node: Any = document
    for part in ref["$ref"].removeprefix("#/").split("/"):
        node = node[part]
    assert isinstance(node, dict)
    return node


def test_bodies_are_the_wire_schemas_without_path_members_and_closed() -> None:
    document = contracts.openapi()
    for name, (_, _, operation) in _operations(document).items():
        wire = contracts.schema(name, "request", "wire")
        path_names = {p["name"] for p in operation.get("parameters", [])}
        if "requestBody" in operation:
            body = _resolve(
                document, operation["requestBody"]["content"]["application/json"]["schema"]
            )
            assert body["additionalProperties"] is False
            assert set(body["properties"]) == set(wire["properties"]) - path_names
            assert set(body.get("required", [])) == set(wire.get("required", [])) - path_names
        success = operation["responses"]["200"]
        answer = _resolve(document, success["content"]["application/json"]["schema"])
        expected = contracts.schema(name, "response", "wire")
        expected.pop("$schema")
        assert answer == expected


def test_error_answers_name_their_types_and_aliases_in_x_amzn_errortype() -> None:
    document = contracts.openapi()
    for name, (_, _, operation) in _operations(document).items():
        for error, spec in contracts.contract(name)["x-amplifybackend"]["errors"].items():
            response = _resolve(document, operation["responses"][str(spec["status"])])
            pattern = response["headers"]["x-amzn-ErrorType"]["schema"]["pattern"]
            for value in (error, *spec["aliases"], f"{error}:http://internal.amazon.com/"):
                assert re.fullmatch(pattern, value), (name, value)
            assert not re.fullmatch(pattern, "SomethingElseException")


def test_links_chain_create_backend_into_the_calls_that_take_its_ids() -> None:
    operations = _operations(contracts.openapi())
    links = operations["CreateBackend"][2]["responses"]["200"]["links"]
    assert links["GetBackendJob"]["parameters"] == {
        "appId": "$response.body#/appId",
        "backendEnvironmentName": "$response.body#/backendEnvironmentName",
        "jobId": "$response.body#/jobId",
    }
    # every link fills exactly the target's path parameters
    for _, _, operation in operations.values():
        for target, link in operation["responses"]["200"].get("links", {}).items():
            assert link["operationId"] == target
            wanted = {p["name"] for p in operations[target][2].get("parameters", [])}
            assert set(link["parameters"]) == wanted


def test_the_document_is_a_fresh_copy_each_time() -> None:
    first = contracts.openapi()
    first["paths"].clear()
    assert contracts.openapi()["paths"]
    assert json.loads(COMMITTED.read_text(encoding="utf-8")) == contracts.openapi()
