"""Every example in README.md, run as a test (issue 21: "README examples are tests").

**The runner is this module, not a plugin.** Both well-kept plugins were tried on this README
with this project's pytest 9.0.3 and pytest-xdist 3.8.0:

- pytest-examples 0.0.18 (pydantic's, May 2025): a failing example crashes pytest 9's failure
  report (its rewritten traceback ends in ``INTERNALERROR ... RuntimeError: generator raised
  StopIteration``, and under xdist the worker's report is lost), so a broken example aborts the
  run instead of failing one test. It also brings black, and checks output only as ``#>`` lines.
- pytest-markdown-docs 0.9.2 (Modal's, March 2026): runs under pytest 9 and xdist, but pins
  ``markdown-it-py<4`` (4.3 is installed here), keeps its markers in the fence's info string,
  which GitHub does not show, and runs a block that defines ``test_*`` functions without
  calling them: the plugin example "passed" without one of its tests running.

Neither runs shell blocks, runs a pytest-style block under pytest, checks what a comment claims
or fails when a block is neither run nor marked, so this module would be needed anyway; what a
plugin would add on top (finding fences, one exec per block) is a few lines of ``ast`` here. No
new dependency, and every marker is a comment a reader sees in the block.

**What runs, and the markers** (each one visible in the block itself):

- Every fenced block is found (ids are README line numbers, ``README.md:28``); an indented code
  block, or a language not handled below, fails ``test_every_block_is_run_or_says_why``.
- ``python``: run alone, in a fresh namespace, in a temporary working directory, unless its
  first line says otherwise:

  - ``# continues the example above``: run after the previous python block (and whatever that
    one continues), in one namespace;
  - ``# given: <what>``: run in a namespace this module prepares, ``<what>`` saying what it
    holds; each ``<what>`` has its set-up in ``GIVENS`` (an unknown one fails);
  - ``# not run by the README tests: <reason>`` (no block needs it today).

  A block that defines ``test_*`` functions is a pytest file: it runs under pytest (pytester, in
  a fresh process, without xdist) and each of its tests must pass. A block whose last statement
  is followed by comment lines ``# package.module.Error: message`` must raise exactly that error
  with exactly that message at that statement (the doctest convention). A statement whose line
  ends in a comment states a result: ``CLAIMS`` checks each such comment against the value the
  statement produced, and a commented statement with no check in ``CLAIMS`` fails.
- ``bash``: every command runs (``bash -c``, one at a time, in order, in a temporary directory)
  unless its comment, or the block's first line, says ``not run by the README tests: <reason>``.
  ``amplify-fakes`` and ``python`` are this interpreter's (``-m amplify_fakes``, with this
  checkout first on PYTHONPATH, whatever an installed entry point points at); a block that names
  ``http://127.0.0.1:4566``, ``localhost:4566`` or ``URL`` gets a ``FakeServer`` on an ephemeral
  127.0.0.1 port in their place; ``amplify-fakes serve`` is started on port 0, used and stopped
  with SIGINT. ``SHELL_CHECKS`` checks what the commands' comments claim; ``NOT_RUN_CHECKS``
  checks that a block not run here matches what does run it.
- ``toml``: the pytest configuration example is the ``pyproject.toml`` of a pytester run with
  ``--strict-config``, which checks each option's effect on the fixtures.
- ``text``: output; it must follow a pytest-style python block, whose run prints a line of the
  same shape (numbers aside).

Every subprocess and every wait has a timeout; servers bind 127.0.0.1 only.
"""

from __future__ import annotations

import ast
import importlib
import io
import json
import os
import re
import select
import shlex
import signal
import subprocess
import sys
import tokenize
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest

from amplify_fakes import mock_amplifybackend
from amplify_fakes.server import FakeServer
from tests.plugin._support import clean_outer_environment

ROOT = Path(__file__).resolve().parents[2]
README_PATH = ROOT / "README.md"
README = README_PATH.read_text(encoding="utf-8")
TIMEOUT = 120.0  # seconds, for any one subprocess or wait

Namespace = dict[str, Any]

# -- finding the blocks --------------------------------------------------------------------

FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")
LIST_LINE = re.compile(r"^(\s*([-*+]|\d+[.)])\s|\s{2,}\S)")
SHELL = ("bash", "sh")
KNOWN_LANGUAGES = ("python", *SHELL, "toml", "text")

