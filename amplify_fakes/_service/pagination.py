"""Opaque, tamper-evident NextTokens.

A token is ``base64url(json(cursor)).hmac`` signed with the fake's own secret, and it
names what it pages over (the "scope": app, environment and filters). A forged,
malformed or foreign token (another scope, or another fake) is a BadRequestException.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
from typing import Any

from amplify_fakes._service.errors import BadRequestException


class Paginator:
    """Issues and checks NextTokens for one fake."""

    def __init__(self, secret: bytes | None = None):
        self._secret = secret or secrets.token_bytes(32)

    def _sign(self, payload: bytes) -> str:
        return hmac.new(self._secret, payload, hashlib.sha256).hexdigest()[:32]

    def issue(self, scope: Any, position: int) -> str:
        """A token meaning "continue ``scope`` at ``position``"."""
        payload = json.dumps(
            {"s": scope, "p": position}, sort_keys=True, separators=(",", ":")
        ).encode()
        return base64.urlsafe_b64encode(payload).decode().rstrip("=") + "." + self._sign(payload)

    def position(self, token: str, scope: Any) -> int:
        """Where ``token`` continues ``scope``; BadRequestException if it is not ours for it."""
        body, _, signature = token.partition(".")
        try:
            payload = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
            cursor = json.loads(payload)
        except (ValueError, binascii.Error, UnicodeDecodeError):
            raise BadRequestException("Invalid NextToken: malformed") from None
        if not hmac.compare_digest(
            signature.encode("utf-8", "replace"), self._sign(payload).encode()
        ):
            raise BadRequestException("Invalid NextToken: not issued by this service")
        if not isinstance(cursor, dict) or cursor.get("s") != json.loads(json.dumps(scope)):
            raise BadRequestException("Invalid NextToken: issued for a different request")
        position = cursor.get("p")
        if not isinstance(position, int) or position < 0:
            raise BadRequestException("Invalid NextToken: malformed")
        return position
