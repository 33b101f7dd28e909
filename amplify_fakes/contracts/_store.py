"""Loading the contract documents, once per process."""

from __future__ import annotations

import functools
import json
from typing import Any

from amplify_fakes.contracts._layout import OPENAPI_FILE, contracts_dir
from amplify_fakes.errors import UnknownOperationError


@functools.cache
def _all_documents() -> dict[str, dict[str, Any]]:
    directory = contracts_dir()
    documents: dict[str, dict[str, Any]] = {}
    for path in sorted(directory.glob("*.json")):
        if path.name == OPENAPI_FILE:  # derived from the others, not a contract
            continue
        doc = json.loads(path.read_text(encoding="utf-8"))
        documents[doc["x-amplifybackend"]["operation"]] = doc
    if not documents:
        raise FileNotFoundError(f"no contract documents in {directory.name}/")
    return documents


def operation_names() -> list[str]:
    """The operation names, sorted."""
    return sorted(_all_documents())


def documents() -> dict[str, dict[str, Any]]:
    """Every (shared, do-not-mutate) contract document, by operation name."""
    return _all_documents()


def document(operation: str) -> dict[str, Any]:
    """The (shared, do-not-mutate) contract document of one operation."""
    documents = _all_documents()
    try:
        return documents[operation]
    except KeyError:
        raise UnknownOperationError(operation, documents) from None
