"""modelgen.generate on hand-written schemas: the documents' shape, field by field.

The expected values are what the real appsync-modelgen-plugin writes for the same SDL
(test_against_codegen.py checks the whole texts against it when node is available).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from amplify_fakes._service.modelgen import Generated, ModelgenError, generate
from tests.fake.modelgen._corpus import ACCEPTED
from tests.fake.modelgen._support import schema_js_document, studio_parse


def documents(sdl: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(schema.js document read as Studio reads it, model introspection document)."""
    generated = generate(sdl)
    assert isinstance(generated, Generated)
    return studio_parse(generated.models), json.loads(generated.introspection)


def field_names(model: dict[str, Any]) -> list[str]:
    return list(model["fields"])


def test_schema_js_is_an_export_of_the_document_in_codegens_key_order() -> None:
    generated = generate(ACCEPTED["todo"])

    assert generated.models.startswith('export const schema = {\n    "models": {\n')
    assert generated.models.endswith("\n};")
    doc = schema_js_document(generated.models)
    assert list(doc) == ["models", "enums", "nonModels", "codegenVersion", "version"]
    assert doc["codegenVersion"] == "3.4.4"
    assert len(doc["version"]) == 32
    assert int(doc["version"], 16) >= 0
    assert studio_parse(generated.models) == doc


def test_a_model_has_id_first_its_fields_in_order_and_read_only_timestamps() -> None:
    models, _ = documents(ACCEPTED["todo"])
    todo = models["models"]["Todo"]

    assert list(todo) == ["name", "fields", "syncable", "pluralName", "attributes"]
    assert todo["syncable"] is True
    assert todo["pluralName"] == "Todos"
    assert field_names(todo) == [
        "id",
        *("name", "done", "tags", "notes", "status", "place"),
        *("createdAt", "updatedAt"),
    ]
    assert todo["fields"]["id"] == {
        "name": "id",
        "isArray": False,
        "type": "ID",
        "isRequired": True,
        "attributes": [],
    }
    assert todo["fields"]["createdAt"] == {
        "name": "createdAt",
        "isArray": False,
        "type": "AWSDateTime",
        "isRequired": False,
        "attributes": [],
        "isReadOnly": True,
    }


def test_nullability_and_lists_map_as_codegen_maps_them() -> None:
    fields = documents(ACCEPTED["todo"])[0]["models"]["Todo"]["fields"]

    assert fields["name"]["isRequired"] is True
    assert "isArrayNullable" not in fields["name"]
    assert fields["done"]["isRequired"] is False
    assert (fields["tags"]["isArray"], fields["tags"]["isRequired"]) == (True, True)
    assert fields["tags"]["isArrayNullable"] is False
    assert (fields["notes"]["isRequired"], fields["notes"]["isArrayNullable"]) == (False, True)
    assert fields["status"]["type"] == {"enum": "Status"}
    assert fields["place"]["type"] == {"nonModel": "Location"}


def test_enums_and_non_models_are_listed_by_name() -> None:
    models, introspection = documents(ACCEPTED["todo"])

    assert models["enums"] == {"Status": {"name": "Status", "values": ["OPEN", "DONE"]}}
    location = models["nonModels"]["Location"]
    assert list(location) == ["name", "fields"]
    assert field_names(location) == ["lat", "lng"]
    assert introspection["enums"] == models["enums"]
    assert introspection["nonModels"] == models["nonModels"]


def test_owner_auth_gets_codegens_defaults_after_the_model_attribute() -> None:
    attributes = documents(ACCEPTED["todo"])[0]["models"]["Todo"]["attributes"]

    assert attributes == [
        {"type": "model", "properties": {}},
        {
            "type": "auth",
            "properties": {
                "rules": [
                    {
                        "provider": "userPools",
                        "ownerField": "owner",
                        "allow": "owner",
                        "identityClaim": "cognito:username",
                        "operations": ["create", "update", "delete", "read"],
                    }
                ]
            },
        },
    ]
    assert list(attributes[1]["properties"]["rules"][0]) == [
        "provider",
        "ownerField",
        "allow",
        "identityClaim",
        "operations",
    ]


def test_auth_rule_variants() -> None:
    sdl = ACCEPTED["auth rule variants"]
    rules = documents(sdl)[0]["models"]["A"]["attributes"][1]["properties"]["rules"]
    everything = ["create", "update", "delete", "read"]

    assert rules == [
        {
            "groupClaim": "cognito:groups",
            "provider": "userPools",
            "allow": "groups",
            "groups": ["Admin"],
            "operations": everything,
        },
        {
            "groupClaim": "cognito:groups",
            "provider": "userPools",
            "allow": "groups",
            "groupsField": "gs",
            "groupField": "groups",
            "operations": everything,
        },
        {
            "provider": "userPools",
            "ownerField": "author",
            "allow": "owner",
            "identityClaim": "sub",
            "operations": ["read"],
        },
        {"allow": "private", "provider": "iam", "operations": []},
        {"allow": "public", "provider": "apiKey", "operations": everything},
    ]


