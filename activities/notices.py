"""From a workflow's notice request to a sent e-mail: pick the template, fill it from the
request and the roster, send it once (adapters.smtp is idempotent per notice key)."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from typing import Any, Literal, TypedDict

from adapters import reply_tokens
from adapters.settings import Settings
from adapters.smtp import send_once
from intake.notices import (
    AssignmentNotice,
    CommentNotice,
    DecisionNotice,
    DismissedNotice,
    FindingsNotice,
    ReceiptNotice,
    Recipient,
    RejectedFileNotice,
    ReminderNotice,
    ReplyReceivedNotice,
    compose,
)
from intake.reminders import LateReportNotice
from intake.roster import Roster
from workflows.contracts import NoticeRequest

Notice = (
    ReceiptNotice
    | FindingsNotice
    | DismissedNotice
    | RejectedFileNotice
    | AssignmentNotice
    | DecisionNotice
    | ReminderNotice
    | LateReportNotice
    | CommentNotice
    | ReplyReceivedNotice
)


# Who a reminder is for: the reviewer, the county head it escalates to, the clerk of a returned case.
AUDIENCE: dict[str, Literal["reviewer", "head", "clerk"]] = {"reminder": "reviewer", "escalation": "head", "clerk_reminder": "clerk"}
# Mails about a case: their Reply-To brings an answer back into the case's thread.
CASE_KINDS = {
    "receipt",
    "findings",
    "dismissed",
    "assigned",
    "decision",
    "reminder",
    "escalation",
    "clerk_reminder",
    "comment",
    "reply_received",
}


class _Common(TypedDict):
    """The fields every notice has (intake.notices.NoticeBase)."""

    key: str
    to: list[Recipient]
    date: datetime
    case_url: str | None
    reply_case: str | None


def build_notice(req: NoticeRequest, to: list[str], roster: Roster, case_url: str | None) -> Notice:
    d = req.data
    kind = req.kind
    common = _Common(
        key=req.key,
        to=[_recipient(roster, a) for a in to],
        date=datetime.fromisoformat(req.at),
        case_url=case_url,
        reply_case=req.case_id if kind in CASE_KINDS else None,
    )
    if d.unverified and kind in ("findings", "receipt", "decision", "dismissed", "reply_received"):
        common["case_url"] = None  # the sender is not known to be the body's: no link into its case
    if kind == "comment" or kind == "reply_received":
        return _thread_notice(req, roster, common)
    if kind == "receipt":
        return ReceiptNotice(
            **common,
            case_id=req.case_id,
            file_name=d.file or "",
            received_at=_dt(d.received_at or req.at),
            organization=d.organization,
            year=d.year,
        )
    if kind == "findings":
        return FindingsNotice(
            **common,
            case_id=req.case_id,
            file_name=d.file or "",
            organization=d.organization,
            year=d.year,
            findings=d.findings,
            not_in_roster=d.unverified or not d.known_body,
            received_at=_dt(d.received_at) if d.received_at else None,
            read_by_ocr=d.read_by_ocr,
        )
    if kind == "dismissed":
        return DismissedNotice(**common, case_id=req.case_id, file_name=d.file or "", reason=d.comment or "")
    if kind == "late_report":
        return late_report_notice(req, common, roster)
    if kind == "not_report" or kind == "unreadable":
        common["case_url"] = None  # no case page for a file that was not accepted
        return RejectedFileNotice(
            **common,
            kind=kind,
            record_id=req.case_id,
            file_name=d.file or "",
            reasons=[d.reason] if d.reason else [],
            reason_code=d.reason_code,
        )
    return _decision_notice(req, roster, common)


def _thread_notice(req: NoticeRequest, roster: Roster, common: _Common) -> Notice:
    """A comment to the other side, or the answer to a mailed reply."""
    d = req.data
    if req.kind == "reply_received":
        reviewer = roster.user(d.reviewer or "")
        return ReplyReceivedNotice(
            **common,
            in_reply_to=d.in_reply_to,
            case_id=req.case_id,
            reviewer_name=reviewer.name if reviewer and reviewer.name else None,
            unverified=not d.verified,
            excerpt=d.excerpt or "",
        )
    author = roster.user(d.author or "") if d.role == "reviewer" else None
    return CommentNotice(
        **common,
        case_id=req.case_id,
        organization=d.organization,
        year=d.year,
        author=(author.name if author and author.name else None) or d.author_name or d.author or "",
        author_role=(d.role or "unknown") if d.verified else "unknown",
        text=d.text or "",
        via=d.via or "web",
        unverified=not d.verified,
        unverified_reason=d.unverified_reason,
    )


def _decision_notice(req: NoticeRequest, roster: Roster, common: _Common) -> Notice:
    """Assignment, decision and reminder mails: who decided, who is waiting."""
    d, kind = req.data, req.kind
    reviewer = roster.user(d.reviewer or "")
    if kind == "assigned":
        return AssignmentNotice(
            **common,
            case_id=req.case_id,
            reviewer_name=(reviewer.name if reviewer and reviewer.name else d.reviewer or "审核人"),
            organization=d.organization or "未识别单位",
            county=d.county or "",
            year=d.year,
            errors=d.errors,
            warnings=d.warnings,
            infos=d.infos,
            not_in_roster=d.unverified or not d.known_body,
            resubmission=(d.submission - 1) if d.resubmitted else 0,
        )
    if kind == "decision":
        if d.action is None:
            raise ValueError(f"decision notice {req.key} without its action")
        return DecisionNotice(
            **common,
            case_id=req.case_id,
            decision=d.action,
            organization=d.organization,
            year=d.year,
            reviewer_name=(reviewer.name if reviewer and reviewer.name else d.reviewer or "审核人"),
            comment=d.comment,
            deadline=date.fromisoformat(d.deadline) if d.deadline and d.action == "return" else None,
        )
    if kind in AUDIENCE:
        return ReminderNotice(
            **common,
            audience=AUDIENCE[kind],
            case_id=req.case_id,
            organization=d.organization,
            year=d.year,
            waiting_since=_dt(d.waiting_since) if d.waiting_since else None,
            reviewer_name=(reviewer.name if reviewer else d.reviewer),
            deadline=date.fromisoformat(d.deadline) if d.deadline else None,
            comment=d.comment,
        )
    raise ValueError(f"unknown notice kind {kind!r}")


async def build_and_send(settings: Settings, s3: Any, roster: Roster, req: NoticeRequest, to: list[str], case_url: str | None) -> bool:
    notice = build_notice(req, to, roster, case_url)
    if notice.reply_case:  # the gateway must find the case a reply names
        await asyncio.to_thread(reply_tokens.remember, s3, settings.s3.intake_bucket, notice.reply_case)
    msg = compose(notice, settings.mail)
    return await send_once(msg, settings.mail, s3, settings.s3.intake_bucket, req.key)


def late_report_notice(req: NoticeRequest, common: _Common, roster: Roster) -> LateReportNotice:
    """催报: the body's standing for the year and who at the county reminded it."""
    d = req.data
    sender = roster.user(d.reminded_by or "")
    assert d.organization and d.year and d.deadline and d.late_status, req.key  # set by record_reminder
    return LateReportNotice(
        **{**common, "case_url": d.link},
        organization=d.organization,
        year=d.year,
        deadline=date.fromisoformat(d.deadline),
        status=d.late_status,
        days_late=d.days_late,
        case_id=req.case_id if d.late_status == "returned" else None,
        county=d.county or "",
        sender_name=(sender.name or sender.login) if sender else d.reminded_by,
    )


def _recipient(roster: Roster, address: str) -> Recipient:
    name = next((u.name for u in roster.users() if u.email == address.lower() and u.name), None)
    return Recipient(email=address, name=name)


def _dt(v: str) -> datetime:
    return datetime.fromisoformat(v)
