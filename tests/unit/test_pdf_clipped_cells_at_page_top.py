"""A web page's table with separate borders, printed by the browser across a page break: each
cell cut by the break is clipped at its own height at the top of the next page, so the first
rules there make steps (an empty region that is no rectangle). The grid is read all the same,
the steps as empty cells; a region that is no rectangle and holds text still makes the grid
untrusted (the caller falls back)."""

from __future__ import annotations

from annual_report.readers import pdfgrid
from annual_report.readers.pdfgrid import PageGeometry
from annual_report.readers.pdfruled import _grid_rows
from annual_report.readers.pdfrules import HRule, VRule

XS = (10.0, 67.0, 127.0, 355.0, 590.0)


def _char(text: str, x0: float, top: float) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + 9, "top": top, "bottom": top + 10}


def _word(text: str, x0: float, top: float) -> list[dict]:
    return [_char(ch, x0 + 9 * k, top) for k, ch in enumerate(text)]


def _page(chars: list[dict]) -> PageGeometry:
    h = [(0, 10, 590), (3.4, 127, 590), (13.1, 67, 127), (27.4, 10, 67), (45, 67, 590), (88, 10, 590)]
    v = [(10, 0, 88), (67, 0, 27.4), (67, 45, 88), (127, 1.5, 45), (355, 3.4, 88), (590, 0, 88)]
    return PageGeometry(595, 842, chars, [HRule(*x) for x in h], [VRule(*x) for x in v])


def _rows_text(geo: PageGeometry) -> list[list[str]]:
    tables = pdfgrid.find_tables(geo)
    assert tables is not None, "the grid was not trusted"
    [table] = tables
    return [block.cells for block in _grid_rows(table, geo.chars, 4)]


def test_empty_steps_of_clipped_cells_at_a_page_top_are_read_as_empty_cells():
    chars = _word("3.其他", 130, 20) + _word("0", 360, 20) + _word("（七）总计", 130, 60) + _word("15", 360, 60)
    rows = _rows_text(_page(chars))
    assert [[c for c in row if c] for row in rows] == [["3.其他", "0"], ["（七）总计", "15"]]
    assert all(len(row) == len(rows[0]) for row in rows)
    assert rows[0].index("0") == rows[1].index("15")  # the numbers stay in one column


def test_a_region_that_is_no_rectangle_and_holds_text_is_not_trusted():
    chars = _word("3.其他", 130, 20) + _word("四", 30, 35)  # text in the step: the shape matters
    assert pdfgrid.find_tables(_page(chars)) is None
