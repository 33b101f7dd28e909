"""requests(op): valid by the contract and by botocore, and accepted by a strict fake."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore import xform_name
from botocore.exceptions import ClientError
from botocore.validate import validate_parameters
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st

from amplify_fakes import contracts, mock_amplifybackend
from amplify_fakes.strategies import requests
from tests.strategies._support import OPERATIONS, aim_at_seed, operation_model, seed

# Contract-valid requests that the service's own rules answer with 400 (docs/semantics.md)
# when the app and environment they name exist.
DOCUMENTED_400 = {"ImportBackendStorage": lambda params: "BucketName" not in params}
# Operations naming something the seed does not hold (a job, a token, an Admin UI config):
# a generated request for them is answered 404 even when aimed at the seed.
NEEDS_UNSEEDED = {
    "GetBackendJob",
    "UpdateBackendJob",
    "GetToken",
    "DeleteToken",
    "UpdateBackendConfig",
    "RemoveBackendConfig",
}


@pytest.mark.parametrize("operation", OPERATIONS)
@settings(max_examples=25)
@given(data=st.data())
def test_requests_pass_the_contract_and_botocore(operation: str, data: st.DataObject) -> None:
    params = data.draw(requests(operation))
    contracts.validate_request(operation, params)
    validate_parameters(params, operation_model(operation).input_shape)


@pytest.mark.parametrize("operation", OPERATIONS)
@settings(max_examples=15)
@given(data=st.data())
def test_wire_requests_pass_the_wire_contract(operation: str, data: st.DataObject) -> None:
    contracts.validate_request(operation, data.draw(requests(operation, "wire")), "wire")


@pytest.mark.parametrize("operation", OPERATIONS)
def test_requests_are_accepted_by_a_strict_fake(operation: str) -> None:
    """200, or 404 for ids that do not exist (most random ones); never a 400."""
    with mock_amplifybackend(strict=True, jobs="immediate") as fake:
        client = boto3.client("amplifybackend", region_name="us-east-1")
        method = getattr(client, xform_name(operation))

        @settings(max_examples=20)
        @given(params=requests(operation), aimed=st.booleans())
        def answered(params: dict[str, Any], aimed: bool) -> None:
            seed(fake)
            params = aim_at_seed(operation, params) if aimed else params
            try:
                method(**params)
                return
            except ClientError as error:
                answer = error.response["Error"]
            documented = DOCUMENTED_400.get(operation, lambda _: False)(params)
            allowed = {"NotFoundException"} | ({"BadRequestException"} if documented else set())
            assert answer["Code"] in allowed, (params, answer)

        answered()

        # The simplest request (generated first), aimed at the seed, succeeds, or is
        # answered the documented error.
        seed(fake)
        first = settings(phases=[Phase.generate], database=None)
        simplest = aim_at_seed(operation, find(requests(operation), lambda _: True, settings=first))
        if operation in NEEDS_UNSEEDED:
            with pytest.raises(client.exceptions.NotFoundException):
                method(**simplest)
        elif DOCUMENTED_400.get(operation, lambda _: False)(simplest):
            with pytest.raises(client.exceptions.BadRequestException):
                method(**simplest)
        else:
            method(**simplest)
    assert fake.errors == []
