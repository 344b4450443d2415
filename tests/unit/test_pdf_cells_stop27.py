"""Rows and header cells of borderless PDF tables read from word positions (session of
2 December, 27th stop). Synthetic word boxes of the phenomenon, positions as pdfplumber gives
them for the generated reports named."""

from __future__ import annotations

from tests.unit.pdf_word_lines import page_words, read_page

# pdf_partial-25001101: table 2's header centred in narrow cells 5 pt apart, the counts set right
# in their cells (no count starts under a header word, so no column edge is found there).
_RIGHT_ALIGNED = [
    (530.2, [("申请人情况", 370.8, 423.2)]),
    (546.3, [("法人或其他组织", 360.2, 433.8)]),
    (552.9, [("（本列数据的勾稽关系为：第一项加第二项之和，等", 60.2, 301.8)]),
    (561.5, [("自然", 308.5, 329.5), ("社会", 386.5, 407.5), ("法律", 412.5, 433.5)]),
    (566.0, [("于第三项加第四项之和）", 123.2, 238.8)]),
    (568.5, [("商业", 334.5, 355.5), ("科研", 360.5, 381.5), ("总计", 464.5, 485.5)]),
    (575.0, [("人", 313.8, 324.2), ("公益", 386.5, 407.5), ("服务", 412.5, 433.5), ("其他", 438.5, 459.5)]),
    (582.1, [("企业", 334.5, 355.5), ("机构", 360.5, 381.5)]),
    (588.7, [("组织", 386.5, 407.5), ("机构", 412.5, 433.5)]),
    (
        604.8,
        [
            ("一、本年新收政府信息公开申请数量", 57.5, 225.5),
            ("２５", 309.5, 330.5),
            ("５", 346.0, 356.5),
            ("０", 372.0, 382.5),
            ("７", 398.0, 408.5),
            ("０", 424.0, 434.5),
            ("０", 450.0, 460.5),
            ("３７", 465.5, 486.5),
        ],
    ),
    (
        620.9,
        [
            ("二、上年结转政府信息公开申请数量", 57.5, 225.5),
            *((n, x, x + 10.5) for n, x in zip("０００００００", (320.0, 346.0, 372.0, 398.0, 424.0, 450.0, 476.0), strict=True)),
        ],
    ),
]


def test_header_words_over_two_columns_of_right_aligned_counts_are_two_cells() -> None:
    """`服务` and `其他` stand 5 pt apart (less than half a character), each over a column of
    counts of its own: two cells, not `服务其他` (read as 法律服务其他机构, a false label.nonstandard)."""
    blocks, _ = read_page(page_words(_RIGHT_ALIGNED))
    header = next(b.cells for b in blocks if b.kind == "row" and any("公益" in c for c in b.cells))
    assert "法律服务机构" in header and "其他" in header, header
    assert not any("服务其他" in c for c in header)


def test_a_label_in_two_words_left_of_the_counts_stays_one_piece() -> None:
    """Words of a row label a few points apart, left of every column of counts: one label."""
    lines = [
        _RIGHT_ALIGNED[9],
        (620.9, [("二、上年结转政府", 57.5, 141.5), ("信息公开申请数量", 145.5, 229.5), *_RIGHT_ALIGNED[10][1][1:]]),
    ]
    blocks, _ = read_page(page_words(lines))
    rows = [b.cells for b in blocks if b.kind == "row"]
    assert rows[1][0] == "二、上年结转政府信息公开申请数量", rows


def _zeros(top: float, values: str = "0000000") -> tuple[float, list[tuple[str, float, float]]]:
    xs = (299.7, 332.6, 365.4, 398.1, 431.0, 463.8, 496.6)
    return top, [(v, x, x + 6.7) for v, x in zip(values, xs, strict=True)]


def _with(line: tuple[float, list[tuple[str, float, float]]], *words: tuple[str, float, float]):
    return line[0], [*words, *line[1]]


