"""``FakeServer(state_file=...)`` / ``serve --state``: every acknowledged change is on disk.

In-process here (the journal's contract, damaged files, failed writes, compaction); the
kill -9 loop and the crash in the middle of a compaction run ``serve`` in a subprocess
(test_durable_state_crashes.py).
"""

from __future__ import annotations

import errno
import itertools
import json
import os
from pathlib import Path
from typing import Any

import pytest

from amplify_fakes import AmplifyBackendFake
from amplify_fakes._service import journal as journal_module
from amplify_fakes._service import journal_file
from amplify_fakes.cli import main
from amplify_fakes.errors import UsageError
from amplify_fakes.server import FakeServer
from tests.server._support import raw, start_serve


def _create(server: FakeServer, app_id: str) -> int:
    body = {"appId": app_id, "appName": "shop", "backendEnvironmentName": "dev"}
    return raw(server.url, "POST", "/backend", json.dumps(body)).status


def _on_disk(path: Path) -> list[str]:
    """The app ids a fresh fake loads from ``path`` (a journal or a snapshot)."""
    fake = AmplifyBackendFake()
    fake.load(path)
    return sorted(fake.apps())


def test_an_answered_change_is_on_disk_before_the_server_stops(tmp_path: Path) -> None:
    path = tmp_path / "state"
    with FakeServer(state_file=path, jobs="immediate") as server:
        assert _create(server, "d1one") == 200
        assert _on_disk(path) == ["d1one"]  # the server is still running: no shutdown save
        assert journal_file.is_journal(path.read_bytes())
        assert _create(server, "d1two") == 200
        assert _on_disk(path) == ["d1one", "d1two"]
    # a clean stop leaves a plain snapshot document, what fake.save writes
    assert json.loads(path.read_text())["format"] == "amplify-fakes/snapshot"
    assert _on_disk(path) == ["d1one", "d1two"]


def test_reads_and_refused_requests_write_nothing(tmp_path: Path) -> None:
    path = tmp_path / "state"
    with FakeServer(state_file=path, jobs="immediate") as server:
        assert _create(server, "d1app") == 200
        size = path.stat().st_size
        assert raw(server.url, "POST", "/backend/d1app/details", "{}").status == 200
        assert raw(server.url, "POST", "/backend/d1app/job/dev", "{}").status == 200
        assert raw(server.url, "POST", "/backend/d1nope/details", "{}").status == 404
        refused = json.dumps({"appId": "d1bad", "appName": "shop"})  # no environment
        assert raw(server.url, "POST", "/backend", refused).status == 400
        assert path.stat().st_size == size


def test_control_api_changes_are_durable(tmp_path: Path) -> None:
    path = tmp_path / "state"
    with FakeServer(state_file=path, jobs="immediate", clock="virtual") as server:
        body = json.dumps({"appId": "d1seeded", "environments": ["prod"]})
        assert raw(server.url, "POST", "/_fake/apps", body).status == 200
        assert _on_disk(path) == ["d1seeded"]
        before = server.fake.clock.time()
        assert raw(server.url, "POST", "/_fake/clock/advance", '{"seconds": 90}').status == 200
        loaded = journal_file.read(path, path.read_bytes()).snapshot
        assert loaded["clock"] == before + 90
        snapshot = server.fake.snapshot()
        assert raw(server.url, "POST", "/_fake/reset", "{}").status == 200
        assert _on_disk(path) == []
        assert raw(server.url, "POST", "/_fake/restore", json.dumps(snapshot)).status == 200
        assert _on_disk(path) == ["d1seeded"]


def test_a_restart_after_a_crash_reads_the_journal(tmp_path: Path) -> None:
    path = tmp_path / "state"
    server = FakeServer(state_file=path, jobs="immediate").start()
    try:
        assert _create(server, "d1kept") == 200
        crashed = path.read_bytes()  # the file as a crash at this moment leaves it
    finally:
        server.stop()
    path.write_bytes(crashed)
    with FakeServer(state_file=path) as again:
        assert again.fake.apps() == ["d1kept"]
        assert again.state_note is None


@pytest.mark.parametrize(
    "tail",
    [b'9f0c1d2e {"kind":"app","acc', b"\x00" * 300, b'00000000 {"kind":"clock","clock":1}\n'],
    ids=["cut mid-line", "zero-filled", "bad checksum"],
)
def test_a_damaged_end_loads_up_to_the_last_complete_entry(tmp_path: Path, tail: bytes) -> None:
    path = tmp_path / "state"
    server = FakeServer(state_file=path, jobs="immediate").start()
    try:
        assert _create(server, "d1kept") == 200
        good = path.read_bytes()
    finally:
        server.stop()
    path.write_bytes(good + tail)
    with FakeServer(state_file=path, jobs="immediate") as again:
        assert again.fake.apps() == ["d1kept"]
        assert again.state_note is not None
        assert f"dropped {len(tail)} bytes" in again.state_note
        assert tail not in path.read_bytes()  # rewritten at start: the damage is gone
        assert _create(again, "d1next") == 200
        assert _on_disk(path) == ["d1kept", "d1next"]


