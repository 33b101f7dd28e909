"""Run a callback right after a module is imported, without importing it first.

The pytest plugin must not import botocore at start-up (half a second for every pytest
run in the environment), yet its hook and guard must be in botocore's ``BUILTIN_HANDLERS``
before the first botocore session exists. It waits for ``botocore.session`` (which every
session, boto3's included, comes from) with the finder below, or acts at once when the
module is already imported.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib.abc import Loader, MetaPathFinder
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any


class _Loader(Loader):
    def __init__(self, loader: Any, callback: Callable[[], None]):
        self._loader = loader
        self._callback = callback

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        module: ModuleType | None = self._loader.create_module(spec)
        return module

    def exec_module(self, module: ModuleType) -> None:
        module.__loader__ = self._loader
        self._loader.exec_module(module)
        self._callback()


class _Finder(MetaPathFinder):
    def __init__(self, name: str, callback: Callable[[], None]):
        self.name = name
        self.callback = callback

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> ModuleSpec | None:
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        for finder in sys.meta_path:
            spec: ModuleSpec | None = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = _Loader(spec.loader, self.callback)
                return spec
        return None


def after_import(name: str, callback: Callable[[], None]) -> None:
    """Call ``callback`` once ``name`` is imported (now, if it already is)."""
    if name in sys.modules:
        callback()
        return
    if not any(isinstance(f, _Finder) and f.name == name for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder(name, callback))
