"""A borderless table 3 whose header ends a page on which the report's other tables are ruled
(Word: tables 1 and 2 with borders, table 3 without), its one row of numbers atop the next page
with a blank cell. pdfium read the ruled page and pdfplumber's word positions the next one, and
the header, carried from page to page only between word-position pages, never reached the row:
14 numbers for 15 columns, a false table.ambiguous and the blank's cell.missing missed
(pdf_word-83000128, fresh seed 83). Now the page before such a row is read by word positions too
(pdf._with_open_headers), and a header at a page's foot with no row under it is carried even when
no row of a borderless table stands on that page (pdfcolumns._header_at_foot)."""

from __future__ import annotations

import io

import pytest

from annual_report.extract.tables import TableRegions, extract_tables
from annual_report.readers.pdf import read_pdf

_X0, _PITCH = 90.0, 30.25
_NAMES = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


def _pdf(blank: int) -> bytes:
    from reportlab.pdfgen import canvas

    from tests.unit.report_fixtures import cjk_font

    buf = io.BytesIO()
    cv = canvas.Canvas(buf, pagesize=(595, 842))
    font = cjk_font()
    cv.setFont(font, 10.5)
    # page 1: the foot of table 2, ruled, then table 3's heading and its borderless header
    rows = [("（七）总计", "3 0 0 0 0 0 3"), ("四、结转下年度继续办理", "0 0 0 0 0 0 0")]
    top = 700.0
    for k, (label, numbers) in enumerate(rows):
        y = top - 26 * k
        cv.drawString(92, y - 17, label)
        for j, n in enumerate(numbers.split()):
            cv.drawString(300 + 34 * j, y - 17, n)
    for k in range(len(rows) + 1):
        cv.line(88, top - 26 * k, 540, top - 26 * k)
    for x in (88, 290, *(296 + 34 * j for j in range(1, 7)), 540):
        cv.line(x, top, x, top - 26 * len(rows))
    cv.drawString(_X0, 600, "四、政府信息公开行政复议、行政诉讼情况")
    cv.drawString(_X0, 575, "行政复议")
    cv.drawString(_X0 + 5 * _PITCH, 575, "行政诉讼")
    cv.drawString(_X0 + 5 * _PITCH, 555, "未经复议直接起诉")
    cv.drawString(_X0 + 10 * _PITCH, 555, "复议后起诉")
    for j in range(15):  # one character a line, each column's cell
        name = _NAMES[j % 5]
        down = 555 if j < 5 else 540
        for i, ch in enumerate(name):
            cv.drawString(_X0 + j * _PITCH, down - 15 * i, ch)
    cv.showPage()
    # page 2: table 3's one row, its blank cell left empty, then the next section
    cv.setFont(font, 10.5)
    for j in range(15):
        if j != blank:
            cv.drawString(_X0 + j * _PITCH, 770, f"{j % 3} ")  # Word writes the spaces between cells
    cv.drawString(_X0, 735, "五、存在的主要问题及改进情况")
    cv.drawString(_X0, 715, "政策解读形式较为单一。")
    cv.showPage()
    cv.save()
    return buf.getvalue()


@pytest.mark.parametrize("blank", [3, 11])
def test_the_row_atop_the_next_page_is_placed_by_the_header_at_the_ruled_page_s_foot(blank: int) -> None:
    doc = read_pdf(_pdf(blank))
    tables = extract_tables(doc.blocks, TableRegions())
    assert tables.appeals is not None
    got = [c.value for row in tables.appeals.values() for c in row]
    want = [None if j == blank else j % 3 for j in range(15)]
    assert got == want
    assert tables.ambiguities == []
