"""Word (.docx) reader: paragraphs and tables, in document order, as a `Document`.

Walks the WordprocessingML body directly (python-docx opens the package; its proxies are too
slow and hide content controls, tracked changes and text boxes):

* paragraphs → `Block(kind="text")`; a manual line break inside a paragraph starts a new
  block. Automatic list numbering ("一、", "（一）", "1.") is rendered into the text, since
  section headings are often numbered that way.
* tables → one `Block(kind="row")` per `w:tr`, cells in grid order: `w:gridBefore` /
  `w:gridAfter` and the extra positions of a `w:gridSpan` give "", a vertically merged
  continuation (`w:vMerge` without "restart") gives "", so a merged label shows once, in its
  first grid position. Every row of a table has the same width (the table grid).
* a table nested in a cell: the cell keeps its own paragraphs; the nested table's rows follow
  the row that holds it. A one-cell "frame" table is unwrapped (its content read as body).
* tracked changes: inserted text (`w:ins`, `w:moveTo`) is kept, deleted text (`w:del`,
  `w:delText`, `w:moveFrom`) and deleted rows are dropped — what the document says once the
  changes are accepted.
* text boxes (`w:txbxContent`) are read after the paragraph that anchors them; of a
  `mc:AlternateContent` only the first choice is read (the fallback repeats it).
* headers, footers, footnotes and comments are not read; a table laid out with tab stops
  instead of a Word table is read as rows (`docx_tabs`).

Sources: DOCX has no lines or pages, so a block says where a Word user finds it: a paragraph
its number among the body's non-empty paragraphs (`Source.paragraph`), a table row the
table's number in the document and the row's (`table_no`, `row_no`), each cell also its grid
column (`col_no`).
"""

from __future__ import annotations

from collections.abc import Iterator

from annual_report.document import Block, Document
from annual_report.errors import DocumentTooLarge, EncryptedDocument
from annual_report.model import Source
from annual_report.readers.cjk import fix_cjk, join_cell_lines
from annual_report.readers.docx_numbering import Numbering
from annual_report.readers.docx_package import open_body
from annual_report.readers.docx_pictures import read_pictured_tables
from annual_report.readers.docx_tabs import tab_stop_rows

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = "{" + W + "}"
_MC = "{" + MC + "}"

T_P = _W + "p"
T_TBL = _W + "tbl"
T_TR = _W + "tr"
T_TC = _W + "tc"
T_R = _W + "r"
T_T = _W + "t"
T_SDT = _W + "sdt"
T_SDTCONTENT = _W + "sdtContent"
T_TXBX = _W + "txbxContent"
T_ALT = _MC + "AlternateContent"

# Containers whose children are read as if they were in place.
_TRANSPARENT = {
    _W + "ins",
    _W + "moveTo",
    _W + "hyperlink",
    _W + "smartTag",
    _W + "customXml",
    _W + "fldSimple",
    _W + "sdt",
    _W + "sdtContent",
    _W + "dir",
    _W + "bdo",
}
# Elements whose content is never text of the document.
_SKIP = {
    _W + "del",
    _W + "moveFrom",
    _W + "delText",
    _W + "instrText",
    _W + "delInstrText",
    _W + "pPr",
    _W + "rPr",
    _W + "sdtPr",
    _W + "sdtEndPr",
    _W + "footnoteReference",
    _W + "endnoteReference",
    _W + "commentReference",
}

_NOT_TABS = " \u3000\r\n\x0b\f\xa0"  # what ends a line's text, tabs apart
MAX_DOCX_BYTES = 50 * 1024 * 1024
MAX_XML_BYTES = 200 * 1024 * 1024  # uncompressed word/document.xml


def read_docx(data: bytes, *, max_bytes: int = MAX_DOCX_BYTES) -> Document:
    """Read a .docx. Raises CorruptDocument / EncryptedDocument / DocumentTooLarge."""
    if len(data) > max_bytes:
        raise DocumentTooLarge(
            f"Word 文件过大（{len(data) / 1048576:.1f} MB，上限 {max_bytes / 1048576:.0f} MB）。请删除文中的大图片后重新上传。"
        )
    if data.startswith(b"\xd0\xcf\x11\xe0") and "EncryptedPackage".encode("utf-16-le") in data[: 1 << 20]:
        raise EncryptedDocument("Word 文件设置了打开密码，无法读取。请取消密码保护后重新上传。", detected_type="docx")
    body, part = open_body(data, MAX_XML_BYTES)
    doc = Document(format="docx")
    numbering = Numbering(part)
    walker = _Walker(doc, numbering)
    walker.blocks(body)
    tab_stop_rows(doc)
    read_pictured_tables(doc, body, part)
    return doc