def _journal_with_three_apps(path: Path) -> bytes:
    server = FakeServer(state_file=path, jobs="immediate").start()
    try:
        for app in ("d1a", "d1b", "d1c"):
            assert _create(server, app) == 200
        return path.read_bytes()
    finally:
        server.stop()


def _damage_line(data: bytes, number: int) -> bytes:
    lines = data.split(b"\n")
    lines[number - 1] = lines[number - 1].replace(b"d1b", b"d1x")  # checksum now wrong
    return b"\n".join(lines)


def test_damage_in_the_middle_is_refused_and_the_file_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "state"
    data = _journal_with_three_apps(path)
    assert b"d1b" in data.split(b"\n")[3]  # header, base state, d1a, d1b, d1c
    damaged = _damage_line(data, 4)
    path.write_bytes(damaged)
    with pytest.raises(journal_file.StateFileRefused, match=r"line 4 is damaged .* 1 complete"):
        FakeServer(state_file=path)
    assert path.read_bytes() == damaged


def test_an_unknown_version_is_refused_and_the_file_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "state"
    future = journal_file.line({"format": "amplify-fakes/journal", "version": 99})
    path.write_bytes(future + journal_file.line({"kind": "clock", "clock": 1.0}))
    with pytest.raises(UsageError, match="journal version 99 is not supported"):
        FakeServer(state_file=path)
    assert path.read_bytes().startswith(future)


def test_a_plain_snapshot_file_is_loaded_and_then_journaled(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    fake = AmplifyBackendFake()
    fake.add_app("d1old", environments=["dev"])
    fake.save(path)
    with FakeServer(state_file=path, jobs="immediate") as server:
        assert server.fake.apps() == ["d1old"]
        assert _create(server, "d1new") == 200
        assert journal_file.is_journal(path.read_bytes())
        assert _on_disk(path) == ["d1new", "d1old"]


def test_state_and_state_file_together_are_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="not both"):
        FakeServer(state={}, state_file=tmp_path / "state")