CONTINUES = "# continues the example above"
GIVEN = re.compile(r"^# given: (?P<what>\S.*)$")
NOT_RUN = re.compile(r"not run by the README tests: (?P<reason>\S.*)$")
RAISES = re.compile(r"^# (?P<error>[A-Za-z_][\w.]*\.[A-Za-z_]\w*): (?P<message>.+)$")


@dataclass(frozen=True)
class Block:
    """One fenced block of README.md."""

    language: str
    line: int  # README line of the opening fence; the code starts on the next line
    source: str

    def __str__(self) -> str:
        return f"README.md:{self.line}"

    @property
    def first_line(self) -> str:
        return next((line.strip() for line in self.source.splitlines() if line.strip()), "")

    @property
    def padded(self) -> str:
        """The source after one empty line per README line before it, so that line numbers
        in parse results and tracebacks are README's."""
        return "\n" * self.line + self.source


def fenced_blocks(text: str) -> list[Block]:
    """Every fenced code block of ``text``, in order."""
    lines = text.splitlines()
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if opening is None:
            index += 1
            continue
        fence = opening["fence"]
        close = next(
            (i for i in range(index + 1, len(lines)) if lines[i].strip() == fence),
            None,
        )
        assert close is not None, f"README.md:{index + 1}: a code fence that is never closed"
        words = opening["info"].split()
        source = "".join(line + "\n" for line in lines[index + 1 : close])
        blocks.append(Block(words[0] if words else "", index + 1, source))
        index = close + 1
    return blocks


def indented_code_blocks(text: str) -> list[int]:
    """Lines where an indented (unfenced, so unlabelled and unchecked) code block starts."""
    found: list[int] = []
    fence: str | None = None
    previous = ""
    last_text = ""
    for number, line in enumerate(text.splitlines(), 1):
        opening = FENCE.match(line)
        if fence is not None:
            fence = None if line.strip() == fence else fence
        elif opening is not None:
            fence = opening["fence"]
        elif (
            line.startswith("    ")
            and line.strip()
            and not previous.strip()
            and not LIST_LINE.match(last_text)
        ):
            found.append(number)
        previous = line
        last_text = line if line.strip() else last_text
    return found


BLOCKS = fenced_blocks(README)
PYTHON = [block for block in BLOCKS if block.language == "python"]

# -- python blocks -------------------------------------------------------------------------


def parse(block: Block) -> ast.Module:
    return ast.parse(block.padded, filename=str(README_PATH))


def pytest_tests_of(block: Block) -> list[str]:
    """Names of the tests pytest collects from ``block`` (empty: it is not a pytest file)."""
    names: list[str] = []
    for node in parse(block).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith(
            "test"
        ):
            names.append(node.name)
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            names.extend(
                f"{node.name}::{member.name}"
                for member in node.body
                if isinstance(member, ast.FunctionDef) and member.name.startswith("test")
            )
    return names


def not_run_reason(block: Block) -> str | None:
    marker = NOT_RUN.search(block.first_line) if block.first_line.startswith("#") else None
    return marker["reason"] if marker else None


def given_of(block: Block) -> str | None:
    marker = GIVEN.match(block.first_line)
    return marker["what"] if marker else None


def expected_error(block: Block) -> tuple[str, str] | None:
    """``(qualified error name, message)`` when comment lines after the last statement show the
    error it raises, as a traceback's last lines do."""
    body = parse(block).body
    if not body or body[-1].end_lineno is None:
        return None
    after = [line.strip() for line in block.padded.splitlines()[body[-1].end_lineno :]]
    comments = [line for line in after if line]
    if not comments or not (first := RAISES.match(comments[0])):
        return None
    message = [first["message"]]
    message.extend(line.removeprefix("# ") for line in comments[1:])
    return first["error"], "\n".join(message)


def trailing_comments(block: Block) -> dict[int, str]:
    """README line -> text of the comment that ends a line of code."""
    comments: dict[int, str] = {}
    for token in tokenize.generate_tokens(io.StringIO(block.padded).readline):
        if token.type == tokenize.COMMENT and token.line[: token.start[1]].strip():
            comments[token.start[0]] = token.string.removeprefix("#").strip()
    return comments