# pdf_word-3000063, page 4: Word repeats table 2's header atop the page (a three-line table:
# rules only above and under the header), cells centred vertically; the group label
# `三、本年度办理结果`, set two characters per line, goes on under the header (`理结` / `果`)
# before the first row's label lines.
_REPEATED_HEADER = [
    (117.9, [("申请人情况", 375.3, 427.8)]),
    (130.9, [("法人或其他组织", 364.7, 438.2)]),
    (137.0, [("（本列数据的勾稽关系为：第一项加第二项", 80.6, 280.1)]),
    (143.5, [("自然", 292.6, 313.6), ("社会", 391.0, 412.0), ("法律", 423.8, 444.8)]),
    (149.3, [("之和，等于第三项加第四项之和）", 101.6, 259.1), ("商业", 325.4, 346.4), ("科研", 358.2, 379.2), ("总计", 489.4, 510.4)]),
    (155.8, [("人", 297.8, 308.3), ("公益", 391.0, 412.0), ("服务", 423.8, 444.8), ("其他", 456.6, 477.6)]),
    (162.3, [("企业", 325.4, 346.4), ("机构", 358.2, 379.2)]),
    (168.4, [("组织", 391.0, 412.0), ("机构", 423.8, 444.8)]),
    (180.7, [("理结", 84.6, 105.6)]),
    (192.9, [("果", 89.8, 100.3)]),
    (205.2, [("三、", 84.6, 105.6)]),
    (211.3, [("1.申请人无正当理由逾", 173.5, 278.1)]),
    (217.4, [("本年", 84.6, 105.6), ("（六）", 124.8, 156.3)]),
    (223.5, [("期不补正、行政机关不", 173.3, 278.3)]),
    _with(_zeros(229.7), ("度办", 84.6, 105.6), ("其他处", 124.8, 156.3)),
    (235.8, [("再处理其政府信息公开", 173.3, 278.3)]),
    (241.9, [("理结", 84.6, 105.6), ("理", 135.3, 145.8)]),
    (248.0, [("申请", 215.3, 236.3)]),
    (254.2, [("果", 89.8, 100.3)]),
    (266.4, [("三、", 84.6, 105.6)]),
    (272.5, [("2.申请人逾期未按收费", 173.5, 278.1)]),
    (278.7, [("本年", 84.6, 105.6), ("（六）", 124.8, 156.3)]),
    (284.8, [("通知要求缴纳费用、行", 173.3, 278.3)]),
    _with(_zeros(290.9, "0300003"), ("度办", 84.6, 105.6), ("其他处", 124.8, 156.3)),
    (297.0, [("政机关不再处理其政府", 173.3, 278.3)]),
    (303.2, [("理结", 84.6, 105.6), ("理", 135.3, 145.8)]),
    (309.3, [("信息公开申请", 194.3, 257.3)]),
    (315.4, [("果", 89.8, 100.3)]),
]


def test_the_first_rows_label_lines_under_a_repeated_header_are_no_header_cells() -> None:
    """The lines between the repeated header and the first row of numbers (the group label's
    rest `理结` / `果`, the row's label `1.申请人无正当理由逾` …) are the first row's, not
    header cells: the row keeps its seven counts (three blank cells were put in under them,
    and its label lines read as header rows: table.ambiguous and cell.missing)."""
    blocks, _ = read_page(page_words(_REPEATED_HEADER))
    rows = [b.cells for b in blocks if b.kind == "row" and any(c.isdigit() for c in b.cells)]
    assert rows[0] == ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", *["0"] * 7], rows
    assert rows[1][1:] == ["0", "3", "0", "0", "0", "0", "3"], rows
    # `理结果` ends the group label the page before began (`三、本年度办`): a label of its own, no header cell.
    cells = [c for b in blocks if b.kind == "row" for c in b.cells]
    assert not any(c.startswith("理结") for c in cells), cells
    assert any(b.kind == "text" and b.cells == ["理结果"] for b in blocks)
