"""SigV4 checking for the HTTP door, with botocore's own signer doing the arithmetic.

The failures are answered the way API Gateway (which fronts amplifybackend) answers them:
403, ``x-amzn-ErrorType`` naming the error and a ``{"message": ...}`` body.
"""

from __future__ import annotations

import calendar
import hashlib
import hmac
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.compat import HTTPHeaders
from botocore.credentials import Credentials

from amplify_fakes._core.answers import json_error
from amplify_fakes._core.wire import WireRequest, WireResponse
from amplify_fakes._service.errors import MissingAuthenticationTokenException
from amplify_fakes.errors import UsageError

SERVICE = "amplifybackend"
ALGORITHM = "AWS4-HMAC-SHA256"
MAX_SKEW = 15 * 60  # seconds a signature's X-Amz-Date may be off from real time
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"

_ACCESS_KEY_ID = re.compile(r"^[A-Za-z0-9_.-]{1,128}$")
_ACCOUNT = re.compile(r"^\d{12}$")
_AMZ_DATE = re.compile(r"^\d{8}T\d{6}Z$")


@dataclass(frozen=True)
class AccessKey:
    """A credential the server accepts: access key id, secret, and optionally its account.

    ``AccessKey.parse("AKIDEXAMPLE:secret:111122223333")`` reads the ``--access-key``
    form ``ID:SECRET[:ACCOUNT]``. Without an account, requests signed with the key belong
    to the account the fake derives (a 12-digit key id, else its default account).
    """

    id: str
    secret: str
    account: str | None = None

    def __post_init__(self) -> None:
        if not _ACCESS_KEY_ID.match(self.id):
            raise UsageError(
                f"access key id {self.id!r} must be 1-128 letters, digits, '_', '.' or '-'"
            )
        if not self.secret:
            raise UsageError(f"access key {self.id!r} needs a non-empty secret")
        if self.account is not None and not _ACCOUNT.match(self.account):
            raise UsageError(
                f"account of access key {self.id!r} must be 12 digits, not {self.account!r}"
            )

    @classmethod
    def parse(cls, spec: str) -> AccessKey:
        """An AccessKey from ``ID:SECRET`` or ``ID:SECRET:ACCOUNT``; UsageError otherwise."""
        parts = spec.split(":")
        if len(parts) not in (2, 3) or not all(parts):
            raise UsageError(
                f"access key {_masked(spec)!r} is not ID:SECRET or ID:SECRET:ACCOUNT "
                "(for example AKIDEXAMPLE:secret:111122223333)"
            )
        return cls(*parts)

    def __repr__(self) -> str:  # never show the secret
        return f"AccessKey(id={self.id!r}, secret='***', account={self.account!r})"


def _masked(spec: str) -> str:
    head, sep, _ = spec.partition(":")
    return f"{head}{sep}***" if sep else spec


@dataclass(frozen=True)
class AuthFailure:
    """Why a request was refused (an API Gateway-style 403)."""

    code: str
    message: str
    status: int = 403

    def response(self) -> WireResponse:
        """The wire form: ``x-amzn-ErrorType`` and a ``{"message": ...}`` body."""
        return json_error(self.status, self.code, self.message)


MISSING = AuthFailure(
    MissingAuthenticationTokenException.code, MissingAuthenticationTokenException.MESSAGE
)
UNRECOGNIZED = AuthFailure(
    "UnrecognizedClientException", "The security token included in the request is invalid."
)
MISMATCH = AuthFailure(
    "InvalidSignatureException",
    "The request signature we calculated does not match the signature you provided. "
    "Check your AWS Secret Access Key and signing method. "
    "Consult the service documentation for details.",
)


def _incomplete(message: str) -> AuthFailure:
    return AuthFailure("IncompleteSignatureException", message)


def _invalid(message: str) -> AuthFailure:
    return AuthFailure("InvalidSignatureException", message)


@dataclass(frozen=True)
class _Authorization:
    access_key: str
    date: str
    region: str
    service: str
    terminator: str
    signed_headers: tuple[str, ...]
    signature: str


def _parse_authorization(header: str) -> _Authorization | AuthFailure:
    scheme, _, rest = header.strip().partition(" ")
    if scheme != ALGORITHM:
        return _incomplete(
            f"Authorization header must use {ALGORITHM} (SigV4); other schemes are not accepted."
        )
    fields: dict[str, str] = {}
    for part in rest.split(","):
        name, sep, value = part.strip().partition("=")
        if sep:
            fields[name.strip()] = value.strip()
    missing = [name for name in ("Credential", "SignedHeaders", "Signature") if name not in fields]
    if missing:
        return _incomplete(
            " ".join(f"Authorization header requires '{name}' parameter." for name in missing)
            + f" Authorization={header[:200]}"
        )
    scope = fields["Credential"].split("/")
    if len(scope) != 5 or not all(scope):
        return _incomplete(
            "Credential should be <access key id>/<date>/<region>/<service>/aws4_request, "
            f"not {fields['Credential'][:200]!r}."
        )
    signed = tuple(name.strip().lower() for name in fields["SignedHeaders"].split(";"))
    key, date, region, service, terminator = scope
    return _Authorization(key, date, region, service, terminator, signed, fields["Signature"])