def predecessor(block: Block) -> Block | None:
    index = PYTHON.index(block)
    return PYTHON[index - 1] if index else None


def chain(block: Block) -> list[Block]:
    """``block`` after every block it continues, the first of them first."""
    blocks = [block]
    while blocks[0].first_line == CONTINUES:
        before = predecessor(blocks[0])
        assert before is not None, f"{blocks[0]} continues an example, but none comes before it"
        blocks.insert(0, before)
    return blocks


class _RecordClaims(ast.NodeTransformer):
    """Wraps the value of each expression statement or assignment whose line ends in a comment
    in ``__claim__(line, value)``, so the comment's claim can be checked against it."""

    def __init__(self, comments: dict[int, str]) -> None:
        self.comments = comments
        self.claims: dict[int, str] = {}  # README line -> the claim (the comment)

    def _record(self, value: ast.expr, line: int | None) -> ast.expr:
        if line not in self.comments or (
            isinstance(value, ast.Constant) and value.value is Ellipsis
        ):
            return value
        self.claims[line] = self.comments[line]
        call = ast.Call(ast.Name("__claim__", ast.Load()), [ast.Constant(line), value], [])
        return ast.copy_location(call, value)

    def visit_Expr(self, node: ast.Expr) -> ast.Expr:
        node.value = self._record(node.value, node.end_lineno)
        return node

    def visit_Assign(self, node: ast.Assign) -> ast.Assign:
        node.value = self._record(node.value, node.end_lineno)
        return node


@dataclass
class Ran:
    """The claims of one python block, and which of them ran (and were checked)."""

    claims: dict[int, str]  # README line -> the comment that states a result
    checked: set[int]


def _exec(statements: list[ast.stmt], namespace: Namespace) -> None:
    module = ast.fix_missing_locations(ast.Module(body=statements, type_ignores=[]))
    exec(compile(module, str(README_PATH), "exec"), namespace)


def run_python(block: Block, namespace: Namespace) -> Ran:
    """Run ``block`` in ``namespace``, checking each claim as its statement runs; if the block
    shows an error after its last statement, that statement must raise exactly it."""
    recorder = _RecordClaims(trailing_comments(block))
    tree = recorder.visit(parse(block))
    ran = Ran(recorder.claims, set())
    unchecked = {f"README.md:{line}": c for line, c in ran.claims.items() if c not in CLAIMS}
    assert not unchecked, f"comments that state a result, with no check in CLAIMS: {unchecked}"

    def check(line: int, value: Any) -> Any:
        CLAIMS[ran.claims[line]](value, namespace)
        ran.checked.add(line)
        return value

    namespace["__claim__"] = check
    error = expected_error(block)
    if error is None:
        _exec(tree.body, namespace)
        return ran
    _exec(tree.body[:-1], namespace)
    module, _, name = error[0].rpartition(".")
    expected = getattr(importlib.import_module(module), name)
    with pytest.raises(expected) as raised:
        _exec(tree.body[-1:], namespace)
    assert type(raised.value) is expected, f"{block} raised {type(raised.value)}"
    assert str(raised.value) == error[1]
    return ran


# -- what the python blocks are given ------------------------------------------------------

_SHOP_API = {
    "ApiName": "shopApi",
    "TransformSchema": "type Item @model { id: ID! }",
    "DefaultAuthType": {"Mode": "API_KEY"},
}
_SHOP_AUTH = {
    "AuthResources": "IDENTITY_POOL_AND_USER_POOL",
    "Service": "COGNITO",
    "IdentityPoolConfigs": {"IdentityPoolName": "shopIdentityPool", "UnauthenticatedLogin": False},
    "UserPoolConfigs": {
        "UserPoolName": "shopUserPool",
        "SignInMethod": "EMAIL",
        "RequiredSignUpAttributes": ["EMAIL"],
    },
}
_SHOP_STORAGE = {"ServiceName": "S3", "Permissions": {"Authenticated": ["READ"]}}


