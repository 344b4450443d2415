"""Tables broken by a page break in a word processor's PDF export (the `pdf_word` family): a
header cell, a row label or a group label cut by the break, its end at the top of the next
page, is read as one cell; a row that only looks like a piece stays a row."""

from __future__ import annotations

from annual_report.document import Block
from annual_report.model import Source
from annual_report.readers.pdfcontinued import _join_broken_rows


def _row(page: int, *cells: str) -> Block:
    return Block("row", list(cells), Source(page=page))


def _text(page: int, text: str, reassembled: bool = True) -> Block:
    return Block("text", [text], Source(page=page), reassembled=reassembled)


def _cells(blocks: list[Block]) -> list[list[str]]:
    return [b.cells for b in blocks]


def test_a_header_cell_merged_down_and_cut_by_the_break_is_one_cell() -> None:
    # table 3's header: 结果维持 … 总计 of 行政复议 span two rows; the break fell in the second
    blocks = [
        _row(2, "行政复议", "", "", "", "", "行政诉讼", "", ""),
        _row(2, "结果", "尚未", "总计", "", "", "未经复议直接起诉", "", ""),
        _row(2, "", "", "", "结", "尚", "", "结", "尚"),
        _row(3, "维持", "审结", "", "果维持", "未审结", "", "果维持", "未审结"),
        _row(3, "0", "0", "0", "0", "0", "0", "0", "0"),
    ]
    _join_broken_rows(blocks)
    assert _cells(blocks)[1:3] == [
        ["结果维持", "尚未审结", "总计", "", "", "未经复议直接起诉", "", ""],
        ["", "", "", "结果维持", "尚未审结", "", "结果维持", "尚未审结"],
    ]
    assert len(blocks) == 4 and blocks[1].reassembled and blocks[2].reassembled


def test_a_group_label_cut_by_the_break_goes_back_to_its_group() -> None:
    blocks = [
        _row(1, "", "（三）不予公", "1.属于国家秘密", "0", "0"),
        _row(1, "", "", "2.其他法律行政法规禁止", "0", "0"),
        _row(2, "", "开", "公开", "", ""),
        _row(2, "", "", "3.危及“三安全一稳定”", "0", "0"),
    ]
    _join_broken_rows(blocks)
    assert _cells(blocks) == [
        ["", "（三）不予公开", "1.属于国家秘密", "0", "0"],
        ["", "", "2.其他法律行政法规禁止公开", "0", "0"],
        ["", "", "3.危及“三安全一稳定”", "0", "0"],
    ]


def test_a_count_and_its_unit_cut_by_the_break_are_one_cell() -> None:
    blocks = [
        _row(2, "", "", "2.没有现成信息需要", "0", "-2", "0"),
        _row(3, "", "", "另行制作", "件", "", "件"),
    ]
    _join_broken_rows(blocks)
    assert _cells(blocks) == [["", "", "2.没有现成信息需要另行制作", "0件", "-2", "0件"]]


def test_what_only_looks_like_a_piece_stays_where_it_is() -> None:
    cases = [
        # the cell above is empty and nothing above it reads on into the piece
        [_row(1, "", "（三）不予公开", "1.属于国家秘密", "0"), _row(1, "", "", "2.其他", "0"), _row(2, "", "处理", "", "")],
        # a whole label of its own
        [_row(1, "", "（三）不予公开", "8.属于行政查询事项", "0"), _row(2, "", "（四）无法提供", "", "")],
        # a number under a number: two rows
        [_row(1, "", "", "3.其他", "0"), _row(2, "", "", "", "5")],
    ]
    for blocks in cases:
        before = _cells(blocks)
        _join_broken_rows(blocks)
        assert _cells(blocks) == before


def test_the_rest_of_a_borderless_row_label_at_the_page_top_goes_back_to_its_row() -> None:
    # word positions read the rest (`行政执法案卷`) as a label line of its own, left of no numbers
    blocks = [
        _row(2, "6.属于四类过程性信息", "0", "0"),
        _row(2, "7.属于", "0", "1"),
        _text(3, "行政执法案卷"),
        _row(3, "8.属于行政查询事项", "0", "0"),
        _text(3, "（四）无法提供"),
        _row(3, "1.本机关不掌握相关政府信息", "0", "0"),
    ]
    _join_broken_rows(blocks)
    assert [b.cells[0] for b in blocks] == [
        "6.属于四类过程性信息",
        "7.属于行政执法案卷",
        "8.属于行政查询事项",
        "（四）无法提供",
        "1.本机关不掌握相关政府信息",
    ]
    assert blocks[1].reassembled


def test_the_rest_of_a_group_label_and_of_its_row_at_the_page_top() -> None:
    blocks = [
        _row(2, "5.要求行政机关确认或重新出具已获取信息", "0", "0"),
        _text(2, "（六）其他处"),
        _row(2, "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "0", "0"),
        _row(2, "2.申请人逾期未按收费通", "0", "11"),
        _text(3, "理"),
        _text(3, "知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        _row(3, "3.其他", "0", "0"),
    ]
    _join_broken_rows(blocks)
    assert [b.cells[0] for b in blocks] == [
        "5.要求行政机关确认或重新出具已获取信息",
        "（六）其他处理",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "3.其他",
    ]


def test_a_line_at_the_page_top_that_is_no_rest_stays() -> None:
    cases = [
        # prose after the table, a heading, a label line that is no official continuation
        [_row(2, "（七）总计", "3", "3"), _text(3, "四、结转下年度继续办理")],
        [_row(2, "7.属于", "0", "1"), _text(3, "本年度共收到申请3件", reassembled=False)],
        [_row(2, "7.属于", "0", "1"), _text(3, "其他事项")],
        # not the page right after
        [_row(1, "7.属于", "0", "1"), _text(3, "行政执法案卷")],
    ]
    for blocks in cases:
        before = _cells(blocks)
        _join_broken_rows(blocks)
        assert _cells(blocks) == before
