"""Case policy: which case a checked report joins, where last year's accepted report is kept,
and what changed between two submissions. Pure: the roster and the facts in, a decision out.

A case is one reporting body's report for one year (`case-<year>-<county>-<body>`). Only a
submission whose sender the roster knows for that body joins it. Anything else (a body or
year that could not be read, a body not in the roster, a sender the roster does not know,
no sender at all, a clerk of another body) is an *unverified submission*: a case of its own
(`case-<document id>`) on the county's intake desk, until a reviewer matches it to a body or
dismisses it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field

from annual_report.model import Report
from intake.roster import Body, Roster

ACCEPTED_PREFIX = "accepted/"
UNKNOWN = "未识别"


class CaseRef(BaseModel):
    """Who and what a case is, resolved against the roster when its first document arrives."""

    case_id: str
    organization: str | None = None
    full_name: str | None = None
    county: str | None = None
    year: int | None = None
    known_body: bool = True
    # Set when the sender is a clerk of another body than the one the report names: the
    # report goes to the intake desk with a finding instead of joining that body's case.
    sender_body: str | None = None
    # False when an e-mail's sender is not proven (intake/sender_trust.py): the report waits on
    # the intake desk in a case of its own instead of joining the body's official case.
    sender_verified: bool = True
    sender_evidence: str | None = None
    deciders: list[str] = Field(default_factory=list)  # reviewer and head logins of the county
    head: str | None = None
    intake_desk: str | None = None
    clerk_emails: list[str] = Field(default_factory=list)
    reminder_after_s: int = 3 * 86400
    escalate_after_s: int = 7 * 86400
    clerk_reminder_before_s: int = 5 * 86400
    deadline: str | None = None  # ISO date the report is due
    previous_report_key: str | None = None  # last year's accepted report, for cross-year rules
    web_base: str | None = None
    temporal_ui: str | None = None
    # An unverified submission waits on the intake desk; `bodies` are what it can be matched to.
    unverified: bool = False
    unverified_reason: str | None = None
    bodies: list[str] = Field(default_factory=list)


@dataclass(frozen=True)
class Sender:
    """What the intake knows about who sent a document and through which door."""

    email: str | None
    channel: str | None = None
    case_hint: str | None = None  # a corrected file uploaded on a returned case's page
    verified: bool = True  # False: an e-mail whose sender is not proven
    evidence: str | None = None


@dataclass(frozen=True)
class ReportedBody:
    """Who and when, as the report itself says."""

    organization: str | None
    full_name: str | None
    parent: str | None
    year: int | None


def case_id_for(county: str | None, organization: str | None, year: int | None) -> str:
    """One case per reporting body and year: readable in the Temporal UI and the CLI."""
    return f"case-{year or UNKNOWN}-{county or UNKNOWN}-{organization or UNKNOWN}"


def accepted_key(county: str | None, organization: str | None, year: int) -> str:
    """Where a body's accepted report of `year` is kept: next year's cross-year baseline."""
    return f"{ACCEPTED_PREFIX}{county or UNKNOWN}/{organization or UNKNOWN}/{year}.json"


def place(roster: Roster, reported: ReportedBody, sender: Sender, document_id: str) -> CaseRef:
    """The case a checked report belongs to, with the county's reviewers and periods."""
    body = roster.find_body(reported.organization, reported.parent, sender.email)
    senders_body = roster.body_for_email(sender.email)
    mismatch = senders_body is not None and body is not None and senders_body.name != body.name
    # The body's county, else the county the report names, else the sender's, else the
    # roster's default: a body not in the roster still lands on a county's intake desk.
    county = roster.county_for(parent=reported.parent, sender_email=sender.email, body=body)
    organization: str | None = body.name if body else reported.organization
    full_name: str | None = body.official_name if body else reported.full_name
    known = body is not None
    head = roster.head_of(county.name)
    doubt = unverified_reason(roster, body, reported.year, sender, senders_body)
    return CaseRef(
        case_id=_case_id(county.name, organization, reported.year, sender, doubt, document_id),
        organization=organization,
        full_name=full_name,
        county=county.name,
        year=reported.year,
        known_body=known,
        sender_body=senders_body.name if mismatch and senders_body else None,
        sender_verified=sender.verified,
        sender_evidence=sender.evidence,
        deciders=[r.login for r in roster.reviewers_of(county.name, role=None)],
        head=head.login if head else None,
        intake_desk=roster.intake_desk(county.name).login,
        clerk_emails=list(body.clerk_emails) if body else [],
        reminder_after_s=int(county.reminder_period.total_seconds()),
        escalate_after_s=int(county.escalation_period.total_seconds()),
        clerk_reminder_before_s=int(county.clerk_reminder_before.total_seconds()),
        deadline=roster.deadline(reported.year).isoformat() if reported.year else None,
        unverified=doubt is not None,
        unverified_reason=doubt,
        bodies=[b.name for b in county.bodies] if doubt else [],
    )


