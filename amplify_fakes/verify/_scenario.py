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
    created = False
    try:
        if runner.call("CreateBackend", {**base, "AppName": app}) is None:
            return
        created = True
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
        names = [b["Name"] for b in (buckets or {}).get("Buckets", [])]
        storage = runner.call(
            "GetBackendStorage", {**base, "ResourceName": "verifystorage"}, case="bucket name"
        )
        own = ((storage or {}).get("ResourceConfig") or {}).get("BucketName")
        if own in names:
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

        token = runner.call("CreateToken", {"AppId": app})
        if token:
            runner.call("GetToken", {"AppId": app, "SessionId": token["SessionId"]})
            runner.call("DeleteToken", {"AppId": app, "SessionId": token["SessionId"]})
        else:
            for op in ("GetToken", "DeleteToken"):
                runner.skip(op, "happy path", "CreateToken failed")

        page = runner.call("ListBackendJobs", {**base, "MaxResults": 2})
        if page and page.get("NextToken"):
            runner.call(
                "ListBackendJobs",
                {**base, "MaxResults": 2, "NextToken": page["NextToken"]},
                case="next page",
            )
        jobs = (page or {}).get("Jobs", [])
        if jobs:
            job_id = jobs[0]["JobId"]
            runner.call("GetBackendJob", {**base, "JobId": job_id})
            runner.call(
                "UpdateBackendJob", {**base, "JobId": job_id, "Operation": jobs[0]["Operation"]}
            )
        else:
            for op in ("GetBackendJob", "UpdateBackendJob"):
                runner.skip(op, "happy path", "ListBackendJobs returned no job")

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
            _cleanup(runner.client, app)


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


def _cleanup(client: Any, app: str) -> None:
    """Remove the app this run created (and only that one), ignoring errors."""
    try:
        client.remove_all_backends(AppId=app, CleanAmplifyApp=True)
    except Exception:  # cleanup must not hide the run's own outcome
        return
