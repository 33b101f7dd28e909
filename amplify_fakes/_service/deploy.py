"""When a resource counts as deployed: once the job that made it has COMPLETED.

A resource created, imported or cloned by a request is tracked until its job ends:
``COMPLETED`` deploys it (its ids appear in AmplifyMetaConfig, and with moto active its
user pool, bucket or API is created in moto), ``FAILED`` never does. Jobs move on the
fake's clock, so :func:`settle` runs before and after every request of the region.
"""

from __future__ import annotations

from amplify_fakes._service import jobs, moto_bridge, moto_resources
from amplify_fakes._service.context import Context
from amplify_fakes._service.state import App, Environment, Job, Resource, Rollout


def track(
    ctx: Context, app: App, env: Environment, kind: str, resource: Resource, job: Job
) -> None:
    """Deploy ``resource`` when ``job`` completes (at once if it already has)."""
    resource.job_id = job.job_id
    resource.deployed = None
    resource.changed()
    ctx.region.rollouts.append(Rollout(app, env, kind, resource))
    settle(ctx)


def settle(ctx: Context) -> None:
    """Deploy every tracked resource of the region whose job has completed by now."""
    rollouts = ctx.region.rollouts
    if not rollouts:
        return
    now = ctx.now()
    waiting: list[Rollout] = []
    for rollout in rollouts:
        resource = rollout.resource
        live = _family(rollout.environment, rollout.kind).get(resource.name)
        job = rollout.app.jobs.get(resource.job_id or "")
        if live is not resource or job is None:
            continue  # deleted meanwhile (or its app is gone)
        jobs.refresh(job, now)
        if job.status == jobs.COMPLETED:
            deploy(ctx, rollout.environment, rollout.kind, resource, job.updated)
        elif job.status != jobs.FAILED:
            waiting.append(rollout)
    rollouts[:] = waiting


def deploy(ctx: Context, env: Environment, kind: str, resource: Resource, when: float) -> None:
    """Mark ``resource`` deployed at ``when``; with moto active, create it there too."""
    resource.deployed = when
    resource.changed()
    if not resource.imported and moto_bridge.active():
        account = moto_bridge.moto_account(ctx.access_key)
        resource.in_moto = moto_resources.create(kind, resource, account, ctx.region_name, env.name)


def remove(ctx: Context, kind: str, resource: Resource) -> None:
    """Take down what deploying ``resource`` made in moto (called when it is deleted)."""
    if resource.in_moto and moto_bridge.active():
        account = moto_bridge.moto_account(ctx.access_key)
        moto_resources.delete(kind, resource, account, ctx.region_name)
    resource.in_moto = False


def remove_environment(ctx: Context, env: Environment) -> None:
    """:func:`remove` for every resource of an environment being deleted."""
    for kind in _KINDS:
        for resource in _family(env, kind).values():
            remove(ctx, kind, resource)


_KINDS = {"API": "apis", "Auth": "auths", "Storage": "storages"}


def _family(env: Environment, kind: str) -> dict[str, Resource]:
    found: dict[str, Resource] = getattr(env, _KINDS[kind])
    return found
