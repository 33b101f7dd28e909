"""The two documents codegen writes from a processed schema, as Python values.

:func:`metadata` is the document in ``schema.js`` (the DataStore schema; target
``javascript``); :func:`introspection` is ``model-introspection.json`` (target
``introspection``, model introspection schema version 1). Keys are in codegen's order.
"""

from __future__ import annotations

from typing import Any

from amplify_fakes._service.modelgen.errors import ModelgenError
from amplify_fakes._service.modelgen.ir import Field, KeyKind, Kind, ObjectType, Schema
from amplify_fakes._service.modelgen.sdl import SCALARS
from amplify_fakes._service.modelgen.version import version
from amplify_fakes._service.modelgen.words import plural

CODEGEN_VERSION = "3.4.4"  # what codegen's metadata visitor writes as codegenVersion
INTROSPECTION_VERSION = 1


def metadata(schema: Schema) -> dict[str, Any]:
    """The ``schema.js`` document: models, enums, nonModels, codegenVersion, version."""
    types = _Types(schema, introspection=False)
    return {
        "models": {m.name: _model(m, types) for m in schema.models.values()},
        "enums": _enums(schema),
        "nonModels": {n.name: _object(n, types) for n in schema.non_models.values()},
        "codegenVersion": CODEGEN_VERSION,
        "version": version(schema),
    }


def introspection(schema: Schema) -> dict[str, Any]:
    """The model introspection document; operations and inputs only where the SDL has some."""
    types = _Types(schema, introspection=True)
    models = {}
    for m in schema.models.values():
        models[m.name] = {**_model(m, types), "primaryKeyInfo": _primary_key_info(m)}
    out: dict[str, Any] = {
        "version": INTROSPECTION_VERSION,
        "models": models,
        "enums": _enums(schema),
        "nonModels": {n.name: _object(n, types) for n in schema.non_models.values()},
    }
    queries: dict[str, Any] = {}
    generations: dict[str, Any] = {}
    for op in schema.queries.values():
        if types.is_abstract(op.type):
            continue
        target = generations if op.directive("generation") else queries
        target[op.name] = _operation(op, types)
    mutations = {
        op.name: _operation(op, types)
        for op in schema.mutations.values()
        if not types.is_abstract(op.type) and not op.directive("conversation")
    }
    subscriptions = {
        op.name: _operation(op, types)
        for op in schema.subscriptions.values()
        if not types.is_abstract(op.type)
    }
    inputs = {
        i.name: {"name": i.name, "attributes": {p.name: _argument(p, types) for p in i.fields}}
        for i in schema.inputs.values()
    }
    for key, value in (
        ("queries", queries),
        ("generations", generations),
        ("mutations", mutations),
        ("subscriptions", subscriptions),
        ("inputs", inputs),
    ):
        if value:
            out[key] = value
    return out


class _Types:
    """How a field's GraphQL type is written in a document."""

    def __init__(self, schema: Schema, *, introspection: bool):
        self.schema = schema
        self.introspection = introspection

    def is_abstract(self, name: str) -> bool:
        """A union or interface: the introspection document leaves such fields out."""
        self.of(name)  # an unknown type is an error even where the field is left out
        return name in self.schema.unions or name in self.schema.interfaces

    def of(self, name: str, *, in_type: bool = False) -> Any:
        """``"String"``, ``{"enum": E}``, ``{"nonModel": N}``, ``{"model": M}`` (and, in the
        introspection document's operations, ``{"input": I}``)."""
        schema = self.schema
        if name in SCALARS:
            return name
        if name in schema.enums:
            return {"enum": name}
        if name in schema.non_models:
            return {"nonModel": name}
        if name in schema.models:
            return {"model": name}
        if not self.introspection:
            raise ModelgenError(f"Unknown type {name}")
        if name in schema.inputs and not in_type:
            return {"input": name}
        if name in schema.unions:
            return {"union": name}
        if name in schema.interfaces:
            return {"interface": name}
        raise ModelgenError(
            f"Unknown type {name} found during model introspection schema generation"
        )


def _enums(schema: Schema) -> dict[str, Any]:
    return {e.name: {"name": e.name, "values": list(e.values)} for e in schema.enums.values()}


def _model(model: ObjectType, types: _Types) -> dict[str, Any]:
    return {
        **_object(model, types),
        "syncable": True,
        "pluralName": plural(model.name),
        "attributes": [{"type": d.name, "properties": d.arguments} for d in model.directives],
    }


def _object(obj: ObjectType, types: _Types) -> dict[str, Any]:
    fields = {}
    for f in obj.fields:
        if types.introspection and types.is_abstract(f.type):
            continue
        meta: dict[str, Any] = {
            "name": f.name,
            "isArray": f.is_list,
            "type": types.of(f.type, in_type=True),
            "isRequired": not f.is_nullable,
            "attributes": [],
        }
        if f.is_list_nullable is not None:
            meta["isArrayNullable"] = f.is_list_nullable
        if f.is_read_only is not None:
            meta["isReadOnly"] = f.is_read_only
        association = _association(f, types.introspection)
        if association is not None:
            meta["association"] = association
        fields[f.name] = meta
    return {"name": obj.name, "fields": fields}


def _association(f: Field, introspection: bool) -> dict[str, Any] | None:
    connection = f.connection
    if connection is None:
        return None
    out: dict[str, Any] = {"connectionType": connection.kind.value}
    if connection.kind is not Kind.BELONGS_TO:
        out["associatedWith"] = [a.name for a in connection.associated_with]
    if connection.kind is not Kind.HAS_MANY:
        targets = connection.target_names
        if targets is not None:
            out["targetNames"] = list(targets)
        elif introspection:
            out["targetNames"] = []
    return out


def _primary_key_info(model: ObjectType) -> dict[str, Any]:
    key = model.key_field()
    if key is None or key.primary_key is None:
        raise ModelgenError(f"No primary key found for model {model.name}")
    return {
        "isCustomPrimaryKey": key.primary_key.kind is KeyKind.CUSTOM_ID,
        "primaryKeyFieldName": key.name,
        "sortKeyFieldNames": [f.name for f in key.primary_key.sort_key_fields],
    }


def _argument(f: Field, types: _Types) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": f.name,
        "isArray": f.is_list,
        "type": types.of(f.type),
        "isRequired": not f.is_nullable,
    }
    if f.is_list_nullable is not None:
        out["isArrayNullable"] = f.is_list_nullable
    return out


def _operation(op: Field, types: _Types) -> dict[str, Any]:
    out = _argument(op, types)
    if op.parameters:
        out["arguments"] = {p.name: _argument(p, types) for p in op.parameters}
    return out
