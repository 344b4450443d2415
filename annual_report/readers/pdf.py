"""PDF reader: the text layer of every page, and table rows from the pages that hold tables.

pypdfium2 (C, fast) does all the work on a well-formed report:

* The text layer of every page decides whether the file is readable at all (encrypted,
  scanned, garbled font, corrupt) and which pages hold the three statistical tables (their
  labels and rows of numbers).
* On those table pages, `pdfgrid` reads the character boxes and the ruling lines (path
  objects) and builds each table's cell grid from the lines, so every row comes out as
  `Block(kind="row")` in visual grid order. A merged cell's text appears once, at its first
  grid position; the other positions are "". The rest of the page (headings, prose) is read
  from the same character boxes.
* pdfplumber (pure Python, ~30× slower) is the fallback, page by page, only where pdfium gives
  no trustworthy ruled grid: a table without borders (word positions), borders that do not
  form rectangles, rows of numbers outside the ruled tables. There a grid position pdfplumber
  reports as no cell (a missing border) but that holds text gets that text back. Both paths
  give the same blocks on every PDF we have (tests/unit/test_pdf_grid.py).

Clean-up applied to all text: page numbers ("- 3 -", "第 3 页") dropped, glyphs drawn twice
(fake bold) deduplicated, Kangxi / radical look-alikes mapped to ideographs (cjk.py), cell
text joined across its visual lines ("商业\\n企业" → "商业企业"), vertical labels set one
character per line joined, wrapped prose lines reflowed into paragraphs, a table continued
on the next page joined (a group label cut by the page break, "（四）无" + "法提供", is
rebuilt in the first part; the header rows Word repeats atop each page read once, `pdfheaders`). Images (a seal over the text) are ignored.

Sources: `Source(page=n)` (1-based) for every block; blocks from table pages also carry
`box=(x0, top, x1, bottom)` in PDF points from the page's top-left corner, and rows carry a
box per cell in `cell_sources`.

Memory: pypdfium2 pages and text pages are closed as soon as their text (and, on table pages,
their geometry) is read; pdfplumber, when needed, sees only its fallback pages, each closed
after use. Nothing is rendered.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annual_report.document import Block, Document
from annual_report.errors import (
    CorruptDocument,
    DocumentTooLarge,
    EncryptedDocument,
    GarbledTextLayer,
    ScannedDocument,
)
from annual_report.readers.cjk import fix_cjk
from annual_report.readers.ocr.pdfpages import announces_missing_table, read_scanned_pages
from annual_report.readers.pdfbandrest import band_goes_on
from annual_report.readers.pdfblanks import starts_appeals_header
from annual_report.readers.pdfcontinued import (
    _align_continued_grids,
    _drop_repeated_rows,
    _Grid,
    _join_broken_rows,
    _join_continued_tables,
    continues_table,
)
from annual_report.readers.pdffallback import _read_table_pages
from annual_report.readers.pdfheaders import drop_repeated_headers
from annual_report.readers.pdfium_lock import PDFIUM
from annual_report.readers.pdfremove import remove_text
from annual_report.readers.pdfruled import _pdfium_page_blocks
from annual_report.readers.pdftext import _clean_lines, _garbled_ratio, _is_table_page, _text_blocks
from annual_report.readers.pdfturned import is_turned, upright
from annual_report.readers.pdfwatermark import has_watermark, is_mark

MAX_PDF_BYTES = 60 * 1024 * 1024

MAX_PDF_PAGES = 200


@dataclass
class _PageText:
    number: int  # 1-based
    text: str
    chars: int
    has_images: bool = False
    image_share: float = 0.0  # the largest picture's share of the page (a text page: a table pasted as a picture?)
    lines: list[str] = field(default_factory=list)
    table_page: bool = False
    turned: bool = False  # a text page with a /Rotate (pdfturned)
    watermarked: bool = False  # a page with a watermark's text (pdfwatermark)
    pictured_table: bool = False  # set by the OCR hook: a table pasted as a picture on a text page
    blocks: list[Block] | None = None  # table page read from pdfium geometry; None: not (yet) read


def read_pdf(data: bytes, *, max_pages: int = MAX_PDF_PAGES, max_bytes: int = MAX_PDF_BYTES) -> Document:
    """Read a PDF into a Document. Raises an UnreadableDocument subclass with a Chinese reason."""
    if len(data) > max_bytes:
        raise DocumentTooLarge(
            f"PDF 文件过大（{len(data) / 1048576:.1f} MB，上限 {max_bytes / 1048576:.0f} MB）。"
            "请上传不含大图片的 PDF，或直接上传 Word 文档。",
            detected_type="pdf",
        )
    if b"%PDF-" not in data[:1024]:
        raise CorruptDocument(
            "文件名或类型标为 PDF，但内容不是 PDF 文件（缺少 PDF 文件头）。请确认上传的文件，重新导出 PDF 或上传 Word 文档。",
            detected_type="pdf",
        )
    grids: list[_Grid] = []
    truncated = b"%%EOF" not in data[-2048:]
    with PDFIUM:
        pages = _read_text_layer(data, max_pages, grids)
        if any(p.turned or p.watermarked for p in pages):  # rare: read again, made clean and upright
            marked = [p.number for p in pages if p.watermarked]
            data = upright(remove_text(data, marked, is_mark) if marked else data)
            grids.clear()
            pages = _read_text_layer(data, max_pages, grids)
    notes: list[str] = []
    if truncated:
        notes.append("PDF 文件结尾不完整（可能上传中断），已读取能够读取的部分，请核对内容是否齐全。")
    ocr = read_scanned_pages(data, pages, grids, notes)  # pages without a usable text layer
    _check_readable(pages, notes)

    # Table pages whose ruled grid pdfium could not give (borderless, odd borders): pdfplumber.
    fallback = [p.number for p in pages if p.table_page and p.blocks is None]
    fallback = _with_open_headers(pages, fallback)
    doc = Document(format="pdf", pages=len(pages), notes=notes, ocr_pages=ocr.pages, ocr_seconds=ocr.seconds)
    plumbed: dict[int, list[Block]] = {}
    if fallback:
        plumbed, plumbed_grids = _read_table_pages(data, fallback, notes)
        grids.extend(plumbed_grids)
        grids.sort(key=lambda g: g.page)
    for page in pages:
        if page.blocks is not None:
            doc.blocks.extend(page.blocks)
        elif page.number in plumbed:
            doc.blocks.extend(plumbed[page.number])
        else:
            doc.blocks.extend(_text_blocks(page.number, page.lines))
    drop_repeated_headers(doc.blocks)  # before the parts of a table are joined across pages
    _align_continued_grids(doc.blocks, grids)
    _join_continued_tables(doc.blocks)
    _join_broken_rows(doc.blocks)
    _drop_repeated_rows(doc.blocks, notes)
    return doc


def _with_open_headers(pages: list[_PageText], fallback: list[int]) -> list[int]:
    """The fallback pages, and each page before one of them whose foot is a borderless table's
    header with no row under it (行政复议 / 行政诉讼 / 结果维持… at the foot of a page whose ruled
    grids pdfium read): its rows are on the next page, which the word positions read, and they
    place a row's blank cells by that header, carried from page to page only there."""
    by_number = {p.number: p for p in pages}
    more = [
        n - 1
        for n in fallback
        if n - 1 not in fallback and (before := by_number.get(n - 1)) is not None and before.blocks and _open_header(before.blocks)
    ]
    for n in more:
        by_number[n].blocks = None
    return sorted(fallback + more)


