"""JSON Schemas from botocore shapes, with the overrides file's stricter rules applied.

:class:`SchemaBuilder` turns one botocore shape into the pair of schemas a contract holds
(the SDK's member names, and the wire's ``locationName`` ones); :class:`Overrides` indexes
``overrides.json`` by operation, part and wire path, and remembers which rules were used
so the build can fail on one that names no member.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def describe(text: str | None) -> str | None:
    """botocore's HTML documentation as one plain line."""
    if not text:
        return None
    plain = _SPACE.sub(" ", html.unescape(_TAG.sub(" ", text))).strip()
    return plain.replace(" .", ".").replace(" ,", ",") or None


@dataclass
class Overrides:
    """The applicable rules of ``overrides.json``, indexed by (operation, part, wire path)."""

    rules: dict[tuple[str, str, str], list[dict[str, Any]]]
    used: set[int] = field(default_factory=set)

    @classmethod
    def from_document(cls, document: dict[str, Any]) -> Overrides:
        """Index the ``overrides`` entries of an overrides document."""
        rules: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
        for entry in document.get("overrides", []):
            key = (entry["operation"], entry["part"], entry["path"])
            rules.setdefault(key, []).append(entry)
        return cls(rules)

    def at(self, operation: str, part: str, path: str) -> list[dict[str, Any]]:
        """The rules for one member (marked as used)."""
        found = self.rules.get((operation, part, path), [])
        self.used.update(id(entry) for entry in found)
        return found

    def unused(self) -> list[dict[str, Any]]:
        """Rules no member asked for: each names a path the model does not have."""
        return [e for group in self.rules.values() for e in group if id(e) not in self.used]


class SchemaBuilder:
    """Turns botocore shapes into JSON Schemas at the SDK and the wire level at once."""

    def __init__(self, shapes: dict[str, Any], overrides: Overrides):
        self._shapes = shapes
        self._overrides = overrides

    def pair(
        self,
        shape_name: str,
        *,
        operation: str,
        part: str,
        path: str,
        documentation: str | None = None,
        uri_members: frozenset[str] = frozenset(),
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """(sdk schema, wire schema) for one shape found at ``path`` (wire names)."""
        shape = self._shapes[shape_name]
        kind = shape["type"]
        sdk: dict[str, Any]
        wire: dict[str, Any]
        if kind == "structure":
            sdk, wire = self._structure(shape, operation, part, path, uri_members)
        elif kind == "list":
            item_path = f"{path}[]" if path else "[]"
            member = shape["member"]
            item_sdk, item_wire = self.pair(
                member["shape"],
                operation=operation,
                part=part,
                path=item_path,
                documentation=member.get("documentation"),
            )
            sdk = {"type": "array", "items": item_sdk}
            wire = {"type": "array", "items": item_wire}
        else:
            sdk = self._scalar(shape)
            wire = dict(sdk)
        description = describe(documentation or shape.get("documentation"))
        for schema in (sdk, wire):
            if description:
                schema["description"] = description
            if shape.get("sensitive"):
                schema["x-sensitive"] = True
            self._apply(schema, operation, part, path)
        return sdk, wire

    def _structure(
        self,
        shape: dict[str, Any],
        operation: str,
        part: str,
        path: str,
        uri_members: frozenset[str],
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        sdk_props: dict[str, Any] = {}
        wire_props: dict[str, Any] = {}
        sdk_required: list[str] = []
        wire_required: list[str] = []
        botocore_required = set(shape.get("required", []))
        for name, member in shape["members"].items():
            wire_name = member.get("locationName", name)
            member_path = f"{path}.{wire_name}" if path else wire_name
            member_sdk, member_wire = self.pair(
                member["shape"],
                operation=operation,
                part=part,
                path=member_path,
                documentation=member.get("documentation"),
            )
            if name in uri_members:
                # A path parameter must fill its URI segment.
                member_sdk["minLength"] = member_wire["minLength"] = 1
                member_sdk["x-location"] = member_wire["x-location"] = "uri"
            sdk_props[name] = member_sdk
            wire_props[wire_name] = member_wire
            extra = self._overrides.at(operation, part, member_path)
            if name in botocore_required or any(r["rule"] == "required" for r in extra):
                sdk_required.append(name)
                wire_required.append(wire_name)
        sdk: dict[str, Any] = {"type": "object", "properties": sdk_props}
        wire: dict[str, Any] = {"type": "object", "properties": wire_props}
        if sdk_required:
            sdk["required"] = sdk_required
            wire["required"] = wire_required
        if part == "request":
            sdk["additionalProperties"] = wire["additionalProperties"] = False
        return sdk, wire

    @staticmethod
    def _scalar(shape: dict[str, Any]) -> dict[str, Any]:
        kind = shape["type"]
        schema: dict[str, Any]
        if kind == "string":
            schema = {"type": "string"}
            if "enum" in shape:
                schema["enum"] = list(shape["enum"])
        elif kind in ("integer", "long"):
            schema = {"type": "integer"}
        elif kind in ("double", "float"):
            schema = {"type": "number"}
        elif kind == "boolean":
            schema = {"type": "boolean"}
        else:  # pragma: no cover - the model has no other scalar in use
            raise ValueError(f"unsupported botocore shape type {kind!r}")
        if "min" in shape:
            schema["minimum" if schema["type"] != "string" else "minLength"] = shape["min"]
        if "max" in shape:
            schema["maximum" if schema["type"] != "string" else "maxLength"] = shape["max"]
        return schema

    def _apply(self, schema: dict[str, Any], operation: str, part: str, path: str) -> None:
        for rule in self._overrides.at(operation, part, path):
            if rule["rule"] in ("enum", "type", "minimum", "maximum"):
                schema[rule["rule"]] = rule["value"]
