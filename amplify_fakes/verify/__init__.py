"""Contract verification: run the scenario through all 31 operations and check every raw response.

>>> from amplify_fakes.verify import verify_fake
>>> report = verify_fake()
>>> report.ok, len(report.operations())
(True, 31)

``verify_fake()`` targets the embedded fake in-process (what ``amplify-fakes verify``
runs); ``verify_client(client)`` runs the same scenario through any botocore client.
"""

from __future__ import annotations

from typing import Any

import boto3
from botocore.config import Config

from amplify_fakes.verify import _scenario
from amplify_fakes.verify._report import OK, SKIPPED, UNEXPECTED, VIOLATION, Report, Row
from amplify_fakes.verify._runner import Runner

__all__ = [
    "OK",
    "SKIPPED",
    "UNEXPECTED",
    "VIOLATION",
    "Report",
    "Row",
    "verify_client",
    "verify_fake",
]


def verify_client(client: Any, *, permissive_client: Any = None, target: str = "client") -> Report:
    """Run the scenario through ``client``; ``permissive_client`` (client-side validation
    off) is used for the error cases botocore itself would refuse to send."""
    report = Report(target=target)
    _scenario.run(Runner(client, report), permissive_client=permissive_client)
    return report


def verify_fake(*, region: str = "us-east-1") -> Report:
    """Run the scenario against a fresh embedded fake (immediate jobs).

    The fake's strict mode stays off: the scenario checks every raw response against
    the same contracts itself and reports violations in its table instead of raising.
    """
    from amplify_fakes import mock_amplifybackend

    with mock_amplifybackend(jobs="immediate", region=region):
        client = boto3.client("amplifybackend", region_name=region)
        loose = boto3.client(
            "amplifybackend", region_name=region, config=Config(parameter_validation=False)
        )
        return verify_client(client, permissive_client=loose, target="embedded fake (in-process)")
