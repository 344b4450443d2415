"""The five seed reports, pinned in full: classification, metadata, sections, every table
cell, the label deviations and the findings. Expected values were read off the seed files
by hand (see the line numbers in the comments), not copied from program output."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest

from annual_report import catalog
from annual_report.check import check_path
from annual_report.model import CheckResult

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
if not SEEDS.is_dir():  # CI clones main with shared/ beside it
    SEEDS = Path("/work/shared/seeds")

Z7 = [0] * 7
Z5 = [0] * 5
T1_2021_ZERO = {
    "regulations": {"issued": 0, "repealed": 0, "in_force": 0},
    "normative_documents": {"issued": 0, "repealed": 0, "in_force": 0},
    "licensing": {"decisions": 0},
    "penalty": {"decisions": 0},
    "enforcement": {"decisions": 0},
    "fees": {"amount_wan": 0},
}
T2_2021_KEYS = [r.key for r in catalog.table2_rows("2021")]
T2_2019_KEYS = [r.key for r in catalog.table2_rows("2019")]
APPEALS_ZERO = {"reconsideration": Z5, "litigation_direct": Z5, "litigation_after_reconsideration": Z5}
ALL_SECTIONS = dict.fromkeys(("overview", "active_disclosure", "applications", "appeals", "problems", "other"), True)


def seed(prefix: str) -> Path:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


@cache
def check(prefix: str) -> tuple[CheckResult, dict[str, Any]]:
    """A seed's check and its JSON, made once for all the tests here (they only read them)."""
    result = check_path(seed(prefix))
    return result, result.contract()


def run(prefix: str) -> tuple[CheckResult, dict[str, Any]]:
    """A seed's check and the report of its JSON."""
    result, contract = check(prefix)
    return result, contract["report"]


def labels(result) -> list[tuple[str, str, str, int]]:
    return [(lb.key, lb.found, lb.official, lb.source.line) for lb in result.report.tables.labels]


def findings(result) -> list[tuple[str, str, str]]:
    return [(f.rule, f.severity, f.where) for f in result.findings]


# Each seed's template and metadata (all five are text reports): template, organization,
# parent, year, document number, as the files say them.
HEADS = {
    # Cover letter: 宁政〔2022〕7号 dated 2022年1月18日; the report (after 附件：) is on 2021.
    "000": ("2021", "宁木特镇", None, 2021, "宁政〔2022〕7号"),
    # "由上塘镇人民政府办公室编制" and "地址：丰城市上塘镇荣欣路112号" (line 3).
    "001": ("2021", "上塘镇", "丰城市", 2021, None),
    "002": ("2021", "鲁河镇", None, 2021, None),
    # Title "万宁市北大镇2020政府信息公开工作年度报告" (no 年 after 2020).
    "003": ("2019", "北大镇", "万宁市", 2020, None),
    # No title; "2022年以来,西大营子镇…" and "《龙城区西大营子镇政务公开…》" (line 360).
    "004": ("2021", "西大营子镇", "龙城区", 2022, None),
}


@pytest.mark.parametrize("prefix", HEADS)
def test_classification_and_metadata(prefix: str) -> None:
    _, c = check(prefix)
    cl, r = c["classification"], c["report"]
    template, *metadata = HEADS[prefix]
    assert (cl["kind"], cl["format"], cl["template"]) == ("annual_report", "text", template)
    assert [r["organization"], r["parent"], r["year"], r["document_number"]] == metadata


