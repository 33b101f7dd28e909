"""Checking one raw exchange against the wire contract."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from amplify_fakes import contracts
from amplify_fakes.contracts._validate import check, unknown_members
from amplify_fakes.errors import ContractViolation
from amplify_fakes.verify._capture import Exchange

OBSERVED_FIELDS = ("status", "operation", "ttl")


@dataclass
class Finding:
    """What checking one exchange found."""

    violations: list[str] = field(default_factory=list)
    unknown_members: list[str] = field(default_factory=list)
    observed: dict[str, set[str]] = field(default_factory=dict)
    error_code: str | None = None


def _observe(value: Any, out: dict[str, set[str]], path: str = "$") -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if key in OBSERVED_FIELDS and isinstance(item, str):
                out.setdefault(f"{path}.{key}".replace("[*]", "[]"), set()).add(item)
            _observe(item, out, f"{path}.{key}")
    elif isinstance(value, list):
        for item in value:
            _observe(item, out, f"{path}[*]")


def _canonical(errors: dict[str, Any], name: str) -> str:
    """The documented error ``name`` stands for (itself, or the one it is an alias of)."""
    for documented, info in errors.items():
        if name == documented or name in info.get("aliases", ()):
            return str(documented)
    return name


def check_exchange(exchange: Exchange, expected_error: str | None) -> Finding:
    """Status, error type, body shape, unknown members and observed values of one exchange."""
    finding = Finding()
    doc = contracts.contract(exchange.operation)
    meta = doc["x-amplifybackend"]
    error_type = exchange.headers.get("x-amzn-errortype", "").split(":")[0] or None
    finding.error_code = error_type
    try:
        body = json.loads(exchange.body or b"{}")
    except ValueError:
        finding.violations.append(f"$: body is not JSON ({exchange.body[:60]!r})")
        return finding
    if exchange.status < 300:
        key = "response.wire"
        if exchange.status != meta["http"]["successStatus"]:
            finding.violations.append(
                f"status: {exchange.status}, expected {meta['http']['successStatus']} (rule: status)"
            )
    else:
        name = _canonical(meta["errors"], error_type or "?")
        if name not in meta["errors"]:
            finding.violations.append(
                f"x-amzn-ErrorType: {name!r} is not a documented error of {exchange.operation} "
                f"(rule: errorType)"
            )
            return finding
        if exchange.status != meta["errors"][name]["status"]:
            finding.violations.append(
                f"status: {exchange.status}, documented status of {name} is "
                f"{meta['errors'][name]['status']} (rule: status)"
            )
        key = f"error.{name}.wire"
    try:
        check(exchange.operation, key, body, "response", "wire")
    except ContractViolation as violation:
        finding.violations.extend(str(v) for v in violation.errors)
    finding.unknown_members.extend(unknown_members(exchange.operation, key, body))
    _observe(body, finding.observed)
    del expected_error  # the caller compares outcomes; the contract check is the same
    return finding
