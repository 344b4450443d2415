"""A table continued on the next page is re-gridded on the union of both parts' column edges
(pdfcontinued._align_continued_grids). Snapping a browser's double borders to their mean can
put one edge a few points apart on the two pages (391.4 on one, 394.6 on the other): that is
one edge, not a sliver column that would shift every later cell of one part by one."""

from __future__ import annotations

from annual_report.document import Block
from annual_report.model import Source
from annual_report.readers.pdfcontinued import _align_continued_grids, _Grid


def _row(page: int, cells: list[str]) -> Block:
    return Block("row", cells, Source(page=page))


def _parts(shift: float) -> tuple[list[Block], _Grid, _Grid]:
    first = [_row(1, ["一、本年新收政府信息公开申请数量", "3", "0", "1", "4"])]
    second = [_row(2, ["7.属于行政执法案卷", "", "0", "0", "0"])]
    a = _Grid(1, first, [7.2, 324.2, 355.7, 391.4, 433.5], 7.2, 588.4)
    b = _Grid(2, second, [7.1, 324.4, 355.5, 391.4 + shift, 433.9], 7.1, 588.1)
    return first + second, a, b


def test_edges_a_few_points_apart_on_two_pages_are_one_column_edge():
    blocks, a, b = _parts(3.2)
    _align_continued_grids(blocks, [a, b])
    assert blocks[0].cells == ["一、本年新收政府信息公开申请数量", "3", "0", "1", "4"]
    assert blocks[1].cells == ["7.属于行政执法案卷", "", "0", "0", "0"]  # the blank stays in its column


def test_a_real_column_edge_of_one_part_still_splits_the_other():
    blocks, a, b = _parts(20.0)  # a column edge the first part does not have
    _align_continued_grids(blocks, [a, b])
    assert len(blocks[0].cells) == len(blocks[1].cells) == 6
