"""催报 from the client side, shared by the web app and `intake remind`: start one reminder
workflow per body (once per body per office day) and list the recent ones with how they went
(the visibility store; the audit trail keeps every one for good)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel
from temporalio.client import Client
from temporalio.common import SearchAttributePair, TypedSearchAttributes, WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError

from intake.body_statuses import BodyStatus
from intake.reminders import REMINDER_WORKFLOW, ReminderEntry, office_day, remindable, reminder_id
from workflows import search_attributes as sa
from workflows.case_queries import _quote
from workflows.reminder import LateReminderWorkflow
from workflows.reminder_contracts import ReminderRequest

Outcome = Literal["started", "already_today", "not_remindable"]
OUTCOME_ZH = {"started": "已催报", "already_today": "今天已催报过，未重复发送", "not_remindable": "无需催报（已报送）"}


class RemindOutcome(BaseModel):
    organization: str
    outcome: Outcome
    reminder_id: str | None = None


async def remind(client: Client, task_queue: str, rows: list[BodyStatus], login: str, now: datetime) -> list[RemindOutcome]:
    """A reminder for each row that may be reminded; one per body per office day."""
    out = []
    for row in rows:
        if not remindable(row):
            out.append(RemindOutcome(organization=row.organization, outcome="not_remindable"))
            continue
        rid = reminder_id(row.year, row.county, row.organization, office_day(now))
        req = ReminderRequest(
            reminder_id=rid,
            year=row.year,
            county=row.county,
            organization=row.organization,
            status=row.status.value,  # REMINDABLE statuses only
            deadline=row.deadline,
            by=login,
            days_late=row.days_late,
            case_id=row.case_id,
        )
        out.append(RemindOutcome(organization=row.organization, outcome=await _start(client, task_queue, req), reminder_id=rid))
    return out


async def _start(client: Client, task_queue: str, req: ReminderRequest) -> Outcome:
    try:
        await client.start_workflow(
            LateReminderWorkflow.run,
            req,
            id=req.reminder_id,
            task_queue=task_queue,
            id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            id_conflict_policy=WorkflowIDConflictPolicy.FAIL,
            search_attributes=TypedSearchAttributes(
                [
                    SearchAttributePair(sa.ORGANIZATION, req.organization),
                    SearchAttributePair(sa.COUNTY, req.county),
                    SearchAttributePair(sa.YEAR, req.year),
                    SearchAttributePair(sa.KIND, "reminder"),
                    SearchAttributePair(sa.REVIEWER, req.by),
                    SearchAttributePair(sa.STATUS, "sending"),
                ]
            ),
            static_summary=f"催报 {req.organization} {req.year} 年度报告",
            static_details=f"县：{req.county} · 催报人：{req.by}",
        )
    except WorkflowAlreadyStartedError:
        return "already_today"
    return "started"


async def recent_reminders(client: Client, year: int, county: str | None) -> list[ReminderEntry]:
    """The reminders Temporal still keeps (its retention: the last weeks), with their state."""
    query = f"WorkflowType = '{REMINDER_WORKFLOW}' AND {sa.YEAR.name} = {int(year)}"
    if county:
        query += f" AND {sa.COUNTY.name} = {_quote(county)}"
    out = []
    async for wf in client.list_workflows(query, limit=5000):
        attrs = wf.typed_search_attributes
        body, where = attrs.get(sa.ORGANIZATION), attrs.get(sa.COUNTY)
        if body and where and wf.start_time:
            out.append(
                ReminderEntry(
                    reminder_id=wf.id,
                    county=where,
                    organization=body,
                    at=wf.start_time.isoformat(),
                    by=attrs.get(sa.REVIEWER),
                    state=attrs.get(sa.STATUS),
                )
            )
    return out
