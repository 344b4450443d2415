"""Who may see and do what. Every endpoint calls these on the server; templates only hide
what these already refuse.

- clerk: the cases of their own body (county + body short name), the files they submitted;
- reviewer / head: the cases of their county; decide them (the workflow validator checks
  the same again: `CaseRef.deciders`);
- admin: everything; decides nothing (the roster's `may_decide`).
"""

from __future__ import annotations

from intake.roster import Roster, User


class Forbidden(Exception):
    """The signed-in user may not see or do this (HTTP 403)."""

    def __init__(self, message: str = "您无权查看或操作此内容。") -> None:
        super().__init__(message)
        self.message = message


def case_county(roster: Roster, case: dict) -> str | None:
    """The county a case (or a document record) belongs to."""
    if case.get("county"):
        c = roster.county(case["county"])
        return c.name if c else case["county"]
    # A document record (unreadable / not a report): the submitter's county.
    submitter = submitter_of(case)
    c = roster.county_for_email(submitter)
    return c.name if c else None


def submitter_of(case: dict) -> str | None:
    subs = case.get("submissions") or []
    for s in subs:
        if s.get("submitter_email"):
            return s["submitter_email"].lower()
    hist = case.get("history") or []
    if hist and hist[0].get("actor") and "@" in hist[0]["actor"]:
        return hist[0]["actor"].lower()
    return (case.get("submitter") or "").lower() or None


def can_see_case(user: User, roster: Roster, case: dict) -> bool:
    if user.role == "admin":
        return True
    county = case_county(roster, case)
    if user.role in ("reviewer", "head"):
        return county is not None and county == user.county
    if user.role == "clerk":
        is_case = "kind" not in case or case.get("kind") == "case"
        if case.get("county") and is_case and case.get("organization"):
            return case["county"] == user.county and case["organization"] == user.organization
        # A record without a body: only who sent it.
        return submitter_of(case) == user.email.lower()
    return False


def require_case(user: User, roster: Roster, case: dict) -> None:
    if not can_see_case(user, roster, case):
        raise Forbidden("您无权查看这个案件：它不属于您所在的单位或县。")


def can_decide(user: User, roster: Roster, case: dict) -> bool:
    county = case.get("county")
    return user.role in ("reviewer", "head") and bool(county) and roster.may_decide(user.login, county)


def can_resubmit(user: User, case: dict) -> bool:
    return user.role == "clerk" and case.get("status") == "returned" and case.get("county") == user.county and case.get("organization") == user.organization


def can_see_dashboard(user: User) -> bool:
    return user.role in ("head", "admin")


def can_see_inbox(user: User) -> bool:
    return user.role in ("reviewer", "head", "admin")


def can_see_operator_links(user: User) -> bool:
    return user.role in ("reviewer", "head", "admin")
