"""Pages turned by the PDF's /Rotate: a clerk turns a page in a viewer and saves it (the text,
upright in the page's own space, now shows sideways), or a printer stores a landscape table
page on its side and turns it back (/Rotate 90 over sideways text, which shows upright). Either
way the report reads as it does unturned. Before, a page turned 90° read every cell blank (a
cascade of false cell.missing), one turned 270° read no table at all (not_report), and a page
stored on its side, turned back or not, lost its tables to the fallback reader. The pages are
made upright once, before any reader sees them (readers/pdfturned.py)."""

from __future__ import annotations

import pytest

from accuracy.generate import make_case
from accuracy.render import render
from tests.unit.pdf_reading import reading, saved


def _shown_turned(data: bytes, degrees: int) -> bytes:
    import pypdfium2 as pdfium

    from annual_report.readers.pdfium_lock import PDFIUM

    with PDFIUM:
        pdf = pdfium.PdfDocument(data)
        for page in pdf:
            page.set_rotation(degrees)
        return saved(pdf)


def _stored_on_its_side(data: bytes) -> bytes:
    """Each page's content drawn turned a quarter in a page of swapped size, /Rotate 90 shows it upright."""
    import pypdfium2 as pdfium

    from annual_report.readers.pdfium_lock import PDFIUM

    with PDFIUM:
        src = pdfium.PdfDocument(data)
        out = pdfium.PdfDocument.new()
        for i in range(len(src)):
            width, height = src[i].get_size()
            obj = src.page_as_xobject(i, out).as_pageobject()
            obj.transform(pdfium.PdfMatrix(0, 1, -1, 0, height, 0))  # (x, y) -> (height - y, x)
            page = out.new_page(height, width)
            page.insert_obj(obj)
            page.gen_content()
            page.set_rotation(90)
        return saved(out)


@pytest.mark.parametrize("family,seed", [("pdf_ruled", 61_000_004), ("pdf_borderless", 61_000_011)])
@pytest.mark.parametrize(
    "turn", ["shown 90", "shown 180", "shown 270", "stored on its side", "stored on its side, shown 0", "stored on its side, shown 180"]
)
def test_a_turned_page_reads_as_unturned(family: str, seed: int, turn: str) -> None:
    data, ext = render(make_case(seed, family))
    assert ext == "pdf"
    if turn.startswith("stored"):
        turned = _stored_on_its_side(data)
        turned = _shown_turned(turned, int(turn.split()[-1])) if "shown" in turn else turned
    else:
        turned = _shown_turned(data, int(turn.split()[1]))
    kind, report, findings = reading(data)
    assert kind == "annual_report"
    assert reading(turned) == (kind, report, findings)
