"""GenerateBackendAPIModels and GetBackendAPIModels through both doors.

The in-process hook (the pytest plugin's ``amplifybackend_client``) and the HTTP server
(``amplifybackend_server``), driven as a client of the real service drives them: create the
API with a TransformSchema, start the generation, poll its job, read the models and parse
them the way Amplify Studio's CLI code does.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from amplify_fakes import AmplifyBackendFake
from amplify_fakes._service.modelgen import generate
from amplify_fakes.server import FakeServer
from tests.fake.modelgen._support import studio_parse

APP = "d1modelsapp"
ENV = "staging"
API = "blogapi"
WHERE = {"AppId": APP, "BackendEnvironmentName": ENV}

BLOG = """
type Blog @model @auth(rules: [{ allow: owner }, { allow: public, operations: [read] }]) {
  name: String!
  posts: [Post] @hasMany
}
type Post @model {
  title: String!
  status: PostStatus
  blog: Blog @belongsTo
  tags: [String!]
}
enum PostStatus { DRAFT PUBLISHED }
"""


def create_api(client: Any, schema: str = BLOG) -> dict[str, Any]:
    config = {"ApiName": "blog", "Service": "AppSync", "TransformSchema": schema}
    return dict(client.create_backend_api(**WHERE, ResourceName=API, ResourceConfig=config))


def wait_for(
    client: Any, job: dict[str, Any], fake: AmplifyBackendFake | None = None
) -> dict[str, Any]:
    """Poll GetBackendJob until the job is done (advancing a virtual clock if given)."""
    for _ in range(60):
        current = dict(client.get_backend_job(**WHERE, JobId=job["JobId"]))
        if current["Status"] != "IN_PROGRESS":
            return current
        if fake is not None:
            fake.clock.advance(1)
    raise AssertionError(f"job {job['JobId']} still in progress")


def check_blog_models(models: dict[str, Any]) -> None:
    """What a Studio-style reader finds in the BLOG models."""
    assert models["Status"] == "LATEST"
    doc = studio_parse(models["Models"])
    blog, post = doc["models"]["Blog"], doc["models"]["Post"]
    assert (blog["pluralName"], post["pluralName"]) == ("Blogs", "Posts")
    assert list(blog["fields"]) == ["id", "name", "posts", "createdAt", "updatedAt"]
    assert list(post["fields"]) == [
        *("id", "title", "status", "blog", "tags"),
        *("createdAt", "updatedAt", "blogPostsId"),
    ]
    assert blog["fields"]["posts"]["association"] == {
        "connectionType": "HAS_MANY",
        "associatedWith": ["blogPostsId"],
    }
    assert post["fields"]["status"]["type"] == {"enum": "PostStatus"}
    assert post["fields"]["tags"]["isArrayNullable"] is True
    assert [a["type"] for a in blog["attributes"]] == ["model", "auth"]
    assert [r["allow"] for r in blog["attributes"][1]["properties"]["rules"]] == [
        "owner",
        "public",
    ]
    assert doc["enums"]["PostStatus"]["values"] == ["DRAFT", "PUBLISHED"]
    introspection = json.loads(models["ModelIntrospectionSchema"])
    assert set(introspection["models"]) == {"Blog", "Post"}
    assert introspection["models"]["Post"]["primaryKeyInfo"]["primaryKeyFieldName"] == "id"


@pytest.mark.amplifybackend(jobs="clock", clock="virtual")
def test_a_client_generates_polls_and_reads_the_models(
    amplifybackend_fake: AmplifyBackendFake, amplifybackend_client: Any
) -> None:
    client = amplifybackend_client
    wait_for(
        client,
        client.create_backend(AppId=APP, AppName="blog", BackendEnvironmentName=ENV),
        amplifybackend_fake,
    )
    wait_for(client, create_api(client), amplifybackend_fake)

    started = client.generate_backend_api_models(**WHERE, ResourceName=API)

    assert started["Operation"] == "GenerateBackendAPIModels"
    assert started["Status"] == "IN_PROGRESS"
    done = wait_for(client, started, amplifybackend_fake)
    assert done["Status"] == "COMPLETED"
    assert "Error" not in done
    models = client.get_backend_api_models(**WHERE, ResourceName=API)
    check_blog_models(models)
    assert models["Models"] == generate(BLOG).models


def test_the_server_answers_the_same_models(amplifybackend_server: FakeServer) -> None:
    client = amplifybackend_server.client(region_name="us-east-1")
    client.create_backend(AppId=APP, AppName="blog", BackendEnvironmentName=ENV)
    create_api(client)

    job = client.generate_backend_api_models(**WHERE, ResourceName=API)

    assert wait_for(client, job)["Status"] == "COMPLETED"
    models = client.get_backend_api_models(**WHERE, ResourceName=API)
    check_blog_models(models)
    expected = generate(BLOG)
    assert (models["Models"], models["ModelIntrospectionSchema"]) == tuple(expected)


def test_an_sdl_codegen_rejects_fails_the_job_and_keeps_the_models_before(
    amplifybackend_fake: AmplifyBackendFake, amplifybackend_client: Any
) -> None:
    client = amplifybackend_client
    client.create_backend(AppId=APP, AppName="blog", BackendEnvironmentName=ENV)
    create_api(client)
    client.generate_backend_api_models(**WHERE, ResourceName=API)
    before = client.get_backend_api_models(**WHERE, ResourceName=API)
    broken = "type Blog @model { name String }"
    client.update_backend_api(**WHERE, ResourceName=API, ResourceConfig={"TransformSchema": broken})

    job = client.generate_backend_api_models(**WHERE, ResourceName=API)

    done = wait_for(client, job)
    assert done["Status"] == "FAILED"
    assert done["Error"] == "Syntax Error: Expected ':', found Name 'String'. (line 1, column 25)"
    after = client.get_backend_api_models(**WHERE, ResourceName=API)
    assert after["Status"] == "STALE"
    assert after["Models"] == before["Models"]
    assert after["ModelIntrospectionSchema"] == before["ModelIntrospectionSchema"]


def test_a_first_generation_that_fails_leaves_no_models(amplifybackend_client: Any) -> None:
    client = amplifybackend_client
    client.create_backend(AppId=APP, AppName="blog", BackendEnvironmentName=ENV)
    create_api(client, "type Post @model { blog: Blog @belongsTo } type Blog @model { x: Int }")

    job = client.generate_backend_api_models(**WHERE, ResourceName=API)

    done = wait_for(client, job)
    assert done["Status"] == "FAILED"
    assert "'belongsTo' field should match" in done["Error"]
    models = client.get_backend_api_models(**WHERE, ResourceName=API)
    assert models["Status"] == "STALE"
    assert "Models" not in models


def test_an_injected_job_failure_stores_no_models(
    amplifybackend_fake: AmplifyBackendFake, amplifybackend_client: Any
) -> None:
    client = amplifybackend_client
    client.create_backend(AppId=APP, AppName="blog", BackendEnvironmentName=ENV)
    create_api(client)
    amplifybackend_fake.faults.fail_next_job("GenerateBackendAPIModels", error="codegen crashed")

    done = wait_for(client, client.generate_backend_api_models(**WHERE, ResourceName=API))

    assert (done["Status"], done["Error"]) == ("FAILED", "codegen crashed")
    assert "Models" not in client.get_backend_api_models(**WHERE, ResourceName=API)


def test_a_schema_without_models_generates_empty_models(amplifybackend_client: Any) -> None:
    client = amplifybackend_client
    client.create_backend(AppId=APP, AppName="blog", BackendEnvironmentName=ENV)
    create_api(client, "type Point { x: Float y: Float }")

    done = wait_for(client, client.generate_backend_api_models(**WHERE, ResourceName=API))

    assert done["Status"] == "COMPLETED"
    models = client.get_backend_api_models(**WHERE, ResourceName=API)
    doc = studio_parse(models["Models"])
    assert doc["models"] == {}
    assert list(doc["nonModels"]) == ["Point"]
    assert json.loads(models["ModelIntrospectionSchema"])["models"] == {}
