"""ListS3Buckets: moto's S3 buckets when moto is active, else the fake's own registry."""

from __future__ import annotations

from amplify_fakes._service import moto_bridge
from amplify_fakes._service.clock import isoformat
from amplify_fakes._service.context import Context
from amplify_fakes._service.handlers import Params, Result, handles

PAGE = 100


@handles("ListS3Buckets")
def list_s3_buckets(ctx: Context, params: Params) -> Result:
    found = moto_bridge.buckets(ctx.access_key)
    buckets = sorted((found if found is not None else ctx.buckets).items())
    scope = {"account": ctx.account, "op": "ListS3Buckets"}
    start = ctx.paginator.position(params["NextToken"], scope) if "NextToken" in params else 0
    page = buckets[start : start + PAGE]
    out: Result = {"Buckets": [{"Name": name, "CreationDate": isoformat(t)} for name, t in page]}
    if start + PAGE < len(buckets):
        out["NextToken"] = ctx.paginator.issue(scope, start + PAGE)
    return out
