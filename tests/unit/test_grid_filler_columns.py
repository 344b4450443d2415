"""A ruled table's grid may hold empty filler columns between its value columns (a Word table
whose cells do not line up from row to row: pdf_word-1000179). A row with a blank first value
is placed by the columns its neighbours fill, not by the grid's last `n` columns."""

from __future__ import annotations

from annual_report.document import Block
from annual_report.extract.rows import place_by_columns
from annual_report.extract.tokens import tokenize
from annual_report.model import Source

LABELS = ["三、本年度办理结果", "（三）不予公开"]


def row(label: str, values: list[str]) -> Block:
    # seven value columns with fillers after the 5th and the 6th: 3 label + 9 = 12 cells
    cells = [*LABELS, label, *values[:5], "", values[5], "", values[6]]
    return Block("row", cells, Source(page=3))


def test_a_blank_first_value_is_placed_by_the_columns_the_rows_around_fill() -> None:
    blocks = [
        row("5.属于三类内部事务信息", ["0", "0", "0", "0", "0", "0", "0"]),
        row("6.属于四类过程性信息", ["", "0", "0", "0", "0", "0", "0"]),
        row("7.属于行政执法案卷", ["0", "2", "0", "0", "0", "0", "2"]),
    ]
    tokens = [t for t in tokenize(blocks) if t.block == 1 and t.col >= 3]
    placed = place_by_columns(tokens, 7, [b.cells for b in blocks])
    assert placed is not None
    assert [t.kind for t in placed] == ["empty"] + ["value"] * 6
    assert [t.col for t in placed] == [3, 4, 5, 6, 7, 9, 11]


def test_a_blank_row_between_is_skipped_to_find_the_filled_columns() -> None:
    """pdf_word-3000023: the row above (`2.重复申请`) was left blank by the clerk."""
    blocks = [
        row("1.信访举报投诉类申请", ["0", "0", "0", "0", "0", "0", "0"]),
        row("2.重复申请", [""] * 7),
        row("3.要求提供公开出版物", ["", "0", "0", "0", "0", "0", "0"]),
        row("4.无正当理由大量反复申请", ["0", "0", "0", "0", "0", "0", "0"]),
    ]
    tokens = [t for t in tokenize(blocks) if t.block == 2 and t.col >= 3]
    placed = place_by_columns(tokens, 7, [b.cells for b in blocks])
    assert placed is not None
    assert [t.col for t in placed] == [3, 4, 5, 6, 7, 9, 11]
    assert placed[0].kind == "empty"
