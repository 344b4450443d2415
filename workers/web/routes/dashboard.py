"""The county head's view of the year: every roster body against the deadline.

GET  /dashboard, /dashboard.csv        reviewer/head (their county), admin: year (and county for the admin)
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from intake import statuses
from intake.body_statuses import BodyStatus, body_statuses
from intake.reminders import STATE_ZH, remindable
from intake.roster import User
from workers.web import access, present
from workers.web.context import WebContext
from workers.web.present import local_time
from workers.web.rendering import to_int
from workers.web.routes.reminders import reminder_history
from workflows import case_queries as cases_api

CSV_HEADER = [
    "县",
    "单位",
    "年度",
    "状态",
    "状态代码",
    "截止日期",
    "审核人",
    "错误",
    "警告",
    "案件编号",
    "提交时间",
    "逾期天数",
    "联系方式",
]
YEARS_SHOWN = 6


@dataclass
class DashboardQuery:
    year: int
    county: str | None


async def _rows(ctx: WebContext, request: Request, user: User) -> tuple[list[BodyStatus], DashboardQuery]:
    if not access.can_see_dashboard(user):
        raise access.Forbidden("只有审核人、县级负责人和管理员可以查看报送进度。")
    year = to_int(request.query_params.get("year")) or date.today().year - 1
    county = user.county if user.role != "admin" else (request.query_params.get("county") or None)
    if county is not None and ctx.roster.county(county) is None:
        raise access.Forbidden("没有这个县。")
    cases = await cases_api.list_cases(await ctx.client(), None, year, county)
    return body_statuses(ctx.roster, cases, year, date.today(), county), DashboardQuery(year, county)


async def dashboard(ctx: WebContext, request: Request, user: User) -> Response:
    rows, query = await _rows(ctx, request, user)
    counts = {s: 0 for s in present.DASHBOARD_ORDER}
    for r in rows:
        counts[r.status] = counts.get(r.status, 0) + 1
    this_year = date.today().year
    years = sorted({*range(this_year, this_year - YEARS_SHOWN, -1), query.year}, reverse=True)
    return ctx.render(
        request,
        "dashboard.html",
        rows=rows,
        year=query.year,
        county=query.county,
        counts=counts,
        deadline=ctx.roster.deadline(query.year).isoformat(),
        counties=[c.name for c in ctx.roster.counties],
        years=years,
        reminders=await reminder_history(ctx, query.year, query.county),
        can_remind=access.can_remind(user, ctx.roster, query.county),
        remindable=[r.organization for r in rows if remindable(r)],
        reminder_state_zh=STATE_ZH,
    )


async def dashboard_csv(ctx: WebContext, request: Request, user: User) -> Response:
    rows, query = await _rows(ctx, request, user)
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(CSV_HEADER)
    for r in rows:
        w.writerow(
            [
                r.county,
                r.organization,
                r.year,
                statuses.label(r.status),
                r.status.value,
                r.deadline,
                r.reviewer or "",
                _blank(r.errors),
                _blank(r.warnings),
                r.case_id or "",
                local_time(r.submitted_at) if r.submitted_at else "",
                _blank(r.days_late),
                r.contact or "",
            ]
        )
    name = f"报送进度-{query.county or '全部'}-{query.year}.csv"
    disposition = f"attachment; filename=\"report-status-{query.year}.csv\"; filename*=UTF-8''{quote(name)}"
    return Response("\ufeff" + buf.getvalue(), media_type="text/csv; charset=utf-8", headers={"Content-Disposition": disposition})


def _blank(v: object) -> str:
    return "" if v is None else str(v)


def routes(ctx: WebContext) -> list[Route]:
    return [Route("/dashboard", ctx.page(dashboard)), Route("/dashboard.csv", ctx.page(dashboard_csv))]
