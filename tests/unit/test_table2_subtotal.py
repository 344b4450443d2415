"""Table 2 with a 合计 / 小计 column after the kinds of 法人或其他组织 (extract/table2.py): its
numbers are the report's sum and are dropped from the cells."""

from __future__ import annotations

from annual_report import catalog
from annual_report.document import Block
from annual_report.extract.tables import TableRegions, extract_tables
from annual_report.model import Source

_HEADER = ["申请人情况", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "合计", "总计"]


def _blocks(before: list[str]) -> list[Block]:
    blocks = [Block("text", [t], Source(page=1)) for t in before]
    blocks.append(Block("row", _HEADER, Source(page=1)))
    for row in catalog.table2_rows("2021"):
        group = row.group if row.group and row.group.startswith("（") else ""
        blocks.append(Block("row", [group + row.label, "2", "1", "0", "0", "0", "0", "1", "3"], Source(page=1)))
    return blocks


def test_a_note_quoting_a_row_label_before_the_table_does_not_hide_the_subtotal_header() -> None:
    """Table 2's heading lost, so its rows are searched for in the whole document: a note under
    table 1 that quotes “本年新收” is prose, not the start of table 2's rows (every row was
    said to hold 8 numbers for 7 columns: a table.ambiguous for each)."""
    note = "注：1.本表所列数据截至2023年12月31日；2.“本年新收”不含上年结转的申请。"
    tables = extract_tables(_blocks(["一、总体情况", note]), TableRegions())
    for key in ("new_received", "granted", "carried_forward"):
        assert [c.value for c in tables.applications[key]] == [2, 1, 0, 0, 0, 0, 3]
    assert not tables.problems and not tables.ambiguities


def test_a_glued_run_splits_by_the_subtotal_columns_sums() -> None:
    from annual_report.extract import digits

    check = digits.subtotal_check(8, 6)
    assert digits.splits("146070122539", 8, check) == [[14, 6, 0, 7, 0, 12, 25, 39]]
    assert digits.splits("146070122539", 7, digits.row_total_check(7)) == []  # seven numbers cannot hold it
