"""rules/structure.py: sections.missing, table.missing, template.mismatch — and clean reports."""

from __future__ import annotations

import pytest

from annual_report.rules import run_rules
from tests.unit.report_factory import make_previous, make_report


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_clean_report_has_no_finding_at_all(template):
    report = make_report(template)
    assert run_rules(report) == []
    assert run_rules(report, make_previous(report)) == []


def test_missing_section_is_one_error_naming_the_official_heading():
    report = make_report()
    report.sections["problems"].present = False
    [f] = run_rules(report)
    assert (f.rule, f.severity) == ("sections.missing", "error")
    assert f.where == "五、政府信息公开工作存在的主要问题及改进情况"
    assert "缺少“五、政府信息公开工作存在的主要问题及改进情况”部分" in f.message


def test_two_missing_sections_are_two_findings_in_section_order():
    report = make_report()
    del report.sections["other"]
    report.sections["overview"].present = False
    found = run_rules(report)
    assert [(f.rule, f.where) for f in found] == [
        ("sections.missing", "一、总体情况"),
        ("sections.missing", "六、其他需要报告的事项"),
    ]


@pytest.mark.parametrize("table", ["active_disclosure", "applications", "appeals"])
def test_missing_table_is_one_error_and_silences_the_rules_that_need_it(table):
    report = make_report()
    setattr(report.tables, table, None)
    [f] = run_rules(report)
    assert (f.rule, f.severity, f.table) == ("table.missing", "error", table)
    assert f.where == report.sections[table].heading


def test_table_missing_uses_the_reports_own_heading():
    report = make_report()
    report.sections["applications"].heading = "（三）收到和处理政府信息公开申请情况"
    report.tables.applications = {}
    [f] = run_rules(report)
    assert f.where == "（三）收到和处理政府信息公开申请情况"
    assert "“收到和处理政府信息公开申请情况”表" in f.message


def test_2019_tables_in_a_2021_report_is_a_mismatch():
    report = make_report("2019", year=2021)
    [f] = run_rules(report)
    assert (f.rule, f.severity) == ("template.mismatch", "error")
    assert "2021年度报告" in f.message and "2019年版格式" in f.message
    assert "国办公开办函〔2021〕30号" in f.message


def test_2021_tables_in_a_2020_report_is_a_mismatch():
    report = make_report("2021", year=2020)
    [f] = run_rules(report)
    assert f.rule == "template.mismatch"
    assert "2020年度报告" in f.message and "2019、2020年度的报告应使用2019年版格式" in f.message


def test_mixed_templates_is_one_mismatch():
    report = make_report()
    report.tables.mixed_template = True
    report.tables.template_evidence = ["（六）其他处理 只有一行"]
    [f] = run_rules(report)
    assert f.rule == "template.mismatch"
    assert "混用" in f.message and "（六）其他处理 只有一行" in f.message


def _hongze_like(year: int = 2023):
    """2021 tables whose （六）其他处理 is the 2019 single row, as in 洪泽区 2023/2024."""
    from annual_report.model import Cell, Source

    report = make_report(year=year)
    t = report.tables
    for key in ("other_no_correction", "other_unpaid_fee", "other_other"):
        del t.applications[key]
    t.applications["other"] = [Cell(value=0, raw="0", source=Source(page=4)) for _ in range(7)]
    t.mixed_template = True
    t.template_evidence = [
        "表一有“本年制发件数”列（2021 年格式）",
        "表一有“本年废止件数”列（2021 年格式）",
        "表一有“现行有效件数”列（2021 年格式）",
        "表二（六）其他处理只有一行（2019 年格式，第 4 页）",
    ]
    return report


def test_mixed_template_cites_the_2019_row_where_it_is():
    [f] = [f for f in run_rules(_hongze_like()) if f.rule == "template.mismatch"]
    assert f.severity == "error"
    assert f.where == "三、收到和处理政府信息公开申请情况 ·（六）其他处理"
    assert (f.table, f.row, f.source.page) == ("applications", "other", 4)
    assert "“（六）其他处理”只有一行（第 4 页）" in f.message and "2019年版格式" in f.message
    assert "2023年度报告应统一使用2021年版格式" in f.message and "3.其他" in f.message
    assert "本年制发件数" not in f.message  # table 1's columns are not the evidence


def test_mixed_template_cites_only_the_evidence_against_the_year():
    report = make_report(year=2022)
    report.tables.mixed_template = True
    report.tables.template_evidence = ["表一有“本年制发件数”列（2021 年格式）", "表一有“本年新制作数量”列（2019 年格式）"]
    [f] = run_rules(report)
    assert f.where == "二、主动公开政府信息情况" and f.table == "active_disclosure"
    assert f.message.startswith("表格混用了两种格式：表一有“本年新制作数量”列（2019 年格式），是2019年版格式")


def test_unknown_year_or_template_is_no_mismatch():
    report = make_report()
    report.tables.template = None
    assert run_rules(report) == []
