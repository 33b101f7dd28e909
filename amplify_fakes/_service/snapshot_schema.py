"""The snapshot document's format: its JSON Schema and version (see :mod:`snapshot`)."""

from __future__ import annotations

from typing import Any

FORMAT = "amplify-fakes/snapshot"
VERSION = 2  # 2: resources carry their deployed ids, their job and when they were deployed
READABLE = (1, 2)

_TIME = {"type": "number"}
_NAMED = {"type": "object", "propertyNames": {"minLength": 1}}
_RESOURCE = {
    "type": "object",
    "required": ["config", "imported"],
    "properties": {
        "config": {"type": "object"},
        "imported": {"type": "boolean"},
        "ids": {"type": "object", "additionalProperties": {"type": "string"}},
        "job": {"type": ["string", "null"]},
        "deployed": {"type": ["number", "null"]},
    },
    "additionalProperties": False,
}
_ENVIRONMENT = {
    "type": "object",
    "required": ["created", "stackSuffix", "api", "auth", "storage", "models"],
    "additionalProperties": False,
    "properties": {
        "created": _TIME,
        "stackSuffix": {"type": "string"},
        "api": {**_NAMED, "additionalProperties": _RESOURCE},
        "auth": {**_NAMED, "additionalProperties": _RESOURCE},
        "storage": {**_NAMED, "additionalProperties": _RESOURCE},
        "models": {
            **_NAMED,
            "additionalProperties": {
                "type": "object",
                "required": ["schema", "models", "introspection"],
                "additionalProperties": False,
                "properties": {
                    k: {"type": "string"} for k in ("schema", "models", "introspection")
                },
            },
        },
    },
}
_JOB = {
    "type": "object",
    "required": [
        "jobId",
        "operation",
        "environment",
        "created",
        "updated",
        "status",
        "completesAt",
    ],
    "additionalProperties": False,
    "properties": {
        "jobId": {"type": "string", "minLength": 1},
        "operation": {"type": "string"},
        "environment": {"type": ["string", "null"]},
        "created": _TIME,
        "updated": _TIME,
        "status": {"type": "string"},
        "completesAt": {"type": ["number", "null"]},
        "error": {"type": ["string", "null"]},
        "fails": {"type": "boolean"},
        "failWith": {"type": ["string", "null"]},
    },
}
_APP = {
    "type": "object",
    "required": ["name", "environments", "config", "tokens", "jobs"],
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string"},
        "environments": {**_NAMED, "additionalProperties": _ENVIRONMENT},
        "config": {"type": ["object", "null"]},
        "tokens": {
            **_NAMED,
            "additionalProperties": {
                "type": "object",
                "required": ["challengeCode", "created", "ttl"],
                "additionalProperties": False,
                "properties": {
                    "challengeCode": {"type": "string"},
                    "created": _TIME,
                    "ttl": {"type": "integer"},
                },
            },
        },
        "jobs": {"type": "array", "items": _JOB},
    },
}
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "amplify-fakes state snapshot",
    "type": "object",
    "required": ["format", "version", "accounts"],
    "additionalProperties": False,
    "properties": {
        "format": {"const": FORMAT},
        "version": {"type": "integer"},
        "clock": {"type": ["number", "null"]},
        "accounts": {
            **_NAMED,
            "additionalProperties": {
                "type": "object",
                "required": ["buckets", "regions"],
                "additionalProperties": False,
                "properties": {
                    "buckets": {**_NAMED, "additionalProperties": _TIME},
                    "regions": {
                        **_NAMED,
                        "additionalProperties": {
                            "type": "object",
                            "required": ["apps"],
                            "additionalProperties": False,
                            "properties": {"apps": {**_NAMED, "additionalProperties": _APP}},
                        },
                    },
                },
            },
        },
    },
}
