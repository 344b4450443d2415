"""PDF tables from pypdfium2 geometry (readers/pdfgrid.py): ruling lines → cell grid, and the
agreement of that path with the pdfplumber fallback on every PDF we have."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from annual_report.readers import pdf as pdf_reader
from annual_report.readers import pdfgrid
from annual_report.readers.pdfgrid import PageGeometry
from annual_report.readers.pdfrules import HRule, VRule
from tests.unit.report_fixtures import build_report_pdf, build_text_pdf, cjk_font

REAL = Path(__file__).resolve().parents[3] / "shared" / "real-reports"
REAL_NAMES = ("hongze_district_2023", "hongze_district_2024", "huaian_city_2024")


def _geo(h: list[tuple[float, float, float]], v: list[tuple[float, float, float]], chars=()) -> PageGeometry:
    return PageGeometry(595, 842, list(chars), [HRule(*x) for x in h], [VRule(*x) for x in v])


def _shape(table: pdfgrid.Table) -> list[list[tuple[float, float, float, float] | None]]:
    return [[(c.x0, c.top, c.x1, c.bottom) if c else None for c in row] for row in table.rows]


def test_full_grid_is_one_cell_per_spot():
    h = [(y, 100, 400) for y in (100, 120, 140)]
    v = [(x, 100, 140) for x in (100, 200, 300, 400)]
    [t] = pdfgrid.find_tables(_geo(h, v))
    assert _shape(t) == [
        [(100, 100, 200, 120), (200, 100, 300, 120), (300, 100, 400, 120)],
        [(100, 120, 200, 140), (200, 120, 300, 140), (300, 120, 400, 140)],
    ]


def test_absent_rules_merge_cells_across_and_down():
    # row 1: no rule at x=200 (spans two columns); column 3: no rule at y=120 (spans two rows)
    h = [(100, 100, 400), (120, 100, 300), (140, 100, 400)]
    v = [(100, 100, 140), (200, 120, 140), (300, 100, 140), (400, 100, 140)]
    [t] = pdfgrid.find_tables(_geo(h, v))
    assert _shape(t) == [
        [(100, 100, 300, 120), None, (300, 100, 400, 140)],
        [(100, 120, 200, 140), (200, 120, 300, 140), None],
    ]


def test_rules_are_snapped_and_joined_and_slivers_dropped():
    # a border drawn as a thin filled box: two rules 0.5 pt apart; a rule drawn in two pieces;
    # a 2-pt stub that is no rule
    h = [(100, 100, 300), (100.5, 100, 300), (130, 100, 180), (130, 181, 300), (115, 150, 152)]
    v = [(100, 100, 130), (300, 100, 130), (200, 99, 131)]
    [t] = pdfgrid.find_tables(_geo(h, v))
    assert len(t.rows) == 1 and len(t.rows[0]) == 2
    assert t.rows[0][0].top == pytest.approx(100.25)


def test_open_bottom_of_a_table_cut_by_the_page_break_is_closed():
    h = [(100, 100, 400), (120, 100, 400)]
    v = [(x, 100, 160) for x in (100, 200, 300, 400)]  # no rule at 160
    [t] = pdfgrid.find_tables(_geo(h, v))
    assert [row[0].bottom for row in t.rows] == [120, 160]


def test_two_separate_tables_and_a_lone_rule():
    h = [(100, 100, 300), (120, 100, 300), (300, 100, 300), (320, 100, 300), (500, 50, 550)]
    v = [(100, 100, 120), (200, 100, 120), (300, 100, 120), (100, 300, 320), (200, 300, 320), (300, 300, 320)]
    tables = pdfgrid.find_tables(_geo(h, v))
    assert [t.bbox for t in tables] == [(100, 100, 300, 120), (100, 300, 300, 320)]


def test_non_rectangular_merge_holding_text_is_not_trusted():
    # an L-shaped region (no rule between three spots of a 2×2 grid) with text in it → None:
    # pdfplumber decides (an empty one is cut into empty cells: test_pdf_clipped_cells_at_page_top)
    h = [(100, 100, 300), (120, 200, 300), (140, 100, 300)]
    v = [(100, 100, 140), (200, 120, 140), (300, 100, 140)]
    word = [{"text": "无", "x0": 150, "x1": 160, "top": 125, "bottom": 135}]
    assert pdfgrid.find_tables(_geo(h, v, word)) is None
    [table] = pdfgrid.find_tables(_geo(h, v))
    assert len(table.rows) == 2 and table.rows[1][1] is not None  # the steps are cells, the bottom right one too


def test_text_lines_keep_a_bold_heading_and_its_body_on_one_line():
    def ch(t, x, top, bottom):
        return {"text": t, "x0": x, "x1": x + 16, "top": top, "bottom": bottom}

    # the bold heading's boxes are taller than its body's, which starts right after it
    heading = [ch(t, x, 252.9, 275.3) for t, x in (("况", 100), ("。", 116))]
    body = [ch(t, x, 256.0, 273.9) for t, x in (("根", 133), ("据", 149))]
    next_line = [ch(t, x, 300, 316) for t, x in (("第", 100), (" ", 116), ("二", 130))]
    lines = pdfgrid.text_lines(heading + body + next_line)
    assert [ln["text"] for ln in lines] == ["况。根据", "第 二"]
    assert lines[0]["x0"] == 100 and lines[0]["x1"] == 165


# -- the pdfium path against the pdfplumber path, on real and generated PDFs ---------------


def _pdfs() -> dict[str, bytes]:
    out = {name: (REAL / f"{name}.pdf").read_bytes() for name in REAL_NAMES}
    out["generated_2021"] = build_report_pdf("2021")
    out["generated_2019_seal"] = build_report_pdf("2019", seal=True)
    out["generated_split_table2"] = build_report_pdf("2021", split_table2=True)
    return out


PDFS = _pdfs()


def _read(data: bytes, monkeypatch, *, pdfium: bool):
    fallback: list[int] = []
    plumber = pdf_reader._read_table_pages

    def spy(data_, numbers, notes):
        fallback.extend(numbers)
        return plumber(data_, numbers, notes)

    with monkeypatch.context() as m:
        m.setattr(pdf_reader, "_read_table_pages", spy)
        if not pdfium:
            m.setattr(pdf_reader, "_pdfium_page_blocks", lambda *a, **k: None)
        return pdf_reader.read_pdf(data), fallback


@pytest.mark.parametrize("name", sorted(PDFS))
def test_pdfium_grid_reads_every_table_page_like_pdfplumber(name, monkeypatch):
    fast, fallback = _read(PDFS[name], monkeypatch, pdfium=True)
    slow, plumbed = _read(PDFS[name], monkeypatch, pdfium=False)
    assert fallback == [] and plumbed  # pdfplumber was not needed, and the reference did use it
    assert [(b.kind, b.cells, b.source.page) for b in fast.blocks] == [(b.kind, b.cells, b.source.page) for b in slow.blocks]
    for a, b in zip(fast.blocks, slow.blocks, strict=True):
        if b.kind == "row":
            assert a.source.box == pytest.approx(b.source.box, abs=0.5)
            flat = [v for s in a.cell_sources for v in s.box]
            assert flat == pytest.approx([v for s in b.cell_sources for v in s.box], abs=0.5)


def test_borderless_table_page_falls_back_to_pdfplumber(monkeypatch):
    data = build_text_pdf(["四、政府信息公开行政复议、行政诉讼情况", "行政复议 1 0 0 0 1", "复议后起诉 2 0 1 0 3"])
    doc, fallback = _read(data, monkeypatch, pdfium=True)
    assert fallback == [1]
    assert ["行政复议", "1", "0", "0", "0", "1"] in [b.cells for b in doc.blocks if b.kind == "row"]


def test_ruled_table_beside_borderless_rows_falls_back_to_pdfplumber(monkeypatch):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    cv = canvas.Canvas(buf, pagesize=A4)
    font = cjk_font()
    cv.setFont(font, 12)
    for x in (60, 260, 460):
        cv.line(x, 780, x, 740)
    for y in (780, 760, 740):
        cv.line(60, y, 460, y)
    cv.drawString(70, 765, "信息内容")
    cv.drawString(270, 765, "本年制发件数")
    cv.drawString(70, 745, "规章")
    cv.drawString(270, 745, "3")
    cv.drawString(60, 600, "行政复议 1 0 0 0 1")
    cv.drawString(60, 580, "复议后起诉 2 0 1 0 3")
    cv.showPage()
    cv.save()
    doc, fallback = _read(buf.getvalue(), monkeypatch, pdfium=True)
    assert fallback == [1]
    rows = [b.cells for b in doc.blocks if b.kind == "row"]
    assert ["规章", "3"] in rows and ["复议后起诉", "2", "0", "1", "0", "3"] in rows
