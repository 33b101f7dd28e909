"""CLAIMS: what a python example's end-of-line comment says, checked against the value."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: The namespace a python example runs in; a claim's check may read it.
Namespace = dict[str, Any]

Claim = Callable[[Any, Namespace], None]
#: A comment ending a statement's line -> the check of the statement's value against it.
CLAIMS: dict[str, Claim] = {}


def claim(comment: str) -> Callable[[Claim], Claim]:
    def register(check: Claim) -> Claim:
        CLAIMS[comment] = check
        return check

    return register


@claim("throttled twice, retried by botocore")
def _throttled_twice(value: Any, namespace: Namespace) -> None:
    assert value["ResponseMetadata"]["RetryAttempts"] == 2
    statuses = [call.status for call in namespace["fake"].calls.of("GetBackend")]
    assert statuses == [429, 429, 200]


@claim("every request, in order: CreateBackend, then GetBackend three times")
def _every_request(value: Any, namespace: Namespace) -> None:
    assert [call.operation for call in value] == ["CreateBackend", *["GetBackend"] * 3]
    times = [call.time for call in value]
    assert times == sorted(times)


@claim("the three attempts: 429, 429, 200")
def _three_attempts(value: Any, namespace: Namespace) -> None:
    assert [call.status for call in value] == [429, 429, 200]


@claim("26 lowercase letters and digits")
def _appsync_id(value: Any, namespace: Namespace) -> None:
    assert re.fullmatch(r"[a-z0-9]{26}", value), value


@claim("https://<id>.appsync-api.us-east-1.amazonaws.com/graphql")
def _appsync_endpoint(value: Any, namespace: Namespace) -> None:
    api_id = namespace["api"]["GraphQLAPIIdOutput"]
    assert value == f"https://{api_id}.appsync-api.us-east-1.amazonaws.com/graphql"


@claim('da2-..., when API_KEY is an auth mode; api["authConfig"] too')
def _api_key(value: Any, namespace: Namespace) -> None:
    assert value.startswith("da2-"), value
    assert "authConfig" in namespace["api"]


@claim("us-east-1_AbCd12345, ...")
def _user_pool(value: Any, namespace: Namespace) -> None:
    pool_id, arn, name = value
    assert re.fullmatch(r"us-east-1_[A-Za-z0-9]{9}", pool_id), pool_id
    assert arn.endswith(f":userpool/{pool_id}"), arn
    assert isinstance(name, str)
    assert name


@claim("with IDENTITY_POOL_AND_USER_POOL")
def _identity_pool(value: Any, namespace: Namespace) -> None:
    identity_pool_id, name = value
    assert re.fullmatch(r"us-east-1:[0-9a-f-]{36}", identity_pool_id), identity_pool_id
    assert isinstance(name, str)
    assert name


@claim('{"BucketName": ..., "Region": ...}')
def _bucket(value: Any, namespace: Namespace) -> None:
    assert set(value) == {"BucketName", "Region"}
    assert value["Region"] == "us-east-1"


@claim("amplify-d1app-dev-123456")
def _stack_name(value: Any, namespace: Namespace) -> None:
    assert re.fullmatch(r"amplify-d1app-dev-\d{6}", value), value


@claim("until COMPLETED")
def _waited(value: Any, namespace: Namespace) -> None:
    fake = namespace["fake"]
    assert [job["Status"] for job in fake.jobs("d1app", "dev")] == ["COMPLETED"]
    created, *polls = [call.time for call in fake.calls]
    assert polls, "the waiter never polled"
    assert polls[-1] - created >= 5  # the 5 s job, on the virtual clock


@claim('JSON-serialisable, {"format": ..., "version": 2, ...}')
def _snapshot(value: Any, namespace: Namespace) -> None:
    assert json.loads(json.dumps(value)) == value
    assert value["version"] == 2
    assert "format" in value


@claim("atomic: temp file, then rename")
def _saved(value: Any, namespace: Namespace) -> None:
    assert sorted(path.name for path in Path.cwd().iterdir()) == ["state.json"]  # no temp left
    assert json.loads(Path("state.json").read_text(encoding="utf-8")) == namespace["snapshot"]


@claim("boto3, endpoint_url=server.url, fake credentials")
def _server_client(value: Any, namespace: Namespace) -> None:
    assert value.meta.endpoint_url == namespace["server"].url
    assert value._request_signer._credentials.access_key == "testing"


@claim("raises the first defect a request hit, if any")
def _checked(value: Any, namespace: Namespace) -> None:
    assert value is None


@claim("the 31 names, botocore spelling")
def _operations(value: Any, namespace: Namespace) -> None:
    assert len(value) == len(set(value)) == 31
    assert "CreateBackendAPI" in value


@claim('part: "request" | "response"')
def _request_schema(value: Any, namespace: Namespace) -> None:
    assert "ResourceConfig" in value["properties"]


@claim('level: "sdk" | "wire"')
def _wire_schema(value: Any, namespace: Namespace) -> None:
    assert "jobId" in value["properties"]
    assert "JobId" not in value["properties"]


@claim("the whole document (a copy)")
def _contract(value: Any, namespace: Namespace) -> None:
    assert "x-amplifybackend" in value
    value.clear()
    assert namespace["contracts"].contract("ListBackendJobs"), "the copy was the cache itself"
