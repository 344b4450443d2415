"""From a workflow's notice request to a sent e-mail: pick the template, fill it from the
request and the roster, send it once (adapters.smtp is idempotent per notice key)."""

from __future__ import annotations

from datetime import date, datetime

from adapters.settings import Settings
from adapters.smtp import send_once
from annual_report.model import Finding
from intake.notices import (
    AssignmentNotice,
    DecisionNotice,
    DismissedNotice,
    FindingsNotice,
    ReceiptNotice,
    Recipient,
    RejectedFileNotice,
    ReminderNotice,
    compose,
)
from intake.reminders import NOTICE_KIND, late_report_notice
from workflows.contracts import NoticeRequest


def build_notice(req: NoticeRequest, to: list[str], roster, case_url: str | None):
    d = req.data
    recipients = [_recipient(roster, a) for a in to]
    common = {"key": req.key, "to": recipients, "date": datetime.fromisoformat(req.at), "case_url": case_url}
    org, year = d.get("organization"), d.get("year")
    kind = req.kind
    if d.get("unverified") and kind in ("findings", "receipt", "decision", "dismissed"):
        common["case_url"] = None  # the sender is not known to be the body's: no link into its case
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
        )
    if kind == "dismissed":
        return DismissedNotice(**common, case_id=req.case_id, file_name=d.get("file") or "", reason=d.get("comment") or "")
    if kind == NOTICE_KIND:
        return late_report_notice(common, d, roster)
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


def _decision_notice(req: NoticeRequest, roster, common: dict):
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


async def build_and_send(settings: Settings, s3, roster, req: NoticeRequest, to: list[str], case_url: str | None) -> bool:
    notice = build_notice(req, to, roster, case_url)
    msg = compose(notice, settings.mail)
    return await send_once(msg, settings.mail, s3, settings.s3.intake_bucket, req.key)


def _recipient(roster, address: str) -> Recipient:
    name = next((u.name for u in roster.users() if u.email == address.lower() and u.name), None)
    return Recipient(email=address, name=name)


def _dt(v: str) -> datetime:
    return datetime.fromisoformat(v)
