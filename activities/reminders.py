"""The activity of a 催报 (the reminder workflow): its audit record, naming who reminded,
when and to whom, and the notice for the mail activity (`send_notices`, the same path as
every other mail: claimed by its key, sent once, retried with backoff).

The record is written once per reminder: a retried attempt finds its record on the chain
(same reminder id) and does not write a second one.
"""

from __future__ import annotations

import asyncio

from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.audit import chain_head, record_stage
from adapters.audit_store import AuditStore
from adapters.settings import Settings
from intake.notices import address_problem
from intake.reminders import NOTICE_KIND, notice_key, reminder_chain
from intake.roster import Roster
from workflows.contracts import NoticeData, NoticeRequest
from workflows.reminder_contracts import ReminderPlan, ReminderRequest


class ReminderActivities:
    def __init__(self, settings: Settings, s3, roster: Roster) -> None:
        self.settings = settings
        self.roster = roster
        self.audit = AuditStore(s3, settings.s3.audit_bucket)

    @activity.defn(name="record_reminder")
    async def record_reminder(self, req: ReminderRequest) -> ReminderPlan:
        county = self.roster.county(req.county)
        body = next((b for b in county.bodies if b.name == req.organization), None) if county else None
        if body is None:
            raise ApplicationError(f"{req.organization} 不在{req.county}的报送单位名单中", type="UnknownBody", non_retryable=True)
        to, problems = [], []
        for address in body.clerk_emails:
            problem = address_problem(address)
            if problem:
                problems.append(f"{address}：{problem}")
            else:
                to.append(address)
        if not body.clerk_emails:
            problems.append("名单中没有该单位的联系人邮箱")
        at = req.at or activity.info().current_attempt_scheduled_time.isoformat()
        await self._record_once(req, at, to, problems)
        notice = None
        if to:
            notice = NoticeRequest(
                key=notice_key(req.reminder_id),
                kind=NOTICE_KIND,
                to=to,
                case_id=req.case_id or reminder_chain(req.year, req.county, req.organization),
                at=at,
                data=NoticeData(
                    organization=req.organization,
                    year=req.year,
                    county=req.county,
                    deadline=req.deadline,
                    late_status=req.status,
                    days_late=req.days_late,
                    reminded_by=req.by,
                    link=self._url(req),
                ),
            )
        return ReminderPlan(notice=notice, to=to, problems=problems)

    async def _record_once(self, req: ReminderRequest, at: str, to: list[str], problems: list[str]) -> None:
        chain = reminder_chain(req.year, req.county, req.organization)
        records = await asyncio.to_thread(self.audit.read_chain, chain)
        if any(r.detail.get("reminder") == req.reminder_id for r in records):
            return  # a retried attempt: the record is there
        cursor = await chain_head(self.audit, chain)
        await record_stage(
            self.audit,
            cursor,
            stage="late_reminder",
            actor=f"reviewer:{req.by}",
            at=at,
            detail={
                "reminder": req.reminder_id,
                "organization": req.organization,
                "county": req.county,
                "year": req.year,
                "status": req.status,
                "case": req.case_id,
                "to": to,
                "not_sent": problems,
            },
        )

    def _url(self, req: ReminderRequest) -> str:
        w = self.settings.web
        base = w.base_url or f"http://{w.host}:{w.port}"
        return f"{base}/cases/{req.case_id}" if req.case_id else f"{base}/my"
