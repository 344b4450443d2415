"""Rows and cells of Word tables exported to PDF (the pdf_word family) that the word-position
readers misread where a column's lines do not line up with the others': a group label set one
character per line (`三` / `、` / `本` …) at its own pitch prints lines between a row's lines.
Synthetic lines of the phenomenon, positions as pdfplumber gives them."""

from __future__ import annotations

from annual_report.readers.pdfwords import units_under_numbers
from tests.unit.pdf_word_lines import page_words, read_page, texts


def word(text: str, x0: float, top: float, width: float | None = None) -> dict:
    w = width if width is not None else 10.5 * len(text)
    return {"text": text, "x0": x0, "x1": x0 + w, "top": top, "bottom": top + 10.5}


_COLS = [306.7, 335.6, 364.5, 393.4, 422.3, 451.2, 480.1]  # 自然人 … 总计 (pdf_word-11000064)


def _counts(top: float) -> list[dict]:
    return [word("0", x + 1.9, top, 6.7) for x in _COLS]


def _units(top: float) -> list[dict]:
    return [word("件", x, top) for x in _COLS]


def test_units_under_counts_with_a_vertical_group_labels_line_between() -> None:
    """Counts over their units (`0` over `件`) in narrow columns, the group label column set one
    character per line at its own pitch (`度` between): the units still end the counts above,
    the row's label rest (`公开`) and the group's piece (`予公`) stay on their line (the units
    were read as a header row of `件`, the label rest lost)."""
    lines = [
        [word("年", 95.1, 643.5)],
        [word("）不", 123.7, 649.6), word("2.其他法律行政法规禁止", 167.5, 649.6, 115.0), *_counts(649.6)],
        [word("度", 95.1, 655.8)],
        [word("予公", 123.7, 661.9), word("公开", 214.5, 661.9), *_units(661.9)],
        [word("办", 95.1, 668.0)],
        [word("开", 128.9, 674.1)],
    ]
    absorbed: list[dict] = []
    got = texts(units_under_numbers(lines, absorbed))
    assert got[1] == ["）不", "2.其他法律行政法规禁止", *["0件"] * 7]
    assert got[3] == ["予公", "公开"]
    assert len(absorbed) == 7


def test_units_under_counts_with_a_centred_label_line_between() -> None:
    """A one-line label centred in its cell prints between the counts and their units
    (`0` / `二、上年结转政府信息公开申请数量` / `件`): the units end the counts."""
    lines = [
        [word("数量", 180.7, 239.3)],
        _counts(251.5),
        [word("二、上年结转政府信息公开申请数量", 107.2, 257.6, 168.0)],
        _units(263.8),
        [word("三", 95.1, 276.0)],
    ]
    got = texts(units_under_numbers(lines, []))
    assert got == [["数量"], ["0件"] * 7, ["二、上年结转政府信息公开申请数量"], ["三"]]


def test_a_unit_far_below_its_column_is_no_counts() -> None:
    """A line of `件` more than a line's spacing under the counts (another row's cells, a
    header) stays where it is."""
    lines = [_counts(251.5), [word("二、上年结转", 107.2, 263.8)], _units(276.0)]
    got = texts(units_under_numbers(lines, []))
    assert got[0] == ["0"] * 7 and got[2] == ["件"] * 7


def _rebuilt(spec: list[tuple[float, list[tuple[int, int, str]], bool]]) -> list:
    from annual_report.readers.layout_lines import Line, Piece
    from annual_report.readers.pdfrows import rebuild

    zeros = ["0"] * 7
    at = [58.0, 64.0, 70.0, 76.0, 82.0, 88.0, 94.0]
    lines = [
        Line(k, [Piece(a, b, t) for a, b, t in pieces], zeros if values else [], 55 if values else None, at if values else None)
        for k, (_, pieces, values) in enumerate(spec)
    ]
    tops = [top for top, _, _ in spec]
    return rebuild(list(lines), tops, [t + 10.5 for t in tops], [10.5] * len(tops))  # type: ignore[arg-type]  # list[Line] for list[Line | None]


