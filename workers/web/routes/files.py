"""The submitted originals of a case.

GET  /cases/{case_id}/files/{seq}      the file of submission `seq` (PDF inline with ?inline=1)
"""

from __future__ import annotations

import asyncio
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from intake.roster import User
from workers.web.context import WebContext
from workers.web.rendering import to_int

# Uploaded bytes are never rendered as a page of our origin.
ACTIVE_TYPES = ("text/html", "xml", "javascript")


async def case_file(ctx: WebContext, request: Request, user: User) -> Response:
    case = await ctx.load_case(user, request.path_params["case_id"])
    seq = to_int(request.path_params["seq"])
    subs = case.submissions
    sub = next((s for s in subs if s.seq == seq), None) if seq else None
    if sub is None and seq == 1 and len(subs) == 1:
        sub = subs[0]  # a running document record has one submission without seq
    if sub is None or not sub.object_key:
        return ctx.error_page(request, 404, "找不到这份提交的文件。")
    obj = await asyncio.to_thread(ctx.s3.get_object, Bucket=ctx.bucket, Key=sub.object_key)
    data = await asyncio.to_thread(obj["Body"].read)
    name = sub.original_name or sub.object_key.rsplit("/", 1)[-1]
    is_pdf = data[:5] == b"%PDF-"
    inline = is_pdf and request.query_params.get("inline") == "1"
    ctype = "application/pdf" if is_pdf else (obj.get("ContentType") or "application/octet-stream")
    if any(t in ctype for t in ACTIVE_TYPES):
        ctype = "application/octet-stream"
    return Response(data, media_type=ctype, headers={"Content-Disposition": content_disposition(name, inline)})


def content_disposition(name: str, inline: bool) -> str:
    """An ASCII fallback name and the real (UTF-8) one, for every browser."""
    ascii_name = name.encode("ascii", "replace").decode().replace('"', "_").replace("?", "_")
    return f"{'inline' if inline else 'attachment'}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


def routes(ctx: WebContext) -> list[Route]:
    return [Route("/cases/{case_id}/files/{seq}", ctx.page(case_file))]
