"""Rows of borderless PDF tables assembled from their lines (readers/pdfrows.py), and harness
cases the PDF readers once read wrong, pinned exactly (issue 13)."""

from __future__ import annotations

import pytest

from accuracy.cli import run_case
from accuracy.generate import make_case
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


def test_a_header_cell_wrapped_below_its_header_line_is_no_row_label() -> None:
    """2019 第二十条第（八）项, numbers right in their cells: `上一年项目数量` wrapped to `目数` and
    `量` below the `信息内容` line. Neither is the label of 行政事业性收费 (read as
    目数量行政事业性收费, a blank row)."""
    lines = [
        _line(0, [(22, 30, "信息内容"), (44, 62, "本年增/减")]),
        _line(1, [(31, 35, "目数")]),
        _line(2, [(32, 34, "量")]),
        _line(3, [(10, 24, "行政事业性收费")], ["0", "0"]),
    ]
    items = _rows(lines, [300.0, 313.0, 326.0, 344.0], 10.5)
    assert not [payload for _, payload, _ in items if payload is not None]  # left as read: no label assembled


def test_a_label_in_other_words_continues_on_the_line_below_its_numbers() -> None:
    """`四、结转下一年度继续` / numbers / `办理`: the wording is not official, but the last line
    brings it nearer `四、结转下年度继续办理`; it is not a group label."""
    zeros = ["0"] * 7
    lines = [
        _line(0, [(15, 29, "（六）其他处理")], zeros),
        _line(1, [(15, 25, "（七）总计")], zeros),
        _line(2, [(11, 31, "四、结转下一年度继续")]),
        _line(3, [], zeros),
        _line(4, [(11, 15, "办理")]),
        _line(5, [(23, 37, "1.属于国家秘密")], zeros),
    ]
    # the numbered line stands for the own-label column of the groups above (as on the page)
    labels = [p[0] for _, p, _ in _rows(lines, [596.6, 619.8, 642.9, 649.5, 656.0, 680.0], 10.5) if isinstance(p, list)]
    assert "四、结转下一年度继续办理" in labels


# PDF cases of seeds 1, 3, 7 and 13 the readers got wrong (`python -m accuracy.show FAMILY SEED`).
FOUND_ONCE = [
    ("pdf_borderless", 1000658),  # 数据来源：… under 行政事业性收费 read as the end of its label
    ("pdf_borderless", 1001152),  # the 2019 one-row 行政事业性收费 part, numbers left in their cells
    ("pdf_borderless", 1000387),  # short labels over the label columns beside a vertical group label
    ("pdf_borderless", 7000153),  # a note under table 1 quoting “本年新收”, table 2's heading lost, a 合计 column
    ("pdf_partial", 7000151),  # 第二十条第（八）项's header at a page's foot, its row with a blank on the next page
    ("pdf_ruled", 3000113),  # the copy of a group's first row atop the next page: （五）不予 / 处理
    ("pdf_ruled", 3000176),  # … and the rest of the group label on the row after the copy
    ("pdf_partial", 13000289),  # a continued page of table 2 with counts written 0件: a table page
    ("pdf_partial", 13000223),  # 上一/年项/目数/量 wrapped down beside 信息内容 over a one-row part
    ("pdf_partial", 13000097),  # table 3's blank, numbers right in narrow cells (half a column off)
    ("pdf_borderless", 13000216),  # harness: a cell left blank stays blank (no negative over it)
    ("pdf_borderless", 13000264),  # 四、结转下一年度继续 / 办理: other words, wrapped around its numbers
    ("pdf_partial", 1000107),  # 5.要求行政机关确认或重 atop a page, only group rows (（六）, （七）, 四、) after it
    ("pdf_partial", 1000919),  # … the same in another layout
    ("pdf_ruled", 13000194),  # 宁古镇管理委员会: a committee named after its township, 我区 its own word
    ("pdf_word", 3000006),  # 348 wrapped to 34 over 8 in table 1's narrow cell
    ("pdf_word", 3000069),  # table 1's last row atop a page, its label wrapped (行政事业性 0 / 收费)
    ("pdf_word", 1000086),  # tall rows (group labels repeated, one character a line), counts 0件: a table page
    ("pdf_word", 7000073),  # 0件's 件 at a column edge of table 3's header on the same page
    ("pdf_word", 7000062),  # the one-row part under its header atop a page, its label misspelt
]


@pytest.mark.parametrize(("family", "seed"), FOUND_ONCE, ids=[f"{f}-{s}" for f, s in FOUND_ONCE])
def test_pdf_cases_found_wrong_once_are_read_exactly(family: str, seed: int) -> None:
    case = make_case(seed, family)
    case.render["word"] = "template"  # pdf_word: the Word set-up these were found with (accuracy/word_styles.py)
    score, _, _, _ = run_case(case)
    assert score["passed"], "\n".join(score["diffs"][:12])