@contextmanager
def _deployed_shop() -> Iterator[Namespace]:
    """``client`` (and its ``fake``, active), with d1app/dev holding an API whose default auth
    is an API key, auth "shopauth" (user pool and identity pool) and storage "media"."""
    names = {"AppId": "d1app", "BackendEnvironmentName": "dev"}
    with mock_amplifybackend(jobs="immediate", strict=True) as fake:
        client = boto3.client("amplifybackend", region_name="us-east-1")
        client.create_backend(AppName="shop", **names)
        client.create_backend_api(ResourceName="shopapi", ResourceConfig=_SHOP_API, **names)
        client.create_backend_auth(ResourceName="shopauth", ResourceConfig=_SHOP_AUTH, **names)
        client.create_backend_storage(ResourceName="media", ResourceConfig=_SHOP_STORAGE, **names)
        yield {"client": client, "fake": fake}


#: ``# given: <what>`` -> the set-up that makes what it says, yielding the block's namespace.
GIVENS: dict[str, Callable[[], AbstractContextManager[Namespace]]] = {
    'client, with d1app/dev\'s API (API_KEY), auth "shopauth" and storage "media" deployed': (
        _deployed_shop
    ),
}

# -- what python comments claim ------------------------------------------------------------

Claim = Callable[[Any, Namespace], None]
#: A comment ending a statement's line -> the check of the statement's value against it.
CLAIMS: dict[str, Claim] = {}


def claim(comment: str) -> Callable[[Claim], Claim]:
    def register(check: Claim) -> Claim:
        CLAIMS[comment] = check
        return check

    return register


@claim("throttled twice, retried by botocore")
def _throttled_twice(value: Any, namespace: Namespace) -> None:
    assert value["ResponseMetadata"]["RetryAttempts"] == 2
    statuses = [call.status for call in namespace["fake"].calls.of("GetBackend")]
    assert statuses == [429, 429, 200]


@claim("every request, in order: CreateBackend, then GetBackend three times")
def _every_request(value: Any, namespace: Namespace) -> None:
    assert [call.operation for call in value] == ["CreateBackend", *["GetBackend"] * 3]
    times = [call.time for call in value]
    assert times == sorted(times)


@claim("the three attempts: 429, 429, 200")
def _three_attempts(value: Any, namespace: Namespace) -> None:
    assert [call.status for call in value] == [429, 429, 200]


@claim("26 lowercase letters and digits")
def _appsync_id(value: Any, namespace: Namespace) -> None:
    assert re.fullmatch(r"[a-z0-9]{26}", value), value


@claim("https://<id>.appsync-api.us-east-1.amazonaws.com/graphql")
def _appsync_endpoint(value: Any, namespace: Namespace) -> None:
    api_id = namespace["api"]["GraphQLAPIIdOutput"]
    assert value == f"https://{api_id}.appsync-api.us-east-1.amazonaws.com/graphql"


@claim('da2-..., when API_KEY is an auth mode; api["authConfig"] too')
def _api_key(value: Any, namespace: Namespace) -> None:
    assert value.startswith("da2-"), value
    assert "authConfig" in namespace["api"]


@claim("us-east-1_AbCd12345, ...")
def _user_pool(value: Any, namespace: Namespace) -> None:
    pool_id, arn, name = value
    assert re.fullmatch(r"us-east-1_[A-Za-z0-9]{9}", pool_id), pool_id
    assert arn.endswith(f":userpool/{pool_id}"), arn
    assert isinstance(name, str)
    assert name


@claim("with IDENTITY_POOL_AND_USER_POOL")
def _identity_pool(value: Any, namespace: Namespace) -> None:
    identity_pool_id, name = value
    assert re.fullmatch(r"us-east-1:[0-9a-f-]{36}", identity_pool_id), identity_pool_id
    assert isinstance(name, str)
    assert name


@claim('{"BucketName": ..., "Region": ...}')
def _bucket(value: Any, namespace: Namespace) -> None:
    assert set(value) == {"BucketName", "Region"}
    assert value["Region"] == "us-east-1"


@claim("amplify-d1app-dev-123456")
def _stack_name(value: Any, namespace: Namespace) -> None:
    assert re.fullmatch(r"amplify-d1app-dev-\d{6}", value), value


@claim("until COMPLETED")
def _waited(value: Any, namespace: Namespace) -> None:
    fake = namespace["fake"]
    assert [job["Status"] for job in fake.jobs("d1app", "dev")] == ["COMPLETED"]
    created, *polls = [call.time for call in fake.calls]
    assert polls, "the waiter never polled"
    assert polls[-1] - created >= 5  # the 5 s job, on the virtual clock


