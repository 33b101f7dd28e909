"""Snapshots: ``snapshot``/``restore``, ``save``/``load``, ``mock_amplifybackend(state=...)``.

Every way a snapshot can be bad is refused with a ``UsageError`` naming the problem, and
the refusing fake keeps exactly the state (and clock) it had.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from amplify_fakes import AmplifyBackendFake, UsageError, mock_amplifybackend
from amplify_fakes._service.clock import isoformat
from tests.control._support import (
    ACCOUNT,
    APP,
    ENV,
    MIN_API,
    MIN_AUTH,
    MIN_STORAGE,
    REGION,
    body,
    client,
    config,
    make_backend,
    where,
)

Mutation = Callable[[dict[str, Any]], None]


def _populate(fake: AmplifyBackendFake) -> dict[str, str]:
    """Some of everything: backend, resources, models, config, token, jobs, bucket."""
    c = client()
    make_backend(c)
    c.create_backend_api(**where(ResourceName="shopapi", ResourceConfig=config(MIN_API)))
    c.create_backend_auth(**where(ResourceName="shopauth", ResourceConfig=config(MIN_AUTH)))
    c.create_backend_storage(**where(ResourceName="media", ResourceConfig=config(MIN_STORAGE)))
    c.generate_backend_api_models(**where(ResourceName="shopapi"))
    c.create_backend_config(AppId=APP)
    fake.add_bucket("existing-bucket")
    token = c.create_token(AppId=APP)
    fake.clock.advance(30)
    return {"SessionId": token["SessionId"]}


def _answers(c: Any, session: str) -> dict[str, Any]:
    """What the Get*/List* operations say about the populated state."""
    jobs = c.list_backend_jobs(**where())["Jobs"]
    return {
        "backend": body(c.get_backend(AppId=APP, BackendEnvironmentName=ENV)),
        "api": body(c.get_backend_api(**where(ResourceName="shopapi"))),
        "auth": body(c.get_backend_auth(**where(ResourceName="shopauth"))),
        "storage": body(c.get_backend_storage(**where(ResourceName="media"))),
        "models": body(c.get_backend_api_models(**where(ResourceName="shopapi"))),
        "jobs": jobs,
        "job": [body(c.get_backend_job(**where(JobId=j["JobId"]))) for j in jobs],
        "token": body(c.get_token(AppId=APP, SessionId=session)),
        "buckets": body(c.list_s3_buckets()),
    }


def _app(document: dict[str, Any]) -> dict[str, Any]:
    app: dict[str, Any] = document["accounts"][ACCOUNT]["regions"][REGION]["apps"][APP]
    return app


# -- the document --------------------------------------------------------------------------


def test_snapshot_is_json_serialisable_and_versioned(vfake: AmplifyBackendFake) -> None:
    _populate(vfake)
    document = vfake.snapshot()
    assert document["format"] == "amplify-fakes/snapshot"
    assert isinstance(document["version"], int)
    assert json.loads(json.dumps(document)) == document
    assert APP in json.dumps(document)


def test_snapshot_is_a_copy(vfake: AmplifyBackendFake) -> None:
    _populate(vfake)
    document = vfake.snapshot()
    _app(document)["name"] = "changed"
    _app(document)["environments"][ENV]["api"].clear()
    assert vfake.backend(APP, ENV)["AppName"] == "shop"
    assert set(vfake.backend(APP, ENV)["Api"]) == {"shopapi"}


def test_empty_fake_snapshot_round_trips(vfake: AmplifyBackendFake) -> None:
    document = vfake.snapshot()
    vfake.restore(document)
    assert vfake.snapshot() == document
    assert vfake.apps() == []


# -- round trips ---------------------------------------------------------------------------


def test_restore_into_a_fresh_fake_reproduces_state_and_answers() -> None:
    with mock_amplifybackend(
        strict=True, jobs="clock", clock="virtual", one_pending_job=False
    ) as first:
        session = _populate(first)["SessionId"]
        document = first.snapshot()
        before = _answers(client(), session)
    with mock_amplifybackend(
        strict=True, jobs="clock", clock="virtual", one_pending_job=False
    ) as second:
        second.restore(document)
        assert second.snapshot() == document
        assert second.clock.time() == document["clock"]
        assert _answers(client(), session) == before


def test_restore_replaces_the_current_state(vfake: AmplifyBackendFake) -> None:
    empty = vfake.snapshot()
    _populate(vfake)
    vfake.restore(empty)
    assert vfake.apps() == []
    assert vfake.snapshot()["accounts"] == {}


def test_restore_does_not_alias_the_document(vfake: AmplifyBackendFake) -> None:
    _populate(vfake)
    document = vfake.snapshot()
    vfake.restore(document)
    _app(document)["environments"][ENV]["auth"].clear()
    assert set(vfake.backend(APP, ENV)["Auth"]) == {"shopauth"}


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    with mock_amplifybackend(
        strict=True, jobs="clock", clock="virtual", one_pending_job=False
    ) as first:
        session = _populate(first)["SessionId"]
        first.save(path)
        document = first.snapshot()
        before = _answers(client(), session)
    assert json.loads(path.read_text(encoding="utf-8")) == document
    with mock_amplifybackend(
        strict=True, jobs="clock", clock="virtual", one_pending_job=False
    ) as second:
        second.load(str(path))  # str paths work too
        assert second.snapshot() == document
        assert _answers(client(), session) == before


@pytest.mark.parametrize("as_file", [False, True])
def test_mock_starts_from_a_seed(tmp_path: Path, as_file: bool) -> None:
    with mock_amplifybackend(strict=True, clock="virtual", one_pending_job=False) as first:
        session = _populate(first)["SessionId"]
        document = first.snapshot()
        path = tmp_path / "seed.json"
        first.save(path)
    seed: Any = path if as_file else document
    with mock_amplifybackend(
        strict=True, clock="virtual", state=seed, one_pending_job=False
    ) as fake:
        assert fake.snapshot() == document
        c = client()
        assert c.get_backend(AppId=APP)["AppName"] == "shop"
        assert c.get_token(AppId=APP, SessionId=session)["SessionId"] == session


def test_decorator_gives_each_call_a_fresh_copy_of_the_seed(vfake: AmplifyBackendFake) -> None:
    _populate(vfake)
    seed = vfake.snapshot()
    seen: list[list[str]] = []

    @mock_amplifybackend(clock="virtual", state=seed)
    def use() -> None:
        c = client()
        seen.append(list(c.get_backend(AppId=APP)["BackendEnvironmentList"]))
        c.create_backend(AppId=APP, AppName="shop", BackendEnvironmentName="extra")

    use()
    use()
    assert seen == [[ENV], [ENV]]


# -- rejections ----------------------------------------------------------------------------


def _set(path: list[Any], value: Any) -> Mutation:
    def mutate(document: dict[str, Any]) -> None:
        target: Any = _app(document)
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


def _drop(path: list[Any]) -> Mutation:
    def mutate(document: dict[str, Any]) -> None:
        target: Any = _app(document)
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return mutate


def _top(key: str, value: Any) -> Mutation:
    def mutate(document: dict[str, Any]) -> None:
        document[key] = value

    return mutate


def _without_top(key: str) -> Mutation:
    def mutate(document: dict[str, Any]) -> None:
        del document[key]

    return mutate


ENV_PATH = ["environments", ENV]
BAD_DOCUMENTS: list[tuple[str, Mutation, str]] = [
    ("wrong format", _top("format", "moto/state"), "format"),
    ("no format", _without_top("format"), "format"),
    ("wrong version", _top("version", 99), "version"),
    ("version as text", _top("version", "1"), "version"),
    ("no accounts", _without_top("accounts"), "accounts"),
    ("unknown top-level member", _top("extra", 1), "extra"),
    ("clock as text", _top("clock", "noon"), "clock"),
    ("job without jobId", _drop(["jobs", 0, "jobId"]), "jobId"),
    ("job with an empty jobId", _set(["jobs", 0, "jobId"], ""), "jobs[0].jobId"),
    ("job created as text", _set(["jobs", 0, "created"], "yesterday"), "created"),
    ("job completesAt as text", _set(["jobs", 0, "completesAt"], "soon"), "completesAt"),
    ("jobs not a list", _set(["jobs"], {}), "jobs"),
    ("token ttl as text", _set(["tokens", "s1"], {"challengeCode": "1", "created": 1.0, "ttl": "600"}), "ttl"),
    ("token without challengeCode", _set(["tokens", "s1"], {"created": 1.0, "ttl": 600}), "challengeCode"),
    ("environment created as text", _set([*ENV_PATH, "created"], "now"), "created"),
    ("environment without api", _drop([*ENV_PATH, "api"]), "api"),
    ("resource without imported", _drop([*ENV_PATH, "api", "shopapi", "imported"]), "imported"),
    ("app name a number", _set(["name"], 5), "name"),
    (
        "auth config AuthResources NOPE",
        _set([*ENV_PATH, "auth", "shopauth", "config", "AuthResources"], "NOPE"),
        "AuthResources",
    ),
    (
        "auth config without Service",
        _drop([*ENV_PATH, "auth", "shopauth", "config", "Service"]),
        "Service",
    ),
    (
        "api config with an unknown member",
        _set([*ENV_PATH, "api", "shopapi", "config", "Colour"], "red"),
        "Colour",
    ),
    (
        "storage permission not in its enum",
        _set([*ENV_PATH, "storage", "media", "config", "Permissions"], {"Authenticated": ["ALL"]}),
        "Permissions",
    ),
    (
        "admin ui config breaking its contract",
        _set(["config", "LoginAuthConfig"], "not an object"),
        "LoginAuthConfig",
    ),
    (
        "admin ui config with a number for an id",
        _set(["config", "BackendManagerAppId"], 5),
        "BackendManagerAppId",
    ),
]  # fmt: skip


@pytest.fixture
def populated() -> Any:
    with mock_amplifybackend(strict=True, clock="virtual", one_pending_job=False) as fake:
        _populate(fake)
        yield fake


def _assert_refused(fake: AmplifyBackendFake, action: Callable[[], None], *needles: str) -> None:
    before = fake.snapshot()
    clock = fake.clock.time()
    with pytest.raises(UsageError) as info:
        action()
    message = str(info.value)
    for needle in needles:
        assert needle in message, message
    assert fake.snapshot() == before
    assert fake.clock.time() == clock
    assert client().get_backend(AppId=APP)["AppName"] == "shop"


@pytest.mark.parametrize(
    ("mutate", "needle"),
    [pytest.param(m, n, id=i) for i, m, n in BAD_DOCUMENTS],
)
def test_restore_refuses_a_bad_document(
    populated: AmplifyBackendFake, mutate: Mutation, needle: str
) -> None:
    document = populated.snapshot()
    mutate(document)
    # Move the document's clock so a partial restore would show.
    if isinstance(document.get("clock"), float):
        document["clock"] += 1000
    _assert_refused(populated, lambda: populated.restore(document), needle)


@pytest.mark.parametrize(
    ("mutate", "needle"),
    [pytest.param(m, n, id=i) for i, m, n in BAD_DOCUMENTS[:10]],
)
def test_load_refuses_a_bad_document_and_names_the_file(
    populated: AmplifyBackendFake, tmp_path: Path, mutate: Mutation, needle: str
) -> None:
    document = populated.snapshot()
    mutate(document)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    _assert_refused(populated, lambda: populated.load(path), needle, str(path))


@pytest.mark.parametrize(
    "document",
    [None, [], "amplify-fakes/snapshot", 42, {}],
    ids=["null", "list", "str", "int", "empty"],
)
def test_restore_refuses_non_snapshots(populated: AmplifyBackendFake, document: Any) -> None:
    _assert_refused(populated, lambda: populated.restore(document), "snapshot")


def test_load_refuses_a_missing_file(populated: AmplifyBackendFake, tmp_path: Path) -> None:
    path = tmp_path / "missing.json"
    _assert_refused(populated, lambda: populated.load(path), "does not exist", str(path))


def test_load_refuses_a_directory(populated: AmplifyBackendFake, tmp_path: Path) -> None:
    _assert_refused(populated, lambda: populated.load(tmp_path), str(tmp_path))


@pytest.mark.parametrize(
    "content",
    [b"", b"not json at all", b'{"format": ', b"\xff\xfe\x00garbage"],
    ids=["empty", "text", "cut", "binary"],
)
def test_load_refuses_a_file_that_is_not_json(
    populated: AmplifyBackendFake, tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    _assert_refused(populated, lambda: populated.load(path), str(path))


def test_load_refuses_a_truncated_save(populated: AmplifyBackendFake, tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    populated.save(path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    _assert_refused(populated, lambda: populated.load(path), "not valid JSON", str(path))


def test_load_refuses_deeply_nested_json(populated: AmplifyBackendFake, tmp_path: Path) -> None:
    # Corrupt input of another kind: valid-looking JSON nested past the parser's limit.
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000, encoding="utf-8")
    _assert_refused(populated, lambda: populated.load(path), str(path))


@pytest.mark.parametrize("as_file", [False, True])
def test_mock_with_a_bad_seed_raises_and_stays_inactive(tmp_path: Path, as_file: bool) -> None:
    with mock_amplifybackend(clock="virtual") as fake:
        document = fake.snapshot()
    document["version"] = 99
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    mock = mock_amplifybackend(state=path if as_file else document)
    with pytest.raises(UsageError, match="version"), mock:
        pass  # pragma: no cover - never entered
    with pytest.raises(UsageError, match="not active"):
        _ = mock.fake


# -- atomic save ---------------------------------------------------------------------------


def test_save_leaves_no_temporary_files(populated: AmplifyBackendFake, tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    populated.save(path)
    populated.clock.advance(1)
    populated.save(path)  # overwriting too
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]
    assert json.loads(path.read_text(encoding="utf-8")) == populated.snapshot()


def test_save_failing_to_serialise_keeps_the_previous_file(
    populated: AmplifyBackendFake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "state.json"
    populated.save(path)
    previous = path.read_bytes()
    populated.clock.advance(100)

    def broken(*args: Any, **kwargs: Any) -> str:
        raise OSError("disk on fire")

    monkeypatch.setattr(json, "dumps", broken)
    with pytest.raises(OSError, match="disk on fire"):
        populated.save(path)
    monkeypatch.undo()
    assert path.read_bytes() == previous
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]


def test_save_failing_to_rename_keeps_the_previous_file(
    populated: AmplifyBackendFake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "state.json"
    populated.save(path)
    previous = path.read_bytes()
    populated.clock.advance(100)

    def broken(*args: Any, **kwargs: Any) -> None:
        raise OSError("rename failed")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError, match="rename failed"):
        populated.save(path)
    monkeypatch.undo()
    assert path.read_bytes() == previous
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]


def test_save_failing_while_writing_keeps_the_previous_file(
    populated: AmplifyBackendFake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "state.json"
    populated.save(path)
    previous = path.read_bytes()

    def broken(fd: int) -> None:
        raise OSError("fsync failed")

    monkeypatch.setattr(os, "fsync", broken)
    with pytest.raises(OSError, match="fsync failed"):
        populated.save(path)
    monkeypatch.undo()
    assert path.read_bytes() == previous
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]


def test_restore_keeps_a_real_clock_running(tmp_path: Path) -> None:
    with mock_amplifybackend(clock="virtual") as virtual:
        virtual.clock.advance(10 * 365 * 86400)
        document = virtual.snapshot()
    with mock_amplifybackend() as real:
        before = real.clock.time()
        real.restore(copy.deepcopy(document))
        assert abs(real.clock.time() - before) < 5


# -- version 1 snapshots (before resources carried their deployed ids) ---------------------


def _as_version_1(document: dict[str, Any]) -> dict[str, Any]:
    old = copy.deepcopy(document)
    old["version"] = 1
    for env in _app(old)["environments"].values():
        for kind in ("api", "auth", "storage"):
            for resource in env[kind].values():
                for member in ("ids", "job", "deployed"):
                    resource.pop(member, None)
    return old


def test_a_version_1_snapshot_loads_with_the_same_ids_every_time(vfake: AmplifyBackendFake) -> None:
    c = client()
    make_backend(c)
    c.create_backend_auth(**where(ResourceName="shopauth", ResourceConfig=config(MIN_AUTH)))
    c.import_backend_auth(
        **where(UserPoolId="us-east-1_ImPoRt42", NativeClientId="n", WebClientId="w")
    )
    old = _as_version_1(vfake.snapshot())

    metas = []
    for _ in range(2):
        with mock_amplifybackend(strict=True, jobs="immediate", state=copy.deepcopy(old)):
            got = client().get_backend(AppId=APP, BackendEnvironmentName=ENV)
            metas.append(json.loads(got["AmplifyMetaConfig"]))
    assert metas[0] == metas[1]
    auth = metas[0]["auth"]
    assert auth["shopauth"]["output"]["UserPoolId"].startswith(f"{REGION}_")
    assert auth["us-east-1_ImPoRt42"]["output"]["UserPoolId"] == "us-east-1_ImPoRt42"
    created = _app(old)["environments"][ENV]["created"]
    assert auth["shopauth"]["lastPushTimeStamp"] == isoformat(created)


def test_a_version_2_resource_without_its_ids_is_refused(vfake: AmplifyBackendFake) -> None:
    c = client()
    make_backend(c)
    c.create_backend_auth(**where(ResourceName="shopauth", ResourceConfig=config(MIN_AUTH)))
    document = vfake.snapshot()
    _app(document)["environments"][ENV]["auth"]["shopauth"]["ids"] = {}

    with pytest.raises(UsageError, match="ids: missing UserPoolId"):
        vfake.restore(document)
