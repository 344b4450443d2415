"""Blank cells of borderless PDF tables put back by column position (readers/pdfblanks.py)."""

from __future__ import annotations

from itertools import cycle

from annual_report.readers.layout_lines import Line, Piece
from annual_report.readers.pdfblanks import open_header, place_blanks
from annual_report.readers.pdfwords import touching


def _head(n: int, *cells: tuple[int, int, str]) -> Line:
    return Line(n, [Piece(a, b, t) for a, b, t in cells], [], None)


def _row(n: int, label: str, values: list[str], at: list[float]) -> Line:
    return Line(n, [Piece(0, 2 * len(label), label)] if label else [], values, int(at[0]) - 1, at)


def test_a_one_row_part_places_its_blank_by_the_header_cells() -> None:
    """`第二十条第（八）项`: one row, two value columns, the first left blank. No full row to go
    by: the header cells (one wrapped over two lines) are the columns; 信息内容 is not one."""
    band = _head(0, (40, 58, "第二十条第（八）项"))
    top = _head(1, (36, 46, "上一年项目"))
    mid = _head(2, (20, 28, "信息内容"), (61, 70, "本年增/减"))
    low = _head(3, (39, 43, "数量"))
    row = _row(4, "行政事业性收费", ["-1"], [67.0])
    place_blanks([band, top, mid, low, row])
    assert row.values == ["", "-1"]
    assert row.filled


def test_parts_of_table_one_are_placed_separately() -> None:
    """A two-number row after a three-column part is placed by its own header, not by the
    columns of the part above it."""
    lines = [
        _head(0, (40, 58, "第二十条第（一）项")),
        _head(1, (20, 28, "信息内容"), (36, 48, "本年制发件数"), (56, 68, "本年废止件数"), (76, 88, "现行有效件数")),
        _row(2, "规章", ["0", "0"], [62.0, 82.0]),
        _row(3, "行政规范性文件", ["5", "1", "10"], [42.0, 62.0, 82.0]),
        _head(4, (40, 58, "第二十条第（八）项")),
        _head(5, (20, 28, "信息内容"), (36, 50, "上一年项目数量"), (60, 70, "本年增/减")),
        _row(6, "行政事业性收费", ["3", "0"], [43.0, 65.0]),
    ]
    place_blanks(lines)  # type: ignore[arg-type]  # list[Line] where list[Line | None] is declared (lists are invariant)
    assert lines[2].values == ["", "0", "0"]
    assert lines[3].values == ["5", "1", "10"]
    assert lines[6].values == ["3", "0"]


def test_table_three_leaves_under_spanning_headers() -> None:
    """行政复议 / 行政诉讼 / 复议后起诉 span several columns and are no columns of their own;
    a row of 14 numbers gets its blank where the gap is."""
    names = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    leaves = [(10 * i, 10 * i + 8, names[i % 5]) for i in range(15)]
    heads = [
        _head(0, (10, 40, "行政复议"), (60, 140, "行政诉讼")),
        _head(1, (55, 90, "未经复议直接起诉"), (105, 140, "复议后起诉")),
        _head(2, *leaves),
    ]
    at = [10.0 * i + 4 for i in range(15) if i != 7]
    row = Line(3, [], ["0"] * 14, 3, at)
    place_blanks([*heads, row])
    assert row.values == ["0"] * 7 + [""] + ["0"] * 7


def test_a_number_between_two_columns_is_left_alone() -> None:
    lines = [
        _head(0, (20, 28, "信息内容"), (36, 48, "本年制发件数"), (56, 68, "本年废止件数"), (76, 88, "现行有效件数")),
        _row(1, "规章", ["0", "0"], [52.0, 82.0]),  # 52: halfway between two columns
    ]
    place_blanks(lines)  # type: ignore[arg-type]  # list[Line] where list[Line | None] is declared (lists are invariant)
    assert lines[1].values == ["0", "0"]
    assert not lines[1].filled


