"""The plugin does not import botocore at start-up, yet its hook and guard are in botocore's
``BUILTIN_HANDLERS`` before the first session of a run that imports it later.
"""

from __future__ import annotations

import pytest

from tests.plugin._support import clean_outer_environment, run

SUITE = """
    import sys

    import pytest


    def test_1_nothing_of_botocore_at_start():
        assert "botocore" not in sys.modules
        assert "boto3" not in sys.modules


    def test_2_the_guard_is_there_when_botocore_comes():
        import boto3
        import botocore.handlers

        from amplify_fakes._botocore_hook import HOOK
        from amplify_fakes._guard import AWS_GUARD
        from amplify_fakes.errors import UsageError

        handlers = [entry[1] for entry in botocore.handlers.BUILTIN_HANDLERS]
        assert HOOK in handlers and AWS_GUARD in handlers and AWS_GUARD.enabled
        client = boto3.client("amplifybackend", region_name="us-east-1")
        with pytest.raises(UsageError, match="refused"):
            client.get_backend(AppId="d1lazy")


    def test_3_and_the_fixtures_work(amplifybackend_client):
        amplifybackend_client.create_backend(
            AppId="d1lazy", AppName="a", BackendEnvironmentName="dev"
        )
"""


def test_botocore_is_imported_only_when_needed_and_guarded_from_the_start(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    clean_outer_environment(monkeypatch)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIALAZYSTART")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "lazy-secret")
    pytester.makepyfile(test_lazy=SUITE)
    result = run(pytester, "-p", "no:xdist")
    result.assert_outcomes(passed=3)
