"""A group label set one character per line (`（` / `六` / `）` / `其` / `他`, its `处理` on the
next page) beside the numbered rows of its group, cut by the page break: the characters left on
the page read `（六）其他`, the wording of the official row `3.其他`, but a label set one character
per line, or numbered as a group while the row it names is a numbered sub-row, is no row label
spanning the label columns (pdfspans.spanning_labels): they stay the group's, out of the rows'
own labels. pdf_word-83000398 glued them into its rows: `2.申请人逾期未按收费通知他要求…` and
`（1.申请人…六补正…`, a false label.nonstandard and a false cell.missing. Positions as pdfplumber
gives them for that page (a generated report, 11 pt table font)."""

from __future__ import annotations

from annual_report.readers import pdfspans
from tests.unit.pdf_word_lines import page_words, read_page

_XS = (302.7, 337.1, 371.5, 405.9, 440.3, 474.7, 509.1)


def _zeros() -> list[tuple[str, float, float]]:
    return [("0", x, x + 7.0) for x in _XS]


def _group(top: float, char: str) -> tuple[float, list[tuple[str, float, float]]]:
    return (top, [(char, 129.2, 140.2)])


_PAGE = [
    (558.1, [("处", 129.2, 140.2), ("4.无正当理由大量反复申请", 159.3, 290.8), *_zeros()]),
    _group(572.8, "理"),
    (583.2, [("5.要求行政机关确认或重新", 159.3, 290.8), *_zeros()]),
    (597.9, [("出具已获取信息", 159.3, 236.3)]),
    (622.6, [("（", 129.2, 140.2), ("1.申请人无正当理由逾期不", 159.3, 290.8), *_zeros()]),
    (637.3, [("六", 129.2, 140.2), ("补正、行政机关不再处理其", 159.3, 291.3)]),
    (652.0, [("）", 129.2, 140.2), ("政府信息公开申请", 159.3, 247.3)]),
    _group(666.7, "其"),
    (676.6, [("2.申请人逾期未按收费通知", 159.3, 290.8), *_zeros()]),
    _group(681.4, "他"),
    (691.3, [("要求缴纳费用、行政机关不", 159.3, 291.3)]),
]


def test_a_group_label_one_character_per_line_stays_out_of_the_rows() -> None:
    blocks, _ = read_page(page_words(_PAGE))
    labels = [b.cells[0] for b in blocks if b.kind == "row"]
    assert labels == [
        "4.无正当理由大量反复申请",
        "5.要求行政机关确认或重新出具已获取信息",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不",
    ], labels


def test_a_group_numbering_before_a_sub_rows_wording_is_no_row_label() -> None:
    assert not pdfspans._row_label("（六）其他")
    assert pdfspans._row_label("（七）总计")
    assert pdfspans._row_label("一、本年新收政府信息公开申请数量")
    assert pdfspans._row_label("其他")
