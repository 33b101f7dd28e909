"""Relations between models: ``@hasOne``, ``@hasMany``, ``@belongsTo`` and ``@manyToMany``.

As codegen with transformer v2 and ``respectPrimaryKeyAttributesOnConnectionField`` on: a
relation is keyed by every field of the related model's primary key, so associations name
lists of fields (``associatedWith: [...]``, ``targetNames: [...]``), and the foreign-key
fields a relation implies are added to the model that holds them (``projectTasksId``).
``@manyToMany`` becomes a join model with a ``@belongsTo`` to each side. A field whose type
is a model but that has no relation directive (v1 ``@connection`` included, which transformer
v2 does not read) is left out, as codegen leaves it out with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from amplify_fakes._service.modelgen import keys
from amplify_fakes._service.modelgen.errors import ModelgenError
from amplify_fakes._service.modelgen.ir import Connection, Directive, Field, Kind, ObjectType
from amplify_fakes._service.modelgen.jsjson import stringify, truthy
from amplify_fakes._service.modelgen.words import camel_case, join_camel, lower_first, upper_first

_RELATIONS = ("hasOne", "hasMany", "belongsTo")
_NOT_NAME = re.compile(r"^[^_A-Za-z]+|[^_0-9A-Za-z]")


def connect(models: dict[str, ObjectType]) -> None:
    """Resolve every relation field of ``models`` (adding join models and foreign keys)."""
    _many_to_many(models)
    for model in list(models.values()):
        for f in list(model.fields):
            connection = _connection(f, model, models)
            if connection is None:
                continue
            _add_foreign_keys(f, model, connection)
            f.connection = connection
        model.fields = [f for f in model.fields if f.type not in models or f.connection is not None]


def _add_foreign_keys(f: Field, model: ObjectType, connection: Connection) -> None:
    other = connection.connected_model
    if connection.kind is Kind.HAS_MANY:
        for associated in connection.associated_with:
            other.add_field(associated)
        if _implies_index(f, model, other):
            names = [a.name for a in connection.associated_with]
            other.directives.append(
                Directive("key", {"name": f"gsi-{model.name}.{f.name}", "fields": names})
            )
        return
    components = other.key_fields()
    if not components or not connection.target_names:
        return
    if len(connection.target_names) > len(components):
        raise ModelgenError(
            f"{model.name}.{f.name} names {len(connection.target_names)} fields but the "
            f"primary key of {other.name} has {len(components)}"
        )
    for target, component in zip(connection.target_names, components, strict=False):
        model.add_field(Field(target, component.type, is_nullable=f.is_nullable))


def _implies_index(f: Field, model: ObjectType, other: ObjectType) -> bool:
    """A ``@hasMany`` with no ``@belongsTo`` back and no ``indexName`` gets a ``gsi-`` key."""
    back = next((g for g in other.fields if g.type == model.name), None)
    has_belongs_to = back is not None and back.directive("belongsTo") is not None
    names_index = any(
        d.name == "hasMany" and truthy(d.arguments.get("indexName")) for d in f.directives
    )
    return not (has_belongs_to or names_index)


def _connection(f: Field, model: ObjectType, models: dict[str, ObjectType]) -> Connection | None:
    directive = next((d for d in f.directives if d.name in _RELATIONS), None)
    if directive is None:
        return None
    other = models.get(f.type)
    if other is None:
        raise ModelgenError(
            f"@{directive.name} on {model.name}.{f.name} needs a @model type, not {f.type}"
        )
    if directive.name == "hasOne":
        return _has_one(f, model, other, directive)
    if directive.name == "belongsTo":
        return _belongs_to(f, model, other, directive)
    return _has_many(f, model, other, directive)


def _has_one(f: Field, model: ObjectType, other: ObjectType, directive: Directive) -> Connection:
    back = _belongs_to_back(model, other)
    if f.is_list or (back is not None and back.is_list):
        raise ModelgenError("A hasOne relationship should be 1:1, no lists")
    references = _list(directive.arguments.get("references"))
    if references:
        _check_references(f, model, other, directive)
        return Connection(Kind.HAS_ONE, other, _fields_named(other, references))
    fields = _list(directive.arguments.get("fields"))
    targets = fields or [join_camel([model.name, f.name, c.name]) for c in other.key_fields()]
    return Connection(Kind.HAS_ONE, other, other.key_fields(), [str(t) for t in targets])


def _belongs_to(f: Field, model: ObjectType, other: ObjectType, directive: Directive) -> Connection:
    if f.is_list:
        raise ModelgenError("A list field does not support the 'belongsTo' relation")
    parents = _belongs_to_parents(model, other)
    if not parents:
        raise ModelgenError(
            "A 'belongsTo' field should match to a corresponding 'hasMany' or 'hasOne' field"
        )
    references = _list(directive.arguments.get("references"))
    if references:
        _check_references(f, model, other, directive)
    parent = parents[0]
    targets = [*_list(directive.arguments.get("fields")), *references]
    if not targets:
        owner, via = (other.name, parent.name) if parent.is_list else (model.name, f.name)
        targets = [join_camel([owner, via, c.name]) for c in other.key_fields()]
    return Connection(Kind.BELONGS_TO, other, [], [str(t) for t in targets])


def _has_many(f: Field, model: ObjectType, other: ObjectType, directive: Directive) -> Connection:
    if not f.is_list:
        raise ModelgenError("A field with hasMany must be a list type")
    references = _list(directive.arguments.get("references"))
    if references:
        _check_references(f, model, other, directive)
        return Connection(Kind.HAS_MANY, other, _fields_named(other, references))
    has_many = f.directive("hasMany")
    assert has_many is not None
    if not truthy(has_many.arguments.get("fields")):
        return Connection(Kind.HAS_MANY, other, _implied_foreign_keys(f, model, other))
    index_name = has_many.arguments.get("indexName")
    directives = other.flatten()
    if truthy(index_name):
        found = next(
            (d for d in directives if d.name == "index" and d.arguments.get("name") == index_name),
            None,
        )
        if found is None:
            raise ModelgenError(
                f"Error processing @hasMany directive on {model.name}.{f.name}, @index directive "
                f"with name {index_name} was not found in connected model {other.name}"
            )
    else:
        found = next((d for d in directives if d.name == "primaryKey"), None)
    back = _belongs_to_back(model, other)
    name = found.field_name if found else (back.name if back else keys.ID)
    for g in other.fields:
        belongs = g.directive("belongsTo") if g.type == model.name else None
        if belongs and _first(belongs.arguments.get("fields")) == name:
            return Connection(Kind.HAS_MANY, other, [g])
    target = other.field(str(name))
    if target is None:
        raise ModelgenError(f"Can not find key field {name} in {other.name}")
    return Connection(Kind.HAS_MANY, other, [target])


def _implied_foreign_keys(f: Field, model: ObjectType, other: ObjectType) -> list[Field]:
    """The fields of ``other`` a ``@hasMany`` without ``fields`` keys by: ``projectTasksId``."""
    out = []
    for component in model.key_fields():
        name = join_camel([model.name, f.name, component.name])
        out.append(other.field(name) or Field(name, component.type, is_nullable=True))
    return out


def _belongs_to_back(model: ObjectType, other: ObjectType) -> Field | None:
    """The first field of ``other`` of type ``model`` that has ``@belongsTo``."""
    return next(
        (g for g in other.fields if g.type == model.name and g.directive("belongsTo")), None
    )


def _belongs_to_parents(model: ObjectType, other: ObjectType) -> list[Field]:
    """The fields of ``other`` a ``@belongsTo`` to it can pair with: a single ``@hasOne`` or a
    list ``@hasMany`` of type ``model``."""
    out = []
    for d in other.flatten():
        owner = other.field(d.field_name or "")
        if owner is None or owner.type != model.name:
            continue
        if (d.name == "hasOne" and not owner.is_list) or (d.name == "hasMany" and owner.is_list):
            out.append(owner)
    return out


def _check_references(f: Field, model: ObjectType, other: ObjectType, directive: Directive) -> None:
    """A relation by ``references`` needs the matching relation on the other side."""
    references = directive.arguments.get("references")
    if truthy(directive.arguments.get("fields")):
        raise ModelgenError("'fields' and 'references' cannot be used together.")
    wanted = stringify(references)

    def same(d: Directive) -> bool:
        return (
            truthy(d.arguments.get("references")) and stringify(d.arguments["references"]) == wanted
        )

    if directive.name == "belongsTo":
        if not any(
            same(d)
            for g in _belongs_to_parents(model, other)
            for d in g.directives
            if d.name in ("hasOne", "hasMany")
        ):
            raise ModelgenError(
                f"Error processing @belongsTo directive on {model.name}.{f.name}. @hasOne or "
                f"@hasMany directive with references {wanted} was not found in connected model "
                f"{other.name}"
            )
    elif not any(same(d) for d in other.flatten()):
        raise ModelgenError(
            f"Error processing @{directive.name} directive on {model.name}.{f.name}. @belongsTo "
            f"directive with references {wanted} was not found in connected model {other.name}"
        )


def _fields_named(model: ObjectType, names: list[Any]) -> list[Field]:
    out = []
    for name in names:
        found = model.field(name) if isinstance(name, str) else None
        if found is None:
            raise ModelgenError(f"The referenced field {name} is not a field of {model.name}")
        out.append(found)
    return out


def _list(value: Any) -> list[Any]:
    """A relation argument as a list (absent, null or empty: none; one value: a list of it)."""
    if not truthy(value):
        return []
    return list(value) if isinstance(value, list) else [value]


def _first(value: Any) -> Any:
    items = _list(value)
    return items[0] if items else None


# -- @manyToMany -----------------------------------------------------------------------------


@dataclass
class _Side:
    model: ObjectType
    field: Field
    directive: Directive


def _many_to_many(models: dict[str, ObjectType]) -> None:
    relations: dict[str, list[_Side]] = {}
    for model in list(models.values()):
        for f in model.fields:
            for d in f.directives:
                if d.name == "manyToMany":
                    relations.setdefault(_relation_name(d, model, f), []).append(_Side(model, f, d))
    for name, sides in relations.items():
        if len(sides) != 2:
            raise ModelgenError(
                f"Error for relation: '{sides[0].directive.arguments.get('relationName')}', there "
                f"should be two matching manyToMany directives and found: {len(sides)}"
            )
        join = _join_model(sides[0].model, sides[1].model, name)
        models[join.name] = join
        for side in sides:
            side.field.directives.remove(side.directive)
            side.field.type = name
            key_names = [_declared_key_name(side.model), *(f.name for f in _sort_keys(side.model))]
            side.field.directives.append(
                Directive("hasMany", {"indexName": f"by{side.model.name}", "fields": key_names})
            )


def _relation_name(d: Directive, model: ObjectType, f: Field) -> str:
    relation = d.arguments.get("relationName")
    if not isinstance(relation, str) or not relation:
        raise ModelgenError(f"@manyToMany on {model.name}.{f.name} needs a relationName")
    # graphql-transformer-common's graphqlName: drop what cannot start or be in a name
    return _NOT_NAME.sub("", upper_first(relation))


def _join_model(first: ObjectType, second: ObjectType, name: str) -> ObjectType:
    fields = [Field(keys.ID, "ID", is_nullable=False)]
    for side in (first, second):
        key_name = join_camel([side.name, _key_field(side).name])
        sorts = _sort_keys(side)
        index = Directive(
            "index",
            {"name": f"by{side.name}", "sortKeyFields": [_sort_name(side, s) for s in sorts]},
        )
        fields.append(Field(key_name, "ID", is_nullable=True, directives=[index]))
        fields += [
            Field(_sort_name(side, s), s.type, is_nullable=True, is_list=s.is_list) for s in sorts
        ]
    for side in (first, second):
        key_names = [join_camel([side.name, _key_field(side).name])]
        key_names += [_sort_name(side, s) for s in _sort_keys(side)]
        belongs = Directive("belongsTo", {"fields": key_names})
        fields.append(
            Field(camel_case(side.name), side.name, is_nullable=False, directives=[belongs])
        )
    model_directive = Directive("model", {})
    join = ObjectType(name, [model_directive], fields)
    seen = set()
    for d in first.directives + second.directives:
        text = stringify({"name": d.name, "arguments": d.arguments})
        if d.name == "auth" and text not in seen:
            seen.add(text)
            join.directives.append(Directive("auth", _copy(d.arguments)))
    keys.add_key_attributes(join)
    keys.prepare_model(join, model_directive)
    return join


def _key_field(model: ObjectType) -> Field:
    found = model.key_field()
    assert found is not None, "every model has its primary key by now"
    return found


def _sort_keys(model: ObjectType) -> list[Field]:
    """The sort key fields of the primary key its ``key`` attribute names."""
    key = next(
        (d for d in model.directives if d.name == "key" and not truthy(d.arguments.get("name"))),
        None,
    )
    if key is None:
        return []
    names = _list(key.arguments.get("fields"))[1:]
    return [_fields_named(model, [n])[0] for n in names]


def _declared_key_name(model: ObjectType) -> str:
    """The last field marked ``@primaryKey``, else ``id``."""
    name = keys.ID
    for f in model.fields:
        for d in f.directives:
            if d.name == "primaryKey":
                name = f.name
    return name


def _sort_name(model: ObjectType, sort_key: Field) -> str:
    return f"{lower_first(model.name)}{sort_key.name}"


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value
