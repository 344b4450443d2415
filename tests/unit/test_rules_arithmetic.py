"""rules/arithmetic.py: applications.balance, applications.total_row, applications.total_column,
appeals.total — examples and hypothesis properties."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annual_report import catalog
from annual_report.rules import run_rules
from tests.unit.report_factory import make_report, set_cell

ARITHMETIC = {"applications.balance", "applications.total_row", "applications.total_column", "appeals.total"}
COLS = catalog.APPLICANT_COLUMNS


def arithmetic(findings):
    return [f for f in findings if f.rule in ARITHMETIC]


def test_balance_message_reads_like_the_contract_example():
    # 总计 column: 本年新收 12, 上年结转 1, 办理结果总计 11, 结转下年度 1
    report = make_report(
        results={"granted": [6, 0, 0, 0, 0, 0], "unavailable_not_held": [5, 0, 0, 0, 0, 0]},
        carried_over=[1, 0, 0, 0, 0, 0],
        carried_forward=[1, 0, 0, 0, 0, 0],
    )
    t2 = report.tables.applications
    assert [c.value for c in t2["new_received"]][6] == 11
    set_cell(report, "applications", "new_received", 0, 12)
    set_cell(report, "applications", "new_received", 6, 12)
    for sec in (report.sections["overview"],):  # the text states the table's count (no narrative.conflict)
        sec.text = sec.text.replace("申请11件", "申请12件")
    report.text = report.text.replace("申请11件", "申请12件")
    found = run_rules(report)
    assert [(f.rule, f.column) for f in found] == [("applications.balance", "自然人"), ("applications.balance", "总计")]
    f = found[1]
    assert f.severity == "error"
    assert f.where == "三、收到和处理政府信息公开申请情况 ·“总计”列"
    assert f.message == (
        "“收到和处理政府信息公开申请情况”表“总计”列勾稽关系不平：第一项（本年新收 12）加第二项（上年结转 1）共 13，"
        "第三项（办理结果总计 11）加第四项（结转下年度 1）共 12，相差 1。请核对这四个数。"
    )


def test_total_row_names_the_column_and_both_numbers():
    report = make_report()
    set_cell(report, "applications", "total", 1, 5)  # 商业企业: results sum to 2
    set_cell(report, "applications", "total", 6, 16)
    found = run_rules(report)
    rules = [(f.rule, f.row, f.column) for f in found]
    assert ("applications.total_row", "total", "商业企业") in rules
    f = next(f for f in found if f.rule == "applications.total_row" and f.column == "商业企业")
    assert "“商业企业”列“（七）总计”为 5，但（一）至（六）各项办理结果之和为 2，相差 3" in f.message
    assert f.where == "三、收到和处理政府信息公开申请情况 ·“商业企业”列"


def test_total_row_uses_the_2019_result_rows():
    report = make_report("2019")
    assert arithmetic(run_rules(report)) == []
    set_cell(report, "applications", "other", 4, 0)  # 法律服务机构 other 1 -> 0
    set_cell(report, "applications", "other", 6, 0)
    found = arithmetic(run_rules(report))
    assert sorted((f.rule, f.column) for f in found) == [
        ("applications.total_row", "总计"),
        ("applications.total_row", "法律服务机构"),
    ]


def test_total_column_lists_the_six_numbers():
    report = make_report()
    set_cell(report, "applications", "granted", 6, 7)  # 3+1+0+0+0+1 = 5
    found = run_rules(report)
    assert sorted(f.rule for f in found) == ["applications.total_column", "applications.total_row"]
    f = next(f for f in found if f.rule == "applications.total_column")
    assert (f.row, f.column) == ("granted", "总计")
    assert f.where == "三、收到和处理政府信息公开申请情况 ·（一）予以公开"
    assert "“（一）予以公开”行“总计”为 7，但自然人至其他六类申请人之和为 5（3+1+0+0+0+1），相差 2" in f.message


def test_appeals_total():
    report = make_report()
    set_cell(report, "appeals", "litigation_after_reconsideration", 4, 2)
    [f] = run_rules(report)
    assert (f.rule, f.severity, f.row, f.column) == ("appeals.total", "error", "litigation_after_reconsideration", "总计")
    assert f.where == "四、政府信息公开行政复议、行政诉讼情况 ·行政诉讼·复议后起诉"
    assert "“总计”为 2，但结果维持、结果纠正、其他结果、尚未审结之和为 0（0+0+0+0），相差 2" in f.message


def test_three_unbalanced_columns_are_three_findings_in_column_order():
    report = make_report()
    for i in (5, 0, 2):
        set_cell(report, "applications", "carried_forward", i, report.tables.applications["carried_forward"][i].value + 1)
    set_cell(report, "applications", "carried_forward", 6, report.tables.applications["carried_forward"][6].value + 3)
    found = [f for f in run_rules(report) if f.rule == "applications.balance"]
    assert [f.column for f in found] == ["自然人", "科研机构", "其他", "总计"]


# ---------------------------------------------------------------- properties

six = st.lists(st.integers(0, 40), min_size=6, max_size=6)


@st.composite
def consistent_reports(draw):
    template = draw(st.sampled_from([catalog.TEMPLATE_2021, catalog.TEMPLATE_2019]))
    rows = catalog.RESULT_ROWS[template]
    chosen = draw(st.lists(st.sampled_from(rows), unique=True, max_size=6))
    results = {k: draw(six) for k in chosen}
    appeals = {k: draw(st.lists(st.integers(0, 9), min_size=4, max_size=4)) for k, _ in catalog.APPEAL_ROWS}
    return make_report(template, results=results, carried_over=draw(six), carried_forward=draw(six), appeals=appeals)


def expected_after(report, table, row, col):
    """The arithmetic findings one changed number must cause: (rule, row, column)."""
    if table == "appeals":
        return {("appeals.total", row, "总计")}
    template = report.tables.template
    out = {("applications.total_column", row, "总计")}
    if row in ("new_received", "carried_over", "total", "carried_forward"):
        out.add(("applications.balance", None, COLS[col]))
    if row == "total" or row in catalog.RESULT_ROWS[template]:
        out.add(("applications.total_row", "total", COLS[col]))
    return out


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(consistent_reports())
def test_consistent_tables_have_no_arithmetic_finding(report):
    assert arithmetic(run_rules(report)) == []


@FAST
@given(consistent_reports(), st.data())
def test_one_changed_number_gives_exactly_the_sums_through_it(report, data):
    table = data.draw(st.sampled_from(["applications", "appeals"]))
    rows = list(getattr(report.tables, table))
    row = data.draw(st.sampled_from(rows))
    col = data.draw(st.integers(0, 6 if table == "applications" else 4))
    delta = data.draw(st.integers(-5, 5).filter(bool))
    old = getattr(report.tables, table)[row][col].value
    set_cell(report, table, row, col, old + delta)
    found = arithmetic(run_rules(report))
    assert {(f.rule, f.row, f.column) for f in found} == expected_after(report, table, row, col)
    assert len(found) == len(expected_after(report, table, row, col))  # one finding per broken place
    assert all(f"相差 {abs(delta)}" in f.message for f in found)


@FAST
@given(consistent_reports(), st.data())
def test_one_emptied_cell_gives_one_missing_cell_and_no_arithmetic(report, data):
    table = data.draw(st.sampled_from(["applications", "appeals"]))
    row = data.draw(st.sampled_from(list(getattr(report.tables, table))))
    col = data.draw(st.integers(0, 6 if table == "applications" else 4))
    set_cell(report, table, row, col, None)
    found = run_rules(report)
    assert [(f.rule, f.row) for f in found] == [("cell.missing", row)]


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_all_zero_tables_are_clean(template):
    zero = [0] * 6
    report = make_report(template, results={}, carried_over=zero, carried_forward=zero, appeals={})
    assert arithmetic(run_rules(report)) == []
