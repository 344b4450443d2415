"""Rows and cells of Word tables exported to PDF that the word-position readers once misread
(issue 13, the pdf_word family): synthetic lines of the phenomenon, positions as pdfplumber
gives them."""

from __future__ import annotations

from annual_report.readers.pdfwords import units_under_numbers
from tests.unit.pdf_word_lines import page_words, read_page, texts


def word(text: str, x0: float, top: float, width: float | None = None) -> dict:
    w = width if width is not None else 6.0 * len(text)
    return {"text": text, "x0": x0, "x1": x0 + w, "top": top, "bottom": top + 10.5}


# Columns of table 2 (自然人 … 总计) as a frame-bordered Word table with cells centred
# vertically prints them (pdf_word-1000249): a count and its unit, or a count over its unit.
_COLS = [330, 363, 396, 429, 462, 495, 528]


def _cells(top: float, cols: list[int], text: str = "0件") -> list[dict]:
    return [word(text, x, top) for x in cols]


def test_a_one_line_label_centred_with_the_one_line_cells_gets_the_wrapped_counts() -> None:
    """`4.保护第三方合法权益` and its one-line cells (`9件`, `0件`) print on the middle line of
    a row whose counts in two columns wrap (`10` over `件`, `19` over `件`): the line of those
    counts above is no row of its own, its counts are the middle line's row's (they were read
    as blank cells of the row and a row of two numbers)."""
    before = [word("3.危及“三安全一稳定”", 186, 414.8), *_cells(414.8, _COLS)]
    wrapped = [word("10", 399, 427.0), word("19", 531, 427.0)]
    middle = [word("（三）不予", 94, 433.1), word("4.保护第三方合法权益", 186, 433.1), word("9件", 330, 433.1)]
    middle += _cells(433.1, [363, 429, 462, 495])
    units = [word("件", 401, 439.3), word("件", 532, 439.3)]
    after = [word("公开", 110, 445.4)]
    got = units_under_numbers([before, wrapped, middle, units, after], [])
    assert texts(got)[1] == ["（三）不予", "4.保护第三方合法权益", "9件", "0件", "10件", "0件", "0件", "0件", "19件"]
    assert texts(got)[2] == ["公开"]
    assert len(got) == 3


def test_the_total_rows_label_centred_between_its_wrapped_counts() -> None:
    """`（七）总计` on the middle line, `34 13 10 57` above it, their units below."""
    wrapped = [word("34", 334, 745.5), word("13", 366, 745.5), word("10", 399, 745.5), word("57", 531, 745.5)]
    middle = [word("（七）总计", 180, 751.6), *_cells(751.6, [429, 462, 495])]
    units = [word("件", 335, 757.8), word("件", 368, 757.8), word("件", 401, 757.8), word("件", 532, 757.8)]
    got = units_under_numbers([wrapped, middle, units], [])
    assert texts(got) == [["（七）总计", "34件", "13件", "10件", "0件", "0件", "0件", "57件"]]


def test_a_wrapped_labels_middle_line_holds_the_row_beside_a_group_label() -> None:
    """`2.申请人逾期未按收费通知要求缴` / `纳费用、…` / `信息公开申请` centred in its cell, the group
    label's `处理` beside the wrapped counts' first line (`10`, `10`): the counts join the
    one-line cells on the label's middle line, `处理` stays a group label's piece."""
    lines = [
        [word("（六）其他", 94, 690.4)],
        [word("2.申请人逾期未按收费通知要求缴", 160, 696.5)],
        [word("处理", 110, 702.6), word("10", 334, 702.6), word("10", 531, 702.6)],
        [word("纳费用、行政机关不再处理其政府", 160, 708.8), *_cells(708.8, [363, 396, 429, 462, 495])],
        [word("件", 335, 714.9), word("件", 532, 714.9)],
        [word("信息公开申请", 207, 721.0)],
    ]
    got = units_under_numbers(lines, [])
    assert texts(got) == [
        ["（六）其他"],
        ["2.申请人逾期未按收费通知要求缴"],
        ["处理"],
        ["纳费用、行政机关不再处理其政府", "10件", "0件", "0件", "0件", "0件", "0件", "10件"],
        ["信息公开申请"],
    ]


