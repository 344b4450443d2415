"""Who may see and do what. Every endpoint calls these on the server; templates only hide
what these already refuse.

- clerk: the cases of their own body (county + body short name), the files they submitted;
- reviewer / head: the cases of their county; decide them (the workflow validator checks
  the same again: `CaseRef.deciders`);
- admin: everything; decides nothing (the roster's `may_decide`).
"""

from __future__ import annotations

from intake.case_summary import CaseSummary
from intake.roster import Roster, User
from intake.statuses import Status
from workflows.case_queries import CaseDetail, DocumentRecord

CaseLike = CaseDetail | CaseSummary


class Forbidden(Exception):
    """The signed-in user may not see or do this (HTTP 403)."""

    def __init__(self, message: str = "您无权查看或操作此内容。") -> None:
        super().__init__(message)
        self.message = message


def case_county(roster: Roster, case: CaseLike) -> str | None:
    """The county a case (or a document record) belongs to."""
    if case.county:
        c = roster.county(case.county)
        return c.name if c else case.county
    # A document record (unreadable / not a report): the submitter's county.
    c = roster.county_for_email(submitter_of(case))
    return c.name if c else None


def submitter_of(case: CaseLike) -> str | None:
    if isinstance(case, CaseSummary):
        return (case.submitter or "").lower() or None
    for s in case.submissions:
        if s.submitter_email:
            return s.submitter_email.lower()
    if case.history and "@" in case.history[0].actor:
        return case.history[0].actor.lower()
    return None


def is_case(case: CaseLike) -> bool:
    """A case of a body (not the record of a file that became none)."""
    if isinstance(case, CaseSummary):
        return case.kind == "case"
    return not isinstance(case, DocumentRecord)


def can_see_case(user: User, roster: Roster, case: CaseLike) -> bool:
    if user.role == "admin":
        return True
    if user.role in ("reviewer", "head"):
        county = case_county(roster, case)
        return county is not None and county == user.county
    if user.role == "clerk":
        if case.county and is_case(case) and case.organization:
            return case.county == user.county and case.organization == user.organization
        # A record without a body: only who sent it.
        return submitter_of(case) == user.email.lower()
    return False


def require_case(user: User, roster: Roster, case: CaseLike) -> None:
    if not can_see_case(user, roster, case):
        raise Forbidden("您无权查看这个案件：它不属于您所在的单位或县。")


def can_decide(user: User, roster: Roster, case: CaseLike) -> bool:
    return user.role in ("reviewer", "head") and bool(case.county) and roster.may_decide(user.login, case.county or "")


def can_resubmit(user: User, case: CaseLike) -> bool:
    return user.role == "clerk" and case.status == Status.RETURNED and case.county == user.county and case.organization == user.organization


def can_see_dashboard(user: User) -> bool:
    return user.role in ("reviewer", "head", "admin")


def can_remind(user: User, roster: Roster, county: str | None) -> bool:
    """催报: the county's reviewers and head (who decide its cases), not an admin."""
    return user.role in ("reviewer", "head") and bool(county) and roster.may_decide(user.login, county or "")


def can_see_inbox(user: User) -> bool:
    return user.role in ("reviewer", "head", "admin")


def can_see_operator_links(user: User) -> bool:
    return user.role in ("reviewer", "head", "admin")
