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
