"""A 2019 table 1's change cell (本年增/减) in a narrow column wraps `增1` as `增` over `1`; when a
page break falls between them (pdf_word-3000044, borderless) the row at the page's foot held a
bare `增` and was read as prose (`行政许可 13 增 0`), the `1` atop the next page as a row of
its own: two false findings. The change word is a cell among the row's numbers, and the number
atop the next page ends it."""

from __future__ import annotations

from annual_report.document import Block
from annual_report.model import Source
from annual_report.readers.pdfcontinued import _join_broken_rows


def row(cells: list[str], page: int) -> Block:
    return Block("row", cells, Source(page=page))


def test_the_number_atop_the_next_page_ends_the_change_word() -> None:
    header = row(["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"], 1)
    cut = row(["行政许可", "13", "增", "0"], 1)
    rest = row(["", "1", ""], 2)  # the next page's columns read apart: no label column
    after = row(["其他对外管理服务事项", "0", "0", "9"], 2)
    blocks = [header, cut, rest, after]
    _join_broken_rows(blocks)
    assert [b.cells for b in blocks[1:]] == [["行政许可", "13", "增1", "0"], ["其他对外管理服务事项", "0", "0", "9"]]


def test_a_row_of_numbers_under_a_whole_change_stays_a_row() -> None:
    cut = row(["行政许可", "13", "增1", "0"], 1)
    own = row(["", "1", ""], 2)
    blocks = [cut, own]
    _join_broken_rows(blocks)
    assert len(blocks) == 2


def test_a_bare_change_word_among_numbers_is_a_cell() -> None:
    from annual_report.readers.pdfcolumns import _as_line

    def word(text: str, x0: float) -> dict:
        return {"text": text, "x0": x0, "x1": x0 + 10.5 * len(text), "top": 100.0, "bottom": 110.5}

    line = _as_line(0, [word("行政许可", 60), word("13", 300), word("增", 340), word("0", 380)], 5.25, [])
    assert line is not None
    assert [p.text for p in line.labels] == ["行政许可"]
    assert line.values == ["13", "增", "0"]
