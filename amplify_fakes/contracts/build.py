"""Regenerate the repository's ``contracts/`` from botocore's model plus the overrides file.

Run it as ``amplify-fakes contracts build`` or ``python -m amplify_fakes.contracts.build``::

    python -m amplify_fakes.contracts.build --out contracts      # rewrite the documents
    python -m amplify_fakes.contracts.build --check contracts    # exit 1 with a diff if stale

Sources, in order of authority:

1. botocore's installed ``amplifybackend`` service model: operations, HTTP bindings,
   member names (``locationName`` is the wire name), types, enums, ranges, required
   members, errors and the paginator.
2. ``overrides.json`` next to this module: what only the AWS REST API Reference says,
   each entry citing its section. ``overrides`` entries make a contract stricter and are
   applied; ``notes`` record disagreements where botocore's rule is kept. Both are
   rendered into ``contracts/DISCREPANCIES.md``.

An override whose path names no member fails the build: a model change that moves a
member cannot leave a stale rule behind silently.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from amplify_fakes import _model
from amplify_fakes.contracts._layout import (
    CONTRACT_FORMAT,
    DISCREPANCIES_FILE,
    JSON_SCHEMA_DIALECT,
    OPENAPI_FILE,
    REST_STAGE_PREFIX,
    contract_file_name,
)
from amplify_fakes.contracts._openapi import openapi_document
from amplify_fakes.contracts._schemas import Overrides, SchemaBuilder, describe

OVERRIDES_PATH = Path(__file__).with_name("overrides.json")


def _error_contracts(
    model: dict[str, Any], builder: SchemaBuilder, aliases: dict[str, Any]
) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    for name in sorted({e["shape"] for op in model["operations"].values() for e in op["errors"]}):
        shape = model["shapes"][name]
        sdk, wire = builder.pair(name, operation="*", part="error", path="")
        errors[name] = {
            "status": shape["error"]["httpStatusCode"],
            "aliases": sorted(aliases.get(name, [])),
            "sdk": sdk,
            "wire": wire,
        }
    return errors


def _pagination(operation: str) -> dict[str, Any] | None:
    config = _model.raw_paginators()["pagination"].get(operation)
    if config is None:
        return None
    request_members = _model.raw_model()["shapes"][f"{operation}Request"]["members"]
    response_members = _model.raw_model()["shapes"][f"{operation}Response"]["members"]
    return {
        "inputToken": config["input_token"],
        "outputToken": config["output_token"],
        "limitKey": config["limit_key"],
        "resultKey": config["result_key"],
        "wire": {
            "inputToken": request_members[config["input_token"]]["locationName"],
            "outputToken": response_members[config["output_token"]]["locationName"],
            "limitKey": request_members[config["limit_key"]]["locationName"],
            "resultKey": response_members[config["result_key"]]["locationName"],
        },
    }


def build_documents(overrides_document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every operation's contract document, keyed by operation name."""
    model = _model.raw_model()
    overrides = Overrides.from_document(overrides_document)
    builder = SchemaBuilder(model["shapes"], overrides)
    errors = _error_contracts(model, builder, overrides_document.get("errorAliases", {}))
    documents: dict[str, dict[str, Any]] = {}
    for name in sorted(model["operations"]):
        op = model["operations"][name]
        input_name = op["input"]["shape"]
        input_members = model["shapes"][input_name]["members"]
        uri = [m for m, spec in input_members.items() if spec.get("location") == "uri"]
        template_order = re.findall(r"{(\w+)}", op["http"]["requestUri"])
        uri.sort(key=lambda m: template_order.index(input_members[m]["locationName"]))
        request_sdk, request_wire = builder.pair(
            input_name, operation=name, part="request", path="", uri_members=frozenset(uri)
        )
        response_sdk, response_wire = builder.pair(
            op["output"]["shape"], operation=name, part="response", path=""
        )
        defs: dict[str, Any] = {
            "request.sdk": request_sdk,
            "request.wire": request_wire,
            "response.sdk": response_sdk,
            "response.wire": response_wire,
        }
        error_meta: dict[str, Any] = {}
        for error in sorted(e["shape"] for e in op["errors"]):
            contract = errors[error]
            defs[f"error.{error}.sdk"] = contract["sdk"]
            defs[f"error.{error}.wire"] = contract["wire"]
            error_meta[error] = {"status": contract["status"], "aliases": contract["aliases"]}
        documents[name] = {
            "$schema": JSON_SCHEMA_DIALECT,
            "$id": f"urn:amplify-fakes:contract:{name}",
            "title": name,
            "description": describe(op.get("documentation")),
            "x-amplifybackend": {
                "format": CONTRACT_FORMAT,
                "operation": name,
                "apiVersion": model["metadata"]["apiVersion"],
                "http": {
                    "method": op["http"]["method"],
                    "requestUri": op["http"]["requestUri"],
                    "restReferenceUri": REST_STAGE_PREFIX + op["http"]["requestUri"],
                    "successStatus": op["http"].get("responseCode", 200),
                },
                "pathParameters": [
                    {"sdk": m, "wire": input_members[m]["locationName"]} for m in uri
                ],
                "errors": error_meta,
                "pagination": _pagination(name),
            },
            "$defs": defs,
        }
    stale = overrides.unused()
    if stale:
        listed = "; ".join(f"{e['operation']} {e['part']} {e['path']}" for e in stale)
        raise ValueError(f"overrides.json names members the model does not have: {listed}")
    return documents


