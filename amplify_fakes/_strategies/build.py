"""A small strategy builder for the contracts' keyword subset.

Chosen over hypothesis-jsonschema's ``from_schema`` because it reads the contracts'
small keyword subset directly (no canonicalisation pass per schema), gives values that
look like the service's through name hints, and makes optional members shrink away:
a failing example prints as the smallest dict that still fails.
"""

from __future__ import annotations

import functools
import math
import string
from collections.abc import Collection
from typing import Any

from hypothesis import strategies as st

from amplify_fakes import contracts
from amplify_fakes._strategies.names import NEVER_GENERATED, NUMBER_HINTS, STRING_HINTS, hint_key

_SAFE_TEXT = string.ascii_letters + string.digits + "-_. "
MAX_LIST = 3
MAX_TEXT = 24


@functools.cache
def contract_strategy(operation: str, part: str, level: str) -> st.SearchStrategy[Any]:
    """Valid ``part`` (``request``/``response``) values of ``operation`` at ``level``, cached.

    Requests never carry the members in ``NEVER_GENERATED`` (a made-up NextToken is
    invalid by the service's rules); responses may, as the service's do.
    """
    skip = NEVER_GENERATED if part == "request" else frozenset()
    return from_contract_schema(contracts.schema(operation, part, level), skip=skip)


def from_contract_schema(
    schema: dict[str, Any],
    name: str | None = None,
    *,
    all_required: bool = False,
    skip: Collection[str] = frozenset(),
) -> st.SearchStrategy[Any]:
    """Values valid under ``schema`` (one of the contracts' schemas).

    Objects always carry their required members and sometimes each optional one
    (``all_required`` makes every member present; optional members whose hint key is in
    ``skip`` are never generated); examples shrink towards fewer optional members,
    shorter lists and the first enum value.
    """
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type")
    if kind == "object":
        properties: dict[str, Any] = schema.get("properties", {})
        required = set(properties) if all_required else set(schema.get("required", []))
        return st.fixed_dictionaries(
            {
                k: from_contract_schema(v, k, skip=skip)
                for k, v in properties.items()
                if k in required
            },
            optional={
                k: from_contract_schema(v, k, skip=skip)
                for k, v in properties.items()
                if k not in required and hint_key(k) not in skip
            },
        )
    if kind == "array":
        item = from_contract_schema(schema["items"], name, skip=skip)
        return st.lists(item, min_size=schema.get("minItems", 0), max_size=MAX_LIST)
    if kind == "string":
        hinted = STRING_HINTS.get(hint_key(name or ""))
        if hinted is not None:
            return hinted
        return st.text(_SAFE_TEXT, min_size=max(1, schema.get("minLength", 0)), max_size=MAX_TEXT)
    if kind in ("integer", "number"):
        low, high = _range(schema, NUMBER_HINTS.get(hint_key(name or ""), (0, 1000)))
        numbers = st.integers(low, high)
        return numbers if kind == "integer" else numbers.map(float)
    if kind == "boolean":
        return st.booleans()
    raise ValueError(f"no strategy for schema type {kind!r}")


def _range(schema: dict[str, Any], preferred: tuple[int, int]) -> tuple[int, int]:
    """``preferred`` (a name hint's plausible range) narrowed to the contract's
    ``minimum``/``maximum``, which always win."""
    low = math.ceil(schema["minimum"]) if "minimum" in schema else None
    high = math.floor(schema["maximum"]) if "maximum" in schema else None
    first = preferred[0] if low is None else max(preferred[0], low)
    last = preferred[1] if high is None else min(preferred[1], high)
    if first > last:  # the hint lies outside the contract's range: use the range
        first = low if low is not None else last - 1000
        last = high if high is not None else first + 1000
    return first, last
