"""The parsed schema the generator works on: types, fields and directives as codegen holds them.

The generator mirrors codegen's passes, which change these objects in place (a relation
adds a foreign-key field to the other model, ``@manyToMany`` adds a join model), so they
are plain mutable objects compared by identity.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Kind(str, Enum):
    """A relation's kind, as the documents' ``association.connectionType`` names it."""

    HAS_ONE = "HAS_ONE"
    HAS_MANY = "HAS_MANY"
    BELONGS_TO = "BELONGS_TO"


class KeyKind(str, Enum):
    """How a model's primary key is chosen (codegen's CodeGenPrimaryKeyType)."""

    MANAGED_ID = "ManagedId"  # the implicit ``id``
    OPTIONALLY_MANAGED_ID = "OptionallyManagedId"  # ``id`` marked ``@primaryKey``
    CUSTOM_ID = "CustomId"  # any other ``@primaryKey``


@dataclass(eq=False)
class Directive:
    """A directive use: its name and its arguments as plain values (enums as strings)."""

    name: str
    arguments: dict[str, Any]
    # codegen tags a field's directives with the field's name when a pass looks across a
    # model's fields; the tag is part of what the documents' version hashes.
    field_name: str | None = None


@dataclass(eq=False)
class PrimaryKey:
    """A model's primary key, held by the key field."""

    kind: KeyKind
    sort_key_fields: list[Field]


@dataclass(eq=False)
class Connection:
    """A relation field's resolved association."""

    kind: Kind
    connected_model: ObjectType
    associated_with: list[Field] = field(default_factory=list)
    target_names: list[str] | None = None


@dataclass(eq=False)
class Field:
    """A field (or an operation's argument, or an input's value).

    ``is_nullable`` is the element's nullability for a list; ``is_list_nullable`` is None
    for a field that is not a list.
    """

    name: str
    type: str
    is_nullable: bool
    is_list: bool = False
    is_list_nullable: bool | None = None
    directives: list[Directive] = field(default_factory=list)
    parameters: list[Field] = field(default_factory=list)
    is_read_only: bool | None = None
    primary_key: PrimaryKey | None = None
    connection: Connection | None = None

    def directive(self, name: str) -> Directive | None:
        """The field's first directive called ``name``."""
        return next((d for d in self.directives if d.name == name), None)


@dataclass(eq=False)
class ObjectType:
    """An object type: a ``@model``, a non-model type, an interface or an input."""

    name: str
    directives: list[Directive] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)

    def field(self, name: str) -> Field | None:
        """The field called ``name``."""
        return next((f for f in self.fields if f.name == name), None)

    def add_field(self, new: Field) -> None:
        """Append ``new`` unless a field of that name exists."""
        if self.field(new.name) is None:
            self.fields.append(new)

    def remove_field(self, name: str) -> None:
        """Drop the fields called ``name``."""
        self.fields = [f for f in self.fields if f.name != name]

    def key_field(self) -> Field | None:
        """The field holding the primary key."""
        return next((f for f in self.fields if f.primary_key is not None), None)

    def key_fields(self) -> list[Field]:
        """The primary key's fields: the key field, then its sort key fields."""
        key = self.key_field()
        if key is None or key.primary_key is None:
            return []
        return [key, *key.primary_key.sort_key_fields]

    def flatten(self) -> list[Directive]:
        """Every field directive, each tagged with its field's name (codegen's flatten)."""
        out = []
        for f in self.fields:
            for d in f.directives:
                d.field_name = f.name
                out.append(d)
        return out


@dataclass
class EnumType:
    """An enum and its values in the order codegen lists them."""

    name: str
    values: list[str]


@dataclass
class Schema:
    """What a transform schema declares, by kind, each in declaration order."""

    models: dict[str, ObjectType] = field(default_factory=dict)
    non_models: dict[str, ObjectType] = field(default_factory=dict)
    enums: dict[str, EnumType] = field(default_factory=dict)
    queries: dict[str, Field] = field(default_factory=dict)
    mutations: dict[str, Field] = field(default_factory=dict)
    subscriptions: dict[str, Field] = field(default_factory=dict)
    inputs: dict[str, ObjectType] = field(default_factory=dict)
    unions: set[str] = field(default_factory=set)
    interfaces: set[str] = field(default_factory=set)
