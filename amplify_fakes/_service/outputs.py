"""What deploying a resource made: its identifiers, and the ``output`` block of
amplify-meta.json that the Amplify CLI writes from the stack's CloudFormation outputs.

The output keys are those of the Amplify CLI's category stacks (auth:
``auth-stack-transform.ts``; api: the GraphQL transformer's ``GraphQLAPI*Output``; storage:
``s3-stack-transform.ts``); their formats are AWS's (see docs/semantics.md).
"""

from __future__ import annotations

import json
import string
from typing import Any

from amplify_fakes._service.context import Ids
from amplify_fakes._service.state import Resource

LOWER_ALNUM = string.ascii_lowercase + string.digits
ALNUM = string.ascii_letters + string.digits


def new_ids(ids: Ids, kind: str, region: str) -> dict[str, str]:
    """Fresh identifiers for a new (not imported) resource of ``kind`` in ``region``.

    Every id the resource may need is drawn now (an identity pool id too, even if the
    config has none yet), so an update never changes them: they are stable for the
    resource's life and repeatable under ``fake.seed_ids(n)``.
    """
    if kind == "API":
        return {
            "GraphQLAPIIdOutput": ids.token(26, LOWER_ALNUM),
            "GraphQLAPIKeyOutput": f"da2-{ids.token(26, LOWER_ALNUM)}",
        }
    if kind == "Auth":
        return {
            "UserPoolId": f"{region}_{ids.token(9, ALNUM)}",
            "AppClientID": ids.token(26, LOWER_ALNUM),
            "AppClientIDWeb": ids.token(26, LOWER_ALNUM),
            "IdentityPoolId": f"{region}:{ids.uuid()}",
        }
    return {}


def imported_auth_ids(params: dict[str, Any]) -> dict[str, str]:
    """The identifiers an ImportBackendAuth request names (the pool and clients exist)."""
    found = {
        "UserPoolId": params["UserPoolId"],
        "AppClientID": params["NativeClientId"],
        "AppClientIDWeb": params["WebClientId"],
    }
    if params.get("IdentityPoolId"):
        found["IdentityPoolId"] = params["IdentityPoolId"]
    return found


def api_auth_modes(config: dict[str, Any]) -> list[str]:
    """The API's auth modes, default first."""
    modes = [config.get("DefaultAuthType", {}).get("Mode")]
    modes += [extra.get("Mode") for extra in config.get("AdditionalAuthTypes", [])]
    return [m for m in modes if m]


def _auth_provider(auth_type: dict[str, Any]) -> dict[str, Any]:
    """One entry of the API's ``authConfig`` (the CLI's AppSync auth mapping)."""
    mode = auth_type.get("Mode", "API_KEY")
    settings = auth_type.get("Settings", {})
    out: dict[str, Any] = {"authenticationType": mode}
    if mode == "API_KEY":
        key: dict[str, Any] = {"apiKeyExpirationDays": settings.get("ExpirationTime", 7)}
        if "Description" in settings:
            key["description"] = settings["Description"]
        out["apiKeyConfig"] = key
    elif mode == "AMAZON_COGNITO_USER_POOLS" and "CognitoUserPoolId" in settings:
        out["userPoolConfig"] = {"userPoolId": settings["CognitoUserPoolId"]}
    elif mode == "OPENID_CONNECT":
        names = {
            "OpenIDProviderName": "name",
            "OpenIDIssueURL": "issuerUrl",
            "OpenIDClientId": "clientId",
            "OpenIDAuthTTL": "authTTL",
            "OpenIDIatTTL": "iatTTL",
        }
        out["openIDConnectConfig"] = {names[k]: v for k, v in settings.items() if k in names}
    return out


def api_auth_config(config: dict[str, Any]) -> dict[str, Any]:
    """The ``authConfig`` member the CLI writes into an AppSync resource's output."""
    return {
        "defaultAuthentication": _auth_provider(config.get("DefaultAuthType", {})),
        "additionalAuthenticationProviders": [
            _auth_provider(extra) for extra in config.get("AdditionalAuthTypes", [])
        ],
    }


def api_output(resource: Resource, region: str) -> dict[str, Any]:
    """An AppSync resource's ``output`` block once deployed."""
    api_id = resource.ids["GraphQLAPIIdOutput"]
    out: dict[str, Any] = {
        "authConfig": api_auth_config(resource.config),
        "GraphQLAPIIdOutput": api_id,
        "GraphQLAPIEndpointOutput": f"https://{api_id}.appsync-api.{region}.amazonaws.com/graphql",
    }
    if "API_KEY" in api_auth_modes(resource.config):
        out["GraphQLAPIKeyOutput"] = resource.ids["GraphQLAPIKeyOutput"]
    return out


def has_identity_pool(config: dict[str, Any]) -> bool:
    """Whether the auth config provisions an identity pool."""
    return config.get("AuthResources") == "IDENTITY_POOL_AND_USER_POOL"