def _open_header(blocks: list[Block]) -> bool:
    last_row = max((k for k, b in enumerate(blocks) if b.kind == "row"), default=-1)
    # table 3's header only: tables 1 and 2 continued from a ruled page are joined as grids
    # (pdfcontinued), which pdfplumber's reading of the ruled page would undo
    return any(b.kind == "text" and starts_appeals_header(b.cells[0]) for b in blocks[last_row + 1 :])


def _read_text_layer(data: bytes, max_pages: int, grids: list[_Grid] | None = None) -> list[_PageText]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pdf = _open_pdfium(data)
    try:
        n = len(pdf)
        if n == 0:
            raise CorruptDocument("PDF 文件中没有任何页面，可能已损坏。请重新导出后上传。", detected_type="pdf")
        if n > max_pages:
            raise DocumentTooLarge(f"PDF 共 {n} 页，超过上限 {max_pages} 页，不像一份年度报告。请只上传年度报告本身。", detected_type="pdf")
        out: list[_PageText] = []
        failed = 0
        for i in range(n):
            try:
                page = pdf[i]
            except pdfium.PdfiumError:
                failed += 1
                out.append(_PageText(i + 1, "", 0))
                continue
            try:
                textpage = page.get_textpage()
                try:
                    text = textpage.get_text_range()
                    count = textpage.count_chars()
                    entry = _PageText(
                        i + 1,
                        fix_cjk(text.replace("\x00", "")),
                        count,
                        turned=is_turned(page, textpage),
                        watermarked=has_watermark(textpage),
                    )
                    entry.lines = _clean_lines(entry.text.splitlines())
                    # the rest of a table the page before ends with may be too little to tell by itself
                    entry.table_page = _is_table_page(entry.lines) or (
                        bool(out)
                        and out[-1].table_page
                        and (continues_table(out[-1].lines, entry.lines) or band_goes_on(out[-1].lines, entry.lines))
                    )
                    if entry.table_page and grids is not None:
                        entry.blocks = _pdfium_page_blocks(page, textpage, entry.number, grids)
                finally:
                    textpage.close()
                if _pictures_matter(entry):
                    images = list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2))
                    entry.has_images = bool(images)
                    if images and len(text.strip()) >= 20:
                        entry.image_share = _largest_share(images, page.get_size())
            finally:
                page.close()
            out.append(entry)
        if failed == n:
            raise CorruptDocument("PDF 文件已损坏，页面无法打开。请重新导出后上传。", detected_type="pdf")
        return out
    finally:
        pdf.close()


