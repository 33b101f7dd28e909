"""The generator's one error."""

from __future__ import annotations


class ModelgenError(Exception):
    """The SDL does not parse or cannot be turned into models; the message says why."""
