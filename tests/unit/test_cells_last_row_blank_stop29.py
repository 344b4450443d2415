"""One cell per line without tabs (Word's text export), a blank cell a blank line and a blank
line after each row: the last row of a table with its last cell blank (`政府集中采购` / `1` /
blank / blank, then the next section's heading) is placed by the heading's line, which ends
the row, as it is inside the table (extract/tables.py: the heading after the table's region
is read with its tokens; it was a false table.ambiguous, the blank's cell.missing missed)."""

from __future__ import annotations

from annual_report.extract import extract_report
from annual_report.readers.text import read_text

_ITEMS = ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量", ""]
T1 = [
    "二、主动公开政府信息情况",
    *["第二十条第（一）项", "", "信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量", ""],
    *["规章", "0", "0", "0", "", "规范性文件", "1", "0", "15", ""],
    *["第二十条第（五）项", "", *_ITEMS, "行政许可", "0", "0", "3", "", "其他对外管理服务事项", "0", "0", "1", ""],
    *["第二十条第（六）项", "", *_ITEMS, "行政处罚", "0", "0", "5", "", "行政强制", "0", "0", "0", ""],
    *["第二十条第（八）项", "", "信息内容", "上一年项目数量", "本年增/减", "", "行政事业性收费", "0", "0", ""],
    *["第二十条第（九）项", "", "信息内容", "采购项目数量", "采购总金额", ""],
]


def _tables(last: list[str]):
    lines = [
        "一、总体情况",
        "2023年，本局认真落实《条例》。",
        *T1,
        "政府集中采购",
        *last,
        "三、收到和处理政府信息公开申请情况",
        "本年度收到申请0件。",
    ]
    return extract_report(read_text("\n".join(lines).encode())).tables


def test_the_last_rows_blank_last_cell_is_placed_by_the_heading_that_ends_it() -> None:
    tables = _tables(["1", "", ""])
    assert [c.value for c in tables.active_disclosure["procurement"].values()] == [1, None]
    assert not tables.ambiguities, tables.ambiguities


def test_the_last_row_in_full_reads_the_same() -> None:
    tables = _tables(["1", "12.5", ""])
    assert [c.value for c in tables.active_disclosure["procurement"].values()] == [1, 12.5]