def test_the_rest_of_a_row_label_under_a_repeated_header_is_no_header_cell() -> None:
    """Word repeats table 1's header rows atop the next page; the rest of the label the break
    cut (`其他对` / `外管理服务事项`) prints under them, in the label column, two lines below
    `信息内容` (centred in its cell): it is no part of that header cell (it was read as
    `信息内容外管理服务事项`, the header no longer a repeat, the row's label left `其他对`)."""
    words = page_words(
        [
            (71.3, [("第二十条第（一）项", 245, 340)]),
            (83.5, [("本年", 397, 418), ("本年", 434, 455), ("对外", 471, 492)]),
            (95.8, [("新制", 397, 418), ("新公", 434, 455), ("公开", 471, 492)]),
            (101.9, [("信息内容", 216, 258)]),
            (108.0, [("作数", 397, 418), ("开数", 434, 455), ("总数", 471, 492)]),
            (120.3, [("量", 402, 413), ("量", 439, 450), ("量", 476, 487)]),
            (132.5, [("外管理服务事项", 200, 274)]),
            (144.8, [("第二十条第（六）项", 245, 340)]),
            (157.0, [("上一", 397, 418)]),
            (163.1, [("处理", 471, 492)]),
            (169.3, [("年项", 397, 418), ("本年", 434, 455)]),
            (175.4, [("信息内容", 216, 258), ("决定", 471, 492)]),
            (181.5, [("目数", 397, 418), ("增/减", 432, 457)]),
            (187.6, [("数量", 471, 492)]),
            (193.8, [("量", 402, 413)]),
            (206.0, [("行政处罚", 216, 258), ("17", 403, 412), ("2", 441, 448), ("89", 475, 488)]),
            (218.3, [("行政强制", 216, 258), ("10", 403, 412), ("-2", 440, 449), ("159", 472, 490)]),
        ]
    )
    blocks, rest = read_page(words)
    cells = [c for b in blocks for c in b.cells]
    assert "信息内容" in cells and not any("外管理" in c for c in cells)
    assert any(ln["text"] == "外管理服务事项" for ln in rest)


def test_counts_wrapped_digit_by_digit_in_centred_cells() -> None:
    """Cells centred both ways, a narrow column wraps `105` as `10` over `5` (pdf_word-5000008):
    the one-line cells (`8`, `10` of another column) print on the middle line, with the label's
    middle line or the one-line label (`（七）总计`); the digits below, centred under the
    counts they end, finish them."""
    total = [
        [word("10", 305, 368.3, 14), word("12", 479, 368.3, 13)],
        [
            word("（七）总计", 186, 374.4),
            word("6", 338, 374.4),
            word("0", 366, 374.4),
            word("1", 395, 374.4),
            word("8", 424, 374.4),
            word("3", 453, 374.4),
        ],
        [word("5", 309, 380.5), word("3", 482, 380.5)],
        [word("四、结转下年度继续办理", 133, 392.8), *[word("0", x, 392.8) for x in (309, 338, 366, 395, 424, 453, 482)]],
    ]
    got = units_under_numbers(total, [])
    assert texts(got)[0] == ["（七）总计", "105", "6", "0", "1", "8", "3", "123"]
    assert len(got) == 2
    new = [
        [word("一、本年新收", 160, 429.0), word("10", 305, 429.0, 14), word("12", 479, 429.0, 13)],
        [word("8", 338, 435.1), word("0", 366, 435.1), word("1", 395, 435.1), word("10", 421, 435.1, 13), word("2", 453, 435.1)],
        [word("政府信息公开申请数量", 139, 441.3), word("5", 309, 441.3), word("6", 482, 441.3)],
    ]
    got = units_under_numbers(new, [])
    assert texts(got) == [["一、本年新收"], ["105", "8", "0", "1", "10", "2", "126"], ["政府信息公开申请数量"]]


def test_a_label_rest_atop_the_page_does_not_decide_the_first_rows_alignment() -> None:
    """A narrow label column, cells top-aligned (pdf_word-5000059): the page opens with the rest
    of the last label of the page before (`逾期不` … `申请`), then `2.申请` beside its numbers and
    its label's next 13 lines, then `3.其他`. The lines atop go to the first row only as a part
    of their own (its label starts with its numbering): they do not make the table's cells
    bottom-aligned (they did, and `人逾期…申请` went to `3.其他`, `2.申请` left a stub)."""
    from annual_report.readers.layout_lines import Line, Piece
    from annual_report.readers.pdfrows import rebuild

    zeros = ["0"] * 7
    at = [80.3, 90.2, 100.0, 109.8, 119.7, 129.5, 139.4]

    def line(k: int, text: str, values: list[str] | None = None, start: int = 34) -> Line:
        v = values or []
        return Line(k, [Piece(start, start + 2 * len(text), text)], v, 46 if v else None, at if v else None)

    rest = ["逾期不", "补正、", "行政机", "关不再", "处理其", "政府信", "息公开", "申请"]
    label = ["人逾期", "未按收", "费通知", "要求缴", "纳费", "用、行", "政机关", "不再处", "理其政", "府信息", "公开申", "请"]
    lines = [line(k, t) for k, t in enumerate(rest)]
    lines.append(line(len(lines), "2.申请", zeros))
    lines += [line(len(lines) + k, t) for k, t in enumerate(label)]
    lines.append(line(len(lines), "3.其他", zeros))
    lines.append(line(len(lines), "（七）总计", zeros, start=26))
    tops = [71.4 + 10.5 * k for k in range(len(lines))]
    items = rebuild(list(lines), tops, [t + 9.0 for t in tops], [9.0] * len(tops))  # type: ignore[arg-type]  # list[Line] for list[Line | None]
    labels = [payload[0] if isinstance(payload, list) else payload for _, payload, _ in items if payload is not None]
    assert labels == ["".join(rest), "2.申请" + "".join(label), "3.其他", "（七）总计"]


