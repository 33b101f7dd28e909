"""Secrets never reach an output: call-log reprs, assertion and error messages, defect
reports, server logs (in-process and ``amplify-fakes serve``'s stderr) and cassettes.

Marker values are planted where secrets live (ClientSecret, PrivateKey, the AWS secret
key and session token, a server access key's secret; ChallengeCodes are the fake's own)
and every output is searched for them. The data itself keeps them: a test can read what
it sent, and GetBackendAuth returns what was stored, as the service does.
"""

from __future__ import annotations

import copy
import gc
import json
import logging
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from amplify_fakes import FakeDefectError, mock_amplifybackend
from amplify_fakes._core.wire import WireRequest
from amplify_fakes._fake import core_of
from amplify_fakes._service import handlers
from amplify_fakes.server import AccessKey, FakeServer
from amplify_fakes.verify import verify_client
from amplify_fakes.verify._capture import Exchange
from amplify_fakes.verify._cassettes import Recorder
from tests.server._support import fake_aws_env, raw

CLIENT_SECRET = "MARKERclientsecret7f3a"
PRIVATE_KEY = "MARKERprivatekey9c1d"
AWS_SECRET = "MARKERawssecret51e2"
SESSION_TOKEN = "MARKERsessiontoken22aa"
SERVER_SECRET = "MARKERserversecret88bb"
MARKERS = (CLIENT_SECRET, PRIVATE_KEY, AWS_SECRET, SESSION_TOKEN, SERVER_SECRET)
TIMEOUT = 20.0

AUTH: dict[str, Any] = {
    "AuthResources": "USER_POOL_ONLY",
    "Service": "COGNITO",
    "UserPoolConfigs": {
        "UserPoolName": "pool",
        "SignInMethod": "EMAIL",
        "RequiredSignUpAttributes": ["EMAIL"],
        "OAuth": {
            "OAuthGrantType": "CODE",
            "OAuthScopes": ["EMAIL"],
            "RedirectSignInURIs": ["https://example.com/in"],
            "RedirectSignOutURIs": ["https://example.com/out"],
            "SocialProviderSettings": {
                "Facebook": {"ClientId": "fb", "ClientSecret": CLIENT_SECRET},
                "Google": {"ClientId": "g", "ClientSecret": CLIENT_SECRET},
                "LoginWithAmazon": {"ClientId": "a", "ClientSecret": CLIENT_SECRET},
                "SignInWithApple": {
                    "ClientId": "apple",
                    "KeyId": "key",
                    "TeamId": "team",
                    "PrivateKey": PRIVATE_KEY,
                },
            },
        },
    },
}
UPDATE: dict[str, Any] = {
    "AuthResources": "USER_POOL_ONLY",
    "Service": "COGNITO",
    "UserPoolConfigs": {"OAuth": AUTH["UserPoolConfigs"]["OAuth"]},
}
WHERE = {"AppId": "d1secret", "BackendEnvironmentName": "dev"}


def leaks(texts: Iterable[str], secrets: Iterable[str]) -> list[tuple[str, str]]:
    """(secret, the text around it) for every secret found in any text."""
    found = []
    for text in texts:
        for secret in secrets:
            at = text.find(secret)
            if at >= 0:
                found.append((secret, text[max(0, at - 80) : at + 80]))
    return found


def exercise(client: Any, loose: Any) -> list[str]:
    """Calls that carry every secret; returns the messages of the errors they provoke."""
    messages = []
    client.create_backend(AppId=WHERE["AppId"], AppName="a", BackendEnvironmentName="dev")
    client.create_backend_auth(**WHERE, ResourceName="auth", ResourceConfig=copy.deepcopy(AUTH))
    update = copy.deepcopy(UPDATE)
    client.update_backend_auth(**WHERE, ResourceName="auth", ResourceConfig=update)
    got = client.get_backend_auth(**WHERE, ResourceName="auth")
    assert CLIENT_SECRET in json.dumps(got["ResourceConfig"])  # the data keeps it
    token = client.create_token(AppId=WHERE["AppId"])
    client.get_token(AppId=WHERE["AppId"], SessionId=token["SessionId"])
    broken = copy.deepcopy(AUTH)
    broken["Service"] = "NOT-COGNITO"  # invalid next to the secrets
    broken["UserPoolConfigs"]["OAuth"]["SocialProviderSettings"]["Google"]["ClientSecret"] = {
        "nested": CLIENT_SECRET
    }
    for call in (
        lambda: loose.create_backend_auth(**WHERE, ResourceName="bad", ResourceConfig=broken),
        lambda: loose.update_backend_auth(**WHERE, ResourceName="nope", ResourceConfig=update),
    ):
        try:
            call()
        except ClientError as error:
            messages.append(str(error))
            messages.append(json.dumps(error.response, default=str))
    assert len(messages) == 4
    return messages


