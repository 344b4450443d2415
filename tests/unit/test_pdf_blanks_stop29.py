"""Blank cells of a one-row part of table 1 placed by the alignment of the other parts of table 1,
not of table 2 after it (pdfblanks). Word's table 1 keeps one grid of value columns for all its
parts, numbers set left in their cells; a part of two columns merges the last two (`采购总金额`
over two grid columns), so its header's centres are not its numbers' columns. Table 2 below sets
its numbers otherwise (centred in narrower cells). pdf_partial-47000053 (seed 47) borrowed table
2's alignment for `政府集中采购` (one number of two): a false table.ambiguous, a missed cell.missing."""

from __future__ import annotations

import pytest

from annual_report.readers.layout_lines import Line, Piece
from annual_report.readers.pdfblanks import place_blanks

_GRID = [42.7, 61.0, 80.5]  # the value columns of table 1, numbers left in their cells


def _line(k: int, pieces: list[tuple[int, int, str]], values: list[str] | None = None, at: list[float] | None = None) -> Line:
    values = values or []
    return Line(k, [Piece(a, b, t) for a, b, t in pieces], values, int(min(at)) if at else None, at)


def _page(value: str, at: float) -> tuple[list[Line | None], Line, list[Line]]:
    lines: list[Line | None] = [
        _line(0, [(24, 40, "第二十条第（六）项")]),
        _line(1, [(24, 32, "信息内容"), (43, 57, "上一年项目数量"), (64, 73, "本年增/减"), (81, 93, "处理决定数量")]),
        _line(2, [(16, 24, "行政处罚")], ["0", "0", "150"], list(_GRID)),
        _line(3, [(16, 24, "行政强制")], ["0", "0", "394"], list(_GRID)),
        # a part whose header cells over merged grid columns show no alignment of their own
        _line(4, [(24, 40, "第二十条第（八）项")]),
        _line(5, [(24, 32, "信息内容"), (43, 57, "上一年项目数量"), (73, 82, "本年增/减")]),
        _line(6, [(16, 30, "行政事业性收费")], ["0", "0"], _GRID[:2]),
        _line(7, [(24, 40, "第二十条第（九）项")]),
        _line(8, [(24, 32, "信息内容"), (44, 56, "采购项目数量"), (73, 83, "采购总金额")]),
    ]
    row = _line(9, [(16, 28, "政府集中采购")], [value], [at])
    lines += [row, _line(10, [(16, 60, "第三部分收到和处理政府信息公开申请情况")])]
    centres = [55.0, 64.0, 74.0, 83.0, 92.0, 101.0, 110.0]
    lines.append(_line(11, [(16, 40, "（本列数据的勾稽关系为：第一项加第"), *[(round(c) - 3, round(c) + 3, "自然人") for c in centres]]))
    t2 = [
        _line(12 + n, [(16, 40, label)], ["0"] * 7, [c - 2.8 for c in centres])
        for n, label in enumerate(["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量"])
    ]
    return [*lines, *t2], row, t2


@pytest.mark.parametrize(("at", "want"), [(_GRID[1], ["", "0"]), (_GRID[0], ["0", ""])])
def test_a_one_row_part_of_table_1_is_placed_as_table_1_sets_its_numbers(at: float, want: list[str]) -> None:
    parsed, row, t2 = _page("0", at)
    place_blanks(parsed)
    assert row.values == want
    assert all(r.values == ["0"] * 7 for r in t2)


def test_the_harness_case_it_was_found_with_is_read_exactly() -> None:
    from accuracy.cli import run_case
    from accuracy.generate import make_case

    score, _, _, _ = run_case(make_case(47000053, "pdf_partial"))
    assert score["passed"], "\n".join(score["diffs"][:12])
