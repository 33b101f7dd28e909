"""The fake over real HTTP, for any AWS SDK, the AWS CLI or the Amplify CLI.

:class:`FakeServer` runs a threaded HTTP server on a background thread. It answers the
amplifybackend REST-JSON API at botocore's paths (and under the REST reference's ``/prod``
stage prefix) through the same core as the in-process hook, so both doors give the same
bodies, and it serves a control API under ``/_fake/``. ``amplify-fakes serve`` is the
command-line form.

>>> import boto3
>>> from amplify_fakes.server import FakeServer
>>> with FakeServer(jobs="immediate") as server:
...     client = boto3.client(
...         "amplifybackend", endpoint_url=server.url, region_name="us-east-1",
...         aws_access_key_id="testing", aws_secret_access_key="testing",
...     )
...     _ = client.create_backend(AppId="d1app", AppName="shop", BackendEnvironmentName="dev")
...     server.fake.backend("d1app", "dev")["AppName"]
'shop'
"""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from amplify_fakes._fake import AmplifyBackendFake, core_of
from amplify_fakes._server.app import ServerApp
from amplify_fakes._server.auth import AccessKey
from amplify_fakes._server.http import Server
from amplify_fakes._service.state_file import (
    attach_state_file,
    close_state_file,
    load_state_file,
)
from amplify_fakes.errors import UsageError

__all__ = ["AccessKey", "FakeServer"]

_STOP_TIMEOUT = 5.0  # seconds stop() waits for in-flight requests


