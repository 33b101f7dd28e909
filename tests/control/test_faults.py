"""Fault injection: ``fake.faults.add`` / ``remove`` / ``clear`` / ``seed``, through boto3.

An injected fault answers before any handler runs: the caller sees the service's own
error (status, code, body members), the call is logged, and the state is unchanged.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from botocore.exceptions import ClientError

from amplify_fakes import (
    AmplifyBackendFake,
    UnknownOperationError,
    UsageError,
    contracts,
    mock_amplifybackend,
)
from tests.control._support import (
    APP,
    ENV,
    MIN_API,
    MIN_AUTH,
    NO_RETRIES,
    client,
    config,
    make_backend,
    where,
)

STATUS = {
    "BadRequestException": 400,
    "NotFoundException": 404,
    "TooManyRequestsException": 429,
    "GatewayTimeoutException": 504,
}


def _error(call: Any) -> dict[str, Any]:
    with pytest.raises(ClientError) as info:
        call()
    response: dict[str, Any] = info.value.response
    return response


def _outcome(call: Any) -> str:
    try:
        call()
    except ClientError as exc:
        return str(exc.response["Error"]["Code"])
    return "ok"


# -- errors and their bodies ---------------------------------------------------------------


@pytest.mark.parametrize("error", sorted(STATUS))
def test_injected_error_has_its_status_code_and_body(vfake: AmplifyBackendFake, error: str) -> None:
    c = client(NO_RETRIES)
    make_backend(c)
    handle = vfake.faults.add("GetBackend", error=error)
    response = _error(lambda: c.get_backend(AppId=APP))
    assert response["Error"]["Code"] == error
    assert response["ResponseMetadata"]["HTTPStatusCode"] == STATUS[error]
    assert response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-errortype"] == error
    assert response["Error"]["Message"]
    members = {k: v for k, v in response.items() if k not in ("Error", "ResponseMetadata")}
    assert members.pop("Message", response["Error"]["Message"]) == response["Error"]["Message"]
    if error == "NotFoundException":
        assert isinstance(members.get("ResourceType"), str)
        assert members["ResourceType"]
    elif error == "TooManyRequestsException":
        assert isinstance(members.get("LimitType"), str)
        assert members["LimitType"]
    else:
        assert members == {}
    # The SDK-level error body matches the error's contract.
    contract = contracts.contract("GetBackend")
    assert error in contract["x-amplifybackend"]["errors"]
    assert contract["x-amplifybackend"]["errors"][error]["status"] == STATUS[error]
    assert set(members) < set(contract["$defs"][f"error.{error}.sdk"]["properties"])
    assert handle.injected == 1
    # The next call is answered normally (times defaults to 1).
    assert c.get_backend(AppId=APP)["AppId"] == APP


@pytest.mark.parametrize(
    ("operation", "call", "resource_type"),
    [
        ("GetBackendAPI", lambda c: c.get_backend_api(**where(ResourceName="r")), "API"),
        ("GetBackendAuth", lambda c: c.get_backend_auth(**where(ResourceName="r")), "Auth"),
        (
            "GetBackendStorage",
            lambda c: c.get_backend_storage(**where(ResourceName="r")),
            "Storage",
        ),
        ("GetBackendJob", lambda c: c.get_backend_job(**where(JobId="j")), "Job"),
        ("GetToken", lambda c: c.get_token(AppId=APP, SessionId="s"), "Token"),
        ("UpdateBackendConfig", lambda c: c.update_backend_config(AppId=APP), "BackendConfig"),
    ],
)
def test_injected_not_found_names_the_same_resource_type_as_a_real_miss(
    vfake: AmplifyBackendFake, operation: str, call: Any, resource_type: str
) -> None:
    c = client(NO_RETRIES)
    make_backend(c)
    real = _error(lambda: call(c))
    assert real["Error"]["Code"] == "NotFoundException"
    assert real["ResourceType"] == resource_type
    vfake.faults.add(operation, error="NotFoundException")
    injected = _error(lambda: call(c))
    assert injected["Error"]["Code"] == "NotFoundException"
    assert injected["ResourceType"] == resource_type


def test_status_alone_picks_the_error(vfake: AmplifyBackendFake) -> None:
    c = client(NO_RETRIES)
    for status, code in ((400, "BadRequestException"), (404, "NotFoundException"),
                         (429, "TooManyRequestsException"), (504, "GatewayTimeoutException")):  # fmt: skip
        vfake.faults.add("ListS3Buckets", status=status)
        response = _error(c.list_s3_buckets)
        assert response["Error"]["Code"] == code
        assert response["ResponseMetadata"]["HTTPStatusCode"] == status


def test_error_and_matching_status_together_are_accepted(vfake: AmplifyBackendFake) -> None:
    vfake.faults.add("ListS3Buckets", error="GatewayTimeoutException", status=504)
    assert _error(client(NO_RETRIES).list_s3_buckets)["Error"]["Code"] == "GatewayTimeoutException"


def test_custom_message_is_the_error_message(vfake: AmplifyBackendFake) -> None:
    vfake.faults.add("ListS3Buckets", error="BadRequestException", message="no buckets today")
    assert _error(client().list_s3_buckets)["Error"]["Message"] == "no buckets today"


# -- rejected registrations ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "in_message"),
    [
        ({"error": "InternalServerError"}, "error must be one of"),
        ({"error": "notfoundexception"}, "error must be one of"),
        ({"status": 500}, "status must be one of"),
        ({"status": 200}, "status must be one of"),
        ({"error": "NotFoundException", "status": 400}, "404"),
        ({"error": "TooManyRequestsException", "status": 504}, "429"),
        ({}, "needs an error"),
        ({"latency": 0.0}, "needs an error"),
        ({"error": "BadRequestException", "times": 0}, "times"),
        ({"error": "BadRequestException", "times": -3}, "times"),
        ({"error": "BadRequestException", "probability": 0.0}, "probability"),
        ({"error": "BadRequestException", "probability": 1.5}, "probability"),
        ({"error": "BadRequestException", "probability": -0.2}, "probability"),
        ({"error": "BadRequestException", "probability": float("nan")}, "probability"),
        ({"error": "BadRequestException", "after": -1}, "after"),
        ({"latency": -0.5}, "latency"),
        ({"latency": 60.5}, "latency"),
        ({"error": "BadRequestException", "latency": 3600.0}, "latency"),
        ({"latency": float("nan")}, "latency"),
    ],
)
def test_bad_arguments_raise_usage_error_and_register_nothing(
    vfake: AmplifyBackendFake, kwargs: dict[str, Any], in_message: str
) -> None:
    with pytest.raises(UsageError, match=in_message):
        vfake.faults.add("GetBackend", **kwargs)
    assert len(vfake.faults) == 0
    c = client(NO_RETRIES)
    make_backend(c)
    assert c.get_backend(AppId=APP)["AppId"] == APP


def test_latency_of_exactly_the_bound_is_accepted(vfake: AmplifyBackendFake) -> None:
    handle = vfake.faults.add("GetBackend", latency=60.0)
    assert handle.injected == 0
    assert len(vfake.faults) == 1


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [
        ("CreateBackendAuthh", "CreateBackendAuth"),
        ("create_backend_auth", "CreateBackendAuth"),
        ("GetBackendJobs", "GetBackendJob"),
    ],
)
def test_unknown_operation_raises_unknown_operation_error_with_close_matches(
    vfake: AmplifyBackendFake, name: str, suggestion: str
) -> None:
    with pytest.raises(UnknownOperationError) as info:
        vfake.faults.add(name, error="BadRequestException")
    assert isinstance(info.value, KeyError)
    assert suggestion in info.value.suggestions
    assert suggestion in str(info.value)
    assert len(vfake.faults) == 0


# -- which calls a fault hits --------------------------------------------------------------


def test_times_counts_injections(vfake: AmplifyBackendFake) -> None:
    c = client(NO_RETRIES)
    handle = vfake.faults.add("ListS3Buckets", error="GatewayTimeoutException", times=2)
    outcomes = [_outcome(c.list_s3_buckets) for _ in range(4)]
    assert outcomes == ["GatewayTimeoutException", "GatewayTimeoutException", "ok", "ok"]
    assert handle.injected == 2


def test_times_none_injects_every_time(vfake: AmplifyBackendFake) -> None:
    c = client(NO_RETRIES)
    handle = vfake.faults.add("ListS3Buckets", error="BadRequestException", times=None)
    assert {_outcome(c.list_s3_buckets) for _ in range(5)} == {"BadRequestException"}
    assert handle.injected == 5


def test_after_skips_the_first_matching_calls(vfake: AmplifyBackendFake) -> None:
    c = client(NO_RETRIES)
    handle = vfake.faults.add("ListS3Buckets", error="BadRequestException", after=2)
    outcomes = [_outcome(c.list_s3_buckets) for _ in range(4)]
    assert outcomes == ["ok", "ok", "BadRequestException", "ok"]
    assert handle.injected == 1


def test_after_counts_only_matching_calls(vfake: AmplifyBackendFake) -> None:
    c = client(NO_RETRIES)
    make_backend(c, app="d1one")
    make_backend(c, app="d1two")
    vfake.faults.add("GetBackend", error="BadRequestException", after=1, match={"AppId": "d1two"})
    assert _outcome(lambda: c.get_backend(AppId="d1one")) == "ok"
    assert _outcome(lambda: c.get_backend(AppId="d1one")) == "ok"
    assert _outcome(lambda: c.get_backend(AppId="d1two")) == "ok"  # skipped by after=1
    assert _outcome(lambda: c.get_backend(AppId="d1one")) == "ok"
    assert _outcome(lambda: c.get_backend(AppId="d1two")) == "BadRequestException"


def test_match_filters_on_sdk_level_params(vfake: AmplifyBackendFake) -> None:
    c = client(NO_RETRIES)
    make_backend(c, app="d1one")
    make_backend(c, app="d1two")
    handle = vfake.faults.add(
        "GetBackend", error="NotFoundException", match={"AppId": "d1two"}, times=None
    )
    assert _outcome(lambda: c.get_backend(AppId="d1one")) == "ok"
    assert _outcome(lambda: c.get_backend(AppId="d1two")) == "NotFoundException"
    assert _outcome(lambda: c.get_backend(AppId="d1one", BackendEnvironmentName=ENV)) == "ok"
    assert handle.injected == 1


def test_match_with_a_nested_subset(vfake: AmplifyBackendFake) -> None:
    c = client(NO_RETRIES)
    make_backend(c)
    vfake.faults.add(
        "CreateBackendAuth",
        error="BadRequestException",
        match={"ResourceConfig": {"UserPoolConfigs": {"SignInMethod": "EMAIL"}}},
        times=None,
    )
    email = config(MIN_AUTH)
    email["UserPoolConfigs"]["SignInMethod"] = "EMAIL"
    failing = _error(
        lambda: c.create_backend_auth(**where(ResourceName="byemail", ResourceConfig=email))
    )
    assert failing["Error"]["Code"] == "BadRequestException"
    ok = c.create_backend_auth(**where(ResourceName="byname", ResourceConfig=config(MIN_AUTH)))
    assert ok["JobId"]
    assert set(vfake.backend(APP, ENV)["Auth"]) == {"byname"}


def test_star_matches_every_operation(vfake: AmplifyBackendFake) -> None:
    c = client(NO_RETRIES)
    handle = vfake.faults.add("*", error="GatewayTimeoutException", times=3)
    assert _outcome(c.list_s3_buckets) == "GatewayTimeoutException"
    assert _outcome(lambda: make_backend(c)) == "GatewayTimeoutException"
    assert _outcome(lambda: c.get_backend(AppId=APP)) == "GatewayTimeoutException"
    assert handle.injected == 3
    assert _outcome(lambda: make_backend(c)) == "ok"
    assert [call.operation for call in vfake.calls] == [
        "ListS3Buckets",
        "CreateBackend",
        "GetBackend",
        "CreateBackend",
    ]


def test_other_operations_are_not_hit(vfake: AmplifyBackendFake) -> None:
    c = client(NO_RETRIES)
    handle = vfake.faults.add("GetBackend", error="BadRequestException", times=None)
    make_backend(c)
    c.list_s3_buckets()
    assert handle.injected == 0


def test_remove_stops_a_fault(vfake: AmplifyBackendFake) -> None:
    c = client(NO_RETRIES)
    handle = vfake.faults.add("ListS3Buckets", error="BadRequestException", times=None)
    assert _outcome(c.list_s3_buckets) == "BadRequestException"
    handle.remove()
    assert _outcome(c.list_s3_buckets) == "ok"
    assert handle.injected == 1
    assert len(vfake.faults) == 0
    handle.remove()  # removing twice is harmless


def test_clear_removes_every_fault(vfake: AmplifyBackendFake) -> None:
    c = client(NO_RETRIES)
    vfake.faults.add("ListS3Buckets", error="BadRequestException", times=None)
    vfake.faults.add("*", error="GatewayTimeoutException", times=None)
    vfake.faults.clear()
    assert len(vfake.faults) == 0
    assert _outcome(c.list_s3_buckets) == "ok"
    assert _outcome(lambda: make_backend(c)) == "ok"


# -- probability ---------------------------------------------------------------------------


def _random_outcomes(seed: int, calls: int = 40) -> list[str]:
    with mock_amplifybackend(strict=True, clock="virtual") as fake:
        c = client(NO_RETRIES)
        fake.faults.seed(seed)
        fake.faults.add("ListS3Buckets", error="BadRequestException", times=None, probability=0.5)
        return [_outcome(c.list_s3_buckets) for _ in range(calls)]


def test_probability_is_repeatable_after_seed_across_fakes() -> None:
    first = _random_outcomes(1234)
    second = _random_outcomes(1234)
    assert first == second
    # Random, not all or nothing.
    assert "ok" in first
    assert "BadRequestException" in first


def test_reseeding_repeats_the_sequence(vfake: AmplifyBackendFake) -> None:
    c = client(NO_RETRIES)
    handle = vfake.faults.add(
        "ListS3Buckets", error="BadRequestException", times=None, probability=0.3
    )
    vfake.faults.seed(99)
    first = [_outcome(c.list_s3_buckets) for _ in range(30)]
    vfake.faults.seed(99)
    second = [_outcome(c.list_s3_buckets) for _ in range(30)]
    assert first == second
    assert 0 < first.count("BadRequestException") < 30
    assert handle.injected == 2 * first.count("BadRequestException")


def test_probability_one_always_injects(vfake: AmplifyBackendFake) -> None:
    c = client(NO_RETRIES)
    vfake.faults.add("ListS3Buckets", error="BadRequestException", times=None, probability=1.0)
    assert {_outcome(c.list_s3_buckets) for _ in range(10)} == {"BadRequestException"}


def test_probability_with_times_stops_after_times_injections(vfake: AmplifyBackendFake) -> None:
    c = client(NO_RETRIES)
    vfake.faults.seed(5)
    handle = vfake.faults.add(
        "ListS3Buckets", error="BadRequestException", times=3, probability=0.5
    )
    outcomes = [_outcome(c.list_s3_buckets) for _ in range(60)]
    assert outcomes.count("BadRequestException") == 3
    assert handle.injected == 3


# -- latency -------------------------------------------------------------------------------


def test_latency_really_sleeps_with_a_real_clock() -> None:
    with mock_amplifybackend(strict=True) as fake:
        c = client(NO_RETRIES)
        handle = fake.faults.add("ListS3Buckets", latency=0.2)
        start = time.monotonic()
        c.list_s3_buckets()
        slow = time.monotonic() - start
        start = time.monotonic()
        c.list_s3_buckets()  # the latency fault was used up (times=1)
        fast = time.monotonic() - start
    assert slow >= 0.2
    assert fast < 0.2
    assert handle.injected == 1
    assert [call.status for call in fake.calls] == [200, 200]


def test_latency_with_an_error_sleeps_then_fails() -> None:
    with mock_amplifybackend(strict=True) as fake:
        c = client(NO_RETRIES)
        fake.faults.add("ListS3Buckets", error="GatewayTimeoutException", latency=0.15)
        start = time.monotonic()
        assert _outcome(c.list_s3_buckets) == "GatewayTimeoutException"
        assert time.monotonic() - start >= 0.15


def test_latency_only_advances_a_virtual_clock(vfake: AmplifyBackendFake) -> None:
    c = client(NO_RETRIES)
    vfake.faults.add("ListS3Buckets", latency=45.0)
    before = vfake.clock.time()
    start = time.monotonic()
    c.list_s3_buckets()
    assert time.monotonic() - start < 2.0
    assert vfake.clock.time() - before == pytest.approx(45.0)
    assert vfake.calls[-1].time == pytest.approx(before + 45.0)


def test_latencies_of_several_faults_add_up(vfake: AmplifyBackendFake) -> None:
    c = client(NO_RETRIES)
    vfake.faults.add("ListS3Buckets", latency=10.0)
    vfake.faults.add("*", latency=5.0)
    before = vfake.clock.time()
    c.list_s3_buckets()
    assert vfake.clock.time() - before == pytest.approx(15.0)


# -- state ---------------------------------------------------------------------------------


@pytest.mark.parametrize("error", sorted(STATUS))
def test_an_injected_fault_never_changes_state(vfake: AmplifyBackendFake, error: str) -> None:
    c = client(NO_RETRIES)
    make_backend(c)
    c.create_backend_api(**where(ResourceName="shopapi", ResourceConfig=config(MIN_API)))
    vfake.faults.add("*", error=error, times=None)
    before = vfake.snapshot()
    calls: list[Any] = [
        lambda: make_backend(c, app="d1other"),
        lambda: c.create_backend_auth(**where(ResourceName="a", ResourceConfig=config(MIN_AUTH))),
        lambda: c.delete_backend_api(**where(ResourceName="shopapi")),
        lambda: c.update_backend_api(
            **where(ResourceName="shopapi", ResourceConfig={"ApiName": "x"})
        ),
        lambda: c.create_token(AppId=APP),
        lambda: c.clone_backend(**where(TargetEnvironmentName="prod")),
        lambda: c.remove_all_backends(AppId=APP),
        lambda: c.delete_backend(**where()),
    ]
    for call in calls:
        assert _outcome(call) == error
    assert vfake.snapshot() == before
    assert all(call.error == error for call in vfake.calls[-len(calls) :])
