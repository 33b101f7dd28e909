"""Waiters for amplifybackend, built from a botocore waiter model.

botocore ships no waiters for amplifybackend; this module adds the one callers need:
wait until a backend job is done.

>>> import boto3
>>> from amplify_fakes import mock_amplifybackend
>>> from amplify_fakes.waiters import backend_job_completed
>>> with mock_amplifybackend(clock="virtual") as fake:
...     client = boto3.client("amplifybackend", region_name="us-east-1")
...     job = client.create_backend(AppId="d1app", AppName="shop", BackendEnvironmentName="dev")
...     backend_job_completed(client).wait(
...         AppId="d1app", BackendEnvironmentName="dev", JobId=job["JobId"]
...     )
...     fake.jobs("d1app", "dev")[0]["Status"]
'COMPLETED'
"""

from __future__ import annotations

from typing import Any

from botocore.waiter import Waiter, WaiterModel, create_waiter_with_client

__all__ = ["WAITER_MODEL", "backend_job_completed"]

#: The waiter model (botocore's ``waiters-2`` format) behind :func:`backend_job_completed`.
WAITER_MODEL: dict[str, Any] = {
    "version": 2,
    "waiters": {
        "BackendJobCompleted": {
            "operation": "GetBackendJob",
            "delay": 5,
            "maxAttempts": 120,
            "acceptors": [
                {
                    "state": "success",
                    "matcher": "path",
                    "argument": "Status",
                    "expected": "COMPLETED",
                },
                {"state": "failure", "matcher": "path", "argument": "Status", "expected": "FAILED"},
            ],
        }
    },
}


def backend_job_completed(client: Any) -> Waiter:
    """A botocore ``Waiter`` that polls GetBackendJob until ``COMPLETED``; ``FAILED`` fails it.

    Use it as any botocore waiter: ``.wait(AppId=..., BackendEnvironmentName=...,
    JobId=..., WaiterConfig={"Delay": 5, "MaxAttempts": 120})``; a ``FAILED`` job raises
    ``botocore.exceptions.WaiterError``. It works unchanged against AWS. Against a fake
    with ``clock="virtual"``, each poll's delay advances the fake's clock instead of
    sleeping, so waiting for a five-minute job takes milliseconds.
    """
    return create_waiter_with_client("BackendJobCompleted", WaiterModel(WAITER_MODEL), client)
