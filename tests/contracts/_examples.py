"""Full valid examples built from a contract schema, and paths into them (tests only)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

Path = tuple[str | int, ...]


def full_example(schema: dict[str, Any]) -> Any:
    """A valid value that fills every optional member too, so mutations reach every rule."""
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        return {name: full_example(sub) for name, sub in schema.get("properties", {}).items()}
    if kind == "array":
        return [full_example(schema["items"])]
    if kind == "string":
        return "dev"
    if kind == "integer":
        return int(schema.get("minimum", 1))
    if kind == "number":
        return 8.0
    if kind == "boolean":
        return True
    raise AssertionError(f"unexpected schema {schema}")


def walk(schema: dict[str, Any], path: Path = ()) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Every (path, subschema) pair of a schema, arrays entered at index 0."""
    yield path, schema
    if schema.get("type") == "object":
        for name, sub in schema.get("properties", {}).items():
            yield from walk(sub, (*path, name))
    elif schema.get("type") == "array":
        yield from walk(schema["items"], (*path, 0))


def json_path(path: Path) -> str:
    """The JSON path the validators report for ``path``."""
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


def mutated(value: Any, path: Path, change: Any) -> Any:
    """A deep copy of ``value`` with ``change(container, key)`` applied at ``path``."""
    result = copy.deepcopy(value)
    container = result
    for part in path[:-1]:
        container = container[part]
    change(container, path[-1])
    return result