@claim('JSON-serialisable, {"format": ..., "version": 2, ...}')
def _snapshot(value: Any, namespace: Namespace) -> None:
    assert json.loads(json.dumps(value)) == value
    assert value["version"] == 2
    assert "format" in value


@claim("atomic: temp file, then rename")
def _saved(value: Any, namespace: Namespace) -> None:
    assert sorted(path.name for path in Path.cwd().iterdir()) == ["state.json"]  # no temp left
    assert json.loads(Path("state.json").read_text(encoding="utf-8")) == namespace["snapshot"]


@claim("boto3, endpoint_url=server.url, fake credentials")
def _server_client(value: Any, namespace: Namespace) -> None:
    assert value.meta.endpoint_url == namespace["server"].url
    assert value._request_signer._credentials.access_key == "testing"


@claim("raises the first defect a request hit, if any")
def _checked(value: Any, namespace: Namespace) -> None:
    assert value is None


@claim("the 31 names, botocore spelling")
def _operations(value: Any, namespace: Namespace) -> None:
    assert len(value) == len(set(value)) == 31
    assert "CreateBackendAPI" in value


@claim('part: "request" | "response"')
def _request_schema(value: Any, namespace: Namespace) -> None:
    assert "ResourceConfig" in value["properties"]


@claim('level: "sdk" | "wire"')
def _wire_schema(value: Any, namespace: Namespace) -> None:
    assert "jobId" in value["properties"]
    assert "JobId" not in value["properties"]


@claim("the whole document (a copy)")
def _contract(value: Any, namespace: Namespace) -> None:
    assert "x-amplifybackend" in value
    value.clear()
    assert namespace["contracts"].contract("ListBackendJobs"), "the copy was the cache itself"


# -- shell blocks --------------------------------------------------------------------------


@dataclass(frozen=True)
class Command:
    """One command of a shell block (continuation lines joined), with its trailing comment."""

    line: int
    text: str
    comment: str

    @property
    def not_run(self) -> str | None:
        marker = NOT_RUN.search(self.comment)
        return marker["reason"] if marker else None


def split_comment(command: str) -> tuple[str, str]:
    """``(command, comment)``: the comment starts at the first unquoted ``#`` after a space."""
    for match in re.finditer(r"\s#", command):
        before = command[: match.start()]
        try:
            shlex.split(before)
        except ValueError:  # the # is inside quotes
            continue
        return before.strip(), command[match.end() :].strip()
    return command.strip(), ""


def shell_commands(block: Block) -> list[Command]:
    commands: list[Command] = []
    pending: list[str] = []
    start = 0
    for number, raw in enumerate(block.source.splitlines(), block.line + 1):
        line = raw.strip()
        if not pending:
            if not line or line.startswith("#"):
                continue
            start = number
        pending.append(line.removesuffix("\\").strip())
        if not line.endswith("\\"):
            commands.append(Command(start, *split_comment(" ".join(pending))))
            pending = []
    assert not pending, f"{block}: the last command ends in a line continuation"
    return commands


@dataclass
class Shell:
    """Where a shell block's commands run."""

    cwd: Path
    environment: dict[str, str]
    server: FakeServer | None = None

    def localise(self, command: str) -> str:
        """The command, aimed at this test's server instead of port 4566 or ``URL``."""
        if self.server is None:
            return command
        command = command.replace("http://127.0.0.1:4566", self.server.url)
        command = command.replace("localhost:4566", self.server.url.removeprefix("http://"))
        return re.sub(r"(?<=\s)URL(?=\s|$)", self.server.url, command)

    def run(self, command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["bash", "-c", self.localise(command)],
            cwd=self.cwd,
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )


def needs_server(commands: list[Command]) -> bool:
    return any(
        "127.0.0.1:4566" in c.text
        or "localhost:4566" in c.text
        or re.search(r"\sURL(\s|$)", c.text)
        for c in commands
    )


def shell_environment(directory: Path) -> dict[str, str]:
    """This environment, with ``python`` and ``amplify-fakes`` from this interpreter and this
    checkout first on PATH, and no AWS configuration of the outer run."""
    directory.mkdir()
    wrappers = {
        "python": f'exec "{sys.executable}" "$@"',
        "amplify-fakes": f'exec "{sys.executable}" -m amplify_fakes "$@"',
    }
    for name, body in wrappers.items():
        path = directory / name
        path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
        path.chmod(0o755)
    environment = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    environment.update(
        PATH=os.pathsep.join([str(directory), environment.get("PATH", "")]),
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), environment.get("PYTHONPATH")])),
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        AWS_EC2_METADATA_DISABLED="true",
    )
    for name in OUTER_PYTEST:
        environment.pop(name, None)
    return environment


