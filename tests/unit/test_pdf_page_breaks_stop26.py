"""Tables cut by a page break in a word processor's PDF export (`pdf_word`) where Word repeats the
table's header rows atop the next page and something of the cut row lands among the copy: the
rest of a wrapped label read into the copy's last header row, or printed under a copy read as
prose; and the last digit of a count its narrow cell wrapped, read atop the next page in a grid
of fewer columns."""

from __future__ import annotations

from annual_report.document import Block
from annual_report.model import Source
from annual_report.readers.pdfcontinued import _join_broken_rows
from annual_report.readers.pdfheaders import drop_repeated_headers


def _row(page: int, *cells: str, box: tuple[float, float, float, float] | None = None) -> Block:
    return Block("row", list(cells), Source(page=page, box=box))


def _text(page: int, text: str) -> Block:
    return Block("text", [text], Source(page=page))


def _cells(blocks: list[Block]) -> list[list[str]]:
    return [b.cells for b in blocks]


def _read(blocks: list[Block]) -> list[Block]:
    drop_repeated_headers(blocks)
    _join_broken_rows(blocks)
    return blocks


_ZEROS = ["0"] * 7

_HEADER2 = [
    _text(1, "（本列数据的勾稽关系为：第 申请人情况"),
    _text(1, "一项加第二项之和，等于第三 自然人 法人或其他组织 总计"),
    _row(1, "项加第四项之和）", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"),
]


def _copy(page: int) -> list[Block]:
    return [Block(b.kind, list(b.cells), Source(page=page)) for b in _HEADER2]


def _table2(rest_cell: int) -> list[Block]:
    """Table 2: its header on page 1, the label `5.要求行政机关确认或…` cut by the break at the foot
    of page 2, its rest read into the last row of the header Word repeats atop page 3."""
    copy = _copy(3)
    cells = copy[-1].cells
    copy[-1].cells = [*cells[:rest_cell], "重新出具已获取信息", *cells[rest_cell:]]
    return [
        _text(1, "三、收到和处理政府信息公开申请的情况"),
        *[Block(b.kind, list(b.cells), b.source) for b in _HEADER2],
        _row(1, "一、本年新收政府信息公开申请", *_ZEROS),
        _row(2, "4.无正当理由大量反复申请", *_ZEROS),
        _row(2, "5.要求行政机关确认或", *_ZEROS),
        *copy,
        _text(3, "（六）其他处理"),
        _row(3, "3.其他", *_ZEROS),
    ]


def test_the_rest_of_a_label_read_into_the_repeated_header_goes_back_and_the_copy_goes() -> None:
    # pdf_word-9000012 (no borders) and -9000028 (frame borders): FALSE table.ambiguous, the row
    # read twice
    for at in (1, 2, 6):
        blocks = _read(_table2(at))
        labels = [b.cells[0] for b in blocks]
        assert labels[5:] == ["4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息", "（六）其他处理", "3.其他"], at
        assert blocks[6].cells[1:] == _ZEROS


def test_a_repeated_header_whose_extra_cells_hold_numbers_is_no_copy() -> None:
    blocks = _table2(1)
    copy_row = blocks[9]
    copy_row.cells[1] = "3"  # numbers among the header's cells: a row of the table read into it
    before = [b.cells[:] for b in blocks]
    drop_repeated_headers(blocks)
    assert _cells(blocks) == before


def test_a_header_repeated_as_prose_with_the_rest_of_a_label_under_it_goes() -> None:
    # pdf_word-3000029 (frame borders): table 1's first header repeated atop page 2 and read as
    # prose (its cells line by line), `收费` (the rest of `行政事业性`) under it, then the page's
    # prose: FALSE label.nonstandard (`制发 废止 有效件数 件数 件数收费`), FALSE cell.missing
    blocks = [
        _text(1, "表1：主动公开政府信息情况"),
        _text(1, "第二十条第（一）项"),
        _row(1, "信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
        _row(1, "规章", "0", "0", "0"),
        _text(1, "第二十条第（八）项"),
        _row(1, "信息内容", "本年收费金额（单位：万元）"),
        _row(1, "行政事业性", "34.08"),
        _text(2, "第二十条第（一）项"),
        _text(2, "信息内容 本年 本年 现行"),
        _text(2, "制发 废止 有效件数 件数 件数收费"),
        _text(2, "三、收到和处理政府信息公开申请情况"),
    ]
    _read(blocks)
    assert _cells(blocks)[5:] == [
        ["信息内容", "本年收费金额（单位：万元）"],
        ["行政事业性收费", "34.08"],
        ["三、收到和处理政府信息公开申请情况"],
    ]


def test_prose_atop_a_page_that_only_shares_characters_with_a_header_stays() -> None:
    blocks = [
        _text(1, "第二十条第（一）项"),
        _row(1, "信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
        _row(1, "行政规范性文件", "0", "0", "3"),
        _text(2, "第二十条第（一）项"),
        _text(2, "信息内容 本年制发件数 本年废止"),  # the header's start only, then prose
        _text(2, "三、收到和处理政府信息公开申请情况"),
    ]
    before = _cells(blocks)
    drop_repeated_headers(blocks)
    assert _cells(blocks) == before


def test_the_last_digit_of_a_count_atop_a_page_read_in_fewer_columns_ends_the_count() -> None:
    # pdf_word-9000024 (template): 740 wrapped digit by digit in a narrow cell, `０` alone atop
    # page 2, whose grid has one column fewer: read as 74
    blocks = [
        _row(1, "行政许可", "０", "０", "７４", box=(90.1, 675.2, 524.8, 686.2)),
        _row(2, "", "", "０", box=(513.8, 71.2, 524.8, 82.2)),
        _row(2, "其他对外管理服务事项", "０", "０", "３２", box=(90.1, 95.9, 524.8, 106.9)),
    ]
    _join_broken_rows(blocks)
    assert _cells(blocks) == [["行政许可", "０", "０", "７４０"], ["其他对外管理服务事项", "０", "０", "３２"]]


def test_a_lone_digit_in_fewer_columns_not_under_the_count_stays() -> None:
    cases = [
        # its right edge is not the row's: some other column
        [_row(1, "行政许可", "0", "0", "74", box=(90.1, 675.2, 524.8, 686.2)), _row(2, "", "", "0", box=(453.9, 71.2, 464.9, 82.2))],
        # no boxes to place it by
        [_row(1, "行政许可", "0", "0", "74"), _row(2, "", "", "0")],
    ]
    for blocks in cases:
        before = _cells(blocks)
        _join_broken_rows(blocks)
        assert _cells(blocks) == before


def test_a_one_digit_count_in_full_width_digits_wrapped_over_the_break_ends_there() -> None:
    # pdf_word-11000007 (ruled) and -11000087 (frame): 13 in full-width digits, one a line in its
    # narrow cell (a full-width digit is as wide as an ideograph), `１` at the foot of page 1 and
    # `３` atop page 2: read as 1
    blocks = [_row(1, "行政规范性文件", "２", "０", "１"), _row(2, "", "", "", "３"), _row(2, "第二十条第（五）项", "", "", "")]
    _join_broken_rows(blocks)
    assert _cells(blocks)[0] == ["行政规范性文件", "２", "０", "１３"]
    blocks = [
        _row(1, "行政规范性文件", "２", "０", "１", box=(79.5, 728.4, 511.0, 738.9)),
        _row(2, "３", box=(500.5, 104.2, 511.0, 114.7)),
        _text(2, "第二十条第（五）项"),
    ]
    _join_broken_rows(blocks)
    assert _cells(blocks) == [["行政规范性文件", "２", "０", "１３"], ["第二十条第（五）项"]]
    # a zero starts no count (`０３`)
    blocks = [_row(1, "行政规范性文件", "２", "０", "０"), _row(2, "", "", "", "３")]
    _join_broken_rows(blocks)
    assert len(blocks) == 2


def test_a_whole_official_label_is_not_continued_by_the_next_tables_caption() -> None:
    # pdf_word-11000074 (ruled, narrow): table 2's caption printed in the first row of its grid
    # atop page 2, as wide as table 1 whose last row ends page 1: read as the rest of the label
    # (`行政事业性收费收到和处理政府信息公开申请情况表`), FALSE cell.missing
    width = 10
    blocks = [
        _row(1, "信息内容", *[""] * 6, "本年收费金额（单位：万元）", "", ""),
        _row(1, "行政事业性收费", *[""] * 6, "0", "", ""),
        _row(2, "收到和处理政府信息公开申请情况表", *[""] * (width - 1)),
        _row(2, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "", "", "申请人情况", *[""] * 6),
    ]
    before = _cells(blocks)
    _join_broken_rows(blocks)
    assert _cells(blocks) == before
    # the rest of a label the break cut still goes back
    blocks = [_row(1, "行政事业性", "0"), _row(2, "收费", "")]
    _join_broken_rows(blocks)
    assert _cells(blocks) == [["行政事业性收费", "0"]]


def test_a_header_repeated_as_prose_split_into_other_lines_than_the_first_print_goes() -> None:
    # pdf_word-13000042 (frame borders): table 2's header repeated atop page 4 and read as prose,
    # its lines not those of the first print (申请人情况 / 法人或其他组织 apart), the rest of the
    # last row's label `四、` | `结转下年度继续办理` under it: FALSE cell.missing
    zeros = ["0件"] * 7
    blocks = [
        _text(3, "三、收到和处理政府信息公开申请的情况"),
        _text(3, "申请人情况法人或其他组织"),
        _row(3, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "自然", "商业", "科研", "社会", "法律", "总计"),
        _row(3, "人", "企业", "机构", "公益组织", "服务机构", "其他"),
        _row(3, "一、本年新收政府信息公开申请数量", *zeros),
        _row(3, "（七）总计", *zeros),
        _row(3, "四、", *zeros),
        *[
            _text(4, t)
            for t in (
                "申请人情况",
                "法人或其他组织",
                "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） 自然 社会 法律",
                "商业 科研 总计",
                "人 公益 服务 其他",
                "企业 机构",
                "组织 机构",
                "结转下年度继续办理",
            )
        ],
        _text(4, "四、政府信息公开行政复议、行政诉讼情况"),
    ]
    _read(blocks)
    assert _cells(blocks)[5:] == [["（七）总计", *zeros], ["四、结转下年度继续办理", *zeros], ["四、政府信息公开行政复议、行政诉讼情况"]]
