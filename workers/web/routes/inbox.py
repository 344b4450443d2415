"""The reviewers' inbox: the county's cases, filtered in the query string (so a filter is a
bookmark: saved filters are the browser's bookmarks of these URLs).

    GET  /inbox, /cases            status / year / scope (mine | all) / county (admin)
                                   / body (part of the body's name) / rule (a rule id the
                                   latest submission has a finding of, e.g. cell.missing)
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, timedelta

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from temporalio.client import Client

from annual_report.rules import RULES as RULE_REGISTRY
from intake.case_summary import CaseSummary
from intake.roster import User
from intake.statuses import CASE_STATUSES, RECORD_STATUSES, Status
from workers.web import access
from workers.web.context import WebContext
from workers.web.rendering import to_int
from workflows import case_queries as cases_api
from workflows.contracts import CaseView

INBOX_STATUSES = (*CASE_STATUSES, *RECORD_STATUSES)
MAX_VIEWS = 300  # cases whose waiting time is asked of their workflow
RULES = [(r.id, r.summary) for r in RULE_REGISTRY]  # the rule filter's choices


@dataclass
class InboxRow:
    case: CaseSummary
    since: str | None  # when it last became awaiting review (else when it started)
    rules: frozenset[str] = frozenset()  # rule ids of the latest submission's findings


@dataclass
class InboxFilter:
    status: str
    year: int | None
    scope: str
    county: str | None
    body: str
    rule: str

    def keeps(self, user: User, row: CaseSummary) -> bool:
        if self.scope == "mine" and user.role in ("reviewer", "head") and row.reviewer != user.login:
            return False
        return not self.body or self.body in (row.organization or "")


def inbox_filter(request: Request, user: User) -> InboxFilter:
    q = request.query_params
    county = None if user.role == "admin" else user.county
    if user.role == "admin" and q.get("county"):
        county = q.get("county")
    return InboxFilter(
        status=q.get("status", Status.AWAITING_REVIEW.value),
        year=to_int(q.get("year")),
        scope=q.get("scope", "mine" if user.role == "reviewer" else "all"),
        county=county,
        body=(q.get("body") or "").strip(),
        rule=(q.get("rule") or "").strip(),
    )


async def inbox(ctx: WebContext, request: Request, user: User) -> Response:
    if not access.can_see_inbox(user):
        raise access.Forbidden("只有审核人、县级负责人和管理员可以查看待审核案件。")
    f = inbox_filter(request, user)
    client = await ctx.client()
    cases = await cases_api.list_cases(client, f.status or None, f.year, f.county)
    cases = [r for r in cases if access.can_see_case(user, ctx.roster, r) and f.keeps(user, r)]
    rows = await asyncio.gather(*[_row(client, r, i < MAX_VIEWS) for i, r in enumerate(cases)])
    if f.rule:
        rows = [r for r in rows if f.rule in r.rules]
    rows.sort(key=lambda r: r.since or "")
    years = sorted({r.year for r in cases if r.year} | {date.today().year - 1}, reverse=True)
    return ctx.render(
        request,
        "inbox.html",
        rows=rows,
        filter=f,
        status=f.status,
        year=f.year,
        scope=f.scope,
        years=years,
        statuses=[s.value for s in INBOX_STATUSES],
        county=f.county,
        counties=[c.name for c in ctx.roster.counties],
        rules=RULES,
        county_reviewers=ctx.roster.reviewers_of(user.county, role=None) if user.county else [],
    )


async def _row(client: Client, row: CaseSummary, ask: bool) -> InboxRow:
    """The row with its waiting time and its findings' rules, from the case's `view`."""
    if not ask or row.kind != "case":
        return InboxRow(row, row.started)
    try:
        # Bounded: a case whose worker is down must not hold the inbox up.
        view = await client.get_workflow_handle(row.case_id).query("view", result_type=CaseView, rpc_timeout=timedelta(seconds=2))
    except Exception:  # the list still shows the case, with its start time
        return InboxRow(row, row.started)
    latest = view.submissions[-1] if view.submissions else None
    rules = frozenset(f.rule for f in latest.findings) if latest else frozenset()
    return InboxRow(row, view.awaiting_since or row.started, rules)


def routes(ctx: WebContext) -> list[Route]:
    return [Route("/inbox", ctx.page(inbox)), Route("/cases", ctx.page(inbox))]
