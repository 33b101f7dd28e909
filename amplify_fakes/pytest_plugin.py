"""pytest plugin (registered through the ``pytest11`` entry point): fixtures, marker, options.

Installing amplify-fakes is enough; no conftest code is needed::

    def test_create(amplifybackend_client):
        amplifybackend_client.create_backend(AppId="d1", AppName="a", BackendEnvironmentName="dev")

Configuration, most specific first: the ``@pytest.mark.amplifybackend(...)`` marker, then
the ini options ``amplifybackend_region``, ``amplifybackend_strict``, ``amplifybackend_jobs``
and ``amplifybackend_clock``, then the library's defaults.

Fail closed: while the plugin is loaded (and ``--amplifybackend-live`` is not given), an
amplifybackend request that no fake answers and that would leave the machine is refused
with :class:`~amplify_fakes.errors.UsageError` before botocore sends it, whatever
credentials the environment holds. A test that forgot its fixture fails with a message
naming the fixtures instead of calling AWS. Requests to loopback addresses (a
``FakeServer``, the ``amplifybackend_server`` fixture) pass, as do hosts listed in the
``amplifybackend_allowed_hosts`` ini option; ``amplifybackend_block_aws = false`` turns
the guard off.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

# Nothing here imports botocore: a run that never uses the fake does not pay for it.
from amplify_fakes import _lazy_guard
from amplify_fakes._environment import REMOVED_ENVIRONMENT, fake_environment
from amplify_fakes._plugin_coverage import (  # hooks of this plugin, defined there
    _MERGED,
    COV_FAIL_UNDER,
    pytest_sessionfinish,
    pytest_terminal_summary,
    pytest_testnodedown,
)
from amplify_fakes._warm import WARM
from amplify_fakes.errors import UsageError

if TYPE_CHECKING:
    from amplify_fakes._fake import AmplifyBackendFake
    from amplify_fakes.server import FakeServer

MARKER = "amplifybackend"
LIVE = "--amplifybackend-live"
INI_ALLOWED_HOSTS = "amplifybackend_allowed_hosts"
_LIVE_SKIP = f"needs the fake (state, faults, clock), which {LIVE} replaces with the real service"
INI_REGION = "amplifybackend_region"
INI_STRICT = "amplifybackend_strict"
INI_JOBS = "amplifybackend_jobs"
INI_CLOCK = "amplifybackend_clock"
INI_ONE_PENDING_JOB = "amplifybackend_one_pending_job"
INI_BLOCK = "amplifybackend_block_aws"
MARKER_KWARGS = ("state", "region", "account_id", "jobs", "strict", "clock", "one_pending_job")


def _operation_count(text: str) -> int:
    """``--amplifybackend-cov-fail-under``'s N: a whole number from 0 to the operations'."""
    import argparse

    from amplify_fakes import contracts

    total = len(contracts.operations())
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= total:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number of operations from 0 to {total} "
            f"(use {total} to require every amplifybackend operation)"
        )
    return value


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("amplifybackend", "amplify-fakes (amplifybackend fake)")
    group.addoption(
        COV_FAIL_UNDER,
        type=_operation_count,
        default=None,
        metavar="N",
        help="fail the session if fewer than N of the 31 amplifybackend operations were exercised",
    )
    group.addoption(
        LIVE,
        action="store_true",
        default=False,
        help="give amplifybackend_client a real-AWS client (your credentials) instead of the fake; "
        "tests that need the fake itself are skipped",
    )
    parser.addini(
        INI_REGION, "region of the amplifybackend fixtures (default us-east-1)", default="us-east-1"
    )
    parser.addini(
        INI_STRICT, "validate every fake response against its contract", type="bool", default=False
    )
    parser.addini(INI_JOBS, "job progress of the fake: clock or immediate", default="clock")
    parser.addini(INI_CLOCK, "the fake's clock: real or virtual", default="real")
    parser.addini(
        INI_ONE_PENDING_JOB,
        "refuse a second job while one of the same app environment is pending, as AWS does",
        type="bool",
        default=True,
    )
    parser.addini(
        INI_BLOCK,
        "refuse amplifybackend requests that no fake answers and that would leave the machine",
        type="bool",
        default=True,
    )
    parser.addini(
        INI_ALLOWED_HOSTS,
        "hosts (besides loopback) amplifybackend requests may reach when no fake answers them",
        type="linelist",
        default=[],
    )


_GUARD_STATE = pytest.StashKey[tuple[bool, frozenset[str]]]()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(state=None, region=None, account_id=None, jobs=None, strict=None, clock=None, "
        "one_pending_job=None): "
        "configure the amplifybackend fixtures of this test (amplify-fakes)",
    )
    config.stash[_MERGED] = (set(), set())
    if config.getoption(LIVE):
        import boto3

        if boto3.Session().get_credentials() is None:
            raise pytest.UsageError(
                f"{LIVE} needs AWS credentials (environment, profile or instance role); "
                "none were found"
            )
    config.stash[_GUARD_STATE] = _lazy_guard.configure(
        bool(config.getini(INI_BLOCK)) and not config.getoption(LIVE),
        frozenset(h.lower() for h in config.getini(INI_ALLOWED_HOSTS)),
    )


def pytest_unconfigure(config: pytest.Config) -> None:
    if _GUARD_STATE in config.stash:  # (a run inside a run, e.g. pytester: restore it)
        _lazy_guard.configure(*config.stash[_GUARD_STATE])


def _live(config: pytest.Config) -> bool:
    return bool(config.getoption(LIVE))


def _options(request: pytest.FixtureRequest) -> dict[str, Any]:
    """The fake's options for this test: marker over ini over defaults."""
    config = request.config
    options: dict[str, Any] = {
        "region": config.getini(INI_REGION),
        "strict": config.getini(INI_STRICT),
        "jobs": config.getini(INI_JOBS),
        "clock": config.getini(INI_CLOCK),
        "one_pending_job": config.getini(INI_ONE_PENDING_JOB),
    }
    # Markers merge from the outside in (module, class, function): the closest one wins
    # for each argument it names.
    for marker in reversed(list(request.node.iter_markers(MARKER))):
        if marker.args:
            raise UsageError(
                f"@pytest.mark.{MARKER} takes keyword arguments only: {', '.join(MARKER_KWARGS)}"
            )
        unknown = sorted(set(marker.kwargs) - set(MARKER_KWARGS))
        if unknown:
            raise UsageError(
                f"@pytest.mark.{MARKER} got unknown argument(s) {', '.join(unknown)}; "
                f"valid: {', '.join(MARKER_KWARGS)}"
            )
        options.update({k: v for k, v in marker.kwargs.items() if v is not None})
    return options