def _pictures_matter(page: _PageText) -> bool:
    """Whether the page's pictures are worth listing (walking every object of a text page
    costs time): a page without text may be a scan; a text page naming a table whose rows
    are not in its text may hold the table as a picture."""
    return len("".join(page.text.split())) < 20 or announces_missing_table(page.text, page.table_page)


def _largest_share(images: list, size: tuple[float, float]) -> float:
    """The largest picture's area as a share of the page's."""
    area = max(size[0] * size[1], 1.0)
    best = 0.0
    for obj in images:
        try:
            left, bottom, right, top = obj.get_bounds()
        except Exception:
            continue
        best = max(best, abs(right - left) * abs(top - bottom) / area)
    return min(best, 1.0)


def _open_pdfium(data: bytes):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == 4:  # FPDF_ERR_PASSWORD: try the empty user password explicitly
            try:
                return pdfium.PdfDocument(data, password="")
            except pdfium.PdfiumError:
                pass
            raise EncryptedDocument(
                "PDF 文件设置了打开密码，无法读取。请导出不加密的 PDF（或直接上传 Word 文档）后重新上传。",
                detected_type="pdf",
            ) from exc
        if code == 5:  # FPDF_ERR_SECURITY: unsupported security handler
            raise EncryptedDocument(
                "PDF 文件使用了不支持的加密或数字版权保护，无法读取。请导出不加密的 PDF 或上传 Word 文档。",
                detected_type="pdf",
            ) from exc
        if b"%%EOF" not in data[-2048:]:
            reason = "PDF 文件不完整（文件被截断，可能上传或下载中断），无法打开。请重新导出完整的 PDF 后上传。"
        else:
            reason = "PDF 文件已损坏，无法打开（文件结构有误）。请重新导出 PDF 或上传 Word 文档。"
        raise CorruptDocument(reason, detected_type="pdf") from exc


def _check_readable(pages: list[_PageText], notes: list[str]) -> None:
    all_text = "".join(p.text for p in pages)
    visible = [ch for ch in all_text if not ch.isspace()]
    n_pages = len(pages)
    if len(visible) < max(20, 10 * n_pages):
        if any(p.has_images for p in pages):
            raise ScannedDocument(
                f"PDF 共 {n_pages} 页，没有可读取的文字层，看起来是扫描件或图片转成的 PDF，无法读取其中的表格和数字。"
                "请上传 Word 文档，或由 Word/WPS 直接导出（另存为）的 PDF。",
                detected_type="pdf",
            )
        raise ScannedDocument(
            f"PDF 共 {n_pages} 页，但几乎没有文字（可能是空白页或文字已转为图形）。"
            "请上传 Word 文档，或由 Word/WPS 直接导出（另存为）的 PDF。",
            detected_type="pdf",
        )
    garbled, ratio = _garbled_ratio(all_text)
    if garbled:
        raise GarbledTextLayer(
            f"PDF 的文字层无法识别（约 {ratio:.0%} 的字符是乱码：字体没有嵌入字符对照表），"
            "屏幕上看得到的文字无法被读取。请上传 Word 文档，或在 Word/WPS 中重新导出 PDF（导出时勾选“嵌入字体”）。",
            detected_type="pdf",
        )
    scanned_pages = [p.number for p in pages if p.has_images and len(p.text.strip()) < 20]
    if scanned_pages:
        listed = "、".join(str(n) for n in scanned_pages[:10])
        notes.append(f"第 {listed} 页只有图片、没有文字层（可能是扫描插页），其中的内容无法读取。")
