"""responses(op) and errors(op): valid by the contract, and accepted by botocore's Stubber."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore import xform_name
from botocore.stub import Stubber
from hypothesis import Phase, find, given, settings

from amplify_fakes import contracts
from amplify_fakes.contracts._validate import check_strict
from amplify_fakes.strategies import errors, requests, responses
from tests.strategies._support import OPERATIONS


@pytest.fixture(scope="module")
def client() -> Any:
    """A client that only ever talks to a Stubber (explicit fake credentials)."""
    return boto3.client(
        "amplifybackend",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


@pytest.mark.parametrize("operation", OPERATIONS)
def test_responses_are_valid_and_stubbable(operation: str, client: Any) -> None:
    @settings(max_examples=20)
    @given(body=responses(operation), wire=responses(operation, "wire"))
    def valid(body: dict[str, Any], wire: dict[str, Any]) -> None:
        contracts.validate_response(operation, body)
        contracts.validate_response(operation, wire, "wire")
        with Stubber(client) as stubber:
            stubber.add_response(xform_name(operation), body)

    valid()


@pytest.mark.parametrize("operation", OPERATIONS)
def test_errors_are_documented_and_raise_the_modeled_exception(operation: str, client: Any) -> None:
    documented = contracts.contract(operation)["x-amplifybackend"]["errors"]
    method = getattr(client, xform_name(operation))

    @settings(max_examples=12)
    @given(error=errors(operation), params=requests(operation))
    def raised(error: Any, params: dict[str, Any]) -> None:
        assert error.operation == operation
        assert error.status == documented[error.code]["status"]
        assert error.body["message"] == error.message
        check_strict(operation, f"error.{error.code}.wire", error.body, "error", "wire")
        sdk_body = {"Message": error.message, **error.modeled_fields}
        check_strict(operation, f"error.{error.code}.sdk", sdk_body, "error", "sdk")
        with Stubber(client) as stubber:
            stubber.add_client_error(
                xform_name(operation),
                service_error_code=error.code,
                service_message=error.message,
                http_status_code=error.status,
                modeled_fields=error.modeled_fields,
            )
            with pytest.raises(getattr(client.exceptions, error.code)) as caught:
                method(**params)
        answer = caught.value.response
        assert answer["Error"] == {"Code": error.code, "Message": error.message}
        assert answer["ResponseMetadata"]["HTTPStatusCode"] == error.status
        assert {k: answer[k] for k in error.modeled_fields} == error.modeled_fields

    raised()


@pytest.mark.parametrize(
    "code", sorted(contracts.contract("GetBackendJob")["x-amplifybackend"]["errors"])
)
def test_errors_produce_every_documented_code(code: str) -> None:
    first = settings(phases=[Phase.generate], database=None)  # any will do: skip shrinking
    found = find(errors("GetBackendJob"), lambda error: error.code == code, settings=first)
    assert (
        found.status
        == contracts.contract("GetBackendJob")["x-amplifybackend"]["errors"][code]["status"]
    )
