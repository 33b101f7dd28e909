"""SHELL_CHECKS and NOT_RUN_CHECKS: what README's shell commands claim, and what runs them."""

from __future__ import annotations

import ast
import json
import re
import shlex
import subprocess
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.docs._blocks import ROOT
from tests.docs._shell_examples import Command, Shell

ShellCheck = Callable[[subprocess.CompletedProcess[str], Shell], None]
#: (pattern a command matches, check of its run beyond exit status 0), by what comments say.
SHELL_CHECKS: list[tuple[re.Pattern[str], ShellCheck]] = []


def shell_check(pattern: str) -> Callable[[ShellCheck], ShellCheck]:
    def register(check: ShellCheck) -> ShellCheck:
        SHELL_CHECKS.append((re.compile(pattern), check))
        return check

    return register


def _summary(done: subprocess.CompletedProcess[str]) -> str:
    return done.stdout.strip().splitlines()[-1]


@shell_check(r"^amplify-fakes verify$")
def _verify_embedded(done: subprocess.CompletedProcess[str], shell: Shell) -> None:
    summary = _summary(done)
    assert summary.startswith("PASSED: 31/31 operations"), summary
    assert summary.endswith("against embedded fake (in-process)"), summary


@shell_check(r"^amplify-fakes verify --endpoint-url http://127\.0\.0\.1:4566$")
def _verify_server(done: subprocess.CompletedProcess[str], shell: Shell) -> None:
    assert shell.server is not None
    summary = _summary(done)
    assert summary.startswith("PASSED: 31/31 operations"), summary
    assert shell.server.url in summary, summary


@shell_check(r"--record cassettes/ --report report\.json --operations GetBackend,CreateToken$")
def _verify_record(done: subprocess.CompletedProcess[str], shell: Shell) -> None:
    recordings = sorted(path.name for path in (shell.cwd / "cassettes").iterdir())
    assert recordings, "nothing recorded"
    assert all(re.fullmatch(r"\d{4}-[A-Za-z0-9]+\.json", name) for name in recordings)
    report = json.loads((shell.cwd / "report.json").read_text(encoding="utf-8"))
    assert report["ok"] is True
    assert _summary(done) == report["summary"]
    assert report["summary"].startswith("PASSED: 2/31 operations"), report["summary"]


@shell_check(r"--junit-xml verify\.xml")
def _verify_junit(done: subprocess.CompletedProcess[str], shell: Shell) -> None:
    cases = ElementTree.parse(shell.cwd / "verify.xml").getroot().iter("testcase")
    classnames = {case.get("classname", "") for case in cases}
    assert classnames, "no testcase"
    assert all(name.startswith("amplifybackend.") for name in classnames), classnames


@shell_check(r"^amplify-fakes verify --(replay|parity) cassettes/$")
def _verify_recordings(done: subprocess.CompletedProcess[str], shell: Shell) -> None:
    summary = _summary(done)
    assert summary.startswith("PASSED: "), summary
    assert summary.endswith("recordings in cassettes"), summary


@shell_check(r"^AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing python -c 'import boto3")
def _boto3_one_liner(done: subprocess.CompletedProcess[str], shell: Shell) -> None:
    assert "'Buckets': []" in done.stdout, done.stdout


@shell_check(r"aws amplifybackend create-backend --app-id d1app --app-name shop")
def _aws_cli(done: subprocess.CompletedProcess[str], shell: Shell) -> None:
    assert shell.server is not None
    answer = json.loads(done.stdout)
    assert (answer["AppId"], answer["BackendEnvironmentName"]) == ("d1app", "dev")
    assert shell.server.fake.backend("d1app", "dev")["AppName"] == "shop"


@shell_check(r"/_fake/faults -d '\{")
def _control_fault(done: subprocess.CompletedProcess[str], shell: Shell) -> None:
    answer = json.loads(done.stdout)
    assert isinstance(answer["id"], int)
    assert (answer["operation"], answer["error"], answer["times"]) == (
        "*",
        "TooManyRequestsException",  # what status 429 means
        3,
    )


