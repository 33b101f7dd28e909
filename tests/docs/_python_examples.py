"""Running README's python blocks: claims, the expected-error convention, and GIVENS."""

from __future__ import annotations

import ast
import importlib
import io
import re
import tokenize
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Any

import boto3
import pytest

from amplify_fakes import mock_amplifybackend
from tests.docs._blocks import README_PATH, Block
from tests.docs._claims import CLAIMS, Namespace

#: A comment after the last statement: the error it must raise (the doctest convention).
RAISES = re.compile(r"^# (?P<error>[A-Za-z_][\w.]*\.[A-Za-z_]\w*): (?P<message>.+)$")


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