def test_centred_label_lines_between_a_vertical_group_labels_lines() -> None:
    """Three-line borders, cells centred (pdf_word-9000060): `（一）予以公` / `开` centred in a cell
    spanning two label columns, the group label `三、本年度办理结果` two characters a line at
    its own pitch printing a line between them (`度办`, beside the row's numbers). The
    pieces still read together as the row's label (`开` was left a group piece, the row's
    label `（一）予以公`); the next row's label (`（二）部分公` … `形）`) ends before the next
    group's first piece under it (`（三`, cut short), and is whole."""
    items = _rebuilt(
        [
            (277.0, [(18, 22, "三、")], False),
            (289.3, [(18, 22, "本年")], False),
            (295.4, [(25, 37, "（一）予以公")], False),
            (301.5, [(18, 22, "度办")], True),
            (307.6, [(30, 32, "开")], False),
            (313.8, [(18, 22, "理结")], False),
            (326.0, [(19, 21, "果")], False),
            (338.3, [(25, 37, "（二）部分公")], False),
            (350.5, [(25, 37, "开（区分处理")], False),
            (362.8, [(28, 34, "的，只")], False),
            (368.9, [], True),
            (375.0, [(25, 37, "计这一情形，")], False),
            (387.3, [(26, 36, "不计其他情")], False),
            (399.5, [(29, 33, "形）")], False),
            (411.8, [(26, 30, "（三"), (33, 37, "1.属")], False),
            (424.0, [(27, 29, "）"), (33, 37, "于国")], False),
            (430.1, [], True),
            (436.3, [(26, 30, "不予"), (33, 37, "家秘")], False),
            (448.5, [(26, 30, "公开"), (34, 36, "密")], False),
        ]
    )
    labels = [payload[0] for _, payload, _ in items if isinstance(payload, list)]
    assert labels == ["（一）予以公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "1.属于国家秘密"]
    groups = [payload for _, payload, _ in items if isinstance(payload, str)]
    assert "三、本年度办理结果" in groups and "（三）不予公开" in groups


def test_the_rest_of_a_row_label_left_of_a_repeated_headers_label_cell() -> None:
    """No borders (pdf_word-9000029): Word repeats table 1's first header atop the next page, and
    the last character of the label the break cut (`其他对外管理服务事` / `项`) prints under it,
    at the label column's left edge, left of `信息内容` (centred in its cell). A header row has
    one cell per column: a piece in the label column under a header that has its label cell
    is no cell of it (it was read as the header's first cell, the row's label left short)."""
    words = page_words(
        [
            (104.2, [("第二十条第（一）项", 247.9, 342.4)]),
            (
                116.4,
                [
                    ("信息内容", 108.4, 150.4),
                    ("本年新制作数量", 203.2, 276.7),
                    ("本年新公开数量", 313.7, 387.2),
                    ("对外公开总数量", 424.3, 497.8),
                ],
            ),
            (128.7, [("项", 79.5, 90.0)]),
            (140.9, [("第二十条第（六）项", 247.9, 342.4)]),
            (
                153.2,
                [("信息内容", 108.4, 150.4), ("上一年项目数量", 203.2, 276.7), ("本年增/减", 327.7, 373.2), ("处理决定数量", 429.5, 492.5)],
            ),
            (165.4, [("行政处罚", 79.5, 121.5), ("0", 283.1, 289.8), ("0", 393.7, 400.4), ("380", 490.9, 510.9)]),
            (177.7, [("行政强制", 79.5, 121.5), ("0", 283.1, 289.8), ("0", 393.7, 400.4), ("45", 497.6, 511.0)]),
        ]
    )
    blocks, rest = read_page(words)
    rows = [b.cells for b in blocks if b.kind == "row"]
    assert ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"] in rows
    assert not any("项" in row for row in rows)
    assert any(ln["text"] == "项" for ln in rest)


def test_a_group_labels_first_pieces_are_no_row_label_of_their_own() -> None:
    """Cells top-aligned (pdf_word-11000045): the group label `（六）` / `其他` / `处理` beside the
    numbered rows' labels. Its first two pieces read as an official row label (`其他`, as
    `3.其他`), the whole does not (a group's): all stay the group's (`（六）其他` was read into
    the label of `1.申请人无正当理由…`)."""
    items = _rebuilt(
        [
            (485.4, [(32, 52, "5.要求行政机关确认或")], True),
            (497.7, [(32, 44, "重新出具已获")], False),
            (509.9, [(32, 38, "取信息")], False),
            (522.2, [(24, 30, "（六）"), (32, 40, "1.申请人")], True),
            (534.4, [(24, 28, "其他"), (32, 50, "无正当理由逾期不补")], False),
            (546.7, [(24, 28, "处理"), (32, 52, "正、行政机关不再处理")], False),
            (558.9, [(32, 50, "其政府信息公开申请")], False),
            (571.2, [(32, 52, "2.申请人逾期未按收费")], True),
            (583.4, [(32, 40, "通知要求")], False),
            (595.7, [(32, 52, "缴纳费用、行政机关不")], False),
            (607.9, [(32, 52, "再处理其政府信息公开")], False),
            (620.2, [(32, 36, "申请")], False),
            (632.4, [(32, 38, "3.其他")], True),
        ]
    )
    labels = [payload[0] for _, payload, _ in items if isinstance(payload, list)]
    assert labels[1] == "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    assert "（六）其他处理" in [payload for _, payload, _ in items if isinstance(payload, str)]


def test_a_first_row_whose_one_line_label_is_centred_under_its_counts() -> None:
    """No borders, counts over their units (pdf_word-17000039): the table's first row prints its
    counts, then its one-line label centred in the cell (`一、本年新收政府信息公开申请数量`),
    then the units (gone to the counts). The row's label is that line below: a stretch of
    table lines may start with a line of numbers alone when a label line follows (the counts
    were a row without label, the label a text of its own: a false cell.missing)."""
    items = _rebuilt(
        [
            (382.3, [(63, 65, "业"), (69, 71, "构"), (74, 76, "组"), (80, 82, "机")], False),
            (394.5, [(74, 76, "织"), (80, 82, "构")], False),
            (406.8, [], True),
            (412.9, [(20, 52, "一、本年新收政府信息公开申请数量")], False),
            (431.3, [(30, 42, "二、上年结转")], True),
            (443.5, [(26, 46, "政府信息公开申请数量")], False),
            (455.8, [(18, 24, "三、本")], True),
            (461.9, [(34, 48, "（一）予以公开")], False),
            (468.0, [(18, 24, "年度办")], False),
            (480.2, [(18, 24, "理结果")], False),
        ]
    )
    labels = [payload[0] for _, payload, _ in items if isinstance(payload, list)]
    assert labels == ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开"]
