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
rebuilt in the first part). Images (a seal over the text) are ignored.

Sources: `Source(page=n)` (1-based) for every block; blocks from table pages also carry
`box=(x0, top, x1, bottom)` in PDF points from the page's top-left corner, and rows carry a
box per cell in `cell_sources`.

Memory: pypdfium2 pages and text pages are closed as soon as their text (and, on table pages,
their geometry) is read; pdfplumber, when needed, sees only its fallback pages, each closed
after use. Nothing is rendered.
"""

from __future__ import annotations

import bisect
import io
import re
from dataclasses import dataclass, field

from annual_report.document import Block, Document
from annual_report.errors import (
    CorruptDocument,
    DocumentTooLarge,
    EncryptedDocument,
    GarbledTextLayer,
    ScannedDocument,
)
from annual_report.model import Source
from annual_report.readers import pdfcolumns, pdfgrid
from annual_report.readers.cjk import collapse_cjk_spaces, fix_cjk, is_cjk, join_cell_lines
from annual_report.readers.ocr.pdfpages import read_scanned_pages

MAX_PDF_BYTES = 60 * 1024 * 1024
MAX_PDF_PAGES = 200

# Labels of the three tables (whitespace removed before matching).
_LINE_START_LABELS = (
    "信息内容",
    "第二十条",
    "规章",
    "行政规范性文件",
    "规范性文件",
    "行政许可",
    "其他对外管理服务事项",
    "行政处罚",
    "行政强制",
    "行政事业性收费",
    "政府集中采购",
    "申请人情况",
    "一、本年新收",
    "二、上年结转",
    "（一）予以公开",
    "(一)予以公开",
    "（二）部分公开",
    "(二)部分公开",
    "（三）不予公开",
    "（四）无法提供",
    "（五）不予处理",
    "（六）其他处理",
    "（七）总计",
    "(七)总计",
    "四、结转下年度",
    "1.属于国家秘密",
    "1.本机关不掌握",
    "1.信访举报",
    "2.重复申请",
    "行政复议",
    "结果维持",
    "未经复议直接起诉",
    "复议后起诉",
    "本年度办理结果",
)
_TABLE_WORDS = (
    "信息内容",
    "本年制发件数",
    "处理决定数量",
    "本年收费金额",
    "申请人情况",
    "本年新收",
    "上年结转",
    "予以公开",
    "不予公开",
    "无法提供",
    "不予处理",
    "其他处理",
    "结转下年度",
    "行政复议",
    "行政诉讼",
    "结果维持",
    "尚未审结",
    "复议后起诉",
    "本年新制作数量",
    "上一年项目数量",
    "采购项目数量",
)
_NUMBER = r"[-－]?\d+(?:[.,]\d+)?"
_NUMERIC_ROW = re.compile(rf"(?:^|\s)(?:{_NUMBER}\s+){{2,}}{_NUMBER}\s*$")
_NUMERIC_TOKEN = re.compile(rf"^{_NUMBER}$")
_GLUED_ROW = re.compile(r"(?:^|[\u4e00-\u9fff）)”])\d{5,}\s*$")
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-－—–]\s*\d{1,4}\s*[-－—–]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|"
    r"[-－—–]\s*\d{1,4}|\d{1,4}\s*[-－—–])\s*$"
)
_SENTENCE_END = tuple("。！？；!?")
_LABEL_START = re.compile(r"^\s*(?:[（(【\[]|[一二三四五六七八九十]+[、.．]|\d+[、.．]|第[一二三四五六七八九十\d]+)")


@dataclass
class _Grid:
    """One ruled table on one page: its rows and the left edges of its grid columns."""

    page: int
    rows: list[Block]
    starts: list[float]
    x0: float
    x1: float


@dataclass
class _PageText:
    number: int  # 1-based
    text: str
    chars: int
    has_images: bool = False
    lines: list[str] = field(default_factory=list)
    table_page: bool = False
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
    pages = _read_text_layer(data, max_pages, grids)
    notes: list[str] = []
    truncated = b"%%EOF" not in data[-2048:]
    if truncated:
        notes.append("PDF 文件结尾不完整（可能上传中断），已读取能够读取的部分，请核对内容是否齐全。")
    ocr = read_scanned_pages(data, pages, grids, notes)  # pages without a usable text layer
    _check_readable(pages, notes)

    # Table pages whose ruled grid pdfium could not give (borderless, odd borders): pdfplumber.
    fallback = [p.number for p in pages if p.table_page and p.blocks is None]
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
    _align_continued_grids(doc.blocks, grids)
    _join_continued_tables(doc.blocks)
    _drop_repeated_rows(doc.blocks, notes)
    return doc


# -- text layer (pypdfium2) ------------------------------------------------------------------


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
                    entry = _PageText(i + 1, fix_cjk(text.replace("\x00", "")), count)
                    entry.lines = _clean_lines(entry.text.splitlines())
                    entry.table_page = _is_table_page(entry.lines)
                    if entry.table_page and grids is not None:
                        entry.blocks = _pdfium_page_blocks(page, textpage, entry.number, grids)
                finally:
                    textpage.close()
                if len(text.strip()) < 20:
                    entry.has_images = any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2))
            finally:
                page.close()
            out.append(entry)
        if failed == n:
            raise CorruptDocument("PDF 文件已损坏，页面无法打开。请重新导出后上传。", detected_type="pdf")
        return out
    finally:
        pdf.close()


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


_CID = re.compile(r"\(cid:\d+\)")


def _garbled_ratio(text: str) -> tuple[bool, float]:
    """A text layer without usable ToUnicode maps: (cid:NNN), Latin-1 mojibake, private use."""
    cid = len(_CID.findall(text))
    cjk = weird = 0
    for ch in text:
        cp = ord(ch)
        if is_cjk(ch):
            cjk += 1
        elif 0x80 <= cp <= 0x24F or 0xE000 <= cp <= 0xF8FF or cp == 0xFFFD or 0xFB00 <= cp <= 0xFB06 or (cp < 32 and ch not in "\r\n\t\f"):
            weird += 1
    weird += cid * 3
    total = cjk + weird
    if total < 20:
        return False, 0.0
    ratio = weird / total
    return ratio > 0.4, ratio


def _undouble(line: str) -> str:
    """ "审审核核" → "审核" when the whole line is glyph pairs (text drawn twice, fake bold)."""
    s = line.replace(" ", "")
    if len(s) >= 4 and len(s) % 2 == 0 and all(s[i] == s[i + 1] for i in range(0, len(s), 2)):
        i = 0
        chars = list(line)
        out = []
        while i < len(chars):
            out.append(chars[i])
            if i + 1 < len(chars) and chars[i + 1] == chars[i] and chars[i] != " ":
                i += 2
            else:
                i += 1
        return "".join(out)
    return line


def _clean_lines(raw: list[str]) -> list[str]:
    lines = []
    for line in raw:
        line = line.strip().replace("\r", "")
        if not line or _PAGE_NUMBER.match(line):
            continue
        lines.append(_undouble(line))
    return _join_vertical(lines)


def _join_vertical(lines: list[str]) -> list[str]:
    """Runs of ≥3 one-character lines are a vertical label ("三/、/本/年/度…"): join them."""
    out: list[str] = []
    run: list[str] = []
    for line in lines + [None]:  # type: ignore[list-item]
        if line is not None and len(line) == 1:
            run.append(line)
            continue
        if len(run) >= 3:
            out.append("".join(run))
        else:
            out.extend(run)
        run = []
        if line is not None:
            out.append(line)
    return out


def _text_blocks(page: int, lines: list[str]) -> list[Block]:
    return [Block(kind="text", cells=[t], source=Source(page=page)) for t in _reflow(lines)]


def _reflow(lines: list[str], full: list[bool] | None = None) -> list[str]:
    """Join prose lines the PDF wrapped at the right margin back into paragraphs."""
    if not lines:
        return []
    if full is None:
        lengths = [_visual_width(line) for line in lines]
        if len(lengths) < 5:
            return list(lines)
        long_lines = sorted(lengths)[int(len(lengths) * 0.8)]
        threshold = max(18.0, long_lines * 0.9)
        full = [n >= threshold for n in lengths]
    out: list[str] = []
    joinable = False
    for line, is_full in zip(lines, full):
        if out and joinable and not _NUMERIC_ROW.search(line) and not _HEADING.match(line):
            out[-1] = _join_text(out[-1], line)
        else:
            out.append(line)
        joinable = _may_continue(line, is_full)
    return out


_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+[章节部分])")


def _may_continue(line: str, is_full: bool) -> bool:
    """A full-width line that does not end a sentence continues on the next line."""
    return is_full and not line.endswith(_SENTENCE_END) and not _NUMERIC_ROW.search(line)


def _visual_width(line: str) -> float:
    return sum(0.5 if ch.isascii() else 1.0 for ch in line if not ch.isspace())


def _join_text(a: str, b: str) -> str:
    if a and b and a[-1].isascii() and a[-1].isalpha() and b[0].isascii() and b[0].isalpha():
        return a + " " + b
    return a + b


# -- which pages hold tables -----------------------------------------------------------------


def _find_table_pages(pages: list[_PageText]) -> list[int]:
    return [page.number for page in pages if _is_table_page(page.lines)]


def _is_table_page(lines: list[str]) -> bool:
    squeezed = [re.sub(r"\s+", "", line) for line in lines]
    starts = sum(1 for s in squeezed if len(s) <= 48 and s.startswith(_LINE_START_LABELS))
    # Narrow value columns in a small font: pdfium glues a row's digits ("他情形）0000000").
    numeric_rows = sum(1 for line in lines if _NUMERIC_ROW.search(line) or _GLUED_ROW.search(line))
    words = sum(1 for w in _TABLE_WORDS if any(w in s for s in squeezed))
    return (numeric_rows >= 2 and words >= 1) or numeric_rows >= 5 or starts >= 2 or (starts >= 1 and words >= 3)


# -- tables (pypdfium2 geometry) -------------------------------------------------------------


def _pdfium_page_blocks(page, textpage, number: int, grids: list[_Grid]) -> list[Block] | None:
    """A table page from pdfium's char boxes and ruling lines; None: let pdfplumber read it
    (no ruled grid, a grid this reader does not trust, or rows of numbers outside the grids)."""
    try:
        geo = pdfgrid.read_geometry(page, textpage)
        tables = pdfgrid.find_tables(geo) if geo is not None else None
    except Exception:  # odd page structure: pdfplumber decides
        return None
    if not tables:
        return None
    boxes = [t.bbox for t in tables]
    chars = geo.chars

    def outside(ch: dict) -> bool:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

    lines = [ln for ln in pdfgrid.text_lines([ch for ch in chars if outside(ch)]) if ln["text"].strip()]
    lines = [ln for ln in lines if not _PAGE_NUMBER.match(ln["text"])]
    if sum(1 for ln in lines if _NUMERIC_ROW.search(collapse_cjk_spaces(ln["text"]))) >= 2:
        return None  # a borderless table beside the ruled ones: pdfplumber's word positions
    items: list[tuple[float, float, Block]] = []
    page_grids: list[_Grid] = []
    for table in tables:
        rows = _grid_rows(table, chars, number)
        if rows:
            page_grids.append(_Grid(number, rows, table.xs[:-1], table.bbox[0], table.bbox[2]))
        for block in rows:
            items.append((block.source.box[1], block.source.box[0], block))
    items.extend(_prose_items(lines, geo.width, number))
    items.sort(key=lambda it: (round(it[0], 1), it[1]))
    grids.extend(page_grids)
    return [it[2] for it in items]


def _grid_rows(table: pdfgrid.Table, chars: list[dict], page_number: int) -> list[Block]:
    """Rows of one ruled table: grid order, a merged cell's text once at its first position."""
    x0, top, x1, bottom = table.bbox
    # Each char goes to the cell holding its centre: the grid spot by bisection, then the
    # merged cell covering that spot (it starts at or above and left of it).
    by_cell: dict[int, list[dict]] = {}
    tops, lefts = table.ys, table.xs
    for ch in chars:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        if not (x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1):
            continue
        r = min(max(bisect.bisect_right(tops, cy) - 1, 0), len(table.rows) - 1)
        j = min(max(bisect.bisect_right(lefts, cx) - 1, 0), len(lefts) - 2)
        cell = _covering(table, r, j, cx, cy)
        if cell is not None:
            by_cell.setdefault(id(cell), []).append(ch)
    blocks: list[Block] = []
    for r, row in enumerate(table.rows):
        present = [c for c in row if c is not None]
        rbox = (min(c.x0 for c in present), min(c.top for c in present), max(c.x1 for c in present), max(c.bottom for c in present))
        texts: list[str] = []
        sources: list[Source] = []
        for j, cell in enumerate(row):
            if cell is not None:
                box = (cell.x0, cell.top, cell.x1, cell.bottom)
                inside = by_cell.get(id(cell))
                texts.append(_chars_to_text(inside) if inside else "")
            else:  # covered by a merged cell to the left or above
                box = (table.xs[j], table.ys[r], table.xs[j + 1], rbox[3])
                texts.append("")
            sources.append(Source(page=page_number, box=_round_box(box)))
        if not any(texts):
            continue
        blocks.append(Block(kind="row", cells=texts, source=Source(page=page_number, box=_round_box(rbox)), cell_sources=sources))
    return blocks


