"""AmplifyBackendMachine: random operation sequences against the fake, checked by a small model."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

import boto3
from botocore import xform_name
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    MultipleResults,
    RuleBasedStateMachine,
    multiple,
    precondition,
    rule,
)

from amplify_fakes import contracts
from amplify_fakes._fake import AmplifyBackendFake
from amplify_fakes._mock import mock_amplifybackend
from amplify_fakes._strategies.build import contract_strategy

KINDS = ("API", "Auth", "Storage")
JOB_SECONDS = 5.0  # docs/semantics.md: with jobs="clock" a job takes 5 s of the fake's clock
_PAGE = contracts.schema("ListBackendJobs", "request")["properties"]["MaxResults"]
_Env = tuple[str, str]  # (app id, environment name)
_Resource = tuple[str, str, str, str]  # (kind, app id, environment, resource name)
Expected = tuple[str, str | None] | None  # (error code, NotFound resourceType), None: success
BAD_REQUEST: Expected = ("BadRequestException", None)


def bounded_settings() -> settings:
    """What every machine (and every subclass) runs unless its TestCase says otherwise:
    the current profile's settings, with 20 examples of up to 20 steps, and no explain
    phase (it multiplies the time a failure takes to report by ten)."""
    return settings(
        max_examples=20,
        stateful_step_count=20,
        deadline=None,
        phases=[phase for phase in Phase if phase is not Phase.explain],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )


def _request(operation: str) -> st.SearchStrategy[dict[str, Any]]:
    """What ``strategies.requests(operation)`` gives (valid SDK-level requests)."""
    return contract_strategy(operation, "request", "sdk")


def _any_kind(verb: str) -> st.SearchStrategy[tuple[str, dict[str, Any]]]:
    """(kind, request of ``{verb}Backend{kind}``) for any of the three resource families."""
    return st.one_of([st.tuples(st.just(kind), _request(f"{verb}Backend{kind}")) for kind in KINDS])


def _merge(base: dict[str, Any], update: dict[str, Any]) -> dict[str, Any]:
    """The documented update rule: objects merge member by member, the rest replaces."""
    out = copy.deepcopy(base)
    for key, value in update.items():
        both = isinstance(value, dict) and isinstance(out.get(key), dict)
        out[key] = _merge(out[key], value) if both else copy.deepcopy(value)
    return out


@dataclass
class _Job:
    job_id: str
    environment: str | None  # None: an app-level job, listed under every environment
    operation: str
    started: float


@dataclass
class _App:
    name: str
    #: environment -> kind -> resource name -> expected ResourceConfig
    envs: dict[str, dict[str, dict[str, dict[str, Any]]]] = field(default_factory=dict)
    jobs: list[_Job] = field(default_factory=list)


class AmplifyBackendMachine(RuleBasedStateMachine):
    """Random sequences of amplifybackend operations, checked against a small model.

    Creates, reads, updates and deletes backends, environments and API/auth/storage
    resources (requests drawn from :func:`requests`, so the contracts drive them), clones
    environments, advances a virtual clock and pages through ListBackendJobs, asserting:
    Get* returns the stored config after Create/Update (updates merge as documented in
    docs/semantics.md; an update leaving an incomplete config is a 400 that changes
    nothing); deleted things are NotFound; a job is COMPLETED once the clock passed 5 s,
    and a job-starting request while one of the app environment is pending is refused;
    pagination returns each job exactly once, oldest first; every response is valid (the
    fake runs with ``strict=True`` and each response is checked at SDK level); a failed
    request leaves the state unchanged.

    Each example gets its own fake, started in ``__init__`` and stopped in
    :meth:`teardown` (call ``super().teardown()`` if you override it); read it as
    ``self.fake`` in extra ``@invariant()`` methods. The machine reaches the service only
    through :meth:`call`, which takes an operation name and SDK-level parameters and
    returns the SDK-level response or raises botocore's ``ClientError``. To drive your own
    wrapper code instead of raw boto3, subclass and override :meth:`make_client` (called
    once per example; ``super().make_client()`` is a boto3 client bound to the fake) and
    :meth:`call`::

        class GatewayMachine(AmplifyBackendMachine):
            def make_client(self):
                return BackendGateway(super().make_client())  # your code

            def call(self, operation, **params):
                return self.client.send(operation, params)  # let ClientError through

        TestGateway = GatewayMachine.TestCase  # collected by pytest or unittest

    Runs are bounded (20 examples of up to 20 steps, subclasses too); change that with
    ``GatewayMachine.TestCase.settings = settings(max_examples=..., ...)``.
    """

    apps = Bundle("apps")
    environments = Bundle("environments")
    resources = Bundle("resources")

    def __init__(self) -> None:
        super().__init__()
        self._mock = mock_amplifybackend(strict=True, jobs="clock", clock="virtual")
        self.fake: AmplifyBackendFake = self._mock.start()
        self.model: dict[str, _App] = {}
        self.now = self.fake.clock.time()
        self.seen_jobs: list[tuple[str, str | None, str]] = []  # (app, env, job id), kept
        self.client: Any = self.make_client()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.TestCase.settings = bounded_settings()

    def teardown(self) -> None:
        self._mock.stop()

    # -- the one door to the service: override these two to drive your own code -------

    def make_client(self) -> Any:
        """The object :meth:`call` sends through (default: a boto3 client bound to the fake)."""
        return boto3.client("amplifybackend", region_name=self.fake.region)

    def call(self, operation: str, **params: Any) -> dict[str, Any]:
        """Send ``operation`` (``"CreateBackendAuth"``) with SDK-level ``params``; return the
        SDK response dict, or raise botocore's ``ClientError`` for a service error."""
        result: dict[str, Any] = getattr(self.client, xform_name(operation))(**params)
        return result

    # -- helpers ------------------------------------------------------------------------

    def send(
        self, operation: str, params: dict[str, Any], error: Expected
    ) -> dict[str, Any] | None:
        """Call, and assert the outcome the model expects: success (``error`` None, the
        response returned) or that error (code, resourceType or None; None returned)."""
        before = self.fake.snapshot() if error else None
        try:
            response = self.call(operation, **params)
        except ClientError as exc:
            failure: ClientError | None = exc
        else:
            failure = None
        if failure is not None:
            got = (failure.response["Error"]["Code"], failure.response.get("ResourceType"))
            assert error is not None, f"{operation} failed with {got}, expected success"
            assert got[0] == error[0], f"{operation} answered {got}, expected {error}"
            assert error[1] in (None, got[1]), f"{operation} answered {got}, expected {error}"
            assert self.fake.snapshot() == before, f"a failed {operation} changed the state"
            return None
        assert error is None, f"{operation} succeeded, expected {error}"
        body = {k: v for k, v in response.items() if k != "ResponseMetadata"}
        contracts.validate_response(operation, body)
        if "JobId" in body and "JobId" not in params:  # a job started (its app is modeled)
            env = params.get("BackendEnvironmentName")
            self.model[params["AppId"]].jobs.append(_Job(body["JobId"], env, operation, self.now))
            self.seen_jobs.append((params["AppId"], env, body["JobId"]))
        return body

    def missing(
        self, app_id: str, env: str | None = None, kind: str = "", name: str = ""
    ) -> Expected:
        """The NotFound the service answers for a request naming these, or None."""
        app = self.model.get(app_id)
        if app is None:
            return ("NotFoundException", "App")
        if env is not None and env not in app.envs:
            return ("NotFoundException", "BackendEnvironment")
        if env is not None and kind and name not in app.envs[env][kind]:
            return ("NotFoundException", kind)
        return None

    def busy(self, app_id: str, env: str | None) -> Expected:
        """The BadRequest the service answers a job-starting request with while a job of
        the same app environment (or of the whole app; ``env`` None: any) is pending."""
        app = self.model.get(app_id)
        for job in app.jobs if app is not None else ():
            pending = self.now < job.started + JOB_SECONDS
            if pending and (env is None or job.environment in (None, env)):
                return BAD_REQUEST
        return None

    def create_backend(self, app_id: str, request: dict[str, Any]) -> bool:
        env = request["BackendEnvironmentName"]
        error = self.busy(app_id, env)
        if error is None and app_id in self.model and env in self.model[app_id].envs:
            error = BAD_REQUEST
        if error is not None:
            self.send("CreateBackend", {**request, "AppId": app_id}, error)
            return False
        app = self.model.setdefault(app_id, _App(request["AppName"]))  # first name stays
        app.envs[env] = {kind: {} for kind in KINDS}
        return self.send("CreateBackend", {**request, "AppId": app_id}, None) is not None

    # -- backends and environments -----------------------------------------------------

    @rule(targets=(apps, environments), request=_request("CreateBackend"))
    def new_backend(self, request: dict[str, Any]) -> _Env | MultipleResults[_Env]:
        """A new app with its first environment (an app is named by the backend that made it)."""
        created = self.create_backend(request["AppId"], request)
        return (request["AppId"], request["BackendEnvironmentName"]) if created else multiple()

    @rule(target=environments, app=apps, request=_request("CreateBackend"))
    def new_environment(self, app: _Env, request: dict[str, Any]) -> _Env | MultipleResults[_Env]:
        created = self.create_backend(app[0], request)
        return (app[0], request["BackendEnvironmentName"]) if created else multiple()

    @rule(target=environments, source=environments, request=_request("CloneBackend"))
    def clone(self, source: _Env, request: dict[str, Any]) -> _Env | MultipleResults[_Env]:
        (app_id, env), target = source, request["TargetEnvironmentName"]
        error = self.busy(app_id, env) or self.missing(app_id, env)
        if error is None and target in self.model[app_id].envs:
            error = BAD_REQUEST
        params = {**request, "AppId": app_id, "BackendEnvironmentName": env}
        if self.send("CloneBackend", params, error) is None:
            return multiple()
        envs = self.model[app_id].envs
        envs[target] = copy.deepcopy(envs[env])
        return (app_id, target)

    @rule(env=environments)
    def delete_backend(self, env: _Env) -> None:
        params = {"AppId": env[0], "BackendEnvironmentName": env[1]}
        error = self.busy(*env) or self.missing(*env)
        if self.send("DeleteBackend", params, error) is not None:
            del self.model[env[0]].envs[env[1]]
        self.get_backend(env, named=True)

    @rule(app=apps, request=_request("RemoveAllBackends"))
    def remove_all_backends(self, app: _Env, request: dict[str, Any]) -> None:
        app_id = app[0]
        params = {**request, "AppId": app_id}
        error = self.busy(app_id, None) or self.missing(app_id)
        if self.send("RemoveAllBackends", params, error) is not None:
            self.model[app_id].envs.clear()
            if request.get("CleanAmplifyApp"):  # the app goes too, with its jobs
                del self.model[app_id]
        self.get_backend(app, named=False)

    @rule(env=environments, named=st.booleans())
    def get_backend(self, env: _Env, named: bool) -> None:
        """GetBackend of an app, or of one of its environments (NotFound once deleted)."""
        params = {"AppId": env[0], **({"BackendEnvironmentName": env[1]} if named else {})}
        body = self.send("GetBackend", params, self.missing(env[0], env[1] if named else None))
        if body is not None:
            app = self.model[env[0]]
            assert (body["AppName"], body["BackendEnvironmentList"]) == (app.name, list(app.envs))
            shown = env[1] if named else next(iter(app.envs), None)
            assert body.get("BackendEnvironmentName") == shown, body

    # -- resources: every change is read back at once, and by get_resource later ------------

    @rule(target=resources, env=environments, create=_any_kind("Create"))
    def create_resource(
        self, env: _Env, create: tuple[str, dict[str, Any]]
    ) -> _Resource | MultipleResults[_Resource]:
        (kind, request), name = create, create[1]["ResourceName"]
        resource = (kind, *env, name)
        error = self.busy(*env) or self.missing(*env)
        if error is None and name in self.model[env[0]].envs[env[1]][kind]:
            error = BAD_REQUEST
        params = {**request, **self.ids(resource)}
        created = self.send(f"CreateBackend{kind}", params, error) is not None
        if created:
            self.model[env[0]].envs[env[1]][kind][name] = copy.deepcopy(request["ResourceConfig"])
        self.read(resource)
        return resource if created else multiple()

    @rule(resource=resources, data=st.data())
    def get_resource(self, resource: _Resource, data: st.DataObject) -> None:
        self.read(resource, data.draw(_request(f"GetBackend{resource[0]}"), label="request"))

    @rule(resource=resources, data=st.data())
    def update_resource(self, resource: _Resource, data: st.DataObject) -> None:
        kind, app_id, env, name = resource
        request = data.draw(_request(f"UpdateBackend{kind}"), label=f"UpdateBackend{kind}")
        error, merged = self.busy(app_id, env) or self.missing(app_id, env, kind, name), {}
        if error is None:
            stored = self.model[app_id].envs[env][kind][name]
            if kind == "Storage":  # Permissions are replaced whole
                stored = {k: v for k, v in stored.items() if k != "Permissions"}
            merged = _merge(stored, request.get("ResourceConfig", {}))
            as_create = {**self.ids(resource), "ResourceConfig": merged}
            try:  # an update must leave a config that Create would accept
                contracts.validate_request(f"CreateBackend{kind}", as_create)
            except contracts.ContractViolation:
                error = BAD_REQUEST
        if self.send(f"UpdateBackend{kind}", {**request, **self.ids(resource)}, error) is not None:
            self.model[app_id].envs[env][kind][name] = merged
        self.read(resource)

    @rule(resource=resources, data=st.data())
    def delete_resource(self, resource: _Resource, data: st.DataObject) -> None:
        kind, app_id, env, name = resource
        request = data.draw(_request(f"DeleteBackend{kind}"), label=f"DeleteBackend{kind}")
        error = self.busy(app_id, env) or self.missing(app_id, env, kind, name)
        if self.send(f"DeleteBackend{kind}", {**request, **self.ids(resource)}, error) is not None:
            del self.model[app_id].envs[env][kind][name]
        self.read(resource)

    def ids(self, resource: _Resource) -> dict[str, str]:
        _kind, app_id, env, name = resource
        return {"AppId": app_id, "BackendEnvironmentName": env, "ResourceName": name}

    def read(self, resource: _Resource, request: dict[str, Any] | None = None) -> None:
        """Get the resource and compare its config with the model's (or expect NotFound)."""
        kind, app_id, env, name = resource
        params = {**(request or {}), **self.ids(resource)}
        body = self.send(f"GetBackend{kind}", params, self.missing(app_id, env, kind, name))
        if body is None:
            return
        expected, actual = self.model[app_id].envs[env][kind][name], dict(body["ResourceConfig"])
        if kind == "Storage":
            assert actual.pop("Imported") is False, body
            if "BucketName" not in expected:  # the service generated one
                assert isinstance(actual.pop("BucketName"), str), body
        assert actual == expected, f"GetBackend{kind} {name}: {actual} != {expected}"

    # -- clock and jobs ----------------------------------------------------------------

    @rule(seconds=st.integers(1, 6))
    def advance_clock(self, seconds: int) -> None:
        self.fake.clock.advance(seconds)
        self.now += seconds

    def expected_status(self, job: _Job) -> str:
        return "COMPLETED" if self.now >= job.started + JOB_SECONDS else "IN_PROGRESS"

    @precondition(lambda self: self.seen_jobs)
    @rule(data=st.data(), request=_request("GetBackendJob"))
    def get_job(self, data: st.DataObject, request: dict[str, Any]) -> None:
        app_id, env, job_id = data.draw(st.sampled_from(self.seen_jobs), label="job")
        env = env or request["BackendEnvironmentName"]  # app-level jobs show under any name
        jobs = {j.job_id: j for j in self.model[app_id].jobs} if app_id in self.model else {}
        error = self.missing(app_id) or (None if job_id in jobs else ("NotFoundException", "Job"))
        params = {"AppId": app_id, "BackendEnvironmentName": env, "JobId": job_id}
        body = self.send("GetBackendJob", params, error)
        if body is not None:
            job = jobs[job_id]
            assert (body["Operation"], body["Status"]) == (job.operation, self.expected_status(job))

    @rule(env=environments, page=st.integers(_PAGE["minimum"], _PAGE["maximum"]))
    def list_jobs(self, env: _Env, page: int) -> None:
        app_id, env_name = env
        error = self.missing(app_id)
        params: dict[str, Any] = {"AppId": app_id, "BackendEnvironmentName": env_name}
        listed: list[dict[str, Any]] = []
        for _ in range(len(self.seen_jobs) // page + 2):
            body = self.send("ListBackendJobs", {**params, "MaxResults": page}, error)
            if body is None:
                return
            assert len(body["Jobs"]) <= page
            listed += body["Jobs"]
            if "NextToken" not in body:
                break
            params["NextToken"] = body["NextToken"]
        else:
            raise AssertionError("ListBackendJobs kept answering a NextToken")
        jobs = [j for j in self.model[app_id].jobs if j.environment in (env_name, None)]
        assert [j["JobId"] for j in listed] == [j.job_id for j in jobs], "not each job once"
        assert [j["Status"] for j in listed] == [self.expected_status(j) for j in jobs]


AmplifyBackendMachine.TestCase.settings = bounded_settings()
