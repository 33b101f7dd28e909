"""The AWS CLI (``python -m awscli``, from PyPI) against the server: the same cycle, JSON out."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from amplify_fakes.server import FakeServer
from tests.fake.operations._support import MIN_STORAGE
from tests.server._support import APP, ENV, TIMEOUT, fake_aws_env


def aws(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``aws amplifybackend ARGS --endpoint-url URL`` with fake credentials."""
    command = [sys.executable, "-m", "awscli", "amplifybackend", *args, "--endpoint-url", url]
    return subprocess.run(
        [*command, "--region", "us-east-1", "--output", "json"],
        capture_output=True,
        text=True,
        env=fake_aws_env(),
        timeout=TIMEOUT * 3,
        check=False,
    )


def ok(url: str, *args: str) -> Any:
    """The JSON the AWS CLI prints for a successful call."""
    done = aws(url, *args)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_full_cycle_through_the_aws_cli(server: FakeServer) -> None:
    url, where = server.url, ("--app-id", APP, "--backend-environment-name", ENV)
    created = ok(url, "create-backend", "--app-name", "shop", *where)
    assert (created["AppId"], created["Status"]) == (APP, "COMPLETED")
    config = json.dumps(MIN_STORAGE)
    ok(
        url,
        "create-backend-storage",
        *where,
        "--resource-name",
        "media",
        "--resource-config",
        config,
    )

    got = ok(url + "/prod", "get-backend-storage", *where, "--resource-name", "media")
    assert got["ResourceConfig"]["Permissions"] == {"Authenticated": ["READ"]}

    update = json.dumps({"ServiceName": "S3", "Permissions": {"Authenticated": ["READ", "DELETE"]}})
    ok(
        url,
        "update-backend-storage",
        *where,
        "--resource-name",
        "media",
        "--resource-config",
        update,
    )
    jobs = ok(url, "list-backend-jobs", *where)["Jobs"]
    assert [j["Operation"] for j in jobs] == [
        "CreateBackend",
        "CreateBackendStorage",
        "UpdateBackendStorage",
    ]

    ok(url, "delete-backend", *where)
    missing = aws(url, "get-backend", "--app-id", APP, "--backend-environment-name", ENV)
    assert missing.returncode in (254, 255)  # AWS CLI v2 and v1 exit codes for a service error
    assert "NotFoundException" in missing.stderr
    assert [c.account for c in server.fake.calls] == ["123456789012"] * 7
