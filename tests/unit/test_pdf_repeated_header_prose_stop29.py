"""A header Word repeats atop a page, its first line read as prose split otherwise than the
first print (`申请人情况` / `法人或其他组织` / `社 法` for `申请人情况法人或其他组织社 法`), then its
header row just as the first print: the whole copy goes, the row with it, not only the prose
(pdf_word-53000060: the copy's row stayed, its `其他`/`总计` read as rows of table 2, so `3.其他`
and `（七）总计` twice, `（七）总计` empty)."""

from __future__ import annotations

from annual_report.document import Block
from annual_report.model import Source
from annual_report.readers.pdfheaders import drop_repeated_headers

_HEADER_ROW = ["（本列数据的勾稽关系为：第一项加第二项之和）", "自然人", "商业企业", "科研机构", "其他", "总计"]
_ZEROS = ["０"] * 5


def _row(page: int, *cells: str) -> Block:
    return Block("row", list(cells), Source(page=page))


def _text(page: int, text: str) -> Block:
    return Block("text", [text], Source(page=page))


def _header(page: int, *lines: str) -> list[Block]:
    return [_text(page, "收到和处理政府信息公开申请情况表"), *(_text(page, t) for t in lines), _row(page, *_HEADER_ROW)]


def _table(copy: list[Block]) -> list[Block]:
    return [
        _text(1, "（三）收到和处理政府信息公开申请情况"),
        *_header(1, "申请人情况法人或其他组织社 法"),
        _row(1, "一、本年新收政府信息公开申请数量", *_ZEROS),
        _row(2, "3.其他", *_ZEROS),
        *copy,
        _row(3, "（七）总计", *_ZEROS),
        _row(3, "四、结转下年度继续办理", *_ZEROS),
    ]


def test_a_header_row_after_the_part_of_a_copy_read_as_prose_goes_with_it() -> None:
    blocks = _table(_header(3, "申请人情况", "法人或其他组织", "社 法"))
    drop_repeated_headers(blocks)
    assert [b.cells[0] for b in blocks][-3:] == ["3.其他", "（七）总计", "四、结转下年度继续办理"]
    assert len(blocks) == 8


def test_a_row_after_the_prose_that_is_not_the_header_row_stays() -> None:
    copy = _header(3, "申请人情况", "法人或其他组织", "社 法")
    copy[-1] = _row(3, "（本列数据的勾稽关系为：第一项加第二项之和）", "自然人", "其他")
    blocks = _table(copy)
    drop_repeated_headers(blocks)
    page3 = [b.cells for b in blocks if b.source.page == 3]
    assert page3[: len(copy)] == [b.cells for b in copy]  # no row repeated: no copy, all stays
