"""The three real published reports: every cell of tables 2 and 3 (and table 1) as the PDF
reader yields them, checked by eye against the rendered pages (pdftoppm -r 80), and what the
whole check makes of them.

Real errors in these reports (computed by hand from the pages, pinned below):
* 洪泽区 2023, table 3: 行政复议 10+1+0+0 = 11 but 总计 0; 复议后起诉 5+0+0+0 = 5 but 总计 0.
* 洪泽区 2023 and 2024, table 2: the 2019 single row "（六）其他处理" in a 2021-template table
  (the 2021 template has three （六） rows), and "2.其他法律行政止公开" (the official wording
  is "2.其他法律行政法规禁止公开").
* 洪泽区 2024: the text says "受理政府信息公开申请 17 件" while table 2 counts 95 new ones.
* 洪泽区 2023 says "受理政府信息公开申请 21 件", which agrees with its table 2.
* 淮安市 2024 balances everywhere (table 2 rows, columns and 勾稽关系; table 3 totals; the
  narrative's 3119 / 3050 / 34 / 103 and 351 / 46 agree with the tables).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from annual_report.check import check_bytes
from annual_report.readers.pdf import read_pdf
from tests.unit.report_fixtures import TABLE2_HEAD_ROWS

REAL = Path(__file__).resolve().parents[3] / "shared" / "real-reports"  # shared/ beside the checkout


@cache
def _doc(name: str):
    return read_pdf((REAL / f"{name}.pdf").read_bytes())


@cache
def _check(name: str):
    return check_bytes((REAL / f"{name}.pdf").read_bytes(), f"{name}.pdf").contract()


T3_HEAD_2 = [
    ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""],
    ["", "", "", "", "", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"],
]
# Table 2's three label columns as each report prints them; the two 洪泽区 reports share theirs.
HONGZE_OTHER = [("（六）其他处理", "")]  # the 2019 template's single row
HUAIAN_OTHER = [
    ("（六）其他处理", "1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("", "2、申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("", "3、其他"),
]


def t2_labels(prohibited: str, other: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """Table 2's label rows, with the report's wording of the 不予公开 2. row and its （六） rows."""
    return [
        ("一、本年新收政府信息公开申请数量", "", ""),
        ("二、上年结转政府信息公开申请数量", "", ""),
        ("三、本年度办理结果", "（一）予以公开", ""),
        ("", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ""),
        ("", "（三）不予公开", "1.属于国家秘密"),
        ("", "", prohibited),
        ("", "", "3.危及“三安全一稳定”"),
        ("", "", "4.保护第三方合法权益"),
        ("", "", "5.属于三类内部事务信息"),
        ("", "", "6.属于四类过程性信息"),
        ("", "", "7.属于行政执法案卷"),
        ("", "", "8.属于行政查询事项"),
        ("", "（四）无法提供", "1.本机关不掌握相关政府信息"),
        ("", "", "2.没有现成信息需要另行制作"),
        ("", "", "3.补正后申请内容仍不明确"),
        ("", "（五）不予处理", "1.信访举报投诉类申请"),
        ("", "", "2.重复申请"),
        ("", "", "3.要求提供公开出版物"),
        ("", "", "4.无正当理由大量反复申请"),
        ("", "", "5.要求行政机关确认或重新出具已获取信息"),
        *(("", b, c) for b, c in other),
        ("", "（七）总计", ""),
        ("四、结转下年度继续办理", "", ""),
    ]


HONGZE_T2_LABELS = t2_labels("2.其他法律行政止公开", HONGZE_OTHER)
HUAIAN_T2_LABELS = t2_labels("2.其他法律行政法规禁止公开", HUAIAN_OTHER)


def t2(labels: list[tuple[str, str, str]], values: str) -> list[list[str]]:
    """Table 2 as read: the header rows, then each label row followed by its line of numbers."""
    numbers = [line.split() for line in values.strip().splitlines()]
    return TABLE2_HEAD_ROWS + [[*label, *row] for label, row in zip(labels, numbers, strict=True)]


def t1(rules: str, normative: str, permits: str, penalties: str, coercions: str, fees: str) -> list[list[str]]:
    """Table 1 (主动公开) as read, from the report's numbers in their cells."""
    return [
        ["第二十条第（一）项", "", "", ""],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", *rules.split()],
        ["行政规范性文件", *normative.split()],
        ["第二十条第（五）项", "", "", ""],
        ["信息内容", "本年处理决定数量", "", ""],
        ["行政许可", permits, "", ""],
        ["第二十条第（六）项", "", "", ""],
        ["信息内容", "本年处理决定数量", "", ""],
        ["行政处罚", penalties, "", ""],
        ["行政强制", coercions, "", ""],
        ["第二十条第（八）项", "", "", ""],
        ["信息内容", "本年收费金额（单位：万元）", "", ""],
        ["行政事业性收费", fees, "", ""],
    ]


