"""What the API, Auth and Storage resource families share, tested once over all three.

Each family is a named resource in a backend environment, and its operations behave alike:
a create is read back as it was sent, a delete frees the name, a second create under a taken
name is a BadRequestException that changes nothing, and any of the family's operations
(including the API models and the imports) on an unknown app, environment or resource is a
NotFoundException naming what is missing. Where the families differ in a detail (Storage
answers carry no ``Operation``, GetBackendStorage adds ``Imported``, DeleteBackendStorage
needs a ``ServiceName``, CreateBackendStorage names a bucket when the config leaves it out),
the ``Family`` says so. What only one family does (API merges and models, auth imports and
OAuth, storage buckets and permissions) stays in ``test_api.py``, ``test_auth.py`` and
``test_storage.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from amplify_fakes import AmplifyBackendFake, contracts
from tests.conftest import APP, ENV
from tests.contracts._examples import full_example
from tests.fake.operations._support import (
    API,
    API_CONFIG,
    AUTH,
    AUTH_CONFIG,
    BUCKET,
    MIN_AUTH,
    MIN_STORAGE,
    POOL,
    STORAGE,
    STORAGE_CONFIG,
    UUID,
    config,
    fails,
    where,
)

# request members naming an app and an environment that do not exist, with the ResourceType
# a NotFoundException then reports
UNKNOWN_PARENTS: list[tuple[dict[str, str], str]] = [
    ({"AppId": "d9unknown"}, "App"),
    ({"BackendEnvironmentName": "nope"}, "BackendEnvironment"),
]


@dataclass(frozen=True)
class Family:
    """One resource family: its boto3 methods, names, configs and per-family details."""

    id: str
    resource_type: str
    """The family as NotFoundException's ResourceType names it; also its operations' suffix."""
    state_key: str
    """The key of its resources in ``fake.backend(APP, ENV)``."""
    resource: str
    """The name the tests create it under."""
    full: dict[str, Any]
    """A realistic config with most members."""
    second: dict[str, Any]
    """Another valid create config: a second create under a taken name, a recreate."""
    change: dict[str, Any]
    """A valid update config."""
    create: str
    get: str
    update: str
    delete: str
    answers_operation: bool = True
    """Whether the family's job responses carry ``Operation``."""
    delete_extra: dict[str, Any] = field(default_factory=dict)
    """Members a delete needs besides the resource name."""
    shown_extra: dict[str, Any] = field(default_factory=dict)
    """Members the Get operation adds to the stored config."""
    generated: tuple[str, ...] = ()
    """Config members the fake fills in when a create leaves them out."""
    others: tuple[tuple[str, dict[str, Any]], ...] = ()
    """The family's other operations, with what a valid call sends besides app and
    environment; those that send a ResourceName need that resource to exist."""

    def operation(self, verb: str) -> str:
        """The operation's name, e.g. ``CreateBackendAPI`` for ``create``."""
        return f"{verb.capitalize()}Backend{self.resource_type}"

    def answered_operation(self, verb: str) -> str | None:
        """The ``Operation`` a response of ``verb`` carries (None: it has no such member)."""
        return self.operation(verb) if self.answers_operation else None

    def probes(self) -> list[tuple[str, dict[str, Any], bool]]:
        """Every operation of the family: (boto3 method, what a valid call sends besides app
        and environment, whether it needs the resource to exist)."""
        named = {"ResourceName": self.resource}
        return [
            (self.create, {**named, "ResourceConfig": self.second}, False),
            (self.get, named, True),
            (self.update, {**named, "ResourceConfig": self.change}, True),
            (self.delete, {**named, **self.delete_extra}, True),
            *((method, sent, "ResourceName" in sent) for method, sent in self.others),
        ]

    def call(self, client: Any, verb: str, name: str | None = None, **extra: Any) -> dict[str, Any]:
        """Call ``verb`` on resource ``name`` (default ``resource``) of the default backend."""
        method = getattr(client, getattr(self, verb))
        return dict(method(**where(ResourceName=name or self.resource, **extra)))

    def make(self, client: Any, cfg: dict[str, Any], name: str | None = None) -> dict[str, Any]:
        """Create the resource ``name`` with a private copy of ``cfg``."""
        return self.call(client, "create", name, ResourceConfig=config(cfg))

    def shown(self, stored: dict[str, Any]) -> dict[str, Any]:
        """The ResourceConfig the Get operation answers for a stored config."""
        return {**stored, **self.shown_extra}


