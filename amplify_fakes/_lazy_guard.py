"""The plugin's guard settings, applied when botocore arrives (see :mod:`._afterimport`).

Importing this module imports nothing of botocore: the settings wait here until
``botocore.session`` is imported, then the hook and the guard are installed in botocore's
``BUILTIN_HANDLERS`` (before any session can exist) and the settings applied.
"""

from __future__ import annotations

import importlib

from amplify_fakes._afterimport import after_import

_wanted: tuple[bool, frozenset[str]] = (False, frozenset())


def _apply() -> None:
    guard = importlib.import_module("amplify_fakes._guard")
    guard._install_guard()
    guard.AWS_GUARD.enabled, guard.AWS_GUARD.allowed_hosts = _wanted


def configure(enabled: bool, allowed_hosts: frozenset[str]) -> tuple[bool, frozenset[str]]:
    """Ask for these guard settings (now, or once botocore is imported); the previous ones."""
    global _wanted
    previous, _wanted = _wanted, (enabled, allowed_hosts)
    after_import("botocore.session", _apply)
    return previous
