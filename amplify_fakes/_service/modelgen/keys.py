"""A model's identity: primary key, ``id``, timestamps, and its key attributes.

:func:`prepare_model` is what codegen does to a ``@model`` type as it reads it;
:func:`add_key_attributes` turns ``@primaryKey`` and ``@index`` into the ``key`` attributes
the documents list.
"""

from __future__ import annotations

from typing import Any

from amplify_fakes._service.modelgen.errors import ModelgenError
from amplify_fakes._service.modelgen.ir import Directive, Field, KeyKind, ObjectType, PrimaryKey
from amplify_fakes._service.modelgen.jsjson import truthy
from amplify_fakes._service.modelgen.words import lower_first, plural, upper_first

ID = "id"
CREATED_AT = "createdAt"
UPDATED_AT = "updatedAt"


def prepare_model(model: ObjectType, model_directive: Directive) -> None:
    """Give ``model`` its primary key (adding ``id`` when none is declared) and its timestamp
    fields, and put ``id`` first."""
    _ensure_primary_key(model)
    add_timestamps(model, model_directive)
    model.fields = [f for f in model.fields if f.name == ID] + [
        f for f in model.fields if f.name != ID
    ]


def _ensure_primary_key(model: ObjectType) -> None:
    declared = next((f for f in model.fields if f.directive("primaryKey")), None)
    if declared is None:
        ensure_id(model)
        _key_field(model, ID).primary_key = PrimaryKey(KeyKind.MANAGED_ID, [])
        return
    key = _key_field(model, declared.name)
    directive = next(d for d in model.flatten() if d.name == "primaryKey")
    names = names_argument(directive.arguments.get("sortKeyFields"), "sortKeyFields", model)
    sort_fields = [_named_field(model, name, "sort key") for name in names]
    kind = (
        KeyKind.OPTIONALLY_MANAGED_ID if key.name == ID and not sort_fields else KeyKind.CUSTOM_ID
    )
    key.primary_key = PrimaryKey(kind, sort_fields)


def ensure_id(model: ObjectType) -> None:
    """Make ``id`` a required field of ``model``, adding ``id: ID!`` first if it is missing."""
    existing = model.field(ID)
    if existing is not None:
        existing.is_nullable = False
    else:
        model.fields.insert(0, Field(ID, "ID", is_nullable=False))


def _key_field(model: ObjectType, name: str) -> Field:
    found = model.field(name)
    if found is None:
        raise ModelgenError(f"Cannot find primary key field in type {model.name}")
    if found.is_nullable:
        raise ModelgenError(
            f"The primary key on type '{model.name}' must reference non-null fields."
        )
    return found


def _named_field(model: ObjectType, name: Any, what: str) -> Field:
    found = model.field(name) if isinstance(name, str) else None
    if found is None:
        raise ModelgenError(f"The {what} field {name} is not a field of type {model.name}")
    return found


def names_argument(value: Any, argument: str, model: ObjectType) -> list[str]:
    """A directive argument that lists field names (a single name counts as a list of one,
    as GraphQL's list coercion reads it; absent or null is none)."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(item, str) for item in items):
        raise ModelgenError(f"{argument} on type {model.name} must list field names")
    return items


def add_timestamps(model: ObjectType, model_directive: Directive) -> None:
    """Add ``createdAt``/``updatedAt`` (renamed or left out as ``@model(timestamps:)`` says)."""
    arguments = model_directive.arguments
    if "timestamps" in arguments and arguments["timestamps"] is None:
        return
    timestamps = arguments.get("timestamps")
    for default in (CREATED_AT, UPDATED_AT):
        name = timestamps.get(default) if isinstance(timestamps, dict) else None
        model.add_field(
            Field(
                name if truthy(name) and isinstance(name, str) else default,
                "AWSDateTime",
                is_nullable=True,
                is_read_only=True,
            )
        )


def add_key_attributes(model: ObjectType) -> None:
    """Append a ``key`` directive for the primary key and one for each ``@index``."""
    _add_primary_key_attribute(model)
    _add_index_attributes(model)


def _add_primary_key_attribute(model: ObjectType) -> None:
    if any(d.name == "key" and "name" not in d.arguments for d in model.directives):
        return  # a v1 @key already names the primary key
    declared = next((f for f in model.fields if f.directive("primaryKey")), None)
    if declared is None:
        return
    directive = declared.directive("primaryKey")
    assert directive is not None
    sort_keys = _concat(directive.arguments.get("sortKeyFields"))
    model.directives.append(Directive("key", {"fields": [declared.name, *sort_keys]}))


def _add_index_attributes(model: ObjectType) -> None:
    keys: list[Directive] = []
    for f in model.fields:
        for index in (d for d in f.directives if d.name == "index"):
            fields = [f.name, *_concat(index.arguments.get("sortKeyFields"))]
            name = index.arguments.get("name")
            arguments: dict[str, Any] = {
                "name": name if name is not None else default_index_name(model.name, fields)
            }
            if "queryField" in index.arguments:
                arguments["queryField"] = index.arguments["queryField"]
            arguments["fields"] = fields
            keys.append(Directive("key", arguments))
    existing = [
        d.arguments["name"]
        for d in model.directives
        if d.name == "key" and truthy(d.arguments.get("name"))
    ]
    model.directives += [k for k in keys if k.arguments["name"] not in existing]


def _concat(value: Any) -> list[Any]:
    """What JavaScript's ``[].concat(value ?? [])`` adds."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def default_index_name(model_name: str, fields: list[Any]) -> str:
    """An unnamed ``@index``'s name: ``todosByStatusAndCreatedAt``."""
    return f"{lower_first(plural(model_name))}By{'And'.join(upper_first(str(f)) for f in fields)}"
