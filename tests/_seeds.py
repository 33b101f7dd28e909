"""Locate the project's seed documents and parse the boto3 syntax examples they contain (tests only).

The seed documents live next to the repository (``<repo root>/../shared/seeds``; see the
README there). The boto3 reference pages among them show every operation's call as a
"Request Syntax" block (``response = client.create_backend_auth(AppId='string', ...)``)
and its result as a "Response Syntax" block (``{'AppId': 'string', ...}``). Those blocks
are Python expressions with documentation placeholders in them:

* ``'A'|'B'|'C'`` lists an enum's values, ``True|False`` a boolean: the first alternative
  is kept, so enums keep a listed value;
* ``'string'`` stands for any string: it becomes a non-empty value named after its member
  (``AppId='string'`` -> ``'example-app-id'``), so path parameters are never empty;
* ``123`` and ``123.0`` stand for any integer and any double: they become ``1`` and ``1.0``,
  the smallest positive value of the same type (``123`` itself is out of range for members
  such as ``ListBackendJobs.MaxResults``, whose model allows 1..25);
* ``datetime(2015, 1, 1)`` becomes an ISO 8601 string;
* lists show one element, which is kept.

Each block is parsed with :mod:`ast`, the placeholders are replaced by literal nodes, and
the result goes through :func:`ast.literal_eval`, so anything unexpected in a block fails
loudly instead of being skipped. Nothing here knows about particular operations: the
operation comes from the method name in the block, mapped to botocore's spelling through
the installed service model.
"""

from __future__ import annotations

import ast
import copy
import datetime as _dt
import functools
import io
import os
import re
import tokenize
from pathlib import Path
from typing import Any

import botocore
import botocore.session
import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = REPO_ROOT.parent / "shared" / "seeds"

SERVICE_NAME = "amplifybackend"

Example = tuple[str, str, dict[str, Any]]
"""``(seed file name, botocore operation name, filled-in params or body)``."""

# boto3's doc generator prints these for every integer/long and float/double member.
_NUMBER_PLACEHOLDERS: dict[type, tuple[int | float, int | float]] = {
    int: (123, 1),
    float: (123.0, 1.0),
}
_STRING_PLACEHOLDER = "string"

_HEADER_RE = re.compile(r"(Request|Response) Syntax")
_CALL_RE = re.compile(
    r"^[ \t]*(?P<start>\w+[ \t]*=[ \t]*(?P<target>\w+)\.(?P<method>\w+)\()", re.MULTILINE
)
_RESPONSE_RE = re.compile(r"^[ \t]*(?P<start>\{)", re.MULTILINE)
_PAGINATOR_RE = re.compile(r"get_paginator\(\s*['\"](?P<method>\w+)['\"]\s*\)")
# Parameters a paginator's ``paginate()`` takes for itself; they never reach the service.
_PAGINATOR_ONLY_PARAMS = frozenset({"PaginationConfig"})


class SeedParseError(ValueError):
    """A "Request Syntax" or "Response Syntax" block that could not be turned into values."""


def seeds_dir() -> Path:
    """The seed documents' directory; fail (when ``CI=true``) or skip the test if it is missing."""
    if SEEDS_DIR.is_dir():
        return SEEDS_DIR
    reason = (
        f"seed documents not found at {SEEDS_DIR} "
        "(expected <repo root>/../shared/seeds next to the repository)"
    )
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def request_examples(directory: Path | None = None) -> list[Example]:
    """Every "Request Syntax" block of every seed document, filled in with valid values.

    One entry per block, in file order, so an operation documented in several seeds appears
    once per seed (and twice in a seed that also shows it as a paginator). The seed file's
    name labels each entry. Returns an empty list when the seeds directory is missing, so
    collection-time parametrisation never crashes; use :func:`seeds_dir` to report that.
    """
    requests, _ = _parsed(_directory(directory))
    return copy.deepcopy(list(requests))


