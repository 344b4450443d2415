"""Issue 13: reports as real documents write them, generated in variants (report_variants).

A clean report read back must give its cells and its body/year, and print no finding but what
the reader honestly could not place (`table.ambiguous`): what the reader reassembled is never
the township's fault. Faults that the document really has must still be found.
"""

from __future__ import annotations

import random

import pytest

from annual_report.check import check_bytes
from annual_report.extract.metadata import office_name, strip_title_spam
from annual_report.rules.cells import inner_deviation
from tests.unit.report_variants import layout_text, random_report, web_text


def _cells_ok(result, data) -> list[str]:
    """Cells read wrong (None is allowed only when the row is reported as ambiguous)."""
    t = result.report.tables
    unread = {(p.table, r) for p in t.ambiguities for r in p.unread_rows}
    bad = []
    for key, want in data.t2.items():
        got = [c.value for c in t.applications[key]]
        if got != want and not (all(v is None for v in got) and ("applications", key) in unread):
            bad.append(f"applications/{key}: {got} != {want}")
    for key, want in data.t3.items():
        got = [c.value for c in t.appeals[key]]
        if got != want and not (all(v is None for v in got) and ("appeals", key) in unread):
            bad.append(f"appeals/{key}: {got} != {want}")
    for key, vals in data.t1.items():
        got = [c.value for c in t.active_disclosure[key].values()]
        if got != list(vals.values()) and not all(v is None for v in got):
            bad.append(f"active_disclosure/{key}: {got} != {list(vals.values())}")
    return bad


@pytest.mark.parametrize("seed", range(16))
def test_web_page_text_is_a_report_read_back_without_false_findings(seed: int) -> None:
    rng = random.Random(seed)
    data = random_report(rng)
    text = web_text(data, rng, spam=seed % 3 == 0, lines=(1, 3, 5)[seed % 3])
    result = check_bytes(text.encode(), "web.txt")
    assert result.classification.kind == "annual_report", result.classification.reasons
    md = result.report.metadata
    assert (md.organization, md.year) == (data.org, data.year)
    assert "体育" not in (md.title or "")
    assert _cells_ok(result, data) == []
    assert [f.rule for f in result.findings if f.rule != "table.ambiguous"] == []
    assert all(s.present for s in result.report.sections.values())


def test_web_text_with_single_digit_cells_splits_every_row() -> None:
    rng = random.Random(7)
    data = random_report(rng, "2021")
    for row in data.t2.values():  # counts below 10 split one way only
        row[:] = [0] * 7
    data.t2["granted"] = [1, 2, 0, 0, 0, 0, 3]
    data.t2["total"] = [1, 2, 0, 0, 0, 0, 3]
    data.t2["new_received"] = [1, 2, 0, 0, 0, 0, 3]
    data.t1 = {k: {vk: v % 10 for vk, v in vals.items()} for k, vals in data.t1.items()}
    data.t3 = {k: [0] * 5 for k in data.t3}
    data.t3["reconsideration"] = [1, 0, 0, 1, 2]
    result = check_bytes(web_text(data, rng).encode(), "web.txt")
    assert {k: [c.value for c in v] for k, v in result.report.tables.applications.items()} == data.t2
    assert result.findings == []


@pytest.mark.parametrize("label_cols", [6, 8, 12, 20])
@pytest.mark.parametrize("at", ["first", "last"])
def test_wrapped_layout_labels_and_group_pieces_are_rebuilt(label_cols: int, at: str) -> None:
    for seed in range(3):
        data = random_report(random.Random(seed))
        result = check_bytes(layout_text(data, label_cols=label_cols, at=at).encode(), "layout.txt")
        assert _cells_ok(result, data) == []
        assert result.findings == [], [(f.rule, f.message) for f in result.findings]
        assert result.report.tables.labels == []


def test_a_real_wording_error_in_a_wrapped_label_is_still_reported() -> None:
    data = random_report(random.Random(3), "2021")
    text = layout_text(data, label_cols=8, at="last", labels={"withheld_prohibited_by_law": "2.其他法律法规禁止公开"})
    result = check_bytes(text.encode(), "layout.txt")
    labels = [(lb.key, lb.reading) for lb in result.report.tables.labels]
    # wrapped, but bounded by its own numbering (2.) and the next row's (3.): read as written
    assert labels == [("withheld_prohibited_by_law", "clean")]
    assert [f.rule for f in result.findings] == ["label.nonstandard"]


