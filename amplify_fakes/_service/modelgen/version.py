"""The ``version`` of ``schema.js``: a hash of the models' shape (codegen's computeVersion).

MD5 of the JSON of every model and non-model type, sorted by name, each with its key
directives and its fields (sorted by name) as name, relation directives, type and
nullability. Descriptions, auth rules and other directives do not change it, and neither
does the order types or fields are declared in.
"""

from __future__ import annotations

import hashlib
from typing import Any

from amplify_fakes._service.modelgen.ir import Directive, Field, ObjectType, Schema
from amplify_fakes._service.modelgen.jsjson import stringify

_TYPE_DIRECTIVES = ("primaryKey", "index")
_FIELD_DIRECTIVES = ("hasOne", "belongsTo", "hasMany", "manyToMany")


def version(schema: Schema) -> str:
    """The hex MD5 codegen writes as the document's ``version``."""
    types = {**schema.models, **schema.non_models}
    entries = sorted((_entry(t) for t in types.values()), key=lambda e: str(e["name"]))
    return hashlib.md5(stringify(entries).encode(), usedforsecurity=False).hexdigest()


def _entry(obj: ObjectType) -> dict[str, Any]:
    return {
        "name": obj.name,
        "directives": [_directive(d) for d in obj.directives if d.name in _TYPE_DIRECTIVES],
        "fields": sorted((_field(f) for f in obj.fields), key=lambda f: str(f["name"])),
    }


def _field(f: Field) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": f.name,
        "directives": [_directive(d) for d in f.directives if d.name in _FIELD_DIRECTIVES],
        "type": f.type,
        "isNullable": f.is_nullable,
        "isList": f.is_list,
    }
    if f.is_list_nullable is not None:
        out["isListNullable"] = f.is_list_nullable
    return out


def _directive(d: Directive) -> dict[str, Any]:
    out: dict[str, Any] = {"name": d.name, "arguments": d.arguments}
    if d.field_name is not None:
        out["fieldName"] = d.field_name
    return out