def response_examples(directory: Path | None = None) -> list[Example]:
    """Every "Response Syntax" block of every seed document, filled in with valid values.

    Each block is attributed to the operation of the "Request Syntax" block before it in
    the same document. Returns an empty list when the seeds directory is missing.
    """
    _, responses = _parsed(_directory(directory))
    return copy.deepcopy(list(responses))


def _directory(directory: Path | None) -> Path | None:
    path = SEEDS_DIR if directory is None else directory
    return path if path.is_dir() else None


@functools.cache
def _operation_names() -> dict[str, str]:
    """boto3 method name (``create_backend_api``) -> botocore operation (``CreateBackendAPI``)."""
    model = botocore.session.get_session().get_service_model(SERVICE_NAME)
    return {botocore.xform_name(name): name for name in model.operation_names}


@functools.cache
def _parsed(directory: Path | None) -> tuple[tuple[Example, ...], tuple[Example, ...]]:
    if directory is None:
        return (), ()
    requests: list[Example] = []
    responses: list[Example] = []
    for path in sorted(directory.glob("*.txt")):
        file_requests, file_responses = parse_seed(path.name, path.read_text(encoding="utf-8"))
        requests.extend(file_requests)
        responses.extend(file_responses)
    return tuple(requests), tuple(responses)


def parse_seed(name: str, text: str) -> tuple[list[Example], list[Example]]:
    """The request and response examples of one seed document's text (``name`` labels them)."""
    requests: list[Example] = []
    responses: list[Example] = []
    headers = list(_HEADER_RE.finditer(text))
    operation: str | None = None
    for index, header in enumerate(headers):
        end = headers[index + 1].start() if index + 1 < len(headers) else len(text)
        where = f"{name}:{text.count(chr(10), 0, header.start()) + 1}"
        if header.group(1) == "Request":
            operation, params = _parse_request(text, header.end(), end, where)
            requests.append((name, operation, params))
        else:
            if operation is None:
                raise SeedParseError(f"{where}: Response Syntax before any Request Syntax")
            responses.append((name, operation, _parse_response(text, header.end(), end, where)))
    return requests, responses


def _parse_request(text: str, start: int, end: int, where: str) -> tuple[str, dict[str, Any]]:
    match = _CALL_RE.search(text, start, end)
    if match is None:
        raise SeedParseError(f"{where}: no `response = client.method(...)` call in the block")
    method = match.group("method")
    paginator = match.group("target") == "paginator"
    if paginator:
        # ``response_iterator = paginator.paginate(...)``: the operation is the one named in
        # the nearest ``client.get_paginator('...')`` before the block.
        found = list(_PAGINATOR_RE.finditer(text, 0, match.start()))
        if not found:
            raise SeedParseError(f"{where}: paginator block without a get_paginator() call")
        method = found[-1].group("method")
    operation = _operation_names().get(method)
    if operation is None:
        raise SeedParseError(f"{where}: {method!r} is not an {SERVICE_NAME} operation")
    source = _balanced(text, match.start("start"), where)
    try:
        tree = ast.parse(source, mode="exec")
    except SyntaxError as exc:
        raise SeedParseError(f"{where}: {exc}") from exc
    statement = tree.body[0] if len(tree.body) == 1 else None
    if not (isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Call)):
        raise SeedParseError(f"{where}: expected `response = client.method(...)`")
    call = statement.value
    if call.args or any(keyword.arg is None for keyword in call.keywords):
        raise SeedParseError(f"{where}: only keyword arguments are expected")
    keywords = [
        keyword
        for keyword in call.keywords
        if not (paginator and keyword.arg in _PAGINATOR_ONLY_PARAMS)
    ]
    literal = ast.Dict(
        keys=[ast.Constant(keyword.arg) for keyword in keywords],
        values=[_fill(keyword.value, str(keyword.arg), where) for keyword in keywords],
    )
    return operation, _literal(literal, where)


