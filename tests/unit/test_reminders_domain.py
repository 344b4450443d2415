"""催报's pure parts: which bodies, once per office day, the tally the dashboard shows, the mail."""

from __future__ import annotations

from datetime import UTC, date, datetime

from intake.body_statuses import body_statuses
from intake.case_summary import CaseSummary
from intake.notices import Recipient, compose, plain_text
from intake.reminders import LateReportNotice, ReminderEntry, office_day, remindable, reminder_id, tally
from intake.roster_file import load_demo_roster
from intake.statuses import Status


def test_remindable_bodies_are_the_unsent_and_the_returned():
    roster = load_demo_roster()
    cases = [
        CaseSummary(case_id="c1", kind="case", organization="上塘镇", county="丰城市", year=2020, status=Status.RETURNED),
        CaseSummary(case_id="c2", kind="case", organization="荣塘镇", county="丰城市", year=2020, status=Status.APPROVED),
        CaseSummary(case_id="c3", kind="case", organization="小港镇", county="丰城市", year=2020, status=Status.AWAITING_REVIEW),
    ]
    rows = {r.organization: r for r in body_statuses(roster, cases, 2020, date(2026, 3, 1), "丰城市")}
    assert [name for name, r in rows.items() if remindable(r)] == ["上塘镇", "秀市镇"]
    assert rows["秀市镇"].status == Status.LATE


def test_one_reminder_per_body_per_beijing_day():
    # 16:30 UTC is already the next day in Beijing: a new day, a new reminder.
    evening = datetime(2026, 3, 1, 15, 59, tzinfo=UTC)
    later = datetime(2026, 3, 1, 16, 1, tzinfo=UTC)
    assert office_day(evening) == date(2026, 3, 1) and office_day(later) == date(2026, 3, 2)
    assert reminder_id(2025, "丰城市", "秀市镇", office_day(evening)) == "remind-2025-丰城市-秀市镇-20260301"
    assert reminder_id(2025, "丰城市", "秀市镇", office_day(later)) != reminder_id(2025, "丰城市", "秀市镇", office_day(evening))


def test_tally_counts_each_reminder_once_and_keeps_the_latest():
    def entry(rid: str, body: str, at: str, by: str, state: str | None, county: str = "丰城市") -> ReminderEntry:
        return ReminderEntry(reminder_id=rid, county=county, organization=body, at=at, by=by, state=state)

    audited = [
        entry("r1", "秀市镇", "2026-03-01T01:00:00+00:00", "fc-zhao", None),
        entry("r2", "秀市镇", "2026-03-02T01:00:00+00:00", "fc-li", None),
        entry("r3", "上塘镇", "2026-03-01T02:00:00+00:00", "fc-zhao", None),
        entry("r4", "上塘镇", "2026-03-01T02:00:00+00:00", "wn-chen", None, county="万宁市"),
    ]
    recent = [entry("r2", "秀市镇", "2026-03-02T01:00:01+00:00", "fc-li", "unaddressable")]
    stats = tally(audited + recent)
    assert stats[("丰城市", "秀市镇")].count == 2
    assert (stats[("丰城市", "秀市镇")].last_by, stats[("丰城市", "秀市镇")].last_state) == ("fc-li", "unaddressable")
    # An old reminder only the audit trail still knows: counted, its state unknown.
    assert stats[("丰城市", "上塘镇")].count == 1 and stats[("丰城市", "上塘镇")].last_state is None
    # Same body name in another county: its own row.
    assert stats[("万宁市", "上塘镇")].last_by == "wn-chen"


def test_a_returned_case_is_asked_for_its_correction():
    n = LateReportNotice(
        key="remind/x",
        to=[Recipient(email="shangtang@fc.example.gov.cn", name="上塘镇党政办")],
        date=datetime(2026, 3, 1, tzinfo=UTC),
        organization="上塘镇",
        year=2025,
        deadline=date(2026, 1, 31),
        status="returned",
        days_late=29,
        case_id="case-2025-丰城市-上塘镇",
        county="丰城市",
        sender_name="赵主任",
        case_url="http://127.0.0.1:8000/cases/case-2025-丰城市-上塘镇",
    )
    msg = compose(n, "nianbao@example.gov.cn")
    text = plain_text(msg)
    assert msg["Subject"] == "【年报受理】催报：请尽快提交修改后的上塘镇2025年政府信息公开工作年度报告"
    assert "已退回修改，至今尚未收到更正稿" in text and "案件编号 case-2025-丰城市-上塘镇" in text
    assert "已逾期：29 天" in text and "催报人：丰城市　赵主任" in text
    assert "查看案件：http://127.0.0.1:8000/cases/" in text
    assert msg["X-Intake-Notice"] == "late_report"
