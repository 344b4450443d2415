"""More tables cut by a page break in a word processor's PDF export (`pdf_word`): table 1's last
row alone at the top of the next page, without the header it belongs under, read as prose (the
page holds no other table) or with its number centred between its label's lines."""

from __future__ import annotations

import pytest

from annual_report.document import Block
from annual_report.model import Source
from annual_report.readers.pdfcontinued import _join_broken_rows

_HEADER = ("信息内容", "本年收费金额（单位：万元）")


def _row(page: int, *cells: str) -> Block:
    return Block("row", list(cells), Source(page=page))


def _text(page: int, text: str) -> Block:
    return Block("text", [text], Source(page=page))


def _cells(blocks: list[Block]) -> list[list[str]]:
    return [b.cells for b in blocks]


ROW_AS_PROSE = [
    pytest.param(["行政事业性收费 ０"], ["行政事业性收费", "０"], id="one line"),
    pytest.param(["行政事业性 0", "收费"], ["行政事业性收费", "0"], id="label wrapped below its number"),
    pytest.param(["行政事业", "性收费 10.08"], ["行政事业性收费", "10.08"], id="label wrapped above its number"),
    pytest.param(["行政事", "15.36", "业性收费"], ["行政事业性收费", "15.36"], id="number centred between the label's lines"),
]


@pytest.mark.parametrize(("lines", "row"), ROW_AS_PROSE)
def test_a_row_alone_atop_a_page_read_as_prose_is_a_row_of_the_table_before(lines: list[str], row: list[str]) -> None:
    # the page holds no other table: the row's line(s) were read as prose, the heading after them too
    heading = _text(2, "三、收到和处理政府信息公开申请的情况")
    blocks = [_row(1, "行政强制", "0"), _row(1, *_HEADER), *[_text(2, t) for t in lines], heading]
    _join_broken_rows(blocks)
    assert _cells(blocks) == [["行政强制", "0"], list(_HEADER), row, [heading.text]]
    assert blocks[2].kind == "row" and blocks[2].source.page == 2
    assert blocks[2].reassembled == (len(lines) > 1)


