"""``amplify-fakes serve``: run a FakeServer in the foreground until SIGINT or SIGTERM.

stdout gets exactly one line, the URL, once the server accepts connections; everything
else (one line per request, notes, defects) goes to stderr. Errors are one line and exit
status 1.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import Any

from amplify_fakes._server.app import LOG
from amplify_fakes._server.auth import AccessKey
from amplify_fakes._service.clock import ClockMode
from amplify_fakes._service.errors import StateFileError
from amplify_fakes._service.jobs import JobMode
from amplify_fakes.errors import AmplifyFakesError, UsageError

DEFAULT_PORT = 4566
_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"port must be 0 to 65535 (0: any free), not {value}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``serve`` options."""
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument(
        "--port",
        type=_port,
        default=DEFAULT_PORT,
        help=f"port to listen on (default {DEFAULT_PORT}; 0 picks a free one)",
    )
    parser.add_argument(
        "--state",
        metavar="FILE",
        help="load the state from FILE at start (if it exists) and keep every change durable in it "
        "before answering (a journal, compacted at shutdown)",
    )
    parser.add_argument("--region", help="region of unsigned requests (default us-east-1)")
    parser.add_argument(
        "--account-id", help="account of requests whose key names none (default 123456789012)"
    )
    parser.add_argument(
        "--jobs",
        choices=[m.value for m in JobMode],
        default="clock",
        help="jobs finish on the fake's clock (default) or immediately",
    )
    parser.add_argument(
        "--clock",
        choices=[m.value for m in ClockMode],
        default="real",
        help="the fake's clock follows real time (default) or moves only when advanced",
    )
    parser.add_argument(
        "--strict", action="store_true", help="check every response against its contract"
    )
    parser.add_argument(
        "--app",
        action="append",
        default=[],
        metavar="APP_ID[:ENV[,ENV...]]",
        help="seed an Amplify app with no Admin UI backend yet, with these backend "
        "environments (repeatable), as `amplify init` leaves one for CreateBackendConfig",
    )
    parser.add_argument(
        "--concurrent-jobs",
        action="store_true",
        help="let a job start while another of the same app environment is pending "
        "(AWS refuses it with BadRequestException, and so does the server by default)",
    )
    parser.add_argument(
        "--require-auth",
        action="store_true",
        help="refuse requests not SigV4-signed with a key given by --access-key (403)",
    )
    parser.add_argument(
        "--access-key",
        action="append",
        default=[],
        metavar="ID:SECRET[:ACCOUNT]",
        help="a credential the server knows (repeatable); ACCOUNT maps its requests to that account",
    )


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())


def _state_to_load(path: Path | None) -> Path | None:
    """``path`` when there is a state file to load; None to start empty (or without one)."""
    if path is None or path.exists():
        return path  # FakeServer loads it, and raises UsageError when it is bad
    if not path.parent.is_dir():
        raise UsageError(f"state file {path}: directory {path.parent} does not exist")
    print(f"amplify-fakes: state file {path} does not exist yet; starting empty", file=sys.stderr)
    return None


def _log_to_stderr() -> logging.Handler:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    LOG.addHandler(handler)
    LOG.setLevel(logging.INFO)
    LOG.propagate = False
    return handler


def run(args: argparse.Namespace) -> int:
    """Serve until SIGINT/SIGTERM; returns the exit status."""
    from amplify_fakes.server import FakeServer

    try:
        keys = [AccessKey.parse(spec) for spec in args.access_key]
        if args.require_auth and not keys:
            raise UsageError("--require-auth needs at least one --access-key ID:SECRET[:ACCOUNT]")
        state_path = Path(args.state) if args.state else None
        _state_to_load(state_path)
        server = FakeServer(
            args.host,
            args.port,
            account_id=args.account_id,
            region=args.region,
            jobs=args.jobs,
            clock=args.clock,
            strict=args.strict,
            one_pending_job=not args.concurrent_jobs,
            state_file=state_path,
            access_keys=keys,
            require_auth=args.require_auth,
        )
        for spec in args.app:
            app_id, _, names = spec.partition(":")
            server.fake.add_app(app_id, environments=[n for n in names.split(",") if n])
        if server.state_note is not None:
            print(f"amplify-fakes: {server.state_note}", file=sys.stderr)
        server.start()
    except (AmplifyFakesError, OSError, StateFileError) as exc:
        print(f"amplify-fakes: error: {_one_line(exc)}", file=sys.stderr)
        return 1
    handler = _log_to_stderr()
    stop = threading.Event()
    previous = _install_signal_handlers(stop)
    saved: OSError | None = None
    try:
        print(server.url, flush=True)
        while not stop.wait(0.2):
            pass
    finally:
        try:
            server.stop()  # with --state: the final compaction
        except OSError as exc:
            saved = exc
        _restore_signal_handlers(previous)
        LOG.removeHandler(handler)
    if state_path is None:
        return 0
    if saved is not None:
        print(
            f"amplify-fakes: error: cannot compact the state file {state_path}: {saved} "
            "(every acknowledged change is in its journal)",
            file=sys.stderr,
        )
        return 1
    print(f"amplify-fakes: state saved to {state_path}", file=sys.stderr)
    return 0


def _install_signal_handlers(stop: threading.Event) -> dict[int, Any]:
    if threading.current_thread() is not threading.main_thread():
        return {}  # signals reach only the main thread; the caller stops us another way

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    return {int(sig): signal.signal(sig, on_signal) for sig in _SIGNALS}


def _restore_signal_handlers(previous: dict[int, Any]) -> None:
    for sig, handler in previous.items():
        signal.signal(sig, handler)