@pytest.mark.parametrize(
    ("found", "official", "blamed"),
    [
        ("2.申请人逾期未按收费通知要求", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", False),
        ("收费通知", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", False),
        ("本年制发件", "本年制发件数", False),
        ("2.其他法律法规禁止公开", "2.其他法律行政法规禁止公开", True),
        ("5.属于内部事务信息", "5.属于三类内部事务信息", True),
    ],
)
def test_reassembled_labels_are_blamed_only_for_differences_inside(found: str, official: str, blamed: bool) -> None:
    assert inner_deviation(found, official) is blamed


@pytest.mark.parametrize(
    ("title", "clean"),
    [
        ("某某体育_官网@:西柳镇人民政府2023年政府信息公开工作年度报告", "西柳镇人民政府2023年政府信息公开工作年度报告"),
        ("开云体育(中国)官方网站-平阳县教育局2019年政府信息公开工作年度报告", "平阳县教育局2019年政府信息公开工作年度报告"),
        ("九游会·J9-西柳镇2023年政府信息公开工作年度报告", "西柳镇2023年政府信息公开工作年度报告"),
        ("宁木特镇2021年政府信息公开工作的年度报告", "宁木特镇2021年政府信息公开工作的年度报告"),
    ],
)
def test_spam_in_front_of_the_title_is_cut_off(title: str, clean: str) -> None:
    assert strip_title_spam(title) == clean


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("安福县发展和改革局2021年政府信息公开工作年度报告", ("安福县发展和改革局", "安福县")),
        ("万宁市住房和城乡建设局2022年政府信息公开工作年度报告", ("万宁市住房和城乡建设局", "万宁市")),
        ("平阳经济开发区管委会2021年政府信息公开工作年度报告", ("平阳经济开发区管委会", None)),
        ("上塘镇人民政府2021年政府信息公开工作年度报告", None),
        ("丰城市上塘镇党政办公室", None),
    ],
)
def test_county_departments_and_zones_are_authors(text: str, body) -> None:
    assert office_name(text) == body


def _report(headings: dict[str, str], overview_extra: str = "", other: str = "本年度未收取信息处理费。") -> str:
    data = random_report(random.Random(11), "2021")
    data.headings.update(headings)
    text = layout_text(data, label_cols=40)
    return text.replace("本年度未收取信息处理费。", other) + overview_extra


@pytest.mark.parametrize(
    "style",
    [
        {"overview": "第一部分 工作总体推进情况", "appeals": "第四部分 政府信息公开行政复议、行政诉讼情况"},
        {"overview": "（一）总体情况", "other": "（六）其他需要报告的事项"},
        {"overview": "**一、工作基本情况**", "problems": "**五、存在的主要问题及改进情况**"},
        {"appeals": "四、政府信息公开行政法复议、行政诉讼情况"},
        {"overview": "一、概述"},
    ],
)
def test_heading_variants_are_sections(style: dict[str, str]) -> None:
    result = check_bytes(_report(style).encode(), "h.txt")
    assert all(s.present for s in result.report.sections.values())
    assert "sections.missing" not in [f.rule for f in result.findings]


def test_a_lost_heading_with_its_table_still_there_is_no_missing_section() -> None:
    text = _report({}).replace("三、收到和处理政府信息公开申请情况\n", "")
    result = check_bytes(text.encode(), "lost.txt")
    assert result.report.sections["applications"].present and result.report.sections["applications"].inferred
    assert "sections.missing" not in [f.rule for f in result.findings]


@pytest.mark.parametrize(
    "statement",
    [
        "本年度未发生收费情况。",
        "本年度未收取信息处理费。",
        "本年度无信息处理费收费情况。",
        "本机关本年度收取信息处理费0元。",
        "本年度政府信息公开工作未收取任何费用。",
        "全年未出现政府信息公开的收费及减免情况。",
    ],
)
def test_fee_statements_in_other_words(statement: str) -> None:
    result = check_bytes(_report({}, other=statement).encode(), "fee.txt")
    assert "section6.fee_statement" not in [f.rule for f in result.findings]


def test_no_fee_statement_is_still_found() -> None:
    result = check_bytes(_report({}, other="本年度召开政务公开专题会议2次。").encode(), "fee.txt")
    assert [f.rule for f in result.findings] == ["section6.fee_statement"]


def test_a_notice_about_compiling_reports_is_not_a_report() -> None:
    text = (
        "关于做好2024年度政府信息公开工作年度报告编制和发布工作的通知各乡镇人民政府：现就做好年度报告工作通知如下。"
        "一、报告内容年度报告应包括以下内容：（一）总体情况；（二）主动公开政府信息情况；（三）收到和处理政府信息公开申请情况；"
        "（四）政府信息公开行政复议、行政诉讼情况；（五）存在的主要问题及改进情况；（六）其他需要报告的事项。"
        "二、时间要求请于2025年1月31日前公开本单位年度报告。兴化市人民政府办公室2025年1月3日\n"
    )
    result = check_bytes(("当前位置：首页 > 政务公开\n" + text + "打印本页 关闭窗口\n").encode(), "notice.txt")
    assert result.classification.kind == "not_report"


def test_no_reconsideration_corrected_is_no_claim_of_no_applications() -> None:
    data = random_report(random.Random(5), "2021")
    text = layout_text(data, label_cols=40).replace("均在法定期限内答复。", "均在法定期限内答复。未发生因依申请公开被行政复议纠错的情况。")
    result = check_bytes(text.encode(), "x.txt")
    assert "narrative.conflict" not in [f.rule for f in result.findings]


def test_blank_cells_in_layout_text_are_put_back_by_their_column() -> None:
    data = random_report(random.Random(8), "2021")
    text = layout_text(data, label_cols=40)
    row = next(line for line in text.splitlines() if line.startswith("（七）总计"))
    values = row[-56:]  # seven right-aligned fields of 8 columns
    blanked = row[:-56] + values[:16] + " " * 8 + values[24:]  # the 科研机构 cell left empty
    result = check_bytes(text.replace(row, blanked).encode(), "x.txt")
    cells = [c.value for c in result.report.tables.applications["total"]]
    want = list(data.t2["total"])
    want[2] = None
    assert cells == want
    assert [f.rule for f in result.findings if f.row == "total" and f.rule != "applications.total_row"] == ["cell.missing"]
