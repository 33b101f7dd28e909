"""The ``amplify-fakes`` command: ``verify``, ``serve``, ``contracts build`` (and more as they land).

Every subcommand has ``--help``; errors are one line on stderr and a non-zero exit,
never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from amplify_fakes import __version__
from amplify_fakes.errors import AmplifyFakesError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="amplify-fakes",
        description="Contracts and a stateful fake for the AWS Amplify Admin UI API (amplifybackend).",
    )
    parser.add_argument("--version", action="version", version=f"amplify-fakes {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    verify = commands.add_parser(
        "verify",
        help="run the contract scenario through all 31 operations",
        description="Run the contract scenario through all 31 operations and check every raw "
        "response against the contracts: against the embedded fake (default), a server "
        "(--endpoint-url), real AWS (--live), or recordings (--replay, --parity).",
    )
    from amplify_fakes.verify._command import add_arguments as add_verify_arguments

    add_verify_arguments(verify)

    serve = commands.add_parser(
        "serve",
        help="run the fake as an HTTP server (for any AWS SDK, the AWS CLI, the Amplify CLI)",
        description="Run the fake as an HTTP server until SIGINT or SIGTERM. Prints the URL "
        "(one line on stdout) when ready; logs one line per request on stderr. Operations "
        "answer at botocore's paths (/backend/...) and under the REST reference's /prod "
        "stage (/prod/backend/...); /_fake is the control API (reset, snapshot, restore, "
        "faults, calls, clock, apps; GET /_fake lists it).",
    )
    from amplify_fakes._server.command import add_arguments as add_serve_arguments

    add_serve_arguments(serve)

    contracts = commands.add_parser(
        "contracts",
        help="work with the contract documents",
        description="Work with the contract documents.",
    )
    contract_commands = contracts.add_subparsers(
        dest="contracts_command", metavar="ACTION", required=True
    )
    build = contract_commands.add_parser(
        "build",
        help="regenerate contracts/ from botocore's model and the overrides file",
        description="Regenerate contracts/ from botocore's model and the overrides file.",
    )
    from amplify_fakes.contracts.build import add_arguments

    add_arguments(build)
    openapi = contract_commands.add_parser(
        "openapi",
        help="write the contracts as one OpenAPI 3.1 document",
        description="Write the contracts as one OpenAPI 3.1 document (what "
        "contracts/openapi.json holds), for schemathesis, Prism, Dredd or a client generator.",
    )
    openapi.add_argument("--out", metavar="FILE", help="write it to FILE instead of stdout")
    openapi.add_argument(
        "--stage-prefix",
        action="store_true",
        help="paths as the AWS REST API Reference writes them (/prod/backend/...)",
    )
    return parser


def _write_openapi(args: argparse.Namespace) -> int:
    from amplify_fakes import contracts
    from amplify_fakes.contracts.build import render_json

    text = render_json(contracts.openapi(stage_prefix=args.stage_prefix))
    if args.out is None:
        sys.stdout.write(text)
    else:
        with open(args.out, "w", encoding="utf-8") as out:
            out.write(text)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "contracts" and args.contracts_command == "openapi":
            return _write_openapi(args)
        if args.command == "contracts":
            from amplify_fakes.contracts.build import run

            return run(args)
        if args.command == "serve":
            from amplify_fakes._server.command import run as serve

            return serve(args)
        if args.command == "verify":
            from amplify_fakes.verify._command import run as verify

            return verify(args)
    except (AmplifyFakesError, OSError, ValueError) as exc:
        print(f"amplify-fakes: error: {exc}", file=sys.stderr)
        return 1
    return 2  # pragma: no cover - argparse rejects unknown commands first
