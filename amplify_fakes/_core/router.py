"""Method + path -> operation and path parameters, from the contracts' HTTP bindings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import unquote

from amplify_fakes import contracts

REST_STAGE_PREFIX = "/prod"
#: Routed (method, path) pairs remembered; tests call the same few paths again and again.
CACHE_SIZE = 4096


@dataclass(frozen=True)
class Route:
    """One operation's URI template, split into segments."""

    operation: str
    method: str
    literals: tuple[tuple[int, str], ...]  # (segment index, text) that must match exactly
    params: tuple[tuple[int, str], ...]  # (segment index, wire name) to capture


class Match(NamedTuple):
    """A routed request (a named tuple: one is made per request routed the first time)."""

    operation: str
    params: tuple[tuple[str, str], ...]  # (wire name, decoded value); immutable: cached

    @property
    def path_params(self) -> dict[str, str]:
        """The path parameters by wire name (a new dict each time)."""
        return dict(self.params)


class Router:
    """Routes built once from the contracts; matching is a dict lookup plus a short scan,
    and a path routed before is a single lookup."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str], Match] = {}
        self._routes: dict[tuple[str, int], list[Route]] = {}
        for operation in contracts.operations():
            http = contracts.contract(operation)["x-amplifybackend"]["http"]
            segments = http["requestUri"].strip("/").split("/")
            literals = tuple((i, s) for i, s in enumerate(segments) if not s.startswith("{"))
            params = tuple((i, s[1:-1]) for i, s in enumerate(segments) if s.startswith("{"))
            route = Route(operation, http["method"], literals, params)
            self._routes.setdefault((http["method"], len(segments)), []).append(route)
        for routes in self._routes.values():  # most literal segments first
            routes.sort(key=lambda r: -len(r.literals))

    def match(self, method: str, path: str) -> Match | None:
        """The operation for ``method`` and the percent-encoded ``path``, or None."""
        key = (method, path)
        found = self._cache.get(key)
        if found is None:
            found = self._scan(method, path)
            if found is not None:
                if len(self._cache) >= CACHE_SIZE:
                    self._cache.clear()  # bounded: a stream of new paths cannot grow it
                self._cache[key] = found
        return found

    def _scan(self, method: str, path: str) -> Match | None:
        if path.startswith(REST_STAGE_PREFIX + "/"):
            path = path[len(REST_STAGE_PREFIX) :]
        segments = path.strip("/").split("/")
        for route in self._routes.get((method.upper(), len(segments)), ()):
            if all(segments[i] == text for i, text in route.literals):
                return Match(
                    route.operation, tuple((name, unquote(segments[i])) for i, name in route.params)
                )
        return None

    def allowed_methods(self, path: str) -> list[str]:
        """Methods that would route for ``path`` (to tell a wrong method from a wrong path)."""
        return sorted(
            {m for (m, _), _routes in self._routes.items() if self.match(m, path) is not None}
        )
