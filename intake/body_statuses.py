"""Who has not submitted: every roster body without a case for the year, late once the
deadline has passed. Used by `intake cases --status late` and the county dashboard."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from intake.case_summary import CaseSummary
from intake.roster import Roster
from intake.statuses import Status


class BodyStatus(BaseModel):
    """One roster body for one year: its case's status, or not_submitted / late."""

    case_id: str | None
    organization: str
    county: str
    year: int
    status: Status
    deadline: str
    reviewer: str | None = None
    errors: int | None = None
    warnings: int | None = None


def body_statuses(roster: Roster, cases: list[CaseSummary], year: int, today: date, county: str | None = None) -> list[BodyStatus]:
    """One row per roster body: its case status, or not_submitted / late."""
    by_body = {(c.county, c.organization): c for c in cases if c.kind == "case"}
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
            rows.append(
                BodyStatus(
                    case_id=case.case_id if case else None,
                    organization=body.name,
                    county=c.name,
                    year=year,
                    status=status,
                    deadline=deadline.isoformat(),
                    reviewer=case.reviewer if case else None,
                    errors=case.errors if case else None,
                    warnings=case.warnings if case else None,
                )
            )
    return rows
