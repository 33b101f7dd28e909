"""Reads of moto's backends, and the buckets add_bucket makes there, while moto is active.

Nothing here imports moto unless the user's process already has: the fake never pulls
moto in, and without an active ``mock_aws`` these functions answer None ("don't know").
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from typing import Any


def active() -> bool:
    """True while moto's ``mock_aws`` answers requests in this process."""
    if "moto.core.models" not in sys.modules:
        return False
    stubber: Any = getattr(sys.modules["moto.core.models"], "botocore_stubber", None)
    return bool(getattr(stubber, "enabled", False))


def moto_account(access_key: str | None) -> str:
    """The account moto files a request with this access key under (moto's own rule)."""
    import os

    from moto.iam.models import get_account_id_from

    return os.environ.get("MOTO_ACCOUNT_ID") or get_account_id_from(access_key or "")


def buckets(access_key: str | None) -> dict[str, float] | None:
    """moto's S3 buckets for a request signed with ``access_key``, or None without moto."""
    if not active():
        return None
    from moto.s3.models import s3_backends

    backend = s3_backends[moto_account(access_key)]["aws"]
    found: dict[str, float] = {}
    for name, bucket in list(backend.buckets.items()):
        created: dt.datetime = bucket.creation_date
        found[name] = created.timestamp()
    return found


def user_pool_name(access_key: str | None, region: str, user_pool_id: str) -> str | bool | None:
    """The name of moto's cognito-idp user pool, False if moto has no such pool, or None
    without moto."""
    if not active():
        return None
    from moto.cognitoidp.models import cognitoidp_backends

    pool = cognitoidp_backends[moto_account(access_key)][region].user_pools.get(user_pool_id)
    return False if pool is None else str(pool.name)


def add_bucket(name: str, region: str) -> None:
    """Make bucket ``name`` in moto's S3 (the account of the fake's default credentials),
    where ListS3Buckets and ImportBackendStorage look while moto is active."""
    from moto.s3.exceptions import BucketAlreadyExists
    from moto.s3.models import s3_backends

    with contextlib.suppress(BucketAlreadyExists):  # there already: what add_bucket asks
        s3_backends[moto_account(None)]["aws"].create_bucket(name, region)
