"""Word tables with cells centred vertically: in a row whose counts wrap (`32` over `件`), the
row's one-line cells (`0件`) print between the two lines of the wrapped ones, a visual line of
numbers alone (pdf_word-1000249, a frame-bordered table 2 with centred cells). That middle line
is the row's centre: the wrapped counts join it, their units waiting on the line below, and the
label's lines stay around it (more in test_pdf_cells_more.py)."""

from __future__ import annotations

from annual_report.readers.pdfwords import units_under_numbers


def word(text: str, x0: float, top: float, width: float | None = None) -> dict:
    w = width if width is not None else 6.0 * len(text)
    return {"text": text, "x0": x0, "x1": x0 + w, "top": top, "bottom": top + 10.5}


def texts(lines: list[list[dict]]) -> list[list[str]]:
    return [[w["text"] for w in line] for line in lines]


def test_one_line_cells_centred_between_a_wrapped_rows_lines_join_the_row() -> None:
    wrapped = [word("一、本年新", 60, 100), word("32", 200, 100), word("12", 240, 100), word("56", 360, 100)]
    centred = [word("0件", 280, 106), word("0件", 320, 106)]
    units = [word("收政府信息公开申请数量", 60, 112), word("件", 200, 112), word("件", 240, 112), word("件", 360, 112)]
    absorbed: list[dict] = []
    got = units_under_numbers([wrapped, centred, units], absorbed)
    assert texts(got) == [["一、本年新"], ["32件", "12件", "0件", "0件", "56件"], ["收政府信息公开申请数量"]]
    assert len(absorbed) == 3


def test_a_line_of_numbers_in_the_same_columns_is_a_row_of_its_own() -> None:
    """The next row's numbers sit under the row's (same columns): not a centred part of it."""
    row = [word("一、本年新", 60, 100), word("32", 200, 100), word("12", 240, 100)]
    next_row = [word("0件", 200, 106), word("0件", 240, 106)]
    units = [word("件", 200, 112), word("件", 240, 112)]
    got = units_under_numbers([row, next_row, units], [])
    assert ["0件", "0件"] in texts(got)


def test_without_a_unit_below_the_line_of_numbers_stays() -> None:
    row = [word("（一）予以公开", 60, 100), word("32", 200, 100)]
    numbers = [word("0", 280, 106), word("0", 320, 106)]
    label = [word("（二）部分公开", 60, 118)]
    got = units_under_numbers([row, numbers, label], [])
    assert texts(got) == [["（一）予以公开", "32"], ["0", "0"], ["（二）部分公开"]]
