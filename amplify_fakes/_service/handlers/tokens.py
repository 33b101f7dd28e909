"""CreateToken, GetToken, DeleteToken (Admin UI challenge tokens)."""

from __future__ import annotations

import math

from amplify_fakes._service.context import Context
from amplify_fakes._service.errors import NotFoundException
from amplify_fakes._service.handlers import Params, Result, handles
from amplify_fakes._service.state import App, Token, get_app


def live_token(ctx: Context, app: App, session_id: str) -> Token:
    """The session's token, or NotFoundException if it never existed, was deleted or expired."""
    token = app.tokens.get(session_id)
    if token is None or ctx.now() >= token.created + token.ttl:
        raise NotFoundException(f"Session {session_id} not found or expired", "Token")
    return token


def describe(ctx: Context, app: App, token: Token) -> Result:
    """The token as GetToken answers it: Ttl is the whole seconds left, rounded up, so a
    live token never shows "0" and a new one shows its full lifetime."""
    remaining = max(1, math.ceil(token.created + token.ttl - ctx.now()))
    return {
        "AppId": app.app_id,
        "SessionId": token.session_id,
        "ChallengeCode": token.challenge_code,
        "Ttl": str(remaining),
    }


@handles("CreateToken")
def create_token(ctx: Context, params: Params) -> Result:
    app = get_app(ctx.region, params["AppId"])
    now = ctx.now()
    for session_id in [s for s, t in app.tokens.items() if now >= t.created + t.ttl]:
        del app.tokens[session_id]  # expired tokens are forgotten
    token = Token(
        session_id=ctx.ids.uuid(),
        challenge_code=ctx.ids.token(6, "0123456789"),
        created=now,
        ttl=ctx.settings.token_ttl,
    )
    app.tokens[token.session_id] = token
    return {**describe(ctx, app, token), "Ttl": str(token.ttl)}


@handles("GetToken")
def get_token(ctx: Context, params: Params) -> Result:
    app = get_app(ctx.region, params["AppId"])
    return describe(ctx, app, live_token(ctx, app, params["SessionId"]))


@handles("DeleteToken")
def delete_token(ctx: Context, params: Params) -> Result:
    app = get_app(ctx.region, params["AppId"])
    token = live_token(ctx, app, params["SessionId"])
    del app.tokens[token.session_id]
    return {"IsSuccess": True}
