"""The core's memory of valid requests: SDK params by route match and body bytes.

A request's SDK params are a function of its route match and body bytes, so those of a
valid request with a small body (every read and most writes) are remembered, and the
same request again skips parsing, renaming and validation. Each :class:`Dispatcher`
(one per fake) has its own memory; it is bounded, and emptied by the fake's ``reset()``
and at the end of a mock, since a body may carry a secret (CreateBackendAuth's
``ClientSecret``).
"""

from __future__ import annotations

from typing import Any

from amplify_fakes._core.router import CACHE_SIZE, Match
from amplify_fakes._service.values import json_copy

#: Bodies up to this many bytes are remembered.
REMEMBERED_BODY = 512


class ParamsMemo:
    """Bounded map (route match, body) -> SDK params; every answer is two fresh copies.

    >>> from amplify_fakes._core.router import Match
    >>> memo = ParamsMemo()
    >>> route = Match("GetBackend", (("appId", "a"),))
    >>> memo.put(route, b"{}", {"AppId": "a"})
    >>> memo.get(route, b"{}"), memo.get(route, b"{ }")
    (({'AppId': 'a'}, {'AppId': 'a'}), None)
    """

    __slots__ = ("_entries", "limit")

    def __init__(self, limit: int = CACHE_SIZE):
        self.limit = limit
        # (params, whether every member is a leaf: then a shallow copy is a full one)
        self._entries: dict[tuple[Match, bytes], tuple[dict[str, Any], bool]] = {}

    def get(self, route: Match, body: bytes) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """Two copies of the params remembered for this request (one for the handler, one
        for the call log: they share no container), or None."""
        if len(body) > REMEMBERED_BODY:
            return None
        known = self._entries.get((route, body))
        if known is None:
            return None
        params, flat = known
        if flat:
            return dict(params), dict(params)
        return json_copy(params), json_copy(params)

    def put(self, route: Match, body: bytes, params: dict[str, Any]) -> None:
        """Remember the params of a valid request (small bodies only)."""
        if len(body) > REMEMBERED_BODY:
            return
        if len(self._entries) >= self.limit:
            self._entries.clear()
        flat = not any(isinstance(value, (dict, list)) for value in params.values())
        self._entries[(route, body)] = (json_copy(params), flat)

    def clear(self) -> None:
        """Forget every request."""
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
