"""Tables with separate borders (a web page's table printed by the browser: the table's border
and each cell's own box a couple of points inside it). The double lines snap to one column rule;
the cell rules that end on the inner line must end on that snapped rule too (pdfrules.merge_rules)."""

from __future__ import annotations

from annual_report.readers import pdfgrid, pdfrules
from annual_report.readers.pdfgrid import PageGeometry
from annual_report.readers.pdfrules import HRule, VRule


def _geo(h: list[tuple[float, float, float]], v: list[tuple[float, float, float]]) -> PageGeometry:
    return PageGeometry(595, 842, [], [HRule(*x) for x in h], [VRule(*x) for x in v])


def test_a_cell_rule_ending_on_the_inner_line_of_a_double_border_still_divides_its_column():
    # Left column: one cell over two rows. Right column: two cells, divided at y=120 by a rule that
    # starts on the cells' own box (x=204.8), not on the table's rule at x=200, drawn in pieces.
    v = [(100, 100, 140), (300, 100, 140)]
    v += [(200, 100 + 4 * k, 104 + 4 * k) for k in range(10)]  # the outer rule, drawn in ten pieces
    v += [(202.5, 100, 140), (204.8, 100, 140)]  # the cells' own boxes
    h = [(100, 100, 300), (140, 100, 300), (120, 204.8, 300)]
    [t] = pdfgrid.find_tables(_geo(h, v))
    assert len(t.rows) == 2
    left, right = t.rows[0]
    assert left is not None and right is not None
    assert left.bottom == 140  # the left cell spans both rows
    assert right.bottom == 120  # the right column is divided where its cell rule runs
    assert t.rows[1][1] is not None and t.rows[1][1].top == 120


def test_a_rule_end_far_from_any_column_rule_stays_where_it_is():
    # a short rule that ends in the middle of a cell is not pulled onto a column rule
    v = [(100, 100, 140), (200, 100, 140), (300, 100, 140), (201.5, 100, 140)]
    h = [(100, 100, 300), (140, 100, 300), (120, 100, 250)]
    hs, _ = pdfrules.merge_rules([HRule(*x) for x in h], [VRule(*x) for x in v])
    mid = next(r for r in hs if r.y == 120)
    assert (mid.x0, mid.x1) == (100, 250)
