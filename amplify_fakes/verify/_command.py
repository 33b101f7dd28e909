"""``amplify-fakes verify``: options and the run."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from amplify_fakes import contracts
from amplify_fakes.errors import UsageError
from amplify_fakes.verify._report import Report


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The verify command's options."""
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
        "--operations",
        metavar="A,B",
        help="report only these operations (the others still run as set-up)",
    )


def _operations(text: str | None) -> list[str] | None:
    if not text:
        return None
    names = [name.strip() for name in text.split(",") if name.strip()]
    for name in names:
        contracts.contract(name)  # UnknownOperationError with close matches
    return names


def run(args: argparse.Namespace) -> int:
    """Run the chosen verification; print the table and summary; 0 only when all is ok."""
    from amplify_fakes import verify

    options = {"operations": _operations(args.operations), "record": args.record}
    if args.record is not None and (args.replay or args.parity):
        raise UsageError("--record cannot be combined with --replay or --parity")
    try:
        report: Report
        if args.replay is not None:
            report = verify.replay(args.replay)
        elif args.parity is not None:
            report = verify.parity(args.parity)
        elif args.live:
            report = verify.verify_live(region=args.region, profile=args.profile, **options)
        elif args.endpoint_url:
            report = verify.verify_endpoint(
                args.endpoint_url, region=args.region, profile=args.profile, **options
            )
        else:
            report = verify.verify_fake(region=args.region, **options)
    except KeyboardInterrupt:
        print(
            "amplify-fakes verify: interrupted (what the run created was removed)", file=sys.stderr
        )
        return 130
    print(report.table())
    print(report.summary())
    if args.report is not None:
        args.report.write_text(
            json.dumps(report.to_json(), indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
    return 0 if report.ok else 1
