"""Who has not submitted: every roster body without a case for the year, late once the
deadline has passed. Used by `intake cases --status late` and the county dashboard."""

from __future__ import annotations

from datetime import date


def body_statuses(roster, cases: list[dict], year: int, today: date, county: str | None = None) -> list[dict]:
    """One row per roster body: its case status, or not_submitted / late."""
    by_body = {(c.get("county"), c.get("organization")): c for c in cases if c.get("kind") == "case"}
    deadline = roster.deadline(year)
    rows = []
    for c in roster.counties:
        if county and c.name != county:
            continue
        for body in c.bodies:
            case = by_body.get((c.name, body.name))
            if case:
                status = case["status"]
            else:
                status = "late" if today > deadline else "not_submitted"
            rows.append(
                {
                    "case_id": case["case_id"] if case else None,
                    "organization": body.name,
                    "county": c.name,
                    "year": year,
                    "status": status,
                    "deadline": deadline.isoformat(),
                    "reviewer": case.get("reviewer") if case else None,
                    "errors": case.get("errors") if case else None,
                    "warnings": case.get("warnings") if case else None,
                }
            )
    return rows
