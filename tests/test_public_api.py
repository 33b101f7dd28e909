"""The public API is what README documents, and every docstring example runs."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

import amplify_fakes

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()
PUBLIC_MODULES = [
    "amplify_fakes",
    "amplify_fakes.errors",
    "amplify_fakes.contracts",
    "amplify_fakes.waiters",
    "amplify_fakes.verify",
    "amplify_fakes.server",
    "amplify_fakes.strategies",
    "amplify_fakes._fake",
    "amplify_fakes._service.clock",
]


def test_all_lists_exactly_the_public_names() -> None:
    # (assertion rewriting may add non-identifier names such as "@py_builtins")
    public = {n for n in dir(amplify_fakes) if not n.startswith("_") and n.isidentifier()}
    modules = {
        "contracts",
        "errors",
        "waiters",
        "verify",
        "cli",
        "pytest_plugin",
        "server",
        "strategies",
        "annotations",
    }
    assert set(amplify_fakes.__all__) - {"__version__"} == public - modules
    for name in amplify_fakes.__all__:
        assert not name.startswith("_") or name == "__version__"


@pytest.mark.parametrize("name", [n for n in amplify_fakes.__all__ if n != "__version__"])
def test_every_exported_name_is_documented_in_readme_and_has_a_docstring(name: str) -> None:
    assert name in README
    assert (getattr(amplify_fakes, name).__doc__ or "").strip()


@pytest.mark.parametrize("module", PUBLIC_MODULES)
def test_docstring_examples_run(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