class FakeServer:
    """An amplifybackend fake behind a real HTTP endpoint, on a background daemon thread.

    ``FakeServer(host="127.0.0.1", port=0, **options)``: port 0 picks a free port;
    ``.url`` says which. It binds ``127.0.0.1`` unless told otherwise. Use it as a context
    manager, or call :meth:`start` and :meth:`stop`.

    Options: ``fake`` serves an existing :class:`~amplify_fakes.AmplifyBackendFake` (for
    example the one ``mock_amplifybackend()`` yields: write in-process, read over HTTP);
    otherwise a new one is made from ``account_id``, ``region``, ``jobs``, ``clock``,
    ``strict`` and ``one_pending_job`` (as for ``mock_amplifybackend``). ``state`` (a snapshot dict or a file
    written by ``fake.save``) is loaded into the fake before it is served.
    ``state_file`` (what ``serve --state`` uses) is loaded too if it exists, and from then
    on every change is durable in it before the request that made it is answered (a
    journal, compacted at :meth:`stop`); see README "Durable state". ``access_keys`` (:class:`AccessKey` or
    ``"ID:SECRET[:ACCOUNT]"`` strings) are the credentials the server knows; a key with
    an account maps its requests to that account. With ``require_auth=True`` every API
    request must be SigV4-signed with one of them (403 otherwise, as AWS answers).

    A request that makes the fake fail (a defect, or a strict-mode contract violation)
    is answered with a 500 ``InternalFailure``, logged on the ``amplify_fakes.server``
    logger, and raised again by :meth:`check`, so a test can fail on it.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        fake: AmplifyBackendFake | None = None,
        account_id: str | None = None,
        region: str | None = None,
        jobs: str = "clock",
        clock: str = "real",
        strict: bool = False,
        one_pending_job: bool = True,
        state: str | os.PathLike[str] | dict[str, Any] | None = None,
        state_file: str | os.PathLike[str] | None = None,
        access_keys: Iterable[AccessKey | str] = (),
        require_auth: bool = False,
    ):
        if not isinstance(port, int) or isinstance(port, bool) or not 0 <= port <= 65535:
            raise UsageError(f"port must be an integer from 0 to 65535 (0: any free), not {port!r}")
        keys = [k if isinstance(k, AccessKey) else AccessKey.parse(k) for k in access_keys]
        if require_auth and not keys:
            raise UsageError("require_auth needs at least one access key (ID:SECRET[:ACCOUNT])")
        if fake is None:
            fake = AmplifyBackendFake(
                account_id=account_id,
                region=region,
                jobs=jobs,
                clock=clock,
                strict=strict,
                one_pending_job=one_pending_job,
            )
        elif (account_id, region, jobs, clock, strict, one_pending_job) != (
            None,
            None,
            "clock",
            "real",
            False,
            True,
        ):
            raise UsageError(
                "pass either fake= or the options for a new fake (account_id, region, jobs, "
                "clock, strict, one_pending_job), not both"
            )
        if state is not None and state_file is not None:
            raise UsageError(
                "pass state= (loaded once) or state_file= (loaded, and kept up to date), not both"
            )
        if isinstance(state, dict):
            fake.restore(state)
        elif state is not None:
            fake.load(state)
        self.state_file = Path(state_file) if state_file is not None else None
        #: What loading ``state_file`` dropped from its end (None: nothing).
        self.state_note: str | None = None
        self._journaling = False
        if self.state_file is not None:
            self.state_note = load_state_file(core_of(fake).service, self.state_file)
        self.host = host
        self.port = port
        self.fake = fake
        self.access_keys = tuple(keys)
        self._app = ServerApp(fake, access_keys=keys, require_auth=require_auth)
        self._httpd: Server | None = None
        self._thread: threading.Thread | None = None
        self._clients: weakref.WeakSet[Any] = weakref.WeakSet()

    @property
    def url(self) -> str:
        """The endpoint URL, ``http://127.0.0.1:<port>`` (UsageError before :meth:`start`)."""
        if self._httpd is None:
            raise UsageError(
                "the FakeServer is not running; call start() or use it in a with block"
            )
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def running(self) -> bool:
        """True between :meth:`start` and :meth:`stop`."""
        return self._httpd is not None

    def start(self) -> FakeServer:
        """Bind and start serving; returns self. UsageError when the port cannot be used."""
        if self._httpd is not None:
            raise UsageError("this FakeServer is already running")
        try:
            httpd = Server(self.host, self.port, self._app)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise UsageError(
                f"cannot listen on {self.host}:{self.port}: {reason} (port 0 picks a free port)"
            ) from exc
        if self.state_file is not None:
            try:  # journal from now on (the file rewritten as the current state)
                attach_state_file(core_of(self.fake).service, self.state_file)
            except BaseException:
                httpd.server_close()
                raise
            self._journaling = True
        self.port = int(httpd.server_address[1])
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"amplify-fakes-server-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving: finish in-flight requests, close every connection and the socket.

        Idempotent. Afterwards no thread of this server is left and the port is free.
        """
        httpd, thread = self._httpd, self._thread
        if httpd is None or thread is None:
            return
        httpd.shutdown()
        httpd.server_close()
        httpd.close_connections(_STOP_TIMEOUT)
        thread.join(_STOP_TIMEOUT)
        self._httpd = self._thread = None
        for client in list(self._clients):
            client.close()  # its pooled connections; it reconnects if used again
        if self._journaling:
            self._journaling = False
            close_state_file(core_of(self.fake).service)

    def reset(self) -> None:
        """Fresh state: the fake's :meth:`~AmplifyBackendFake.reset`, and no captured defects."""
        self._app.reset()

    def check(self) -> None:
        """Raise the first defect a request hit since the last check or reset (then forget them)."""
        self._app.check()

    @property
    def errors(self) -> list[BaseException]:
        """The defects captured since the last check or reset (a copy)."""
        return self._app.errors()

    def client(self, region_name: str | None = None, **kwargs: Any) -> Any:
        """A boto3 amplifybackend client for this server (fake credentials unless given).

        It signs with the first of ``access_keys`` when there is one, else ``testing``.
        :meth:`stop` closes its pooled connections.
        """
        import boto3

        key = self.access_keys[0] if self.access_keys else AccessKey("testing", "testing")
        kwargs.setdefault("aws_access_key_id", key.id)
        kwargs.setdefault("aws_secret_access_key", key.secret)
        kwargs.setdefault("endpoint_url", self.url)
        client = boto3.client(
            "amplifybackend", region_name=region_name or self.fake.region, **kwargs
        )
        self._clients.add(client)
        return client

    def __enter__(self) -> FakeServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = self.url if self.running else "stopped"
        return f"FakeServer({where})"