class _Verifier(SigV4Auth):  # type: ignore[misc]  # botocore is untyped
    """botocore's SigV4 signer, told which headers the client signed."""

    def __init__(self, credentials: Credentials, region: str, signed: tuple[str, ...]):
        super().__init__(credentials, SERVICE, region)
        self._signed = signed

    def headers_to_sign(self, request: AWSRequest) -> HTTPHeaders:
        headers = HTTPHeaders()
        for name in self._signed:
            headers[name] = request.headers[name]
        return headers


def expected_signature(
    request: WireRequest, key: AccessKey, region: str, amz_date: str, signed: tuple[str, ...]
) -> str:
    """The signature botocore computes for ``request`` as received, with ``key``'s secret."""
    query = f"?{request.query}" if request.query else ""
    aws_request = AWSRequest(
        method=request.method,
        url=f"http://{request.headers.get('host', 'localhost')}{request.path}{query}",
        headers={name: request.headers[name] for name in signed},
        data=request.body,
    )
    aws_request.context["timestamp"] = amz_date
    verifier = _Verifier(Credentials(key.id, key.secret), region, signed)
    canonical = verifier.canonical_request(aws_request)
    return str(verifier.signature(verifier.string_to_sign(aws_request, canonical), aws_request))


def _epoch(amz_date: str) -> int:
    return calendar.timegm(time.strptime(amz_date, "%Y%m%dT%H%M%SZ"))


def _stamp(epoch: float) -> str:
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(epoch))


class Authenticator:
    """Checks SigV4 signatures against the configured keys when ``required`` is true.

    ``now`` is real time (clients sign with their real clock, not the fake's).
    """

    def __init__(
        self,
        keys: Iterable[AccessKey] = (),
        *,
        required: bool = False,
        now: Callable[[], float] = time.time,
    ):
        self.keys: Mapping[str, AccessKey] = {key.id: key for key in keys}
        self.required = required
        self._now = now

    def check(self, request: WireRequest) -> AuthFailure | None:
        """None when the request may pass, else the failure to answer with."""
        if not self.required:
            return None
        header = request.headers.get("authorization")
        if header is None:
            if "X-Amz-Signature=" in request.query:
                return _incomplete("Presigned (query string) requests are not supported.")
            return MISSING
        parsed = _parse_authorization(header)
        if isinstance(parsed, AuthFailure):
            return parsed
        key = self.keys.get(parsed.access_key)
        if key is None:
            return UNRECOGNIZED
        return self._verify(request, parsed, key)

    def _verify(
        self, request: WireRequest, auth: _Authorization, key: AccessKey
    ) -> AuthFailure | None:
        amz_date = request.headers.get("x-amz-date", "")
        if not _AMZ_DATE.match(amz_date):
            return _incomplete(
                "Authorization header requires existence of a valid 'X-Amz-Date' header "
                "(YYYYMMDD'T'HHMMSS'Z')."
            )
        problem = self._scope_problem(auth, amz_date)
        if problem is not None:
            return problem
        missing = [name for name in auth.signed_headers if name not in request.headers]
        if "host" not in auth.signed_headers or missing:
            return MISMATCH
        claimed = request.headers.get("x-amz-content-sha256")
        if claimed not in (None, UNSIGNED_PAYLOAD, hashlib.sha256(request.body).hexdigest()):
            return _invalid("The provided 'x-amz-content-sha256' header does not match the body.")
        expected = expected_signature(request, key, auth.region, amz_date, auth.signed_headers)
        if not hmac.compare_digest(expected, auth.signature):
            return MISMATCH
        return None

    def _scope_problem(self, auth: _Authorization, amz_date: str) -> AuthFailure | None:
        if auth.service != SERVICE:
            return _invalid(f"Credential should be scoped to correct service: '{SERVICE}'.")
        if auth.terminator != "aws4_request":
            return _invalid("Credential should be scoped with a valid terminator: 'aws4_request'.")
        if auth.date != amz_date[:8]:
            return _invalid(
                f"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of "
                f"date from HTTP: '{auth.date}' != '{amz_date[:8]}', from '{amz_date}'."
            )
        try:
            signed_at = _epoch(amz_date)
        except ValueError:
            return _incomplete(f"X-Amz-Date {amz_date!r} is not a valid date.")
        now = self._now()
        if signed_at < now - MAX_SKEW:
            return _invalid(
                f"Signature expired: {amz_date} is now earlier than {_stamp(now - MAX_SKEW)} "
                f"({_stamp(now)} - 15 min.)"
            )
        if signed_at > now + MAX_SKEW:
            return _invalid(
                f"Signature not yet current: {amz_date} is still later than "
                f"{_stamp(now + MAX_SKEW)} ({_stamp(now)} + 15 min.)"
            )
        return None
