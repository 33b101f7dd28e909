"""Fixtures for the botocore-hook tests: an isolated AWS environment and a network guard.

Every test in this directory runs with

- no AWS credentials, profile, region or config from the machine (the shared credentials
  and config files point at empty temporary files, instance metadata is disabled), and
  boto3's cached default session cleared, so nothing leaks in from the host or from
  other tests;
- a socket guard: any attempt to resolve a host name or open a connection is recorded
  and refused, so a request the fake fails to answer can never reach the network.
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import boto3
import pytest

from amplify_fakes._guard import AWS_GUARD
from tests.fake.hook._support import AWS_VARIABLES, NetworkGuard


@pytest.fixture(autouse=True)
def isolated_aws_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No credentials, profile, region or config file from the machine; a fresh boto3 session."""
    for name in AWS_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    credentials = tmp_path / "aws-credentials"
    config = tmp_path / "aws-config"
    credentials.write_text("")
    config.write_text("")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)


@pytest.fixture(autouse=True)
def _without_the_plugins_aws_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests show what the library does without the pytest plugin: a request no
    fake answers goes to the network (which ``network_guard`` refuses and records). The
    plugin's own guard would refuse it earlier; tests/reliability covers that guard."""
    monkeypatch.setattr(AWS_GUARD, "enabled", False)


@pytest.fixture(autouse=True)
def network_guard(monkeypatch: pytest.MonkeyPatch) -> NetworkGuard:
    """Refuse (and record) every DNS lookup and connection attempt during the test."""
    guard = NetworkGuard()

    def connect(self: socket.socket, address: Any) -> None:
        raise guard.refuse("connect", address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        raise guard.refuse("connect_ex", address)

    def create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
        raise guard.refuse("create_connection", address)

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        raise guard.refuse("getaddrinfo", (host, port))

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return guard
