"""Borderless PDF tables read from word positions (readers/pdfrows.py), session of 3 December,
29th stop: a header cell wrapped over more lines than its neighbours (`上一` / `年项` / `目数` /
`量`, beside a one-line `本年增/减`) ends above a one-row part of table 1 whose label the cell
centres around its numbers (`行政事业性` / `0 0` / `收费`). The header cell's last lines stand
over the column of numbers, right of every row label: no part of the row's label
(pdf_borderless-53000048: `目数量行政事业性收费`, a false cell.missing)."""

from __future__ import annotations

import pytest

from annual_report.readers.layout_lines import Line, Piece
from annual_report.readers.pdfrows import rebuild


def _line(k: int, pieces: list[tuple[int, int, str]], values: list[str] | None = None, at: list[float] | None = None) -> Line:
    return Line(k, [Piece(a, b, t) for a, b, t in pieces], values or [], 31 if values else None, at)


def _part(header_end: list[str], label: list[str]) -> tuple[list[Line | None], list[float]]:
    """A band, the header (its value cell wrapped, its last lines `header_end` alone), and one
    row whose label is centred around its numbers, the numbers right in their cells."""
    rows: list[tuple[float, list[tuple[int, int, str]], list[str] | None]] = [
        (646.0, [(22, 40, "第二十条第（八）项")], None),
        (667.5, [(27, 31, "上一")], None),
        (678.8, [(27, 31, "年项")], None),
        (684.4, [(15, 23, "信息内容"), (37, 46, "本年增/减")], None),
    ]
    y = 690.0
    for text in header_end:
        rows.append((y, [(27, 27 + 2 * len(text), text)], None))
        y += 11.3
    y += 10.0  # the cell's padding: the row's cell starts
    mid = y + 5.6 * (len(label) - 1) / 2
    for n, text in enumerate(label):
        rows.append((y + 11.2 * n, [(13, 13 + 2 * len(text), text)], None))
    rows.append((mid + 2.8 * (len(label) - 1), [], ["0", "0"]))
    rows.sort(key=lambda r: r[0])
    lines: list[Line | None] = [_line(k, p, v, [32.1, 48.1] if v else None) for k, (_, p, v) in enumerate(rows)]
    lines.append(_line(len(lines), [(22, 40, "第二十条第（九）项")]))
    tops = [r[0] for r in rows] + [y + 30.0]
    return lines, tops


@pytest.mark.parametrize("header_end", [["目数", "量"], ["目数量"]])
@pytest.mark.parametrize("label", [["行政事业性", "收费"], ["行政事业", "性收费"]])
def test_a_header_cell_wrapped_over_more_lines_is_no_part_of_the_row_label(header_end: list[str], label: list[str]) -> None:
    lines, tops = _part(header_end, label)
    items = rebuild(lines, tops, [t + 9.0 for t in tops], [9.0] * len(tops))
    rows = [payload for _, payload, _ in items if isinstance(payload, list)]
    assert rows == [["".join(label), "0", "0"]]


def test_the_harness_case_it_was_found_with_is_read_exactly() -> None:
    from accuracy.cli import run_case
    from accuracy.generate import make_case

    score, _, _, _ = run_case(make_case(53000048, "pdf_borderless"))
    assert score["passed"], "\n".join(score["diffs"][:12])
