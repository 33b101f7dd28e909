"""The boto3 reference pages' syntax examples satisfy the contracts and botocore's own model.

Every "Request Syntax" and "Response Syntax" block of the seed documents (see
``tests/_seeds.py``) is filled in with valid placeholder values and checked against
``validate_request`` / ``validate_response`` at SDK level; requests are also checked by
botocore's parameter validation, so the contracts accept what the SDK documents and sends.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import botocore
import botocore.session
import pytest
from botocore.validate import validate_parameters

from amplify_fakes import contracts
from tests._seeds import Example, parse_seed, request_examples, response_examples, seeds_dir

_MODEL = botocore.session.get_session().get_service_model("amplifybackend")

# Collected at import time; both lists are empty (never an error) when the seeds are missing.
REQUESTS = request_examples()
RESPONSES = response_examples()


def _ids(examples: list[Example]) -> list[str]:
    """``004:create_backend_auth``; a repeat within one seed gets ``#2``, ``#3``, ..."""
    seen: Counter[str] = Counter()
    ids = []
    for seed, operation, _ in examples:
        base = f"{seed.split('_', 1)[0]}:{botocore.xform_name(operation)}"
        seen[base] += 1
        ids.append(base if seen[base] == 1 else f"{base}#{seen[base]}")
    return ids


def _in_seed(examples: list[Example], prefix: str) -> list[Example]:
    return [example for example in examples if example[0].startswith(f"{prefix}_")]


@pytest.mark.parametrize(("seed", "operation", "params"), REQUESTS, ids=_ids(REQUESTS))
def test_request_example_is_valid(seed: str, operation: str, params: dict[str, Any]) -> None:
    contracts.validate_request(operation, params)
    validate_parameters(params, _MODEL.operation_model(operation).input_shape)


@pytest.mark.parametrize(("seed", "operation", "body"), RESPONSES, ids=_ids(RESPONSES))
def test_response_example_is_valid(seed: str, operation: str, body: dict[str, Any]) -> None:
    contracts.validate_response(operation, body)


def test_parser_found_the_documented_examples() -> None:
    """Guards against a parser that passes the tests above by finding nothing."""
    seeds_dir()  # fails under CI=true, else skips, when the seed documents are missing

    for prefix in ("000", "001", "003", "004"):
        requests = _in_seed(REQUESTS, prefix)
        responses = _in_seed(RESPONSES, prefix)
        assert requests, f"no Request Syntax example parsed from seed {prefix}"
        assert len(responses) == len(requests), f"seed {prefix}: one response per request"

    # 004 is an older snapshot of the whole client: 25 client operations (every one but the
    # six storage operations) plus the ListBackendJobs paginator, 26 Request Syntax blocks.
    requests_004 = _in_seed(REQUESTS, "004")
    assert len(requests_004) >= 26
    storage = {name for name in _MODEL.operation_names if "Storage" in name or "S3" in name}
    assert len(storage) == 6
    assert {operation for _, operation, _ in requests_004} == set(_MODEL.operation_names) - storage
    assert [operation for _, operation, _ in requests_004].count("ListBackendJobs") == 2

    assert {operation for _, operation, _ in _in_seed(REQUESTS, "000")} == {"CreateBackendStorage"}
    assert {operation for _, operation, _ in _in_seed(REQUESTS, "001")} == {"CreateBackendStorage"}
    assert {operation for _, operation, _ in _in_seed(REQUESTS, "003")} == {"CreateBackendAuth"}


@pytest.mark.parametrize("prefix", ["003", "004"])
def test_create_backend_auth_example_has_nested_values(prefix: str) -> None:
    """The largest request shape comes through nested, with enum alternatives resolved."""
    seeds_dir()
    [(_, _, params)] = [
        example for example in _in_seed(REQUESTS, prefix) if example[1] == "CreateBackendAuth"
    ]
    shape = _MODEL.operation_model("CreateBackendAuth").input_shape.members["ResourceConfig"]
    user_pool = params["ResourceConfig"]["UserPoolConfigs"]
    user_pool_shape = shape.members["UserPoolConfigs"]

    assert user_pool["SignInMethod"] in user_pool_shape.members["SignInMethod"].enum
    assert params["ResourceConfig"]["AuthResources"] in shape.members["AuthResources"].enum
    attributes = user_pool["RequiredSignUpAttributes"]
    assert len(attributes) == 1
    assert attributes[0] in user_pool_shape.members["RequiredSignUpAttributes"].member.enum
    assert user_pool["Mfa"]["Settings"]["MfaTypes"][0] in (
        user_pool_shape.members["Mfa"].members["Settings"].members["MfaTypes"].member.enum
    )
    assert params["ResourceConfig"]["IdentityPoolConfigs"]["UnauthenticatedLogin"] is True
    assert isinstance(user_pool["PasswordPolicy"]["MinimumLength"], float)
    assert user_pool["OAuth"]["SocialProviderSettings"]["SignInWithApple"]["KeyId"]
    assert params["AppId"]


def test_parser_fills_placeholders() -> None:
    """The placeholder rules on a small page that uses each kind of placeholder once."""
    page = """
    Request Syntax
      response = client.list_backend_jobs(
          AppId='string',
          BackendEnvironmentName='string',
          MaxResults=123,
          Operation='A'|'B',
      )
    Response Syntax
      {
          'Jobs': [
              {
                  'CreateTime': datetime(2015, 1, 1),
                  'Flag': True|False,
                  'Ratio': 123.0,
                  'Nested': {...},
              },
          ],
      }
    paginator = client.get_paginator('list_backend_jobs')
    Request Syntax
      response_iterator = paginator.paginate(
          AppId='string',
          PaginationConfig={'MaxItems': 123}
      )
    """
    requests, responses = parse_seed("999_page.txt", page)

    assert requests == [
        (
            "999_page.txt",
            "ListBackendJobs",
            {
                "AppId": "example-app-id",
                "BackendEnvironmentName": "example-backend-environment-name",
                "MaxResults": 1,
                "Operation": "A",
            },
        ),
        ("999_page.txt", "ListBackendJobs", {"AppId": "example-app-id"}),
    ]
    assert responses == [
        (
            "999_page.txt",
            "ListBackendJobs",
            {
                "Jobs": [
                    {
                        "CreateTime": "2015-01-01T00:00:00Z",
                        "Flag": True,
                        "Ratio": 1.0,
                        "Nested": {},
                    }
                ]
            },
        )
    ]
