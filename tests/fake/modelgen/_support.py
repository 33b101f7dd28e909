"""Helpers shared by the API models tests."""

from __future__ import annotations

import json
from typing import Any


def studio_parse(models: str) -> Any:
    """Read GetBackendAPIModels' ``Models`` as Amplify Studio's CLI code does.

    amplify-util-uibuilder's getAmplifyDataSchema runs
    ``model.replace(model.substring(0, model.indexOf('{') - 1), '')``, then
    ``.replace(/;/g, '')``, then ``JSON.parse``; these are the same steps in Python
    (JavaScript's ``substring`` clamps a negative end to 0, its string ``replace``
    replaces the first occurrence only).
    """
    prefix = models[: max(models.find("{") - 1, 0)]
    return json.loads(models.replace(prefix, "", 1).replace(";", ""))


def schema_js_document(models: str) -> Any:
    """The object ``schema.js`` exports, read as JavaScript would (no text removed)."""
    head, tail = "export const schema = ", ";"
    assert models.startswith(head), models[:40]
    assert models.endswith(tail), models[-40:]
    return json.loads(models[len(head) : -len(tail)])
