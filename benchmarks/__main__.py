"""``python -m benchmarks [--quick] [--only 1,3] [--json FILE] [--plot FILE] [--markdown FILE]``.

Runs the benchmarks of issue 9 side by side and prints a markdown report on stdout
(progress on stderr). See BENCHMARKS.md for what each item measures.
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks._common import Section, Sizes, isolate_environment, progress, table

ITEMS = ("1", "2", "3", "4", "5", "6", "7", "8")


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def environment() -> dict[str, str]:
    """Where and with what this run happened."""
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}",
        "load average at start": " ".join(f"{load:.2f}" for load in os.getloadavg()),
        "python": platform.python_version(),
        "botocore": _version("botocore"),
        "boto3": _version("boto3"),
        "moto": _version("moto"),
        "hypothesis": _version("hypothesis"),
        "hypothesis-jsonschema": _version("hypothesis-jsonschema"),
        "jsonschema": _version("jsonschema"),
        "fastjsonschema": _version("fastjsonschema"),
        "orjson": _version("orjson"),
    }


_MODULES = {
    "1": "percall",
    "2": "coldstart",
    "3": "scale",
    "4": "validation",
    "5": "strategies",
    "6": "server",
    "7": "pertest",
    "8": "durable",
}


def _runner(item: str) -> Callable[[Sizes], Any]:
    module = importlib.import_module(f"benchmarks.{_MODULES[item]}")
    measure: Callable[[Sizes], Any] = module.measure
    return measure


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer rounds and calls (~1 min)")
    parser.add_argument("--only", default=",".join(ITEMS), help="items to run, e.g. 1,3")
    parser.add_argument("--json", type=Path, help="write raw samples to this file")
    parser.add_argument("--plot", type=Path, help="write the per-call latency plot (PNG)")
    parser.add_argument("--markdown", type=Path, help="also write the report to this file")
    args = parser.parse_args(argv)
    chosen = [item.strip() for item in args.only.split(",") if item.strip()]
    unknown = [item for item in chosen if item not in ITEMS]
    if unknown:
        parser.error(f"unknown item(s) {', '.join(unknown)}; choose from {', '.join(ITEMS)}")

    isolate_environment()
    # Before any botocore session exists, so every session carries the fake's hook.
    importlib.import_module("amplify_fakes")
    sizes = Sizes.of(args.quick)
    env = environment()
    sections: list[Section] = []
    started = time.perf_counter()
    for item in chosen:
        item_started = time.perf_counter()
        found = _runner(item)(sizes)
        section, extra = found if isinstance(found, tuple) else (found, None)
        section.seconds = time.perf_counter() - item_started
        sections.append(section)
        if item == "1" and args.plot is not None and extra is not None:
            from benchmarks.plot import per_call_plot

            per_call_plot(extra, args.plot, env)
            progress(f"plot written to {args.plot}")
    elapsed = time.perf_counter() - started
    env["load average at end"] = " ".join(f"{load:.2f}" for load in os.getloadavg())

    report = render(sections, env, args, elapsed)
    print(report)
    if args.markdown is not None:
        args.markdown.write_text(report + "\n", encoding="utf-8")
    if args.json is not None:
        raw = {
            "environment": env,
            "quick": args.quick,
            "sections": {s.title: s.data for s in sections},
        }
        args.json.write_text(json.dumps(raw, indent=1) + "\n", encoding="utf-8")
    return 0


def render(
    sections: list[Section], env: dict[str, str], args: argparse.Namespace, elapsed: float
) -> str:
    command = "python -m benchmarks" + (" --quick" if args.quick else "")
    lines = [
        f"Command: `{command}` ({elapsed:,.0f} s)",
        "",
        table(["", ""], [[key, value] for key, value in env.items()]),
        "",
        "## Targets",
        "",
        table(
            ["target", "goal", "measured", "met"],
            [
                [
                    t.name,
                    t.goal,
                    t.measured,
                    "not measured" if t.met is None else ("yes" if t.met else "**no**"),
                ]
                for s in sections
                for t in s.targets
            ],
        ),
    ]
    for section in sections:
        lines += ["", f"## {section.title}", "", f"({section.seconds:,.0f} s)", "", section.body]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
