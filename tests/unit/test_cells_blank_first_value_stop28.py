"""Word's "save as text" without tabs: one cell per line, a blank line after each row, an empty
cell an empty line (readers/text.py). A row whose first values are blank prints its label, an
empty line per blank, then its values: the label and the values are one row. Read apart, the
label line and the numbers after it (`…申请数量` / `8件`) read as a sentence of the report,
`新收政府信息公开申请数量8件`, and the text seemed to contradict the table."""

from __future__ import annotations

from annual_report import catalog
from annual_report.check import check_bytes
from annual_report.readers.text import read_text

HEAD = ["申请人情况", "自然人", "法人或其他组织", "总计", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
BLANK_FIRST = {
    "new_received": ["", "8件", "0件", "4件", "0件", "7件", "19件"],
    "granted": ["", "", "0件", "4件", "0件", "7件", "11件"],
    "withheld_state_secret": ["", "0件", "0件", "0件", "0件", "0件", "0件"],
}
PREAMBLE = [
    "某某镇人民政府2022年政府信息公开工作年度报告",
    "一、总体情况",
    "2022年，我镇共收到政府信息公开申请19件，均按时答复。",
    "三、收到和处理政府信息公开申请情况",
    "",
]


def _text(subtotal: bool = False) -> str:
    """Table 2 as Word exports it without tabs: a group label above its first row's label.
    `subtotal`: a 合计 column of the 法人或其他组织 columns before the 总计."""
    lines = [*PREAMBLE, *HEAD, *(["合计"] if subtotal else []), ""]
    group = None
    for row in catalog.table2_rows(catalog.TEMPLATE_2021):
        if row.group is not None and row.group != group:
            lines.append(row.group)
        group = row.group
        values = BLANK_FIRST.get(row.key, ["0件"] * 7)
        if subtotal:
            values = [*values[:-1], f"{sum(int(v[:-1]) for v in values[1:-1] if v)}件", values[-1]]
        lines += [row.label, *values, ""]
    return "\n".join([*lines, "四、政府信息公开行政复议、行政诉讼情况", "本年度未发生行政复议、行政诉讼。"]) + "\n"


def _rows(text: str) -> list[list[str]]:
    return [b.cells for b in read_text(text.encode()).blocks if b.kind == "row"]


def test_a_label_then_empty_lines_then_numbers_is_one_row_with_its_blanks() -> None:
    rows = _rows(_text())
    for key, values in BLANK_FIRST.items():
        assert [catalog.TABLE2_BY_KEY[key].label, *values] in rows


def test_the_label_and_its_numbers_are_no_sentence_of_the_report() -> None:
    result = check_bytes(_text().encode(), "cells.txt")
    assert result.report is not None
    assert [c.value for c in result.report.tables.applications["new_received"]] == [None, 8, 0, 4, 0, 7, 19]
    assert [c.value for c in result.report.tables.applications["granted"]] == [None, None, 0, 4, 0, 7, 11]
    assert not [f for f in result.findings if f.rule == "narrative.conflict"], result.findings


def test_with_a_subtotal_column_the_row_is_one_cell_wider() -> None:
    text = _text(subtotal=True)
    rows = _rows(text)
    assert ["一、本年新收政府信息公开申请数量", "", "8件", "0件", "4件", "0件", "7件", "19件", "19件"] in rows
    result = check_bytes(text.encode(), "cells.txt")
    assert result.report is not None
    assert [c.value for c in result.report.tables.applications["new_received"]] == [None, 8, 0, 4, 0, 7, 19]
    assert not [f for f in result.findings if f.rule == "narrative.conflict"], result.findings


def test_numbers_on_one_line_after_a_label_and_an_empty_line_are_no_blanks() -> None:
    label = "二、上年结转政府信息公开申请数量"
    text = _text().replace("\n".join([label, *["0件"] * 7]), f"{label}\n\n0  0  0  0  0  0  0")
    assert f"{label}\n\n0  0" in text
    rows = _rows(text)
    assert ["0"] * 7 in rows and not any(r[0] == label for r in rows)
