"""The HTTP exchange as the core sees it, independent of any door."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

# Named tuples, not frozen dataclasses: one of each is made per request, and a tuple is
# built in C where a frozen dataclass sets each field through object.__setattr__.


class WireRequest(NamedTuple):
    """One HTTP request: ``path`` is still percent-encoded; header names are lower case."""

    method: str
    path: str
    headers: Mapping[str, str] = MappingProxyType({})
    body: bytes = b""
    query: str = ""


class WireResponse(NamedTuple):
    """One HTTP response, body already serialised."""

    status: int
    headers: dict[str, str]
    body: bytes
