"""Rows and cells of Word tables exported to PDF that the word-position readers once misread
(issue 13, the pdf_word family): synthetic lines of the phenomenon, positions as pdfplumber
gives them."""

from __future__ import annotations

from annual_report.readers.pdfwords import units_under_numbers


def word(text: str, x0: float, top: float, width: float | None = None) -> dict:
    w = width if width is not None else 6.0 * len(text)
    return {"text": text, "x0": x0, "x1": x0 + w, "top": top, "bottom": top + 10.5}


def texts(lines: list[list[dict]]) -> list[list[str]]:
    return [[w["text"] for w in line] for line in lines]


# Columns of table 2 (自然人 … 总计) as a frame-bordered Word table with cells centred
# vertically prints them (pdf_word-1000249): a count and its unit, or a count over its unit.
_COLS = [330, 363, 396, 429, 462, 495, 528]


def _cells(top: float, cols: list[int], text: str = "0件") -> list[dict]:
    return [word(text, x, top) for x in cols]


def test_a_one_line_label_centred_with_the_one_line_cells_gets_the_wrapped_counts() -> None:
    """`4.保护第三方合法权益` and its one-line cells (`9件`, `0件`) print on the middle line of
    a row whose counts in two columns wrap (`10` over `件`, `19` over `件`): the line of those
    counts above is no row of its own, its counts are the middle line's row's (they were read
    as blank cells of the row and a row of two numbers)."""
    before = [word("3.危及“三安全一稳定”", 186, 414.8), *_cells(414.8, _COLS)]
    wrapped = [word("10", 399, 427.0), word("19", 531, 427.0)]
    middle = [word("（三）不予", 94, 433.1), word("4.保护第三方合法权益", 186, 433.1), word("9件", 330, 433.1)]
    middle += _cells(433.1, [363, 429, 462, 495])
    units = [word("件", 401, 439.3), word("件", 532, 439.3)]
    after = [word("公开", 110, 445.4)]
    got = units_under_numbers([before, wrapped, middle, units, after], [])
    assert texts(got)[1] == ["（三）不予", "4.保护第三方合法权益", "9件", "0件", "10件", "0件", "0件", "0件", "19件"]
    assert texts(got)[2] == ["公开"]
    assert len(got) == 3


def test_the_total_rows_label_centred_between_its_wrapped_counts() -> None:
    """`（七）总计` on the middle line, `34 13 10 57` above it, their units below."""
    wrapped = [word("34", 334, 745.5), word("13", 366, 745.5), word("10", 399, 745.5), word("57", 531, 745.5)]
    middle = [word("（七）总计", 180, 751.6), *_cells(751.6, [429, 462, 495])]
    units = [word("件", 335, 757.8), word("件", 368, 757.8), word("件", 401, 757.8), word("件", 532, 757.8)]
    got = units_under_numbers([wrapped, middle, units], [])
    assert texts(got) == [["（七）总计", "34件", "13件", "10件", "0件", "0件", "0件", "57件"]]


def test_a_wrapped_labels_middle_line_holds_the_row_beside_a_group_label() -> None:
    """`2.申请人逾期未按收费通知要求缴` / `纳费用、…` / `信息公开申请` centred in its cell, the group
    label's `处理` beside the wrapped counts' first line (`10`, `10`): the counts join the
    one-line cells on the label's middle line, `处理` stays a group label's piece."""
    lines = [
        [word("（六）其他", 94, 690.4)],
        [word("2.申请人逾期未按收费通知要求缴", 160, 696.5)],
        [word("处理", 110, 702.6), word("10", 334, 702.6), word("10", 531, 702.6)],
        [word("纳费用、行政机关不再处理其政府", 160, 708.8), *_cells(708.8, [363, 396, 429, 462, 495])],
        [word("件", 335, 714.9), word("件", 532, 714.9)],
        [word("信息公开申请", 207, 721.0)],
    ]
    got = units_under_numbers(lines, [])
    assert texts(got) == [
        ["（六）其他"],
        ["2.申请人逾期未按收费通知要求缴"],
        ["处理"],
        ["纳费用、行政机关不再处理其政府", "10件", "0件", "0件", "0件", "0件", "0件", "10件"],
        ["信息公开申请"],
    ]
