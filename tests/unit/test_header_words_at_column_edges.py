"""Header words of narrow columns set a few points apart (商业 | 科研, 法律 | 服务 | 其他) are read
as cells of their own where each starts at a column edge (the left side of the counts under
it), also when the header is centred a point or two right of counts set left in their cells
(readers/pdfcolumns._as_line, pdfwords.at_edge). Before, the edge had to be within one point,
rounded: pdf_borderless-21001256, -23000710 and pdf_partial-25001101 read the column 法律服务机构
as 法律服务其他机构, a false label.nonstandard."""

from __future__ import annotations

from annual_report.readers.pdfcolumns import _as_line
from annual_report.readers.pdfwords import edges


def _word(text: str, x0: float, top: float) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + 10.5 * len(text), "top": top, "bottom": top + 10.5}


COLUMNS = (178.5, 202.5, 226.5, 250.5, 274.5, 298.5, 322.5)  # every row's `0件`, set left in its cell


def test_centred_header_words_start_cells_at_the_counts_edges() -> None:
    rows = [[{**_word("0件", x, top), "x1": x + 16.8} for x in COLUMNS] for top in (680.2, 707.5, 728.1)]
    header = [_word("公益", 251.5, 646.4), _word("服务", 275.5, 646.4), _word("其他", 299.5, 646.4)]
    found = edges([*rows, header])
    line = _as_line(0, header, 10.5, found)
    assert line is not None and [p.text for p in line.labels] == ["公益", "服务", "其他"]


def test_a_label_in_two_words_far_from_any_edge_stays_one_piece() -> None:
    rows = [[{**_word("0件", x, top), "x1": x + 16.8} for x in COLUMNS] for top in (680.2, 707.5, 728.1)]
    label = [_word("本机关不掌握", 60.0, 700.0), _word("相关政府信息", 126.0 + 3.0, 700.0)]
    line = _as_line(0, label, 10.5, edges([*rows, label]))
    assert line is not None and [p.text for p in line.labels] == ["本机关不掌握相关政府信息"]
