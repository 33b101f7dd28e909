"""invalid_requests(op): each breaks exactly its one rule, and the fake answers 400 for it."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amplify_fakes import AmplifyBackendFake, ContractViolation, contracts
from amplify_fakes._fake import core_of
from amplify_fakes.errors import UsageError, Violation
from amplify_fakes.strategies import InvalidRequest, invalid_requests
from tests.strategies._support import OPERATIONS, seed, wire_request


def reported(example: InvalidRequest) -> list[tuple[str, str]]:
    """(path, rule) of every violation ``validate_request`` reports for the example."""
    with pytest.raises(ContractViolation) as caught:
        contracts.validate_request(example.operation, example.params, example.level)
    return [(v.path, v.rule) for v in caught.value.errors]


@pytest.mark.parametrize("operation", OPERATIONS)
@settings(max_examples=20)
@given(data=st.data())
def test_sdk_examples_break_exactly_their_rule(operation: str, data: st.DataObject) -> None:
    example = data.draw(invalid_requests(operation))
    assert (example.operation, example.level) == (operation, "sdk")
    assert reported(example) == [(example.violation.path, example.violation.rule)]


@pytest.mark.parametrize("operation", OPERATIONS)
def test_wire_examples_are_answered_400_naming_the_member(operation: str) -> None:
    fake = AmplifyBackendFake(strict=True, jobs="immediate")
    seed(fake)  # a populated state, so "unchanged" means something

    @settings(max_examples=25)
    @given(example=invalid_requests(operation, "wire"))
    def answered(example: InvalidRequest) -> None:
        path, rule = example.violation.path, example.violation.rule
        assert reported(example) == [(path, rule)]

        request, well_formed = wire_request(operation, example.params)
        before = fake.snapshot()
        response = core_of(fake).handle(request)
        assert fake.snapshot() == before, "a rejected request changed the state"
        body = json.loads(response.body)
        call = fake.calls[-1]
        if well_formed:
            assert (response.status, call.error) == (400, "BadRequestException"), body
            assert call.operation == operation
            assert body["message"].startswith("1 validation error(s) detected: "), body
            assert f"{path}: " in body["message"], body
            assert f"(rule: {rule})" in body["message"], body
        elif call.operation == operation:
            # The path parameter arrived as an empty segment: 400 naming it (minLength).
            assert (response.status, call.error) == (400, "BadRequestException"), body
            assert f"{path}: " in body["message"], body
        elif call.operation is None:  # the empty segment left a path no route has
            assert (response.status, body) == (403, {"message": "Missing Authentication Token"})
        else:
            # An empty last segment is the URI of another operation (UpdateBackendJob
            # without a job id is ListBackendJobs' URI): that one answers, and fails.
            assert response.status in (400, 404), (call.operation, body)

    answered()
    assert fake.errors == []


@pytest.mark.parametrize("operation", ["CreateBackendAuth", "GetBackendJob", "ListBackendJobs"])
def test_wire_examples_reach_a_server_over_http_where_boto3_cannot_send_them(
    operation: str,
) -> None:
    """issue 21, item 7: ``http_request()`` sends what botocore's serializer refuses."""
    import http.client

    from amplify_fakes.server import FakeServer

    with FakeServer(strict=True) as server:
        before = server.fake.snapshot()

        @settings(max_examples=10, deadline=None)
        @given(example=invalid_requests(operation, "wire"))
        def answered(example: InvalidRequest) -> None:
            method, path, body = example.http_request()
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=20)
            try:
                connection.request(method, path, body, {"Content-Type": "application/json"})
                response = connection.getresponse()
                answer = json.loads(response.read())
            finally:
                connection.close()
            assert 400 <= response.status < 500, answer
            assert response.getheader("x-amzn-ErrorType"), answer
            assert isinstance(answer["message"], str)
            assert server.fake.snapshot() == before, "a refused request changed the state"

        answered()
    server.check()


def test_http_request_needs_a_wire_example() -> None:
    violation = Violation("$.AppId", "required", "")
    example = InvalidRequest("GetBackend", "sdk", {}, violation)
    with pytest.raises(UsageError, match="wire-level"):
        example.http_request()
