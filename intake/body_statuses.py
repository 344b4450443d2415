"""Who has not submitted: every roster body without a case for the year, late once the
deadline has passed. Used by `intake cases --status late` and the county dashboard."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from intake.case_summary import CaseProgress, CaseSummary
from intake.roster import Roster
from intake.statuses import DESK_STATUSES, Status

BEIJING = timezone(timedelta(hours=8))


class BodyStatus(CaseProgress):
    """One roster body for one year: its case's status, or not_submitted / late. A flat row, as
    the dashboard and `intake cases --status late --json` show it: the body, the year's
    deadline and where the body stands, with its case's progress (none: it has no case)."""

    organization: str
    county: str
    contact: str | None = None  # the body's clerks' e-mail addresses, comma-separated
    year: int
    deadline: str
    status: Status
    case_id: str | None
    submitted_at: str | None = None  # ISO time of the first submission (the case's start)
    days_late: int | None = None  # days past the deadline: of the submission, or until today


def beijing_date(iso: str) -> date:
    """The offices' calendar day (UTC+8) of a UTC ISO time: a report sent at 07:00 Beijing
    time on the day after the deadline is late, though it is still the deadline day in UTC."""
    t = datetime.fromisoformat(iso)
    return (t if t.tzinfo else t.replace(tzinfo=UTC)).astimezone(BEIJING).date()


def days_late(deadline: date, submitted: date | None, today: date) -> int | None:
    """Whole days after the deadline the report came (or, unsent, has been missing); None when
    it is not late."""
    end = submitted or today
    return (end - deadline).days if end > deadline else None


def body_statuses(roster: Roster, cases: list[CaseSummary], year: int, today: date, county: str | None = None) -> list[BodyStatus]:
    """One row per roster body: its case status, or not_submitted / late."""
    # An unverified submission naming a body is not that body's submission until matched.
    by_body = {(c.county, c.organization): c for c in cases if c.kind == "case" and c.status not in DESK_STATUSES}
    deadline = roster.deadline(year)
    rows = []
    for c in roster.counties:
        if county and c.name != county:
            continue
        for body in c.bodies:
            case = by_body.get((c.name, body.name))
            if case and case.status:
                status = case.status
            else:
                status = Status.LATE if today > deadline else Status.NOT_SUBMITTED
            submitted = beijing_date(case.started) if case and case.started else None
            rows.append(
                BodyStatus(
                    organization=body.name,
                    county=c.name,
                    contact=", ".join(body.clerk_emails) or None,
                    year=year,
                    deadline=deadline.isoformat(),
                    status=status,
                    case_id=case.case_id if case else None,
                    submitted_at=case.started if case else None,
                    days_late=days_late(deadline, submitted, today),
                    **(case.model_dump(include=set(CaseProgress.model_fields)) if case else {}),
                )
            )
    return rows
