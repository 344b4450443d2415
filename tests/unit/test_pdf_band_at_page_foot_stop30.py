"""A part of table 1 (ruled, a word processor's PDF export) cut by the page break right under
its band: `第二十条第（九）项` ends the page, the part's header and its one row open the next,
the row's label wrapped around its numbers in its cell (`政府集中` / `0 0` / `采购`, centred
vertically). Two numbers and no whole label on a line: the page did not read as a table page,
its grid was never read and the row's numbers were lost to prose, a false cell.missing
(pdf_word-83000423, seed 83). The page is the rest of the table the page before ends with
(pdfbandrest.band_goes_on). Two-page PDFs drawn with reportlab."""

from __future__ import annotations

import io
import random

import pytest

from annual_report.readers.pdf import read_pdf
from tests.unit.pdf_word_break import chunks

_PARTS = [
    ("（九）", ("采购项目数量", "采购总金额"), "政府集中采购"),
    ("（八）", ("上一年项目数量", "本年增/减"), "行政事业性收费"),
    ("（八）", ("本年收费金额（单位：万元）",), "行政事业性收费"),
    ("（五）", ("本年处理决定数量",), "行政许可"),
]
_XS = (88.0, 330.0, 400.0, 470.0, 540.0)  # the grid's columns: label, three values
_SIZE, _LEAD = 10.5, 12.3


def _grid(cv, top: float, rows: list[tuple[float, int]]) -> None:
    """Rules of rows (height, value cells: 3, 2 with a blank last, 1 spanning the three) from `top` down."""
    y = top
    cv.line(_XS[0], y, _XS[-1], y)
    for height, cells in rows:
        inner = _XS[1:4] if cells > 1 else _XS[1:2]
        for x in (_XS[0], *inner, _XS[-1]):
            cv.line(x, y, x, y - height)
        y -= height
        cv.line(_XS[0], y, _XS[-1], y)


def _cell(cv, x0: float, x1: float, y: float, text: str) -> None:
    cv.drawString((x0 + x1 - _SIZE * len(text)) / 2, y, text)


def _pdf(rng: random.Random) -> tuple[bytes, str, list[str]]:
    from reportlab.pdfgen import canvas

    from tests.unit.report_fixtures import cjk_font

    band, names, label = rng.choice(_PARTS)
    values = [str(rng.choice((0, 3, 12))) for _ in names]
    buf = io.BytesIO()
    cv = canvas.Canvas(buf, pagesize=(595, 842))
    font = cjk_font()
    cv.setFont(font, _SIZE)
    # page 1: part (一), ruled, then the cut part's band at the page's foot
    cv.drawString(90, 300, "二、主动公开政府信息情况")
    top = 280.0
    _grid(cv, top, [(20, 3), (20, 3), (20, 3), (20, 3), (20, 1)])
    for k, cells in enumerate(
        [
            ("第二十条第（一）项",),
            ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
            ("规章", "0", "0", "0"),
            ("规范性文件", "0", "0", "7"),
        ]
    ):
        for (x0, x1), text in zip(zip(_XS, _XS[1:]), cells):
            _cell(cv, x0, x1, top - 20 * k - 14, text)
    _cell(cv, _XS[0], _XS[-1], top - 94, f"第二十条第{band}项")
    cv.showPage()
    # page 2: the part's header and row, its label wrapped around its numbers, then the next section
    cv.setFont(font, _SIZE)
    top = 800.0
    head = [chunks(n, [rng.randint(3, 6)]) for n in names]
    depth = max(len(h) for h in head)
    lines = chunks(label, [rng.randint(2, 4)])
    height = _LEAD * max(len(lines), 2) + 8
    _grid(cv, top, [(_LEAD * depth + 8, len(names) if len(names) > 1 else 1), (height, len(names))])
    spans = list(zip(_XS[1:], _XS[2:])) if len(names) > 1 else [(_XS[1], _XS[-1])]
    _cell(cv, _XS[0], _XS[1], top - 4 - _LEAD * depth / 2 - 4, "信息内容")
    for (x0, x1), cell in zip(spans, head):
        for i, text in enumerate(cell):
            _cell(cv, x0, x1, top - 4 - _LEAD * (i + 1) + 2, text)
    row_top = top - _LEAD * depth - 8
    for i, text in enumerate(lines):
        _cell(cv, _XS[0], _XS[1], row_top - 4 - _LEAD * (i + 1) + 2, text)
    middle = row_top - height / 2 - 3
    for (x0, x1), v in zip(spans, values):
        _cell(cv, x0, x1, middle, v)
    cv.drawString(90, row_top - height - 30, "三、收到和处理政府信息公开申请情况")
    cv.drawString(90, row_top - height - 50, "本年度共收到政府信息公开申请2件。")
    cv.showPage()
    cv.save()
    return buf.getvalue(), label, values


@pytest.mark.parametrize("seed", range(12))
def test_a_part_cut_under_its_band_is_read_on_the_next_page(seed: int) -> None:
    data, label, values = _pdf(random.Random(seed))
    blocks = read_pdf(data).blocks
    rows = [[c for c in b.cells if c] for b in blocks if b.kind == "row"]
    assert [label, *values] in rows, [b.cells for b in blocks]