# Each seed's label deviations (row key, as found, official wording, line) and findings (rule,
# severity, where), read off the files (004's findings: test_004).
LABELS: dict[str, list[tuple[str, str, str, int]]] = {
    "000": [],
    "001": [
        ("not_processed_confirm", "5.要求行政机关确认或新出具已获取信息", "5.要求行政机关确认或重新出具已获取信息", 285),
        ("group:not_processed", "(五)不予公开", "（五）不予处理", 240),
    ],
    "002": [
        ("column:amount_wan", "本年收费金额（单位：万元，保留4位小数）", "本年收费金额（单位：万元）", 33),
        ("withheld_prohibited_by_law", "2.其他法律法规禁止公开", "2.其他法律行政法规禁止公开", 46),
    ],
    "003": [
        ("fees", "行业事业性收费", "行政事业性收费", 76),
        ("not_processed_petition", "1、信访举报投诉诉求类申请", "1.信访举报投诉类申请", 274),
    ],
}
FINDINGS: dict[str, list[tuple[str, str, str]]] = {
    "000": [("section6.fee_statement", "warning", "六、其他需要报告的事项")],
    "001": [
        ("cell.missing", "error", "三、收到和处理政府信息公开申请情况 ·（四）无法提供 2.没有现成信息需要另行制作 × 社会公益组织"),
        ("label.nonstandard", "warning", "三、收到和处理政府信息公开申请情况 · 第 240 行"),
        ("label.nonstandard", "warning", "三、收到和处理政府信息公开申请情况 · 第 285 行"),
        ("section6.fee_statement", "warning", "六、其他需要报告的事项"),
    ],
    "002": [
        ("label.nonstandard", "warning", "二、主动公开政府信息情况 · 第 33 行"),
        ("label.nonstandard", "warning", "三、收到和处理政府信息公开申请情况 · 第 46 行"),
        ("section6.fee_statement", "warning", "六、其他需要报告的事项"),
    ],
    "003": [
        ("label.nonstandard", "warning", "（二）主动公开政府信息的情况 · 第 76 行"),
        ("label.nonstandard", "warning", "（三）收到和处理政府信息公开申请情况 · 第 274 行"),
    ],
}


@pytest.mark.parametrize("prefix", LABELS)
def test_label_deviations_and_findings(prefix: str) -> None:
    result, _ = check(prefix)
    assert labels(result) == LABELS[prefix]
    assert findings(result) == FINDINGS[prefix]


def test_000_cover_letter_then_2021_report() -> None:
    result, r = run("000")
    cl = check("000")[1]["classification"]
    assert cl["confidence"] >= 0.9
    assert any("报送函" in reason for reason in cl["reasons"])
    assert r["title"] == "宁木特镇2021年政府信息公开工作的年度报告"
    assert r["statistics_period"] == ["2021-01-01", "2021-12-31"]
    m = result.report.metadata
    assert (m.full_name, m.title_year, m.period_year, m.body_years) == ("宁木特镇人民政府", 2021, 2021, [2021])
    assert r["sections"] == ALL_SECTIONS
    assert r["active_disclosure"] == T1_2021_ZERO
    assert r["applications"] == {k: Z7 for k in T2_2021_KEYS}
    assert r["appeals"] == APPEALS_ZERO
    t = result.report.tables
    assert (t.labels, t.problems, t.missing_rows, t.fee_raw, t.mixed_template) == ([], [], {}, "0", False)
    # Sources: 一、本年新收 values are lines 103-109, table 3 values lines 402-416.
    assert [cell.source.line for cell in t.applications["new_received"]] == list(range(103, 110))
    assert [cell.source.line for cell in t.appeals["litigation_after_reconsideration"]] == list(range(412, 417))


def test_001_blank_cell_and_nonstandard_labels() -> None:
    result, r = run("001")
    assert result.report.metadata.full_name == "上塘镇人民政府"
    assert r["statistics_period"] == ["2021-01-01", "2021-12-31"]
    assert r["sections"] == ALL_SECTIONS
    assert result.report.sections["problems"].heading == "五、存在的主要问题及改进情况"
    # Lines 26-29: 行政规范性文件 5 / 0 / 10.
    assert r["active_disclosure"] == {**T1_2021_ZERO, "normative_documents": {"issued": 5, "repealed": 0, "in_force": 10}}
    expected = {k: Z7 for k in T2_2021_KEYS}
    # Lines 219-226: （四）2 row, 社会公益组织 (4th column, line 223) is a lone tab: empty, not 0.
    expected["unavailable_needs_creation"] = [0, 0, 0, None, 0, 0, 0]
    assert r["applications"] == expected
    blank = result.report.tables.applications["unavailable_needs_creation"][3]
    assert (blank.value, blank.raw, blank.source.line) == (None, "", 223)
    assert r["appeals"] == APPEALS_ZERO
    assert result.report.tables.problems == []


