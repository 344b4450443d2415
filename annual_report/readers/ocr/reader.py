"""Scanned pages and image files → the same `Document` a text PDF gives.

Two entry points:

* `read_scanned_pages(data, pages, grids, notes)`: called by the PDF reader after it read the
  text layer. Only pages without a usable text layer are OCR'd: no text but an image (a
  scan) or drawn ink (text turned into outlines), or a text layer of garbage (`(cid:…)`,
  mojibake). A page with a good text layer never pays for OCR.
* `read_image(data, kind)`: a JPEG/PNG/TIFF/BMP/GIF scan or photo of the report; each frame
  of a multi-page TIFF is a page.

Limits (`OcrOptions`, set per call site with `ocr_options(...)`): a page cap, a time limit
per page and per document. Progress (one call per page) goes to `OcrOptions.progress`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from annual_report.document import Document
from annual_report.errors import DocumentTimeout, DocumentTooLarge, ScannedDocument, UnreadableDocument
from annual_report.readers.ocr import engine, quality
from annual_report.readers.ocr.clock import Deadline, outer_timer_paused
from annual_report.readers.ocr.options import OcrOptions, OcrRun, current_options
from annual_report.readers.ocr.page import read_page
from annual_report.readers.ocr.render import PageImage, image_frames


class NeedsOcr(UnreadableDocument):
    """OCR is switched off here (a text-path worker): the caller hands the file to OCR."""

    code = "needs_ocr"


def run_pages(images: Iterator[PageImage], total: int, options: OcrOptions) -> OcrRun:
    run = OcrRun()
    started = time.perf_counter()
    deadline = Deadline(options.document_seconds, options.page_seconds)
    with outer_timer_paused():
        try:
            for index, image in enumerate(images, start=1):
                try:
                    with deadline.page(image.number):
                        result = read_page(image)
                except Exception as exc:  # the page alarm may fire inside onnxruntime, which wraps it
                    timeout = _timeout_in(exc)
                    if timeout is not None and timeout is not exc:
                        raise timeout from exc
                    raise
                engine.release_freed_memory()
                run.results.append(result)
                if result.failure:
                    run.failed[result.number] = result.failure
                else:
                    run.pages.append(result.number)
                if options.progress is not None:
                    options.progress(image.number, index, total, result)
        finally:
            run.seconds = time.perf_counter() - started
    return run


def _timeout_in(exc: BaseException) -> DocumentTimeout | None:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, DocumentTimeout):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def page_cap(count: int, options: OcrOptions, what: str) -> None:
    if count > options.max_pages:
        raise DocumentTooLarge(
            f"{what}共 {count} 页需要识别，超过扫描件上限 {options.max_pages} 页。请只上传年度报告本身，或上传 Word 文档。",
            detected_type=None,
        )


def unreadable_scan(what: str, n_pages: int, run: OcrRun) -> UnreadableDocument:
    """The scan gave no usable text: say why, from the commonest cause among its pages."""
    causes = list(run.failed.values()) or [quality.BLANK]
    cause = max(set(causes), key=causes.count)
    return ScannedDocument(
        f"{what}共 {n_pages} 页，是扫描件或图片，但其中的文字无法识别：{quality.why(cause)}。{quality.ask(cause)}",
        code="scanned" if cause != quality.SCREEN else "screen_photo",
    )


def failed_pages_note(run: OcrRun) -> str | None:
    failed = {n: c for n, c in run.failed.items() if c != quality.BLANK}  # a blank page holds nothing
    if not failed:
        return None
    parts = [f"第 {n} 页（{quality.why(c)}）" for n, c in sorted(failed.items())]
    return "以下扫描页无法识别，其中的内容没有读取：" + "；".join(parts) + "。"


def ocr_note(pages: list[int], total: int) -> str:
    where = "全部页面" if len(pages) == total else "第 " + _ranges(pages) + " 页"
    return f"本报告{where}是扫描件（或文字层无法识别），文字和数字由 OCR 识别得出，请核对表中数字是否与原件一致。"


def _ranges(numbers: list[int]) -> str:
    spans: list[list[int]] = []
    for n in sorted(numbers):
        if spans and spans[-1][1] == n - 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return "、".join(f"{a}" if a == b else f"{a}–{b}" for a, b in spans)


# -- image files -----------------------------------------------------------------------------

_IMAGE_NAMES = {"png": "PNG 图片", "jpeg": "JPEG 图片", "tiff": "TIFF 图片", "bmp": "BMP 图片", "gif": "GIF 图片"}


def read_image(data: bytes, kind: str) -> Document:
    options = current_options()
    what = _IMAGE_NAMES.get(kind, "图片")
    try:
        count, frames = image_frames(data, options.max_pages + 1)
    except Exception as exc:
        raise UnreadableDocument(f"{what}已损坏，无法打开。请重新导出或扫描后上传。", code="corrupt", detected_type=kind) from exc
    if not options.enabled:
        raise NeedsOcr(f"{what}需要文字识别（OCR）。", detected_type=kind)
    page_cap(count, options, what)
    try:
        run = run_pages(frames, count, options)
    except UnreadableDocument as exc:
        exc.detected_type = exc.detected_type or kind
        raise
    except Exception as exc:  # a frame Pillow cannot decode
        raise UnreadableDocument(f"{what}已损坏，无法完整读取。请重新导出或扫描后上传。", code="corrupt", detected_type=kind) from exc
    if not run.pages:
        error = unreadable_scan(what, count, run)
        error.detected_type = kind
        raise error
    return assemble_image_document(run, count, kind)


def assemble_image_document(run: OcrRun, count: int, kind: str) -> Document:
    from annual_report.readers.pdfcontinued import _align_continued_grids, _Grid, _join_continued_tables

    doc = Document(format="image", pages=count, detected_type=kind, ocr_pages=list(run.pages), ocr_seconds=run.seconds)
    grids: list[_Grid] = []
    for result in run.results:
        doc.blocks.extend(result.blocks)
        grids.extend(_Grid(result.number, rows, starts, x0, x1) for rows, starts, x0, x1 in result.grids)
    snap_scanned_grids(grids, set(run.pages))
    doc.notes.append(ocr_note(run.pages, count))
    note = failed_pages_note(run)
    if note:
        doc.notes.append(note)
    _align_continued_grids(doc.blocks, grids)
    _join_continued_tables(doc.blocks)
    return doc


def snap_scanned_grids(grids: list, scanned: set[int]) -> None:
    """A table continued on a scanned page lies a little elsewhere on the glass than on the
    page before: the first grid of a scanned page is shifted onto the last grid of the page
    before when both have the same width, so the PDF reader's joining of a continued table
    (same left and right edges) sees them as one table."""
    grids.sort(key=lambda g: g.page)
    for prev, cur in zip(grids, grids[1:]):
        if cur.page not in scanned or cur.page != prev.page + 1:
            continue
        if prev is not max(
            (g for g in grids if g.page == prev.page), key=lambda g: g.rows[-1].source.box[1] if g.rows and g.rows[-1].source.box else 0
        ):
            continue
        shift = prev.x0 - cur.x0
        if abs((cur.x1 - cur.x0) - (prev.x1 - prev.x0)) <= 4 and 0 < abs(shift) <= _MAX_SHIFT_PT:
            cur.starts = [s + shift for s in cur.starts]
            cur.x0, cur.x1 = cur.x0 + shift, cur.x1 + shift


_MAX_SHIFT_PT = 40.0
