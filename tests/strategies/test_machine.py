"""AmplifyBackendMachine runs bounded in CI, and drives a subclass's own wrapper code."""

from __future__ import annotations

from typing import Any

import pytest
from botocore import xform_name
from hypothesis import Phase, settings
from hypothesis.stateful import invariant, run_state_machine_as_test

from amplify_fakes import ContractViolation, strategies
from amplify_fakes.strategies import AmplifyBackendMachine

# The machine as shipped: 20 examples of up to 20 steps against a strict fake.
TestAmplifyBackendMachine = AmplifyBackendMachine.TestCase


class BackendGateway:
    """What a downstream project might have: its own thin layer over the boto3 client."""

    def __init__(self, client: Any) -> None:
        self._client = client
        self.sent: list[str] = []

    def send(self, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        self.sent.append(operation)
        response: dict[str, Any] = getattr(self._client, xform_name(operation))(**params)
        return response


class GatewayMachine(AmplifyBackendMachine):
    """The machine driving BackendGateway instead of raw boto3 (the documented recipe)."""

    def make_client(self) -> Any:
        return BackendGateway(super().make_client())

    def call(self, operation: str, **params: Any) -> dict[str, Any]:
        response: dict[str, Any] = self.client.send(operation, params)
        return response

    @invariant()
    def every_request_went_through_the_gateway(self) -> None:
        assert [call.operation for call in self.fake.calls] == self.client.sent


TestGatewayMachine = GatewayMachine.TestCase


def test_the_machine_is_exported_and_bounded_for_subclasses_too() -> None:
    assert "AmplifyBackendMachine" in strategies.__all__
    for machine in (AmplifyBackendMachine, GatewayMachine):
        bounded = machine.TestCase.settings
        assert (bounded.max_examples, bounded.stateful_step_count) == (20, 20)


class LossyGateway(BackendGateway):
    """A wrapper with a bug: it loses the last member of every resource config it reads."""

    def send(self, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        response = super().send(operation, params)
        if operation.startswith("GetBackend") and response.get("ResourceConfig"):
            response["ResourceConfig"].popitem()
        return response


class LossyMachine(GatewayMachine):
    def make_client(self) -> Any:
        return LossyGateway(AmplifyBackendMachine.make_client(self))


def test_the_machine_finds_a_wrappers_bug() -> None:
    # (generation only: finding it is the point here, shrinking would take seconds more)
    found = settings(
        LossyMachine.TestCase.settings,
        max_examples=50,
        database=None,
        derandomize=True,
        phases=[Phase.generate],
        report_multiple_bugs=False,
    )
    # Either check catches it: the config differs from the model's, or a required member
    # is missing from the response.
    with pytest.raises((AssertionError, ContractViolation), match=r"GetBackend\w+") as caught:
        run_state_machine_as_test(LossyMachine, settings=found)
    # The steps print as plain values (ids as strings, not the calls that built them).
    printed = "\n".join(getattr(caught.value, "__notes__", []))
    assert "state.create_resource(" in printed
    assert "lambda" not in printed
