"""The crop of the scan behind an OCR'd cell, behind the same access checks as the case page.

GET  /cases/{case_id}/crops/{seq}?page=N&box=x0,y0,x1,y1     a PNG (cached in the bucket)
"""

from __future__ import annotations

import asyncio

from botocore.exceptions import ClientError
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from intake.roster import User
from workers.web.context import WebContext
from workers.web.crops import BadCrop, CropSpec, render_crop
from workers.web.rendering import to_int

HEADERS = {"Cache-Control": "private, max-age=86400"}


async def crop(ctx: WebContext, request: Request, user: User) -> Response:
    case = await ctx.load_case(user, request.path_params["case_id"])  # the case page's checks
    seq = to_int(request.path_params["seq"])
    sub = next((s for s in case.submissions if (s.seq or 1) == seq), None)
    if sub is None or not sub.object_key:
        return ctx.error_page(request, 404, "找不到这份提交的文件。")
    try:
        spec = CropSpec.parse(request.query_params.get("page"), request.query_params.get("box"))
    except BadCrop as exc:
        return ctx.error_page(request, 400, str(exc))
    key = spec.cache_key(ctx.settings.s3.results_prefix, sub.sha256 or sub.object_key.replace("/", "_"))
    cached = await _get(ctx, key)
    if cached is not None:
        return Response(cached, media_type="image/png", headers=HEADERS)
    original = await _get(ctx, sub.object_key)
    if original is None:
        return ctx.error_page(request, 404, "找不到这份提交的文件。")
    try:
        png = await asyncio.to_thread(render_crop, original, spec)
    except BadCrop as exc:
        return ctx.error_page(request, 404, str(exc))
    await asyncio.to_thread(ctx.s3.put_object, Bucket=ctx.bucket, Key=key, Body=png, ContentType="image/png")
    return Response(png, media_type="image/png", headers=HEADERS)


async def _get(ctx: WebContext, key: str) -> bytes | None:
    try:
        obj = await asyncio.to_thread(ctx.s3.get_object, Bucket=ctx.bucket, Key=key)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
            return None
        raise
    return await asyncio.to_thread(obj["Body"].read)


def routes(ctx: WebContext) -> list[Route]:
    return [Route("/cases/{case_id}/crops/{seq}", ctx.page(crop))]