def place_body(roster: Roster, body_name: str, county: str | None, year: int) -> CaseRef:
    """The official case of `body_name` for `year`: where the intake desk sends a submission
    it matched to that body."""
    body = roster.find_body(body_name, county, None)
    if body is None:
        raise KeyError(f"{body_name} 不在报送单位名单中")
    reviewer_email = next((r.email for r in roster.reviewers_of(body.county, role=None)), None)
    ref = place(
        roster,
        ReportedBody(body.name, body.official_name, body.county, year),
        Sender(email=body.clerk_emails[0] if body.clerk_emails else reviewer_email),
        document_id="matched",
    )
    return ref


def unverified_reason(roster: Roster, body: Body | None, year: int | None, sender: Sender, senders_body: Body | None) -> str | None:
    """Why a submission may not join an official case by itself, or None when it may."""
    if _web_resubmission(sender):
        return None  # the web app checked that this clerk may resubmit to that case
    if not sender.verified:
        return sender.evidence or "发件人身份未经证实"
    if body is None:
        return "报送单位未识别或不在报送单位名单中"
    if not year:
        return "报告年度未识别"
    email = (sender.email or "").strip().lower()
    if not email:
        return "没有提交人信息"
    if email in body.clerk_emails:
        return None
    if any(r.email == email for r in roster.reviewers_of(body.county, role=None)):
        return None  # the county's own reviewer filed it on the body's behalf
    if senders_body is not None:
        return f"提交人是“{senders_body.name}”的报送人员，不是“{body.name}”的"
    return "提交人不在报送单位名单中"


def _web_resubmission(sender: Sender) -> str | None:
    """The case a corrected file uploaded on a case's page names, else None."""
    if sender.case_hint and sender.channel == "web" and sender.case_hint.startswith("case-"):
        return sender.case_hint
    return None


def _case_id(county: str, organization: str | None, year: int | None, sender: Sender, doubt: str | None, document_id: str) -> str:
    if resubmitted_to := _web_resubmission(sender):
        # A corrected file uploaded on a returned case's page: the web app checked that the
        # clerk may resubmit to that case, so it joins it even if this version's title or
        # year could not be read.
        return resubmitted_to
    if organization and year and doubt is None:
        return case_id_for(county, organization, year)
    return f"case-{document_id}"


def desk_case(ref: CaseRef) -> bool:
    """A case the intake desk handles first: an unverified submission."""
    return (ref.unverified or not ref.known_body or bool(ref.sender_body) or not ref.sender_verified) and bool(ref.intake_desk)


# -- what changed between two submissions -----------------------------------------------------


class CellChange(BaseModel):
    table: str
    row: str
    column: str
    before: str | None
    after: str | None


def cell_changes(before: Report, after: Report) -> list[CellChange]:
    out: list[CellChange] = []
    for table in ("active_disclosure", "applications", "appeals"):
        a = getattr(before.tables, table) or {}
        b = getattr(after.tables, table) or {}
        for row in sorted(set(a) | set(b)):
            ca, cb = _as_dict(a.get(row)), _as_dict(b.get(row))
            for col in sorted(set(ca) | set(cb), key=str):
                va, vb = ca.get(col), cb.get(col)
                if va != vb:
                    out.append(CellChange(table=table, row=row, column=str(col), before=va, after=vb))
    return out


def _as_dict(cells: Any) -> dict[Any, str | None]:
    if cells is None:
        return {}
    items = cells.items() if isinstance(cells, dict) else enumerate(cells)
    return {k: (json.dumps(c.value, default=str) if c.value is not None else None) for k, c in items}
