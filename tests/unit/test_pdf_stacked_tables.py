"""Two ruled tables stacked with no gap (table 2 then table 3, the heading between them lost):
one group of rules, cut where one table's column rules all end and the next one's begin
(readers/pdfstacked.py). pdf_print-1000019 read table 2's last row with its blank cell as
unreadable: the merged grid spread each table's cells over both tables' columns."""

from __future__ import annotations

from annual_report.readers import pdfgrid
from annual_report.readers.pdfgrid import PageGeometry
from annual_report.readers.pdfrules import HRule, VRule


def _geo(h, v) -> PageGeometry:
    return PageGeometry(595, 842, [], [HRule(*x) for x in h], [VRule(*x) for x in v])


def _columns(t: pdfgrid.Table) -> list[float]:
    return [round(x) for x in t.xs]


def test_tables_stacked_with_no_gap_are_read_as_two() -> None:
    # table A: rows at 100/120/140, columns at 100|200|300|400; table B below, touching it at 140:
    # rows 140/160/180, columns at 100|150|250|350|400 (none in common with A's inner ones)
    h = [(y, 100, 400) for y in (100, 120, 140, 160, 180)]
    v = [(100, 100, 180), (400, 100, 180)]
    v += [(x, 100, 140) for x in (200, 300)] + [(x, 140, 180) for x in (150, 250, 350)]
    tables = pdfgrid.find_tables(_geo(h, v))
    assert [_columns(t) for t in tables] == [[100, 200, 300, 400], [100, 150, 250, 350, 400]]
    assert [len(t.rows) for t in tables] == [2, 2]


def test_a_caption_row_and_a_column_running_through_keep_one_table() -> None:
    # a caption row across the table (no column rule below its top) between two parts with
    # different columns: the columns above end at its top, the ones below start at its bottom
    h = [(y, 100, 400) for y in (100, 120, 140, 160)]
    v = [(100, 100, 160), (400, 100, 160), (200, 100, 120), (300, 100, 120), (150, 140, 160), (250, 140, 160)]
    [t] = pdfgrid.find_tables(_geo(h, v))
    assert len(t.rows) == 3
    # a label column at 200 runs through every row while the value columns change at 120
    v2 = [(100, 100, 160), (400, 100, 160), (200, 100, 160), (300, 100, 120), (350, 100, 120), (250, 120, 160), (320, 120, 160)]
    [t2] = pdfgrid.find_tables(_geo(h[:1] + h[1:], v2))
    assert len(t2.rows) == 3


def test_a_group_with_too_few_rules_is_returned_whole() -> None:
    from annual_report.readers.pdfstacked import split_stacked

    h = [HRule(100, 100, 400), HRule(120, 100, 400)]
    assert split_stacked(h, []) == [(h, [])]
    assert split_stacked(h[:1], [VRule(100, 100, 120)]) == [(h[:1], [VRule(100, 100, 120)])]