def _covering(table: pdfgrid.Table, r: int, j: int, cx: float, cy: float) -> pdfgrid.Cell | None:
    for rr in range(r, -1, -1):
        for jj in range(j, -1, -1):
            cell = table.rows[rr][jj]
            if cell is not None and cell.x0 - 1 <= cx <= cell.x1 + 1 and cell.top - 1 <= cy <= cell.bottom + 1:
                return cell
    return None


def _prose_items(lines: list[dict], width: float, number: int) -> list[tuple[float, float, Block]]:
    """Text lines of a table page (outside its tables) → reflowed paragraphs with boxes."""
    if not lines:
        return []
    left = min(ln["x0"] for ln in lines)
    right = max(max(ln["x1"] for ln in lines), width - left) if left < width / 3 else max(ln["x1"] for ln in lines)
    texts, full = [], []
    for ln in lines:
        texts.append(_undouble(fix_cjk(ln["text"])))
        w = (ln["x1"] - ln["x0"]) / max(1, len(ln["text"]))
        full.append(ln["x1"] >= right - 2.5 * w)
    return [
        (box[1], box[0], Block(kind="text", cells=[text], source=Source(page=number, box=box)))
        for text, box in _reflow_with_boxes(texts, full, lines)
    ]


# -- tables (pdfplumber, the fallback) -------------------------------------------------------


