"""Tables continued over a page break in a word processor's PDF export (`pdf_word`) where the
next page holds too little of the table to be read as a table by itself: its last rows alone
(the text layer glues a narrow cell's digits, `0000000`, and cuts the labels, `七）总计`), or a
header whose first lines, with the cells over some columns, stayed on the page before."""

from __future__ import annotations

from annual_report.readers.layout_lines import Line, Piece
from annual_report.readers.pdfblanks import place_blanks
from annual_report.readers.pdfcontinued import continues_table

# The text layer (pypdfium2's lines) at the foot of a page that table 2 fills to its end …
_FOOT = ["行政机关不再处理其政府信息公开", "申请", "0 0 0 0 0 0 0", "2.申请人逾期未按收费通知要求缴 0 0 0 0 0 0 0"]
# … and of the next page: the rest of the cut label, the table's last three rows.
_REST = [
    "纳费",
    "用、行政机关不",
    "再处理其政府",
    "信息公开申请",
    "3.其他",
    "0000000（",
    "七）总计",
    "200002",
    "四、结转",
    "下年度继续办理",
    "1000001",
]


def test_the_last_rows_of_a_table_atop_the_next_page_are_table_rows() -> None:
    # pdf_word-19000054 (three-line borders), -19000037: the page was read as prose, FALSE
    # cell.missing on 3.其他, （七）总计 and 四、结转下年度继续办理, their cells lost
    assert continues_table(_FOOT, _REST)
    cut = ["2.申请人", "逾期未", "按收费通知要求缴纳", "费", "用、行政机关不", "再处理", "其政府信息公开申请", "0000000", "3.其他"]
    assert continues_table(["政机关不再处理其政府信息公开申请", "0 0 0 0 0 0 0"], cut)


def test_a_page_after_a_table_that_ended_is_no_continuation() -> None:
    # the table ended before the page's foot (a note under it), or the next page opens with prose
    assert not continues_table([*_FOOT, "注：本表数据统计时间为 2021 年 1 月 1 日至 2021 年 12 月 31 日。"], _REST)
    prose = ["第四部分 政府信息公开行政复议、行政诉讼情况", "本年度我镇共收到行政复议申请 0 件。", *_REST]
    assert not continues_table(_FOOT, prose)
    assert not continues_table(_FOOT, ["本年度我镇邮编 330000，电话 1234567。", "工作人员 2 人。"])
    assert not continues_table([], _REST)


def _head(n: int, *cells: tuple[int, int, str]) -> Line:
    return Line(n, [Piece(a, b, t) for a, b, t in cells], [], None)


_NAMES = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


def test_a_header_cut_by_the_page_break_and_a_blank_under_it_give_all_columns() -> None:
    # pdf_word-3000093: table 3's header begins at the foot of a page, the rest of its leaves
    # (`持`, `果维持` …) atop the next, over every column but 行政复议's 总计, whose name stayed
    # on the page before. Its row has 14 numbers: one under that headless column, none under
    # 未经复议直接起诉's 结果纠正. FALSE table.ambiguous, MISSED cell.missing
    centres = [17.0 + 5.5 * i for i in range(15)]
    leaves = [(round(c) - 1, round(c) + 1, _NAMES[i % 5][-1]) for i, c in enumerate(centres) if i != 4]
    at = [c + 0.3 for i, c in enumerate(centres) if i != 6]
    row = Line(3, [], ["0"] * 14, 16, at)
    place_blanks([_head(0, *leaves), row])
    assert row.values == ["0"] * 6 + [""] + ["0"] * 8
    assert row.filled


def test_a_header_missing_a_column_over_a_full_row_leaves_the_row_alone() -> None:
    # the header's columns are all under numbers: nothing to add; a header piece far off the
    # numbers (no column of the table) adds no column either
    centres = [17.0 + 5.5 * i for i in range(15)]
    leaves = [(round(c) - 1, round(c) + 1, "持") for i, c in enumerate(centres) if i != 4]
    row = Line(3, [], ["0"] * 15, 16, list(centres))
    place_blanks([_head(0, *leaves), row])
    assert row.values == ["0"] * 15 and not row.filled
    # (every column headed but the 5th, and a piece far right of the table's last column)
    stray = [(round(c) - 1, round(c) + 1, "持") for i, c in enumerate(centres[:13]) if i != 4] + [(110, 112, "计")]
    row = Line(3, [], ["0"] * 13, 16, centres[:13])
    place_blanks([_head(0, *stray), row])
    assert row.values == ["0"] * 13 and not row.filled


def test_the_rest_of_a_label_above_a_page_s_first_row_is_no_header() -> None:
    # the rest of the label the break cut opens the page, left of the value columns and over
    # none of them: no column of its own (the row is full)
    at = [242.0 + 41.5 * c for c in range(7)]
    row = Line(2, [Piece(173, 200, "2.申请")], ["0"] * 7, 240, at)
    place_blanks([_head(0, (173, 200, "逾期不")), _head(1, (173, 200, "补正、")), row])
    assert row.values == ["0"] * 7 and not row.filled


def _two_pages(first: list[str], second: list[str]) -> bytes:
    import io

    from reportlab.pdfgen import canvas

    from tests.unit.report_fixtures import cjk_font

    buf = io.BytesIO()
    cv = canvas.Canvas(buf, pagesize=(842, 595))
    for lines in (first, second):
        for k, line in enumerate(lines):
            cv.setFont(cjk_font(), 10.5)
            cv.drawString(90, 520 - 14 * k, line)
        cv.showPage()
    cv.save()
    return buf.getvalue()


def test_the_page_with_a_table_s_last_rows_is_read_as_a_table_page() -> None:
    from annual_report.readers.pdf import _read_text_layer
    from annual_report.readers.pdfium_lock import PDFIUM

    rows = [
        f"{label} 0 0 0 0 0 0 0" for label in ("1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请")
    ]
    for second, table in ((_REST, True), (["本年度我镇邮编 330000，电话 1234567。", *_REST], False)):
        with PDFIUM:
            pages = _read_text_layer(_two_pages([*rows, *_FOOT], second), 10, [])
        assert [p.table_page for p in pages] == [True, table]


def test_rests_of_a_row_and_its_group_labels_atop_the_next_page_go_each_to_its_own() -> None:
    # pdf_word-25000052 (no borders, group labels repeated in every row): the break cut the row
    # `5.` after its numbering, its group labels after `（五）` and `三、本`; atop the next page the
    # three rests, read column by column. `不予处理` went to `5.` (the start of an official label),
    # `要求行政机关确认或…` was left as prose: FALSE cell.missing
    from annual_report.document import Block
    from annual_report.model import Source
    from annual_report.readers.pdfcontinued import _join_broken_rows

    def text(page: int, t: str) -> Block:
        return Block("text", [t], Source(page=page), reassembled=True)

    zeros = ["0"] * 7
    blocks = [
        Block("row", ["4.无正当理由大量反复申请", *zeros], Source(page=2)),
        text(2, "（五）"),
        text(2, "三、本"),
        Block("row", ["5.", *zeros], Source(page=2), reassembled=True),
        text(3, "不予处理"),
        text(3, "年度办理结果"),
        text(3, "要求行政机关确认或重新出具已获取信息"),
        text(3, "（六）其他处理"),
        Block("row", ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", *zeros], Source(page=3)),
    ]
    _join_broken_rows(blocks)
    assert [b.cells[0] for b in blocks] == [
        "4.无正当理由大量反复申请",
        "（五）不予处理",
        "三、本年度办理结果",
        "5.要求行政机关确认或重新出具已获取信息",
        "（六）其他处理",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ]
