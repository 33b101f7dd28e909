"""A small strategy builder for the contracts' keyword subset.

Chosen over hypothesis-jsonschema's ``from_schema`` because it reads the contracts'
small keyword subset directly (no canonicalisation pass per schema), gives values that
look like the service's through name hints, and makes optional members shrink away:
a failing example prints as the smallest dict that still fails.
"""

from __future__ import annotations

import string
from typing import Any

from hypothesis import strategies as st

from amplify_fakes._strategies.names import NEVER_GENERATED, NUMBER_HINTS, STRING_HINTS, hint_key

_SAFE_TEXT = string.ascii_letters + string.digits + "-_. "
MAX_LIST = 3
MAX_TEXT = 24


def from_contract_schema(
    schema: dict[str, Any], name: str | None = None, *, all_required: bool = False
) -> st.SearchStrategy[Any]:
    """Values valid under ``schema`` (one of the contracts' schemas).

    Objects always carry their required members and sometimes each optional one
    (``all_required`` makes every member present); examples shrink towards fewer
    optional members, shorter lists and the first enum value.
    """
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type")
    if kind == "object":
        properties: dict[str, Any] = schema.get("properties", {})
        required = set(properties) if all_required else set(schema.get("required", []))
        return st.fixed_dictionaries(
            {k: from_contract_schema(v, k) for k, v in properties.items() if k in required},
            optional={
                k: from_contract_schema(v, k)
                for k, v in properties.items()
                if k not in required and hint_key(k) not in NEVER_GENERATED
            },
        )
    if kind == "array":
        item = from_contract_schema(schema["items"], name)
        return st.lists(item, min_size=schema.get("minItems", 0), max_size=MAX_LIST)
    if kind == "string":
        hinted = STRING_HINTS.get(hint_key(name or ""))
        if hinted is not None:
            return hinted
        return st.text(_SAFE_TEXT, min_size=max(1, schema.get("minLength", 0)), max_size=MAX_TEXT)
    if kind == "integer":
        low = schema.get("minimum", 0)
        return st.integers(low, schema.get("maximum", low + 1000))
    if kind == "number":
        low, high = NUMBER_HINTS.get(hint_key(name or ""), (0, 1000))
        return st.integers(low, high).map(float)
    if kind == "boolean":
        return st.booleans()
    raise ValueError(f"no strategy for schema type {kind!r}")
