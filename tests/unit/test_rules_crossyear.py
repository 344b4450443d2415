"""rules/crossyear.py: crossyear.carry_over, crossyear.in_force."""

from __future__ import annotations

from annual_report.rules import run_rules
from tests.unit.report_factory import make_previous, make_report, set_cell


def test_cross_year_rules_need_the_previous_report():
    report = make_report()
    set_cell(report, "active_disclosure", "normative_documents", "in_force", 60)
    assert run_rules(report) == []


def test_carry_over_differs_from_last_years_carried_forward():
    report = make_report()
    previous = make_previous(report)
    t2 = previous.tables.applications
    assert t2["carried_forward"][0].value == 1
    for col in (0, 6):  # two more carried forward, two more received: last year stays balanced
        set_cell(previous, "applications", "carried_forward", col, t2["carried_forward"][col].value + 2)
        set_cell(previous, "applications", "new_received", col, t2["new_received"][col].value + 2)
    said, now = f"申请{t2['new_received'][6].value - 2}件", f"申请{t2['new_received'][6].value}件"
    previous.sections["overview"].text = previous.sections["overview"].text.replace(said, now)  # text agrees
    previous.text = previous.text.replace(said, now)
    assert run_rules(previous) == []
    found = run_rules(report, previous)
    assert [(f.rule, f.severity, f.column) for f in found] == [
        ("crossyear.carry_over", "error", "自然人"),
        ("crossyear.carry_over", "error", "总计"),
    ]
    f = found[0]
    assert f.row == "carried_over"
    assert f.where == "三、收到和处理政府信息公开申请情况 ·二、上年结转政府信息公开申请数量 × 自然人"
    assert "第二项（上年结转 1）与2021年度报告第四项（结转下年度继续办理 3）不一致，相差 2" in f.message


def test_in_force_is_info_and_per_row():
    report = make_report()
    previous = make_previous(report)
    set_cell(previous, "active_disclosure", "normative_documents", "in_force", 9)
    [f] = run_rules(report, previous)
    assert (f.rule, f.severity, f.row, f.column) == ("crossyear.in_force", "info", "normative_documents", "现行有效件数")
    assert "“现行有效件数”为 6；2021年度报告为 9，加本年制发 2、减本年废止 1，应为 10，相差 4" in f.message


def test_in_force_only_between_two_2021_template_reports():
    report = make_report(year=2021)
    previous = make_previous(report)
    assert previous.tables.template == "2019"
    assert run_rules(report, previous) == []


def test_empty_cells_skip_cross_year_checks():
    report = make_report()
    previous = make_previous(report)
    set_cell(previous, "applications", "carried_forward", 0, None)
    set_cell(previous, "active_disclosure", "regulations", "in_force", None)
    assert run_rules(report, previous) == []


def test_2019_pair_carry_over():
    report = make_report("2019")
    previous = make_previous(report)
    assert run_rules(report, previous) == []
    set_cell(report, "applications", "carried_over", 1, 1)
    set_cell(report, "applications", "carried_over", 6, 2)
    found = [f for f in run_rules(report, previous) if f.rule.startswith("crossyear")]
    assert [f.column for f in found] == ["商业企业", "总计"]
