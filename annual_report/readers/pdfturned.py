"""Pages turned by the PDF's /Rotate, made upright before they are read.

Every reader here (pdfium's character boxes and rules, pdfplumber's words) works in one space
where text runs left to right, top to bottom. A turned page breaks that in one of two ways:
a clerk turns a page in a viewer and saves it (the text, level in the page's own space, now
shows sideways), or a printer stores a landscape table page on its side and turns it back
with /Rotate (the text, sideways in the page's own space, shows level). pdfium gives the
page's own space, pdfplumber the space as shown, so each reader saw one of the two sideways:
every cell blank, or no table at all. `upright` rewrites such pages so that the text is level
in the page's own space and nothing is turned: a level page loses its /Rotate, a page stored
on its side is drawn turned onto a page of the shown size. Pages without text (scans) keep
their /Rotate: OCR renders them as shown and finds their orientation itself."""

from __future__ import annotations

import math
from collections import Counter

from annual_report.readers.pdfremove import open_again, saved


def is_turned(page, textpage) -> bool:
    """Whether a page with text is turned: a /Rotate, or its text sideways in its own space
    (the caller holds the pdfium lock)."""
    return textpage.count_chars() > 0 and (page.get_rotation() != 0 or _quarter(textpage) != 0)


def upright(data: bytes) -> bytes:
    """The PDF with every turned text page made level and unturned (the caller holds the
    pdfium lock and has opened `data` before: it is a PDF pdfium reads)."""
    import pypdfium2 as pdfium

    src = open_again(data)
    out = pdfium.PdfDocument.new()
    try:
        for i in range(len(src)):
            page = src[i]
            try:
                textpage = page.get_textpage()
                try:
                    # the turn (clockwise, as /Rotate counts) that shows the text level
                    turn = (360 - _quarter(textpage)) % 360 if textpage.count_chars() else page.get_rotation()
                finally:
                    textpage.close()
                if turn == 0:
                    out.import_pages(src, [i])
                    out[len(out) - 1].set_rotation(0)
                else:
                    page.set_rotation(turn)
                    _draw_as_shown(src, i, page, out)
            finally:
                page.close()
        return saved(out)
    finally:
        out.close()
        src.close()


def _draw_as_shown(src, index: int, page, out) -> None:
    """Page `index` drawn as shown onto a new unturned page of the shown size (pdfium's form
    of a page carries the page's /Rotate in its matrix)."""
    obj = src.page_as_xobject(index, out).as_pageobject()
    new = out.new_page(*page.get_size())  # the size as shown
    new.insert_obj(obj)
    new.gen_content()


def _quarter(textpage) -> int:
    """The way most characters run in the page's own space, in quarter turns counter-clockwise
    (0, 90, 180, 270 degrees), from a sample of them; 0 without characters."""
    import pypdfium2.raw as c

    n = textpage.count_chars()
    turns = Counter(
        round(math.degrees(a) / 90) % 4 for i in range(0, n, max(1, n // _SAMPLE)) if (a := c.FPDFText_GetCharAngle(textpage.raw, i)) >= 0
    )
    return 90 * turns.most_common(1)[0][0] if turns else 0


_SAMPLE = 64  # characters looked at per page
