"""The reviewers' inbox: the county's cases, filtered in the query string.

    GET  /inbox, /cases            status / year / scope (mine | all) / county (admin)
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, timedelta

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from temporalio.client import Client

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


@dataclass
class InboxRow:
    case: CaseSummary
    since: str | None  # when it last became awaiting review (else when it started)


async def inbox(ctx: WebContext, request: Request, user: User) -> Response:
    if not access.can_see_inbox(user):
        raise access.Forbidden("只有审核人、县级负责人和管理员可以查看待审核案件。")
    q = request.query_params
    status = q.get("status", Status.AWAITING_REVIEW.value)
    year = to_int(q.get("year"))
    scope = q.get("scope", "mine" if user.role == "reviewer" else "all")
    county = None if user.role == "admin" else user.county
    if user.role == "admin" and q.get("county"):
        county = q.get("county")
    client = await ctx.client()
    cases = await cases_api.list_cases(client, status or None, year, county)
    cases = [r for r in cases if access.can_see_case(user, ctx.roster, r)]
    if scope == "mine" and user.role in ("reviewer", "head"):
        cases = [r for r in cases if r.reviewer == user.login]
    # Waiting time counts from when the case last became awaiting review.
    since = await asyncio.gather(*[_awaiting_since(client, r) for r in cases[:MAX_VIEWS]])
    rows = [InboxRow(r, s or r.started) for r, s in zip(cases, [*since, *[None] * len(cases)], strict=False)]
    rows.sort(key=lambda r: r.since or "")
    years = sorted({r.year for r in cases if r.year} | {date.today().year - 1}, reverse=True)
    return ctx.render(request, "inbox.html", rows=rows, status=status, year=year, scope=scope, years=years,
                      statuses=[s.value for s in INBOX_STATUSES], counties=[c.name for c in ctx.roster.counties],
                      county=county)


async def _awaiting_since(client: Client, row: CaseSummary) -> str | None:
    if row.kind != "case" or not row.running:
        return None
    try:
        # Bounded: a case whose worker is down must not hold the inbox up.
        view = await client.get_workflow_handle(row.case_id).query("view", result_type=CaseView,
                                                                    rpc_timeout=timedelta(seconds=2))
    except Exception:  # noqa: BLE001 — the list still shows the case, with its start time
        return None
    return view.awaiting_since


def routes(ctx: WebContext) -> list[Route]:
    return [Route("/inbox", ctx.page(inbox)), Route("/cases", ctx.page(inbox))]