def test_centred_labels_of_cells_spanning_the_label_columns_are_the_rows_own() -> None:
    """Cells centred both ways, three-line borders (pdf_word-3000022): `一、本年` / `新收政府信息
    公开申请数量` centred in a cell spanning the three label columns stop short of the column
    where the numbered sub-rows (`1.属于国家秘`) start, and so does `公开` under `（一）予以`.
    Pieces above and below each other that read together as an official row label are that
    row's own label (they were group pieces: a text `一、本年新收…` and rows with blank labels,
    `二、上年结转…数量公开`); a group label's pieces (`三、本年度办` / `理结果`) stay a group's."""
    from annual_report.readers.layout_lines import Line, Piece
    from annual_report.readers.pdfrows import rebuild

    zeros = ["0"] * 7
    at = [70.0, 85.0, 100.0, 115.0, 130.0, 145.0, 160.0]

    def line(k: int, pieces: list[tuple[int, int, str]], values: bool = False) -> Line:
        return Line(k, [Piece(a, b, t) for a, b, t in pieces], zeros if values else [], 68 if values else None, at if values else None)

    spec = [
        (139.5, [(35, 43, "一、本年")], False),
        (144.8, [], True),
        (150.0, [(27, 51, "新收政府信息公开申请数量")], False),
        (160.5, [(29, 49, "二、上年结转政府信息")], False),
        (165.8, [], True),
        (171.0, [(33, 45, "公开申请数量")], False),
        (181.5, [(18, 30, "三、本年度办"), (42, 52, "（一）予以")], False),
        (186.8, [], True),
        (192.0, [(21, 27, "理结果"), (45, 49, "公开")], False),
        (202.5, [(42, 52, "（二）部分")], False),
        (213.0, [(33, 61, "公开（区分处理的，只计这一情")], True),
        (223.5, [(38, 56, "形，不计其他情形）")], False),
        (234.0, [(48, 60, "1.属于国家秘")], False),
        (239.3, [], True),
        (244.5, [(53, 55, "密")], False),
    ]
    lines = [line(k, pieces, values) for k, (_, pieces, values) in enumerate(spec)]
    tops = [top for top, _, _ in spec]
    items = rebuild(list(lines), tops, [t + 9.0 for t in tops], [9.0] * len(tops))  # type: ignore[arg-type]  # list[Line] for list[Line | None]
    labels = [payload[0] for _, payload, _ in items if isinstance(payload, list)]
    assert labels == [
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "（一）予以公开",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "1.属于国家秘密",
    ]
    assert "三、本年度办理结果" in [payload for _, payload, _ in items if isinstance(payload, str)]


def test_a_digit_tail_beside_the_rest_of_a_centred_label_in_table_1() -> None:
    """Table 1, cells centred (pdf_word-5000001): `320` wraps as `32` over `0` beside the label
    `其他对外管理服务` / `事项`, the row's one-line cells between. The `0` beside `事项` ends `32`
    (a row of 3 numbers: the tail rule for a line with words wants table 2's 7)."""
    lines = [
        [word("其他对外管理服务", 207, 214.4), word("32", 494, 214.4, 14)],
        [word("0", 436, 220.5), word("0", 467, 220.5)],
        [word("事项", 239, 226.7), word("0", 498, 226.7)],
        [word("第二十条第（六）项", 248, 238.9)],
    ]
    absorbed: list[dict] = []
    got = units_under_numbers(lines, absorbed)
    assert texts(got) == [["其他对外管理服务"], ["0", "0", "320"], ["事项"], ["第二十条第（六）项"]]
    assert len(absorbed) == 1
