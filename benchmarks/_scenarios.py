"""The calls the benchmarks make, the state they need, and moto's comparable calls."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from tests.fake.operations._support import AUTH_CONFIG

APP_GET = "d1bench"  # GetBackend / GetBackendJob
APP_AUTH = "d1benchauth"  # CreateBackendAuth adds resources here
APP_LIST = "d1benchlist"  # exactly LIST_JOBS jobs
ENV = "dev"
LIST_JOBS = 25
JOB_ID = "6e1f0b7c-2d4a-4c8e-9f3b-1a2b3c4d5e6f"
CREATED = 1_767_225_600.0  # 2026-01-01T00:00:00Z

OPERATIONS = (
    "CreateBackend",
    "GetBackend",
    "CreateBackendAuth",
    "GetBackendJob",
    "ListBackendJobs",
)

# The complete auth config the operation tests use (identity pool, user pool with MFA,
# password policy, verification message, OAuth with three social providers): one copy.
FULL_AUTH_CONFIG: dict[str, Any] = AUTH_CONFIG


def job(job_id: str, environment: str | None = ENV, at: float = CREATED) -> dict[str, Any]:
    """A completed job as a snapshot stores it."""
    return {
        "jobId": job_id,
        "operation": "CreateBackendAuth",
        "environment": environment,
        "created": at,
        "updated": at,
        "status": "COMPLETED",
        "completesAt": at,
        "error": None,
        "failWith": None,
    }


def job_id(index: int) -> str:
    """A repeatable, uuid-shaped job id."""
    return f"00000000-0000-4000-8000-{index:012d}"


def app(jobs: list[dict[str, Any]], environments: tuple[str, ...] = (ENV,)) -> dict[str, Any]:
    """An app with empty environments and ``jobs``, as a snapshot stores it."""
    return {
        "name": "shop",
        "config": None,
        "environments": {
            name: {
                "created": CREATED,
                "stackSuffix": "123456",
                "api": {},
                "auth": {},
                "storage": {},
                "models": {},
            }
            for name in environments
        },
        "tokens": {},
        "jobs": jobs,
    }


def snapshot(apps: dict[str, dict[str, Any]], account: str = "123456789012") -> dict[str, Any]:
    """A snapshot holding ``apps`` in ``account``/us-east-1 (fast seeding via ``restore``)."""
    return {
        "format": "amplify-fakes/snapshot",
        "version": 1,
        "clock": None,
        "accounts": {account: {"buckets": {}, "regions": {"us-east-1": {"apps": apps}}}},
    }


def per_call_state() -> dict[str, Any]:
    """What the per-call benchmark needs: an app with one job, one to add auth to, one with
    exactly 25 jobs."""
    return snapshot(
        {
            APP_GET: app([job(JOB_ID)]),
            APP_AUTH: app([]),
            APP_LIST: app([job(job_id(i), at=CREATED + i) for i in range(LIST_JOBS)]),
        }
    )


_counter = itertools.count()


def fake_call(operation: str) -> tuple[str, Callable[[], dict[str, Any]]]:
    """(boto3 method, a function giving the next call's parameters) for one operation.

    Creates get a fresh name on every call, so each one succeeds.
    """
    if operation == "CreateBackend":
        return "create_backend", lambda: {
            "AppId": f"d1new{next(_counter)}",
            "AppName": "shop",
            "BackendEnvironmentName": ENV,
        }
    if operation == "GetBackend":
        return "get_backend", lambda: {"AppId": APP_GET, "BackendEnvironmentName": ENV}
    if operation == "CreateBackendAuth":
        return "create_backend_auth", lambda: {
            "AppId": APP_AUTH,
            "BackendEnvironmentName": ENV,
            "ResourceName": f"auth{next(_counter)}",
            "ResourceConfig": FULL_AUTH_CONFIG,
        }
    if operation == "GetBackendJob":
        return "get_backend_job", lambda: {
            "AppId": APP_GET,
            "BackendEnvironmentName": ENV,
            "JobId": JOB_ID,
        }
    if operation == "ListBackendJobs":
        return "list_backend_jobs", lambda: {"AppId": APP_LIST, "BackendEnvironmentName": ENV}
    raise KeyError(operation)


# -- moto: a comparable rest-json call for each operation ------------------------------

MOTO_ANALOGUE = {
    "CreateBackend": "apigatewayv2 create_api",
    "GetBackend": "apigatewayv2 get_api",
    "CreateBackendAuth": "appsync create_graphql_api (full config)",
    "GetBackendJob": "appsync get_graphql_api",
    "ListBackendJobs": "apigatewayv2 get_routes (25 routes)",
}

GRAPHQL_FULL = {
    "authenticationType": "AMAZON_COGNITO_USER_POOLS",
    "userPoolConfig": {
        "userPoolId": "us-east-1_AbCdEf123",
        "awsRegion": "us-east-1",
        "defaultAction": "ALLOW",
        "appIdClientRegex": "^shop-.*$",
    },
    "logConfig": {
        "fieldLogLevel": "ERROR",
        "cloudWatchLogsRoleArn": "arn:aws:iam::123456789012:role/appsync-logs",
        "excludeVerboseContent": True,
    },
    "additionalAuthenticationProviders": [
        {"authenticationType": "API_KEY"},
        {"authenticationType": "AWS_IAM"},
        {
            "authenticationType": "OPENID_CONNECT",
            "openIDConnectConfig": {"issuer": "https://id.example.com", "clientId": "shop"},
        },
    ],
    "tags": {"team": "shop", "stage": "bench"},
    "xrayEnabled": True,
}


class MotoAnalogues:
    """moto's state for the comparable calls; :meth:`prepare` recreates it (moto resets
    its backends when a mock starts)."""

    def __init__(self, session: Any):
        self.apigw = session.client("apigatewayv2", region_name="us-east-1")
        self.appsync = session.client("appsync", region_name="us-east-1")
        self.api_id = ""
        self.graphql_id = ""

    def prepare(self) -> None:
        self.api_id = self.apigw.create_api(Name="shop", ProtocolType="HTTP")["ApiId"]
        for index in range(LIST_JOBS):
            self.apigw.create_route(ApiId=self.api_id, RouteKey=f"GET /items/{index}")
        self.graphql_id = self.appsync.create_graphql_api(name="shop", **GRAPHQL_FULL)[
            "graphqlApi"
        ]["apiId"]

    def clients(self) -> tuple[Any, Any]:
        """The two clients the comparable calls go through."""
        return self.apigw, self.appsync

    def call(self, operation: str) -> Callable[[], Any]:
        """A zero-argument function making the comparable call once."""
        if operation == "CreateBackend":
            return lambda: self.apigw.create_api(Name="shop", ProtocolType="HTTP")
        if operation == "GetBackend":
            return lambda: self.apigw.get_api(ApiId=self.api_id)
        if operation == "CreateBackendAuth":
            return lambda: self.appsync.create_graphql_api(name="shop", **GRAPHQL_FULL)
        if operation == "GetBackendJob":
            return lambda: self.appsync.get_graphql_api(apiId=self.graphql_id)
        if operation == "ListBackendJobs":
            return lambda: self.apigw.get_routes(ApiId=self.api_id)
        raise KeyError(operation)
