"""Apps that exist outside amplifybackend, and Studio enabled on them (issue 15, point 4).

The Amplify CLI's own flow (amplify-e2e-core ``enableAdminUI``): CreateBackendConfig with
only ``AppId``, then poll GetBackendJob with the JobId and the BackendEnvironmentName
*from that answer* until COMPLETED.
"""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from amplify_fakes import AmplifyBackendFake, UsageError, mock_amplifybackend
from amplify_fakes.server import FakeServer
from tests.server._support import raw, serve

CONSOLE_APP = "d2consoleapp"


def enable_admin_ui(client: Any, app_id: str, attempts: int = 10) -> dict[str, Any]:
    """What the CLI's e2e helper does, in its order, reading what it reads."""
    answer = client.create_backend_config(AppId=app_id)
    job_id, environment = answer["JobId"], answer["BackendEnvironmentName"]
    for _ in range(attempts):
        job = client.get_backend_job(JobId=job_id, AppId=app_id, BackendEnvironmentName=environment)
        if job["Status"] == "COMPLETED":
            return dict(job)
        if job["Status"] == "FAILED":
            raise AssertionError(f"Setting up Amplify Studio failed: {job}")
    raise AssertionError(f"job {job_id} did not complete in {attempts} polls")


def test_studio_can_be_enabled_on_an_app_seeded_with_an_environment(
    fake: AmplifyBackendFake, client: Any
) -> None:
    fake.add_app(CONSOLE_APP, app_name="shop", environments=["integtest"])

    job = enable_admin_ui(client, CONSOLE_APP)

    assert job["BackendEnvironmentName"] == "integtest"
    assert job["Operation"] == "CreateBackendConfig"
    backend = client.get_backend(AppId=CONSOLE_APP)
    assert backend["AppName"] == "shop"
    assert backend["BackendEnvironmentList"] == ["integtest"]
    assert fake.backend(CONSOLE_APP, "integtest")["Config"] == {"BackendManagerAppId": CONSOLE_APP}


def test_an_app_with_no_environment_gets_studios_staging_environment(
    fake: AmplifyBackendFake, client: Any
) -> None:
    fake.add_app(CONSOLE_APP)
    assert client.get_backend(AppId=CONSOLE_APP)["BackendEnvironmentList"] == []

    job = enable_admin_ui(client, CONSOLE_APP)

    assert job["BackendEnvironmentName"] == "staging"
    assert client.get_backend(AppId=CONSOLE_APP)["BackendEnvironmentList"] == ["staging"]


def test_with_a_clock_the_cli_polls_until_the_job_completes(
    clock_fake: AmplifyBackendFake,
) -> None:
    client = boto3.client("amplifybackend", region_name="us-east-1")
    clock_fake.add_app(CONSOLE_APP, environments=["dev"])
    answer = client.create_backend_config(AppId=CONSOLE_APP)
    poll = {
        "JobId": answer["JobId"],
        "AppId": CONSOLE_APP,
        "BackendEnvironmentName": answer["BackendEnvironmentName"],
    }
    assert client.get_backend_job(**poll)["Status"] == "IN_PROGRESS"
    clock_fake.clock.advance(5)
    assert client.get_backend_job(**poll)["Status"] == "COMPLETED"


def test_an_app_nobody_seeded_or_created_stays_a_404(client: Any) -> None:
    with pytest.raises(client.exceptions.NotFoundException) as caught:
        client.create_backend_config(AppId="d9nobodyknows")
    assert caught.value.response["ResourceType"] == "App"


def test_add_app_refuses_bad_seeds_and_changes_nothing(fake: AmplifyBackendFake) -> None:
    fake.add_app(CONSOLE_APP, environments=["dev"])
    before = fake.snapshot()
    for kwargs in (
        {"app_id": CONSOLE_APP},  # exists
        {"app_id": "d3other", "environments": ["dev", "dev"]},
        {"app_id": "d3other", "environments": [""]},
        {"app_id": ""},
    ):
        with pytest.raises(UsageError):
            fake.add_app(**kwargs)
    assert fake.snapshot() == before


def test_a_seeded_app_survives_a_snapshot(fake: AmplifyBackendFake) -> None:
    fake.add_app(CONSOLE_APP, app_name="shop", environments=["dev"])
    document = fake.snapshot()
    app = document["accounts"]["123456789012"]["regions"]["us-east-1"]["apps"][CONSOLE_APP]
    assert app["config"] is None  # no Admin UI yet
    with mock_amplifybackend(strict=True, jobs="immediate", state=document):
        client = boto3.client("amplifybackend", region_name="us-east-1")
        assert enable_admin_ui(client, CONSOLE_APP)["BackendEnvironmentName"] == "dev"


def test_the_control_api_seeds_apps(aws_credentials: dict[str, str]) -> None:
    with FakeServer(strict=True, jobs="immediate") as server:
        seeded = raw(
            server.url,
            "POST",
            "/_fake/apps",
            json.dumps({"appId": CONSOLE_APP, "appName": "shop", "environments": ["dev"]}),
        )
        assert seeded.status == 200, seeded.body
        assert seeded.json() == {"appId": CONSOLE_APP, "environments": ["dev"]}
        again = raw(server.url, "POST", "/_fake/apps", json.dumps({"appId": CONSOLE_APP}))
        assert again.status == 400
        assert "already exists" in again.json()["message"]
        bad = raw(server.url, "POST", "/_fake/apps", json.dumps({"appId": "x", "envs": []}))
        assert bad.status == 400
        assert "envs" in bad.json()["message"]
        job = enable_admin_ui(server.client(region_name="us-east-1"), CONSOLE_APP)
        assert job["BackendEnvironmentName"] == "dev"
        server.check()


def test_serve_seeds_apps_from_the_command_line() -> None:
    with serve(
        "--jobs", "immediate", "--app", f"{CONSOLE_APP}:dev,prod", "--app", "d4bare"
    ) as running:
        client = boto3.client(
            "amplifybackend",
            endpoint_url=running.url,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        assert client.get_backend(AppId=CONSOLE_APP)["BackendEnvironmentList"] == ["dev", "prod"]
        assert enable_admin_ui(client, "d4bare")["BackendEnvironmentName"] == "staging"


def test_a_second_create_backend_config_is_refused(fake: AmplifyBackendFake, client: Any) -> None:
    fake.add_app(CONSOLE_APP, environments=["dev"])
    enable_admin_ui(client, CONSOLE_APP)
    with pytest.raises(ClientError, match="already exists"):
        client.create_backend_config(AppId=CONSOLE_APP)