def render_json(document: dict[str, Any]) -> str:
    """The canonical text of one contract document."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_discrepancies(overrides_document: dict[str, Any]) -> str:
    """``DISCREPANCIES.md``: every disagreement between the REST reference and botocore."""
    source = overrides_document.get("source", "the REST API Reference")
    lines = [
        "# Where the REST API Reference and botocore's model disagree",
        "",
        "Generated by `amplify-fakes contracts build` from `amplify_fakes/contracts/overrides.json`;",
        "edit that file, not this one. Sources: botocore's `amplifybackend` 2020-08-11 model and",
        f"the AWS Amplify Admin UI REST API Reference (`{source}` in the project's seed documents).",
        "Paths use wire (camelCase) names; `[]` is a list item.",
        "",
        "## Applied: the REST reference is stricter, the contract follows it",
        "",
        "| operation | part | path | REST reference | botocore | rule chosen | section |",
        "|---|---|---|---|---|---|---|",
    ]

    def cell(value: Any) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    for e in overrides_document.get("overrides", []):
        chosen = f"{e['rule']}: {json.dumps(e['value'])}"
        lines.append(
            f"| {cell(e['operation'])} | {e['part']} | `{cell(e['path'])}` | {cell(e['restReference'])} "
            f"| {cell(e['botocore'])} | {cell(chosen)} | {cell(e.get('section', ''))} |"
        )
    lines += [
        "",
        "## Noted: botocore's rule is kept",
        "",
        "| operation | part | path | REST reference | botocore | rule chosen | section |",
        "|---|---|---|---|---|---|---|",
    ]
    for e in overrides_document.get("notes", []):
        lines.append(
            f"| {cell(e['operation'])} | {e['part']} | `{cell(e['path'])}` | {cell(e['restReference'])} "
            f"| {cell(e['botocore'])} | {cell(e['chosen'])} | {cell(e.get('section', ''))} |"
        )
    lines += [
        "",
        "## Error names",
        "",
        "| botocore error (sent as `x-amzn-ErrorType`) | REST reference aliases |",
        "|---|---|",
    ]
    for name, names in sorted(overrides_document.get("errorAliases", {}).items()):
        lines.append(f"| {name} | {', '.join(names)} |")
    return "\n".join(lines) + "\n"


def load_overrides(path: Path = OVERRIDES_PATH) -> dict[str, Any]:
    """The overrides document (what only the REST reference says)."""
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def render_all(overrides_document: dict[str, Any] | None = None) -> dict[str, str]:
    """File name -> text, for every file the build writes."""
    overrides_document = overrides_document if overrides_document is not None else load_overrides()
    documents = build_documents(overrides_document)
    files = {contract_file_name(name): render_json(doc) for name, doc in documents.items()}
    files[OPENAPI_FILE] = render_json(openapi_document(documents))
    files[DISCREPANCIES_FILE] = render_discrepancies(overrides_document)
    return files


def write(out_dir: Path) -> list[str]:
    """Write every contract file into ``out_dir``; returns the names of files that changed."""
    out_dir.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in render_all().items():
        target = out_dir / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            changed.append(name)
    return changed


def check(out_dir: Path) -> str:
    """A unified diff between ``out_dir`` and a fresh build ("" when identical)."""
    diffs: list[str] = []
    expected = render_all()
    present = {p.name for p in out_dir.glob("*")} if out_dir.is_dir() else set()
    for name, text in sorted(expected.items()):
        current = (out_dir / name).read_text(encoding="utf-8") if name in present else ""
        if current != text:
            diffs.extend(
                difflib.unified_diff(
                    current.splitlines(keepends=True),
                    text.splitlines(keepends=True),
                    f"{out_dir.name}/{name} (on disk)",
                    f"{out_dir.name}/{name} (rebuilt)",
                )
            )
    for name in sorted(present - set(expected) - {"README.md"}):
        diffs.append(f"{out_dir.name}/{name}: not produced by the build\n")
    return "".join(diffs)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The build's options, shared by ``python -m`` and ``amplify-fakes contracts build``."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--out",
        type=Path,
        default=Path("contracts"),
        help="directory to write (default: contracts)",
    )
    group.add_argument(
        "--check", type=Path, metavar="DIR", help="compare DIR with a fresh build; exit 1 if stale"
    )


def run(args: argparse.Namespace) -> int:
    """Build (``--out``) or compare (``--check``); returns the exit status."""
    if args.check is not None:
        diff = check(args.check)
        if diff:
            sys.stdout.write(diff)
            print(
                f"contracts in {args.check} are stale: "
                f"rebuild with `amplify-fakes contracts build --out {args.check}`"
            )
            return 1
        print(f"contracts in {args.check} are up to date")
        return 0
    changed = write(args.out)
    listed = f": {', '.join(changed)}" if changed else ""
    print(f"wrote {len(changed)} changed file(s) to {args.out}{listed}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m amplify_fakes.contracts.build``."""
    parser = argparse.ArgumentParser(
        prog="python -m amplify_fakes.contracts.build",
        description="Regenerate the contract documents from botocore's model and overrides.json.",
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
