"""Where the contract documents live and how they are named."""

from __future__ import annotations

from pathlib import Path

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
CONTRACT_FORMAT = 1
REST_STAGE_PREFIX = "/prod"
DISCREPANCIES_FILE = "DISCREPANCIES.md"
OPENAPI_FILE = "openapi.json"  # all operations as one OpenAPI 3.1 document

_PACKAGE = Path(__file__).resolve().parent.parent


def contract_file_name(operation: str) -> str:
    """``CreateBackendAPI`` -> ``CreateBackendAPI.json``."""
    return f"{operation}.json"


def contracts_dir() -> Path:
    """The directory holding the generated documents.

    An installed wheel carries them inside the package (``amplify_fakes/_contracts``);
    a checkout (including an editable install) reads the repository's ``contracts/``.
    """
    for candidate in (_PACKAGE / "_contracts", _PACKAGE.parent / "contracts"):
        if (candidate / DISCREPANCIES_FILE).is_file():
            return candidate
    raise FileNotFoundError(
        "amplify-fakes cannot find its contract documents: expected amplify_fakes/_contracts "
        "(installed wheel) or contracts/ beside the package (checkout). Reinstall the package, "
        "or rebuild them with `amplify-fakes contracts build --out contracts`."
    )