def test_rows_that_agree_decide_over_a_header_read_wrong() -> None:
    """Two full rows of three numbers: a header that seems to name four columns (a header cell
    cut in two) does not give the table a fourth column."""
    lines = [
        _head(0, (20, 28, "信息内容"), (36, 40, "本年"), (44, 48, "制发"), (56, 68, "本年废止件数"), (76, 88, "现行有效件数")),
        _row(1, "规章", ["1", "2", "3"], [42.0, 62.0, 82.0]),
        _row(2, "行政规范性文件", ["5", "1", "10"], [42.0, 62.0, 82.0]),
        _row(3, "其他", ["4", "4"], [42.0, 82.0]),
    ]
    place_blanks(lines)  # type: ignore[arg-type]  # list[Line] where list[Line | None] is declared (lists are invariant)
    assert lines[3].values == ["4", "", "4"]


def test_touching_words_are_one_word() -> None:
    """pdfplumber cuts a word where the font subset changes: `1` `.本机` `关` is one label,
    not the number 1 followed by text; two numbers never join."""

    def w(text: str, x0: float, x1: float) -> dict:
        return {"text": text, "x0": x0, "x1": x1, "top": 10.0, "bottom": 17.0}

    out = touching([w("办", 59.0, 66.0), w("1", 86.4, 90.6), w(".本机", 90.6, 104.8), w("关", 104.8, 111.8), w("0", 150.0, 154.0)])
    assert [x["text"] for x in out] == ["办", "1.本机关", "0"]
    assert [x["text"] for x in touching([w("1", 0.0, 4.0), w("2", 4.1, 8.0)])] == ["1", "2"]


def test_header_cells_read_as_one_piece_are_split_into_the_official_cells() -> None:
    """Narrow columns: four header cells of table 3 touch and read as one piece; split into
    the official cells by their characters, they still give the columns a blank is placed by."""
    glued = "结果维持结果纠正其他结果尚未审结"
    heads = [
        _head(0, (17, 42, "行政复议"), (97, 105, "行政诉讼")),
        _head(1, (59, 92, "未经复议直接起诉"), (101, 141, "复议后起诉")),
        _head(2, (17, 49, glued), (53, 57, "总计"), (59, 91, glued), (95, 99, "总计"), (101, 133, glued), (137, 141, "总计")),
    ]
    centres = [21.0, 29.0, 37.0, 45.0, 55.0, 63.0, 71.0, 79.0, 87.0, 97.0, 105.0, 113.0, 121.0, 129.0, 139.0]
    row = Line(3, [], ["1"] * 14, 20, [c for n, c in enumerate(centres) if n != 9])
    place_blanks([*heads, row])
    assert row.values == ["1"] * 9 + [""] + ["1"] * 5


def test_numbers_right_of_their_header_centres_are_placed_when_only_one_way_fits() -> None:
    """Narrow right-aligned cells put every number nearly half a column right of its header's
    centre: a blank in the middle is still found (every other way puts some numbers a whole
    column off); a blank at the edge, where shifting every number by one column fits too, is
    left alone."""
    centres = [19.0 + 8.6 * n for n in range(15)]

    def row(blank: int) -> Line:
        at = [c + 3.9 for n, c in enumerate(centres) if n != blank]
        return Line(1, [], ["0"] * 14, int(at[0]), at)

    heads = [_head(0, *[(round(c) - 3, round(c) + 3, "结果维持") for c in centres])]
    middle = row(2)
    place_blanks([*heads, middle])
    assert middle.values == ["0", "0", ""] + ["0"] * 12
    edge = Line(1, [], ["0"] * 14, 20, [c + 4.6 for c in centres[:14]])  # 0.53 of a column: either way
    place_blanks([*heads, edge])
    assert edge.values == ["0"] * 14 and not edge.filled


