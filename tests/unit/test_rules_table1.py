"""rules/table1.py: table1.township_regulations, fee.unit."""

from __future__ import annotations

from decimal import Decimal

import pytest

from annual_report.rules import run_rules
from annual_report.rules.table1 import FEE_WAN_THRESHOLD
from tests.unit.report_factory import make_report, set_cell


@pytest.mark.parametrize("org", ["上塘镇", "红星乡", "城关街道", "城关街道办事处"])
def test_township_reporting_regulations(org):
    report = make_report(organization=org)
    set_cell(report, "active_disclosure", "regulations", "issued", 2)
    set_cell(report, "active_disclosure", "regulations", "in_force", 2)
    [f] = run_rules(report)
    assert (f.rule, f.severity, f.table, f.row) == ("table1.township_regulations", "warning", "active_disclosure", "regulations")
    assert f.where == "二、主动公开政府信息情况 ·规章"
    assert "（本年制发件数 2，现行有效件数 2）" in f.message
    assert "“行政规范性文件”行" in f.message


def test_2019_template_regulations_row():
    report = make_report("2019")
    set_cell(report, "active_disclosure", "regulations", "total_published", 3)
    [f] = run_rules(report)
    assert f.rule == "table1.township_regulations"
    assert "对外公开总数量 3" in f.message


def test_county_body_may_report_regulations():
    report = make_report(organization="丰城市司法局")
    set_cell(report, "active_disclosure", "regulations", "issued", 1)
    set_cell(report, "active_disclosure", "regulations", "in_force", 1)
    assert run_rules(report) == []


def test_full_name_identifies_a_township_when_short_name_is_missing():
    report = make_report()
    report.metadata.organization = None
    set_cell(report, "active_disclosure", "regulations", "in_force", 1)
    assert sorted(f.rule for f in run_rules(report)) == ["metadata.missing", "table1.township_regulations"]


def test_fee_in_yuan():
    report = make_report()
    set_cell(report, "active_disclosure", "fees", "amount_wan", 1500)
    [f] = run_rules(report)
    assert (f.rule, f.severity, f.row, f.column) == ("fee.unit", "warning", "fees", "本年收费金额（单位：万元）")
    assert "填的是 1500，即 1500 万元" in f.message
    assert "应填 0.15（万元）" in f.message


def test_fee_below_threshold_is_plausible():
    report = make_report()
    set_cell(report, "active_disclosure", "fees", "amount_wan", FEE_WAN_THRESHOLD - Decimal("0.01"))
    assert run_rules(report) == []


def test_fee_with_unit_suffix():
    report = make_report()
    set_cell(report, "active_disclosure", "fees", "amount_wan", Decimal("0.3"), raw="0.3万元")
    [f] = run_rules(report)
    assert f.rule == "fee.unit"
    assert "填的是“0.3万元”，带了单位" in f.message


def test_fee_suffix_yuan_and_large_is_one_finding():
    report = make_report()
    set_cell(report, "active_disclosure", "fees", "amount_wan", 800, raw="800元")
    [f] = run_rules(report)
    assert f.rule == "fee.unit"
    assert "带了单位" in f.message and "应填 0.08（万元）" in f.message


def test_fee_raw_from_tables_when_cell_is_empty():
    report = make_report()
    set_cell(report, "active_disclosure", "fees", "amount_wan", None, raw="")
    report.tables.fee_raw = "0元"
    assert sorted(f.rule for f in run_rules(report)) == ["cell.missing", "fee.unit"]


def test_large_fee_of_a_county_department_is_not_flagged():
    report = make_report(organization="丰城市自然资源局")
    set_cell(report, "active_disclosure", "fees", "amount_wan", 1500)
    assert run_rules(report) == []


def test_large_fee_of_an_unidentified_body_is_not_flagged():
    report = make_report()
    report.metadata.organization = report.metadata.full_name = None
    set_cell(report, "active_disclosure", "fees", "amount_wan", Decimal("7730.28"))
    assert [f.rule for f in run_rules(report)] == ["metadata.missing"]
