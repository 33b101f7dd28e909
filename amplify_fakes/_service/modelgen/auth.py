"""``@auth`` rules with codegen's defaults filled in.

An owner rule gets ``provider: userPools``, ``ownerField: owner`` and
``identityClaim: cognito:username``; a static group rule gets ``groupClaim: cognito:groups``,
``provider: userPools`` and ``groupField: groups`` unless it lists ``groups``; every rule gets
``operations`` (default: create, update, delete, read). A dynamic group rule (one with a
``groupField``) is left out, as codegen leaves it out. Keys keep codegen's order.
"""

from __future__ import annotations

from typing import Any

from amplify_fakes._service.modelgen.errors import ModelgenError
from amplify_fakes._service.modelgen.ir import Directive, ObjectType
from amplify_fakes._service.modelgen.jsjson import truthy

DEFAULT_OPERATIONS = ("create", "update", "delete", "read")
_PROVIDER = "userPools"


def fill_defaults(models: dict[str, ObjectType]) -> None:
    """Replace each model's ``@auth`` directives by filled-in ones, moved after the others."""
    for model in models.values():
        others = [d for d in model.directives if d.name != "auth"]
        rules = [_filled(d, model) for d in model.directives if d.name == "auth"]
        model.directives = others + rules


def _filled(directive: Directive, model: ObjectType) -> Directive:
    rules = directive.arguments.get("rules")
    if not truthy(rules):
        rules = []
    elif not isinstance(rules, list):
        rules = [rules]  # GraphQL's list coercion: one rule is a list of one
    filled = []
    for rule in rules:
        if not isinstance(rule, dict):
            raise ModelgenError(f"@auth on {model.name}: a rule must be an object, not {rule!r}")
        if rule.get("allow") == "groups" and truthy(rule.get("groupField")):
            continue
        filled.append(_rule(rule))
    return Directive("auth", {**directive.arguments, "rules": filled})


def _rule(rule: dict[str, Any]) -> dict[str, Any]:
    operations = _first_truthy(
        rule.get("operations"), rule.get("mutations"), list(DEFAULT_OPERATIONS)
    )
    out: dict[str, Any]
    if rule.get("allow") == "owner":
        claim = _first_truthy(rule.get("identityClaim"), rule.get("identityField"), "username")
        out = {"provider": _PROVIDER, "ownerField": _first_truthy(rule.get("ownerField"), "owner")}
        out.update(rule)
        out["identityClaim"] = "cognito:username" if claim == "username" else claim
    elif rule.get("allow") == "groups":
        out = {"groupClaim": "cognito:groups", "provider": _PROVIDER}
        out.update(rule)
        if truthy(rule.get("groups")):
            out.pop("groupField", None)  # codegen sets it undefined: JSON leaves it out
        else:
            out["groupField"] = _first_truthy(rule.get("groupField"), "groups")
    else:
        out = dict(rule)
    out["operations"] = operations
    return out


def _first_truthy(*values: Any) -> Any:
    """JavaScript's ``a || b || c``."""
    for value in values[:-1]:
        if truthy(value):
            return value
    return values[-1]
