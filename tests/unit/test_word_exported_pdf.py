"""What a word processor's PDF export does to the tables (the `pdf_word` harness family:
the DOCX family's report exported by LibreOffice), read as a text PDF's tables are."""

from __future__ import annotations

from annual_report.readers.pdftext import _chars_to_text


def _char(text: str, x0: float, top: float, bottom: float) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + 11.0, "top": top, "bottom": bottom}


def test_a_low_comma_glyph_stays_on_its_line() -> None:
    # LibreOffice's tight box for 、 sits at the bottom of the line: 687.7–690.6 under 二's 681.7–690.1
    chars = [_char("二", 90.1, 681.7, 690.1), _char("、", 101.1, 687.7, 690.6)]
    chars += [_char(ch, 112.1 + 11 * i, 680.4, 690.3) for i, ch in enumerate("上年结转")]
    assert _chars_to_text(chars) == "二、上年结转"
    # a second line of the cell is still a line of its own
    chars += [_char(ch, 90.1 + 11 * i, 694.0, 704.0) for i, ch in enumerate("数量")]
    assert _chars_to_text(chars) == "二、上年结转数量"
    assert _chars_to_text(list(reversed(chars))) == "二、上年结转数量"


def _word(text: str, x0: float, x1: float, top: float = 577.7) -> dict:
    return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": top + 11.0}


def test_a_change_word_and_its_number_in_two_fonts_are_one_cell() -> None:
    from annual_report.readers.pdfwords import touching

    # 增 in the CJK font, 1 in the Latin one, 1.6 pt apart: one cell of 本年增/减
    line = [
        _word("行政许可", 90.1, 134.1),
        _word("1", 399.2, 406.2),
        _word("增", 447.3, 458.3),
        _word("1", 459.9, 467.5),
        _word("293", 495.4, 516.4),
    ]
    assert [w["text"] for w in touching(line)] == ["行政许可", "1", "增1", "293"]
    # a count and its unit in two fonts, 2 pt apart
    counts = [_word("0", 302.8, 309.8), _word("件", 312.0, 323.0), _word("0", 337.1, 344.1), _word("件", 346.3, 357.3)]
    assert [w["text"] for w in touching(counts)] == ["0件", "0件"]
    # a number a column away from 增 (a label ending in 增?) is not glued to it
    far = [_word("增", 447.3, 458.3), _word("1", 470.0, 477.0)]
    assert [w["text"] for w in touching(far)] == ["增", "1"]


def test_rows_beside_a_ruled_grid_send_the_page_to_the_word_position_reader() -> None:
    from annual_report.readers.pdfruled import _borderless_rows

    def lines(*texts: str) -> list[dict]:
        return [{"text": t} for t in texts]

    # the rest of a borderless table 1 above a ruled table 2: short rows, one with 减1
    assert _borderless_rows(lines("行政强制 ０ ０ ０", "第二十条第（八）项", "行政事业性收费 21 减1", "政府集中采购 ０ ０"))
    # a borderless table 3: one row of fifteen numbers
    assert _borderless_rows(lines("行政复议 行政诉讼", "０ ０ ０ 3 3 ０ ０ ０ ０ ０ ０ ０ ０ 2 2"))
    # one row of table 2 left alone at the bottom of a page, in full-width digits
    assert _borderless_rows(lines("一、本年新收政府信息公开申请数量 ２ ６ ０ ０ ０ ４ １２"))
    # the last row of table 1 alone at the top of a page, above a ruled table 2
    assert _borderless_rows(lines("位：万元）", "行政事业性收费 0", "三、收到和处理政府信息公开申请情况"))
    assert _borderless_rows(lines("四、结转下年度继续办理 0件 0件 0件 0件 0件 0件 0件", "（七）总计 0件 0件 0件 0件 0件 0件 0件"))
    # the same row atop a page, its label wrapped under it (行政事业性 / 收费)
    assert _borderless_rows(lines("位：万元）", "行政事业性 0", "收费", "三、收到和处理政府信息公开申请情况"))
    # prose with numbers is not a table
    assert not _borderless_rows(lines("本年度主动公开信息 204 条，其中工作动态 102 条。", "行政许可 事项 12 项"))


def _row(page: int, *cells: str):
    from annual_report.document import Block
    from annual_report.model import Source

    return Block("row", list(cells), Source(page=page))


def test_a_row_broken_by_the_page_break_is_one_row() -> None:
    from annual_report.readers.pdfcontinued import _join_broken_rows

    header = [_row(2, "", "结果维", "尚未审", "总计"), _row(3, "", "持", "结", "")]
    _join_broken_rows(header)
    assert [b.cells for b in header] == [["", "结果维持", "尚未审结", "总计"]]
    # the label's end on the next page, the numbers with it or above it
    data = [_row(2, "（四）无法提供", "1.本机关不掌握相关政", "0", "3"), _row(3, "", "府信息", "", "")]
    _join_broken_rows(data)
    assert [b.cells for b in data] == [["（四）无法提供", "1.本机关不掌握相关政府信息", "0", "3"]]