def _disk_full(*_: Any, **__: Any) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_failed_sync_answers_500_undoes_the_change_and_keeps_the_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "state"
    with FakeServer(state_file=path, jobs="immediate") as server:
        assert _create(server, "d1before") == 200
        before = path.read_bytes()
        real_sync = journal_module._sync
        calls: list[int] = []

        def sync_fails_once(fd: int) -> None:
            calls.append(fd)
            if len(calls) == 1:
                _disk_full()
            real_sync(fd)

        monkeypatch.setattr(journal_module, "_sync", sync_fails_once)
        body = json.dumps({"appId": "d1lost", "appName": "shop", "backendEnvironmentName": "dev"})
        answer = raw(server.url, "POST", "/backend", body)
        assert answer.status == 500
        assert answer.headers["x-amzn-errortype"].startswith("InternalFailure")
        assert "No space left on device" in answer.json()["message"]
        assert "undone" in answer.json()["message"]
        assert server.fake.apps() == ["d1before"]  # the change is not visible
        assert path.read_bytes() == before  # the half-written entry was cut off
        assert _create(server, "d1after") == 200  # the next one is written normally
        assert _on_disk(path) == ["d1after", "d1before"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_a_full_disk_refuses_every_change_and_keeps_what_was_acknowledged(
    tmp_path: Path,
) -> None:
    path = tmp_path / "state"
    with FakeServer(state_file=path, jobs="immediate") as server:
        assert _create(server, "d1before") == 200
        journal = server.fake._core.service._journal
        assert journal is not None
        full = os.open("/dev/full", os.O_WRONLY)
        try:
            os.dup2(full, journal._fd)  # every write to the journal now fails with ENOSPC
        finally:
            os.close(full)
        first, second = (_create_answer(server, app) for app in ("d1lost", "d1lost2"))
        assert first.status == second.status == 500
        assert "No space left on device" in first.json()["message"]
        # the file cannot be cut back on that device: the journal stops taking changes
        assert "unusable since an earlier failure" in second.json()["message"]
        assert raw(server.url, "POST", "/backend/d1before/details", "{}").status == 200
        assert server.fake.apps() == ["d1before"]
    assert _on_disk(path) == ["d1before"]


def _create_answer(server: FakeServer, app_id: str) -> Any:
    body = {"appId": app_id, "appName": "shop", "backendEnvironmentName": "dev"}
    return raw(server.url, "POST", "/backend", json.dumps(body))


def test_the_journal_compacts_and_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(journal_module, "GROWTH", 2_000)
    path = tmp_path / "state"
    server = FakeServer(state_file=path, jobs="immediate").start()
    try:
        sizes = []
        for n in range(40):
            assert _create(server, f"d1app{n:02d}") == 200
            sizes.append(path.stat().st_size)
        assert any(later < earlier for earlier, later in itertools.pairwise(sizes))  # compacted
        assert _on_disk(path) == [f"d1app{n:02d}" for n in range(40)]
        assert not journal_module.leftovers(path)
    finally:
        server.stop()


def test_serve_refuses_a_journal_damaged_in_the_middle_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "state"
    damaged = _damage_line(_journal_with_three_apps(path), 4)
    path.write_bytes(damaged)
    assert main(["serve", "--port", "0", "--state", str(path)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"amplify-fakes: error: state file {path}: line 4 is damaged")
    assert path.read_bytes() == damaged


def test_serve_says_on_stderr_what_it_dropped_from_a_damaged_end(tmp_path: Path) -> None:
    path = tmp_path / "state"
    _journal_with_three_apps(path)
    # the stop above left a plain snapshot; a crash leaves a journal: make one, cut its end
    with FakeServer(state_file=path, jobs="immediate") as server:
        assert _create(server, "d1d") == 200
        good = path.read_bytes()
        path.write_bytes(good + b'1234abcd {"kind":"ap')
        journal = server.fake._core.service.attach_journal(None)  # as if killed: no final save
        assert journal is not None
        journal.close()
    served = start_serve("--port", "0", "--state", str(path))
    try:
        served.wait_for_url()
        assert raw(served.url, "POST", "/backend/d1d/details", "{}").status == 200
        assert served.stop() == 0
    finally:
        served.close()
    dropped = [line for line in served.stderr if "dropped 20 bytes" in line]
    assert dropped, served.stderr
    assert dropped[0].startswith(f"amplify-fakes: state file {path}: dropped 20 bytes")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_a_device_as_state_file_is_refused_not_read_forever(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["serve", "--port", "0", "--state", "/dev/full"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "amplify-fakes: error: state file /dev/full is not a regular file"
    ]


def test_a_state_file_that_cannot_be_written_at_start_is_one_line_and_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(journal_module, "replace_atomically", _disk_full)
    path = tmp_path / "state"
    assert main(["serve", "--port", "0", "--state", str(path), "--app", "d1seed:dev"]) == 1
    first, error = capsys.readouterr().err.splitlines()  # exactly two lines, no traceback
    assert "does not exist yet; starting empty" in first
    assert error.startswith(f"amplify-fakes: error: cannot write state file {path}: ")
    assert "No space left on device" in error
    assert not path.exists()


def test_a_complete_line_that_is_not_an_entry_is_refused_not_dropped(tmp_path: Path) -> None:
    path = tmp_path / "state"
    data = journal_file.HEADER + journal_file.line({"kind": "bucket", "name": "b"})
    path.write_bytes(data)
    with pytest.raises(journal_file.StateFileRefused, match=r"line 2 is not an entry"):
        FakeServer(state_file=path)
    path.write_bytes(
        journal_file.HEADER
        + journal_file.line({"kind": "state", "snapshot": {"accounts": {"1": {}}}})
        + journal_file.line(
            {"kind": "app", "account": "1", "region": "r", "appId": "a", "app": None}
        )
    )
    with pytest.raises(
        journal_file.StateFileRefused, match=r"line 3 is an entry that does not fit"
    ):
        FakeServer(state_file=path)


def test_any_json_string_the_service_accepts_is_journaled(tmp_path: Path) -> None:
    path = tmp_path / "state"
    body = '{"appId": "d1odd", "appName": "x\\ud800", "backendEnvironmentName": "dev"}'
    with FakeServer(state_file=path, jobs="immediate") as server:
        assert raw(server.url, "POST", "/backend", body).status == 200  # a lone surrogate
        assert _on_disk(path) == ["d1odd"]


def test_a_server_that_cannot_start_leaves_the_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    fake = AmplifyBackendFake()
    fake.add_app("d1old", environments=["dev"])
    fake.save(path)
    before = path.read_bytes()
    with FakeServer(jobs="immediate") as busy:
        server = FakeServer(port=busy.port, state_file=path)
        with pytest.raises(UsageError, match="cannot listen"):
            server.start()
        server.fake.add_app("d1later")  # not journaled: the server never ran
    assert path.read_bytes() == before


def test_changes_made_while_stopped_are_kept_by_the_next_start(tmp_path: Path) -> None:
    path = tmp_path / "state"
    server = FakeServer(state_file=path, jobs="immediate")
    with server:
        assert _create(server, "d1first") == 200
    server.fake.add_app("d1between")
    with server:
        assert sorted(server.fake.apps()) == ["d1between", "d1first"]
        assert _on_disk(path) == ["d1between", "d1first"]


def test_crash_restarts_do_not_grow_the_journal(tmp_path: Path) -> None:
    path = tmp_path / "state"
    sizes = []
    for n in range(6):
        server = FakeServer(state_file=path, jobs="immediate").start()
        assert _create(server, f"d1app{n}") == 200
        crashed = path.read_bytes()
        server.stop()
        path.write_bytes(crashed)  # as if killed
        sizes.append(len(crashed))
    assert _on_disk(path) == [f"d1app{n}" for n in range(6)]
    assert sizes[-1] < 3 * sizes[0] + 2_000, sizes  # grows with the state, not doubling