@shell_check(r"/_fake/calls\?operation=CreateBackend'$")
def _control_calls(done: subprocess.CompletedProcess[str], shell: Shell) -> None:
    calls = json.loads(done.stdout)["calls"]
    assert all(call["operation"] == "CreateBackend" for call in calls), calls


@shell_check(r"^amplify-fakes contracts build --out contracts$")
def _contracts_built(done: subprocess.CompletedProcess[str], shell: Shell) -> None:
    built = sorted(path.name for path in (shell.cwd / "contracts").iterdir())
    assert built == sorted(path.name for path in (ROOT / "contracts").iterdir())


@shell_check(r"^amplify-fakes contracts build --check contracts$")
def _contracts_checked(done: subprocess.CompletedProcess[str], shell: Shell) -> None:
    stale = shell.cwd / "contracts" / "GetBackend.json"
    stale.write_text(stale.read_text(encoding="utf-8").replace('"', "'", 1), encoding="utf-8")
    again = shell.run("amplify-fakes contracts build --check contracts")
    assert again.returncode == 1, "a stale contract must exit 1"
    assert "GetBackend.json" in again.stdout + again.stderr, "and print a diff naming it"


@shell_check(r"^amplify-fakes contracts openapi$")
def _openapi_to_stdout(done: subprocess.CompletedProcess[str], shell: Shell) -> None:
    assert done.stdout == (ROOT / "contracts" / "openapi.json").read_text(encoding="utf-8")


@shell_check(r"^amplify-fakes contracts openapi --out api\.json --stage-prefix$")
def _openapi_stage_prefix(done: subprocess.CompletedProcess[str], shell: Shell) -> None:
    paths = json.loads((shell.cwd / "api.json").read_text(encoding="utf-8"))["paths"]
    assert "/prod/backend" in paths
    assert all(path.startswith("/prod/") for path in paths), sorted(paths)


NotRunCheck = Callable[[list[Command]], None]
#: (pattern a command of a block not run here matches, check that what runs it matches it).
NOT_RUN_CHECKS: list[tuple[re.Pattern[str], NotRunCheck]] = []


def not_run_check(pattern: str) -> Callable[[NotRunCheck], NotRunCheck]:
    def register(check: NotRunCheck) -> NotRunCheck:
        NOT_RUN_CHECKS.append((re.compile(pattern), check))
        return check

    return register


def _constants(path: Path) -> dict[str, Any]:
    """The module-level literal constants of a Python file, read without importing it."""
    found: dict[str, Any] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                try:
                    found[target.id] = ast.literal_eval(node.value)
                except ValueError:
                    continue
    return found


@not_run_check(r"^schemathesis ")
def _schemathesis_as_the_suite_runs_it(commands: list[Command]) -> None:
    """The suite's run (tests/openapi/test_schemathesis.py) uses the same checks and phases."""
    words = shlex.split(next(c.text for c in commands if c.text.startswith("schemathesis ")))
    suite = _constants(ROOT / "tests" / "openapi" / "test_schemathesis.py")
    assert words[words.index("--checks") + 1].split(",") == list(suite["CHECKS"])
    assert words[words.index("--phases") + 1].split(",") == list(suite["PHASES"])
    assert (ROOT / words[words.index("--config-file") + 1]).is_file()


@not_run_check(r"^bash \.ci/run$")
def _ci_runs_the_development_steps(commands: list[Command]) -> None:
    """Each step is a line of .ci/run, and ``-n 2`` is in pyproject's addopts."""
    ci = {line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()}
    for command in commands:
        if command.text != "bash .ci/run":
            for step in command.text.split("&&"):
                assert step.strip() in ci, f"README line {command.line}: {step.strip()!r}"
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^addopts = ".*-n 2\b', pyproject, re.M)