def _read_table_pages(data: bytes, numbers: list[int], notes: list[str]) -> tuple[dict[int, list[Block]], list[_Grid]]:
    import pdfplumber

    out: dict[int, list[Block]] = {}
    grids: list[_Grid] = []
    try:
        pdf = pdfplumber.open(io.BytesIO(data), pages=numbers)
    except Exception:
        notes.append("PDF 中表格的版面无法解析，表格按文字读取，请核对表格数字。")
        return out, grids
    try:
        for page in pdf.pages:
            try:
                out[page.page_number] = _page_blocks(page, grids)
            except Exception:
                notes.append(f"第 {page.page_number} 页的表格版面无法解析，已按文字读取，请核对该页表格数字。")
            finally:
                page.close()
    finally:
        pdf.close()
    return out, grids


def _is_white(color) -> bool:
    if color is None:
        return False
    if isinstance(color, (int, float)):
        return color >= 0.95
    try:
        values = list(color)
    except TypeError:
        return False
    if len(values) == 4:  # CMYK
        return all(v <= 0.05 for v in values)
    return bool(values) and all(isinstance(v, (int, float)) and v >= 0.95 for v in values)


def _keep_object(obj) -> bool:
    # White filled boxes behind paragraphs are not table borders.
    if obj.get("object_type") == "rect" and obj.get("fill") and not obj.get("stroke"):
        return not _is_white(obj.get("non_stroking_color"))
    if obj.get("object_type") in ("line", "rect", "curve") and obj.get("stroke"):
        return not _is_white(obj.get("stroking_color"))
    return True


