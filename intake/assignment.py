"""Who may claim, release or reassign a case: the refusals a reviewer sees (Chinese).
Pure: the case's reviewer, head and deciders in, a reason out (None: allowed).

Whether the case is open to assignment at all (not decided, no decision pending) is the case
workflow's own state (`CaseWorkflow._may_assign`); these are the rules between the people.
"""

from __future__ import annotations


def claim_refusal(login: str, reviewer: str | None) -> str | None:
    """A reviewer takes an unassigned case."""
    if reviewer == login:
        return "您已是本案审核人"
    if reviewer is not None:
        return f"案件已由 {reviewer} 负责：请其释放，或由负责人改派"
    return None


def release_refusal(login: str, reviewer: str | None, head: str | None) -> str | None:
    """The reviewer, or the county head, gives the case back to nobody."""
    if reviewer is None:
        return "案件目前无人负责"
    if login not in (reviewer, head):
        return f"只有审核人 {reviewer} 或负责人可以释放案件"
    return None


def reassign_refusal(
    login: str, to: str | None, reviewer: str | None, head: str | None, deciders: list[str], county: str | None
) -> str | None:
    """The county head gives the case to another of the county's reviewers."""
    if login != head:
        return "只有县级负责人可以改派案件"
    if not to or to not in deciders:
        return f"{to or '（空）'} 不是{county or '本县'}的审核人"
    if to == reviewer:
        return f"案件已由 {to} 负责"
    return None