def test_the_next_row_on_the_next_page_stays_a_row() -> None:
    from annual_report.readers.pdfcontinued import _join_broken_rows

    cases = [
        [_row(1, "行政许可", "1", "2", "3"), _row(2, "行政处罚", "", "", "")],  # a blank row: cell.missing, not a fragment
        [_row(1, "", "1.属于国家秘密", "0", "0"), _row(2, "", "2.其他法律行政法规禁止公开", "", "")],
        [_row(1, "（七）总计", "3", "0", "3"), _row(2, "四、结转下年度继续办理", "0", "0", "0")],
        [_row(1, "行政许可", "1", "2", "3"), _row(1, "法", "", "", "")],  # same page: not a page break
    ]
    for blocks in cases:
        before = [list(b.cells) for b in blocks]
        _join_broken_rows(blocks)
        assert [b.cells for b in blocks] == before


def test_a_unit_wrapped_under_its_count_goes_back_to_it() -> None:
    from annual_report.readers.pdfwords import units_under_numbers

    numbers = [_word("（一）予以公开", 128.0, 200.0, 100.0), _word("4", 302.7, 309.7, 100.0), _word("0", 337.1, 344.1, 100.0)]
    below = [_word("这一情形）", 128.0, 180.0, 112.0), _word("件", 302.7, 313.7, 112.0), _word("件", 337.1, 348.1, 112.0)]
    absorbed: list[dict] = []
    lines = units_under_numbers([numbers, below], absorbed)
    assert [[w["text"] for w in line] for line in lines] == [["（一）予以公开", "4件", "0件"], ["这一情形）"]]
    assert len(absorbed) == 2
    # a 件 that is no number's (prose under a table) stays where it is
    absorbed = []
    lines = units_under_numbers([[_word("共", 90.0, 101.0, 100.0)], [_word("件", 90.0, 101.0, 112.0)]], absorbed)
    assert [[w["text"] for w in line] for line in lines] == [["共"], ["件"]] and not absorbed


def test_a_lone_row_of_table_3_under_its_headers_is_read_as_a_row() -> None:
    from annual_report.readers.pdfcolumns import table_blocks

    heads = [_word(t, 90.0 + 30.4 * k, 101.0 + 30.4 * k, 603.2) for k, t in enumerate("结结其尚总")]
    values = [_word(str(k % 3), 90.0 + 30.4 * k, 97.0 + 30.4 * k, 696.6) for k in range(15)]
    lines = [
        {"text": " ".join(w["text"] for w in ws), "top": ws[0]["top"], "bottom": ws[0]["bottom"], "x0": 90.0, "x1": 520.0}
        for ws in (heads, values)
    ]
    found = table_blocks(heads + values, lines, 2)
    assert found is not None
    blocks, prose = found
    rows = [b.cells for b in blocks if b.kind == "row" and any(c.isdigit() for c in b.cells)]
    assert rows == [[str(k % 3) for k in range(15)]]
    assert all("0 1 2" not in ln["text"] for ln in prose)


def test_a_row_repeated_after_the_break_is_dropped_though_its_group_label_is_cut() -> None:
    from annual_report.readers.pdf import _drop_repeated_rows, _join_continued_tables

    label = "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    blocks = [
        _row(2, "", "（六）其他", label, "0", "1"),
        _row(3, "", "", label, "0", "1"),  # printed again by the break, its merged group cell empty
        _row(3, "", "处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "0", "0"),
    ]
    notes: list[str] = []
    _join_continued_tables(blocks)
    _drop_repeated_rows(blocks, notes)
    _join_continued_tables(blocks)
    assert [b.cells[1] for b in blocks] == ["（六）其他处理", ""]
    assert len(notes) == 1


def test_the_last_row_of_table_1_alone_on_a_page_is_a_row() -> None:
    from annual_report.readers.pdfcolumns import table_blocks

    words = [
        _word("行政事业性收费", 90.1, 167.1, 95.9),
        _word("0", 437.3, 444.3, 95.9),
        _word("三、收到和处理政府信息公开申请情况", 90.1, 277.1, 135.2),
    ]
    lines = [
        {"text": "行政事业性收费 0", "top": 95.9, "bottom": 106.9, "x0": 90.1, "x1": 444.3},
        {"text": words[2]["text"], "top": 135.2, "bottom": 146.2, "x0": 90.1, "x1": 277.1},
    ]
    found = table_blocks(words, lines, 2)
    assert found is not None
    blocks, prose = found
    assert [b.cells for b in blocks if b.kind == "row"] == [["行政事业性收费", "0"]]
    assert [ln["text"] for ln in prose] == ["三、收到和处理政府信息公开申请情况"]


