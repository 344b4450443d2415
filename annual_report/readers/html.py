"""Web pages: a report saved from a government site (`.html`, `.htm`) or as a single-file
web archive (`.mht` / `.mhtml`) → `Document`.

Most reports are published as web pages; a clerk who saves one, or the office that
archives them, sends its HTML. The page is read as a browser shows it, not as its source:

* text: block elements (p, div, h1–h6, li, br …) end a line; runs of white space, `&nbsp;`
  and indentation collapse; script, style and the page's head are dropped;
* tables: rows and cells as laid out, `rowspan` / `colspan` expanded on a grid the way Word's
  merged cells are (the text in the first cell it covers, "" in the others), so the same
  extraction reads them as a DOCX table; a table used only to lay out the page (a cell that
  holds paragraphs, a nested table or long text) is read as body text instead;
* site furniture lines (breadcrumbs, 字体：大 中 小, 分享到, 打印本页 关闭窗口) are dropped as
  in web-copied text (`flat.is_furniture`); the page title is kept when the body does not
  carry it;
* the charset: the `<meta>` declaration, else the byte-level detection plain text uses;
* pictures standing where the tables should be are noted as such (`html_pictures`).
"""

from __future__ import annotations

import email
import re
from collections.abc import Callable
from email import policy
from typing import Any

from annual_report.document import Block, Document
from annual_report.errors import UnreadableDocument
from annual_report.model import Source
from annual_report.readers import flat, traditional
from annual_report.readers.cjk import fix_cjk, join_cell_lines
from annual_report.readers.html_pictures import Picture, mark_pictured_tables, picture_of
from annual_report.readers.text import decode_text

