"""schemathesis hooks for tests/openapi/test_schemathesis.py (loaded via SCHEMATHESIS_HOOKS).

In the coverage and fuzzing phases every generated case is one independent request, as
each test of a suite would be: the fake is reset before it, so a valid CreateBackend is
never refused because an earlier case already created the same app (the service answers
that with 400 "already exists", which schemathesis would count as a valid request
refused). The stateful phase chains calls through the document's links and keeps state.
"""

from __future__ import annotations

import os
import urllib.request
from typing import Any

import schemathesis

CONTROL = os.environ["AMPLIFY_FAKES_SERVER_URL"] + "/_fake/reset"


@schemathesis.hook
def before_call(ctx: Any, case: Any, **kwargs: Any) -> None:
    """Reset the fake before each independent case (not between stateful steps)."""
    phase = getattr(getattr(case.meta, "phase", None), "name", None)
    if phase is not None and str(getattr(phase, "value", phase)) == "stateful":
        return
    request = urllib.request.Request(CONTROL, data=b"{}", method="POST")
    with urllib.request.urlopen(request, timeout=10) as answer:
        answer.read()
