"""``amplify-fakes verify``: options and the run."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from amplify_fakes import contracts
from amplify_fakes.errors import AmplifyFakesError, UsageError
from amplify_fakes.verify._junit import junit_xml
from amplify_fakes.verify._report import Report

#: Exit statuses (``amplify-fakes verify --help`` and README list them).
EXIT_OK = 0
EXIT_FINDINGS = 1  # contract violations, unexpected errors or something left behind
EXIT_USAGE = 2
EXIT_UNREACHABLE = 3  # no answer from the endpoint, or no credentials
EXIT_INTERRUPTED = 130

EPILOG = (
    "exit status: 0 every check ok; 1 contract violations, unexpected errors or something "
    "the run created and could not remove; 2 usage error; 3 the endpoint could not be "
    "reached or there were no credentials; 130 interrupted (what the run created is removed)"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The verify command's options."""
    parser.epilog = EPILOG
    target = parser.add_mutually_exclusive_group()
    target.add_argument(
        "--endpoint-url",
        metavar="URL",
        help="verify the server at URL instead of the embedded fake",
    )
    target.add_argument(
        "--live",
        action="store_true",
        help="verify the real AWS service with your normal credentials (creates and removes one app backend)",
    )
    target.add_argument(
        "--replay", metavar="DIR", type=Path, help="re-validate recorded cassettes offline"
    )
    target.add_argument(
        "--parity",
        metavar="DIR",
        type=Path,
        help="replay recorded requests against the fake and compare shapes",
    )
    parser.add_argument(
        "--region", default="us-east-1", help="region of the target (default us-east-1)"
    )
    parser.add_argument("--profile", help="AWS profile for --live or --endpoint-url")
    parser.add_argument(
        "--record",
        metavar="DIR",
        type=Path,
        help="write every exchange as a redacted cassette into DIR",
    )
    parser.add_argument(
        "--report", metavar="FILE", type=Path, help="also write the report as JSON to FILE"
    )
    parser.add_argument(
        "--junit-xml",
        metavar="FILE",
        type=Path,
        help="also write the report as JUnit XML to FILE (one testcase per operation and case)",
    )
    parser.add_argument(
        "--operations",
        metavar="A,B",
        help="report only these operations (the others still run as set-up)",
    )


def _operations(text: str | None) -> list[str] | None:
    if text is None:
        return None
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise UsageError(
            f"--operations {text!r} names no operation: give a comma-separated list, "
            "e.g. --operations CreateBackend,GetBackendJob (or leave it out for all 31)"
        )
    for name in names:
        contracts.contract(name)  # UnknownOperationError with close matches
    return names


def run(args: argparse.Namespace) -> int:
    """Run the chosen verification; print the table and summary; return the exit status
    (:data:`EXIT_OK` only when all is ok)."""
    try:
        report = _report(args)
    except KeyboardInterrupt:
        print(
            "amplify-fakes verify: interrupted (what the run created was removed)", file=sys.stderr
        )
        return EXIT_INTERRUPTED
    except _NoCredentials as exc:
        print(f"amplify-fakes verify: {exc}", file=sys.stderr)
        return EXIT_UNREACHABLE
    except AmplifyFakesError as exc:
        print(f"amplify-fakes verify: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(report.table())
    print(report.summary())
    if args.report is not None:
        args.report.write_text(
            json.dumps(report.to_json(), indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
    if args.junit_xml is not None:
        args.junit_xml.write_text(junit_xml(report), encoding="utf-8")
    if not report.reached:
        print(f"amplify-fakes verify: no answer from {report.target}", file=sys.stderr)
        return EXIT_UNREACHABLE
    return EXIT_OK if report.ok else EXIT_FINDINGS


class _NoCredentials(UsageError):
    """--live (or --profile) found no credentials."""


def _report(args: argparse.Namespace) -> Report:
    from amplify_fakes import verify

    options = {"operations": _operations(args.operations), "record": args.record}
    if args.record is not None and (args.replay or args.parity):
        raise UsageError("--record cannot be combined with --replay or --parity")
    if args.replay is not None:
        return verify.replay(args.replay)
    if args.parity is not None:
        return verify.parity(args.parity)
    if args.live:
        import boto3

        if boto3.Session(profile_name=args.profile).get_credentials() is None:
            raise _NoCredentials(
                "--live needs AWS credentials (environment, profile or instance role); none were found"
            )
        return verify.verify_live(region=args.region, profile=args.profile, **options)
    if args.endpoint_url:
        return verify.verify_endpoint(
            args.endpoint_url, region=args.region, profile=args.profile, **options
        )
    return verify.verify_fake(region=args.region, **options)
