"""A part of table 1 whose band and header end a page (`第二十条第（九）项`, `采购项目数量`,
`采购总金额`) and whose one row, one number of two, opens the next page under the header Word
repeats atop it (the table's first rows: `第二十条第（一）项` and its three cells). The row is
placed by its own header carried from the page before, not by the repeated copy of another
part's (pdfcolumns; pdf_word-55000079 read `政府集中采购 3 '' ''`: three columns for two, a
false table.ambiguous, a missed cell.missing). Positions as pdfplumber gives them."""

from __future__ import annotations

import pytest

from annual_report.document import Block
from tests.unit.pdf_word_lines import page_words, read_page

_FOOT = [
    (685.4, [("行政强制", 36.1, 72.1), ("0", 474.0, 479.7), ("0", 508.5, 514.2), ("372", 531.5, 548.6)]),
    (695.9, [("第二十条第（八）项", 251.9, 332.9)]),
    (706.4, [("信息内容", 222.7, 258.7), ("上一", 458.9, 476.9), ("本年增/减", 500.0, 539.1)]),
    (716.9, [("年项", 458.9, 476.9)]),
    (727.4, [("目数", 458.9, 476.9)]),
    (737.9, [("量", 463.4, 472.4)]),
    (748.4, [("行政事业性收费", 36.1, 99.1), ("20", 468.3, 479.7), ("-1", 539.9, 548.6)]),
    (758.9, [("第二十条第（九）项", 251.9, 332.9)]),
    (769.4, [("信息内容", 222.7, 258.7), ("采购", 458.9, 476.9), ("采购总金额", 497.1, 542.1)]),
    (779.9, [("项目", 458.9, 476.9)]),
    (790.4, [("数量", 458.9, 476.9)]),
]
_REPEATED = [
    (35.4, [("第二十条第（一）项", 251.9, 332.9)]),
    (45.9, [("信息内容", 222.7, 258.7), ("本年", 458.9, 476.9), ("本年", 493.3, 511.3), ("对外", 527.8, 545.8)]),
    (56.4, [("新制", 458.9, 476.9), ("新公", 493.3, 511.3), ("公开", 527.8, 545.8)]),
    (66.9, [("作数", 458.9, 476.9), ("开数", 493.3, 511.3), ("总数", 527.8, 545.8)]),
    (77.4, [("量", 463.4, 472.4), ("量", 497.8, 506.8), ("量", 532.3, 541.3)]),
]


def _read(lines: list, number: int, carry: list[list[dict]]) -> list[Block]:
    return read_page(page_words(lines), number, carry)[0]


@pytest.mark.parametrize(("number", "want"), [(("3", 474.0, 479.7), ["3", ""]), (("25.05", 525.0, 548.6), ["", "25.05"])])
@pytest.mark.parametrize("repeated", [True, False])
def test_a_row_atop_a_page_is_placed_by_the_header_carried_from_the_page_before(
    number: tuple[str, float, float], want: list[str], repeated: bool
) -> None:
    carry: list[list[dict]] = []
    _read(_FOOT, 1, carry)
    assert carry  # the header of （九） ends the page with no row under it
    row = (87.9, [("政府集中采购", 36.1, 90.1), number])
    blocks = _read([*(_REPEATED if repeated else []), row, (115.4, [("三、收到和处理政府信息公开申请情况", 68.1, 340.1)])], 2, carry)
    rows = {b.cells[0]: b.cells[1:] for b in blocks if b.kind == "row"}
    assert rows["政府集中采购"] == want


def test_a_band_alone_at_a_page_foot_keeps_its_header_cells_on_the_next_page() -> None:
    carry: list[list[dict]] = []
    _read(_FOOT[:8], 1, carry)
    assert carry  # only the band of （九） ends the page
    header = [
        (45.9, [("信息内容", 222.7, 258.7), ("采购", 458.9, 476.9), ("采购总金额", 497.1, 542.1)]),
        (56.4, [("项目", 458.9, 476.9)]),
        (66.9, [("数量", 458.9, 476.9)]),
    ]
    row = (87.9, [("政府集中采购", 36.1, 90.1), ("25.05", 525.0, 548.6)])
    blocks = _read([*header, row, (115.4, [("三、收到和处理政府信息公开申请情况", 68.1, 340.1)])], 2, carry)
    rows = {b.cells[0]: b.cells[1:] for b in blocks if b.kind == "row"}
    assert rows["政府集中采购"] == ["", "25.05"]