def test_directive_arguments_keep_their_values_and_types() -> None:
    sdl = ACCEPTED["model directive arguments"]
    generated = generate(sdl)
    attributes = studio_parse(generated.models)["models"]["A"]["attributes"]

    assert attributes[0] == {
        "type": "model",
        "properties": {"queries": None, "subscriptions": {"level": "off"}},
    }
    assert attributes[1]["properties"] == {
        "i": 7,
        "f": 1.5,
        "big": 12345678901234567000,
        "tiny": 2.5e-7,
        "s": 'é;"q"',
        "l": [1, True, None, "X"],
    }
    # JavaScript's number and string forms: 1.5 (not 1.50), a double for the big integer,
    # non-ASCII unescaped, and the ';' escaped so Studio's strip keeps it
    assert '"f": 1.5,' in generated.models
    assert '"big": 12345678901234567000,' in generated.models
    assert '"tiny": 2.5e-7,' in generated.models
    assert '"s": "é\\u003b\\"q\\"",' in generated.models
    assert '"s": "é;\\"q\\"",' in generated.introspection


def test_timestamps_follow_the_model_directive() -> None:
    sdl = ACCEPTED["timestamps renamed and left out"]
    models = documents(sdl)[0]["models"]

    assert field_names(models["A"]) == ["id", "x"]
    assert field_names(models["B"]) == ["id", "x", "made", "changed"]
    assert models["B"]["fields"]["made"]["isReadOnly"] is True
    assert field_names(models["C"]) == ["id", "x", "createdAt", "updatedAt"]
    assert models["C"]["fields"]["createdAt"]["isRequired"] is True
    assert "isReadOnly" not in models["C"]["fields"]["createdAt"]


def test_custom_primary_key_and_indexes_become_key_attributes() -> None:
    sdl = ACCEPTED["order by sku and date"]
    models, introspection = documents(sdl)
    order = models["models"]["Order"]

    assert field_names(order) == ["sku", "placed", "status", "createdAt", "updatedAt"]
    assert order["attributes"][1:] == [
        {"type": "key", "properties": {"fields": ["sku", "placed"]}},
        {"type": "key", "properties": {"name": "ordersByStatus", "fields": ["status"]}},
        {
            "type": "key",
            "properties": {
                "name": "byStatus",
                "queryField": "ordersByStatus",
                "fields": ["status", "placed"],
            },
        },
    ]
    assert introspection["models"]["Order"]["primaryKeyInfo"] == {
        "isCustomPrimaryKey": True,
        "primaryKeyFieldName": "sku",
        "sortKeyFieldNames": ["placed"],
    }


def test_has_many_and_belongs_to_share_the_implied_foreign_key() -> None:
    models = documents(ACCEPTED["relations of a project"])[0]["models"]

    assert models["Project"]["fields"]["tasks"]["association"] == {
        "connectionType": "HAS_MANY",
        "associatedWith": ["projectTasksId"],
    }
    assert models["Task"]["fields"]["project"]["association"] == {
        "connectionType": "BELONGS_TO",
        "targetNames": ["projectTasksId"],
    }
    assert field_names(models["Task"])[-1] == "projectTasksId"
    assert models["Task"]["fields"]["projectTasksId"]["isRequired"] is False
    # a @hasMany with no @belongsTo back gets an index on the child
    assert models["Note"]["attributes"][-1] == {
        "type": "key",
        "properties": {"name": "gsi-Project.notes", "fields": ["projectNotesId"]},
    }
    assert len(models["Task"]["attributes"]) == 1


def test_has_one_adds_its_foreign_key_to_the_parent() -> None:
    project = documents(ACCEPTED["relations of a project"])[0]["models"]["Project"]

    assert project["fields"]["team"]["association"] == {
        "connectionType": "HAS_ONE",
        "associatedWith": ["id"],
        "targetNames": ["projectTeamId"],
    }
    assert field_names(project)[-1] == "projectTeamId"


def test_many_to_many_adds_the_join_model() -> None:
    models, introspection = documents(ACCEPTED["relations of a project"])
    join = models["models"]["PostTags"]

    assert list(models["models"]) == ["Project", "Team", "Task", "Note", "Post", "Tag", "PostTags"]
    assert field_names(join) == ["id", "postId", "tagId", "post", "tag", "createdAt", "updatedAt"]
    assert join["fields"]["post"]["association"] == {
        "connectionType": "BELONGS_TO",
        "targetNames": ["postId"],
    }
    assert models["models"]["Post"]["fields"]["tags"]["type"] == {"model": "PostTags"}
    assert models["models"]["Post"]["fields"]["tags"]["association"] == {
        "connectionType": "HAS_MANY",
        "associatedWith": ["post"],
    }
    assert [a["properties"].get("name") for a in join["attributes"]] == [None, "byPost", "byTag"]
    assert introspection["models"]["PostTags"]["primaryKeyInfo"]["primaryKeyFieldName"] == "id"