def user_pool_arn(region: str, account: str, pool_id: str) -> str:
    """The ARN of a Cognito user pool."""
    return f"arn:aws:cognito-idp:{region}:{account}:userpool/{pool_id}"


_SCOPES = {
    "PHONE": "phone",
    "EMAIL": "email",
    "OPENID": "openid",
    "PROFILE": "profile",
    "AWS_COGNITO_SIGNIN_USER_ADMIN": "aws.cognito.signin.user.admin",
}


def auth_output(resource: Resource, region: str, account: str) -> dict[str, Any]:
    """A Cognito resource's ``output`` block once deployed."""
    ids, config = resource.ids, resource.config
    pool = config.get("UserPoolConfigs", {})
    out: dict[str, Any] = {
        "UserPoolId": ids["UserPoolId"],
        "UserPoolArn": user_pool_arn(region, account, ids["UserPoolId"]),
        "UserPoolName": pool.get("UserPoolName", ids["UserPoolId"]),
        "AppClientID": ids["AppClientID"],
        "AppClientIDWeb": ids["AppClientIDWeb"],
    }
    if has_identity_pool(config) and "IdentityPoolId" in ids:
        out["IdentityPoolId"] = ids["IdentityPoolId"]
        out["IdentityPoolName"] = config.get("IdentityPoolConfigs", {}).get(
            "IdentityPoolName", ids["IdentityPoolId"]
        )
    oauth = pool.get("OAuth")
    if oauth:
        if oauth.get("DomainPrefix"):
            out["HostedUIDomain"] = oauth["DomainPrefix"]
        # The CLI stores OAuthMetadata as a JSON string, not an object.
        out["OAuthMetadata"] = json.dumps(
            {
                "AllowedOAuthFlows": [oauth.get("OAuthGrantType", "CODE").lower()],
                "AllowedOAuthScopes": [_SCOPES[s] for s in oauth.get("OAuthScopes", [])],
                "CallbackURLs": list(oauth.get("RedirectSignInURIs", [])),
                "LogoutURLs": list(oauth.get("RedirectSignOutURIs", [])),
            }
        )
    return out


_USERNAME_ATTRIBUTES = {
    "EMAIL": ["EMAIL"],
    "PHONE_NUMBER": ["PHONE_NUMBER"],
    "EMAIL_AND_PHONE_NUMBER": ["EMAIL", "PHONE_NUMBER"],
}
_CHARACTERS = {
    "REQUIRE_DIGIT": "REQUIRES_NUMBERS",
    "REQUIRE_LOWERCASE": "REQUIRES_LOWERCASE",
    "REQUIRE_SYMBOL": "REQUIRES_SYMBOLS",
    "REQUIRE_UPPERCASE": "REQUIRES_UPPERCASE",
}
_SOCIAL = {"Facebook": "FACEBOOK", "Google": "GOOGLE", "LoginWithAmazon": "AMAZON"}
_SOCIAL_APPLE = "SignInWithApple"


def frontend_auth_config(config: dict[str, Any]) -> dict[str, Any]:
    """The ``frontendAuthConfig`` the CLI keeps beside a Cognito resource (what the
    Authenticator UI reads: sign-in, sign-up, password, MFA and social settings)."""
    pool = config.get("UserPoolConfigs", {})
    policy = pool.get("PasswordPolicy", {})
    mfa = pool.get("Mfa", {})
    social = pool.get("OAuth", {}).get("SocialProviderSettings", {})
    providers = [_SOCIAL[k] for k in _SOCIAL if k in social]
    if _SOCIAL_APPLE in social:
        providers.append("APPLE")
    username = _USERNAME_ATTRIBUTES.get(pool.get("SignInMethod", "USERNAME"), [])
    verification = pool.get("VerificationMessage", {}).get("DeliveryMethod")
    return {
        "socialProviders": providers,
        "usernameAttributes": username,
        "signupAttributes": list(pool.get("RequiredSignUpAttributes", [])),
        "passwordProtectionSettings": {
            "passwordPolicyMinLength": int(policy.get("MinimumLength", 8)),
            "passwordPolicyCharacters": [
                _CHARACTERS[c] for c in policy.get("AdditionalConstraints", []) if c in _CHARACTERS
            ],
        },
        "mfaConfiguration": mfa.get("MFAMode", "OFF"),
        "mfaTypes": list(mfa.get("Settings", {}).get("MfaTypes", [])),
        "verificationMechanisms": (
            ["PHONE_NUMBER"] if verification == "SMS" else ["EMAIL"] if username else []
        ),
    }


def storage_output(resource: Resource, region: str) -> dict[str, Any]:
    """An S3 resource's ``output`` block once deployed."""
    return {"BucketName": resource.config["BucketName"], "Region": region}
