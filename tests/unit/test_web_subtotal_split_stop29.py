"""Table 2 copied from a web page (one line per row, the cells' digits glued) with a 合计
column after the kinds of 法人或其他组织 (extract/table2.py, extract/digits.py).

A row whose glued run splits both ways (`00000111111`: seven numbers 0 0 0 0 0 111 111, or
eight 0 0 0 0 0 11 11 11) proves nothing about the 合计 column; the first such row decided
that 合计 named the table's 总计, and every later row of eight digits (`00000000`) was a
false table.ambiguous. A row that proves the column decides, and the undecided rows before
it are read again with it."""

from __future__ import annotations

from annual_report import catalog, stages
from annual_report.sniff import sniff

_HEADER = "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他合计"


def _run(values: list[int], subtotal: bool) -> str:
    """The row's cells glued, with the 合计 of the kinds of 法人或其他组织 when `subtotal`."""
    legal = values[1:6]
    cells = [values[0], *legal] + ([sum(legal)] if subtotal else []) + [values[0] + sum(legal)]
    return "".join(str(v) for v in cells)


def _report(rows: dict[str, list[int]], subtotal: bool = True, before: tuple[str, ...] = ("三、收到和处理政府信息公开申请情况",)) -> bytes:
    lines = [
        "某县市场监督管理局2023年政府信息公开工作年度报告",
        "一、总体情况",
        "2023年，本机关认真贯彻落实《条例》。",
        *before,
        _HEADER if subtotal else _HEADER.replace("其他合计", "其他"),
    ]
    for row in catalog.table2_rows("2021"):
        group = row.group if row.group and row.group.startswith("（") else ""
        lines.append(group + row.label + _run(rows.get(row.key, [0] * 6), subtotal))
    lines.append("四、政府信息公开行政复议、行政诉讼情况")
    return "\n".join(lines).encode("utf-8")


def _tables(data: bytes):
    document = stages.read(data, sniff(data))
    return stages.extract(document).tables


def test_a_first_row_that_splits_both_ways_waits_for_a_row_that_proves_the_subtotal_column() -> None:
    eleven = [0, 0, 0, 0, 0, 11]
    tables = _tables(_report({"new_received": eleven, "granted": eleven, "total": eleven}))
    assert not tables.ambiguities, tables.ambiguities
    for key in ("new_received", "granted", "total"):
        assert [c.value for c in tables.applications[key]] == [0, 0, 0, 0, 0, 11, 11], key
    for key in ("carried_over", "partially_granted", "carried_forward"):
        assert [c.value for c in tables.applications[key]] == [0] * 7, key


def test_without_the_subtotal_column_the_same_rows_read_as_seven_numbers() -> None:
    eleven = [0, 0, 0, 0, 0, 111]
    tables = _tables(_report({"new_received": eleven, "granted": eleven, "total": eleven}, subtotal=False))
    assert not tables.ambiguities, tables.ambiguities
    assert [c.value for c in tables.applications["new_received"]] == [0, 0, 0, 0, 0, 111, 111]


def test_a_note_item_quoting_a_row_label_does_not_end_the_header_with_the_subtotal() -> None:
    """Table 2's heading lost and the note under table 1 glued to its header: the reader cuts
    the web page's line at the note's items, and item 2 (`2.“本年新收”不含上年结转的申请。`)
    begins like the first row of table 2. A sentence is no row: the 合计 header after it is
    still seen (each row of eight digits was a false table.ambiguous)."""
    note = ("注：1.本表所列数据截至2023年12月31日；", "2.“本年新收”不含上年结转的申请。")
    five = [5, 0, 0, 0, 0, 0]
    tables = _tables(_report({"new_received": five, "partially_granted": five, "total": five}, before=note))
    assert not tables.ambiguities, tables.ambiguities
    assert [c.value for c in tables.applications["new_received"]] == [5, 0, 0, 0, 0, 0, 5]
    assert [c.value for c in tables.applications["carried_forward"]] == [0] * 7