def test_a_long_number_wrapped_in_its_narrow_cell_is_one_number() -> None:
    from annual_report.readers.pdfwords import units_under_numbers

    xs = [302.8, 337.1, 371.6, 405.9, 440.3, 474.8, 509.1]
    row = [_word("一、本年新收政府信息", 90.0, 200.0, 100.0)] + [
        _word(t, x, x + 11.0 * len(t), 100.0) for t, x in zip(["１０", "８", "０", "０", "３４", "４６", "１９"], xs)
    ]
    tail = [_word("公开申请数量", 90.0, 156.0, 112.0), _word("３", 302.8, 313.8, 112.0), _word("１", 509.1, 520.1, 112.0)]
    lines = units_under_numbers([row, tail], [])
    assert [w["text"] for w in lines[0][1:]] == ["１０３", "８", "０", "０", "３４", "４６", "１９１"]
    assert [w["text"] for w in lines[1]] == ["公开申请数量"]
    # the next row, left mostly blank, keeps its numbers: it starts a label of its own
    blank_row = [_word("2.重复申请", 90.0, 150.0, 112.0), _word("３", 302.8, 313.8, 112.0)]
    lines = units_under_numbers([row, blank_row], [])
    assert [w["text"] for w in lines[1]] == ["2.重复申请", "３"]


def test_a_long_number_wrapped_in_a_three_column_table_is_one_number() -> None:
    """Table 1 of the 2019 template (上一年项目数量 / 本年增/减 / 处理决定数量), narrow cells: `348`
    wrapped to `34` over `8` on the cell's next line (pdf_word-3000006), no label beside it."""
    from annual_report.readers.pdfwords import units_under_numbers

    xs = [449.6, 481.0, 512.3]
    row = [_word("行政许可", 90.1, 134.1, 505.9)] + [_word(t, x, x + 7.0 * len(t), 505.9) for t, x in zip(["0", "0", "34"], xs)]
    tail = [_word("8", 512.3, 519.3, 520.6)]
    lines = units_under_numbers([row, tail], [])
    assert [[w["text"] for w in line] for line in lines] == [["行政许可", "0", "0", "348"]]
    # the next row (a row's spacing below, or with a label of its own) keeps its number
    below = [_word("8", 512.3, 519.3, 530.6)]
    assert len(units_under_numbers([row, below], [])) == 2
    labelled = [_word("行政处罚", 90.1, 134.1, 520.6), _word("8", 512.3, 519.3, 520.6)]
    assert len(units_under_numbers([row, labelled], [])) == 2


def test_the_last_row_of_table_1_alone_atop_a_page_with_its_label_wrapped_is_a_row() -> None:
    """pdf_word-3000069: the page break fell inside table 1's last header; the next page opens
    with the header's end, then `行政事业性` `0` with `收费` wrapped under the label."""
    from annual_report.readers.pdfcolumns import table_blocks

    words = [
        _word("位：万元）", 432.9, 487.9, 71.2),
        _word("行政事业性", 90.1, 145.1, 95.9),
        _word("0", 432.9, 439.9, 95.9),
        _word("收费", 90.1, 112.1, 120.6),
        _word("（三）收到和处理政府信息公开申请情况", 90.1, 288.1, 145.2),
    ]
    lines = [{"text": w["text"], "top": w["top"], "bottom": w["bottom"], "x0": w["x0"], "x1": w["x1"]} for w in words]
    lines[1]["text"] = "行政事业性 0"
    del lines[2]
    found = table_blocks(words, lines, 2)
    assert found is not None
    blocks, prose = found
    assert [b.cells for b in blocks if b.kind == "row" and "0" in b.cells] == [["行政事业性收费", "0"]]
    assert [ln["text"] for ln in prose][-1] == "（三）收到和处理政府信息公开申请情况"


def test_a_page_of_tall_rows_with_no_header_is_a_table_page() -> None:
    """pdf_word-1000092: group labels repeated in every row, one character per line, so a page
    in the middle of table 2 holds four rows, their glued digits and no header word; its
    official row labels make it a table page (it was read as prose)."""
    from annual_report.readers.pdftext import _is_table_page

    page = ["、本年度办理结果", "）不", "予公开"]
    for label in ("2.其他法律行政法规禁止公 开", "3.危及 三安全一稳定 “ ”", "4.保护第三方合法权益"):
        page += ["三、本年度办理结果", "（三", "）不", "予公开", label, "0000000"]
    assert _is_table_page(page)
    # the same with counts written 0件 and labels wrapped (1. / 属 / 于国家秘密): five rows of counts
    rows = ["三、本年", "度办理结 果", "（三", "）不", "予公开", "1.", "属", "于国家秘密", "0件0件0件0件0件0件0件"]
    assert _is_table_page(rows * 5)
    # prose that names a label beside two lines ending in numbers is none
    assert not _is_table_page(["4.保护第三方合法权益", "今年共计 3 4 5", "另有 1 2 3", "全年无复议。"])
