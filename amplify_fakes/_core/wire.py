"""The HTTP exchange as the core sees it, independent of any door."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class WireRequest:
    """One HTTP request: ``path`` is still percent-encoded; header names are lower case."""

    method: str
    path: str
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    query: str = ""


@dataclass(frozen=True)
class WireResponse:
    """One HTTP response, body already serialised."""

    status: int
    headers: dict[str, str]
    body: bytes
