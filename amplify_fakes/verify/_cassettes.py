"""Cassettes: every exchange of a verification run as a JSON file, secrets redacted."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from amplify_fakes.errors import UsageError, is_secret_member
from amplify_fakes.verify._capture import Exchange

FORMAT = "amplify-fakes/cassette"
VERSION = 1
REDACTED = "REDACTED"
SECRET_HEADERS = frozenset(
    {"authorization", "x-amz-security-token", "x-amz-date", "cookie", "set-cookie"}
)


_SECRET_MEMBER_TEXT = re.compile(
    r'("(?:client[_-]?secret|private[_-]?key|challenge[_-]?code)"\s*:\s*)"(?:[^"\\]|\\.)*"',
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Cassette:
    """One recorded exchange and what the scenario expected of it."""

    operation: str
    case: str
    expect: str | None
    exchange: Exchange


def _redact_value(value: Any, secrets: tuple[str, ...]) -> Any:
    if isinstance(value, dict):
        return {
            k: REDACTED if is_secret_member(k) else _redact_value(v, secrets)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_redact_value(v, secrets) for v in value]
    if isinstance(value, str):
        for secret in secrets:
            value = value.replace(secret, REDACTED)
    return value


def redact_body(body: bytes, secrets: tuple[str, ...]) -> str:
    """The body as text with secret members and secret values replaced."""
    text = body.decode("utf-8", errors="replace")
    try:
        return json.dumps(_redact_value(json.loads(text), secrets), sort_keys=True)
    except ValueError:
        for secret in secrets:
            text = text.replace(secret, REDACTED)
        return _SECRET_MEMBER_TEXT.sub(rf'\1"{REDACTED}"', text)


class Recorder:
    """Writes each exchange of a run to ``directory`` as ``NNNN-Operation.json``."""

    def __init__(self, directory: Path, secrets: Iterable[str | None] = ()):
        self.directory = directory
        self.directory.mkdir(parents=True, exist_ok=True)
        self._secrets = tuple(s for s in secrets if s and len(s) >= 4)
        self._count = 0

    def write(self, exchange: Exchange, case: str, expect: str | None) -> Path:
        """Record one exchange; returns the file written."""
        self._count += 1
        headers = {
            k: REDACTED if k.lower() in SECRET_HEADERS else _redact_value(v, self._secrets)
            for k, v in exchange.headers.items()
        }
        document = {
            "format": FORMAT,
            "version": VERSION,
            "operation": exchange.operation,
            "case": case,
            "expect": expect,
            "request": _redact_value(exchange.params, self._secrets),
            "response": {
                "status": exchange.status,
                "headers": headers,
                "body": redact_body(exchange.body, self._secrets),
            },
        }
        path = self.directory / f"{self._count:04d}-{exchange.operation}.json"
        path.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        return path


def load(directory: Path) -> list[Cassette]:
    """The cassettes of a directory, in recording order; UsageError if one is unreadable."""
    if not directory.is_dir():
        raise UsageError(f"cassette directory {directory} does not exist")
    cassettes = []
    for path in sorted(directory.glob("*.json")):
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
            if document.get("format") != FORMAT or document.get("version") != VERSION:
                raise UsageError(
                    f"{path.name} is not an amplify-fakes cassette (version {VERSION})"
                )
            response = document["response"]
            exchange = Exchange(
                document["operation"],
                document["request"],
                int(response["status"]),
                {k.lower(): str(v) for k, v in response["headers"].items()},
                response["body"].encode("utf-8"),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise UsageError(f"cassette {path.name} is unreadable: {exc}") from None
        cassettes.append(
            Cassette(
                document["operation"], document.get("case", ""), document.get("expect"), exchange
            )
        )
    if not cassettes:
        raise UsageError(f"no cassettes (*.json) in {directory}")
    return cassettes