def natural_persons_only(counts: str) -> str:
    """Table 2's numbers where every application came from 自然人: that column, zeros, the total."""
    return "\n".join(f"{n} 0 0 0 0 0 {n}" for n in counts.split())


HONGZE_2023_T2 = t2(HONGZE_T2_LABELS, natural_persons_only("21 0 0 4 1 0 0 0 0 1 1 0 10 3 0 1 0 0 0 0 0 21 0"))
HONGZE_2023_T3 = [
    ["行政复议", "", "", "", "", "行政诉讼", "", "", "", "", "", "", "", "", ""],
    *T3_HEAD_2,
    ["10", "1", "0", "0", "0", "0", "0", "0", "0", "0", "5", "0", "0", "0", "0"],
]

HONGZE_2024_T2 = t2(HONGZE_T2_LABELS, natural_persons_only("95 0 50 9 0 0 1 0 0 1 1 0 31 1 0 1 0 0 0 0 0 95 0"))
# 2024 draws a separate empty cell between 行政复议 and 行政诉讼 in the first header row.
HONGZE_2024_T3 = [
    ["行政复议", "", "", "", "", "", "", "", "行政诉讼", "", "", "", "", "", ""],
    *T3_HEAD_2,
    ["1", "1", "0", "0", "2", "1", "0", "0", "0", "1", "2", "0", "1", "0", "3"],
]

# The row （四）无法提供 is cut by the page break (pages 4/5: "（四）无" | "法提供") and rebuilt.
HUAIAN_2024_T2 = t2(
    HUAIAN_T2_LABELS,
    """
    3001 53 0 0 61 4 3119
    34 0 0 0 0 0 34
    1288 21 0 0 50 3 1362
    447 7 0 0 0 0 454
    2 0 0 0 0 0 2
    30 1 0 0 0 0 31
    5 0 0 0 0 0 5
    6 0 0 0 0 0 6
    7 1 0 0 0 0 8
    12 0 0 0 0 0 12
    9 0 0 0 0 0 9
    105 0 0 0 0 0 105
    746 12 0 0 10 1 769
    11 0 0 0 0 0 11
    1 0 0 0 0 0 1
    56 6 0 0 0 0 62
    25 0 0 0 0 0 25
    0 0 0 0 0 0 0
    0 0 0 0 0 0 0
    1 0 0 0 0 0 1
    67 3 0 0 1 0 71
    6 0 0 0 0 0 6
    108 2 0 0 0 0 110
    2932 53 0 0 61 4 3050
    103 0 0 0 0 0 103
    """,
)
HUAIAN_2024_T3 = [
    ["行政复议", "", "", "", "", "行政诉讼", "", "", "", "", "", "", "", "", ""],
    *T3_HEAD_2,
    ["72", "64", "178", "37", "351", "13", "4", "8", "1", "26", "12", "1", "1", "6", "20"],
]

HONGZE_2023_T1 = t1("0 0 0", "0 5 5", "550", "4119", "195", "7730.28")
HONGZE_2024_T1 = t1("0 0 0", "3 0 8", "9487", "2776", "84", "7545")
HUAIAN_2024_T1 = t1("1 0 11", "8 26 66", "447228", "3985758", "88283", "96171.6")