FAMILIES = [
    Family(
        id="api",
        resource_type="API",
        state_key="Api",
        resource=API,
        full=API_CONFIG,
        second={"ApiName": "other"},
        change={"ApiName": "x"},
        create="create_backend_api",
        get="get_backend_api",
        update="update_backend_api",
        delete="delete_backend_api",
        others=(
            ("generate_backend_api_models", {"ResourceName": API}),
            ("get_backend_api_models", {"ResourceName": API}),
        ),
    ),
    Family(
        id="auth",
        resource_type="Auth",
        state_key="Auth",
        resource=AUTH,
        full=AUTH_CONFIG,
        second=MIN_AUTH,
        change={**MIN_AUTH, "UserPoolConfigs": {"Mfa": {"MFAMode": "ON"}}},
        create="create_backend_auth",
        get="get_backend_auth",
        update="update_backend_auth",
        delete="delete_backend_auth",
        others=(
            (
                "import_backend_auth",
                {"UserPoolId": POOL, "NativeClientId": "n", "WebClientId": "w"},
            ),
        ),
    ),
    Family(
        id="storage",
        resource_type="Storage",
        state_key="Storage",
        resource=STORAGE,
        full=STORAGE_CONFIG,
        second=MIN_STORAGE,
        change=MIN_STORAGE,
        create="create_backend_storage",
        get="get_backend_storage",
        update="update_backend_storage",
        delete="delete_backend_storage",
        answers_operation=False,
        delete_extra={"ServiceName": "S3"},
        shown_extra={"Imported": False},
        generated=("BucketName",),
        others=(("import_backend_storage", {"BucketName": BUCKET, "ServiceName": "S3"}),),
    ),
]
each_family = pytest.mark.parametrize("family", FAMILIES, ids=[f.id for f in FAMILIES])


@pytest.fixture
def resource(family: Family, client: Any, backend: tuple[str, str]) -> str:
    """The family's resource ``family.resource``, created with its full config."""
    family.make(client, family.full)
    return family.resource


@each_family
def test_create_then_get_returns_the_config(
    fake: AmplifyBackendFake, client: Any, backend: tuple[str, str], family: Family
) -> None:
    response = family.make(client, family.full)

    assert response["AppId"] == APP
    assert response["BackendEnvironmentName"] == ENV
    assert response.get("Operation") == family.answered_operation("create")
    assert response["Status"] == "COMPLETED"
    assert UUID.match(response["JobId"])
    got = family.call(client, "get")
    assert (got["AppId"], got["BackendEnvironmentName"], got["ResourceName"]) == (
        APP,
        ENV,
        family.resource,
    )
    assert got["ResourceConfig"] == family.shown(family.full)
    assert fake.backend(APP, ENV)[family.state_key] == {family.resource: family.full}


@each_family
def test_create_with_every_member_from_the_contract_round_trips(
    fake: AmplifyBackendFake, client: Any, backend: tuple[str, str], family: Family
) -> None:
    schema = contracts.schema(family.operation("create"), "request")["properties"]
    example = full_example(schema["ResourceConfig"])

    family.make(client, example, name="full")

    assert family.call(client, "get", "full")["ResourceConfig"] == family.shown(example)
    assert fake.backend(APP, ENV)[family.state_key]["full"] == example


@each_family
def test_delete_removes_the_resource_and_frees_its_name(
    fake: AmplifyBackendFake, client: Any, family: Family, resource: str
) -> None:
    response = family.call(client, "delete", **family.delete_extra)

    assert response["AppId"] == APP
    assert response.get("Operation") == family.answered_operation("delete")
    assert response["Status"] == "COMPLETED"
    assert fake.backend(APP, ENV)[family.state_key] == {}
    for verb, extra in (("get", {}), ("delete", family.delete_extra)):
        fails(
            fake,
            lambda verb=verb, extra=extra: family.call(client, verb, **extra),
            "NotFoundException",
            resource_type=family.resource_type,
        )
    # the name is free again
    family.make(client, family.second)
    stored = fake.backend(APP, ENV)[family.state_key][resource]
    expected = {**family.second, **{member: stored[member] for member in family.generated}}
    assert stored == expected
    assert family.call(client, "get")["ResourceConfig"] == family.shown(expected)


@each_family
def test_create_under_a_taken_name_is_a_bad_request(
    fake: AmplifyBackendFake, client: Any, family: Family, resource: str
) -> None:
    fails(
        fake,
        lambda: family.make(client, family.second),
        "BadRequestException",
        in_message=resource,
    )
    assert fake.backend(APP, ENV)[family.state_key] == {resource: family.full}


NOT_FOUND = [
    pytest.param(family, method, sent, missing, resource_type, id=f"{method}-{resource_type}")
    for family in FAMILIES
    for method, sent, needs_resource in family.probes()
    for missing, resource_type in [
        *UNKNOWN_PARENTS,
        ({"ResourceName": "nope"}, family.resource_type),
    ]
    if needs_resource or resource_type != family.resource_type  # a create or import makes it
]


@pytest.mark.usefixtures("resource")
@pytest.mark.parametrize(("family", "method", "sent", "missing", "resource_type"), NOT_FOUND)
def test_unknown_app_environment_or_resource_is_not_found(
    fake: AmplifyBackendFake,
    client: Any,
    family: Family,
    method: str,
    sent: dict[str, Any],
    missing: dict[str, str],
    resource_type: str,
) -> None:
    params = {**where(), **config(sent), **missing}
    fails(
        fake,
        lambda: getattr(client, method)(**params),
        "NotFoundException",
        resource_type=resource_type,
    )
