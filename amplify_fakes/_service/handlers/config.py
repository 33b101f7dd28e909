"""CreateBackendConfig, UpdateBackendConfig, RemoveBackendConfig (the Admin UI config)."""

from __future__ import annotations

from amplify_fakes._service.context import Context
from amplify_fakes._service.errors import BadRequestException, NotFoundException
from amplify_fakes._service.handlers import Params, Result, handles
from amplify_fakes._service.handlers._common import merged
from amplify_fakes._service.handlers.backends import new_environment
from amplify_fakes._service.state import App, admin_environment, get_app


def _config(app: App) -> dict[str, object]:
    if app.config is None:
        raise NotFoundException(f"Backend config not found for app {app.app_id}", "BackendConfig")
    return app.config


@handles("CreateBackendConfig")
def create_backend_config(ctx: Context, params: Params) -> Result:
    app = get_app(ctx.region, params["AppId"])
    if app.config is not None:
        raise BadRequestException(f"Backend config already exists for app {app.app_id}")
    environment = admin_environment(app)
    if environment not in app.environments:
        app.environments[environment] = new_environment(ctx.ids, ctx.now(), environment)
    app.config = {"BackendManagerAppId": params.get("BackendManagerAppId", app.app_id)}
    job = ctx.start_job(app, environment)
    return ctx.job_result(job, app.app_id, environment)


@handles("UpdateBackendConfig")
def update_backend_config(ctx: Context, params: Params) -> Result:
    app = get_app(ctx.region, params["AppId"])
    config = _config(app)
    if "LoginAuthConfig" in params:
        app.config = config = merged(config, {"LoginAuthConfig": params["LoginAuthConfig"]})
    return {"AppId": app.app_id, **merged({}, config)}


@handles("RemoveBackendConfig")
def remove_backend_config(ctx: Context, params: Params) -> Result:
    app = get_app(ctx.region, params["AppId"])
    _config(app)
    app.config = None
    return {}
