"""GetBackendJob, UpdateBackendJob, ListBackendJobs."""

from __future__ import annotations

from amplify_fakes._service import deploy, jobs
from amplify_fakes._service.context import Context
from amplify_fakes._service.handlers import Params, Result, handles
from amplify_fakes._service.state import Job, get_app, get_job

DEFAULT_PAGE = 25


@handles("GetBackendJob")
def get_backend_job(ctx: Context, params: Params) -> Result:
    app = get_app(ctx.region, params["AppId"])
    env = params["BackendEnvironmentName"]
    job = jobs.refresh(get_job(app, env, params["JobId"]), ctx.now())
    return jobs.describe(job, app.app_id, env)


@handles("UpdateBackendJob")
def update_backend_job(ctx: Context, params: Params) -> Result:
    app = get_app(ctx.region, params["AppId"])
    env = params["BackendEnvironmentName"]
    job = jobs.refresh(get_job(app, env, params["JobId"]), ctx.now())
    if "Operation" in params:
        job.operation = params["Operation"]
    if "Status" in params:
        job.status = params["Status"]
        job.completes_at = None  # a status set by hand is not advanced by the clock
        if job.status == jobs.IN_PROGRESS:
            app.pending[job.job_id] = job
        elif job.status == jobs.COMPLETED:
            deploy.redeploy_job(ctx, app, job)
    if "Operation" in params or "Status" in params:
        job.updated = ctx.now()
    return jobs.describe(job, app.app_id, env)


@handles("ListBackendJobs")
def list_backend_jobs(ctx: Context, params: Params) -> Result:
    app = get_app(ctx.region, params["AppId"])
    env = params["BackendEnvironmentName"]
    filters = {k: params[k] for k in ("JobId", "Operation", "Status") if k in params}
    scope = {
        "op": "ListBackendJobs",
        "account": ctx.account,
        "region": ctx.region_name,
        "app": app.app_id,
        "env": env,
        "filters": filters,
    }
    start = ctx.paginator.position(params["NextToken"], scope) if "NextToken" in params else 0
    limit = params.get("MaxResults", DEFAULT_PAGE)
    now = ctx.now()
    ordered = app.job_order
    wanted = [(_FIELD[k], v) for k, v in filters.items()]
    page: list[Job] = []
    position = start
    while position < len(ordered) and len(page) < limit:
        job = ordered[position]
        position += 1
        if job.environment is not None and job.environment != env:
            continue
        if job.status == jobs.IN_PROGRESS:
            jobs.refresh(job, now)
        if not wanted or all(getattr(job, field) == value for field, value in wanted):
            page.append(job)
    out: Result = {"Jobs": jobs.describe_all(page, app.app_id, env)}
    if position < len(ordered):
        out["NextToken"] = ctx.paginator.issue(scope, position)
    return out


_FIELD = {"JobId": "job_id", "Operation": "operation", "Status": "status"}