def test_relations_by_a_composite_key_name_every_key_field() -> None:
    sdl = ACCEPTED["customer orders by composite key"]
    models = documents(sdl)[0]["models"]

    assert models["Customer"]["fields"]["orders"]["association"]["associatedWith"] == [
        "customerOrdersEmail",
        "customerOrdersRegion",
    ]
    assert models["Order"]["fields"]["customer"]["association"]["targetNames"] == [
        "customerOrdersEmail",
        "customerOrdersRegion",
    ]
    assert models["Order"]["fields"]["customerOrdersRegion"]["type"] == "String"


def test_a_model_field_without_a_relation_is_left_out() -> None:
    sdl = ACCEPTED["unrelated model fields"]
    assert field_names(documents(sdl)[0]["models"]["A"]) == [
        "id",
        "x",
        "createdAt",
        "updatedAt",
    ]


def test_introspection_adds_the_primary_key_and_the_operations() -> None:
    sdl = ACCEPTED["find query with a filter"]
    _, introspection = documents(sdl)

    assert list(introspection) == [
        "version",
        "models",
        "enums",
        "nonModels",
        "queries",
        "mutations",
        "inputs",
    ]
    assert introspection["version"] == 1
    assert introspection["models"]["A"]["primaryKeyInfo"] == {
        "isCustomPrimaryKey": False,
        "primaryKeyFieldName": "id",
        "sortKeyFieldNames": [],
    }
    assert introspection["queries"]["find"] == {
        "name": "find",
        "isArray": True,
        "type": {"model": "A"},
        "isRequired": False,
        "isArrayNullable": True,
        "arguments": {
            "filter": {
                "name": "filter",
                "isArray": False,
                "type": {"input": "Filter"},
                "isRequired": False,
            },
            "ids": {
                "name": "ids",
                "isArray": True,
                "type": "ID",
                "isRequired": True,
                "isArrayNullable": False,
            },
        },
    }
    assert introspection["mutations"] == {
        "ping": {"name": "ping", "isArray": False, "type": "Boolean", "isRequired": True}
    }
    assert introspection["inputs"]["Filter"]["attributes"]["min"]["isRequired"] is True


def test_a_schema_without_models_is_valid_and_amplify_input_is_skipped() -> None:
    sdl = ACCEPTED["amplify input and no model"]
    models, introspection = documents(sdl)

    assert models["models"] == {}
    assert list(models["nonModels"]) == ["Point"]
    assert "inputs" not in introspection


@pytest.mark.parametrize(
    ("sdl", "message"),
    [
        (
            "type Todo @model { id: ID! name String }",
            "Syntax Error: Expected ':', found Name 'String'. (line 1, column 33)",
        ),
        ("   ", "Syntax Error: Unexpected <EOF>. (line 1, column 4)"),
        ("type Todo @model { x: Foo }", 'Unknown type: "Foo".'),
        ("scalar Foo type Todo @model { x: Foo }", "Unknown type Foo"),
        (
            "type T @model { k: String @primaryKey }",
            "The primary key on type 'T' must reference non-null fields.",
        ),
        (
            "type A @model { b: B @belongsTo } type B @model { x: Int }",
            "A 'belongsTo' field should match to a corresponding 'hasMany' or 'hasOne' field",
        ),
        (
            "type A @model { b: B @hasMany } type B @model { x: Int }",
            "A field with hasMany must be a list type",
        ),
        (
            "type A @model { b: [B] @hasOne } type B @model { x: Int }",
            "A hasOne relationship should be 1:1, no lists",
        ),
        (
            'type A @model { bs: [B] @manyToMany(relationName: "AB") } type B @model { x: Int }',
            "Error for relation: 'AB', there should be two matching manyToMany directives and found: 1",
        ),
        (
            "type A @model { x: Int } type A { x: String }",
            'Field "x" already defined with a different type',
        ),
        ("type A @model { x: " + "[" * 5000 + "Int" + "]" * 5000 + " }", "too deeply"),
    ],
)
def test_an_sdl_codegen_rejects_is_a_modelgen_error_saying_why(sdl: str, message: str) -> None:
    with pytest.raises(ModelgenError) as error:
        generate(sdl)

    assert message in str(error.value)
    assert isinstance(error.value, Exception)
