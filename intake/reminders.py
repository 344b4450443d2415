"""催报: the county reminds the bodies whose report for the year is missing (not submitted,
or returned and not corrected yet). Pure: which bodies may be reminded, the ids that make a
reminder happen once per body per day, and the mail's wording.

A reminder is its own small workflow (`workflows/reminder.py`) whose id carries the body and
the offices' calendar day: a double click, a second head or `intake remind` run twice on the
same day find the day's reminder already started and send nothing more.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from typing import Literal

from pydantic import BaseModel

from intake.body_statuses import BEIJING, BodyStatus
from intake.notices import FOOTER, Block, Facts, NoticeBase, P, register_builder
from intake.notices import day as _d
from intake.notices import greeting as _greeting
from intake.notices import link as _link
from intake.notices import report_title as _report
from intake.statuses import Status

# Not submitted (before or after the deadline) or returned and waiting for the correction.
REMINDABLE = (Status.NOT_SUBMITTED, Status.LATE, Status.RETURNED)
REMINDER_WORKFLOW = "LateReminderWorkflow"
NOTICE_KIND = "late_report"
ReminderState = Literal["sending", "sent", "already_sent", "unaddressable", "failed"]
STATE_ZH: dict[str, str] = {
    "sending": "发送中",
    "sent": "已发送",
    "already_sent": "已发送",
    "unaddressable": "无法发送：地址无效",
    "failed": "发送失败",
}


def remindable(row: BodyStatus) -> bool:
    return row.status in REMINDABLE


def office_day(now: datetime) -> date:
    """The offices' calendar day (Beijing time): one reminder per body per such day."""
    return (now if now.tzinfo else now.replace(tzinfo=UTC)).astimezone(BEIJING).date()


def reminder_chain(year: int, county: str, body: str) -> str:
    """The audit chain of a body's reminders for a year (a body without a case has no other)."""
    return f"remind-{year}-{county}-{body}"


def reminder_id(year: int, county: str, body: str, day: date) -> str:
    """The reminder workflow's id: the same body on the same day is the same reminder."""
    return f"{reminder_chain(year, county, body)}-{day:%Y%m%d}"


class ReminderStats(BaseModel):
    """What the dashboard shows of a body's reminders for the year."""

    count: int = 0
    last_at: str | None = None  # ISO time of the latest reminder
    last_by: str | None = None  # the login that sent it
    last_state: str | None = None  # ReminderState of the latest


class ReminderEntry(BaseModel):
    """One reminder as the dashboard counts it: from its audit record (kept for years) or,
    while recent, from Temporal's visibility store (which also knows how it went)."""

    reminder_id: str
    county: str
    organization: str
    at: str  # ISO time
    by: str | None = None
    state: str | None = None  # ReminderState; None: only the audit record is left


def tally(entries: list[ReminderEntry]) -> dict[tuple[str, str], ReminderStats]:
    """Per (county, body): how many reminders, the latest's time, sender and state. An entry
    seen in both sources counts once (the later one in the list wins: pass visibility last)."""
    unique = {e.reminder_id: e for e in entries}
    out: dict[tuple[str, str], ReminderStats] = {}
    for e in sorted(unique.values(), key=lambda e: e.at):
        s = out.setdefault((e.county, e.organization), ReminderStats())
        s.count += 1
        s.last_at, s.last_by, s.last_state = e.at, e.by, e.state
    return out


# ---------------------------------------------------------------------------- the mail


# The reminder's mail stays here with its wording (`register_builder`), not with the case
# mails in intake.notices.
class LateReportNotice(NoticeBase):
    """催报: to the body's clerks, from the county that is still waiting for the report."""

    kind: Literal["late_report"] = "late_report"
    organization: str
    year: int
    deadline: date
    status: Literal["not_submitted", "late", "returned"]
    days_late: int | None = None
    case_id: str | None = None  # a returned case: the case to correct
    county: str = ""
    sender_name: str | None = None  # who at the county sent the reminder


def notice_key(reminder: str) -> str:
    """The mail's idempotency key (its Message-ID): one mail per reminder."""
    return "remind/" + hashlib.sha256(reminder.encode("utf-8")).hexdigest()[:32]


def _late_report(n: LateReportNotice) -> tuple[str, list[Block]]:
    report = _report(n.organization, n.year)
    facts = [("报送单位", n.organization), ("报告年度", f"{n.year}年"), ("报送截止日期", _d(n.deadline))]
    if n.days_late:
        facts.append(("已逾期", f"{n.days_late} 天"))
    if n.case_id:
        facts.append(("案件编号", n.case_id))
    if n.sender_name:
        facts.append(("催报人", f"{n.county}　{n.sender_name}" if n.county else n.sender_name))
    if n.status == "returned":
        subject = f"【年报受理】催报：请尽快提交修改后的{report}"
        ask = f"《{report}》已退回修改，至今尚未收到更正稿。请按审核意见修改后尽快重新提交，并注明案件编号 {n.case_id}。"
    else:
        subject = f"【年报受理】催报：请尽快报送{report}"
        ask = f"截至目前，{n.county or '县政府办公室'}尚未收到《{report}》。请尽快报送。"
    blocks: list[Block] = [_greeting(n), P(ask, strong=True), Facts(facts)]
    if n.status != "returned":
        blocks.append(P("可在网上提交，或将报告作为邮件附件发送到本邮件的发件地址；支持 PDF、Word（.docx）或纯文本格式。"))
    blocks.append(P("如已报送，请忽略本邮件；如有困难，请直接回复本邮件或联系县政府办公室。"))
    return subject, [*blocks, *_link(n, "提交链接" if n.status != "returned" else "查看案件"), FOOTER]


register_builder(NOTICE_KIND, _late_report)
