"""Read a transform schema's SDL into the generator's :class:`~.ir.Schema`.

The SDL is parsed only, never validated against directive definitions: Amplify's
directives (``@model``, ``@auth``, ...) are not declared in it, and codegen builds its
schema with validation off. What codegen's schema building still rejects is rejected here
too: a syntax error, a reference to a type nothing declares, a field declared twice with
different types.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from graphql.error import GraphQLSyntaxError
from graphql.language import (
    ConstDirectiveNode,
    DocumentNode,
    EnumTypeDefinitionNode,
    EnumTypeExtensionNode,
    FieldDefinitionNode,
    InputObjectTypeDefinitionNode,
    InputObjectTypeExtensionNode,
    InputValueDefinitionNode,
    InterfaceTypeDefinitionNode,
    InterfaceTypeExtensionNode,
    ListTypeNode,
    NamedTypeNode,
    NonNullTypeNode,
    ObjectTypeDefinitionNode,
    ObjectTypeExtensionNode,
    OperationType,
    ScalarTypeDefinitionNode,
    SchemaDefinitionNode,
    TypeNode,
    UnionTypeDefinitionNode,
    UnionTypeExtensionNode,
    parse,
    print_ast,
)
from graphql.utilities import value_from_ast_untyped

from amplify_fakes._service.modelgen.errors import ModelgenError
from amplify_fakes._service.modelgen.ir import Directive, EnumType, Field, ObjectType, Schema
from amplify_fakes._service.modelgen.jsjson import truthy
from amplify_fakes._service.modelgen.words import constant_case

# The scalars codegen adds to every schema (the metadata scalar map's names).
SCALARS = (
    "ID",
    "String",
    "Int",
    "Float",
    "Boolean",
    "AWSDate",
    "AWSTime",
    "AWSDateTime",
    "AWSTimestamp",
    "AWSEmail",
    "AWSJSON",
    "AWSURL",
    "AWSPhone",
    "AWSIPAddress",
)
# Enums and inputs Amplify's directive definitions declare: codegen adds them to the schema
# and leaves types of these names out of its documents, as it does ``AMPLIFY``.
DIRECTIVE_TYPES = frozenset(
    [
        "AuthRule",
        "AuthStrategy",
        "AuthProvider",
        "ModelOperation",
        "HttpMethod",
        "HttpHeader",
        "ModelMutationMap",
        "ModelQueryMap",
        "ModelSubscriptionMap",
        "ModelSubscriptionLevel",
        "TimestampConfiguration",
        "PredictionsActions",
        "SearchableQueryMap",
    ]
)
_SKIPPED = DIRECTIVE_TYPES | {"AMPLIFY"}
_RELATIONS = ("hasOne", "hasMany", "belongsTo")

_ObjectNode = (
    ObjectTypeDefinitionNode
    | ObjectTypeExtensionNode
    | InterfaceTypeDefinitionNode
    | InterfaceTypeExtensionNode
)
_InputNode = InputObjectTypeDefinitionNode | InputObjectTypeExtensionNode


@dataclass
class _Type:
    """One named type with its definition and extensions merged."""

    kind: str  # object, interface, input, enum, union, scalar
    directives: list[Directive] = field(default_factory=list)
    fields: list[FieldDefinitionNode | InputValueDefinitionNode] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    seen: bool = False  # a definition or extension of it was read


def read(sdl: str) -> Schema:
    """The types ``sdl`` declares, sorted into models, non-models, enums and operations."""
    try:
        document = parse(sdl)
    except GraphQLSyntaxError as error:
        where = error.locations[0] if error.locations else None
        at = f" (line {where.line}, column {where.column})" if where else ""
        raise ModelgenError(f"{error.message}{at}") from None
    types = _merge(document)
    _check_references(types)
    roots = _root_types(document, types)
    schema = Schema()
    for name, declared in types.items():
        if name in _SKIPPED:
            continue
        if declared.kind == "enum":
            schema.enums[name] = EnumType(name, _enum_values(declared.values))
        elif declared.kind == "union":
            schema.unions.add(name)
        elif declared.kind == "interface":
            schema.interfaces.add(name)
        elif declared.kind == "input":
            schema.inputs[name] = ObjectType(name, [], [_field(f) for f in declared.fields])
        elif declared.kind == "object":
            _sort_object(schema, name, declared, roots)
    return schema


def _sort_object(schema: Schema, name: str, declared: _Type, roots: dict[str, str]) -> None:
    fields = [_field(f) for f in declared.fields]
    if any(d.name == "model" for d in declared.directives):
        schema.models[name] = ObjectType(name, declared.directives, fields)
    elif roots.get(name) == "query":
        schema.queries.update((f.name, f) for f in fields)
    elif roots.get(name) == "mutation":
        schema.mutations.update((f.name, f) for f in fields)
    elif roots.get(name) == "subscription":
        schema.subscriptions.update((f.name, f) for f in fields)
    else:
        schema.non_models[name] = ObjectType(name, declared.directives, fields)


def _merge(document: DocumentNode) -> dict[str, _Type]:
    """Named types in declaration order, repeated definitions and extensions merged in."""
    types: dict[str, _Type] = {}
    for node in document.definitions:
        if isinstance(node, _ObjectNode):
            kind = "interface" if "Interface" in type(node).__name__ else "object"
            entry = _entry(types, node.name.value, kind)
            _merge_fields(entry, node.name.value, node.fields or ())
        elif isinstance(node, _InputNode):
            entry = _entry(types, node.name.value, "input")
            _merge_fields(entry, node.name.value, node.fields or ())
        elif isinstance(node, EnumTypeDefinitionNode | EnumTypeExtensionNode):
            entry = _entry(types, node.name.value, "enum")
            entry.values += [
                v.name.value for v in node.values or () if v.name.value not in entry.values
            ]
        elif isinstance(node, UnionTypeDefinitionNode | UnionTypeExtensionNode):
            entry = _entry(types, node.name.value, "union")
            entry.values += [t.name.value for t in node.types or ()]
        elif isinstance(node, ScalarTypeDefinitionNode):
            entry = _entry(types, node.name.value, "scalar")
        else:
            continue
        if entry.seen:
            _merge_directives(entry.directives, node.directives or ())
        else:
            entry.directives = [_directive(d) for d in node.directives or ()]
            entry.seen = True
    return types


def _entry(types: dict[str, _Type], name: str, kind: str) -> _Type:
    entry = types.setdefault(name, _Type(kind))
    if entry.kind != kind:
        raise ModelgenError(
            f'Unable to merge GraphQL type "{name}": it is both {entry.kind} and {kind}'
        )
    return entry


def _merge_fields(
    entry: _Type, type_name: str, nodes: Iterable[FieldDefinitionNode | InputValueDefinitionNode]
) -> None:
    for node in nodes:
        existing = next((f for f in entry.fields if f.name.value == node.name.value), None)
        if existing is None:
            entry.fields.append(node)
        elif print_ast(existing.type) != print_ast(node.type):
            raise ModelgenError(
                f'Unable to merge GraphQL type "{type_name}": Field "{node.name.value}" already '
                f'defined with a different type. Declared as "{print_ast(existing.type)}", but '
                f'you tried to override with "{print_ast(node.type)}"'
            )


def _merge_directives(into: list[Directive], nodes: Iterable[ConstDirectiveNode]) -> None:
    """A repeated definition's or an extension's directives: a new name is appended, a
    name already there has its arguments updated."""
    for node in nodes:
        new = _directive(node)
        same = next((d for d in into if d.name == new.name), None)
        if same is None:
            into.append(new)
        else:
            same.arguments.update(new.arguments)


def _directive(node: ConstDirectiveNode) -> Directive:
    arguments: dict[str, Any] = {
        a.name.value: value_from_ast_untyped(a.value) for a in node.arguments or ()
    }
    references = arguments.get("references")
    if node.name.value in _RELATIONS and truthy(references) and not isinstance(references, list):
        arguments["references"] = [references]
    return Directive(node.name.value, arguments)


def _field(node: FieldDefinitionNode | InputValueDefinitionNode) -> Field:
    name, nullable, is_list, list_nullable = _type_info(node.type)
    directives = [_directive(d) for d in node.directives or ()]
    parameters = (
        [_field(a) for a in node.arguments or ()] if isinstance(node, FieldDefinitionNode) else []
    )
    return Field(
        name=node.name.value,
        type=name,
        is_nullable=nullable,
        is_list=is_list,
        is_list_nullable=list_nullable,
        directives=directives,
        parameters=parameters,
    )


def _type_info(node: TypeNode) -> tuple[str, bool, bool, bool | None]:
    """(named type, element nullable, is a list, list nullable) as codegen's getTypeInfo."""
    if isinstance(node, NamedTypeNode):
        return node.name.value, True, False, None
    if isinstance(node, NonNullTypeNode):
        if isinstance(node.type, ListTypeNode):
            name, nullable, _, _ = _type_info(node.type.type)
            return name, nullable, True, False
        name, _, is_list, list_nullable = _type_info(node.type)
        return name, False, is_list, list_nullable
    assert isinstance(node, ListTypeNode)
    name, nullable, _, _ = _type_info(node.type)
    return name, nullable, True, True


