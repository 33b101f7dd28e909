"""Small helpers the handler modules share."""

from __future__ import annotations

import copy
from typing import Any

from amplify_fakes._service.context import Context
from amplify_fakes._service.errors import BadRequestException
from amplify_fakes._service.snapshot import config_problem
from amplify_fakes._service.state import App, Environment, get_app, get_environment


def app_and_environment(ctx: Context, params: dict[str, Any]) -> tuple[App, Environment]:
    """The app and environment a request names, or NotFoundException."""
    app = get_app(ctx.region, params["AppId"])
    return app, get_environment(app, params["BackendEnvironmentName"])


def merged(base: dict[str, Any], update: dict[str, Any]) -> dict[str, Any]:
    """``update`` applied onto a copy of ``base``: objects merge, everything else replaces."""
    out = copy.deepcopy(base)
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merged(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def updated_config(
    create_operation: str, base: dict[str, Any], update: dict[str, Any]
) -> dict[str, Any]:
    """``update`` merged onto ``base``; BadRequestException if the result is not a complete
    config (as ``create_operation`` would accept it), so Get* can always answer."""
    result = merged(base, update)
    problem = config_problem(create_operation, result)
    if problem is not None:
        raise BadRequestException(f"the update leaves an incomplete resource config: {problem}")
    return result


def must_be_new(existing: dict[str, Any], name: str, kind: str, env: Environment) -> None:
    """BadRequestException if ``name`` is already taken in ``existing``."""
    if name in existing:
        raise BadRequestException(
            f"{kind} resource {name} already exists in backend environment {env.name}"
        )
