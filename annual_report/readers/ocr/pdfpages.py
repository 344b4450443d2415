"""The PDF reader's hook: OCR the pages of a PDF that have no usable text layer.

Called by `read_pdf` once it has read every page's text layer, before it decides whether
the file is readable. Which pages: no text (< 20 visible characters) but an image on them
(a scan); no text and no image but ink when rendered (text drawn as outlines); or a text
layer of garbage (`(cid:…)`, mojibake). Every other page keeps its text layer.

An OCR'd page gets its blocks and its text from OCR, so the PDF reader's readability check,
its assembly in page order and its joining of a table continued on the next page run
unchanged over text and scanned pages alike.
"""

from __future__ import annotations

from annual_report.readers.ocr.options import OcrRun, current_options

_MIN_TEXT = 20


def read_scanned_pages(data: bytes, pages: list, grids: list, notes: list[str]) -> OcrRun:
    """OCR the pages (pdf.py's `_PageText`) without a usable text layer, in place. The OCR
    machinery (numpy, page reading, rendering) is imported only when a page needs it: every
    PDF passes through here, and a text PDF should not pay for it (≈ 0.2 s per process)."""
    wanted = _pages_to_ocr(data, pages)
    if not wanted:
        return OcrRun()
    from annual_report.readers.ocr.reader import (
        NeedsOcr,
        failed_pages_note,
        ocr_note,
        page_cap,
        run_pages,
        snap_scanned_grids,
        unreadable_scan,
    )
    from annual_report.readers.ocr.render import render_pdf_pages
    from annual_report.readers.pdfcontinued import _Grid

    options = current_options()
    if not options.enabled:
        raise NeedsOcr(f"PDF 共 {len(pages)} 页，其中 {len(wanted)} 页需要文字识别（OCR）。", detected_type="pdf")
    page_cap(len(wanted), options, "PDF 中的扫描页")
    run = run_pages(render_pdf_pages(data, wanted, options.dpi), len(wanted), options)
    by_number = {p.number: p for p in pages}
    for result in run.results:
        if result.failure:
            continue
        page = by_number[result.number]
        page.blocks = result.blocks
        page.text = result.text
        page.lines = page.text.splitlines()
        page.table_page = bool(result.grids)
        grids.extend(_Grid(result.number, rows, starts, x0, x1) for rows, starts, x0, x1 in result.grids)
    snap_scanned_grids(grids, set(run.pages))
    if not run.pages:
        text_pages = [p for p in pages if p.number not in wanted]
        if sum(len(p.text.strip()) for p in text_pages) < max(_MIN_TEXT, 10 * len(pages)):
            error = unreadable_scan("PDF ", len(pages), run)
            error.detected_type = "pdf"
            raise error
    if run.pages:
        notes.append(ocr_note(run.pages, len(pages)))
    note = failed_pages_note(run)
    if note:
        notes.append(note)
        for number in run.failed:  # said once, here, not again as "只有图片" by the PDF reader
            by_number[number].has_images = False
    return run


def _pages_to_ocr(data: bytes, pages: list) -> list[int]:
    from annual_report.readers.pdftext import _garbled_ratio

    wanted: list[int] = []
    blank_candidates: list[int] = []
    for page in pages:
        visible = len("".join(page.text.split()))
        if visible < _MIN_TEXT and page.has_images:
            wanted.append(page.number)
        elif visible == 0:
            blank_candidates.append(page.number)
        elif visible >= _MIN_TEXT and _garbled_ratio(page.text)[0]:
            wanted.append(page.number)
    if blank_candidates:  # no text, no image: text drawn as outlines, or just a blank page
        from annual_report.readers.ocr import quality
        from annual_report.readers.ocr.render import render_pdf_pages

        wanted.extend(image.number for image in render_pdf_pages(data, blank_candidates, 72) if not quality.is_blank(image.gray))
    return sorted(wanted)
