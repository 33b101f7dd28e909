"""``@pytest.mark.amplifybackend(...)`` and the ``amplifybackend_*`` ini options configure the fixtures.

Precedence: the marker, then the ini options, then the library's defaults. A marker with
positional or unknown arguments is an error that names the valid keyword arguments.
"""

from __future__ import annotations

import pytest

from amplify_fakes.pytest_plugin import MARKER_KWARGS
from tests.plugin._support import run

MARKER_SUITE = """
    import json
    import os
    import time
    from pathlib import Path

    import pytest

    from amplify_fakes import AmplifyBackendFake

    ACCOUNT = "111122223333"
    REGION = "eu-west-1"


    def _snapshot(app_id):
        seed = AmplifyBackendFake(account_id=ACCOUNT, region=REGION)
        seed.add_backend(app_id, "prod", app_name="seeded " + app_id)
        return seed.snapshot()


    SNAPSHOT = _snapshot("d1seeded")
    STATE_FILE = Path(__file__).parent / "seed-state.json"
    STATE_FILE.write_text(json.dumps(_snapshot("d1fromfile")), encoding="utf-8")


    @pytest.mark.amplifybackend(
        region=REGION, account_id=ACCOUNT, jobs="immediate", strict=True, clock="virtual", state=SNAPSHOT
    )
    def test_marker_configures_everything(amplifybackend_fake, amplifybackend_client, aws_credentials):
        fake = amplifybackend_fake
        assert fake.region == REGION
        assert fake.account_id == ACCOUNT
        assert fake.strict is True
        assert fake.clock.virtual is True
        assert amplifybackend_client.meta.region_name == REGION
        assert os.environ["AWS_DEFAULT_REGION"] == REGION
        assert aws_credentials["AWS_DEFAULT_REGION"] == REGION
        # seeded state is visible, through the fake and through the API
        assert fake.apps() == ["d1seeded"]
        assert amplifybackend_client.get_backend(AppId="d1seeded")["AppName"] == "seeded d1seeded"
        # jobs complete at once
        job = amplifybackend_client.create_backend(
            AppId="d1new", AppName="new", BackendEnvironmentName="dev"
        )
        assert job["Status"] == "COMPLETED"
        status = amplifybackend_client.get_backend_job(
            AppId="d1new", BackendEnvironmentName="dev", JobId=job["JobId"]
        )["Status"]
        assert status == "COMPLETED"
        assert sorted(fake.apps()) == ["d1new", "d1seeded"]
        assert {(call.account, call.region) for call in fake.calls} == {(ACCOUNT, REGION)}
        # the virtual clock moves only when advanced
        before = fake.clock.time()
        time.sleep(0.02)
        assert fake.clock.time() == before
        fake.clock.advance(30)
        assert fake.clock.time() == before + 30


    @pytest.mark.amplifybackend(state=str(STATE_FILE), account_id=ACCOUNT, region=REGION)
    def test_marker_state_from_a_file(amplifybackend_fake, amplifybackend_client):
        assert amplifybackend_fake.apps() == ["d1fromfile"]
        assert amplifybackend_client.get_backend(AppId="d1fromfile")["AppName"] == "seeded d1fromfile"


    @pytest.mark.amplifybackend(jobs="immediate")
    class TestMarkerOnAClass:
        def test_inherits_the_class_marker(self, amplifybackend_client, amplifybackend_fake):
            assert amplifybackend_fake.region == "us-east-1"
            job = amplifybackend_client.create_backend(
                AppId="d1", AppName="a", BackendEnvironmentName="dev"
            )
            assert job["Status"] == "COMPLETED"


    def test_no_marker_keeps_the_defaults(amplifybackend_fake):
        assert amplifybackend_fake.region == "us-east-1"
        assert amplifybackend_fake.account_id == "123456789012"
        assert amplifybackend_fake.apps() == []


    @pytest.mark.amplifybackend(regoin="eu-west-1")
    def test_unknown_marker_argument(amplifybackend_fake):
        pass


    @pytest.mark.amplifybackend("eu-west-1")
    def test_positional_marker_argument(amplifybackend_fake):
        pass
"""


