"""Tables broken by a page break in a word processor's PDF export (the `pdf_word` family): a
header cell, a row label or a group label cut by the break, its end at the top of the next
page, is read as one cell; a row that only looks like a piece stays a row."""

from __future__ import annotations

import pytest

from accuracy.cli import run_case
from accuracy.generate import make_case
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


def test_the_rest_of_an_official_row_label_read_as_prose_at_the_page_top() -> None:
    # the next page holds a ruled table 2: the line above it is read as prose, not as a label line
    for first, rest in (("行政事业性", "收费"), ("行政事", "业性收费")):
        blocks = [_row(1, "信息内容", "本年收费金额（单位：万元）"), _row(1, first, "15.36"), _text(2, rest, reassembled=False)]
        _join_broken_rows(blocks)
        assert _cells(blocks) == [["信息内容", "本年收费金额（单位：万元）"], ["行政事业性收费", "15.36"]]
    # prose only when the two make a whole official label
    blocks = [_row(1, "行政事业性", "0"), _text(2, "收费情况如下", reassembled=False)]
    _join_broken_rows(blocks)
    assert len(blocks) == 2


def test_an_official_row_wrapped_at_a_page_top_beside_a_ruled_table_is_a_row() -> None:
    from annual_report.readers.pdfruled import _borderless_rows

    def lines(*texts: str) -> list[dict]:
        return [{"text": t} for t in texts]

    # table 1's last row alone at the top of a page, its label wrapped, the number on either line
    assert _borderless_rows(lines("位：万元）", "行政事业性 ０", "收费", "三、收到和处理政府信息公开申请情况"))
    assert _borderless_rows(lines("行政事业", "性收费 10.08", "三、收到和处理政府信息公开申请情况"))
    # a line that only ends in a number beside a word is no row
    assert not _borderless_rows(lines("本年度主动公开信息 204", "条，其中工作动态 102 条。"))


def test_an_official_row_wrapped_at_a_page_top_is_read_by_word_positions() -> None:
    from annual_report.readers.pdfcolumns import table_blocks

    def word(text: str, x0: float, top: float) -> dict:
        return {"text": text, "x0": x0, "x1": x0 + 11.0 * len(text), "top": top, "bottom": top + 10.0}

    for number_top in (98.0, 112.7):  # the number beside the label's first or second line
        words = [word("行政事业性", 90.1, 98.0), word("收费", 90.1, 112.7), word("10.08", 441.8, number_top)]
        words.append(word("三、收到和处理政府信息公开申请情况", 90.1, 137.2))
        lines = [{"text": w["text"], "top": w["top"], "bottom": w["bottom"], "x0": w["x0"], "x1": w["x1"]} for w in words]
        found = table_blocks(words, lines, 2)
        assert found is not None
        rows = [b.cells for b in found[0] if b.kind == "row"]
        assert rows == [["行政事业性收费", "10.08"]]


# Generated reports (the `pdf_word` family, `accuracy/render_word_pdf.py`) whose tables a page
# break cuts, each read exactly since the fixes above.
PAGE_BREAK_CASES = [
    (3_000_004, "table 3's header cells 尚未/审结, 结/果维持 cut by the break"),
    (3_000_005, "group label （三）不予公/开 and row label 2.其他法律行政法规禁止/公开 cut by the break"),
    (3_000_090, "row label 2.没有现成信息需要/另行制作 and every count's 0/件 cut by the break"),
    (3_000_016, "borderless row label 7.属于/行政执法案卷 cut by the break"),
    (3_000_052, "borderless group label （六）其他处/理 and its row's label cut by the break"),
    (3_000_061, "table 1's last row 行政事业性/收费 wrapped at a page top beside a ruled table 2"),
    (1_000_098, "table 1's last row 行政事/业性收费 cut by the break, its rest read as prose"),
]


@pytest.mark.parametrize(("seed", "shows"), PAGE_BREAK_CASES, ids=[str(s) for s, _ in PAGE_BREAK_CASES])
def test_a_generated_report_cut_by_page_breaks_is_read_exactly(seed: int, shows: str) -> None:
    case = make_case(seed, "pdf_word")
    case.render["word"] = "template"  # the Word set-up these were pinned with (accuracy/word_styles.py)
    score, _, _, _ = run_case(case)
    assert score["passed"], shows + "\n" + "\n".join(score["diffs"][:12])


def test_a_page_that_opens_inside_table_2_with_counts_and_units_apart_is_a_table_page() -> None:
    from annual_report.readers.pdftext import _is_table_page

    # the page a break left table 2 on: no header, labels cut, `0 件` in two fonts or glued
    labels = ["属于行政执法案卷", "8.属于行政查询事项", "（四", "）无", "1.本机关不掌握", "2.没有现成信息需要", "3.补正后申请"]
    spaced = [line for label in labels for line in (label, "0 件 0 件 0 件 0 件 0 件 0 件 0 件")]
    glued = [line for label in labels for line in (label, "0件0件0件0件0件0件0件")]
    assert _is_table_page(spaced) and _is_table_page(glued)
    assert not _is_table_page(["本年度共受理申请 3 件，办结 3 件。", "其中予以公开 2 件。"])
