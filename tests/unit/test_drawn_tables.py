"""Tables drawn with characters in plain text (annual_report/readers/boxtables.py): box-drawing
and ASCII grid tables become pipe rows; in a grid table a cell wrapped over several lines
between two borders is one row again."""

from __future__ import annotations

from annual_report.readers.boxtables import is_border, normalize
from annual_report.readers.text import read_text


def numbered(text: str) -> list[tuple[int, str]]:
    return list(enumerate(text.split("\n"), start=1))


def test_borders_are_told_from_text_and_rows():
    assert is_border("┌────┬────┐") and is_border("+------+---+") and is_border("├──┼──┤")
    assert not is_border("------") and not is_border("| 规章 | 0 |") and not is_border("一、总体情况")


def test_a_framed_box_table_keeps_one_row_per_line():
    text = "┌──────┬────┐\n│ 信息内容 │ 本年制发件数 │\n├──────┼────┤\n│ 规章 │ 0 │\n│ 行政规范性文件 │ 7 │\n└──────┴────┘"
    assert normalize(numbered(text)) == [(2, "| 信息内容 | 本年制发件数 |"), (4, "| 规章 | 0 |"), (5, "| 行政规范性文件 | 7 |")]


def test_a_grid_tables_wrapped_cells_are_joined_into_their_row():
    text = "\n".join(
        [
            "+----------+---+",
            "| 1.申请人无 | 0 |",
            "| 正当理由   |   |",
            "+----------+---+",
            "| 2.重复申请 | 1 |",
            "+----------+---+",
            "| 3.其他     | 2 |",
            "+----------+---+",
            "| 4.总计     | 3 |",
            "+----------+---+",
        ]
    )
    assert normalize(numbered(text)) == [
        (2, "| 1.申请人无正当理由 | 0 |"),
        (5, "| 2.重复申请 | 1 |"),
        (7, "| 3.其他 | 2 |"),
        (9, "| 4.总计 | 3 |"),
    ]


def test_text_without_drawn_tables_is_untouched_and_the_reader_says_when_it_redrew():
    plain = numbered("一、总体情况\n本年度……\n---\n")
    assert normalize(plain) is plain
    doc = read_text("┌──┬──┐\n│ 规章 │ 0 │\n└──┴──┘\n".encode())
    assert [b.cells for b in doc.blocks if b.kind == "row"] == [["规章", "0"]]
    assert any("制表符号" in n for n in doc.notes)


def test_a_cell_merged_down_across_partial_borders_is_one_cell_in_its_first_row():
    # （五）不予处理 centred in its merged cell: its text crosses the partial border between rows
    text = "\n".join(
        [
            "├────────┼────────────┼───┤",
            "│        │ 3.要求提供 │ 0 │",
            "│（五）不予├────────────┼───┤",
            "│ 处理    │ 4.无正当理 │ 1 │",
            "│        ├────────────┼───┤",
            "│        │ 5.要求确认 │ 2 │",
            "├────────┼────────────┼───┤",
            "│ 总计    │            │ 3 │",
            "└────────┴────────────┴───┘",
        ]
    )
    assert normalize(numbered(text)) == [
        (2, "| （五）不予处理 | 3.要求提供 | 0 |"),
        (4, "|  | 4.无正当理 | 1 |"),
        (6, "|  | 5.要求确认 | 2 |"),
        (8, "| 总计 |  | 3 |"),
    ]


def test_a_markdown_row_holding_dashes_is_no_partial_border():
    text = "+------+---+---+\n| 规章 | --- | 0 |\n+------+---+---+\n| 规范性文件 | 1 | 2 |\n+------+---+---+"
    assert [row for _, row in normalize(numbered(text))] == ["| 规章 | --- | 0 |", "| 规范性文件 | 1 | 2 |"]


def test_generated_grid_tables_with_group_labels_merged_down_read_exactly():
    from accuracy.cli import run_one

    for seed in (1000005, 1000006):  # box, labels at the top; ASCII, labels centred
        row, _data, _ext, detail = run_one(seed, "drawn")
        assert detail["truth"]["render"]["style"].get("merged_down")
        assert row["passed"], row["diffs"][:5]