def test_marker_configures_the_fixtures_and_rejects_bad_arguments(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(test_marker=MARKER_SUITE)
    result = run(pytester, "--strict-markers", "--tb=short")
    result.assert_outcomes(passed=4, errors=2)
    assert "is not a registered marker" not in result.stdout.str()
    valid = ", ".join(MARKER_KWARGS)
    assert set(MARKER_KWARGS) == {
        "state",
        "region",
        "account_id",
        "jobs",
        "strict",
        "clock",
        "one_pending_job",
    }
    result.stdout.fnmatch_lines(
        [
            "*ERROR at setup of test_unknown_marker_argument*",
            f"E   *UsageError: @pytest.mark.amplifybackend got unknown argument(s) regoin; valid: {valid}",
            "*ERROR at setup of test_positional_marker_argument*",
            f"E   *UsageError: @pytest.mark.amplifybackend takes keyword arguments only: {valid}",
        ]
    )


INI = """
    [pytest]
    amplifybackend_region = ap-southeast-2
    amplifybackend_strict = true
    amplifybackend_jobs = immediate
    amplifybackend_clock = virtual
"""

# The same options as the project's own pyproject.toml spells them (a TOML boolean).
PYPROJECT = """
    [tool.pytest.ini_options]
    amplifybackend_region = "ap-southeast-2"
    amplifybackend_strict = true
    amplifybackend_jobs = "immediate"
    amplifybackend_clock = "virtual"
"""

INI_SUITE = """
    import os

    import pytest


    def test_ini_options_apply(amplifybackend_fake, amplifybackend_client):
        assert amplifybackend_fake.region == "ap-southeast-2"
        assert amplifybackend_client.meta.region_name == "ap-southeast-2"
        assert os.environ["AWS_DEFAULT_REGION"] == "ap-southeast-2"
        assert amplifybackend_fake.strict is True
        assert amplifybackend_fake.clock.virtual is True
        job = amplifybackend_client.create_backend(AppId="d1", AppName="a", BackendEnvironmentName="dev")
        assert job["Status"] == "COMPLETED"


    @pytest.mark.amplifybackend(region="eu-central-1", strict=False, jobs="clock", clock="real")
    def test_marker_overrides_ini(amplifybackend_fake, amplifybackend_client):
        assert amplifybackend_fake.region == "eu-central-1"
        assert amplifybackend_client.meta.region_name == "eu-central-1"
        assert os.environ["AWS_DEFAULT_REGION"] == "eu-central-1"
        assert amplifybackend_fake.strict is False
        assert amplifybackend_fake.clock.virtual is False
        job = amplifybackend_client.create_backend(AppId="d1", AppName="a", BackendEnvironmentName="dev")
        assert job["Status"] == "IN_PROGRESS"


    @pytest.mark.amplifybackend(region="eu-central-1")
    def test_marker_overrides_only_what_it_names(amplifybackend_fake, amplifybackend_client):
        assert amplifybackend_fake.region == "eu-central-1"
        assert amplifybackend_fake.strict is True
        assert amplifybackend_fake.clock.virtual is True
        job = amplifybackend_client.create_backend(AppId="d1", AppName="a", BackendEnvironmentName="dev")
        assert job["Status"] == "COMPLETED"


    def test_session_fake_follows_the_ini_options(amplifybackend_session_fake):
        assert amplifybackend_session_fake.region == "ap-southeast-2"
        assert amplifybackend_session_fake.strict is True
        assert amplifybackend_session_fake.clock.virtual is True
"""


@pytest.mark.parametrize("config_file", ["pytest.ini", "pyproject.toml"])
def test_ini_options_configure_the_fixtures_and_the_marker_overrides_them(
    pytester: pytest.Pytester, config_file: str
) -> None:
    if config_file == "pytest.ini":
        pytester.makefile(".ini", pytest=INI)
    else:
        pytester.makepyprojecttoml(PYPROJECT)
    pytester.makepyfile(test_ini=INI_SUITE)
    result = run(pytester, "-v", "--strict-config")
    result.assert_outcomes(passed=4)
    result.stdout.fnmatch_lines([f"configfile: {config_file}"])


def test_markers_merge_from_module_to_function(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_sample="""
        import pytest

        pytestmark = pytest.mark.amplifybackend(region="eu-west-1", jobs="clock")

        @pytest.mark.amplifybackend(jobs="immediate")
        def test_merged(amplifybackend_fake):
            assert amplifybackend_fake.region == "eu-west-1"
            assert amplifybackend_fake.settings.job_mode.value == "immediate"
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:randomly")
    result.assert_outcomes(passed=1)
