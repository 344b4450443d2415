"""催报 from the county dashboard: one body, or every body whose report is missing.

    POST /dashboard/remind        year, body (repeatable) | all=1

Each body gets its own reminder workflow (audit record, mail to its clerks), at most once per
office day; what happened to each body is shown (flash) on the dashboard, which lists each
body's reminders (how many, the latest and how it went).
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from adapters.logging import get_logger
from intake.body_statuses import BodyStatus, body_statuses
from intake.reminders import ReminderEntry, ReminderStats, remindable, reminder_chain, tally
from intake.roster import User
from workers.web import access, auth
from workers.web.context import WebContext
from workers.web.rendering import to_int
from workflows import case_queries as cases_api
from workflows.reminders_client import RemindOutcome, recent_reminders, remind

log = get_logger("workers.web")


async def county_rows(ctx: WebContext, user: User, year: int) -> list[BodyStatus]:
    """The roster bodies of the user's county for the year (refused unless they may remind)."""
    county = user.county
    if not access.can_remind(user, ctx.roster, county):
        raise access.Forbidden("只有本县的审核人或县级负责人可以催报。")
    cases = await cases_api.list_cases(await ctx.client(), None, year, county)
    return body_statuses(ctx.roster, cases, year, date.today(), county)


async def remind_rows(ctx: WebContext, user: User, rows: list[BodyStatus]) -> list[RemindOutcome]:
    outcomes = await remind(await ctx.client(), ctx.settings.temporal.task_queue, rows, user.login, datetime.now(UTC))
    for o in outcomes:
        log.info("remind", body=o.organization, login=user.login, outcome=o.outcome)
    return outcomes


async def reminder_history(ctx: WebContext, year: int, county: str | None) -> dict[tuple[str, str], ReminderStats]:
    """Per (county, body): every reminder of the year from the audit trail (kept for years),
    with the recent ones' state from Temporal (which keeps them for its retention only)."""
    kept = await asyncio.to_thread(audited_reminders, ctx, year, county)
    return tally(kept + await recent_reminders(await ctx.client(), year, county))


def audited_reminders(ctx: WebContext, year: int, county: str | None) -> list[ReminderEntry]:
    out = []
    for c in ctx.roster.counties:
        if county and c.name != county:
            continue
        existing = set(ctx.audit.chains(f"remind-{year}-{c.name}-"))
        for body in c.bodies:
            chain = reminder_chain(year, c.name, body.name)
            if chain not in existing:
                continue
            for r in ctx.audit.read_chain(chain):
                if r.stage == "late_reminder":
                    who = r.actor.split(":", 1)[-1]
                    out.append(
                        ReminderEntry(reminder_id=str(r.detail.get("reminder")), county=c.name, organization=body.name, at=r.at, by=who)
                    )
    return out


def summary(outcomes: list[RemindOutcome]) -> list[tuple[str, str]]:
    """Flash lines (kind, text): who was reminded, who already was today, who needed none."""
    groups: dict[str, list[str]] = {}
    for o in outcomes:
        groups.setdefault(o.outcome, []).append(o.organization)
    lines = []
    if names := groups.get("started"):
        lines.append(("ok", f"已向 {len(names)} 个单位发出催报邮件：{'、'.join(names)}。"))
    if names := groups.get("already_today"):
        lines.append(("warn", f"今天已催报过，未重复发送：{'、'.join(names)}。"))
    if names := groups.get("not_remindable"):
        lines.append(("warn", f"已报送，无需催报：{'、'.join(names)}。"))
    return lines or [("warn", "没有需要催报的单位。")]


async def dashboard_remind(ctx: WebContext, request: Request, user: User) -> Response:
    form = await request.form()
    year = to_int(form.get("year")) or date.today().year - 1
    rows = await county_rows(ctx, user, year)
    if form.get("all") == "1":
        chosen = [r for r in rows if remindable(r)]
    else:
        names = {str(b) for b in form.getlist("body")}
        chosen = [r for r in rows if r.organization in names]
    for kind, text in summary(await remind_rows(ctx, user, chosen)):
        auth.flash(request, kind, text)
    return RedirectResponse(f"/dashboard?year={year}", status_code=303)


def routes(ctx: WebContext) -> list[Route]:
    return [Route("/dashboard/remind", ctx.page(dashboard_remind), methods=["POST"])]
