"""The clerk's side: their body's cases and recent uploads, and the upload itself.

GET  /my                       upload form + own body's cases + recent uploads
POST /upload                   store a file (put_submission, channel web) and start its check
                               (UploadStarter); with case_id: the corrected report of a returned case
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from adapters import s3 as storage
from adapters.intake_bucket import put_submission
from adapters.logging import get_logger
from intake.roster import User
from workers.web import access, auth
from workers.web.context import WebContext
from workers.web.rendering import home, q
from workers.web.routes.uploads import UploadState, upload_state
from workflows import case_queries as cases_api
from workflows.prior_submissions import prior_submission, sha256_of
from workflows.start_document import UploadStarter

log = get_logger("workers.web")
RECENT_UPLOADS = 5
REMEMBERED_UPLOADS = 10


@dataclass
class RecentUpload:
    key: str
    name: str
    state: UploadState


async def my_page(ctx: WebContext, request: Request, user: User) -> Response:
    if user.role != "clerk":
        return RedirectResponse(home(user), status_code=303)
    rows = await cases_api.list_cases(await ctx.client(), county=user.county)
    mine = [r for r in rows if access.can_see_case(user, ctx.roster, r) and r.kind == "case"]
    mine.sort(key=lambda r: (r.year or 0, r.started or ""), reverse=True)
    uploads = [
        RecentUpload(key, key.rsplit("/", 1)[-1], await upload_state(ctx, key))
        for key in request.session.get("uploads", [])[-RECENT_UPLOADS:][::-1]
    ]
    return ctx.render(request, "my.html", cases=mine, uploads=uploads, max_mb=ctx.max_mb)


async def upload(ctx: WebContext, request: Request, user: User) -> Response:
    if user.role != "clerk":
        raise access.Forbidden("只有报送单位的账号可以上传报告。")
    form = await request.form(max_files=1, max_fields=20)
    case_id = str(form.get("case_id") or "").strip()
    extra: dict[str, str | None] = {}
    if case_id:
        case = await ctx.load_case(user, case_id)
        if not access.can_resubmit(user, case):
            raise access.Forbidden("这个案件当前不是“已退回修改”状态，不能上传修改后的报告。")
        extra[storage.META_CASE_HINT] = case_id
    f = form.get("file")
    if not isinstance(f, UploadFile) or not f.filename:
        return _upload_error(request, "请选择要上传的报告文件。")
    data = await f.read()
    if not data:
        return _upload_error(request, "文件是空的，请重新选择。")
    if len(data) > ctx.settings.max_file_bytes:
        return _upload_error(request, f"文件太大（超过 {ctx.max_mb} MB）。")
    # Asked before storing: the same bytes from the same clerk are one submission, answered.
    prior = await prior_submission(await ctx.client(), ctx.bucket, sha256_of(data), user.email)
    key = await asyncio.to_thread(
        put_submission, ctx.s3, ctx.bucket, data, f.filename, email=user.email, name=user.name, channel="web", extra=extra
    )
    log.info("web upload", login=user.login, key=key, size=len(data), case=case_id or None, duplicate_of=prior and prior.document_id)
    # The check starts now, not when MinIO's queued event arrives (0–3 s later).
    started = await UploadStarter(ctx.client, ctx.settings.temporal.task_queue, ctx.roster, ctx.s3, ctx.bucket).start(
        key, "web", case_id or None
    )
    if prior is None and started is not None and started.twin_of is not None:  # a double click: its twin came first
        prior = await prior_submission(await ctx.client(), ctx.bucket, sha256_of(data), user.email)
    remembered = [k for k in request.session.get("uploads", []) if k != key]
    request.session["uploads"] = [*remembered, key][-REMEMBERED_UPLOADS:]
    target = f"/uploads/{q(key)}"
    if prior is not None:
        target = f"/cases/{q(prior.case_id)}" if prior.case_id else target
        if not auth.wants_json(request):
            auth.flash(request, "warn", prior.line())
    if auth.wants_json(request):
        return JSONResponse({"key": key, "url": target, **({"duplicate": prior.line()} if prior else {})})
    return RedirectResponse(target, status_code=303)


def _upload_error(request: Request, message: str) -> Response:
    if auth.wants_json(request):
        return JSONResponse({"error": message}, status_code=400)
    auth.flash(request, "error", message)
    return RedirectResponse("/my", status_code=303)


def routes(ctx: WebContext) -> list[Route]:
    return [
        Route("/my", ctx.page(my_page)),
        Route("/upload", ctx.page(upload), methods=["POST"]),
    ]
