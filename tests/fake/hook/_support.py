"""Shared helpers for the botocore-hook tests: the network guard and client factories."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import boto3
import botocore.session
from botocore.awsrequest import AWSResponse
from botocore.config import Config

APP = "d1hookapp"
ENV = "dev"

#: Environment variables through which botocore could find credentials or settings.
AWS_VARIABLES = (
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_DEFAULT_REGION",
    "AWS_REGION",
    "AWS_ROLE_ARN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_AMPLIFYBACKEND",
    "AWS_CA_BUNDLE",
    "AWS_MAX_ATTEMPTS",
    "AWS_RETRY_MODE",
)

#: A client configuration that never waits: one attempt, tiny timeouts.
ONE_SHOT = Config(connect_timeout=0.01, read_timeout=0.01, retries={"total_max_attempts": 1})

#: An endpoint nothing listens on (the discard port on loopback); never the internet.
DEAD_ENDPOINT = "http://127.0.0.1:9"


class NetworkBlocked(RuntimeError):
    """Raised by the socket guard instead of touching the network."""


class NetworkGuard:
    """Records every attempt to resolve a name or connect; each attempt raises NetworkBlocked."""

    def __init__(self) -> None:
        self.attempts: list[tuple[str, Any]] = []

    def refuse(self, kind: str, target: Any) -> NetworkBlocked:
        """Record the attempt and return the exception to raise for it."""
        self.attempts.append((kind, target))
        return NetworkBlocked(f"test tried to reach the network: {kind} {target!r}")


ClientFactory = Callable[..., Any]


def via_boto3_client(region: str, **kwargs: Any) -> Any:
    """An amplifybackend client from ``boto3.client`` (boto3's default session)."""
    return boto3.client("amplifybackend", region_name=region, **kwargs)


def via_boto3_session(region: str, **kwargs: Any) -> Any:
    """An amplifybackend client from a new ``boto3.Session``."""
    return boto3.Session().client("amplifybackend", region_name=region, **kwargs)


def via_botocore_session(region: str, **kwargs: Any) -> Any:
    """An amplifybackend client from a new botocore session."""
    return botocore.session.get_session().create_client(
        "amplifybackend", region_name=region, **kwargs
    )


FACTORIES: dict[str, ClientFactory] = {
    "boto3.client": via_boto3_client,
    "boto3.Session().client": via_boto3_session,
    "botocore.session.create_client": via_botocore_session,
}


def error_code(exc: Any) -> str:
    """The ``Error.Code`` of a botocore ClientError."""
    return str(exc.response["Error"]["Code"])


def status_of(response: Any) -> int:
    """The HTTP status botocore recorded for a response or an error response."""
    return int(response["ResponseMetadata"]["HTTPStatusCode"])


class _Body:
    def __init__(self, body: bytes):
        self._body = body

    def stream(self, **_: Any) -> Any:
        yield self._body


def canned_response(url: str, status: int, headers: dict[str, str], body: bytes) -> AWSResponse:
    """An HTTP answer as a before-send handler returns one (no fake behind it)."""
    return AWSResponse(url, status, headers, _Body(body))
