"""Raw responses, captured before botocore's parser drops anything."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Exchange:
    """One request/response pair as it crossed the wire (the final attempt's response)."""

    operation: str
    params: dict[str, Any]
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass
class Capture:
    """Keeps the raw response of every call made by the client it is attached to."""

    responses: list[tuple[str, int, dict[str, str], bytes]] = field(default_factory=list)

    def attach(self, client: Any) -> None:
        """Register on the client's ``after-call`` event (fires for successes and errors)."""
        client.meta.events.register("after-call.amplifybackend", self._after_call)

    def _after_call(self, http_response: Any, model: Any, **_: Any) -> None:
        headers = {k.lower(): v for k, v in http_response.headers.items()}
        self.responses.append(
            (model.name, http_response.status_code, headers, http_response.content)
        )

    def mark(self) -> int:
        """A position to pass to :meth:`since` (responses captured so far)."""
        return len(self.responses)

    def since(self, mark: int, operation: str, params: dict[str, Any]) -> Exchange | None:
        """The last response captured after ``mark``, if it belongs to ``operation`` (None
        when the call got no answer: a connection error, say)."""
        if len(self.responses) <= mark or self.responses[-1][0] != operation:
            return None
        name, status, headers, body = self.responses[-1]
        return Exchange(name, params, status, headers, body)
