"""Who may claim, release or reassign a case (intake.assignment): each rule's refusal, and
that the allowed case is allowed."""

from __future__ import annotations

from intake.assignment import claim_refusal, reassign_refusal, release_refusal

DECIDERS = ["fc-wang", "fc-zhao", "fc-head"]


def test_claim_only_an_unassigned_case():
    assert claim_refusal("fc-wang", None) is None
    assert claim_refusal("fc-wang", "fc-wang") == "您已是本案审核人"
    assert "fc-zhao" in (claim_refusal("fc-wang", "fc-zhao") or "")


def test_release_by_the_reviewer_or_the_head():
    assert release_refusal("fc-wang", "fc-wang", "fc-head") is None
    assert release_refusal("fc-head", "fc-wang", "fc-head") is None
    assert release_refusal("fc-zhao", "fc-wang", "fc-head") == "只有审核人 fc-wang 或负责人可以释放案件"
    assert release_refusal("fc-wang", None, "fc-head") == "案件目前无人负责"


def test_reassign_by_the_head_to_another_reviewer_of_the_county():
    assert reassign_refusal("fc-head", "fc-zhao", "fc-wang", "fc-head", DECIDERS, "丰城市") is None
    assert reassign_refusal("fc-wang", "fc-zhao", "fc-wang", "fc-head", DECIDERS, "丰城市") == "只有县级负责人可以改派案件"
    assert reassign_refusal("fc-head", "nobody", "fc-wang", "fc-head", DECIDERS, "丰城市") == "nobody 不是丰城市的审核人"
    assert reassign_refusal("fc-head", None, "fc-wang", "fc-head", DECIDERS, None) == "（空） 不是本县的审核人"
    assert reassign_refusal("fc-head", "fc-wang", "fc-wang", "fc-head", DECIDERS, "丰城市") == "案件已由 fc-wang 负责"
