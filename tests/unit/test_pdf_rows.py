"""Rows of borderless PDF tables assembled from their lines (readers/pdfrows.py), and harness
cases the PDF readers once read wrong, pinned exactly (issue 13)."""

from __future__ import annotations

import pytest

from accuracy.cli import run_one
from annual_report.readers.layout_lines import Line, Piece
from annual_report.readers.pdfrows import rebuild

_EIGHT = [70.5, 80.3, 90.2, 100.0, 109.8, 119.7, 129.5, 139.4]


def _line(k: int, pieces: list[tuple[int, int, str]], values: list[str] | None = None) -> Line:
    values = values or []
    return Line(k, [Piece(a, b, t) for a, b, t in pieces], values, 69 if values else None, _EIGHT[: len(values)] if values else None)


def _rows(lines: list[Line], tops: list[float], height: float) -> list[tuple[int, object, bool]]:
    return rebuild(list(lines), tops, [t + height for t in tops], [height] * len(tops))  # type: ignore[arg-type]  # list[Line] for list[Line | None]


def test_a_note_under_a_one_row_part_is_no_wrapped_label() -> None:
    """`数据来源：…` printed under 行政事业性收费, the only row of its part: the row's label stays
    whole and the note stays text (it was read as 行政事业性收费数据来源：…, a blank cell)."""
    lines = [_line(0, [(10, 24, "行政事业性收费")], ["0"]), _line(1, [(14, 52, "数据来源：本机关政府信息公开工作台账")])]
    items = _rows(lines, [510.6, 534.3], 10.5)
    assert items == [(0, None, False), (1, None, False)]  # nothing to assemble: the row's line is read as it is


def test_short_labels_spanning_the_label_columns_stay_their_rows_own() -> None:
    """Small print, rows far apart, no own label wrapped: `一、本年新收政府信息公开申请` (other
    words, short of the own column) and `（一）予以公开` beside the vertical `三、本年度办理结果`
    are their rows' labels, not group labels (they were read as blank labels)."""
    zeros = ["0"] * 8
    lines = [
        _line(0, [(18, 46, "一、本年新收政府信息公开申请")], zeros),
        _line(1, [(18, 50, "二、上年结转政府信息公开申请数量")], zeros),
        _line(2, [(18, 20, "三"), (25, 39, "（一）予以公开")], zeros),
        _line(3, [(18, 20, "、")]),
        _line(4, [(18, 20, "本"), (25, 63, "（二）部分公开（区分处理的，只计这一情")]),
        _line(5, [], zeros),
        _line(6, [(18, 20, "年"), (25, 43, "形，不计其他情形）")]),
        _line(7, [(18, 20, "度")]),
        _line(8, [(18, 20, "办"), (25, 39, "（三）不予公开"), (44, 58, "1.属于国家秘密")], zeros),
    ]
    tops = [672.8, 690.9, 709.1, 719.1, 727.2, 731.2, 735.3, 743.4, 751.6]
    labels = [payload[0] for _, payload, _ in _rows(lines, tops, 6.5) if isinstance(payload, list)]
    assert labels == [
        "一、本年新收政府信息公开申请",
        "二、上年结转政府信息公开申请数量",
        "（一）予以公开",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "1.属于国家秘密",
    ]


# PDF cases of seeds 1, 3 and 7 the readers got wrong (`python -m accuracy.show FAMILY SEED`).
FOUND_ONCE = [
    ("pdf_borderless", 1000658),  # 数据来源：… under 行政事业性收费 read as the end of its label
    ("pdf_borderless", 1001152),  # the 2019 one-row 行政事业性收费 part, numbers left in their cells
    ("pdf_borderless", 1000387),  # short labels over the label columns beside a vertical group label
    ("pdf_borderless", 7000153),  # a note under table 1 quoting “本年新收”, table 2's heading lost, a 合计 column
    ("pdf_partial", 7000151),  # 第二十条第（八）项's header at a page's foot, its row with a blank on the next page
    ("pdf_ruled", 3000113),  # the copy of a group's first row atop the next page: （五）不予 / 处理
    ("pdf_ruled", 3000176),  # … and the rest of the group label on the row after the copy
]


@pytest.mark.parametrize(("family", "seed"), FOUND_ONCE, ids=[f"{f}-{s}" for f, s in FOUND_ONCE])
def test_pdf_cases_found_wrong_once_are_read_exactly(family: str, seed: int) -> None:
    score, _, _, _ = run_one(seed, family)
    assert score["passed"], "\n".join(score["diffs"][:12])
