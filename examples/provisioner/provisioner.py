"""Provision an Amplify Admin UI backend: an environment with auth and storage.

Each Create* call starts an asynchronous job; :func:`provision` waits for every job to
finish before the next step and reads back what was built. Throttled calls
(``TooManyRequestsException``, HTTP 429) are retried by botocore itself when the client
comes from :func:`make_client` (standard retry mode).
"""

from __future__ import annotations

import json
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import WaiterError

# botocore ships no waiter for amplifybackend; amplify-fakes provides a plain botocore one.
from amplify_fakes.waiters import backend_job_completed

DEFAULT_MAX_ATTEMPTS = 5
AUTH_NAME = "userpool"
STORAGE_NAME = "media"


class ProvisioningError(RuntimeError):
    """A backend job did not complete: names the operation, the job and why."""

    def __init__(self, operation: str, job_id: str, reason: str) -> None:
        super().__init__(f"{operation} job {job_id} did not complete: {reason}")
        self.operation = operation
        self.job_id = job_id
        self.reason = reason


def client_config(max_attempts: int = DEFAULT_MAX_ATTEMPTS) -> Config:
    """A botocore Config that retries throttling and timeouts (standard mode)."""
    return Config(retries={"mode": "standard", "max_attempts": max_attempts})


def make_client(region: str, *, max_attempts: int = DEFAULT_MAX_ATTEMPTS) -> Any:
    """An amplifybackend client for ``region`` with :func:`client_config` retries."""
    return boto3.client("amplifybackend", region_name=region, config=client_config(max_attempts))


def wait_for_job(
    client: Any,
    where: dict[str, str],
    operation: str,
    job_id: str,
    waiter_config: dict[str, int] | None = None,
) -> None:
    """Wait until job ``job_id`` of backend ``where`` (AppId, BackendEnvironmentName) is COMPLETED.

    Raises :class:`ProvisioningError` naming ``operation`` when it ends FAILED or the
    waiter gives up.
    """
    extra = {"WaiterConfig": waiter_config} if waiter_config else {}
    try:
        backend_job_completed(client).wait(JobId=job_id, **where, **extra)
    except WaiterError as error:
        last = error.last_response or {}
        job_error = last.get("Error")  # a FAILED job's reason (a string); else an API error
        reason = job_error if isinstance(job_error, str) and job_error else str(error)
        raise ProvisioningError(operation, job_id, reason) from error


def provision(
    client: Any,
    app_id: str,
    env: str,
    *,
    app_name: str,
    auth_config: dict[str, Any],
    storage_config: dict[str, Any],
    waiter_config: dict[str, int] | None = None,
) -> dict[str, Any]:
    """Create backend ``env`` of ``app_id`` with auth and storage; return the resulting config.

    The result holds ``AmplifyMetaConfig`` (GetBackend's amplify-meta document, parsed)
    and the ResourceConfig of each resource under ``Auth`` and ``Storage`` by name.
    """
    where = {"AppId": app_id, "BackendEnvironmentName": env}
    steps: list[tuple[str, Any]] = [
        ("CreateBackend", lambda: client.create_backend(AppName=app_name, **where)),
        (
            "CreateBackendAuth",
            lambda: client.create_backend_auth(
                ResourceName=AUTH_NAME, ResourceConfig=auth_config, **where
            ),
        ),
        (
            "CreateBackendStorage",
            lambda: client.create_backend_storage(
                ResourceName=STORAGE_NAME, ResourceConfig=storage_config, **where
            ),
        ),
    ]
    for operation, start in steps:
        wait_for_job(client, where, operation, start()["JobId"], waiter_config)

    backend = client.get_backend(**where)
    auth = client.get_backend_auth(ResourceName=AUTH_NAME, **where)
    storage = client.get_backend_storage(ResourceName=STORAGE_NAME, **where)
    return {
        **where,
        "AmplifyMetaConfig": json.loads(backend["AmplifyMetaConfig"]),
        "Auth": {AUTH_NAME: auth["ResourceConfig"]},
        "Storage": {STORAGE_NAME: storage["ResourceConfig"]},
    }
