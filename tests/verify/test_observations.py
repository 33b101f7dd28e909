"""What ``verify`` learns about a target where the contracts fix nothing (issue 15):
whether a second job while one is pending is refused, the output members of the deployed
resources, the Models document's members and CreateBackendConfig's environment."""

from __future__ import annotations

from amplify_fakes.server import FakeServer
from amplify_fakes.verify import verify_endpoint, verify_fake

PENDING = "a second job while the first is IN_PROGRESS"


def test_the_embedded_fake_reports_the_deployed_outputs_and_models() -> None:
    report = verify_fake()

    assert report.ok, report.table()
    observed = report.observed
    assert set(observed["GetBackend AmplifyMetaConfig auth output members"]) >= {
        "UserPoolId",
        "UserPoolArn",
        "UserPoolName",
        "AppClientID",
        "AppClientIDWeb",
    }
    assert set(observed["GetBackend AmplifyMetaConfig api output members"]) >= {
        "GraphQLAPIIdOutput",
        "GraphQLAPIEndpointOutput",
        "GraphQLAPIKeyOutput",
    }
    assert observed["GetBackend AmplifyMetaConfig storage output members"] == [
        "BucketName",
        "Region",
    ]
    assert observed["GetBackendAPIModels Models document members"] == [
        "codegenVersion",
        "enums",
        "models",
        "nonModels",
        "version",
    ]
    assert observed["GetToken $.ttl"] == ["600"]
    # immediate jobs are never pending, so the second job is simply accepted
    assert observed["a second job while the first is COMPLETED"] == ["accepted"]
    assert any(k.startswith("CreateBackendConfig BackendEnvironmentName") for k in observed)


def test_a_server_with_real_jobs_refuses_the_second_and_verify_still_passes(
    aws_credentials: dict[str, str],
) -> None:
    with FakeServer(jobs="clock", strict=True) as server:
        server.fake.settings.job_duration = 0.05  # keep the run short: jobs of 50 ms
        report = verify_endpoint(server.url, poll_seconds=0.02)
        server.check()

    assert report.ok, report.table()
    assert report.summary().startswith("PASSED: 31/31 operations")
    (outcome,) = report.observed[PENDING]
    assert outcome.startswith("refused (BadRequestException: There is already a pending job")
    rows = [r for r in report.rows if r.case == "second job while one is pending"]
    assert [r.outcome for r in rows] == ["ok"]


def test_a_server_that_allows_concurrent_jobs_is_reported_as_accepting(
    aws_credentials: dict[str, str],
) -> None:
    with FakeServer(jobs="clock", strict=True, one_pending_job=False) as server:
        server.fake.settings.job_duration = 0.05
        report = verify_endpoint(server.url, poll_seconds=0.02)

    assert report.ok, report.table()
    assert report.observed[PENDING] == ["accepted"]


def test_a_selection_of_operations_still_waits_for_the_set_up_jobs(
    aws_credentials: dict[str, str],
) -> None:
    with FakeServer(jobs="clock", strict=True) as server:
        server.fake.settings.job_duration = 0.05
        report = verify_endpoint(
            server.url, poll_seconds=0.02, operations=["CreateBackendAuth", "GetBackendAuth"]
        )

    assert report.ok, report.table()
    assert report.operations() == {"CreateBackendAuth", "GetBackendAuth"}
