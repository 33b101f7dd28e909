"""Checks of the account ids and regions a user gives the fake.

A typo here (``region="us-eats-1"``, ``account_id="123"``) used to be accepted and gave
an empty state that no client ever reached; now it is a :class:`UsageError` that names
the fix. Regions are those of botocore's endpoint data, every partition.
"""

from __future__ import annotations

import difflib
import functools
import re

from amplify_fakes.errors import UsageError

_ACCOUNT = re.compile(r"^[0-9]{12}$")


@functools.cache
def _regions() -> frozenset[str]:
    import botocore.loaders

    data = botocore.loaders.create_loader().load_data("endpoints")
    return frozenset(region for partition in data["partitions"] for region in partition["regions"])


def check_account_id(value: str) -> str:
    """``value`` if it is an AWS account id (12 digits), else UsageError."""
    if not isinstance(value, str) or not _ACCOUNT.match(value):
        raise UsageError(f"account_id must be 12 digits, like '123456789012', not {value!r}")
    return value


def check_region(value: str) -> str:
    """``value`` if botocore knows it as an AWS region, else UsageError with close matches."""
    known = _regions()
    if isinstance(value, str) and value in known:
        return value
    close = difflib.get_close_matches(str(value), sorted(known), n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else " (upgrade botocore for a new one)"
    raise UsageError(f"region {value!r} is not an AWS region botocore knows{hint}")