_SKIP = frozenset({"script", "style", "noscript", "head", "template", "iframe", "select", "button", "svg", "object", "textarea"})
_BLOCK = frozenset(
    {
        "p", "div", "section", "article", "header", "footer", "nav", "aside", "main", "h1", "h2", "h3", "h4",
        "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "center", "form", "fieldset",
        "address", "hr", "figure", "figcaption", "caption", "body",
    }
)  # fmt: skip
_CELLS = ("td", "th")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-]+)""", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\n\f\v\xa0\u3000\u2002\u2003\u2009\u200b]+")
_TITLE_SEPARATORS = re.compile(r"\s*(?:[_|｜]|\s[-—–]\s)\s*")
# A table cell holding this much text, or paragraphs, or a table, is page layout, not data.
_LAYOUT_CELL_CHARS = 200
_MAX_SPAN = 60


def read_html(data: bytes, kind: str = "html") -> Document:
    """Read a web page (or a web archive's page) into blocks. Never raises for odd markup."""
    from lxml import html as lxml_html

    raw = _page_of_archive(data) if kind == "mhtml" else data
    text, encoding = _decoded(raw)
    doc = Document(format="text", detected_type=kind)
    doc.notes.append("文件是网页（HTML），已按网页显示的段落和表格读取")
    if encoding not in ("utf-8", "ascii"):
        doc.notes.append(f"网页编码：{encoding}")
    text, converted = traditional.to_simplified(text)  # a mirror site's copy (readers/traditional.py)
    if converted:
        doc.notes.append("文本是繁体字，已转换为简体字阅读")
    try:
        root = lxml_html.document_fromstring(text)
    except Exception as exc:  # lxml raises ParserError / ValueError on a page with no content
        raise UnreadableDocument("网页内容为空或无法解析，请上传 Word 文档或 PDF。") from exc
    walker = _Walker(doc)
    body = root.find("body")
    walker.walk(body if body is not None else root)
    walker.flush()
    mark_pictured_tables(doc, walker.pictures)  # before the title goes in: pictures count blocks
    _keep_title(doc, root)
    return doc


def _page_of_archive(data: bytes) -> bytes:
    """The HTML part of a MIME web archive (its first text/html part)."""
    msg = email.message_from_bytes(data, policy=policy.compat32)
    for part in msg.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                charset = part.get_content_charset()
                if charset and not _META_CHARSET.search(payload[:4096]):
                    payload = f'<meta charset="{charset}">'.encode() + payload
                return payload
    raise UnreadableDocument("网页存档（MHT）中没有找到网页内容，请上传 Word 文档或 PDF。")


def _decoded(data: bytes) -> tuple[str, str]:
    declared = _META_CHARSET.search(data[:8192])
    if declared:
        name = declared.group(1).decode("ascii", "replace").lower()
        name = "gb18030" if name in ("gb2312", "gbk", "cp936", "x-gbk") else name
        try:
            return data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            pass
    text, encoding, _replaced = decode_text(data)
    return text, encoding


def _clean(text: str) -> str:
    return fix_cjk(_SPACES.sub(" ", text)).strip()


class _Flow:
    """Text as a browser lays it out: a line ends at a block element or a `<br>`; a table
    goes to `on_table`; script, style and comments are not shown."""

    def __init__(
        self, on_line: Callable[[str], None], on_table: Callable[[Any], None], on_image: Callable[[Any], None] | None = None
    ) -> None:
        self.current: list[str] = []
        self.on_line, self.on_table, self.on_image = on_line, on_table, on_image

    def end_line(self) -> None:
        text = _clean("".join(self.current))
        self.current.clear()
        if text:
            self.on_line(text)

    def walk(self, el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""  # comments and processing instructions: ""
        if not tag or tag in _SKIP:
            return
        if tag == "table":
            self.end_line()
            self.on_table(el)
            return
        if tag == "img" and self.on_image is not None:
            self.end_line()
            self.on_image(el)
        if tag == "br" or tag in _BLOCK:
            self.end_line()
        self.content(el)
        if tag in _BLOCK:
            self.end_line()

    def content(self, el) -> None:
        """What is inside `el` (its text, children and their tails), without its own breaks."""
        if el.text:
            self.current.append(el.text)
        for child in el:
            self.walk(child)
            if child.tail:
                self.current.append(child.tail)


class _Walker:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.paragraphs = 0
        self.tables = 0
        self.pictures: list[Picture] = []
        self.flow = _Flow(self._line, self.table, lambda el: self.pictures.append(picture_of(el, len(self.doc.blocks))))

    def walk(self, el) -> None:
        self.flow.walk(el)

    def flush(self) -> None:
        self.flow.end_line()

    def _line(self, text: str) -> None:
        if flat.is_furniture(text):
            title = flat.rescue_title(text)
            if title is None:
                return
            text = title
        self.paragraphs += 1
        self.doc.blocks.append(Block(kind="text", cells=[text], source=Source(paragraph=self.paragraphs)))

    def table(self, tbl) -> None:
        rows = _rows(tbl)
        if _is_layout(tbl, rows):
            for tr in rows:
                for cell in _cells(tr):
                    self.walk(cell)
                    self.flush()
            return
        self.tables += 1
        grid, nested = _grid(rows)
        width = max((len(r) for r in grid), default=0)
        for row_no, cells in enumerate(grid, 1):
            cells = cells + [""] * (width - len(cells))
            if any(cells):
                where = Source(table_no=self.tables, row_no=row_no)
                columns = [Source(table_no=self.tables, row_no=row_no, col_no=c) for c in range(1, width + 1)]
                self.doc.blocks.append(Block(kind="row", cells=cells, source=where, cell_sources=columns))
        for inner in nested:
            self.table(inner)


def _rows(tbl) -> list:
    """The table's own rows (not those of a table nested in a cell)."""
    return [tr for tr in tbl.iter("tr") if _owner(tr) is tbl]


def _owner(el):
    parent = el.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _cells(tr) -> list:
    return [c for c in tr if isinstance(c.tag, str) and c.tag in _CELLS]


def _is_layout(tbl, rows: list) -> bool:
    """A table that lays out the page: a cell with a nested table, a heading, long text, or
    several paragraphs of some length (a data cell's wrapped label is short)."""
    for tr in rows:
        for cell in _cells(tr):
            if any(_owner(t) is tbl for t in cell.iter("table") if t is not cell):
                return True
            if any(True for _h in cell.iter("h1", "h2", "h3", "h4")):
                return True
            chars = len(_clean(cell.text_content()))
            if chars > _LAYOUT_CELL_CHARS or (chars > 80 and sum(1 for _p in cell.iter("p")) >= 3):
                return True
    return False


def _span(cell, name: str) -> int:
    try:
        return max(1, min(_MAX_SPAN, int(str(cell.get(name, "1")).strip() or 1)))
    except ValueError:
        return 1


def _grid(rows: list) -> tuple[list[list[str]], list]:
    """Rows of cell texts on the table's grid: a merged cell's text in the first grid cell it
    covers, "" in the others; and the tables nested in its cells, in order."""
    taken: set[tuple[int, int]] = set()
    out: list[list[str]] = []
    nested: list = []
    for r, tr in enumerate(rows):
        row: dict[int, str] = {}
        c = 0
        for cell in _cells(tr):
            while (r, c) in taken:
                c += 1
            colspan, rowspan = _span(cell, "colspan"), _span(cell, "rowspan")
            row[c] = _cell_text(cell, nested)
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.add((r + dr, c + dc))
            c += colspan
        width = max([*row, *(col for (rr, col) in taken if rr == r)], default=-1) + 1
        out.append([row.get(i, "") for i in range(width)])
    return out, nested


def _cell_text(cell, nested: list) -> str:
    """A cell's text as shown: its lines (br, p, div) joined the way a Word cell's are; the
    tables nested in it are added to `nested`."""
    lines: list[str] = []
    flow = _Flow(lines.append, nested.append)
    flow.content(cell)
    flow.end_line()
    return join_cell_lines("\n".join(lines))


def _keep_title(doc: Document, root) -> None:
    """The page's <title> as the first line when the body does not already carry it."""
    title_el = root.find(".//title")
    title = _clean(title_el.text_content()) if title_el is not None else ""
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(title)] if title else [""]
    # The part naming the report (a hacked site's spam or the site's name around it).
    main = next((p for p in parts if "年度报告" in p or "年报" in p), parts[0])
    if len(main) < 6 or any(main in b.text for b in doc.blocks[:40]):
        return
    doc.blocks.insert(0, Block(kind="text", cells=[main], source=Source(paragraph=0)))