@pytest.fixture
def aws_credentials(
    monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> dict[str, str]:
    """Fake AWS credentials and region in the environment for this test, restored afterwards.

    Sets ``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY`` to ``testing``, the region from the
    marker or ini option, points the config and credentials files at an empty file, turns
    off instance metadata and removes profile and session-token variables, so nothing in
    the test can fall back to real credentials. Every function-scoped amplifybackend
    fixture uses it (the session fake sets the same fake credentials while it is active).

    Example::

        def test_no_real_keys(aws_credentials):
            assert os.environ["AWS_ACCESS_KEY_ID"] == "testing"
    """
    region = str(_options(request)["region"])
    if _live(request.config):  # the real service needs the caller's real credentials
        return {"AWS_DEFAULT_REGION": region}
    import boto3

    environment = fake_environment(region)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    for name in REMOVED_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    # the plugin's own warm session, put back as new (see README "What tests share")
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", WARM.session())
    return environment


@pytest.fixture
def amplifybackend_fake(
    request: pytest.FixtureRequest, aws_credentials: dict[str, str]
) -> Iterator[AmplifyBackendFake]:
    """An active AmplifyBackendFake with fresh state for this test (function scope).

    Every amplifybackend client in the process is answered by it while the test runs.
    Configured by ``@pytest.mark.amplifybackend(...)`` and the ``amplifybackend_*`` ini
    options; the test fails at teardown if the fake hit a defect of its own.

    With ``--amplifybackend-live`` a test that needs it is skipped (there is no fake).

    Example::

        @pytest.mark.amplifybackend(jobs="immediate")
        def test_seeded(amplifybackend_fake):
            amplifybackend_fake.add_backend("d1", "dev")
    """
    if _live(request.config):
        pytest.skip(_LIVE_SKIP)
    from amplify_fakes._mock import mock_amplifybackend

    with mock_amplifybackend(**_options(request)) as fake:
        yield fake
    if fake.errors:
        pytest.fail(f"the amplifybackend fake hit {len(fake.errors)} defect(s): {fake.errors[0]}")


@pytest.fixture
def amplifybackend_client_config() -> Any:
    """The ``botocore.config.Config`` of ``amplifybackend_client`` (default None).

    Override it in your conftest to set retries, timeouts or parameter validation::

        @pytest.fixture
        def amplifybackend_client_config():
            return Config(retries={"mode": "standard", "max_attempts": 3})
    """
    return None


@pytest.fixture
def amplifybackend_client(
    request: pytest.FixtureRequest,
    aws_credentials: dict[str, str],
    amplifybackend_client_config: Any,
) -> Any:
    """A boto3 amplifybackend client answered by ``amplifybackend_fake``.

    Its region comes from the marker or the ``amplifybackend_region`` ini option
    (default ``us-east-1``); its Config from ``amplifybackend_client_config``. With
    ``--amplifybackend-live`` it is a client of the real service, with your credentials
    (the same tests, checked against AWS).

    Example::

        def test_get(amplifybackend_client):
            amplifybackend_client.create_backend(AppId="d1", AppName="a", BackendEnvironmentName="dev")
            assert amplifybackend_client.get_backend(AppId="d1")["AppName"] == "a"
    """
    region = str(_options(request)["region"])
    if _live(request.config):
        import boto3

        return boto3.client(
            "amplifybackend", region_name=region, config=amplifybackend_client_config
        )
    request.getfixturevalue("amplifybackend_fake")
    return WARM.client(region, amplifybackend_client_config)


@pytest.fixture(scope="session")
def amplifybackend_session_fake(pytestconfig: pytest.Config) -> Iterator[AmplifyBackendFake]:
    """A fake shared by the whole session: state persists between tests (order matters!).

    Trade-off: faster set-up for suites that build expensive state once, at the price of
    test isolation; tests must not depend on each other's leftovers (call ``reset()`` or
    use distinct app ids). Under pytest-xdist each worker has its own. It is configured
    by the ini options only (a marker cannot reach a session fixture); it sets fake
    credentials in the environment for as long as it is active.

    Example::

        def test_one(amplifybackend_session_fake):
            amplifybackend_session_fake.add_backend("d1-shared", "dev")
    """
    options = {
        "region": pytestconfig.getini(INI_REGION),
        "strict": pytestconfig.getini(INI_STRICT),
        "jobs": pytestconfig.getini(INI_JOBS),
        "clock": pytestconfig.getini(INI_CLOCK),
        "one_pending_job": pytestconfig.getini(INI_ONE_PENDING_JOB),
    }
    if _live(pytestconfig):
        pytest.skip(_LIVE_SKIP)
    from amplify_fakes._mock import mock_amplifybackend

    with mock_amplifybackend(**options) as fake:
        yield fake
    if fake.errors:
        pytest.fail(
            f"the shared amplifybackend fake hit {len(fake.errors)} defect(s): {fake.errors[0]}"
        )


@pytest.fixture(scope="session")
def _amplifybackend_server_session(pytestconfig: pytest.Config) -> Iterator[FakeServer]:
    """The one FakeServer per session (per xdist worker) behind ``amplifybackend_server``."""
    if _live(pytestconfig):
        pytest.skip(_LIVE_SKIP)
    from amplify_fakes.server import FakeServer

    with FakeServer(
        region=pytestconfig.getini(INI_REGION),
        strict=pytestconfig.getini(INI_STRICT),
        jobs=pytestconfig.getini(INI_JOBS),
        clock=pytestconfig.getini(INI_CLOCK),
        one_pending_job=pytestconfig.getini(INI_ONE_PENDING_JOB),
    ) as server:
        yield server


@pytest.fixture
def amplifybackend_server(
    _amplifybackend_server_session: FakeServer, aws_credentials: dict[str, str]
) -> Iterator[FakeServer]:
    """A running ``amplify_fakes.server.FakeServer`` on 127.0.0.1, with fresh state for this test.

    One server per session (per xdist worker) on a free port, ``reset()`` before each
    test; the test fails at teardown if a request hit a defect of the fake
    (``check()``). Configured by the ``amplifybackend_*`` ini options only. Use
    ``.url`` as any SDK's endpoint, ``.fake`` to seed or inspect state, ``.client()``
    for a boto3 client. Do not combine it with ``amplifybackend_fake``: while an
    in-process fake is active, it answers boto3 clients before they reach the server.

    Example::

        def test_over_http(amplifybackend_server):
            client = boto3.client("amplifybackend", endpoint_url=amplifybackend_server.url)
            client.create_backend(AppId="d1", AppName="a", BackendEnvironmentName="dev")
    """
    server = _amplifybackend_server_session
    server.reset()
    yield server
    try:
        server.check()
    except Exception as exc:
        pytest.fail(f"the amplifybackend server hit a defect: {type(exc).__name__}: {exc}")


__all__ = ["pytest_sessionfinish", "pytest_terminal_summary", "pytest_testnodedown"]
