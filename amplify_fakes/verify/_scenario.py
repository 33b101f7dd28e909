"""The scripted scenario: all 31 operations on an app backend the run creates and removes.

create → API, auth, storage, config, tokens, models, jobs, clone → every Get/List →
every Update → every Delete/Remove, plus the error cases that are safe to provoke.
Cleanup (RemoveAllBackends with CleanAmplifyApp on the app the run created, nothing
else) runs in a ``finally``, so it also happens after a failure or Ctrl-C.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from botocore.exceptions import ClientError, EndpointConnectionError

from amplify_fakes import contracts
from amplify_fakes.verify._report import UNEXPECTED, Row
from amplify_fakes.verify._runner import Runner

PREFIX = "amplifyfakesverify"

API_CONFIG: dict[str, Any] = {
    "ApiName": "verifyapi",
    "Service": "AppSync",
    "DefaultAuthType": {
        "Mode": "API_KEY",
        "Settings": {"Description": "verify", "ExpirationTime": 7.0},
    },
    "ConflictResolution": {"ResolutionStrategy": "AUTOMERGE"},
    "TransformSchema": "type Todo @model { id: ID! name: String }",
}
AUTH_CONFIG: dict[str, Any] = {
    "AuthResources": "USER_POOL_ONLY",
    "Service": "COGNITO",
    "UserPoolConfigs": {
        "UserPoolName": "verifypool",
        "SignInMethod": "EMAIL",
        "RequiredSignUpAttributes": ["EMAIL"],
        "PasswordPolicy": {"MinimumLength": 8.0, "AdditionalConstraints": ["REQUIRE_DIGIT"]},
        "Mfa": {"MFAMode": "OPTIONAL", "Settings": {"MfaTypes": ["TOTP"], "SmsMessage": "{####}"}},
    },
}
STORAGE_CONFIG: dict[str, Any] = {
    "ServiceName": "S3",
    "Permissions": {"Authenticated": ["READ", "CREATE_AND_UPDATE"], "UnAuthenticated": ["READ"]},
}


def run(runner: Runner, *, app_id: str | None = None, permissive_client: Any = None) -> None:
    """Drive every operation through ``runner``; always cleans up what it created."""
    app = app_id or f"{PREFIX}{uuid.uuid4().hex[:10]}"
    env, clone = "verify", "verifyclone"
    base = {"AppId": app, "BackendEnvironmentName": env}
    # Cleanup runs whenever a create was sent, whatever came back (an app may exist even
    # when the answer was an error, a timeout or broke its contract).
    created = True
    environments = [env]
    try:
        if runner.call("CreateBackend", {**base, "AppName": app}) is None:
            if isinstance(runner.last_failure, EndpointConnectionError):
                created = False  # it never connected: nothing was sent, nothing made
            for operation in sorted(set(contracts.operations()) - {"CreateBackend"}):
                runner.skip(
                    operation, "happy path", "CreateBackend failed: every step needs its app"
                )
            return
        runner.call("GetBackend", {"AppId": app})
        runner.call(
            "GetBackend",
            {"AppId": f"{PREFIX}-missing-app"},
            case="unknown app",
            expect="NotFoundException",
        )

        runner.call(
            "CreateBackendAPI", {**base, "ResourceName": "verifyapi", "ResourceConfig": API_CONFIG}
        )
        runner.call("GetBackendAPI", {**base, "ResourceName": "verifyapi"})
        models = {**base, "ResourceName": "verifyapi"}
        first = runner.call("GenerateBackendAPIModels", models, wait=False)
        _second_job_while_one_is_pending(runner, models, first)
        found = runner.call("GetBackendAPIModels", models)
        runner.note("GetBackendAPIModels Models document members", _models_members(found))

        runner.call(
            "CreateBackendAuth",
            {**base, "ResourceName": "verifyauth", "ResourceConfig": AUTH_CONFIG},
        )
        runner.call("GetBackendAuth", {**base, "ResourceName": "verifyauth"})
        if permissive_client is not None:
            bad = {**AUTH_CONFIG, "AuthResources": "NOT_A_VALUE"}
            loose = runner.sibling(permissive_client)
            loose.call(
                "CreateBackendAuth",
                {**base, "ResourceName": "verifybad", "ResourceConfig": bad},
                case="bad enum",
                expect="BadRequestException",
            )
        runner.call(
            "ImportBackendAuth",
            {
                **base,
                "UserPoolId": "us-east-1_verify",
                "NativeClientId": "native",
                "WebClientId": "web",
            },
        )

        runner.call(
            "CreateBackendStorage",
            {**base, "ResourceName": "verifystorage", "ResourceConfig": STORAGE_CONFIG},
        )
        runner.call("GetBackendStorage", {**base, "ResourceName": "verifystorage"})
        buckets = runner.call("ListS3Buckets", {})
        names = [_text(b.get("Name")) for b in _items((buckets or {}).get("Buckets"))]
        storage = runner.call(
            "GetBackendStorage", {**base, "ResourceName": "verifystorage"}, case="bucket name"
        )
        config_answer = (storage or {}).get("ResourceConfig")
        own = _text(config_answer.get("BucketName")) if isinstance(config_answer, dict) else None
        if own is not None and own in names:
            runner.call(
                "ImportBackendStorage",
                {
                    "AppId": app,
                    "BackendEnvironmentName": env,
                    "BucketName": own,
                    "ServiceName": "S3",
                },
            )
        else:
            runner.skip(
                "ImportBackendStorage",
                "happy path",
                "no bucket of this run is listed by ListS3Buckets",
            )

        config = runner.call("CreateBackendConfig", {"AppId": app})
        if config is not None:
            runner.note(
                "CreateBackendConfig BackendEnvironmentName (of an app with environments "
                f"{env!r}, {clone!r} not yet)",
                [str(config.get("BackendEnvironmentName"))],
            )
        deployed = runner.call("GetBackend", {**base}, case="deployed resources")
        for category, keys in _output_keys(deployed).items():
            runner.note(f"GetBackend AmplifyMetaConfig {category} output members", keys)
        runner.call(
            "UpdateBackendConfig",
            {"AppId": app, "LoginAuthConfig": {"AwsCognitoRegion": "us-east-1"}},
        )

        session = _text((runner.call("CreateToken", {"AppId": app}) or {}).get("SessionId"))
        if session is not None:
            runner.call("GetToken", {"AppId": app, "SessionId": session})
            runner.call("DeleteToken", {"AppId": app, "SessionId": session})
        else:
            for op in ("GetToken", "DeleteToken"):
                runner.skip(op, "happy path", "CreateToken gave no SessionId to use")

        page = runner.call("ListBackendJobs", {**base, "MaxResults": 2}) or {}
        next_token = _text(page.get("NextToken"))
        if next_token is not None:
            runner.call(
                "ListBackendJobs",
                {**base, "MaxResults": 2, "NextToken": next_token},
                case="next page",
            )
        jobs = _items(page.get("Jobs"))
        job_id = _text(jobs[0].get("JobId")) if jobs else None
        if job_id is not None:
            runner.call("GetBackendJob", {**base, "JobId": job_id})
            operation = _text(jobs[0].get("Operation")) or "CreateBackend"
            runner.call("UpdateBackendJob", {**base, "JobId": job_id, "Operation": operation})
        else:
            for op in ("GetBackendJob", "UpdateBackendJob"):
                runner.skip(op, "happy path", "ListBackendJobs gave no JobId to use")

        environments.append(clone)
        runner.call("CloneBackend", {**base, "TargetEnvironmentName": clone})

        runner.call(
            "UpdateBackendAPI",
            {
                **base,
                "ResourceName": "verifyapi",
                "ResourceConfig": {"TransformSchema": "type Note @model { id: ID! }"},
            },
        )
        runner.call(
            "UpdateBackendAuth",
            {
                **base,
                "ResourceName": "verifyauth",
                "ResourceConfig": {
                    "AuthResources": "USER_POOL_ONLY",
                    "Service": "COGNITO",
                    "UserPoolConfigs": {"PasswordPolicy": {"MinimumLength": 10.0}},
                },
            },
        )
        runner.call(
            "UpdateBackendStorage",
            {
                **base,
                "ResourceName": "verifystorage",
                "ResourceConfig": {"ServiceName": "S3", "Permissions": {"Authenticated": ["READ"]}},
            },
        )

        runner.call("DeleteBackendAPI", {**base, "ResourceName": "verifyapi"})
        runner.call("DeleteBackendAuth", {**base, "ResourceName": "verifyauth"})
        runner.call(
            "DeleteBackendStorage", {**base, "ResourceName": "verifystorage", "ServiceName": "S3"}
        )
        runner.call("DeleteBackend", {"AppId": app, "BackendEnvironmentName": clone})
        runner.call("RemoveBackendConfig", {"AppId": app})
        if runner.call("RemoveAllBackends", {"AppId": app, "CleanAmplifyApp": True}) is not None:
            created = False
    finally:
        if created:
            _cleanup(runner, app, environments)


def _second_job_while_one_is_pending(
    runner: Runner, params: dict[str, Any], first: dict[str, Any] | None
) -> None:
    """Start the same job again at once: does the service refuse a second pending job?"""
    status = (first or {}).get("Status", "?")
    second, got, message = runner.probe(
        "GenerateBackendAPIModels",
        params,
        case="second job while one is pending",
        accept="BadRequestException",
    )
    outcome = f"refused ({got}: {message})" if got else "accepted"
    runner.note("a second job while the first is " + status, [outcome])
    runner.wait_for("GenerateBackendAPIModels", params, first)
    runner.wait_for("GenerateBackendAPIModels", params, second)


def _models_members(found: dict[str, Any] | None) -> list[str]:
    """The top-level members of GetBackendAPIModels' Models document (codegen's schema.js)."""
    text = (found or {}).get("Models") or ""
    start = text.find("{")
    try:
        document = json.loads(text[start:].rstrip().rstrip(";")) if start >= 0 else None
    except ValueError:
        return ["(not JSON after the export prefix)"]
    return sorted(document) if isinstance(document, dict) else ["(none)"]


def _output_keys(found: dict[str, Any] | None) -> dict[str, list[str]]:
    """Category -> the output members of its resources in GetBackend's AmplifyMetaConfig."""
    try:
        meta = json.loads((found or {}).get("AmplifyMetaConfig") or "{}")
    except ValueError:
        return {"(AmplifyMetaConfig)": ["(not JSON)"]}
    keys: dict[str, list[str]] = {}
    for category, entries in meta.items() if isinstance(meta, dict) else ():
        if category == "providers" or not isinstance(entries, dict):
            continue
        for entry in entries.values():
            output = entry.get("output") if isinstance(entry, dict) else None
            keys.setdefault(category, [])
            keys[category] += sorted(set(output or {}) - set(keys[category]))
    return keys