class _Walker:
    def __init__(self, doc: Document, numbering: Numbering) -> None:
        self.doc = doc
        self.numbering = numbering
        self.paragraphs = 0  # non-empty paragraphs so far: a paragraph's number
        self.tables = 0  # tables so far: a table's number

    # -- block level -------------------------------------------------------------------
    def blocks(self, parent) -> None:
        for child in parent:
            tag = child.tag
            if tag == T_P:
                self.paragraph(child)
            elif tag == T_TBL:
                self.table(child)
            elif tag in (T_SDT, T_SDTCONTENT, _W + "customXml", _W + "ins", _W + "moveTo"):
                self.blocks(child)
            elif tag == T_ALT:
                choice = _first_choice(child)
                if choice is not None:
                    self.blocks(choice)

    def paragraph(self, p) -> None:
        text, boxes = _paragraph_text(p)
        prefix = self.numbering.label(p)
        if prefix and text.strip():
            text = prefix + text
        if text.strip():
            self.paragraphs += 1
        for line in text.split("\n"):
            line = fix_cjk(line).strip(_NOT_TABS)  # tabs kept: a row laid out with tab stops (docx_tabs)
            if line.strip():
                self.doc.blocks.append(Block(kind="text", cells=[line], source=Source(paragraph=self.paragraphs)))
        for box in boxes:
            self.blocks(box)

    def table(self, tbl) -> None:
        rows = list(_iter_rows(tbl))
        cells_by_row = [list(_iter_cells(tr)) for tr in rows]
        # A one-cell frame around the real content: read it as body.
        if len(rows) == 1 and len(cells_by_row[0]) == 1 and cells_by_row[0][0].find(".//" + T_TBL) is not None:
            self.blocks(cells_by_row[0][0])
            return
        self.tables += 1
        number = self.tables
        width = _grid_width(tbl, rows)
        # Each row as spans [start, span, text]; gridBefore / gridAfter are empty spans.
        specs: list[list[list]] = []
        nested_by_row: list[list] = []
        for tr, tcs in zip(rows, cells_by_row):
            spans: list[list] = []
            nested: list = []
            pos = _int_attr(tr, "trPr", "gridBefore")
            for k in range(pos):
                spans.append([k, 1, ""])
            for tc in tcs:
                span = max(1, _int_attr(tc, "tcPr", "gridSpan") or 1)
                if _is_vmerge_continuation(tc):
                    text = ""
                else:
                    text, inner = _cell_text(tc)
                    nested.extend(inner)
                spans.append([pos, span, text])
                pos += span
            while pos < width:
                spans.append([pos, 1, ""])
                pos += 1
            specs.append(spans)
            nested_by_row.append(nested)
        width = _drop_sliver_columns(tbl, specs, width)
        for row_no, (spans, nested) in enumerate(zip(specs, nested_by_row), 1):
            cells = [""] * width
            for start, _span, text in spans:
                if start < width and text:
                    cells[start] = text
            if any(cells):
                where = Source(table_no=number, row_no=row_no)
                columns = [Source(table_no=number, row_no=row_no, col_no=c) for c in range(1, width + 1)]
                self.doc.blocks.append(Block(kind="row", cells=cells, source=where, cell_sources=columns))
            for inner_tbl in nested:
                self.table(inner_tbl)


_SLIVER_TWIPS = 120  # ~2 mm: narrower grid columns are layout artefacts, not table columns


def _drop_sliver_columns(tbl, specs: list[list[list]], width: int) -> int:
    """Remove grid columns a converter added by rounding (LibreOffice's .doc → .docx).

    A grid column narrower than ~2 mm where no one-column cell holds text is dropped: cells
    spanning it shrink by one, a text that started in it moves to the next position of the
    same cell. Returns the new width.
    """
    grid = tbl.find(_W + "tblGrid")
    if grid is None:
        return width
    widths = []
    for col in grid.findall(_W + "gridCol"):
        try:
            widths.append(int(col.get(_W + "w", "0")))
        except ValueError:
            widths.append(0)
    if len(widths) != width:
        return width
    for j in reversed(range(width)):
        if widths[j] <= 0 or widths[j] >= _SLIVER_TWIPS:
            continue
        covering = [[c for c in spans if c[0] <= j < c[0] + c[1]] for spans in specs]
        if any(c[1] == 1 and c[2] for cs in covering for c in cs):
            continue
        for spans in specs:
            for c in list(spans):
                if c[0] <= j < c[0] + c[1]:
                    if c[1] == 1:
                        spans.remove(c)
                        continue
                    c[1] -= 1
                elif c[0] > j:
                    c[0] -= 1
        width -= 1
    return width


