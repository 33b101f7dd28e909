"""Examples are small when shrunk, and look like the service's values."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis.stateful import RuleBasedStateMachine, rule, run_state_machine_as_test

from amplify_fakes import contracts
from amplify_fakes._strategies.build import from_contract_schema
from amplify_fakes.strategies import invalid_requests, requests, responses

ISO_MILLIS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
# Hypothesis' explain phase (which parts of a failure could vary) costs ~10x the shrinking
# itself on these nested dicts; find() has nothing to explain.
FIND = settings(database=None, phases=[Phase.generate, Phase.shrink])


def required_only(value: Any, schema: dict[str, Any]) -> bool:
    """True when every object in ``value`` holds exactly its schema's required members."""
    if schema.get("type") == "object":
        props = schema.get("properties", {})
        return set(value) == set(schema.get("required", [])) and all(
            required_only(v, props[k]) for k, v in value.items()
        )
    if schema.get("type") == "array":
        return all(required_only(v, schema["items"]) for v in value)
    return True


def test_a_shrunk_request_holds_only_required_members() -> None:
    smallest = find(requests("CreateBackendAuth"), lambda _: True, settings=FIND)
    assert required_only(smallest, contracts.schema("CreateBackendAuth", "request"))
    assert smallest == {
        "AppId": "d0000000000000",
        "BackendEnvironmentName": "aa",
        "ResourceConfig": {
            "AuthResources": "USER_POOL_ONLY",
            "Service": "COGNITO",
            "UserPoolConfigs": {
                "RequiredSignUpAttributes": [],
                "SignInMethod": "EMAIL",
                "UserPoolName": "a0",
            },
        },
        "ResourceName": "a0",
    }


def test_shrinking_keeps_only_what_the_condition_needs() -> None:
    def with_mfa(params: dict[str, Any]) -> bool:
        return "Mfa" in params["ResourceConfig"]["UserPoolConfigs"]

    found = find(requests("UpdateBackendAuth"), with_mfa, settings=FIND)
    assert found["ResourceConfig"]["UserPoolConfigs"] == {"Mfa": {}}
    broken = find(
        invalid_requests("GetBackend"), lambda ex: ex.violation.rule == "type", settings=FIND
    )
    assert repr(broken) == "InvalidRequest(GetBackend, type at $.AppId, params={'AppId': 12345})"


def test_requests_never_carry_a_made_up_next_token() -> None:
    @settings(max_examples=30)
    @given(params=requests("ListBackendJobs"))
    def no_token(params: dict[str, Any]) -> None:
        assert "NextToken" not in params

    no_token()


def test_responses_carry_a_next_token_sometimes() -> None:
    # A caller's pagination loop must get exercised (the service does answer NextToken).
    assert "NextToken" in find(
        responses("ListBackendJobs"), lambda r: "NextToken" in r, settings=FIND
    )
    assert "NextToken" in find(
        responses("ListS3Buckets"), lambda r: "NextToken" in r, settings=FIND
    )


def test_response_values_parse_the_way_the_services_do() -> None:
    @settings(max_examples=40)
    @given(
        job=responses("GetBackendJob"), token=responses("GetToken"), backend=responses("GetBackend")
    )
    def plausible(job: dict[str, Any], token: dict[str, Any], backend: dict[str, Any]) -> None:
        for member in ("CreateTime", "UpdateTime"):
            if member in job:
                assert ISO_MILLIS.match(job[member]), job[member]
                dt.datetime.strptime(job[member], "%Y-%m-%dT%H:%M:%S.%f%z")
        for member in ("Ttl", "ChallengeCode"):
            if member in token:
                assert token[member].isdigit(), token[member]
        for member in ("AmplifyMetaConfig", "AmplifyFeatureFlags"):
            if member in backend:
                assert isinstance(json.loads(backend[member]), dict)

    plausible()


def test_numbers_stay_within_the_contracts_bounds_whatever_the_hint() -> None:
    bounded = {"type": "number", "minimum": 2000, "maximum": 2005}
    below = {"type": "integer", "maximum": -5}

    @settings(max_examples=30)
    @given(
        number=from_contract_schema(bounded, "ExpirationTime"),  # hinted 1..365
        integer=from_contract_schema(below, "Anything"),
    )
    def within(number: float, integer: int) -> None:
        assert 2000 <= number <= 2005
        assert integer <= -5

    within()


class _Reader(RuleBasedStateMachine):
    @rule(params=requests("GetBackend"))
    def get(self, params: dict[str, Any]) -> None:
        assert params["AppId"] < "d5"


def test_a_failing_step_prints_its_values_not_how_they_were_built() -> None:
    with pytest.raises(AssertionError) as caught:
        run_state_machine_as_test(_Reader, settings=settings(database=None, derandomize=True))
    printed = "\n".join(caught.value.__notes__)
    assert "state.get(params={\n    'AppId': 'd5000000000000'," in printed
    assert "lambda" not in printed
