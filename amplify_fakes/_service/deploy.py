"""When a resource counts as deployed: once the job that made it has COMPLETED.

A resource created, imported or cloned by a request is tracked until its job ends:
``COMPLETED`` deploys it (its ids appear in AmplifyMetaConfig, and with moto active its
user pool, bucket or API is created in moto), ``FAILED`` never does. Jobs move on the
fake's clock, so :func:`settle` runs before and after every request of the region.
"""

from __future__ import annotations

from amplify_fakes._service import jobs, moto_bridge, moto_resources
from amplify_fakes._service.context import Context
from amplify_fakes._service.state import (
    BY_KIND,
    App,
    Environment,
    Job,
    Resource,
    Rollout,
    family,
)


def track(
    ctx: Context, app: App, env: Environment, kind: str, resource: Resource, job: Job
) -> None:
    """Deploy ``resource`` when ``job`` completes (at once if it already has)."""
    resource.job_id = job.job_id
    resource.deployed = None
    resource.changed()
    rollouts = ctx.region.rollouts
    if not rollouts and job.status == jobs.COMPLETED:  # nothing deploys before it
        deploy(ctx, env, kind, resource, job.updated)
        return
    rollouts.append(Rollout(app, env, kind, resource))
    settle(ctx)


def settle(ctx: Context) -> None:
    """Deploy every tracked resource of the region whose job has completed by now.

    A rollout ends when its job completes (deployed), fails (never deployed) or its
    resource, environment or app is gone; others wait. Each leaves the list before it is
    deployed, so nothing is deployed twice.
    """
    rollouts = ctx.region.rollouts
    if not rollouts:
        return
    now = ctx.now()
    waiting: list[Rollout] = []
    done: list[tuple[Rollout, float]] = []
    for rollout in rollouts:
        if not _live(ctx, rollout):
            continue
        job = rollout.app.jobs[rollout.resource.job_id or ""]
        jobs.refresh(job, now)
        if job.status == jobs.COMPLETED:
            done.append((rollout, job.updated))
        elif job.status != jobs.FAILED:
            waiting.append(rollout)
    rollouts[:] = waiting
    for rollout, when in done:
        deploy(ctx, rollout.environment, rollout.kind, rollout.resource, when)


def _live(ctx: Context, rollout: Rollout) -> bool:
    """Whether the rollout's resource still exists where it was made, with its job."""
    app, env, resource = rollout.app, rollout.environment, rollout.resource
    return (
        ctx.region.apps.get(app.app_id) is app
        and app.environments.get(env.name) is env
        and family(env, rollout.kind).get(resource.name) is resource
        and (resource.job_id or "") in app.jobs
    )


def deploy(ctx: Context, env: Environment, kind: str, resource: Resource, when: float) -> None:
    """Mark ``resource`` deployed at ``when``; with moto active, create it there too."""
    resource.deployed = when
    resource.changed()
    if not resource.imported and moto_bridge.active():
        account = moto_bridge.moto_account(ctx.access_key)
        resource.in_moto = moto_resources.create(kind, resource, account, ctx.region_name, env.name)


def redeploy_job(ctx: Context, app: App, job: Job) -> None:
    """A job set to COMPLETED by hand (UpdateBackendJob) deploys the resources it made that
    were not deployed yet (its failure had left them undeployed)."""
    for env in app.environments.values():
        for kind in BY_KIND:
            for resource in family(env, kind).values():
                if resource.job_id == job.job_id and resource.deployed is None:
                    ctx.region.rollouts.append(Rollout(app, env, kind, resource))


def remove(ctx: Context, kind: str, resource: Resource) -> None:
    """Take down what deploying ``resource`` made in moto (called when it is deleted)."""
    if resource.in_moto is not None and moto_bridge.active():
        moto_resources.delete(kind, resource, *resource.in_moto)
    resource.in_moto = None


def remove_environment(ctx: Context, env: Environment) -> None:
    """:func:`remove` for every resource of an environment being deleted."""
    for kind in BY_KIND:
        for resource in family(env, kind).values():
            remove(ctx, kind, resource)
