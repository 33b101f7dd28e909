"""Skipping SigV4 for requests a fake answers, keeping what the signature would have said.

Signing is a third of a call's cost and the fake never checks signatures. A
``choose-signer`` handler turns signing off for requests botocore would sign with plain
``v4``; the ``before-sign`` handler then writes the ``Authorization`` credential scope and
``X-Amz-Date`` the signer would have written (access key of the same credentials,
signing region), so the fake tells accounts and regions apart exactly as from a signed
request. Clients configured with ``signature_version=UNSIGNED`` stay unsigned.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any

import botocore
from botocore.credentials import Credentials

from amplify_fakes._environment import FAKE_KEY

# request.context key: this request's signature was skipped for the fake
_SKIPPED = "amplify_fakes.skipped_signature"


class SigningSkip:
    """The two signing handlers, active only while ``active()`` is true."""

    def __init__(self, active: Callable[[], bool]):
        self._active = active

    def skip_signature(self, signature_version: Any = None, context: Any = None, **_: Any) -> Any:
        """``choose-signer`` handler: no SigV4 signature for a request a fake answers.

        Only plain ``v4`` signing is skipped (not presigned URLs, not other schemes, not
        clients configured ``UNSIGNED``); :meth:`sign_without_credentials` then writes the
        credential scope the signature would have carried.
        """
        if not self._active() or signature_version != "v4" or not isinstance(context, dict):
            return None
        context[_SKIPPED] = True
        return botocore.UNSIGNED

    def sign_without_credentials(
        self,
        request: Any,
        request_signer: Any = None,
        region_name: str | None = None,
        signing_name: str | None = None,
        **_: Any,
    ) -> None:
        """``before-sign`` handler: the credential scope of a skipped signature, and fake
        credentials for a client that has none.

        A client created before activation in an environment without credentials would
        otherwise fail with NoCredentialsError before its request reaches the fake.
        """
        if not self._active():
            return
        signing = request.context.setdefault("signing", {})
        credentials = signing.get("request_credentials") or getattr(
            request_signer, "_credentials", None
        )
        if credentials is None:
            credentials = signing["request_credentials"] = Credentials(*FAKE_KEY)
        if not request.context.pop(_SKIPPED, False):
            return
        # What botocore's SigV4 signer would write, minus the signature itself: the same
        # credentials' access key and the same region choice (signing context first).
        frozen = credentials.get_frozen_credentials()
        region = signing.get("region") or region_name
        name = signing.get("signing_name") or signing_name
        stamp = amz_date()
        headers = request.headers
        headers["X-Amz-Date"] = stamp
        if frozen.token:
            headers["X-Amz-Security-Token"] = frozen.token
        headers["Authorization"] = (
            f"AWS4-HMAC-SHA256 Credential={frozen.access_key}/{stamp[:8]}/{region}/{name}/"
            "aws4_request, SignedHeaders=host;x-amz-date, Signature=skipped-by-amplify-fakes"
        )


def amz_date() -> str:
    """``X-Amz-Date`` for now (formatted once per second, as requests come in bursts)."""
    return _amz_stamp(int(time.time()))


@functools.lru_cache(maxsize=1)
def _amz_stamp(second: int) -> str:
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(second))