def clients(**kwargs: Any) -> tuple[Any, Any]:
    strict = boto3.client(
        "amplifybackend",
        region_name="us-east-1",
        aws_secret_access_key=kwargs.pop("secret", AWS_SECRET),
        aws_session_token=SESSION_TOKEN,
        **kwargs,
    )
    loose = boto3.client(
        "amplifybackend",
        region_name="us-east-1",
        aws_secret_access_key=AWS_SECRET,
        aws_session_token=SESSION_TOKEN,
        config=Config(parameter_validation=False, retries={"total_max_attempts": 1}),
        **kwargs,
    )
    return strict, loose


def challenge_codes(calls: Iterable[Any]) -> list[str]:
    codes = [
        c.response["ChallengeCode"] for c in calls if c.response and "ChallengeCode" in c.response
    ]
    assert codes
    return codes


def formatted(records: Iterable[logging.LogRecord]) -> list[str]:
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    return [formatter.format(record) for record in records]


def _defective(monkeypatch: pytest.MonkeyPatch, operation: str) -> None:
    def broken(ctx: Any, params: dict[str, Any]) -> dict[str, Any]:
        raise RuntimeError("boom")

    monkeypatch.setitem(handlers.HANDLERS, operation, broken)


def test_the_in_process_door_prints_no_secret(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="amplify_fakes")
    with mock_amplifybackend(jobs="immediate") as fake:
        client, loose = clients(aws_access_key_id="AKIAMARKERKEY0000001")
        outputs = exercise(client, loose)
        # a misplaced secret (the fake rejects it, and still logs the call as sent)
        response = core_of(fake).handle(
            WireRequest(
                "POST",
                "/backend/d1secret/auth/dev/details",
                {},
                json.dumps(
                    {
                        "resourceName": "auth",
                        "clientSecret": CLIENT_SECRET,
                        "PRIVATE_KEY": PRIVATE_KEY,
                    }
                ).encode(),
            )
        )
        assert response.status == 400
        outputs.append(response.body.decode())
        outputs.append(repr(fake.calls))
        outputs.extend(repr(call) for call in fake.calls)
        for check in (
            lambda: fake.assert_called("CreateBackendAuth", ResourceName="other"),
            lambda: fake.assert_called_once("UpdateBackendAuth", ResourceConfig={"Service": "x"}),
            lambda: fake.assert_not_called("CreateBackendAuth"),
            lambda: fake.assert_not_called("CreateToken"),
        ):
            with pytest.raises(AssertionError) as failed:
                check()
            outputs.append(str(failed.value))
        _defective(monkeypatch, "UpdateBackendAuth")
        with pytest.raises(FakeDefectError) as defect:
            client.update_backend_auth(
                **WHERE, ResourceName="auth", ResourceConfig=copy.deepcopy(UPDATE)
            )
        outputs += [str(defect.value), repr(defect.value), *map(str, fake.errors)]
        fake.errors.clear()
        codes = challenge_codes(fake.calls)
        data = json.dumps([(c.params, c.response) for c in fake.calls], default=str)
    outputs += formatted(caplog.records)
    assert leaks(outputs, (*MARKERS, *codes)) == []
    # the search does find them where they belong: in the data
    assert {secret for secret, _ in leaks([data], (CLIENT_SECRET, PRIVATE_KEY, *codes))} == {
        CLIENT_SECRET,
        PRIVATE_KEY,
        *codes,
    }


def test_the_server_prints_no_secret(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="amplify_fakes")
    key = AccessKey("AKIDSERVERMARKER", SERVER_SECRET, "111122223333")
    with FakeServer(jobs="immediate", access_keys=[key], require_auth=True) as server:
        client, loose = clients(
            endpoint_url=server.url, aws_access_key_id=key.id, secret=SERVER_SECRET
        )
        loose = clients(endpoint_url=server.url, aws_access_key_id=key.id)[1]
        loose._request_signer._credentials.secret_key = SERVER_SECRET
        outputs = exercise(client, loose)
        wrong, _ = clients(endpoint_url=server.url, aws_access_key_id=key.id)  # AWS_SECRET
        for call in (
            lambda: wrong.get_backend(AppId="d1secret"),
            lambda: clients(endpoint_url=server.url, aws_access_key_id="AKIDUNKNOWN")[
                0
            ].get_backend(AppId="d1secret"),
        ):
            with pytest.raises(ClientError) as refused:
                call()
            outputs.append(json.dumps(refused.value.response, default=str))
        _defective(monkeypatch, "UpdateBackendAuth")
        with pytest.raises(ClientError) as defect:
            loose.update_backend_auth(
                **WHERE, ResourceName="auth", ResourceConfig=copy.deepcopy(UPDATE)
            )
        outputs.append(json.dumps(defect.value.response, default=str))
        for path in ("/_fake/calls", "/_fake/errors", "/_fake"):
            outputs.append(raw(server.url, "GET", path).body.decode())
        outputs += [repr(server), repr(server.access_keys), *map(str, server.errors)]
        codes = challenge_codes(server.fake.calls)
        server.reset()
    outputs += formatted(caplog.records)
    assert any("InternalFailure" in text for text in outputs)
    assert leaks(outputs, (*MARKERS, *codes)) == []


