"""What plausible values look like for members the service names (value hints, not shapes).

Shapes (types, enums, ranges, required members) come from the contracts; this table only
says, for a member name, what a realistic value of the contract's type looks like, so
examples read like the service's: ``d1a2b3c4d5e6f7`` app ids, ``dev`` environments.
Keys are member names lower-cased without underscores, so the SDK name (``ClientId``)
and the wire name (``client_id``) share a hint.
"""

from __future__ import annotations

import datetime as dt
import json
import string

from hypothesis import strategies as st

_LOWER = string.ascii_lowercase
_ALNUM = string.ascii_lowercase + string.digits


def _joined(*parts: st.SearchStrategy[str], sep: str = "") -> st.SearchStrategy[str]:
    """The parts' values joined. (``.map`` rather than ``st.builds``: a failing example
    then prints the string itself, not the call that built it.)"""
    return st.tuples(*parts).map(sep.join)


def _word(
    alphabet: str, min_size: int, max_size: int, first: str = _LOWER
) -> st.SearchStrategy[str]:
    return _joined(
        st.sampled_from(first), st.text(alphabet, min_size=min_size - 1, max_size=max_size - 1)
    )


_uuid = st.uuids(version=4).map(str)
_app_id = _word(_ALNUM, 14, 14, first="d")
_environment = _word(_LOWER, 2, 10)
_resource = _word(_ALNUM, 2, 24)
_region = st.sampled_from(["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"])
_user_pool = _joined(
    _region, st.text(string.ascii_letters + string.digits, min_size=9, max_size=9), sep="_"
)
_identity_pool = _joined(_region, _uuid, sep=":")
_bucket = _word(_ALNUM + "-", 3, 40)
_client_id = st.text(_ALNUM, min_size=20, max_size=26)
_url = _joined(
    st.just("https://"), _word(_LOWER, 3, 12), st.just(".example.com/"), _word(_LOWER, 1, 10)
)
_message = st.text(string.ascii_letters + string.digits + " .,{}#", min_size=1, max_size=40)
# Times as the service writes them: ISO 8601 UTC with milliseconds (2026-01-01T00:00:00.000Z).
_timestamp = st.datetimes(dt.datetime(2020, 8, 11), dt.datetime(2035, 12, 31)).map(
    lambda moment: moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
)
_seconds = st.integers(0, 600).map(str)  # a token's Ttl: whole seconds, as a string
_challenge = st.text(string.digits, min_size=6, max_size=6)
# Members holding a JSON document as a string (AmplifyMetaConfig, ...): a small object.
_json_document = st.dictionaries(
    _word(_LOWER, 1, 8),
    st.one_of(st.booleans(), st.integers(0, 9), _word(_LOWER, 1, 8)),
    max_size=3,
).map(lambda doc: json.dumps(doc, sort_keys=True))

#: hint key -> strategy for a plausible string value
STRING_HINTS: dict[str, st.SearchStrategy[str]] = {
    "appid": _app_id,
    "backendmanagerappid": _app_id,
    "amplifyappid": _app_id,
    "backendenvironmentname": _environment,
    "targetenvironmentname": _environment,
    "resourcename": _resource,
    "appname": _resource,
    "apiname": _resource,
    "userpoolname": _resource,
    "identitypoolname": _resource,
    "domainprefix": _resource,
    "jobid": _uuid,
    "sessionid": _uuid,
    "userpoolid": _user_pool,
    "awsuserpoolsid": _user_pool,
    "identitypoolid": _identity_pool,
    "awscognitoidentitypoolid": _identity_pool,
    "awscognitoregion": _region,
    "region": _region,
    "bucketname": _bucket,
    "nativeclientid": _client_id,
    "webclientid": _client_id,
    "clientid": _client_id,
    "awsuserpoolswebclientid": _client_id,
    "openidclientid": _client_id,
    "openidissueurl": _url,
    "redirectsigninuris": _url,
    "redirectsignouturis": _url,
    "emailmessage": _message,
    "emailsubject": _message,
    "smsmessage": _message,
    "description": _message,
    "operation": st.sampled_from(["CreateBackend", "CreateBackendAuth", "UpdateBackendAPI"]),
    "status": st.sampled_from(["IN_PROGRESS", "COMPLETED", "FAILED"]),
    "createtime": _timestamp,
    "updatetime": _timestamp,
    "creationdate": _timestamp,
    "ttl": _seconds,
    "challengecode": _challenge,
    "amplifymetaconfig": _json_document,
    "amplifyfeatureflags": _json_document,
    "modelintrospectionschema": _json_document,
}

#: hint key -> (minimum, maximum) for plausible numbers
NUMBER_HINTS: dict[str, tuple[int, int]] = {
    "minimumlength": (6, 99),
    "expirationtime": (1, 365),
}


def hint_key(name: str) -> str:
    """``ClientId`` and ``client_id`` -> ``clientid``."""
    return name.replace("_", "").lower()


#: Members never generated: a NextToken is only valid when the service issued it, so a
#: made-up one is an invalid request by the service's rules (the fake answers 400).
NEVER_GENERATED = frozenset({"nexttoken"})