def test_a_header_only_part_is_placed_as_the_parts_around_it_align_their_numbers() -> None:
    """Numbers left in their cells; 第二十条第（八）项 (2019) has two header cells, the last over
    two columns, and one row whose first cell is blank: its number, at the left of the merged
    cell, sits nearer 上一年项目数量 than 本年增/减, but where the parts above put their numbers
    under their headers says it is 本年增/减's."""
    three = ((31, 39, "信息内容"), (62, 76, "上一年项目数量"), (91, 100, "本年增/减"), (115, 127, "处理决定数量"))
    lines = [
        _head(0, (65, 83, "第二十条第（六）项")),
        _head(1, *three),
        _row(2, "行政处罚", ["０", "０", "２２"], [58.8, 84.8, 111.9]),
        _row(3, "行政强制", ["０", "０", "４２"], [58.8, 84.8, 111.9]),
        _head(4, (65, 83, "第二十条第（八）项")),
        _head(5, (31, 39, "信息内容"), (62, 76, "上一年项目数量"), (104, 113, "本年增/减")),
        _row(6, "行政事业性收费", ["０"], [84.8]),
    ]
    place_blanks(lines)  # type: ignore[arg-type]  # list[Line] for list[Line | None]
    assert lines[6].values == ["", "０"]
    assert lines[2].values == ["０", "０", "２２"]


def test_a_header_left_open_at_a_page_foot_is_carried_to_the_rows_on_the_next_page() -> None:
    """第二十条第（八）项 and its header cells end a page; its only row, with a blank, opens the
    next one: the header's lines are found, and placed before the next page's lines they
    place the blank."""
    page = [
        _row(0, "行政强制", ["0", "0", "2"], [42.0, 62.0, 82.0]),
        _head(1, (40, 58, "第二十条第（八）项")),
        _head(2, (20, 28, "信息内容"), (36, 48, "上一年项目数量"), (56, 66, "本年增/减")),
        None,  # the page number
    ]
    assert open_header(page) == [1, 2]
    assert open_header(page[:1]) == []
    row = _row(0, "行政事业性收费", ["0"], [42.0])
    place_blanks([page[1], page[2], row])
    assert row.values == ["0", ""]


def test_table_three_blank_with_numbers_right_in_narrow_cells() -> None:
    """Right-aligned numbers sit half a column off their header cells' centres (header cells
    placed to whole units): one way to leave a column blank fits, and it is taken."""
    # Each leaf name is wrapped after its third character; its last character stands a line
    # below, two units in. 行政复议's leaves are on lines 2 and 4, 行政诉讼's on lines 3 and 5.
    wrapped = ("结果维持", "结果纠正", "其他结果", "尚未审结")
    review, suits = (15, 22, 30, 37), (52, 59, 66, 73, 88, 95, 103, 110)

    def tops(lefts: tuple[int, ...]) -> list[tuple[int, int, str]]:
        return [(x, x + 6, name[:3]) for x, name in zip(lefts, cycle(wrapped))]

    def tails(lefts: tuple[int, ...]) -> list[tuple[int, int, str]]:
        return [(x + 2, x + 4, name[3]) for x, name in zip(lefts, cycle(wrapped))]

    heads = [
        _head(0, (29, 37, "行政复议"), (83, 91, "行政诉讼")),
        _head(1, (61, 77, "未经复议直接起诉"), (101, 111, "复议后起诉")),
        _head(2, *tops(review)),
        _head(3, (45, 49, "总计"), *tops(suits)),
        _head(4, *tails(review), (82, 86, "总计"), (118, 122, "总计")),
        _head(5, *tails(suits)),
    ]
    at = [21.5, 28.8, 36.1, 43.4, 50.7, 58.0, 72.6, 79.9, 87.2, 94.5, 101.8, 109.1, 116.4, 123.7]
    row = Line(6, [], ["0"] * 14, 20, at)
    place_blanks([*heads, row])
    assert row.values == ["0"] * 6 + [""] + ["0"] * 8