def test_serve_stderr_prints_no_secret(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "amplify_fakes", "serve", "--port", "0", "--jobs", "immediate"]
    keys = ["--access-key", f"AKIDSERVEMARKER:{SERVER_SECRET}", "--require-auth"]
    process = subprocess.Popen(
        [*command, *keys],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=fake_aws_env(),
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:"), url
        client, loose = clients(
            endpoint_url=url, aws_access_key_id="AKIDSERVEMARKER", secret=SERVER_SECRET
        )
        loose._request_signer._credentials.secret_key = SERVER_SECRET
        outputs = exercise(client, loose)
        calls = json.loads(raw(url, "GET", "/_fake/calls").body)["calls"]
        assert calls
        outputs.append(json.dumps(calls))
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=TIMEOUT)
    assert "POST /backend/d1secret/auth CreateBackendAuth 200" in err
    assert leaks([out, err, *outputs], MARKERS) == []
    bad = subprocess.run(
        [*command, "--access-key", f"AKIDX:{SERVER_SECRET}:notanaccount:extra"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=fake_aws_env(),
        check=False,
    )
    assert bad.returncode == 1
    assert leaks([bad.stdout, bad.stderr], MARKERS) == []


def test_cassettes_hold_no_secret(tmp_path: Path) -> None:
    with mock_amplifybackend(jobs="immediate") as fake:
        client, loose = clients(aws_access_key_id="AKIAMARKERKEY0000002")
        verify_client(client, permissive_client=loose, record=tmp_path / "run")
        codes = challenge_codes(fake.calls)
    recorder = Recorder(tmp_path / "planted", [SESSION_TOKEN])
    body = {"resourceConfig": {"userPoolConfigs": {"oAuth": {"socialProviderSettings": {
        "Facebook": {"client_secret": CLIENT_SECRET},
        "SignInWithApple": {"private_key": PRIVATE_KEY},
    }}}}, "challengeCode": "MARKERchallenge", "note": f"token {SESSION_TOKEN} inside"}  # fmt: skip
    recorder.write(
        Exchange(
            "GetBackendAuth",
            {"ResourceConfig": AUTH},
            200,
            {"Authorization": AWS_SECRET},
            json.dumps(body).encode(),
        ),
        "planted",
        None,
    )
    recorder.write(
        Exchange(
            "GetToken",
            {"clientSecret": CLIENT_SECRET},
            400,
            {},
            b'{"clientSecret": "' + CLIENT_SECRET.encode() + b'\\"x", oops',
        ),
        "not JSON",
        None,
    )
    texts = [path.read_text() for path in tmp_path.rglob("*.json")]
    assert len(texts) > 31
    assert leaks(texts, (*MARKERS, *codes, "MARKERchallenge", "AKIAMARKERKEY0000002")) == []


def _holders_of(secret: bytes) -> list[str]:
    """Containers alive in the process that hold a bytes object with ``secret`` in it
    (a request body: what the core's request memory keeps)."""
    gc.collect()
    found: list[str] = []
    for holder in gc.get_objects():
        if isinstance(holder, dict):
            items: Iterable[Any] = [*holder.keys(), *holder.values()]
        elif isinstance(holder, (tuple, list)):
            items = holder
        else:
            continue
        for item in items:
            if isinstance(item, (bytes, bytearray)) and secret in item:
                found.append(type(holder).__name__)
    return found


def _small_auth_body(secret: str) -> bytes:
    config = {
        "authResources": "USER_POOL_ONLY",
        "service": "COGNITO",
        "userPoolConfigs": {
            "requiredSignUpAttributes": ["EMAIL"],
            "signInMethod": "EMAIL",
            "userPoolName": "p",
            "oAuth": {
                "oAuthGrantType": "CODE",
                "oAuthScopes": ["EMAIL"],
                "redirectSignInURIs": ["https://a"],
                "redirectSignOutURIs": ["https://a"],
                "socialProviderSettings": {"Facebook": {"client_id": "a", "client_secret": secret}},
            },
        },
    }
    body = {"resourceName": "auth1", "resourceConfig": config, "backendEnvironmentName": "dev"}
    return json.dumps(body, separators=(",", ":")).encode()


@pytest.mark.parametrize("ending", ["reset", "end of the mock"])
def test_no_request_secret_is_remembered_after_reset_or_the_mock(ending: str) -> None:
    secret = f"S3CRET-{uuid.uuid4().hex}"
    with mock_amplifybackend(jobs="immediate") as fake:
        fake.add_backend("d1secret", "dev")
        body = _small_auth_body(secret)
        request = WireRequest("POST", "/backend/d1secret/auth", {}, body)
        assert core_of(fake).handle(request).status == 200
        del request, body
        # the core did remember it (bodies this small are kept): the check below can see it
        assert _holders_of(secret.encode()), "the request memory no longer holds small bodies"
        if ending == "reset":
            fake.reset()
            assert _holders_of(secret.encode()) == []
    assert _holders_of(secret.encode()) == []
    if ending != "reset":
        assert fake.calls[-1].operation == "CreateBackendAuth"  # the call log is kept
