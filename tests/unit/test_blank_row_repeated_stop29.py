"""A row of table 2 left blank at the foot of a page, reprinted blank atop the next page (the
page break repeats it), is one row, as a row reprinted with the same numbers is
(extract/table2.py `_same_row`): it was a false table.ambiguous “出现了两次”."""

from __future__ import annotations

from annual_report import catalog
from annual_report.document import Block
from annual_report.extract.tables import TableRegions, extract_tables
from annual_report.model import Source

_HEADER = ["申请人情况", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def _blocks(blank: str, again: list[str]) -> list[Block]:
    blocks = [Block("text", ["三、收到和处理政府信息公开申请情况"], Source(page=1)), Block("row", _HEADER, Source(page=1))]
    page = 1
    for row in catalog.table2_rows("2021"):
        group = row.group if row.group and row.group.startswith("（") else ""
        if row.key == blank:
            blocks.append(Block("text", [group + row.label], Source(page=page)))
            page = 2
            blocks.append(Block("row", [group + row.label, *again], Source(page=page)))
            continue
        blocks.append(Block("row", [group + row.label, "0", "0", "0", "0", "0", "0", "0"], Source(page=page)))
    return blocks


def test_a_blank_row_reprinted_blank_atop_the_next_page_is_one_row() -> None:
    tables = extract_tables(_blocks("not_processed_excessive", []), TableRegions())
    assert not tables.ambiguities, tables.ambiguities
    assert [c.value for c in tables.applications["not_processed_excessive"]] == [None] * 7
    assert [c.value for c in tables.applications["not_processed_confirm"]] == [0] * 7


def test_a_blank_row_then_the_same_label_with_numbers_is_still_two_rows() -> None:
    tables = extract_tables(_blocks("not_processed_excessive", ["1", "0", "0", "0", "0", "0", "1"]), TableRegions())
    assert [a.kind for a in tables.ambiguities] == ["duplicate"]
