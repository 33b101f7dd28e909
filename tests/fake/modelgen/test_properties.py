"""Properties of the generated models over generated schemas (hypothesis).

Schemas of models with random names, fields, types and nullability; the documents must
list every model and field with the type and nullability declared, survive Studio's
strip-and-parse, keep their ``version`` when only the declaration order changes, and pair
each ``@hasMany`` with its ``@belongsTo`` through one foreign key.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from amplify_fakes._service.modelgen import generate
from amplify_fakes._service.modelgen.jsjson import number, stringify
from amplify_fakes._service.modelgen.sdl import DIRECTIVE_TYPES, SCALARS
from amplify_fakes._service.modelgen.words import lower_first, upper_first
from tests.fake.modelgen._support import schema_js_document, studio_parse

RESERVED = {"Query", "Mutation", "Subscription", "AMPLIFY", *SCALARS, *DIRECTIVE_TYPES}
TYPE_NAMES = st.from_regex(r"[A-Z][a-z]{2,8}", fullmatch=True).filter(lambda n: n not in RESERVED)
FIELD_NAMES = st.from_regex(r"[a-z][a-z0-9]{0,9}", fullmatch=True).filter(lambda n: n != "id")
ENUM_VALUES = st.lists(
    st.from_regex(r"[A-Z]{1,6}", fullmatch=True), min_size=1, max_size=4, unique=True
)
# how a field's type is wrapped -> (isArray, isRequired, isArrayNullable or None)
WRAPPERS = {
    "{}": (False, False, None),
    "{}!": (False, True, None),
    "[{}]": (True, False, True),
    "[{}!]": (True, True, True),
    "[{}]!": (True, False, False),
    "[{}!]!": (True, True, False),
}


@dataclass
class Declared:
    """A generated schema: what it declares, and how to write it as SDL."""

    models: dict[str, list[tuple[str, str, str]]]  # name -> [(field, type, wrapper)]
    enums: dict[str, list[str]]
    non_models: dict[str, list[tuple[str, str, str]]]
    groups: list[str] = field(default_factory=list)  # an @auth group list on the first model

    def sdl(self, shuffle: random.Random | None = None) -> str:
        """The SDL; with ``shuffle``, definitions and fields in another order."""

        def fields(items: list[tuple[str, str, str]]) -> str:
            items = list(items)
            if shuffle:
                shuffle.shuffle(items)
            return " ".join(f"{n}: {w.format(t)}" for n, t, w in items) or "placeholder: Int"

        parts = []
        for index, (name, items) in enumerate(self.models.items()):
            auth = ""
            if index == 0 and self.groups:
                listed = ", ".join(json.dumps(g, ensure_ascii=False) for g in self.groups)
                auth = f" @auth(rules: [{{ allow: groups, groups: [{listed}] }}])"
            parts.append(f"type {name} @model{auth} {{ {fields(items)} }}")
        parts += [f"enum {name} {{ {' '.join(values)} }}" for name, values in self.enums.items()]
        parts += [f"type {name} {{ {fields(items)} }}" for name, items in self.non_models.items()]
        if shuffle:
            shuffle.shuffle(parts)
        return "\n".join(parts)


@st.composite
def declared_schemas(draw: st.DrawFn, groups: bool = False) -> Declared:
    names = draw(st.lists(TYPE_NAMES, min_size=1, max_size=7, unique=True))
    n_models = draw(st.integers(1, len(names)))
    n_enums = draw(st.integers(0, len(names) - n_models))
    model_names, enum_names = names[:n_models], names[n_models : n_models + n_enums]
    non_model_names = names[n_models + n_enums :]
    types = st.sampled_from([*SCALARS, *enum_names, *non_model_names])
    field_lists = st.lists(
        st.tuples(FIELD_NAMES, types, st.sampled_from(list(WRAPPERS))),
        max_size=6,
        unique_by=lambda f: f[0],
    )
    return Declared(
        models={n: draw(field_lists) for n in model_names},
        enums={n: draw(ENUM_VALUES) for n in enum_names},
        non_models={n: draw(field_lists) for n in non_model_names},
        groups=draw(st.lists(st.text(max_size=12), max_size=3)) if groups else [],
    )


def expected_type(declared: Declared, name: str) -> Any:
    if name in declared.enums:
        return {"enum": name}
    if name in declared.non_models:
        return {"nonModel": name}
    return name


@given(declared_schemas(groups=True))
def test_the_document_survives_studios_strip_and_parse(declared: Declared) -> None:
    generated = generate(declared.sdl())

    doc = studio_parse(generated.models)

    assert doc == schema_js_document(generated.models)
    if declared.groups:
        first = next(iter(declared.models))
        rule = doc["models"][first]["attributes"][-1]["properties"]["rules"][0]
        assert rule["groups"] == declared.groups


@given(declared_schemas())
def test_every_model_and_field_appears_with_its_declared_type(declared: Declared) -> None:
    generated = generate(declared.sdl())
    doc = schema_js_document(generated.models)
    introspection = json.loads(generated.introspection)

    assert list(doc["models"]) == list(declared.models)
    assert list(introspection["models"]) == list(declared.models)
    assert list(doc["nonModels"]) == list(declared.non_models)
    assert doc["enums"] == {n: {"name": n, "values": v} for n, v in declared.enums.items()}
    for name, items in [*declared.models.items(), *declared.non_models.items()]:
        is_model = name in declared.models
        listed = doc["models" if is_model else "nonModels"][name]["fields"]
        declared_names = [n for n, _, _ in items] or ["placeholder"]
        expected_names = (
            ["id", *declared_names, "createdAt", "updatedAt"] if is_model else declared_names
        )
        assert list(listed) == expected_names
        for field_name, type_name, wrapper in items:
            meta = listed[field_name]
            is_array, is_required, array_nullable = WRAPPERS[wrapper]
            assert meta["type"] == expected_type(declared, type_name)
            assert (meta["isArray"], meta["isRequired"]) == (is_array, is_required)
            assert meta.get("isArrayNullable") == array_nullable
            assert meta["attributes"] == []
        if is_model:
            assert doc["models"][name]["attributes"] == [{"type": "model", "properties": {}}]
            assert introspection["models"][name]["primaryKeyInfo"]["primaryKeyFieldName"] == "id"


@given(declared_schemas(), st.randoms(use_true_random=False))
def test_version_ignores_declaration_order_and_follows_the_shape(
    declared: Declared, order: random.Random
) -> None:
    first = schema_js_document(generate(declared.sdl()).models)
    shuffled = schema_js_document(generate(declared.sdl(shuffle=order)).models)

    assert shuffled["version"] == first["version"]
    assert shuffled["models"] == first["models"]  # dicts: the same, in any order

    model, items = next(iter(declared.models.items()))
    changed = Declared(
        {**declared.models, model: [*items, ("extra", "Int", "{}!")]},
        declared.enums,
        declared.non_models,
    )
    assert "extra" not in {n for n, _, _ in items}
    assert schema_js_document(generate(changed.sdl()).models)["version"] != first["version"]


@st.composite
def family_trees(draw: st.DrawFn) -> tuple[list[str], list[tuple[str, str, str, bool]]]:
    """Models and hasMany relations (parent, field, child, with a belongsTo back); each child
    has one parent at most."""
    names = draw(st.lists(TYPE_NAMES, min_size=2, max_size=6, unique=True))
    relations = []
    for index, child in enumerate(names[1:], start=1):
        if draw(st.booleans()):
            parent = names[draw(st.integers(0, index - 1))]
            name = f"{draw(FIELD_NAMES)}{index}"  # distinct on the parent
            relations.append((parent, name, child, draw(st.booleans())))
    return names, relations


@given(family_trees())
def test_has_many_and_belongs_to_meet_at_one_foreign_key(
    tree: tuple[list[str], list[tuple[str, str, str, bool]]],
) -> None:
    names, relations = tree
    fields: dict[str, list[str]] = {n: ["title: String"] for n in names}
    for parent, name, child, back in relations:
        fields[parent].append(f"{name}: [{child}] @hasMany")
        if back:
            fields[child].append(f"owner: {parent} @belongsTo")
    sdl = "\n".join(f"type {n} @model {{ {' '.join(f)} }}" for n, f in fields.items())

    models = schema_js_document(generate(sdl).models)["models"]

    for parent, name, child, back in relations:
        key = f"{lower_first(parent)}{upper_first(name)}Id"
        association = models[parent]["fields"][name]["association"]
        assert association == {"connectionType": "HAS_MANY", "associatedWith": [key]}
        assert models[child]["fields"][key]["type"] == "ID"
        index = {"type": "key", "properties": {"name": f"gsi-{parent}.{name}", "fields": [key]}}
        if back:
            assert models[child]["fields"]["owner"]["association"] == {
                "connectionType": "BELONGS_TO",
                "targetNames": [key],
            }
            assert index not in models[child]["attributes"]
        else:
            assert index in models[child]["attributes"]


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=20,
)


def read_as_javascript(text: str) -> Any:
    """JSON read as JavaScript reads it: every number a double."""
    return json.loads(text, parse_int=float)


@given(JSON_VALUES)
def test_stringify_is_json_that_reads_back(value: Any) -> None:
    expected = read_as_javascript(json.dumps(value))
    for indent in (None, 4):
        text = stringify(value, indent, escape=";")

        assert ";" not in text
        assert read_as_javascript(text) == expected


@given(JSON_VALUES.filter(lambda v: not _has_float(v) and not _has_big_int(v)))
def test_stringify_lays_out_as_json_dumps_does(value: Any) -> None:
    assert stringify(value, 4) == json.dumps(value, indent=4, ensure_ascii=False)
    assert stringify(value) == json.dumps(value, separators=(",", ":"), ensure_ascii=False)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_number_reads_back_as_the_same_double(value: float) -> None:
    assert float(number(value)) == value


def _has_float(value: Any) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(_has_float(v) for v in value.values())
    return isinstance(value, list) and any(_has_float(v) for v in value)


def _has_big_int(value: Any) -> bool:
    if isinstance(value, int) and not isinstance(value, bool):
        return abs(value) > 2**53
    if isinstance(value, dict):
        return any(_has_big_int(v) for v in value.values())
    return isinstance(value, list) and any(_has_big_int(v) for v in value)