def test_002_tsv_with_holes_and_repeated_heading() -> None:
    result, r = run("002")
    assert r["title"] == "# 鲁河镇2021年政府信息公开工作年度报告".removeprefix("# ")
    assert r["statistics_period"] is None
    assert r["sections"] == ALL_SECTIONS
    # "## 一、总体情况" (line 5) counts, the repeated "### 一、总体情况" (line 7) does not.
    assert result.report.sections["overview"].source.line == 5
    assert r["active_disclosure"] == T1_2021_ZERO
    assert r["applications"] == {k: Z7 for k in T2_2021_KEYS}
    t = result.report.tables
    # Line 47 is misaligned ("3.危及…→→0…"), line 66 has three leading holes.
    assert [cell.source.line for cell in t.applications["withheld_three_safeties"]] == [47] * 7
    assert [cell.source.line for cell in t.applications["carried_forward"]] == [66] * 7
    assert r["appeals"] == APPEALS_ZERO


def test_003_2019_template_numbered_headings() -> None:
    result, r = run("003")
    assert r["sections"] == ALL_SECTIONS
    assert result.report.sections["overview"].heading == "（一）总体情况"
    assert result.report.sections["other"].heading == "（六）其他需要报告的事项"
    assert r["active_disclosure"] == {
        "regulations": {"new_made": 0, "new_published": 0, "total_published": 0},
        "normative_documents": {"new_made": 0, "new_published": 0, "total_published": 0},
        "licensing": {"prev_year_items": 0, "change": 0, "decisions": 0},
        "other_services": {"prev_year_items": 0, "change": 0, "decisions": 0},
        "penalty": {"prev_year_items": 0, "change": 0, "decisions": 0},
        "enforcement": {"prev_year_items": 0, "change": 0, "decisions": 0},
        "fees": {"prev_year_items": 0, "change": 0},
        "procurement": {"items": 0, "amount": 0},
    }
    assert r["applications"] == {k: Z7 for k in T2_2019_KEYS}
    assert "other" in r["applications"] and "other_other" not in r["applications"]
    assert r["appeals"] == APPEALS_ZERO
    assert result.report.tables.fee_raw is None  # the 2019 table has no fee amount


def test_004_pipe_cells_no_title() -> None:
    result, r = run("004")
    cl = check("004")[1]["classification"]
    assert any("没有标题" in x for x in cl["reasons"]) and any("工作总结" in x for x in cl["reasons"])
    assert r["title"] is None
    assert result.report.metadata.body_years == [2022]
    assert r["sections"] == ALL_SECTIONS
    assert r["active_disclosure"] == T1_2021_ZERO
    assert r["applications"] == {k: Z7 for k in T2_2021_KEYS}
    assert r["appeals"] == APPEALS_ZERO
    t = result.report.tables
    assert [cell.source.line for cell in t.applications["granted"]] == list(range(100, 107))
    assert (t.labels, t.problems) == ([], [])
    assert [f[0] for f in findings(result)] == ["text.template_leftover"]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_cell_has_a_source_line(prefix: str) -> None:
    result, _ = check(prefix)
    t = result.report.tables
    cells = [c for row in t.active_disclosure.values() for c in row.values()]
    cells += [c for row in t.applications.values() for c in row]
    cells += [c for row in t.appeals.values() for c in row]
    assert all(c.source is not None and c.source.line for c in cells)
