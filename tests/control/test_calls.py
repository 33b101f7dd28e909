"""The call log: ``fake.calls``, ``calls.of`` and the ``assert_*`` helpers, and secret masking."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from amplify_fakes import AmplifyBackendFake
from amplify_fakes._core.wire import WireRequest
from amplify_fakes._fake import core_of
from amplify_fakes.errors import UnknownOperationError
from tests.control._support import (
    ACCOUNT,
    APP,
    APPLE_KEY,
    ENV,
    GOOGLE_SECRET,
    MIN_AUTH,
    NO_RETRIES,
    SECRET_AUTH,
    body,
    client,
    config,
    make_backend,
    where,
)


def test_every_request_is_logged_in_order_with_its_outcome(
    vfake: AmplifyBackendFake, vclient: Any
) -> None:
    created = make_backend(vclient)
    vfake.clock.advance(7)
    got = vclient.get_backend(AppId=APP, BackendEnvironmentName=ENV)
    vfake.clock.advance(3)
    with pytest.raises(ClientError):
        vclient.get_backend(AppId="d1missing")
    calls = list(vfake.calls)
    assert len(vfake.calls) == 3
    assert [c.operation for c in calls] == ["CreateBackend", "GetBackend", "GetBackend"]
    assert calls[0].params == {"AppId": APP, "AppName": "shop", "BackendEnvironmentName": ENV}
    assert calls[1].params == {"AppId": APP, "BackendEnvironmentName": ENV}
    assert calls[2].params == {"AppId": "d1missing"}
    assert [c.status for c in calls] == [200, 200, 404]
    assert [c.error for c in calls] == [None, None, "NotFoundException"]
    assert calls[0].response == body(created)
    assert calls[1].response == body(got)
    assert calls[2].response is None
    assert {c.account for c in calls} == {ACCOUNT}
    assert {c.region for c in calls} == {"us-east-1"}
    start = calls[0].time
    assert [c.time - start for c in calls] == [0.0, 7.0, 10.0]
    assert vfake.calls[-1] is calls[-1]
    assert vfake.calls[0:2] == calls[0:2]


def test_account_and_region_of_each_call(vfake: AmplifyBackendFake) -> None:
    vfake.access_keys["AKIAEXAMPLEKEY000001"] = "111122223333"
    mapped = boto3.client(
        "amplifybackend",
        region_name="eu-west-1",
        aws_access_key_id="AKIAEXAMPLEKEY000001",
        aws_secret_access_key="x",
    )
    numeric = boto3.client(
        "amplifybackend",
        region_name="ap-south-1",
        aws_access_key_id="444455556666",
        aws_secret_access_key="x",
    )
    mapped.list_s3_buckets()
    numeric.list_s3_buckets()
    client().list_s3_buckets()
    assert [(c.account, c.region) for c in vfake.calls] == [
        ("111122223333", "eu-west-1"),
        ("444455556666", "ap-south-1"),
        (ACCOUNT, "us-east-1"),
    ]


def test_params_and_response_are_sdk_level(vfake: AmplifyBackendFake, vclient: Any) -> None:
    make_backend(vclient)
    vclient.list_backend_jobs(**where(MaxResults=2))
    call = vfake.calls.of("ListBackendJobs")[0]
    assert call.params == {"AppId": APP, "BackendEnvironmentName": ENV, "MaxResults": 2}
    assert set(call.response or {}) == {"Jobs"}
    assert call.response is not None
    assert call.response["Jobs"][0]["Operation"] == "CreateBackend"


def test_a_call_is_an_immutable_named_tuple(vfake: AmplifyBackendFake, vclient: Any) -> None:
    make_backend(vclient)
    call = vfake.calls[-1]
    operation, params, status, response, error, account, region, when = call
    assert (operation, status, error, account, region) == (
        "CreateBackend",
        200,
        None,
        ACCOUNT,
        "us-east-1",
    )
    assert params == call.params
    assert response == call.response
    assert when == call.time
    assert call._asdict()["operation"] == "CreateBackend"
    with pytest.raises(AttributeError):
        call.status = 500  # type: ignore[misc]


def test_calls_rejected_by_validation_are_logged(vfake: AmplifyBackendFake) -> None:
    c = client(Config(parameter_validation=False))
    make_backend(c)
    bad = config(MIN_AUTH)
    bad["AuthResources"] = "NOPE"
    with pytest.raises(ClientError) as info:
        c.create_backend_auth(**where(ResourceName="a", ResourceConfig=bad))
    assert info.value.response["Error"]["Code"] == "BadRequestException"
    with pytest.raises(ClientError):
        c.list_backend_jobs(**where(MaxResults=50))
    auth = vfake.calls.of("CreateBackendAuth")
    assert len(auth) == 1
    assert auth[0].status == 400
    assert auth[0].error == "BadRequestException"
    assert auth[0].params["ResourceConfig"]["AuthResources"] == "NOPE"
    assert auth[0].response is None
    jobs = vfake.calls.of("ListBackendJobs", MaxResults=50)
    assert [(j.status, j.error) for j in jobs] == [(400, "BadRequestException")]


def test_unroutable_requests_are_logged_without_an_operation(vfake: AmplifyBackendFake) -> None:
    response = core_of(vfake).handle(WireRequest("PUT", "/nope"))
    assert response.status == 403  # API Gateway's MissingAuthenticationToken
    (call,) = list(vfake.calls)
    assert call.operation is None
    assert call.status == 403
    assert call.error == "MissingAuthenticationTokenException"
    assert call.params == {}
    assert call.response is None
    assert call.time == vfake.clock.time()
    assert "Call(None" in repr(call)


def test_of_filters_by_operation_and_params_subset(vfake: AmplifyBackendFake, vclient: Any) -> None:
    make_backend(vclient)
    vclient.create_backend_auth(**where(ResourceName="users", ResourceConfig=config(MIN_AUTH)))
    email = config(MIN_AUTH)
    email["UserPoolConfigs"]["SignInMethod"] = "EMAIL"
    vclient.create_backend_auth(**where(ResourceName="emails", ResourceConfig=email))
    assert len(vfake.calls.of("CreateBackendAuth")) == 2
    assert [c.params["ResourceName"] for c in vfake.calls.of("CreateBackendAuth", AppId=APP)] == [
        "users",
        "emails",
    ]
    nested = vfake.calls.of(
        "CreateBackendAuth", ResourceConfig={"UserPoolConfigs": {"SignInMethod": "EMAIL"}}
    )
    assert [c.params["ResourceName"] for c in nested] == ["emails"]
    assert vfake.calls.of("CreateBackendAuth", ResourceName="nobody") == []
    assert vfake.calls.of("CreateBackendAuth", ResourceConfig={"Nope": 1}) == []
    assert vfake.calls.of("GetBackendAuth") == []


def test_assert_helpers_pass(vfake: AmplifyBackendFake, vclient: Any) -> None:
    make_backend(vclient)
    vclient.create_backend_auth(**where(ResourceName="users", ResourceConfig=config(MIN_AUTH)))
    vfake.assert_called("CreateBackend")
    vfake.assert_called("CreateBackendAuth", ResourceName="users")
    vfake.assert_called(
        "CreateBackendAuth", ResourceConfig={"UserPoolConfigs": {"UserPoolName": "minimalPool"}}
    )
    vfake.assert_called_once("CreateBackendAuth")
    vfake.assert_called_once("CreateBackend", AppId=APP)
    vfake.assert_not_called("DeleteBackendAuth")
    vfake.assert_not_called("CreateBackendAuth", ResourceName="other")


def test_assert_called_message_shows_the_nearest_calls(
    vfake: AmplifyBackendFake, vclient: Any
) -> None:
    make_backend(vclient)
    vclient.create_backend_auth(**where(ResourceName="users", ResourceConfig=config(MIN_AUTH)))
    with pytest.raises(AssertionError) as info:
        vfake.assert_called("CreateBackendAuth", ResourceName="admins")
    message = str(info.value)
    assert "CreateBackendAuth" in message
    assert "'admins'" in message
    assert "nearest actual calls" in message
    assert "'users'" in message  # the actual call, shown


def test_assert_called_message_suggests_similar_operations(
    vfake: AmplifyBackendFake, vclient: Any
) -> None:
    make_backend(vclient)
    vclient.create_backend_auth(**where(ResourceName="users", ResourceConfig=config(MIN_AUTH)))
    with pytest.raises(AssertionError) as info:
        vfake.assert_called("UpdateBackendAuth")
    assert "Call(CreateBackendAuth" in str(info.value)


def test_assert_called_message_on_an_empty_log(vfake: AmplifyBackendFake) -> None:
    with pytest.raises(AssertionError, match="total calls recorded: 0"):
        vfake.assert_called("CreateBackend")


def test_assert_called_once_fails_for_two_calls(vfake: AmplifyBackendFake, vclient: Any) -> None:
    vclient.list_s3_buckets()
    vclient.list_s3_buckets()
    with pytest.raises(AssertionError) as info:
        vfake.assert_called_once("ListS3Buckets")
    message = str(info.value)
    assert "exactly once" in message
    assert "matching calls: 2" in message
    assert message.count("Call(ListS3Buckets") == 2
    with pytest.raises(AssertionError, match="matching calls: 0"):
        vfake.assert_called_once("CreateBackend")


def test_assert_not_called_fails_and_shows_the_call(
    vfake: AmplifyBackendFake, vclient: Any
) -> None:
    make_backend(vclient)
    with pytest.raises(AssertionError) as info:
        vfake.assert_not_called("CreateBackend", AppId=APP)
    message = str(info.value)
    assert "never" in message
    assert f"'{APP}'" in message
    assert "Call(CreateBackend" in message


def test_failed_calls_count_for_the_assert_helpers(vfake: AmplifyBackendFake) -> None:
    c = client(NO_RETRIES)
    vfake.faults.add("ListS3Buckets", error="GatewayTimeoutException")
    with pytest.raises(ClientError):
        c.list_s3_buckets()
    vfake.assert_called_once("ListS3Buckets")
    assert vfake.calls[0].status == 504
    assert "error='GatewayTimeoutException'" in repr(vfake.calls[0])


# -- secrets -------------------------------------------------------------------------------


def _secret_setup(vclient: Any) -> None:
    make_backend(vclient)
    vclient.create_backend_auth(**where(ResourceName="social", ResourceConfig=config(SECRET_AUTH)))


def test_secrets_are_masked_in_reprs(vfake: AmplifyBackendFake, vclient: Any) -> None:
    _secret_setup(vclient)
    session = vclient.create_token(AppId=APP)
    vclient.get_token(AppId=APP, SessionId=session["SessionId"])
    code = session["ChallengeCode"]
    (auth,) = vfake.calls.of("CreateBackendAuth")
    for text in (repr(auth), str(auth), repr(vfake.calls), repr(list(vfake.calls))):
        assert GOOGLE_SECRET not in text
        assert APPLE_KEY not in text
        assert f"'{code}'" not in text
    assert "'ClientSecret': '***'" in repr(auth)
    assert "'PrivateKey': '***'" in repr(auth)
    assert "google-client" in repr(auth)  # only the secrets are masked


def test_secrets_are_kept_in_params_and_response(vfake: AmplifyBackendFake, vclient: Any) -> None:
    _secret_setup(vclient)
    session = vclient.create_token(AppId=APP)
    (auth,) = vfake.calls.of("CreateBackendAuth")
    social = auth.params["ResourceConfig"]["UserPoolConfigs"]["OAuth"]["SocialProviderSettings"]
    assert social["Google"]["ClientSecret"] == GOOGLE_SECRET
    assert social["SignInWithApple"]["PrivateKey"] == APPLE_KEY
    (token,) = vfake.calls.of("CreateToken")
    assert token.response is not None
    assert token.response["ChallengeCode"] == session["ChallengeCode"]
    got = vclient.get_backend_auth(**where(ResourceName="social"))
    (read,) = vfake.calls.of("GetBackendAuth")
    assert read.response == body(got)
    assert GOOGLE_SECRET in str(read.response)


def test_secrets_are_masked_in_assertion_messages(vfake: AmplifyBackendFake, vclient: Any) -> None:
    _secret_setup(vclient)
    session = vclient.create_token(AppId=APP)
    wanted = {
        "UserPoolConfigs": {
            "OAuth": {
                "SocialProviderSettings": {
                    "Google": {"ClientSecret": "another-secret-5678"},
                    "SignInWithApple": {"PrivateKey": "another-private-key"},
                }
            }
        }
    }
    messages = []
    with pytest.raises(AssertionError) as info:
        vfake.assert_called("CreateBackendAuth", ResourceConfig=wanted)
    messages.append(str(info.value))
    with pytest.raises(AssertionError) as info:
        vfake.assert_not_called("CreateBackendAuth", ResourceName="social")
    messages.append(str(info.value))
    with pytest.raises(AssertionError) as info:
        vfake.assert_called_once("GetToken", ChallengeCode=session["ChallengeCode"])
    messages.append(str(info.value))
    for message in messages:
        for secret in (GOOGLE_SECRET, APPLE_KEY, "another-secret-5678", "another-private-key"):
            assert secret not in message
        assert f"'{session['ChallengeCode']}'" not in message
    assert "Call(CreateBackendAuth" in messages[1]
    assert "'***'" in messages[0]
    assert "'***'" in messages[2]


@pytest.mark.parametrize("assertion", ["assert_called", "assert_called_once", "assert_not_called"])
def test_a_misspelt_operation_in_an_assertion_names_the_right_one(
    vfake: AmplifyBackendFake, assertion: str
) -> None:
    with pytest.raises(UnknownOperationError, match="CreateBackend"):
        getattr(vfake, assertion)("CreateBakend")
    with pytest.raises(UnknownOperationError, match="CreateBackend"):
        vfake.calls.of("CreateBakend")