def _enum_values(values: Sequence[str]) -> list[str]:
    """The values as codegen lists them: keyed by CONSTANT_CASE, a later value that shares an
    earlier one's key replaces it in its place."""
    by_key: dict[str, str] = {}
    for value in values:
        by_key[constant_case(value)] = value
    return list(by_key.values())


def _check_references(types: dict[str, _Type]) -> None:
    known = set(SCALARS) | DIRECTIVE_TYPES | set(types)
    for declared in types.values():
        nodes: list[Any] = list(declared.fields)
        for node in declared.fields:
            nodes += getattr(node, "arguments", None) or ()
        for node in nodes:
            name = _type_info(node.type)[0]
            if name not in known:
                raise ModelgenError(f'Unknown type: "{name}".')
        if declared.kind == "union":
            for name in declared.values:
                if name not in known:
                    raise ModelgenError(f'Unknown type: "{name}".')


def _root_types(document: DocumentNode, types: dict[str, _Type]) -> dict[str, str]:
    """Type name -> "query"/"mutation"/"subscription" for the schema's root types."""
    for node in document.definitions:
        if isinstance(node, SchemaDefinitionNode):
            return {op.type.name.value: op.operation.value for op in node.operation_types}
    defaults = {
        "Query": OperationType.QUERY,
        "Mutation": OperationType.MUTATION,
        "Subscription": OperationType.SUBSCRIPTION,
    }
    return {name: op.value for name, op in defaults.items() if name in types}