CASES = {
    "hongze_district_2023": (HONGZE_2023_T1, HONGZE_2023_T2, HONGZE_2023_T3),
    "hongze_district_2024": (HONGZE_2024_T1, HONGZE_2024_T2, HONGZE_2024_T3),
    "huaian_city_2024": (HUAIAN_2024_T1, HUAIAN_2024_T2, HUAIAN_2024_T3),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_table_cell(name):
    t1, t2, t3 = CASES[name]
    rows = [b.cells for b in _doc(name).blocks if b.kind == "row"]
    assert rows == t1 + t2 + t3


@pytest.mark.parametrize(
    "name,pages,table_pages",
    [("hongze_district_2023", 5, {2, 3, 4}), ("hongze_district_2024", 5, {2, 3, 4}), ("huaian_city_2024", 6, {3, 4, 5})],
)
def test_pages_sources_and_text(name, pages, table_pages):
    doc = _doc(name)
    assert doc.pages == pages and doc.notes == []
    assert {b.source.page for b in doc.blocks if b.kind == "row"} == table_pages
    texts = [b.cells[0] for b in doc.blocks if b.kind == "text"]
    for heading in (
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ):
        assert heading in texts
    assert not any(t.startswith("- ") and t.endswith(" -") for t in texts)  # page numbers dropped
    assert all(b.source.box for b in doc.blocks if b.kind == "row")


def test_prose_is_reflowed_into_paragraphs():
    texts = [b.cells[0] for b in _doc("hongze_district_2024").blocks if b.kind == "text"]
    assert (
        "（二）依申请公开情况。根据《条例》和上级部门关于依申请办理的规范要求，强化组织领导、规范办理流程，指导各部门"
        "采取自行办理、协同办理、会商办理相结合的工作方式，确保依申请答复工作规范高效。2024 年，区政府办代表区政府受理政府"
        "信息公开申请 17 件，均已在法定期限内予以答复。"
    ) in texts


@pytest.mark.parametrize("name,year", [("hongze_district_2023", 2023), ("hongze_district_2024", 2024), ("huaian_city_2024", 2024)])
def test_check_reads_year_and_tables(name, year):
    # The report carries the pinned cells: table 2's （七）总计 row and table 3's row of numbers.
    _, t2_rows, t3_rows = CASES[name]
    [total] = [row[3:] for row in t2_rows if row[1] == "（七）总计"]
    appeals = [int(n) for n in t3_rows[-1]]
    result = _check(name)
    assert result["classification"]["kind"] == "annual_report"
    assert result["classification"]["format"] == "pdf"
    assert result["report"]["year"] == year
    assert result["report"]["applications"]["total"] == [int(n) for n in total]
    assert result["report"]["appeals"] == {
        "reconsideration": appeals[0:5],
        "litigation_direct": appeals[5:10],
        "litigation_after_reconsideration": appeals[10:15],
    }
    assert all(result["report"]["sections"].values())


T2_WHERE = "三、收到和处理政府信息公开申请情况 ·"
T3_WHERE = "四、政府信息公开行政复议、行政诉讼情况 ·"
# The findings each report deserves (see the module docstring), exactly, in report order.
FINDINGS = {
    "hongze_district_2023": [
        ("label.nonstandard", "warning", f"{T2_WHERE}（三）不予公开 2.其他法律行政法规禁止公开（第 3 页）"),
        ("template.mismatch", "error", f"{T2_WHERE}（六）其他处理"),
        ("appeals.total", "error", f"{T3_WHERE}行政复议"),
        ("appeals.total", "error", f"{T3_WHERE}行政诉讼·复议后起诉"),
    ],
    "hongze_district_2024": [
        ("narrative.conflict", "warning", "一、总体情况 ·“受理政府信息公开申请 17 件”"),
        ("label.nonstandard", "warning", f"{T2_WHERE}（三）不予公开 2.其他法律行政法规禁止公开（第 3 页）"),
        ("template.mismatch", "error", f"{T2_WHERE}（六）其他处理"),
    ],
    "huaian_city_2024": [],
}


@pytest.mark.parametrize("name", sorted(FINDINGS))
def test_check_finds_exactly_the_real_errors(name):
    findings = _check(name)["findings"]
    assert [(f["rule"], f["severity"], f["where"]) for f in findings] == FINDINGS[name]


@pytest.mark.parametrize("name", ["hongze_district_2023", "hongze_district_2024"])
def test_mistyped_row_is_read_and_the_mixed_template_cites_table_2(name):
    result = _check(name)
    assert result["report"]["applications"]["withheld_prohibited_by_law"] == [0] * 7
    assert result["report"]["applications"]["other"] == [0] * 7
    by_rule = {f["rule"]: f["message"] for f in result["findings"]}
    assert by_rule["label.nonstandard"] == "“2.其他法律行政止公开”应为“2.其他法律行政法规禁止公开”（国办公开办函〔2021〕30号格式）。"
    mismatch = by_rule["template.mismatch"]
    assert "“（六）其他处理”只有一行（第 4 页）" in mismatch and "本年制发件数" not in mismatch
    assert "cell.missing" not in by_rule


def test_hongze_2024_text_count_contradicts_table_2():
    [f] = [f for f in _check("hongze_district_2024")["findings"] if f["rule"] == "narrative.conflict"]
    assert "受理政府信息公开申请 17 件" in f["message"] and "“总计”为 95" in f["message"]


def test_appeal_totals_of_hongze_2023():
    messages = [f["message"] for f in _check("hongze_district_2023")["findings"] if f["rule"] == "appeals.total"]
    assert ["之和为 11（10+1+0+0）" in messages[0], "之和为 5（5+0+0+0）" in messages[1]] == [True, True]


@pytest.mark.parametrize(
    "name,organization,parent",
    [("hongze_district_2023", "洪泽区", None), ("hongze_district_2024", "洪泽区", "淮安市"), ("huaian_city_2024", "淮安市", None)],
)
def test_check_names_the_reporting_body(name, organization, parent):
    # The title names the body: "洪泽区人民政府" / "淮安市洪泽区人民政府" / "淮安市人民政府".
    report = _check(name)["report"]
    assert report["organization"] == organization
    assert report["parent"] == parent
