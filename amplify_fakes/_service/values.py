"""JSON values as the service keeps them: configs and params are plain JSON trees."""

from __future__ import annotations

from typing import Any

# Leaves are shared without a call (most members of a config are leaves); anything else,
# subclasses of dict and list included, goes through the isinstance tests.
_LEAVES = frozenset({str, int, float, bool, type(None)})


def json_copy(value: Any) -> Any:
    """A copy of a JSON value (objects and arrays copied, immutable leaves shared).

    Requests and stored configs are JSON trees; this is what ``copy.deepcopy`` would do
    for them, several times faster (no memo, no per-type dispatch).

    >>> tree = {"a": [1, {"b": None}]}
    >>> json_copy(tree) == tree, json_copy(tree)["a"] is tree["a"]
    (True, False)
    """
    if isinstance(value, dict):
        return {
            key: item if type(item) in _LEAVES else json_copy(item) for key, item in value.items()
        }
    if isinstance(value, list):
        return [item if type(item) in _LEAVES else json_copy(item) for item in value]
    return value
