"""The fake-credentials environment: one definition for the mock, the plugin and benchmarks.

While a fake answers, nothing may fall back to real AWS credentials: the access keys are
``testing``, the shared config and credentials files are the null device, instance
metadata is off, and profile and session-token variables are gone. Everything is restored
afterwards, the way :func:`unittest.mock.patch.dict` restores a dict (it is what this uses).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

#: The access key id and secret key of the fake credentials.
FAKE_KEY = ("testing", "testing")

#: Variables set while a fake is active.
FAKE_ENVIRONMENT = {
    "AWS_ACCESS_KEY_ID": FAKE_KEY[0],
    "AWS_SECRET_ACCESS_KEY": FAKE_KEY[1],
    "AWS_EC2_METADATA_DISABLED": "true",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
}

#: Variables removed while a fake is active (they would select real credentials).
REMOVED_ENVIRONMENT = (
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
)


def fake_environment(region: str) -> dict[str, str]:
    """The variables to set for a fake in ``region`` (the default region included)."""
    return {**FAKE_ENVIRONMENT, "AWS_DEFAULT_REGION": region}


@contextmanager
def fake_credentials(region: str) -> Iterator[dict[str, str]]:
    """Fake credentials in ``os.environ`` for the block, then the environment as it was.

    A default region already set stays; only a missing one becomes ``region``.
    Yields the variables set.
    """
    from unittest import mock  # imports asyncio: only when a mock starts, not with the plugin

    environment = fake_environment(region)
    if os.environ.get("AWS_DEFAULT_REGION"):
        environment["AWS_DEFAULT_REGION"] = os.environ["AWS_DEFAULT_REGION"]
    with mock.patch.dict(os.environ, environment):
        for name in REMOVED_ENVIRONMENT:
            os.environ.pop(name, None)
        yield environment
