"""Project-wide pytest configuration for amplify-fakes' own test suite."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

# pytester runs sample suites for the plugin tests (tests/plugin); pytest only accepts
# this in the top-level conftest.
pytest_plugins = ["pytester"]

# Property tests in CI: bounded, deterministic per run, and not flaky on a loaded machine.
settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile("ci" if __import__("os").environ.get("CI") else "dev")
