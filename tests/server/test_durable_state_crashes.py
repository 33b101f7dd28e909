"""``serve --state`` under crashes: SIGKILL at random moments, and inside a compaction.

The loop: a server with ``--state`` takes writes from four clients; it is killed with
SIGKILL at a random moment and started again on the same file; every request that was
answered with success must be in the state it loads, and no request that was refused.
Requests in flight at the kill have no answer, so either outcome is allowed for them.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from tests.server._support import TIMEOUT, Serve, raw, start_python, start_serve

ROUNDS = 20
WRITERS = 4


@dataclass
class Outcomes:
    """What one writer was told (only answered requests count)."""

    created: set[str] = field(default_factory=set)
    deleted: set[str] = field(default_factory=set)
    refused: set[str] = field(default_factory=set)
    in_flight: set[str] = field(default_factory=set)  # sent, never answered: either outcome
    answered: int = 0
    wrong: list[str] = field(default_factory=list)  # answers no request should get


def _write(url: str, name: str, outcomes: Outcomes, stop: threading.Event) -> None:
    """Create apps, delete some of their environments, send requests that must be refused;
    until the server dies (or ``stop``: a bound on a round that never kills)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=TIMEOUT)
    n = 0
    try:
        while not stop.is_set():
            n += 1
            app = f"{name}n{n}"
            if n % 3 == 2:  # no environment: refused (400), must leave no trace
                body, path, kind = {"appId": app, "appName": "x"}, "/backend", "refused"
            elif n % 3 == 0 and outcomes.created - outcomes.deleted:
                app = min(outcomes.created - outcomes.deleted)
                body, path, kind = {}, f"/backend/{app}/environments/dev/remove", "deleted"
            else:
                body = {"appId": app, "appName": "x", "backendEnvironmentName": "dev"}
                path, kind = "/backend", "created"
            outcomes.in_flight.add(app)
            connection.request("POST", path, body=json.dumps(body))
            answer = connection.getresponse()
            answer.read()
            outcomes.in_flight.discard(app)
            outcomes.answered += 1
            if answer.status == 200 and kind != "refused":
                getattr(outcomes, kind).add(app)
            elif answer.status == 400 and kind == "refused":
                outcomes.refused.add(app)
            else:
                outcomes.wrong.append(f"{kind} {app}: answered {answer.status}")
                return
    except (OSError, http.client.HTTPException):
        return  # the server was killed: the request in flight has no answer
    finally:
        connection.close()


def _state_of(url: str) -> dict[str, set[str]]:
    """app id -> its environments, as the restarted server holds them."""
    snapshot = raw(url, "GET", "/_fake/snapshot").json()
    apps = snapshot["accounts"].get("123456789012", {}).get("regions", {})
    found = apps.get("us-east-1", {}).get("apps", {})
    return {app: set(doc["environments"]) for app, doc in found.items()}


def _started(path: Path) -> Serve:
    server = start_serve("--port", "0", "--jobs", "immediate", "--state", str(path))
    server.wait_for_url()
    return server


def test_every_acknowledged_request_survives_kill_9(tmp_path: Path) -> None:
    seed = 20 if os.environ.get("CI") else random.randrange(1 << 30)
    rng = random.Random(seed)
    path = tmp_path / "state"
    told = Outcomes()
    server = _started(path)
    try:
        for round_number in range(ROUNDS):
            outcomes = [Outcomes() for _ in range(WRITERS)]
            stop = threading.Event()
            writers = [
                threading.Thread(target=_write, args=(server.url, f"r{round_number}w{i}", o, stop))
                for i, o in enumerate(outcomes)
            ]
            for writer in writers:
                writer.start()
            # Kill at a random moment once every writer has had a few answers (on a slow
            # machine a kill right away would test little), bounded by TIMEOUT.
            deadline = time.monotonic() + TIMEOUT
            while any(o.answered < 3 for o in outcomes) and time.monotonic() < deadline:
                time.sleep(0.005)
            time.sleep(rng.uniform(0.0, 0.2))
            server.process.send_signal(signal.SIGKILL)
            server.process.wait(TIMEOUT)
            stop.set()
            for writer in writers:
                writer.join(TIMEOUT)
            server.close()
            for o in outcomes:
                assert not o.wrong, f"round {round_number}: {o.wrong}"
                told.created |= o.created
                told.deleted |= o.deleted
                told.refused |= o.refused
                told.in_flight |= o.in_flight
            server = _started(path)
            state = _state_of(server.url)
            where = f"round {round_number}, seed {seed}"
            expected = told.created - told.deleted - told.in_flight
            missing = {a for a in expected if "dev" not in state.get(a, ())}
            assert not missing, f"{where}: acknowledged creates lost: {sorted(missing)[:5]}"
            back = {a for a in told.deleted if "dev" in state.get(a, ())}
            assert not back, f"{where}: acknowledged deletes undone: {sorted(back)[:5]}"
            kept = told.refused & set(state)
            assert not kept, f"{where}: refused requests in the state: {sorted(kept)[:5]}"
        assert len(told.created) >= ROUNDS * WRITERS  # every writer wrote in every round
        assert told.deleted
        assert told.refused
    finally:
        server.close()


# Run as ``python -c``: serve, but die (as a SIGKILL would) in the middle of the first
# compaction: after the new file is written and synced, before it is renamed over the
# journal. The start's own rename (creating the journal) is the first one; the crash is
# the second.
_CRASH_IN_COMPACTION = """
import os, sys
from amplify_fakes._service import journal
journal.GROWTH = 1500
real = os.replace
renames = []
def replace(source, target):
    renames.append(target)
    if len(renames) == 2:
        os._exit(137)
    real(source, target)
os.replace = replace
from amplify_fakes.cli import main
sys.exit(main(["serve", "--port", "0", "--jobs", "immediate", "--state", sys.argv[1]]))
"""


def test_a_crash_in_the_middle_of_a_compaction_loses_nothing(tmp_path: Path) -> None:
    path = tmp_path / "state"
    crashed = start_python("-c", _CRASH_IN_COMPACTION, str(path))
    acknowledged: list[str] = []
    try:
        url = crashed.wait_for_url()
        for n in range(200):
            app = f"d1app{n}"
            try:
                body = {"appId": app, "appName": "x", "backendEnvironmentName": "dev"}
                answer = raw(url, "POST", "/backend", json.dumps(body))
            except OSError:
                break  # the process died inside the compaction
            assert answer.status == 200
            acknowledged.append(app)
        assert crashed.process.wait(TIMEOUT) == 137, "the compaction never ran"
    finally:
        crashed.close()
    assert acknowledged
    assert list(tmp_path.glob(".state.*.tmp")), "the crash left the new file unrenamed"
    server = _started(path)
    try:
        assert set(acknowledged) <= set(_state_of(server.url))
        assert not list(tmp_path.glob(".state.*.tmp"))  # the leftover was removed
    finally:
        server.close()