#: Variables of the outer pytest run that must not reach the examples' processes.
OUTER_PYTEST = ("PYTEST_XDIST_WORKER", "PYTEST_XDIST_WORKER_COUNT", "PYTEST_XDIST_TESTRUNUID")


def _first_line(process: subprocess.Popen[str], timeout: float) -> str:
    """The first line ``process`` prints, waiting at most ``timeout`` seconds for it."""
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    assert ready, f"no line on stdout within {timeout} s"
    return process.stdout.readline().strip()


def run_serve(command: Command, shell: Shell) -> None:
    """``amplify-fakes serve ...`` on port 0: its URL line, one request, a clean SIGINT stop."""
    words = shlex.split(command.text)
    assert words[:2] == ["amplify-fakes", "serve"], command.text
    assert "&" not in words, command.text
    if "--port" in words:
        words[words.index("--port") + 1] = "0"
    else:
        words += ["--port", "0"]
    process = subprocess.Popen(
        [sys.executable, "-m", "amplify_fakes", *words[1:]],
        cwd=shell.cwd,
        env=shell.environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = _first_line(process, TIMEOUT)
        assert re.fullmatch(r"http://127\.0\.0\.1:[1-9]\d*", url), url  # prints its URL
        client = boto3.client(
            "amplifybackend",
            region_name="us-east-1",
            endpoint_url=url,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        job = client.create_backend(AppId="d1app", AppName="shop", BackendEnvironmentName="dev")
        if "--jobs" in words and words[words.index("--jobs") + 1] == "immediate":
            assert job["Status"] == "COMPLETED"
        client.close()
        process.send_signal(signal.SIGINT)  # "SIGINT or SIGTERM stops it cleanly"
        rest, errors = process.communicate(timeout=TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=TIMEOUT)
    assert process.returncode == 0, errors
    assert rest == "", "the URL is the only line on stdout"
    assert re.search(r"^POST /backend CreateBackend 200 \d+(\.\d+)?ms$", errors, re.M), errors
    if "--state" in words:  # "kill it however you like, start it again, the state is there"
        _killed_and_restarted(words, shell)


def _killed_and_restarted(words: list[str], shell: Shell) -> None:
    """Start ``serve --state`` again, SIGKILL it after a write, and find the write there."""
    for app_id in ("d1killed", None):
        process = subprocess.Popen(
            [sys.executable, "-m", "amplify_fakes", *words[1:]],
            cwd=shell.cwd,
            env=shell.environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            url = _first_line(process, TIMEOUT)
            client = boto3.client(
                "amplifybackend",
                region_name="us-east-1",
                endpoint_url=url,
                aws_access_key_id="testing",
                aws_secret_access_key="testing",
            )
            if app_id is not None:
                client.create_backend(AppId=app_id, AppName="kept", BackendEnvironmentName="dev")
            else:  # the second start: both writes are there
                assert client.get_backend(AppId="d1killed")["AppName"] == "kept"
                assert client.get_backend(AppId="d1app")["AppName"] == "shop"
            client.close()
        finally:
            process.kill()  # SIGKILL: no shutdown save
            process.communicate(timeout=TIMEOUT)


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


SHELL_BLOCKS = [block for block in BLOCKS if block.language in SHELL]
RUN_SHELL = [
    block
    for block in SHELL_BLOCKS
    if not_run_reason(block) is None and any(c.not_run is None for c in shell_commands(block))
]
NOT_RUN_CHECKED = [
    block
    for block in SHELL_BLOCKS
    if not_run_reason(block) is not None
    and any(pattern.search(c.text) for pattern, _ in NOT_RUN_CHECKS for c in shell_commands(block))
]

# -- the tests -----------------------------------------------------------------------------

RUN_PYTHON = [block for block in PYTHON if not_run_reason(block) is None]
EXEC_PYTHON = [block for block in RUN_PYTHON if not pytest_tests_of(block)]
PYTEST_PYTHON = [block for block in RUN_PYTHON if pytest_tests_of(block)]
TOML = [block for block in BLOCKS if block.language == "toml"]
#: No xdist or cache; and no plugins the examples do not use (they only slow pytest's start).
UNUSED_PLUGINS = ("xdist", "randomly", "cacheprovider", "benchmark", "schemathesis", "anyio")
PYTEST_FLAGS = (*(flag for name in UNUSED_PLUGINS for flag in ("-p", f"no:{name}")), "-W", "error")
HYPOTHESIS_SETTINGS = """\
from hypothesis import settings

# As the project's own suite: bounded and repeatable (not part of the README example).
settings.register_profile("readme", deadline=None, derandomize=True)
settings.load_profile("readme")
"""


def outputs_of(block: Block) -> list[Block]:
    """The ``text`` blocks after ``block`` and before the next python block: its output."""
    after = [b for b in BLOCKS if b.line > block.line]
    code = next((i for i, b in enumerate(after) if b.language == "python"), len(after))
    return [b for b in after[:code] if b.language == "text"]


def test_every_block_is_run_or_says_why() -> None:
    """Each block runs, or says in itself why not; nothing is skipped silently."""
    problems = [
        f"README.md:{line}: an indented code block; fence it with a language, so it is run"
        for line in indented_code_blocks(README)
    ]
    problems += [
        f"{block}: no runner for {block.language or 'a fence without a language'!r}"
        for block in BLOCKS
        if block.language not in KNOWN_LANGUAGES
    ]
    for block in PYTHON:
        what = given_of(block)
        if what is not None and what not in GIVENS:
            problems.append(f"{block}: no set-up in GIVENS for 'given: {what}'")
        before = predecessor(block)
        if block.first_line == CONTINUES:
            if before is None:
                problems.append(f"{block} continues an example, but none comes before it")
            elif pytest_tests_of(before) or expected_error(before) is not None:
                problems.append(f"{block} continues {before}, which leaves no namespace")
        if pytest_tests_of(block) and (block.first_line == CONTINUES or what is not None):
            problems.append(f"{block}: a pytest-style block runs alone, in its own process")
    for block in SHELL_BLOCKS:
        if not shell_commands(block):
            problems.append(f"{block}: no command")
        if any(
            line.strip().startswith("#") and NOT_RUN.search(line)
            for line in block.source.splitlines()[1:]
        ):
            problems.append(f"{block}: a 'not run' comment line counts only as the first line")
    problems += [
        f"{block}: output must follow the pytest-style python block whose run prints it"
        for block in BLOCKS
        if block.language == "text" and not any(block in outputs_of(b) for b in PYTEST_PYTHON)
    ]
    assert PYTHON, "README lost its python examples (or this module its parser)"
    assert SHELL_BLOCKS, "README lost its shell examples (or this module its parser)"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("block", EXEC_PYTHON, ids=str)
def test_python_example(block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The block runs (after what it continues, in what it is given) and its claims hold."""
    monkeypatch.chdir(tmp_path)
    blocks = chain(block)
    what = given_of(blocks[0])
    assert what is None or what in GIVENS, f"{blocks[0]}: no set-up in GIVENS for {what!r}"
    setup = GIVENS[what]() if what is not None else nullcontext({})
    with setup as namespace:
        namespace["__name__"] = "readme_example"
        for link in blocks:
            ran = run_python(link, namespace)
    never = sorted(set(ran.claims) - ran.checked)
    assert not never, f"README lines {never} state a result but never ran"


def _run_pytest(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, *args: str
) -> pytest.RunResult:
    """pytest on ``pytester.path`` in a fresh process, with this checkout's amplify_fakes."""
    clean_outer_environment(monkeypatch)
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    monkeypatch.setenv("PYTHONPATH", path)
    return pytester.runpytest_subprocess(*PYTEST_FLAGS, *args, timeout=TIMEOUT)


def test_pytest_style_examples(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each pytest-style block is a test file: under pytest and this plugin (with its defaults)
    each of its tests passes, and the run prints what README shows of its output. One run for
    them all, since starting pytest costs more than their tests."""
    assert PYTEST_PYTHON, "README has no pytest-style example any more"
    for block in PYTEST_PYTHON:
        (pytester.path / f"test_readme_line_{block.line}.py").write_text(
            block.padded, encoding="utf-8"
        )
    pytester.makeconftest(HYPOTHESIS_SETTINGS)
    result = _run_pytest(pytester, monkeypatch, "-v")
    passed = {
        line.split()[0] for line in result.outlines if line.endswith("%]") and " PASSED " in line
    }
    for block in PYTEST_PYTHON:
        for name in pytest_tests_of(block):
            assert f"test_readme_line_{block.line}.py::{name}" in passed, (
                f"{block}: {name} did not pass\n{result.stdout.str()}"
            )
    result.assert_outcomes(passed=sum(len(pytest_tests_of(b)) for b in PYTEST_PYTHON))
    for output in [text for block in PYTEST_PYTHON for text in outputs_of(block)]:
        for line in output.source.splitlines():
            shape = "".join(
                r"\d+" if part.isdigit() else re.escape(part) for part in re.split(r"(\d+)", line)
            )
            assert any(re.fullmatch(shape, printed) for printed in result.outlines), (
                f"{output}: no line of the run looks like {line!r}"
            )


#: An option of the README's pytest configuration -> where its effect shows in a test.
OPTION_EFFECTS = {
    "amplifybackend_region": "amplifybackend_client.meta.region_name",
    "amplifybackend_strict": "amplifybackend_fake.strict",
    "amplifybackend_jobs": "amplifybackend_fake.settings.job_mode.value",
    "amplifybackend_clock": "amplifybackend_fake.clock.mode.value",
    "amplifybackend_one_pending_job": "amplifybackend_fake.one_pending_job",
}


@pytest.mark.parametrize("block", TOML, ids=str)
def test_toml_example(
    block: Block, pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a project's pytest configuration, pytest accepts it and each option takes effect."""
    lines = [line.split("#")[0].strip() for line in block.source.splitlines()]
    assert lines[0] == "[tool.pytest.ini_options]", lines[0]
    options: dict[str, object] = {}
    for line in filter(None, lines[1:]):
        found = re.fullmatch(r'(\w+) = (?:"([^"]*)"|(true|false))', line)
        assert found, f"{block}: cannot read {line!r}"
        options[found[1]] = found[2] if found[2] is not None else found[3] == "true"
    assert set(options) <= set(OPTION_EFFECTS), (
        f"no effect to check for {set(options) - set(OPTION_EFFECTS)}"
    )
    pytester.makepyprojecttoml(block.source)
    checks = "".join(f"    assert {OPTION_EFFECTS[k]} == {v!r}\n" for k, v in options.items())
    pytester.makepyfile(
        test_options="def test_options(amplifybackend_fake, amplifybackend_client):\n" + checks
    )
    result = _run_pytest(pytester, monkeypatch, "--strict-config")
    result.assert_outcomes(passed=1)


@pytest.mark.parametrize("block", RUN_SHELL, ids=str)
def test_shell_example(block: Block, tmp_path: Path) -> None:
    """The block's commands, in order, each exiting 0 and doing what its comment says."""
    commands = [c for c in shell_commands(block) if c.not_run is None]
    shell = Shell(tmp_path / "work", shell_environment(tmp_path / "bin"))
    shell.cwd.mkdir()
    server = FakeServer(port=0, jobs="immediate") if needs_server(commands) else None
    with server if server is not None else nullcontext():
        shell.server = server
        for command in commands:
            if command.text.startswith("amplify-fakes serve"):
                run_serve(command, shell)
                continue
            done = shell.run(command.text)
            assert done.returncode == 0, (
                f"README.md:{command.line} {command.text!r} exited {done.returncode}\n"
                f"{done.stdout}\n{done.stderr}"
            )
            for pattern, check in SHELL_CHECKS:
                if pattern.search(command.text):
                    check(done, shell)
        if server is not None:
            server.check()


@pytest.mark.parametrize("block", NOT_RUN_CHECKED, ids=str)
def test_a_block_not_run_here_matches_what_runs_it(block: Block) -> None:
    """A block marked as not run here still agrees with what runs it elsewhere (CI, the
    suite), so the marker cannot hide a command that has drifted."""
    commands = shell_commands(block)
    for pattern, check in NOT_RUN_CHECKS:
        if any(pattern.search(c.text) for c in commands):
            check(commands)