def _text(value: Any) -> str | None:
    """``value`` if an answer gave a usable (non-empty) string there, else None."""
    return value if isinstance(value, str) and value else None


def _items(value: Any) -> list[dict[str, Any]]:
    """The objects of a list an answer gave (anything else: none)."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


#: How often cleanup asks again while the service says a job is still pending.
CLEANUP_ATTEMPTS = 60


def _cleanup(runner: Runner, app: str, environments: list[str]) -> None:
    """Remove the app this run created (and only that one). It is gone when the removal
    succeeds or the app is not found; while a job is pending it asks again. When it
    cannot, the report says what to delete by hand."""
    problem = "not tried"
    for _ in range(CLEANUP_ATTEMPTS):
        try:
            runner.client.remove_all_backends(AppId=app, CleanAmplifyApp=True)
            return
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code")
            if code == "NotFoundException":
                return
            problem = f"{code}: {error.response.get('Error', {}).get('Message', '')}"
            if "pending job" not in problem:
                break
        except Exception as error:  # cleanup must not hide the run's own outcome
            problem = f"{type(error).__name__}: {' '.join(str(error).split())}"
            break
        runner.pause()
    names = ", ".join(environments)
    runner.report.leftovers.append(f"app {app} (backend environments {names}): {problem}")
    runner.report.rows.append(
        Row(
            "RemoveAllBackends",
            "cleanup",
            UNEXPECTED,
            [
                f"could not remove the app this run created; delete app {app} (environments {names}) by hand: {problem}"
            ],
        )
    )
