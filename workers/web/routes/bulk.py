"""Bulk actions in the inbox: tick several cases, then claim them, assign them to a reviewer
(the head), or remind (催报) the bodies of those returned and not corrected.

    POST /inbox/bulk        action = claim | assign | remind, case (repeatable), to (assign)

Each case is acted on by itself, through the same Update (and validator) as on its own page,
so each gets its own audit record; the answer lists every case with what happened to it, so a
partial failure says which cases failed and why.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from adapters.logging import get_logger
from intake.roster import User
from intake.statuses import Status
from workers.web import access
from workers.web.context import WebContext
from workers.web.routes.reminders import county_rows, remind_rows
from workflows import case_queries as cases_api
from workflows.reminders_client import OUTCOME_ZH

log = get_logger("workers.web")
ACTION_ZH = {"claim": "认领", "assign": "分派", "remind": "催报"}
MAX_CASES = 200


@dataclass
class BulkResult:
    case_id: str
    organization: str
    ok: bool
    message: str


async def bulk(ctx: WebContext, request: Request, user: User) -> Response:
    if user.role not in ("reviewer", "head"):
        raise access.Forbidden("只有审核人和县级负责人可以批量处理案件。")
    form = await request.form()
    action = str(form.get("action") or "")
    to = str(form.get("to") or "").strip()
    case_ids = list(dict.fromkeys(str(c) for c in form.getlist("case")))[:MAX_CASES]
    back = str(form.get("back") or "/inbox")
    if not back.startswith("/inbox"):
        back = "/inbox"
    problem = _problem(action, case_ids, to)
    results = [] if problem else await _run(ctx, user, action, case_ids, to)
    for r in results:
        log.info("bulk action", action=action, case_id=r.case_id, login=user.login, ok=r.ok)
    return ctx.render(
        request,
        "bulk.html",
        action_zh=ACTION_ZH.get(action, action),
        results=results,
        problem=problem,
        failed=sum(1 for r in results if not r.ok),
        back=back,
    )


def _problem(action: str, case_ids: list[str], to: str) -> str | None:
    if action not in ACTION_ZH:
        return "请选择批量操作：认领、分派或催报。"
    if not case_ids:
        return "请先勾选要处理的案件。"
    if action == "assign" and not to:
        return "请选择分派给哪位审核人。"
    return None


async def _run(ctx: WebContext, user: User, action: str, case_ids: list[str], to: str) -> list[BulkResult]:
    results: list[BulkResult] = []
    to_remind: list[tuple[str, cases_api.CaseDetail]] = []
    for case_id in case_ids:
        try:
            case = await ctx.load_case(user, case_id)
        except (access.Forbidden, cases_api.CaseNotFound):
            results.append(BulkResult(case_id, "", False, "找不到这个案件，或您无权处理它"))
            continue
        org = case.organization or "未识别单位"
        if not access.can_decide(user, ctx.roster, case):
            results.append(BulkResult(case_id, org, False, "只有本县的审核人或县级负责人可以处理这个案件"))
        elif action == "remind":
            to_remind.append((case_id, case))
        else:
            results.append(await _update(ctx, user, action, case_id, org, to))
    if to_remind:
        results += await _remind(ctx, user, to_remind)
    order = {c: i for i, c in enumerate(case_ids)}
    return sorted(results, key=lambda r: order.get(r.case_id, 0))


async def _update(ctx: WebContext, user: User, action: str, case_id: str, org: str, to: str) -> BulkResult:
    client = await ctx.client()
    try:
        if action == "claim":
            view = await cases_api.claim(client, case_id, user.login)
        else:
            view = await cases_api.reassign(client, case_id, user.login, to)
    except cases_api.DecisionRefused as exc:
        return BulkResult(case_id, org, False, str(exc))
    who = ctx.roster.user(view.reviewer or "")
    return BulkResult(case_id, org, True, f"已{ACTION_ZH[action]}，审核人：{(who.name if who else None) or view.reviewer}")


async def _remind(ctx: WebContext, user: User, cases: list[tuple[str, cases_api.CaseDetail]]) -> list[BulkResult]:
    """Only a returned case waits for its body: its body is reminded (once per day)."""
    results, wanted = [], []
    for case_id, case in cases:
        org = case.organization or "未识别单位"
        if case.status != Status.RETURNED or not case.year:
            results.append(BulkResult(case_id, org, False, "只有“已退回修改”且尚未更正的案件可以催报"))
        else:
            wanted.append((case_id, case))
    for year in sorted({c.year for _, c in wanted if c.year}):
        rows = {r.case_id: r for r in await county_rows(ctx, user, year)}
        chosen = [rows[case_id] for case_id, c in wanted if c.year == year and case_id in rows]
        outcomes = {o.organization: o for o in await remind_rows(ctx, user, chosen)}
        for case_id, c in wanted:
            if c.year != year:
                continue
            o = outcomes.get(c.organization or "")
            if o is None:
                results.append(BulkResult(case_id, c.organization or "", False, "名单中没有这个单位，无法催报"))
            else:
                results.append(BulkResult(case_id, o.organization, o.outcome != "not_remindable", OUTCOME_ZH[o.outcome]))
    return results


def routes(ctx: WebContext) -> list[Route]:
    return [Route("/inbox/bulk", ctx.page(bulk), methods=["POST"])]
