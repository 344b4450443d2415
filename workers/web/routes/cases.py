"""One case: its page, its status for polling, and the reviewer's decision.

GET  /cases/{case_id}                  the case page
GET  /api/cases/{case_id}              its status as JSON (polled)
POST /cases/{case_id}/decision         approve / return / reject (the `decide` Update)
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from adapters.logging import get_logger
from annual_report.readers.text import decode_text
from intake import statuses
from intake.reminders import reminder_chain
from intake.roster import User
from intake.statuses import Status
from workers.web import access, auth, present
from workers.web.context import WebContext
from workers.web.crops import crop_url
from workers.web.rendering import q
from workers.web.routes import thread
from workflows import case_queries as cases_api
from workflows.case_queries import CaseDetail, DocumentRecord
from workflows.contracts import Decision

log = get_logger("workers.web")
DECISION_ZH = {"approve": "通过", "return": "退回修改", "reject": "不予受理"}
FINAL = (Status.APPROVED, Status.REJECTED, Status.UNREADABLE, Status.NOT_REPORT)


def version(case: CaseDetail) -> str:
    """Changes when anything on the page would: the page reloads when the API says so."""
    return f"{case.status.value}:{len(case.history)}:{len(case.submissions)}"


async def case_page(ctx: WebContext, request: Request, user: User) -> Response:
    case_id = request.path_params["case_id"]
    case = await ctx.load_case(user, case_id)
    latest = case.submissions[-1] if case.submissions else None
    report = await _report(ctx, getattr(latest, "report_key", None))
    findings = [f.model_dump(mode="json") for f in latest.findings] if latest else []
    tables, numbered = present.build_tables(report, findings, case.year)
    await _add_text_context(ctx, latest, report, numbered)
    template = ((report or {}).get("tables") or {}).get("template")
    ui = ctx.settings.temporal.ui
    temporal_link = None
    if ui and access.can_see_operator_links(user):
        temporal_link = f"{ui.rstrip('/')}/namespaces/{ctx.settings.temporal.namespace}/workflows/{q(case_id)}"
    return ctx.render(
        request,
        "case.html",
        case=case,
        is_record=isinstance(case, DocumentRecord) or case.status in statuses.RECORD_STATUSES,
        latest=latest,
        subs=case.submissions,
        report=report,
        tables=tables,
        findings=numbered,
        sections=present.sections(report),
        steps=present.steps(case.status, bool(findings)),
        audit=await _audit(ctx, case_id),
        reminders=await _audit(ctx, reminder_chain(case.year, case.county, case.organization))
        if case.year and case.county and case.organization and access.can_see_operator_links(user)
        else [],
        can_decide=access.can_decide(user, ctx.roster, case) and case.status == Status.AWAITING_REVIEW,
        can_resubmit=access.can_resubmit(user, case),
        temporal_link=temporal_link,
        change_label=lambda ch: present.change_label(ch, template),
        diff_value=present.diff_value,
        version=version(case),
        final=case.status in FINAL,
        action_zh=present.ACTION_ZH,
        audit_zh=present.AUDIT_STAGE_ZH,
        max_mb=ctx.max_mb,
        is_pdf=_is_pdf(latest),
        crop_url=lambda src: crop_url(case.case_id, getattr(latest, "seq", None), src),
        thread=thread.visible_thread(user, case),
        comment_as=thread.comment_role(user, ctx.roster, case),
        comment_nonce=thread.new_nonce(),
    )


def _is_pdf(sub: Any) -> bool:
    if sub is None or not sub.object_key:
        return False
    fmt = sub.classification.format if sub.classification else None
    return fmt == "pdf" or (sub.original_name or sub.object_key).lower().endswith(".pdf")


async def _add_text_context(ctx: WebContext, sub: Any, report: dict[str, Any] | None, findings: list[dict[str, Any]]) -> None:
    """Findings show the text around theirs ("第 240 行" alone means nothing): the lines of a
    text file around their line, or in a Word file the paragraph or table row they are about."""
    if sub is None or _is_pdf(sub):
        return
    text = await _original_text(ctx, sub) if any(f.get("line") for f in findings) else None
    for f in findings:
        if f.get("line") and text is not None:
            f["context"], f["context_label"] = present.text_context(text, f["line"]), f"原文第 {f['line']} 行附近"
        elif not f.get("line") and (paragraph := present.paragraph_context(report, f)):
            f["context"], f["context_label"] = paragraph, f"原文中的这一段（{f['position']}）" if f.get("position") else "原文中的这一段"


async def _original_text(ctx: WebContext, sub: Any) -> str | None:
    if not sub.object_key or not sub.classification or sub.classification.format != "text":
        return None
    try:
        obj = await asyncio.to_thread(ctx.s3.get_object, Bucket=ctx.bucket, Key=sub.object_key)
        return decode_text(await asyncio.to_thread(obj["Body"].read))[0]
    except Exception as exc:  # the findings still show their line numbers
        log.warning("original not readable", key=sub.object_key, error=str(exc))
        return None


async def case_api(ctx: WebContext, request: Request, user: User) -> Response:
    case = await ctx.load_case(user, request.path_params["case_id"])
    return JSONResponse(
        {
            "case_id": case.case_id,
            "status": case.status.value,
            "status_zh": statuses.label(case.status),
            "submissions": len(case.submissions),
            "version": version(case),
        }
    )


async def decision(ctx: WebContext, request: Request, user: User) -> Response:
    posted = await ctx.reviewer_form(request, user, "只有本县的审核人或县级负责人可以审核这个案件。")
    case_id, action, back, form = posted.case_id, posted.action, posted.back, posted.form
    # Browsers send textarea line breaks as CRLF; the comment is stored and mailed with \n.
    comment = str(form.get("comment") or "").replace("\r\n", "\n").strip() or None
    # The version the reviewer looked at: refused if the clerk sent a newer one meanwhile.
    seen = str(form.get("seq") or "")
    seq = int(seen) if seen.isdigit() else None
    problem = _decision_problem(action, comment)
    if problem:
        auth.flash(request, "error", problem)
        return back
    try:
        await cases_api.decide(await ctx.client(), case_id, Decision(action=action, login=user.login, comment=comment, seq=seq))
    except cases_api.DecisionRefused as exc:
        auth.flash(request, "error", f"操作未成功：{exc}")
        return back
    log.info("decision", case_id=case_id, login=user.login, action=action)
    auth.flash(request, "ok", f"已{DECISION_ZH[action]}。报送单位会收到邮件通知。")
    return back


def _decision_problem(action: str, comment: str | None) -> str | None:
    """What is missing from the form, checked before anything is sent to the workflow."""
    if action not in DECISION_ZH:
        return "请选择通过、退回修改或不予受理。"
    if action == "return" and not comment:
        return "退回修改必须填写意见，告诉报送单位要改什么。"
    if action == "reject" and not comment:
        return "不予受理必须填写理由。"
    return None


async def _report(ctx: WebContext, key: str | None) -> dict[str, Any] | None:
    if not key:
        return None
    try:
        obj = await asyncio.to_thread(ctx.s3.get_object, Bucket=ctx.bucket, Key=key)
        return json.loads(await asyncio.to_thread(obj["Body"].read))
    except Exception as exc:  # the page still shows everything else
        log.warning("report not readable", key=key, error=str(exc))
        return None


async def _audit(ctx: WebContext, case_id: str) -> list[dict[str, Any]]:
    try:
        return [r.fields() for r in await asyncio.to_thread(ctx.audit.read_chain, case_id)]
    except Exception as exc:  # the page still shows everything else
        log.warning("audit trail not readable", case_id=case_id, error=str(exc))
        return []


def routes(ctx: WebContext) -> list[Route]:
    return [
        Route("/cases/{case_id}", ctx.page(case_page)),
        Route("/api/cases/{case_id}", ctx.page(case_api)),
        Route("/cases/{case_id}/decision", ctx.page(decision), methods=["POST"]),
    ]
