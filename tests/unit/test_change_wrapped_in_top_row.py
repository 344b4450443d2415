"""A top-aligned table 1 row whose change wraps in its narrow cell (`增` over `1`), the next row's
first count right under the row's (pdf_word-1001313): the `1` is the change's number, not a
centred row's one-line cell, so the row's counts stay on its first line and the next row keeps
its own `0` (it was read as `12` + `0` = `120`, two rows wrong)."""

from __future__ import annotations

from annual_report.readers.pdfwords import units_under_numbers


def word(text: str, x0: float, top: float) -> dict:
    width = 10.5 if not text.isdigit() else 3.35 * len(text)
    width = 10.5 * len(text) if not text.isascii() else width
    return {"text": text, "x0": x0, "x1": x0 + width, "top": top, "bottom": top + 10.5}


def texts(lines: list[list[dict]]) -> list[list[str]]:
    return [[w["text"] for w in line] for line in lines]


def test_a_changes_wrapped_number_keeps_the_row_on_its_first_line() -> None:
    row = [word("行政许可", 79.5, 277.2), word("12", 434.2, 277.2), word("增", 463.4, 277.2), word("0", 492.5, 277.2)]
    tail = [word("1", 463.4, 289.4)]
    next_row = [word("其他对外管理服务事项", 79.5, 301.7), word("0", 434.2, 301.7), word("0", 463.4, 301.7), word("37", 492.5, 301.7)]
    wrapped = [word("9", 492.5, 313.9)]
    got = units_under_numbers([row, tail, next_row, wrapped], [])
    assert texts(got) == [["行政许可", "12", "增1", "0"], ["其他对外管理服务事项", "0", "0", "379"]]
