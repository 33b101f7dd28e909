"""The plugin's fail-closed guard: no amplifybackend request leaves unless a fake answers it."""

from __future__ import annotations

import ipaddress
import sys
from typing import Any
from urllib.parse import urlsplit

import botocore.handlers

from amplify_fakes._botocore_hook import EVENT, HOOK, SIGN_EVENT
from amplify_fakes.errors import UsageError

LIVE = "--amplifybackend-live"
INI_ALLOWED_HOSTS = "amplifybackend_allowed_hosts"


class AwsGuard:
    """A ``before-sign`` and ``before-send`` handler for amplifybackend: no request leaves
    unless a fake answers it.

    ``before-sign`` comes first, before botocore looks for credentials, so a job with no
    AWS credentials at all gets this UsageError, not botocore's NoCredentialsError.

    Enabled by the plugin for the session (see the module docstring). A request that an
    active fake answers, or that goes to a loopback address or an allowed host, passes.
    """

    def __init__(self) -> None:
        self.enabled = False
        self.allowed_hosts: frozenset[str] = frozenset()

    def __call__(self, request: Any, **_: Any) -> None:
        if not self.enabled or HOOK.current() is not None:
            return
        host = (urlsplit(request.url).hostname or "").lower()
        if _is_loopback(host) or host in self.allowed_hosts:
            return
        raise UsageError(
            f"amplify-fakes refused an amplifybackend request to {host or request.url!r}: no "
            "fake is active, and the pytest plugin does not let tests reach AWS by accident. "
            "Use the amplifybackend_client or amplifybackend_fake fixture (or "
            f"mock_amplifybackend()); run with {LIVE} to test against AWS on purpose, or list "
            f"the host in the {INI_ALLOWED_HOSTS} ini option."
        )


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


AWS_GUARD = AwsGuard()
_GUARD_ID = "amplify_fakes.pytest_plugin.aws_guard"


def _install_guard() -> None:
    """Register :data:`AWS_GUARD` for future botocore sessions and boto3's current one."""
    for event in (SIGN_EVENT, EVENT):
        entry = (event, AWS_GUARD)
        if not any(e[0] == event and e[1] is AWS_GUARD for e in botocore.handlers.BUILTIN_HANDLERS):
            botocore.handlers.BUILTIN_HANDLERS.append(entry)
        boto3_module = sys.modules.get("boto3")
        session = getattr(boto3_module, "DEFAULT_SESSION", None)
        if session is not None:
            session.events.register(event, AWS_GUARD, unique_id=f"{_GUARD_ID}.{event}")
