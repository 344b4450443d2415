"""Following a fresh upload: received (no workflow yet) → checking → its case or record.

GET  /uploads/{key}            the upload's page (polls the API, then moves on to its case)
GET  /api/uploads/{key}        the same as JSON
"""

from __future__ import annotations

import asyncio
from dataclasses import asdict, dataclass
from typing import Literal

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from temporalio.client import WorkflowExecutionStatus
from temporalio.service import RPCError

from adapters import s3 as storage
from adapters.intake_bucket import INBOX_PREFIX
from adapters.object_identity import identify
from intake import statuses
from intake.roster import User
from workers.web import access
from workers.web.context import WebContext
from workers.web.rendering import q
from workflows.contracts import DocumentResult

UploadStep = Literal["missing", "received", "checking", "failed", "done"]


@dataclass
class UploadState:
    """Where an uploaded file is: its step and the words the clerk reads; once a workflow has
    it, its document's workflow id; when done, its status and the case (or record) it is in."""

    state: UploadStep
    label: str
    document: str | None = None
    status: str | None = None
    case_id: str | None = None

    @property
    def url(self) -> str | None:
        """The page of the case (or record) the file ended in."""
        return f"/cases/{q(self.case_id)}" if self.case_id else None

    def json(self) -> dict[str, str]:
        known = {k: v for k, v in asdict(self).items() if v is not None}
        return known | ({"url": self.url} if self.url else {})


@dataclass
class UploadInfo:
    etag: str
    meta: dict[str, str]


async def owned_upload(ctx: WebContext, user: User, key: str) -> UploadInfo:
    """The object's metadata, when the user may follow it: its submitter, or an admin."""
    if not key.startswith(INBOX_PREFIX):
        raise access.Forbidden()
    try:
        head = await asyncio.to_thread(ctx.s3.head_object, Bucket=ctx.bucket, Key=key)
    except Exception:  # missing object, or no access: same answer
        raise access.Forbidden("找不到这个上传的文件，或您无权查看。") from None
    meta = storage.decode_metadata(head.get("Metadata") or {})
    submitter = (meta.get(storage.META_SUBMITTER_EMAIL) or "").lower()
    if user.role != "admin" and submitter != user.email.lower():
        raise access.Forbidden("这个文件不是您提交的。")
    return UploadInfo(etag=head["ETag"].strip('"'), meta=meta)


async def upload_state(ctx: WebContext, key: str, etag: str | None = None) -> UploadState:
    """received (no workflow yet) → checking → done (with its case or record)."""
    client = await ctx.client()
    try:  # the workflow id is the content's (the store's sha256 and the submitter), not the ETag's
        wf_id = (await asyncio.to_thread(identify, ctx.s3, ctx.bucket, key)).workflow_id
    except Exception:  # gone or unreadable: the same answer to the clerk
        return UploadState("missing", "找不到文件")
    handle = client.get_workflow_handle(wf_id, result_type=DocumentResult)
    try:
        desc = await handle.describe()
    except RPCError:
        return UploadState("received", "已收到，等待检查", wf_id)
    if desc.status == WorkflowExecutionStatus.RUNNING:
        return UploadState("checking", "检查中", wf_id)
    if desc.status != WorkflowExecutionStatus.COMPLETED:
        return UploadState("failed", "处理中断，请联系管理员", wf_id)
    result = await handle.result()
    target = result.case_id or wf_id
    label = statuses.label(result.status) if result.status != statuses.Status.CHECKED else "检查完成"
    return UploadState("done", label, wf_id, status=result.status.value, case_id=target)


async def upload_page(ctx: WebContext, request: Request, user: User) -> Response:
    key = request.path_params["key"]
    info = await owned_upload(ctx, user, key)
    state = await upload_state(ctx, key, info.etag)
    name = info.meta.get(storage.META_ORIGINAL_NAME) or key.rsplit("/", 1)[-1]
    return ctx.render(request, "upload.html", key=key, name=name, state=state, received_at=info.meta.get(storage.META_RECEIVED_AT))


async def upload_api(ctx: WebContext, request: Request, user: User) -> Response:
    key = request.path_params["key"]
    info = await owned_upload(ctx, user, key)
    return JSONResponse((await upload_state(ctx, key, info.etag)).json())


def routes(ctx: WebContext) -> list[Route]:
    return [
        Route("/uploads/{key:path}", ctx.page(upload_page)),
        Route("/api/uploads/{key:path}", ctx.page(upload_api)),
    ]
