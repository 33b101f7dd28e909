"""Routing and wire/SDK naming come from the contracts, not from code per operation."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amplify_fakes import contracts
from amplify_fakes._core import codec
from amplify_fakes._core.router import Router
from tests.contracts._examples import full_example

ROUTER = Router()
CORE = Path(__file__).resolve().parents[2] / "amplify_fakes" / "_core"


def _concrete(template: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        template = template.replace("{" + name + "}", value)
    return template


@pytest.mark.parametrize("operation", contracts.operations())
@pytest.mark.parametrize("prefix", ["", "/prod"])
def test_every_operation_routes_from_its_uri_template(operation: str, prefix: str) -> None:
    http = contracts.contract(operation)["x-amplifybackend"]["http"]
    names = [p["wire"] for p in contracts.contract(operation)["x-amplifybackend"]["pathParameters"]]
    values = {name: f"v{i}" for i, name in enumerate(names)}
    match = ROUTER.match(http["method"], prefix + _concrete(http["requestUri"], values))
    assert match is not None
    assert match.operation == operation
    assert match.path_params == values


def test_path_parameters_are_percent_decoded_after_splitting() -> None:
    match = ROUTER.match("POST", "/backend/a%2Fb%20c/details")
    assert match is not None
    assert (match.operation, match.path_params) == ("GetBackend", {"appId": "a/b c"})


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/backend/app/details"),
        ("POST", "/nothing"),
        ("DELETE", "/backend"),
        ("POST", "/backend/a/b/c/d/e/f"),
    ],
)
def test_unknown_routes_do_not_match(method: str, path: str) -> None:
    assert ROUTER.match(method, path) is None


def test_get_and_post_on_the_same_job_path_are_different_operations() -> None:
    path = "/backend/app/job/dev/job1"
    assert ROUTER.match("GET", path).operation == "GetBackendJob"  # type: ignore[union-attr]
    assert ROUTER.match("POST", path).operation == "UpdateBackendJob"  # type: ignore[union-attr]
    assert ROUTER.allowed_methods(path) == ["GET", "POST"]


@pytest.mark.parametrize("operation", contracts.operations())
def test_codec_round_trips_full_requests_and_responses(operation: str) -> None:
    for part in ("request", "response"):
        sdk = full_example(contracts.schema(operation, part, "sdk"))
        wire = codec.to_wire(operation, part, sdk)
        assert wire == full_example(contracts.schema(operation, part, "wire"))
        assert codec.to_sdk(operation, part, wire) == sdk


def test_codec_uses_the_odd_wire_names() -> None:
    wire = codec.to_wire(
        "CreateBackendAuth",
        "request",
        {"ResourceConfig": {"UserPoolConfigs": {"Mfa": {"MFAMode": "ON"}, "OAuth": {
            "SocialProviderSettings": {"SignInWithApple": {"PrivateKey": "k", "TeamId": "t"}}}}}},
    )  # fmt: skip
    pool = wire["resourceConfig"]["userPoolConfigs"]
    assert pool["mfa"] == {"MFAMode": "ON"}
    assert pool["oAuth"]["socialProviderSettings"] == {
        "SignInWithApple": {"private_key": "k", "team_id": "t"}
    }


@given(st.dictionaries(st.text(min_size=1, max_size=8), st.integers(), max_size=4))
def test_unknown_members_pass_through_unchanged(extra: dict[str, int]) -> None:
    value = {"AppId": "a", **{k: v for k, v in extra.items() if k != "AppId"}}
    wire = codec.to_wire("GetBackend", "request", value)
    assert wire["appId"] == "a"
    assert {k: v for k, v in wire.items() if k != "appId"} == {
        k: v for k, v in value.items() if k != "AppId"
    }


def test_core_knows_nothing_about_botocore_events_or_http_servers() -> None:
    forbidden = ("botocore", "werkzeug", "http.server", "socketserver", "boto3")
    for source in CORE.glob("*.py"):
        tree = ast.parse(source.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(forbidden), f"{source.name} imports {name}"


def test_a_routed_path_is_remembered_and_its_parameters_cannot_be_changed() -> None:
    router = Router()
    first = router.match("POST", "/backend/app1/details")
    again = router.match("POST", "/backend/app1/details")
    assert first is not None
    assert again is first  # the second lookup hit the cache
    first.path_params["appId"] = "other"  # a copy: the cached match is unchanged
    assert router.match("POST", "/backend/app1/details") == ("GetBackend", (("appId", "app1"),))
    other = router.match("POST", "/backend/app2/details")
    assert other is not None
    assert other.path_params == {"appId": "app2"}


def test_the_route_cache_stays_bounded_and_keeps_answering(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from amplify_fakes._core import router as router_module

    monkeypatch.setattr(router_module, "CACHE_SIZE", 8)
    router = Router()
    for index in range(50):
        match = router.match("POST", f"/backend/app{index}/details")
        assert match is not None
        assert match.path_params == {"appId": f"app{index}"}
        assert len(router._cache) <= 8
    assert router.match("GET", "/no/such/path") is None
    assert all(key[1] != "/no/such/path" for key in router._cache)  # misses are not kept
