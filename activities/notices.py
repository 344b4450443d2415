"""From a workflow's notice request to a sent e-mail: pick the template, fill it from the
request and the roster, send it once (adapters.smtp is idempotent per notice key)."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from typing import Any

from adapters import reply_tokens
from adapters.settings import Settings
from adapters.smtp import send_once
from annual_report.model import Finding
from intake.notices import (
    AssignmentNotice,
    CommentNotice,
    DecisionNotice,
    DismissedNotice,
    FindingsNotice,
    NoticeBase,
    ReceiptNotice,
    Recipient,
    RejectedFileNotice,
    ReminderNotice,
    ReplyReceivedNotice,
    compose,
)
from workflows.contracts import NoticeRequest

# Mails about a case: a reply to them belongs in the case's thread.
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


def build_notice(req: NoticeRequest, to: list[str], roster: Any, case_url: str | None) -> NoticeBase:
    d = req.data
    recipients = [_recipient(roster, a) for a in to]
    common: dict[str, Any] = {"key": req.key, "to": recipients, "date": datetime.fromisoformat(req.at), "case_url": case_url}
    common["reply_case"] = req.case_id if req.kind in CASE_KINDS else None
    org, year = d.get("organization"), d.get("year")
    kind = req.kind
    if d.get("unverified") and kind in ("findings", "receipt", "decision", "dismissed", "reply_received"):
        common["case_url"] = None  # the sender is not known to be the body's: no link into its case
    if kind in ("comment", "reply_received"):
        return _thread_notice(req, roster, common)
    if kind == "receipt":
        return ReceiptNotice(
            **common,
            case_id=req.case_id,
            file_name=d.get("file") or "",
            received_at=_dt(d.get("received_at") or req.at),
            organization=org,
            year=year,
        )
    if kind == "findings":
        return FindingsNotice(
            **common,
            case_id=req.case_id,
            file_name=d.get("file") or "",
            organization=org,
            year=year,
            findings=[Finding.model_validate(f) for f in d.get("findings", [])],
            not_in_roster=bool(d.get("unverified")) or not d.get("known_body", True),
            received_at=_dt(d["received_at"]) if d.get("received_at") else None,
            read_by_ocr=bool(d.get("read_by_ocr")),
        )
    if kind == "dismissed":
        return DismissedNotice(**common, case_id=req.case_id, file_name=d.get("file") or "", reason=d.get("comment") or "")
    if kind in ("not_report", "unreadable"):
        common["case_url"] = None  # no case page for a file that was not accepted
        return RejectedFileNotice(
            **common,
            kind=kind,
            record_id=req.case_id,
            file_name=d.get("file") or "",
            reasons=[r for r in [d.get("reason")] if r],
            reason_code=d.get("reason_code"),
        )
    return _decision_notice(req, roster, common)


def _thread_notice(req: NoticeRequest, roster: Any, common: dict[str, Any]) -> NoticeBase:
    """A comment to the other side, or the answer to a mailed reply."""
    d = req.data
    if req.kind == "reply_received":
        reviewer = roster.user(d.get("reviewer") or "")
        common["in_reply_to"] = d.get("in_reply_to")
        return ReplyReceivedNotice(
            **common,
            case_id=req.case_id,
            reviewer_name=reviewer.name if reviewer and reviewer.name else None,
            unverified=not d.get("verified", True),
            excerpt=d.get("excerpt") or "",
        )
    author = roster.user(d.get("author") or "") if d.get("role") == "reviewer" else None
    return CommentNotice(
        **common,
        case_id=req.case_id,
        organization=d.get("organization"),
        year=d.get("year"),
        author=(author.name if author and author.name else None) or d.get("author_name") or d.get("author") or "",
        author_role=d.get("role") if d.get("verified", True) else "unknown",
        text=d.get("text") or "",
        via=d.get("via") or "web",
        unverified=not d.get("verified", True),
        unverified_reason=d.get("unverified_reason"),
    )


def _decision_notice(req: NoticeRequest, roster: Any, common: dict[str, Any]) -> NoticeBase:
    """Assignment, decision and reminder mails: who decided, who is waiting."""
    d, kind = req.data, req.kind
    org, year = d.get("organization"), d.get("year")
    if kind == "assigned":
        reviewer = roster.user(d.get("reviewer") or "")
        return AssignmentNotice(
            **common,
            case_id=req.case_id,
            reviewer_name=(reviewer.name if reviewer and reviewer.name else d.get("reviewer") or "审核人"),
            organization=org or "未识别单位",
            county=d.get("county") or "",
            year=year,
            errors=d.get("errors", 0),
            warnings=d.get("warnings", 0),
            infos=d.get("infos", 0),
            not_in_roster=bool(d.get("unverified")) or not d.get("known_body", True),
            resubmission=(d.get("submission", 1) - 1) if d.get("resubmitted") else 0,
        )
    if kind == "decision":
        reviewer = roster.user(d.get("reviewer") or "")
        return DecisionNotice(
            **common,
            case_id=req.case_id,
            decision=d["action"],
            organization=org,
            year=year,
            reviewer_name=(reviewer.name if reviewer and reviewer.name else d.get("reviewer") or "审核人"),
            comment=d.get("comment"),
            deadline=date.fromisoformat(d["deadline"]) if d.get("deadline") and d["action"] == "return" else None,
        )
    if kind in ("reminder", "escalation", "clerk_reminder"):
        audience = {"reminder": "reviewer", "escalation": "head", "clerk_reminder": "clerk"}[kind]
        reviewer = roster.user(d.get("reviewer") or "")
        return ReminderNotice(
            **common,
            audience=audience,
            case_id=req.case_id,
            organization=org,
            year=year,
            waiting_since=_dt(d["waiting_since"]) if d.get("waiting_since") else None,
            reviewer_name=(reviewer.name if reviewer else d.get("reviewer")),
            deadline=date.fromisoformat(d["deadline"]) if d.get("deadline") else None,
            comment=d.get("comment"),
        )
    raise ValueError(f"unknown notice kind {kind!r}")


async def build_and_send(settings: Settings, s3: Any, roster: Any, req: NoticeRequest, to: list[str], case_url: str | None) -> bool:
    notice = build_notice(req, to, roster, case_url)
    if notice.reply_case:  # the gateway must find the case a reply names
        await asyncio.to_thread(reply_tokens.remember, s3, settings.s3.intake_bucket, notice.reply_case)
    msg = compose(notice, settings.mail)
    return await send_once(msg, settings.mail, s3, settings.s3.intake_bucket, req.key)


def _recipient(roster: Any, address: str) -> Recipient:
    name = next((u.name for u in roster.users() if u.email == address.lower() and u.name), None)
    return Recipient(email=address, name=name)


def _dt(v: str) -> datetime:
    return datetime.fromisoformat(v)
