"""A table's cells one per line (a web table copied cell by cell, no separator): where an empty
line or a no-break-space line is a blank cell and where it is layout (readers/streamrows.py).

Before a row label, an empty line is the table's blank; before a heading it may be the paragraph
break. Before the next part of table 1 (its band `第二十条第(五)项`) it is a blank of the row
when the row needs it to be whole, and layout when the row is whole without it. A line holding
only a no-break space is a cell written out (an HTML `<td>&nbsp;</td>`), but a web page also
spaces paragraphs with `<p>&nbsp;</p>`: it is the row's blank only when the row needs it."""

from __future__ import annotations

from annual_report.extract.tables import TableRegions, extract_tables
from annual_report.model import Tables
from annual_report.readers.text import read_text


def _cells(row: str) -> list[str]:
    return row.split()


BEFORE = "二、主动公开政府信息情况"
T1_HEAD = ["第二十条第(一)项", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
T1_REST = [
    "第二十条第(五)项", "信息内容", "本年处理决定数量", "行政许可", "208",
    "第二十条第(六)项", "信息内容", "本年处理决定数量", "行政处罚", "15", "行政强制", "0",
    "第二十条第(八)项", "信息内容", "本年收费金额(单位:万元)", "行政事业性收费", "0",
]  # fmt: skip
T2 = [
    "三、收到和处理政府信息公开申请情况", "申请人情况", "自然人", "法人或其他组织", "总计",
    "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他",
    "一、本年新收政府信息公开申请数量", *_cells("3 1 0 0 0 0 4"),
    "四、结转下年度继续办理", *_cells("0 0 0 0 0 0 0"),
]  # fmt: skip
T3_HEAD = [
    "四、政府信息公开行政复议、行政诉讼情况", "行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果",
    "尚未审结", "总计", "未经复议直接起诉", "复议后起诉",
    *["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2,
]  # fmt: skip
T3_VALUES = _cells("2 0 0 0 2 0 0 0 0 0 3 0 2 0 5")
AFTER = ["", "五、存在的主要问题及改进情况", "政策解读形式较为单一。"]


def _read(lines: list[str]) -> Tables:
    return extract_tables(read_text("\n".join(lines).encode()).blocks, TableRegions())


def _t1(t: Tables, row: str) -> list[object]:
    return [c.value for c in t.active_disclosure[row].values()]


def _t3(t: Tables, row: str) -> list[object]:
    return [c.value for c in t.appeals[row]]


def _table1(normative: list[str]) -> list[str]:
    return [BEFORE, *T1_HEAD, "规章", "0", "0", "0", "行政规范性文件", *normative, *T1_REST]


def test_an_empty_last_cell_before_the_next_part_of_table_1_is_the_rows_blank() -> None:
    t = _read([*_table1(["4", "0", ""]), *T2, *T3_HEAD, *T3_VALUES, *AFTER])
    assert _t1(t, "normative_documents") == [4, 0, None]
    assert _t1(t, "licensing") == [208] and t.ambiguities == []


def test_an_empty_line_after_a_whole_row_before_the_next_part_is_layout() -> None:
    t = _read([*_table1(["4", "0", "32", ""]), *T2, *T3_HEAD, *T3_VALUES, *AFTER])
    assert _t1(t, "normative_documents") == [4, 0, 32]
    assert _t1(t, "licensing") == [208] and t.ambiguities == []
    lines = _table1(["4", "0", "32"])
    at = lines.index("208") + 1
    t = _read([*lines[:at], "", *lines[at:], *T2, *T3_HEAD, *T3_VALUES, *AFTER])  # 行政许可 208, then a break
    assert _t1(t, "licensing") == [208] and _t1(t, "penalty") == [15] and t.ambiguities == []


def test_a_no_break_space_line_at_a_tables_end_is_its_blank_last_cell() -> None:
    t = _read([*_table1(["4", "0", "32"]), *T2, *T3_HEAD, *T3_VALUES[:-1], "\xa0", *AFTER])
    assert _t3(t, "litigation_after_reconsideration") == [3, 0, 2, 0, None]
    assert _t3(t, "reconsideration") == [2, 0, 0, 0, 2] and t.ambiguities == []


def test_a_no_break_space_paragraph_after_a_whole_table_is_layout() -> None:
    t = _read([*_table1(["4", "0", "32"]), *T2, "\xa0", *T3_HEAD, *T3_VALUES, "\xa0", *AFTER])
    assert _t3(t, "litigation_after_reconsideration") == [3, 0, 2, 0, 5]
    assert [c.value for c in t.applications["carried_forward"]] == [0] * 7 and t.ambiguities == []
