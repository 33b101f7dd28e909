"""Tests for provisioner.py against the amplify-fakes fixtures (no AWS involved).

Jobs take 5 s each (``jobs="clock"``) on a virtual clock: the waiter's polls and botocore's
retry back-off advance the fake's clock instead of sleeping.
"""

from __future__ import annotations

from typing import Any

import pytest
from provisioner import AUTH_NAME, STORAGE_NAME, ProvisioningError, provision

from amplify_fakes import AmplifyBackendFake

APP_ID = "d1example"
ENV = "dev"
JOB_SECONDS = 5.0  # the fake's default job duration with jobs="clock"

AUTH_CONFIG: dict[str, Any] = {
    "AuthResources": "USER_POOL_ONLY",
    "Service": "COGNITO",
    "UserPoolConfigs": {
        "UserPoolName": "shopUsers",
        "SignInMethod": "EMAIL",
        "RequiredSignUpAttributes": ["EMAIL"],
    },
}
STORAGE_CONFIG: dict[str, Any] = {
    "ServiceName": "S3",
    "BucketName": "shop-media",
    "Permissions": {"Authenticated": ["READ", "CREATE_AND_UPDATE"], "UnAuthenticated": ["READ"]},
}

virtual_jobs = pytest.mark.amplifybackend(jobs="clock", clock="virtual")


def run(client: Any) -> dict[str, Any]:
    return provision(
        client,
        APP_ID,
        ENV,
        app_name="shop",
        auth_config=AUTH_CONFIG,
        storage_config=STORAGE_CONFIG,
    )


@virtual_jobs
def test_provision_returns_backend_auth_and_storage(
    amplifybackend_client: Any, amplifybackend_fake: AmplifyBackendFake
) -> None:
    start = amplifybackend_fake.clock.time()

    result = run(amplifybackend_client)

    meta = result["AmplifyMetaConfig"]
    assert meta["providers"]["awscloudformation"]["AmplifyAppId"] == APP_ID
    assert AUTH_NAME in meta["auth"]
    assert STORAGE_NAME in meta["storage"]
    assert result["Auth"][AUTH_NAME]["UserPoolConfigs"]["UserPoolName"] == "shopUsers"
    assert result["Storage"][STORAGE_NAME]["BucketName"] == "shop-media"
    # Three jobs of 5 s each were waited for on the virtual clock, not in real time.
    assert amplifybackend_fake.clock.time() - start >= 3 * JOB_SECONDS
    assert [job["Status"] for job in amplifybackend_fake.jobs(APP_ID, ENV)] == ["COMPLETED"] * 3


@virtual_jobs
def test_throttled_create_auth_is_retried_by_botocore(
    amplifybackend_client: Any, amplifybackend_fake: AmplifyBackendFake
) -> None:
    throttle = amplifybackend_fake.faults.add(
        "CreateBackendAuth", error="TooManyRequestsException", times=2
    )

    result = run(amplifybackend_client)

    assert AUTH_NAME in result["Auth"]
    assert throttle.injected == 2
    attempts = amplifybackend_fake.calls.of("CreateBackendAuth", ResourceName=AUTH_NAME)
    assert [call.status for call in attempts] == [429, 429, 200]
    assert [call.error for call in attempts] == [
        "TooManyRequestsException",
        "TooManyRequestsException",
        None,
    ]
    # The back-off between attempts advanced the virtual clock.
    assert attempts[-1].time > attempts[0].time
    amplifybackend_fake.assert_called_once("CreateBackendStorage")


@virtual_jobs
def test_failed_storage_job_raises_provisioning_error(
    amplifybackend_client: Any, amplifybackend_fake: AmplifyBackendFake
) -> None:
    amplifybackend_fake.faults.fail_next_job("CreateBackendStorage", error="bucket quota")
    start = amplifybackend_fake.clock.time()

    with pytest.raises(ProvisioningError, match="CreateBackendStorage") as info:
        run(amplifybackend_client)

    assert info.value.operation == "CreateBackendStorage"
    assert info.value.reason == "bucket quota"
    failed = [job for job in amplifybackend_fake.jobs(APP_ID, ENV) if job["Status"] == "FAILED"]
    assert [job["JobId"] for job in failed] == [info.value.job_id]
    assert amplifybackend_fake.clock.time() - start >= 3 * JOB_SECONDS
    amplifybackend_fake.assert_not_called("GetBackendStorage")
