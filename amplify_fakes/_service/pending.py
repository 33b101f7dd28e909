"""The one-pending-job rule: an app environment runs one job at a time.

The real service refuses a job-starting request while a job of the same app and backend
environment is still pending, with a ``BadRequestException`` that says so (see
docs/semantics.md for the evidence). The check runs before the handler, so a refused
request changes nothing. ``AmplifyBackendFake(one_pending_job=False)`` turns it off.
"""

from __future__ import annotations

from typing import Any

from amplify_fakes._service import jobs
from amplify_fakes._service.context import Context
from amplify_fakes._service.errors import BadRequestException
from amplify_fakes._service.state import App, Job, admin_environment

#: Operations whose job belongs to the whole app, not to the environment they name.
APP_LEVEL = frozenset({"RemoveAllBackends"})


def message(app_id: str, environment: str) -> str:
    """The service's words for a refused second job."""
    return (
        f"There is already a pending job for the requested appId: {app_id} and "
        f"backendEnvironmentName: {environment}, wait for it to complete before creating "
        "a new job."
    )


def refuse_second_job(ctx: Context, params: dict[str, Any]) -> None:
    """``BadRequestException`` if ``ctx.operation`` starts a job while one is pending.

    The new job's environment is the one the request names (CloneBackend: the source;
    CreateBackendConfig: the environment its job belongs to). An app-level job
    (RemoveAllBackends) waits for every pending job of the app, and a pending app-level
    job holds back every environment of its app.
    """
    if not ctx.settings.one_pending_job or ctx.operation not in jobs.job_starters():
        return
    app = ctx.region.apps.get(params.get("AppId", ""))
    if app is None or not app.pending:
        return
    environment: str | None
    if ctx.operation in APP_LEVEL:
        environment = None
    elif ctx.operation == "CreateBackendConfig":
        environment = admin_environment(app)
    else:
        environment = params.get("BackendEnvironmentName")
    blocking = _pending(app, ctx.now())
    for job in blocking:
        if environment is None or job.environment in (None, environment):
            raise BadRequestException(message(app.app_id, job.environment or environment or ""))


def _pending(app: App, now: float) -> list[Job]:
    """The app's jobs still IN_PROGRESS at ``now``; finished ones leave the index."""
    still = []
    for job_id, job in list(app.pending.items()):
        jobs.refresh(job, now)
        if job.status == jobs.IN_PROGRESS:
            still.append(job)
        else:
            del app.pending[job_id]
    return still