def test_a_row_of_several_numbers_read_as_prose_fills_the_columns() -> None:
    blocks = [
        _row(1, "信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
        _row(1, "规章", "0", "0", "0"),
        _text(2, "行政规范性文件 4 0 6"),
    ]
    _join_broken_rows(blocks)
    assert _cells(blocks)[2] == ["行政规范性文件", "4", "0", "6"] and blocks[2].kind == "row"


def test_prose_atop_a_page_after_a_table_that_is_no_row_stays_prose() -> None:
    cases = [
        # prose with numbers, a label that is no official one, more numbers than the table has columns
        [_row(1, *_HEADER), _text(2, "本年度共收到申请 3 件")],
        [_row(1, *_HEADER), _text(2, "其他事项 3")],
        [_row(1, *_HEADER), _text(2, "行政事业性收费 0 0")],
        # a label without its number, a number without its label
        [_row(1, *_HEADER), _text(2, "行政事业性收费")],
        [_row(1, *_HEADER), _text(2, "15.36")],
        # not the page right after, not right after a row, not the page's first line
        [_row(1, *_HEADER), _text(3, "行政事业性收费 0")],
        [_row(1, *_HEADER), _text(1, "注："), _text(2, "行政事业性收费 0")],
        [_row(1, *_HEADER), _text(2, "三、收到和处理政府信息公开申请的情况"), _text(2, "行政事业性收费 0")],
    ]
    for blocks in cases:
        before = [(b.kind, b.cells[:]) for b in blocks]
        _join_broken_rows(blocks)
        assert [(b.kind, b.cells) for b in blocks] == before


def test_a_row_alone_on_a_page_its_number_centred_between_its_label_lines_is_read_by_word_positions() -> None:
    from annual_report.readers.pdfcolumns import table_blocks

    def word(text: str, x0: float, top: float) -> dict:
        return {"text": text, "x0": x0, "x1": x0 + 10.5 * len(text), "top": top, "bottom": top + 10.5}

    # Word's cells centred vertically: 信息内容 between the header's lines, 15.36 between the label's
    words = [
        word("第二十条第（八）项", 245.1, 71.3),
        word("本年收费金额（单位：万", 375.4, 83.5),
        word("信息内容", 204.6, 89.6),
        word("元）", 422.6, 95.8),
        word("行政事", 209.9, 108.0),
        word("15.36", 418.1, 114.1),
        word("业性收费", 204.6, 120.3),
        word("第三部分", 122.3, 141.2),
        word("收到和处理政府信息公开申请的情况", 191.4, 141.2),
    ]
    lines = [{"text": w["text"], "top": w["top"], "bottom": w["bottom"], "x0": w["x0"], "x1": w["x1"]} for w in words]
    found = table_blocks(words, lines, 2)
    assert found is not None
    rows = sorted((b for b in found[0] if b.kind == "row"), key=lambda b: b.source.box[1] if b.source.box else 0)
    assert [b.cells for b in rows] == [list(_HEADER), ["行政事业性收费", "15.36"]]


def test_the_end_of_a_count_its_narrow_cell_wrapped_over_the_break_goes_back_to_it() -> None:
    # `28` over `7` in a narrow cell, the page break between them: 287
    blocks = [
        _row(1, "行政处罚", "0", "0", "0"),
        _row(1, "行政强制", "0", "0", "28"),
        _row(2, "", "", "", "7"),
        _row(2, "第二十条第（八）项", "", "", ""),
    ]
    _join_broken_rows(blocks)
    assert _cells(blocks) == [["行政处罚", "0", "0", "0"], ["行政强制", "0", "0", "287"], ["第二十条第（八）项", "", "", ""]]
    assert blocks[1].reassembled
    # two ends at once, a decimal's end
    blocks = [_row(1, "", "（一）予以公开", "12", "3", "15"), _row(2, "", "", "6", "", "8")]
    _join_broken_rows(blocks)
    assert _cells(blocks) == [["", "（一）予以公开", "126", "3", "158"]]
    blocks = [_row(1, "政府集中采购", "1", "32.2"), _row(2, "", "", "5")]
    _join_broken_rows(blocks)
    assert _cells(blocks) == [["政府集中采购", "1", "32.25"]]


def test_digits_atop_a_page_that_end_no_count_stay_apart() -> None:
    cases = [
        # under a one-digit count (no cell wraps it), under a count with its unit, under no count
        [_row(1, "行政强制", "0", "0", "2"), _row(2, "", "", "", "7")],
        [_row(1, "行政强制", "0", "0", "28件"), _row(2, "", "", "", "7")],
        [_row(1, "行政强制", "0", "0", ""), _row(2, "", "", "", "7")],
        # digits with a label: a row of its own; a header before them: no row to end
        [_row(1, "行政强制", "0", "0", "28"), _row(2, "行政事业性收费", "", "", "7")],
        [_row(1, "信息内容", "上一年项目数量", "本年增/减", "处理决定数量"), _row(2, "", "", "", "7")],
        # more numbers than the row above has: a row of table 3, its header on the page before
        [_row(1, "", "12", "", ""), _row(2, "3", "4", "5", "6")],
        # a row of table 2 whose label stands apart: as many numbers as the row above, not ends
        [_row(1, "", "1.本机关不掌握相关政府信息", "12", "15", "20", "11", "58"), _row(2, "", "", "3", "4", "5", "6", "18")],
        # not the page right after
        [_row(1, "行政强制", "0", "0", "28"), _row(3, "", "", "", "7")],
    ]
    for blocks in cases:
        before = _cells(blocks)
        _join_broken_rows(blocks)
        assert _cells(blocks) == before


def test_the_rest_of_a_label_atop_a_page_is_no_part_of_the_first_row_under_it() -> None:
    from annual_report.readers.pdfcolumns import table_blocks

    # table 2 without rules, labels top-aligned in a narrow cell: the page opens with the rest of
    # the last label of the page before, then a row whose own label starts with its numbering
    def words_of(column: list[str], top: float, numbers: bool = False) -> list[dict]:
        out = []
        for n, text in enumerate(column):  # three characters a line, the cell's width
            y = top + 10.5 * n
            out.append(
                {"text": text, "x0": 173.3, "x1": 173.3 + 9.0 * len(text) - (0.4 if "." in text else 0), "top": y, "bottom": y + 9.0}
            )
            if n == 0 and numbers:
                out.extend({"text": "0", "x0": x, "x1": x + 5.7, "top": y, "bottom": y + 9.0} for x in (239.8 + 41.5 * c for c in range(7)))
        return out

    words = [
        *words_of(["逾期不", "补正、", "行政机", "关不再", "处理其", "政府信", "息公开", "申请"], 71.4),
        *words_of(
            ["2.申请", "人逾期", "未按收", "费通知", "要求缴", "纳费", "用、行", "政机关", "不再处", "理其政", "府信息", "公开申", "请"],
            155.4,
            True,
        ),
        *words_of(["3.其他"], 291.9, True),
    ]
    lines = [{"text": w["text"], "top": w["top"], "bottom": w["bottom"], "x0": w["x0"], "x1": w["x1"]} for w in words]
    found = table_blocks(words, lines, 3)
    assert found is not None
    assert [b.cells for b in found[0]] == [
        ["逾期不补正、行政机关不再处理其政府信息公开申请"],
        ["2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", *["0"] * 7],
        ["3.其他", *["0"] * 7],
    ]


def test_the_rest_of_a_label_under_the_header_word_repeats_atop_the_page_goes_back() -> None:
    # Word repeats table 2's header rows on the next page; the rest of the label the break cut
    # stands under them, above the page's first row of numbers
    blocks = [
        _row(3, "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处", "0", "0", "0"),
        _text(4, "（本列数据的勾稽关系为： 申请人情况"),
        _row(4, "第三项加第四项之和）", "商业企业", "科研机构"),
        Block("text", ["理其政府信息公开申请"], Source(page=4), reassembled=True),
        _row(4, "3.其他", "0", "0", "0"),
    ]
    _join_broken_rows(blocks)
    assert blocks[0].cells[0] == "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    assert [b.cells[0] for b in blocks[1:]] == ["（本列数据的勾稽关系为： 申请人情况", "第三项加第四项之和）", "3.其他"]


def test_a_label_line_under_the_page_top_rows_of_numbers_is_no_rest() -> None:
    blocks = [
        _row(3, "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处", "0", "0", "0"),
        _row(4, "3.其他", "0", "0", "0"),
        Block("text", ["理其政府信息公开申请"], Source(page=4), reassembled=True),
    ]
    before = _cells(blocks)
    _join_broken_rows(blocks)
    assert _cells(blocks) == before
