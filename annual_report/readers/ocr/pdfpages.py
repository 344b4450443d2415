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

from annual_report.catalog import TABLE_ROW_WORDS, tables_without_rows
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
        if page.pictured_table:  # keep the text layer's words; add the picture's rows
            page.blocks = _with_pictured_rows(page, result.blocks)
            page.table_page = bool(result.grids)
            grids.extend(_Grid(result.number, rows, starts, x0, x1) for rows, starts, x0, x1 in result.grids)
            continue
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
    pictured = [n for n in run.pages if getattr(by_number[n], "pictured_table", False)]
    scanned = [n for n in run.pages if n not in pictured]
    if scanned:
        notes.append(ocr_note(scanned, len(pages)))
    if pictured:
        notes.append(pictured_note(pictured))
    note = failed_pages_note(run)
    if note:
        notes.append(note)
        for number in run.failed:  # said once, here, not again as "只有图片" by the PDF reader
            by_number[number].has_images = False
    return run


# A page whose text announces one of the three tables while none of its rows is in the text
# layer, and which holds a large picture: the table was pasted as a picture (a screenshot of
# an Excel sheet, a scan of the table page). Read by OCR rather than reported as missing.
_TABLE_HEADINGS = ("主动公开政府信息", "收到和处理政府信息公开申请", "行政复议、行政诉讼", "行政复议和行政诉讼", "行政复议及行政诉讼")
_PICTURE_SHARE = 0.15


def announces_missing_table(text: str, table_page: bool) -> bool:
    """The text test alone: the page names a table and prints none of the tables' rows. The
    PDF reader looks at a page's pictures only when this holds (or the page has no text)."""
    if table_page:
        return False
    compact = "".join(text.split())
    return any(h in compact for h in _TABLE_HEADINGS) and len(tables_without_rows(compact)) == len(TABLE_ROW_WORDS)


def pictured_table(page) -> bool:
    return page.image_share >= _PICTURE_SHARE and announces_missing_table(page.text, page.table_page)


def pictured_note(pages: list[int]) -> str:
    listed = "、".join(str(n) for n in pages)
    return f"第 {listed} 页的统计表是图片（没有文字层），表中数字由 OCR 识别得出，请核对是否与原件一致。"


def _with_pictured_rows(page, ocr_blocks: list) -> list:
    """The page's text as its text layer has it, with the rows OCR read from its picture put
    after the line that precedes them on the page (OCR reads the page's text too: the line
    above the picture is found in the text layer by its words), else at the page's end."""
    from annual_report.readers.pdftext import _text_blocks

    text = _text_blocks(page.number, page.lines)
    after: dict[int, list] = {}
    anchor = -1  # rows before any text: at the top
    for block in ocr_blocks:
        if block.kind == "row":
            after.setdefault(anchor, []).append(block)
        else:
            anchor = _matching(text, block.cells[0], anchor)
    out = list(after.get(-1, []))
    for k, block in enumerate(text):
        out += [block, *after.get(k, [])]
    return out


def _matching(text: list, ocr_line: str, previous: int) -> int:
    """Index of the text-layer block holding an OCR'd line (its first characters), searched
    after `previous`; `previous` when it is not found (an OCR misreading)."""
    key = "".join(ocr_line.split())[:8]
    if len(key) < 4:
        return previous
    for k in range(max(previous, 0), len(text)):
        if key in "".join(text[k].cells[0].split()):
            return k
    return previous


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
        elif visible >= _MIN_TEXT and pictured_table(page):
            page.pictured_table = True
            wanted.append(page.number)
    if blank_candidates:  # no text, no image: text drawn as outlines, or just a blank page
        from annual_report.readers.ocr import quality
        from annual_report.readers.ocr.render import render_pdf_pages

        wanted.extend(image.number for image in render_pdf_pages(data, blank_candidates, 72) if not quality.is_blank(image.gray))
    return sorted(wanted)
