"""A case's comment thread on its page: the clerk of the body and the county's reviewers
write, both see the whole thread (newest last). A mailed reply whose sender could not be
confirmed is shown to reviewers only, flagged.

    POST /cases/{case_id}/comments        text (+ nonce: a double submit is one comment)
"""

from __future__ import annotations

import uuid

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from adapters.logging import get_logger
from intake.roster import Roster, User
from workers.web import access, auth
from workers.web.context import WebContext
from workers.web.rendering import q
from workflows.case_comments import comment_id, post_comment
from workflows.case_queries import CaseDetail, CaseNotFound
from workflows.contracts import CommentRole, CommentSignal, ThreadEntry

log = get_logger("workers.web")
MAX_CHARS = 4000


def comment_role(user: User, roster: Roster, case: CaseDetail) -> CommentRole | None:
    """Who the user writes as on this case, or None when they may not write."""
    if not access.is_case(case):
        return None
    if access.can_decide(user, roster, case):
        return "reviewer"
    if user.role == "clerk" and access.can_see_case(user, roster, case) and not getattr(case, "unverified", False):
        return "clerk"
    return None


def visible_thread(user: User, case: CaseDetail) -> list[ThreadEntry]:
    thread: list[ThreadEntry] = list(getattr(case, "thread", []) or [])
    if user.role == "clerk":
        return [e for e in thread if e.verified]
    return thread


def new_nonce() -> str:
    return uuid.uuid4().hex


async def post(ctx: WebContext, request: Request, user: User) -> Response:
    case_id = request.path_params["case_id"]
    case = await ctx.load_case(user, case_id)
    role = comment_role(user, ctx.roster, case)
    if role is None:
        raise access.Forbidden("只有本县的审核人员和该单位的报送人员可以在这个案件中留言。")
    form = await request.form()
    text = str(form.get("text") or "").replace("\r\n", "\n").strip()
    back = RedirectResponse(f"/cases/{q(case_id)}#thread", status_code=303)
    if not text:
        auth.flash(request, "error", "留言不能为空。")
        return back
    if len(text) > MAX_CHARS:
        auth.flash(request, "error", f"留言太长（最多 {MAX_CHARS} 字）。")
        return back
    author = user.login if role == "reviewer" else user.email.lower()
    signal = CommentSignal(
        id=comment_id(case_id, author, str(form.get("nonce") or new_nonce())),
        author=author,
        author_name=user.name,
        role=role,
        text=text,
        via="web",
    )
    try:
        shown = await post_comment(await ctx.client(), ctx.settings.temporal.task_queue, case_id, signal)
    except CaseNotFound:
        auth.flash(request, "error", "案件不存在或已无法留言。")
        return back
    log.info("comment", case_id=case_id, login=user.login, role=role, shown=shown is not None)
    other = "报送单位" if role == "reviewer" else "审核人员"
    auth.flash(request, "ok", f"留言已发送，{other}会收到邮件通知。")
    return back


def routes(ctx: WebContext) -> list[Route]:
    return [Route("/cases/{case_id}/comments", ctx.page(post), methods=["POST"])]
