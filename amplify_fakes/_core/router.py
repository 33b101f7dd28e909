"""Method + path -> operation and path parameters, from the contracts' HTTP bindings."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote

from amplify_fakes import contracts

REST_STAGE_PREFIX = "/prod"


@dataclass(frozen=True)
class Route:
    """One operation's URI template, split into segments."""

    operation: str
    method: str
    literals: tuple[tuple[int, str], ...]  # (segment index, text) that must match exactly
    params: tuple[tuple[int, str], ...]  # (segment index, wire name) to capture


@dataclass(frozen=True)
class Match:
    """A routed request."""

    operation: str
    path_params: dict[str, str]


class Router:
    """Routes built once from the contracts; matching is a dict lookup plus a short scan."""

    def __init__(self) -> None:
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
        if path.startswith(REST_STAGE_PREFIX + "/"):
            path = path[len(REST_STAGE_PREFIX) :]
        segments = path.strip("/").split("/")
        for route in self._routes.get((method.upper(), len(segments)), ()):
            if all(segments[i] == text for i, text in route.literals):
                return Match(
                    route.operation, {name: unquote(segments[i]) for i, name in route.params}
                )
        return None

    def allowed_methods(self, path: str) -> list[str]:
        """Methods that would route for ``path`` (to tell a wrong method from a wrong path)."""
        return sorted(
            {m for (m, _), _routes in self._routes.items() if self.match(m, path) is not None}
        )
