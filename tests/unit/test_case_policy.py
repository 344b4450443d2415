"""Case policy (issues 15, 16): which submissions are unverified, which addresses a notice
can go to, the combined receipt+findings mail and the dismissal mail, and who counts as
having submitted."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from annual_report.model import Finding
from intake import cases
from intake.body_statuses import body_statuses
from intake.case_summary import CaseSummary
from intake.notices import DismissedNotice, FindingsNotice, Recipient, address_problem, compose, plain_text
from intake.roster_file import load_demo_roster

ROSTER = load_demo_roster()
SHANGTANG = cases.ReportedBody("上塘镇", None, "丰城市", 2021)


def place(reported=SHANGTANG, email: str | None = "shangtang@fc.example.gov.cn", **sender) -> cases.CaseRef:
    return cases.place(ROSTER, reported, cases.Sender(email=email, **sender), document_id="doc-1")


def test_the_bodys_own_clerk_joins_the_official_case():
    ref = place()
    assert ref.case_id == "case-2021-丰城市-上塘镇" and not ref.unverified and ref.unverified_reason is None


def test_a_reviewer_of_the_county_may_file_for_the_body():
    assert not place(email="wang@fc.example.gov.cn").unverified


@pytest.mark.parametrize(
    ("reported", "email", "reason"),
    [
        (SHANGTANG, "stranger@evil.test", "提交人不在报送单位名单中"),
        (SHANGTANG, None, "没有提交人信息"),
        (SHANGTANG, "beida@wn.example.gov.cn", "北大镇"),
        (cases.ReportedBody("不存在镇", None, "丰城市", 2021), "someone@fc.example.gov.cn", "不在报送单位名单中"),
        (cases.ReportedBody("上塘镇", None, "丰城市", None), "shangtang@fc.example.gov.cn", "年度未识别"),
    ],
)
def test_anything_unproven_waits_on_the_intake_desk(reported, email, reason):
    ref = place(reported, email)
    assert ref.unverified and reason in ref.unverified_reason
    assert ref.case_id == "case-doc-1"  # its own case, never the body's
    assert cases.desk_case(ref) and ref.intake_desk == "fc-li" and "上塘镇" in ref.bodies


def test_a_web_resubmission_on_the_case_page_joins_that_case():
    ref = place(email="shangtang@fc.example.gov.cn", channel="web", case_hint="case-2021-丰城市-上塘镇")
    assert ref.case_id == "case-2021-丰城市-上塘镇" and not ref.unverified


def test_matching_places_the_submission_in_the_bodys_official_case():
    ref = cases.place_body(ROSTER, "上塘镇", "丰城市", 2021)
    assert ref.case_id == "case-2021-丰城市-上塘镇" and not ref.unverified
    with pytest.raises(KeyError):
        cases.place_body(ROSTER, "不存在镇", "丰城市", 2021)


@pytest.mark.parametrize(
    "address",
    ["nodomain", "", None, "a@b", "x@fc.example.gov.cn\r\nBcc: evil@x.test", "a@b.cn, c@d.cn", "李 <a@b.cn>", "a@b.cn\x00"],
)
def test_unaddressable_recipients_are_named(address):
    assert address_problem(address)


@pytest.mark.parametrize("address", ["shangtang@fc.example.gov.cn", "a.b+c@sub.example.cn"])
def test_ordinary_addresses_pass(address):
    assert address_problem(address) is None


AT = datetime(2026, 1, 5, 2, 30, tzinfo=UTC)


def test_receipt_and_findings_are_one_mail():
    n = FindingsNotice(
        key="c/1/findings",
        to=[Recipient(email="a@b.cn")],
        date=AT,
        case_id="case-1",
        file_name="年报.txt",
        findings=[Finding(rule="cell.missing", severity="error", message="空白单元格", where="表三")],
        received_at=AT,
    )
    msg = compose(n, "nianbao@example.gov.cn")
    assert "已收到" in msg["Subject"] and "1 个错误" in msg["Subject"]
    text = plain_text(msg)
    assert "收到时间" in text and "2026-01-05 10:30" in text and "空白单元格" in text


def test_a_dismissal_mails_the_reason():
    n = DismissedNotice(
        key="c/1/dismissed", to=[Recipient(email="a@b.cn")], date=AT, case_id="case-doc-1", file_name="x.txt", reason="非本县报送人员"
    )
    text = plain_text(compose(n, "nianbao@example.gov.cn"))
    assert "非本县报送人员" in text and "未予受理" in text


def test_an_unverified_submission_does_not_count_as_the_body_having_submitted():
    row = CaseSummary(kind="case", county="丰城市", organization="上塘镇", status="unverified", case_id="case-doc-1")
    got = {r.organization: r.status for r in body_statuses(ROSTER, [row], 2021, date(2022, 3, 1), "丰城市")}
    assert got["上塘镇"] == "late"
    row = row.model_copy(update={"status": "awaiting_review"})
    got = {r.organization: r.status for r in body_statuses(ROSTER, [row], 2021, date(2022, 3, 1), "丰城市")}
    assert got["上塘镇"] == "awaiting_review"
