"""Contract verification: run the scenario through all 31 operations and check every raw response.

>>> from amplify_fakes.verify import verify_fake
>>> report = verify_fake()
>>> report.ok, len(report.operations())
(True, 31)

Targets: :func:`verify_fake` (the embedded fake in-process, what ``amplify-fakes verify``
runs by default), :func:`verify_endpoint` (any server), :func:`verify_live` (real AWS, with
the caller's own credentials), or :func:`verify_client` (any botocore client).
Recordings: :func:`replay` re-validates cassettes offline; :func:`parity` replays their
requests against the fake and reports shape differences.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config

from amplify_fakes.verify import _cassettes, _parity, _scenario
from amplify_fakes.verify._report import DIFFERS, OK, SKIPPED, UNEXPECTED, VIOLATION, Report, Row
from amplify_fakes.verify._runner import Runner

__all__ = [
    "DIFFERS",
    "OK",
    "SKIPPED",
    "UNEXPECTED",
    "VIOLATION",
    "Report",
    "Row",
    "parity",
    "replay",
    "verify_client",
    "verify_endpoint",
    "verify_fake",
    "verify_live",
]


def verify_client(
    client: Any,
    *,
    permissive_client: Any = None,
    target: str = "client",
    record: str | Path | None = None,
    operations: Iterable[str] | None = None,
    wait: bool = False,
    poll_seconds: float = 5,
    secrets: Iterable[str | None] = (),
) -> Report:
    """Run the scenario through ``client`` and check every raw response.

    ``permissive_client`` (client-side validation off) sends the error cases botocore itself
    would refuse; ``record`` writes every exchange as a redacted cassette into that
    directory (``secrets``: extra values to redact, e.g. the access key); ``operations``
    limits the report to those operations; ``wait`` waits for unfinished jobs (real AWS
    and any server that refuses a second pending job), polling every ``poll_seconds``.
    """
    report = Report(target=target)
    credentials = (
        client._request_signer._credentials if hasattr(client, "_request_signer") else None
    )
    known = [
        getattr(credentials, "access_key", None),
        getattr(credentials, "token", None),
        *secrets,
    ]
    recorder = _cassettes.Recorder(Path(record), known) if record is not None else None
    selected = frozenset(operations) if operations else None
    runner = Runner(
        client, report, recorder=recorder, operations=selected, wait=wait, poll_seconds=poll_seconds
    )
    _scenario.run(runner, permissive_client=permissive_client)
    return report


def verify_fake(*, region: str = "us-east-1", **options: Any) -> Report:
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
        return verify_client(
            client, permissive_client=loose, target="embedded fake (in-process)", **options
        )


def _clients(session: Any, region: str, endpoint_url: str | None) -> tuple[Any, Any]:
    strict = session.client("amplifybackend", region_name=region, endpoint_url=endpoint_url)
    loose = session.client(
        "amplifybackend",
        region_name=region,
        endpoint_url=endpoint_url,
        config=Config(parameter_validation=False),
    )
    return strict, loose


def verify_endpoint(
    endpoint_url: str, *, region: str = "us-east-1", profile: str | None = None, **options: Any
) -> Report:
    """Run the scenario against the amplifybackend API served at ``endpoint_url``.

    Credentials come from the normal chain (or ``profile``); when there are none, fake ones
    are used, since a local server usually needs no real keys.
    """
    session = boto3.Session(profile_name=profile, region_name=region)
    if session.get_credentials() is None:
        session = boto3.Session(
            aws_access_key_id="testing", aws_secret_access_key="testing", region_name=region
        )
    client, loose = _clients(session, region, endpoint_url)
    # A server that refuses a second pending job, as AWS does, needs each job waited for;
    # a local one finishes its jobs in seconds, so poll every second.
    options.setdefault("wait", True)
    options.setdefault("poll_seconds", 1)
    return verify_client(client, permissive_client=loose, target=endpoint_url, **options)


def verify_live(*, region: str = "us-east-1", profile: str | None = None, **options: Any) -> Report:
    """Run the scenario against the real service with the caller's own credentials.

    It creates one app backend with a unique ``amplifyfakesverify`` name, waits for its
    jobs, and removes it again at the end, also after a failure or Ctrl-C; it never
    removes anything it did not create.
    """
    session = boto3.Session(profile_name=profile, region_name=region)
    if session.get_credentials() is None:
        from amplify_fakes.errors import UsageError

        raise UsageError(
            "--live needs AWS credentials (environment, profile or instance role); none were found"
        )
    client, loose = _clients(session, region, None)
    options.setdefault("wait", True)
    return verify_client(
        client, permissive_client=loose, target=f"AWS amplifybackend in {region}", **options
    )


def replay(directory: str | Path) -> Report:
    """Re-validate the cassettes in ``directory`` against the current contracts, offline."""
    return _parity.replay(_cassettes.load(Path(directory)), f"recordings in {Path(directory).name}")


def parity(directory: str | Path) -> Report:
    """Replay the recorded requests against the embedded fake; report shape differences."""
    return _parity.parity(
        _cassettes.load(Path(directory)), f"embedded fake vs recordings in {Path(directory).name}"
    )
