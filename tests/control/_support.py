"""Configs, clients and small helpers shared by the control-surface tests.

The control surface is what a test author drives the fake with: fault injection, the call
log, the clock, the job waiter and snapshots. Everything here talks to the fake through
boto3, the way a user's code would.
"""

from __future__ import annotations

import copy
from typing import Any

import boto3
from botocore.config import Config

# the minimal configs, defined once with the operation tests (re-exported for these tests)
from tests.fake.operations._support import MIN_API as MIN_API
from tests.fake.operations._support import MIN_AUTH as MIN_AUTH
from tests.fake.operations._support import MIN_STORAGE as MIN_STORAGE

APP = "d1appcontrol"
ENV = "dev"
REGION = "us-east-1"
ACCOUNT = "123456789012"


GOOGLE_SECRET = "google-secret-value-1234"
APPLE_KEY = "-----BEGIN PRIVATE KEY-----apple-key-material-----END PRIVATE KEY-----"

# An auth config carrying every kind of secret a request can hold.
SECRET_AUTH: dict[str, Any] = {
    "AuthResources": "USER_POOL_ONLY",
    "Service": "COGNITO",
    "UserPoolConfigs": {
        "UserPoolName": "secretPool",
        "SignInMethod": "EMAIL",
        "RequiredSignUpAttributes": ["EMAIL"],
        "OAuth": {
            "DomainPrefix": "shop-auth",
            "OAuthGrantType": "CODE",
            "OAuthScopes": ["EMAIL", "OPENID"],
            "RedirectSignInURIs": ["https://shop.example.com/signin"],
            "RedirectSignOutURIs": ["https://shop.example.com/signout"],
            "SocialProviderSettings": {
                "Google": {"ClientId": "google-client", "ClientSecret": GOOGLE_SECRET},
                "SignInWithApple": {
                    "ClientId": "com.example.shop",
                    "KeyId": "KEY123",
                    "PrivateKey": APPLE_KEY,
                    "TeamId": "TEAM123",
                },
            },
        },
    },
}

#: No retries at all: one attempt per call, so an injected 429/504 reaches the test.
NO_RETRIES = Config(retries={"total_max_attempts": 1, "mode": "standard"})


def config(value: dict[str, Any]) -> dict[str, Any]:
    """A private deep copy of a shared config (tests never mutate the module constants)."""
    return copy.deepcopy(value)


def client(config: Config | None = None, region: str = REGION) -> Any:
    """A boto3 amplifybackend client (answered by whichever fake is active)."""
    return boto3.client("amplifybackend", region_name=region, config=config)


def fresh_client(config: Config | None = None, region: str = REGION) -> Any:
    """A client from a new boto3 Session, so the retry settings come only from ``config``
    and the environment (tests scrub ``AWS_RETRY_MODE`` and friends first)."""
    session = boto3.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name=region
    )
    return session.client("amplifybackend", config=config)


def body(response: dict[str, Any]) -> dict[str, Any]:
    """A boto3 response without its ResponseMetadata."""
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


def where(**extra: Any) -> dict[str, Any]:
    """``AppId``/``BackendEnvironmentName`` of the default backend plus ``extra``."""
    return {"AppId": APP, "BackendEnvironmentName": ENV, **extra}


def make_backend(c: Any, app: str = APP, env: str = ENV) -> dict[str, Any]:
    """CreateBackend for ``app``/``env``."""
    return dict(c.create_backend(AppId=app, AppName="shop", BackendEnvironmentName=env))
