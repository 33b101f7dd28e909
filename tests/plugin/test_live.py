"""--amplifybackend-live: the same tests against the real service, fake-only ones skipped.

No test here reaches AWS: the sample suites only inspect the client they are given, and
a socket guard in them fails any connection attempt.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.plugin._support import run

SAMPLE = """
import socket
import pytest

@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a live-mode sample test tried to reach the network")
    monkeypatch.setattr(socket, "create_connection", refuse)

def test_client_is_a_real_aws_client(amplifybackend_client):
    assert amplifybackend_client.meta.endpoint_url == "https://amplifybackend.eu-west-1.amazonaws.com"
    credentials = amplifybackend_client._request_signer._credentials
    assert credentials.access_key == "AKIALIVEUSERKEY00001"

def test_fake_only_features_skip(amplifybackend_fake):
    amplifybackend_fake.faults.add("GetBackend", error="NotFoundException")

def test_session_fake_skips(amplifybackend_session_fake):
    pass
"""


def _environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, *, keys: bool) -> None:
    empty = tmp_path / "empty-aws-file"
    empty.write_text("")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(empty))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(empty))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    for name in (
        "AWS_SESSION_TOKEN",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    ):
        monkeypatch.delenv(name, raising=False)
    if keys:
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIALIVEUSERKEY00001")
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "live-user-secret")
    else:
        monkeypatch.delenv("AWS_ACCESS_KEY_ID", raising=False)
        monkeypatch.delenv("AWS_SECRET_ACCESS_KEY", raising=False)


def test_live_mode_gives_real_clients_and_skips_fake_only_tests(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _environment(monkeypatch, tmp_path, keys=True)
    pytester.makeini("[pytest]\namplifybackend_region = eu-west-1\n")
    pytester.makepyfile(test_sample=SAMPLE)
    result = run(pytester, "--amplifybackend-live", "-rs")
    result.assert_outcomes(passed=1, skipped=2)
    result.stdout.fnmatch_lines(["*needs the fake (state, faults, clock)*--amplifybackend-live*"])


def test_live_mode_without_credentials_is_refused(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _environment(monkeypatch, tmp_path, keys=False)
    pytester.makepyfile(test_sample=SAMPLE)
    result = run(pytester, "--amplifybackend-live")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--amplifybackend-live needs AWS credentials*"])