def _first_choice(alt):
    for child in alt:
        if child.tag in (_MC + "Choice", _MC + "Fallback"):
            return child
    return None


def _paragraph_text(p) -> tuple[str, list]:
    """Visible text of a paragraph and the text boxes anchored in it."""
    parts: list[str] = []
    boxes: list = []
    _collect(p, parts, boxes)
    return "".join(parts), boxes


def _collect(el, parts: list[str], boxes: list) -> None:
    for child in el:
        tag = child.tag
        if tag in _SKIP:
            continue
        if tag == T_T:
            if child.text:
                parts.append(child.text)
        elif tag == T_R or tag in _TRANSPARENT:
            _collect(child, parts, boxes)
        elif tag == _W + "tab" or tag == _W + "ptab":
            parts.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            parts.append("\n")
        elif tag == _W + "noBreakHyphen":
            parts.append("-")
        elif tag == _W + "sym":
            char = child.get(_W + "char")
            if char:
                try:
                    code = int(char, 16)
                    parts.append(chr(code - 0xF000 if code >= 0xF000 else code))
                except ValueError:
                    pass
        elif tag == T_ALT:
            choice = _first_choice(child)
            if choice is not None:
                _collect(choice, parts, boxes)
        elif tag == T_TXBX:
            boxes.append(child)
        elif tag == T_P:  # paragraphs inside something odd (math, objects)
            _collect(child, parts, boxes)
        else:
            # drawings, pictures, VML shapes: only text boxes inside them matter
            for box in child.iter(T_TXBX):
                if not _inside_fallback(box, child):
                    boxes.append(box)


def _inside_fallback(el, stop) -> bool:
    node = el.getparent()
    while node is not None and node is not stop:
        if node.tag == _MC + "Fallback":
            return True
        node = node.getparent()
    return False


def _iter_rows(tbl) -> Iterator:
    for child in tbl:
        if child.tag == T_TR:
            if not _row_deleted(child):
                yield child
        elif child.tag in (_W + "sdt", _W + "customXml"):
            content = child.find(T_SDTCONTENT) if child.tag == _W + "sdt" else child
            if content is not None:
                yield from _iter_rows(content)


def _row_deleted(tr) -> bool:
    trpr = tr.find(_W + "trPr")
    return trpr is not None and trpr.find(_W + "del") is not None


def _iter_cells(tr) -> Iterator:
    for child in tr:
        if child.tag == T_TC:
            yield child
        elif child.tag in (_W + "sdt", _W + "customXml"):
            content = child.find(T_SDTCONTENT) if child.tag == _W + "sdt" else child
            if content is not None:
                yield from _iter_cells(content)


def _int_attr(el, pr: str, name: str) -> int:
    props = el.find(_W + pr)
    if props is None:
        return 0
    node = props.find(_W + name)
    if node is None:
        return 0
    try:
        return int(node.get(_W + "val", "0"))
    except ValueError:
        return 0


def _is_vmerge_continuation(tc) -> bool:
    tcpr = tc.find(_W + "tcPr")
    if tcpr is None:
        return False
    vm = tcpr.find(_W + "vMerge")
    return vm is not None and vm.get(_W + "val", "continue") != "restart"


def _grid_width(tbl, rows) -> int:
    # The widest row, not the declared w:tblGrid: converters (LibreOffice) declare extra
    # sliver columns that no cell starts in.
    widest = 0
    for tr in rows:
        n = _int_attr(tr, "trPr", "gridBefore") + _int_attr(tr, "trPr", "gridAfter")
        for tc in _iter_cells(tr):
            n += max(1, _int_attr(tc, "tcPr", "gridSpan") or 1)
        widest = max(widest, n)
    return widest


def _cell_text(tc) -> tuple[str, list]:
    """Text of a cell (its paragraphs joined as visual lines) and its nested tables."""
    lines: list[str] = []
    nested: list = []

    def walk(container) -> None:
        for child in container:
            if child.tag == T_P:
                text, boxes = _paragraph_text(child)
                if text.strip():
                    lines.append(text)
                for box in boxes:
                    walk(box)
            elif child.tag == T_TBL:
                nested.append(child)
            elif child.tag in (T_SDT, T_SDTCONTENT, _W + "customXml"):
                walk(child)

    walk(tc)
    return fix_cjk(join_cell_lines("\n".join(line.replace("\t", " ") for line in lines))), nested