_TABLE_SETTINGS = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}


def _page_blocks(page, grids: list[_Grid]) -> list[Block]:
    number = page.page_number
    work = page.dedupe_chars().filter(_keep_object)
    settings = dict(_TABLE_SETTINGS)
    ends = _open_table_ends(work.edges)
    if ends:
        settings["explicit_horizontal_lines"] = ends
    tables = [t for t in work.find_tables(settings) if len(t.rows) >= 1 and len(t.columns) >= 2]
    items: list[tuple[float, float, Block]] = []  # (top, x0, block)
    boxes = [t.bbox for t in tables]
    chars = work.chars
    for table in tables:
        rows = _table_rows(table, chars, number)
        if rows:
            starts = sorted({c[0] for row in table.rows for c in row.cells if c is not None})
            grids.append(_Grid(number, rows, starts, table.bbox[0], table.bbox[2]))
        for block in rows:
            items.append((block.source.box[1], block.source.box[0], block))

    def outside(obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

    rest = work.filter(outside) if boxes else work
    lines = [ln for ln in rest.extract_text_lines(strip=True, return_chars=False) if ln["text"].strip()]
    lines = [ln for ln in lines if not _PAGE_NUMBER.match(ln["text"])]
    rebuilt = pdfcolumns.table_blocks(
        pdfcolumns.split_digit_words(rest.extract_words(keep_blank_chars=False, use_text_flow=False, x_tolerance=1.5), rest.chars),
        lines,
        number,
    )
    borderless, lines = rebuilt if rebuilt is not None else _borderless_rows(rest, lines, number)
    for block in borderless:
        items.append((block.source.box[1], block.source.box[0], block))
    items.extend(_prose_items(lines, page.width, number))
    items.sort(key=lambda it: (round(it[0], 1), it[1]))
    return [it[2] for it in items]


def _open_table_ends(edges: list[dict]) -> list[float]:
    """y of the common ends of ≥3 vertical rules: a table cut by the page break has no
    closing horizontal rule (its last row would be lost); the rules' ends stand in for it."""
    counts: dict[int, list[float]] = {}
    for e in edges:
        if e.get("orientation") != "v" or e["bottom"] - e["top"] < 8:
            continue
        for y in (e["top"], e["bottom"]):
            counts.setdefault(round(y / 2), []).append(y)
    horizontals = [e for e in edges if e.get("orientation") == "h"]
    out = []
    for ys in counts.values():
        if len(ys) < 3:
            continue
        y = sum(ys) / len(ys)
        xs = [e["x0"] for e in edges if e.get("orientation") == "v" and (abs(e["top"] - y) < 2 or abs(e["bottom"] - y) < 2)]
        span = (min(xs), max(xs)) if xs else (0, 0)
        closed = any(abs(h["top"] - y) < 2 and h["x0"] <= span[0] + 2 and h["x1"] >= span[1] - 2 for h in horizontals)
        if not closed:
            out.append(y)
    return sorted(out)


def _reflow_with_boxes(texts: list[str], full: list[bool], lines: list[dict]) -> list[tuple[str, tuple]]:
    out: list[tuple[str, tuple]] = []
    joinable = False
    for text, ln, is_full in zip(texts, lines, full):
        box = (ln["x0"], ln["top"], ln["x1"], ln["bottom"])
        if out and joinable and not _HEADING.match(text):
            prev_text, prev_box = out[-1]
            out[-1] = (_join_text(prev_text, text), (min(prev_box[0], box[0]), prev_box[1], max(prev_box[2], box[2]), box[3]))
        else:
            out.append((text, box))
        joinable = _may_continue(text, is_full)
    return out


def _table_rows(table, chars: list[dict], page_number: int) -> list[Block]:
    """Rows of one pdfplumber table: grid order, merges once, missing cells rebuilt."""
    cells = [c for row in table.rows for c in row.cells if c is not None]
    x0, top, x1, bottom = table.bbox
    # Grid columns: pdfplumber indexes a row's cells by the sorted distinct cell left edges.
    starts = sorted({c[0] for c in cells})
    xs = [(a, b) for a, b in zip(starts, starts[1:] + [x1])]
    in_table = [
        ch for ch in chars if x0 - 1 <= (ch["x0"] + ch["x1"]) / 2 <= x1 + 1 and top - 1 <= (ch["top"] + ch["bottom"]) / 2 <= bottom + 1
    ]
    blocks: list[Block] = []
    for row in table.rows:
        rtop, rbottom = row.bbox[1], row.bbox[3]
        texts: list[str] = []
        sources: list[Source] = []
        for j, cell in enumerate(row.cells):
            if cell is not None:
                texts.append(_cell_text(in_table, cell))
                sources.append(Source(page=page_number, box=_round_box(cell)))
                continue
            gx0, gx1 = xs[j] if j < len(xs) else (row.bbox[0], row.bbox[2])
            grid = (gx0, rtop, gx1, rbottom)
            cx, cy = (gx0 + gx1) / 2, (rtop + rbottom) / 2
            covered = any(c[0] - 0.5 <= cx <= c[2] + 0.5 and c[1] - 0.5 <= cy <= c[3] + 0.5 for c in cells)
            texts.append("" if covered else _cell_text(in_table, grid))
            sources.append(Source(page=page_number, box=_round_box(grid)))
        if not any(texts):
            continue
        blocks.append(Block(kind="row", cells=texts, source=Source(page=page_number, box=_round_box(row.bbox)), cell_sources=sources))
    return blocks


def _round_box(box) -> tuple[float, float, float, float]:
    return (round(box[0], 1), round(box[1], 1), round(box[2], 1), round(box[3], 1))


def _cell_text(chars: list[dict], box) -> str:
    x0, top, x1, bottom = box
    inside = [ch for ch in chars if x0 <= (ch["x0"] + ch["x1"]) / 2 <= x1 and top <= (ch["top"] + ch["bottom"]) / 2 <= bottom]
    if not inside:
        return ""
    return _chars_to_text(inside)


def _chars_to_text(chars: list[dict]) -> str:
    """Chars of one cell → text: lines by vertical position, left to right, joined."""
    chars = sorted(chars, key=lambda c: (c["top"], c["x0"]))
    lines: list[list[dict]] = []
    for ch in chars:
        if lines:
            last = lines[-1]
            ref = last[0]
            height = max(1.0, ref["bottom"] - ref["top"])
            if abs(ch["top"] - ref["top"]) <= height * 0.5:
                last.append(ch)
                continue
        lines.append([ch])
    out_lines = []
    for line in lines:
        line.sort(key=lambda c: c["x0"])
        text = ""
        prev = None
        for ch in line:
            if prev is not None:
                gap = ch["x0"] - prev["x1"]
                size = max(1.0, prev["x1"] - prev["x0"])
                if gap > size * 0.6 and text and not text.endswith(" "):
                    text += " "
            text += ch["text"]
            prev = ch
        out_lines.append(text)
    return fix_cjk(join_cell_lines("\n".join(out_lines)))


def _borderless_rows(page, lines: list[dict], page_number: int) -> tuple[list[Block], list[dict]]:
    """Rows of a table without ruling lines, from word positions.

    Used when text outside the ruled tables still has rows of numbers under table labels.
    A row is a label followed by numbers; a label wrapped over two lines (the numbers sit
    between them) is attached to the nearest row of numbers.
    """
    numeric = [ln for ln in lines if _NUMERIC_ROW.search(collapse_cjk_spaces(ln["text"]))]
    if len(numeric) < 2:
        return [], lines
    words = page.extract_words(keep_blank_chars=False, use_text_flow=False, x_tolerance=1.5)
    if not words:
        return [], lines
    bands: list[dict] = []
    for ln in numeric:
        in_line = [w for w in words if w["top"] >= ln["top"] - 1 and w["bottom"] <= ln["bottom"] + 1]
        nums = [w for w in in_line if _NUMERIC_TOKEN.match(w["text"])]
        if len(nums) < 3:
            continue
        first_num_x = min(w["x0"] for w in nums)
        label = [w for w in in_line if w["x1"] <= first_num_x + 0.5 and not _NUMERIC_TOKEN.match(w["text"])]
        bands.append(
            {
                "line": ln,
                "nums": sorted(nums, key=lambda w: w["x0"]),
                "label": label,
                "extra": [],
                "top": ln["top"],
                "bottom": ln["bottom"],
                "num_x": first_num_x,
            }
        )
    if len(bands) < 2:
        return [], lines
    used = {id(b["line"]) for b in bands}
    num_x = min(b["num_x"] for b in bands)
    rest: list[dict] = []
    for ln in lines:
        if id(ln) in used:
            continue
        if ln["x1"] <= num_x + 1:
            center = (ln["top"] + ln["bottom"]) / 2
            height = ln["bottom"] - ln["top"]
            nearest = min(bands, key=lambda b: abs((b["top"] + b["bottom"]) / 2 - center))
            if abs((nearest["top"] + nearest["bottom"]) / 2 - center) <= 1.6 * height:
                nearest["extra"].append(ln)
                continue
        rest.append(ln)
    blocks = []
    for b in bands:
        parts = sorted([(w["top"], w["x0"], w["text"]) for w in b["label"]] + [(ln["top"], ln["x0"], ln["text"]) for ln in b["extra"]])
        label = join_cell_lines("\n".join(p[2] for p in parts))
        cells = [fix_cjk(label)] + [w["text"] for w in b["nums"]]
        top = min([b["top"]] + [ln["top"] for ln in b["extra"]])
        bottom = max([b["bottom"]] + [ln["bottom"] for ln in b["extra"]])
        box = (b["line"]["x0"], top, b["line"]["x1"], bottom)
        blocks.append(Block(kind="row", cells=cells, source=Source(page=page_number, box=_round_box(box))))
    return blocks, rest


# -- tables across pages ---------------------------------------------------------------------


def _align_continued_grids(blocks: list[Block], grids: list[_Grid]) -> None:
    """Give a table continued on the next page one grid for all its parts.

    A part whose rows are all merged across some columns has fewer grid columns than the
    other part (the first page of table 2 often shows its three label columns as one). When
    the last block of a page is a row of table A and the first block of the next page a row
    of table B with the same left and right edges, both are re-gridded on the union of their
    column edges: a cell keeps its text at its first grid position, "" after it.
    """
    by_row = {id(row): g for g in grids for row in g.rows}
    chains: list[list[_Grid]] = []
    for prev, cur in zip(blocks, blocks[1:]):
        a, b = by_row.get(id(prev)), by_row.get(id(cur))
        if a is None or b is None or a is b or b.page != a.page + 1:
            continue
        if abs(a.x0 - b.x0) > 4 or abs(a.x1 - b.x1) > 4:
            continue
        if chains and chains[-1][-1] is a:
            chains[-1].append(b)
        else:
            chains.append([a, b])
    for chain in chains:
        union: list[float] = []
        for x in sorted(x for g in chain for x in g.starts):
            if not union or x - union[-1] > 3:
                union.append(x)
        for g in chain:
            index = [min(range(len(union)), key=lambda k: abs(union[k] - x)) for x in g.starts]
            if index == list(range(len(union))):
                continue
            for row in g.rows:
                cells = [""] * len(union)
                sources: list[Source | None] = [None] * len(union)
                for j, text in enumerate(row.cells):
                    if j < len(index):
                        cells[index[j]] = text
                        if row.cell_sources:
                            sources[index[j]] = row.cell_sources[j]
                for k in range(len(sources)):
                    if sources[k] is None:
                        sources[k] = sources[k - 1] if k else row.source
                row.cells = cells
                if row.cell_sources:
                    row.cell_sources = sources  # type: ignore[assignment]
            g.starts = union


def _join_continued_tables(blocks: list[Block]) -> None:
    """A group label cut by a page break ("（四）无" | "法提供") is rebuilt in the first part.

    When the first row on a page continues a table of the previous page (same width, the
    previous page ended with table rows) and is a data row, a group-label cell of that row
    (the row's own label stands to its right) holding a fragment (not starting like a label:
    "（", "1.", "一、") is appended to the last non-empty cell of that column on the previous
    page and left "" where it was.
    """
    for i in range(1, len(blocks)):
        cur = blocks[i]
        prev = blocks[i - 1]
        if cur.kind != "row" or prev.kind != "row":
            continue
        if cur.source.page is None or prev.source.page is None or cur.source.page != prev.source.page + 1:
            continue
        if len(cur.cells) != len(prev.cells):
            continue
        first_number = next((k for k, c in enumerate(cur.cells) if _NUMERIC_TOKEN.match(c)), None)
        if first_number is None:
            continue  # a header row, not a data row cut by the page break
        for k in range(first_number):
            text = cur.cells[k]
            if not text or _LABEL_START.match(text):
                continue
            # only a group label: the row's own label stands to its right
            if not any(cur.cells[j] for j in range(k + 1, first_number)):
                continue
            for j in range(i - 1, -1, -1):
                above = blocks[j]
                if above.kind != "row" or len(above.cells) != len(cur.cells) or above.source.page != prev.source.page:
                    break
                if above.cells[k]:
                    if not _LABEL_START.match(above.cells[k]) or above.cells[k].endswith(("）", ")")):
                        break
                    above.cells[k] = above.cells[k] + text
                    cur.cells[k] = ""
                    break


def _drop_repeated_rows(blocks: list[Block], notes: list[str]) -> None:
    """A row printed again at the top of the next page (some tools repeat the row a page break
    cut) is one row: the first row of a page whose cells are those of the last row of the page
    before (the same label and the same numbers) is dropped, and a note says so."""
    last_row: Block | None = None
    dropped: list[int] = []
    keep: list[Block] = []
    for block in blocks:
        if block.kind != "row":
            keep.append(block)
            continue
        prev, last_row = last_row, block
        page, prev_page = block.source.page, prev.source.page if prev is not None else None
        if prev is not None and page is not None and prev_page is not None and page == prev_page + 1 and _same_row(prev, block):
            if not any(b.kind == "row" and b.source.page == page for b in keep):
                dropped.append(page)
                continue
        keep.append(block)
    if dropped:
        blocks[:] = keep
        pages = "、".join(str(n) for n in dropped)
        notes.append(f"第 {pages} 页顶部重复了上一页的最后一行表格（分页时重复打印），已按一行读取。")


def _same_row(a: Block, b: Block) -> bool:
    cells_a, cells_b = [c for c in a.cells if c], [c for c in b.cells if c]
    if cells_a != cells_b or not cells_a:
        return False
    return any(is_cjk(ch) for ch in cells_a[0]) and any(_NUMERIC_TOKEN.match(c) for c in cells_a[1:])
