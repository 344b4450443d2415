"""A row of table 1 (2019 template: 上一年项目数量, 本年增/减, 处理决定数量) that Word broke over
a page: its narrow cells wrapped both a change (`增` | `1`) and a count (`10` | `5`), the break
between the lines. The next page opens with nothing but those digits; each goes back onto its
cell (pdfcountrests). pdf_word-31000062 (fresh seed 31) left both apart: a false
table.ambiguous on 行政处罚 and its three cells lost."""

from __future__ import annotations

import pytest

from annual_report.document import Block
from annual_report.model import Source
from annual_report.readers.pdfcontinued import _join_broken_rows


def _row(page: int, *cells: str) -> Block:
    return Block("row", list(cells), Source(page=page))


def _cells(blocks: list[Block]) -> list[list[str]]:
    return [b.cells for b in blocks]


_AFTER = _row(2, "行政强制", "40", "增2", "9")


@pytest.mark.parametrize(
    ("last", "rest", "joined"),
    [
        (("22", "增", "10"), ("", "1", "5"), ["22", "增1", "105"]),
        (("22", "减", "10"), ("", "1", "5"), ["22", "减1", "105"]),
        (("12", "增", "4"), ("5", "3", ""), ["125", "增3", "4"]),
        (("１", "增", "０"), ("０", "2", ""), ["１０", "增2", "０"]),
    ],
)
def test_a_change_and_a_count_wrapped_over_the_break_go_back(last: tuple[str, ...], rest: tuple[str, ...], joined: list[str]) -> None:
    blocks = [_row(1, "信息内容", "上一年项目数量", "本年增/减", "处理决定数量"), _row(1, "行政处罚", *last), _row(2, "", *rest), _AFTER]
    _join_broken_rows(blocks)
    assert _cells(blocks)[1:] == [["行政处罚", *joined], _AFTER.cells]
    assert blocks[1].reassembled


@pytest.mark.parametrize(
    ("last", "rest"),
    [
        (("22", "增", "1"), ("", "1", "5")),  # a half-width 1 is no count its cell wrapped
        (("22", "增", "10"), ("", "增1", "5")),  # a change of its own: a row
        (("22", "增", "10"), ("", "1", "5.5")),  # no digits only
    ],
)
def test_what_only_looks_like_the_rest_of_a_row_stays_apart(last: tuple[str, ...], rest: tuple[str, ...]) -> None:
    blocks = [_row(1, "行政处罚", *last), _row(2, "", *rest)]
    _join_broken_rows(blocks)
    assert _cells(blocks)[0] == ["行政处罚", *last]


def test_the_harness_case_it_was_found_with_is_read_exactly() -> None:
    from accuracy.cli import run_case
    from accuracy.generate import make_case

    score, _, _, _ = run_case(make_case(31000062, "pdf_word"))
    assert score["passed"], "\n".join(score["diffs"][:12])


# A row of table 2 broken by the page in a ruled grid, its group label cut (`（一）予以` |
# `公开`) and its counts wrapped by narrow cells (`12` | `1`): pdf_word-49000087 (fresh seed 49)
# kept the rest as a row of its own, a false cell.missing on （一）予以公开 and 121 read as 12.
def _t2(page: int, group: str, *counts: str) -> Block:
    return _row(page, "三、本年度办理结果" if page == 1 else "", group, "", *counts)


@pytest.mark.parametrize(
    ("counts", "rest", "joined"),
    [
        (("12", "0", "0", "0", "0", "0", "12"), ("1", "", "", "", "", "", "1"), ["121", "0", "0", "0", "0", "0", "121"]),
        (("3", "45", "0", "0", "0", "0", "48"), ("", "6", "", "", "", "", "3"), ["3", "456", "0", "0", "0", "0", "483"]),
        (("１", "0", "0", "0", "0", "0", "１"), ("０", "", "", "", "", "", "０"), ["１０", "0", "0", "0", "0", "0", "１０"]),
    ],
)
def test_a_row_and_its_counts_cut_by_the_break_go_back(counts: tuple[str, ...], rest: tuple[str, ...], joined: list[str]) -> None:
    blocks = [_t2(1, "（一）予以", *counts), _t2(2, "公开", *rest)]
    _join_broken_rows(blocks)
    assert _cells(blocks) == [["三、本年度办理结果", "（一）予以公开", "", *joined]]


@pytest.mark.parametrize(
    "rest",
    [
        ("1", "0", "0", "0", "0", "0", "1"),  # counts under most counts: a row of its own
        ("1", "", "", "", "", "", "5"),  # a half-width one-digit count wraps no digit
    ],
)
def test_a_next_row_under_counts_stays_a_row(rest: tuple[str, ...]) -> None:
    blocks = [_t2(1, "（一）予以", "12", "0", "0", "0", "0", "0", "1"), _t2(2, "公开", *rest)]
    _join_broken_rows(blocks)
    assert len(blocks) == 2


def test_the_table_2_harness_case_is_read_exactly() -> None:
    from accuracy.cli import run_case
    from accuracy.generate import make_case

    score, _, _, _ = run_case(make_case(49000087, "pdf_word"))
    assert score["passed"], "\n".join(score["diffs"][:12])
