"""The progress bar on a case page (workers/web/present.py): a body's case goes received →
checking → findings → awaiting review → decision; an unverified submission on the intake
desk is already checked and waits for its source to be confirmed."""

from __future__ import annotations

from workers.web.present import steps


def states(status: str, findings: bool = True) -> list[tuple[str, str]]:
    return [(s["label"], s["state"]) for s in steps(status, findings)]


def test_a_case_awaiting_review_has_its_check_done():
    assert states("awaiting_review") == [
        ("已收到", "done"),
        ("检查中", "done"),
        ("检查结果", "done"),
        ("待审核", "current"),
        ("审核决定", "todo"),
    ]


def test_an_unverified_submission_is_not_shown_as_still_checking():
    got = states("unverified")
    assert ("检查中", "current") not in got
    assert got == [("已收到", "done"), ("检查结果", "done"), ("待确认来源", "current"), ("确认结果", "todo")]


def test_a_matched_or_dismissed_submission_ends_the_desk_bar():
    assert states("matched")[-1] == ("确认结果：已归入单位案件", "done")
    assert states("dismissed")[-1] == ("确认结果：来源未确认，已驳回", "done")
    assert all(state == "done" for _label, state in states("dismissed"))


def test_an_approved_case_ends_with_its_decision():
    assert states("approved")[-1] == ("审核决定：已通过", "done")
