"""A reviewer's other actions on a case (issue 15): claim, release, reassign (head), withdraw a
decision not yet mailed, and the intake desk's match / dismiss of an unverified submission.

    POST /cases/{case_id}/act              action = claim | release | reassign | withdraw | match | dismiss

Each is a Workflow Update; its validator decides who may do it (the page only offers what
fits), and a refusal is shown with the validator's reason.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from adapters.logging import get_logger
from intake.roster import User
from workers.web import auth
from workers.web.context import WebContext
from workflows import case_queries as cases_api

log = get_logger("workers.web")
DONE_ZH = {
    "claim": "已认领",
    "release": "已释放",
    "reassign": "已改派",
    "withdraw": "已撤回决定",
    "match": "已归入报送单位的案件",
    "dismiss": "已驳回，理由已邮件告知提交人",
}


async def act(ctx: WebContext, request: Request, user: User) -> Response:
    posted = await ctx.reviewer_form(request, user, "只有本县的审核人或县级负责人可以处理这个案件。")
    case_id, action, back = posted.case_id, posted.action, posted.back
    text = {k: str(posted.form.get(k) or "").strip() for k in ("to", "body", "year", "comment")}
    if action not in DONE_ZH:
        auth.flash(request, "error", "未知的操作。")
        return back
    client = await ctx.client()
    try:
        if action == "reassign":
            await cases_api.reassign(client, case_id, user.login, text["to"])
        elif action == "match":
            year = int(text["year"]) if text["year"].isdigit() else None
            await cases_api.match_body(client, case_id, user.login, text["body"], year)
        elif action == "dismiss":
            await cases_api.dismiss(client, case_id, user.login, text["comment"])
        else:
            await getattr(cases_api, action)(client, case_id, user.login)
    except cases_api.DecisionRefused as exc:
        auth.flash(request, "error", f"操作未成功：{exc}")
        return back
    log.info("case action", case_id=case_id, login=user.login, action=action)
    auth.flash(request, "ok", DONE_ZH[action] + "。")
    return back


def routes(ctx: WebContext) -> list[Route]:
    return [Route("/cases/{case_id}/act", ctx.page(act), methods=["POST"])]