def _parse_response(text: str, start: int, end: int, where: str) -> dict[str, Any]:
    match = _RESPONSE_RE.search(text, start, end)
    if match is None:
        raise SeedParseError(f"{where}: no `{{...}}` structure in the block")
    source = _balanced(text, match.start("start"), where)
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        raise SeedParseError(f"{where}: {exc}") from exc
    body = _literal(_fill(tree.body, "", where), where)
    if not isinstance(body, dict):
        raise SeedParseError(f"{where}: the response is not a structure")
    return body


def _balanced(text: str, start: int, where: str) -> str:
    """The source from ``start`` up to the bracket closing the first one opened after it."""
    lines = io.StringIO(text[start:]).readline
    depth = 0
    offsets = [0]
    for line in text[start:].splitlines(keepends=True):
        offsets.append(offsets[-1] + len(line))
    try:
        for token in tokenize.generate_tokens(lines):
            if token.type != tokenize.OP:
                continue
            if token.string in "([{":
                depth += 1
            elif token.string in ")]}":
                depth -= 1
                if depth == 0:
                    row, col = token.end
                    return text[start : start + offsets[row - 1] + col]
    except (tokenize.TokenError, IndentationError) as exc:
        raise SeedParseError(f"{where}: unbalanced block ({exc})") from exc
    raise SeedParseError(f"{where}: unbalanced block")


def _fill(node: ast.expr, key: str, where: str) -> ast.expr:
    """``node`` with its documentation placeholders replaced; ``key`` is the member it fills."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        # 'A'|'B'|'C' parses as (('A' | 'B') | 'C'): keep the first alternative.
        return _fill(node.left, key, where)
    if isinstance(node, ast.Constant):
        return ast.Constant(_placeholder(node.value, key))
    if isinstance(node, ast.Dict):
        keys: list[ast.expr | None] = []
        values: list[ast.expr] = []
        for item_key, item_value in zip(node.keys, node.values, strict=True):
            if not (isinstance(item_key, ast.Constant) and isinstance(item_key.value, str)):
                raise SeedParseError(f"{where}: a structure key is not a string literal")
            keys.append(item_key)
            values.append(_fill(item_value, item_key.value, where))
        return ast.Dict(keys=keys, values=values)
    if isinstance(node, ast.List | ast.Tuple):
        return ast.List(elts=[_fill(item, key, where) for item in node.elts], ctx=ast.Load())
    if isinstance(node, ast.Set) and all(
        isinstance(item, ast.Constant) and item.value is Ellipsis for item in node.elts
    ):
        # ``{...}`` marks a recursive structure the page does not expand.
        return ast.Dict(keys=[], values=[])
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "datetime"
        and not node.keywords
    ):
        args = [_literal(arg, where) for arg in node.args]
        moment = _dt.datetime(*args, tzinfo=_dt.timezone.utc)
        return ast.Constant(moment.isoformat().replace("+00:00", "Z"))
    if isinstance(node, ast.UnaryOp) and isinstance(node.operand, ast.Constant):
        return node
    raise SeedParseError(f"{where}: unexpected syntax for {key or 'the value'}: {ast.dump(node)}")


def _placeholder(value: Any, key: str) -> Any:
    if isinstance(value, bool):
        return value
    if value == _STRING_PLACEHOLDER and isinstance(value, str):
        slug = botocore.xform_name(key, "-") if key else "value"
        return f"example-{slug}"
    placeholder = _NUMBER_PLACEHOLDERS.get(type(value))
    if placeholder is not None and value == placeholder[0]:
        return placeholder[1]
    return value


def _literal(node: ast.expr, where: str) -> Any:
    try:
        return ast.literal_eval(ast.fix_missing_locations(ast.Expression(body=node)))
    except (ValueError, TypeError, SyntaxError) as exc:
        raise SeedParseError(f"{where}: not a literal after filling placeholders ({exc})") from exc
