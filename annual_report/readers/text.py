"""Plain-text reader: bytes of a .txt conversion -> `Document`.

Text conversions of the same Word table arrive in several shapes, and this reader only
undoes the *shape*; recognising rows and columns is the extraction's job. Shapes seen:

* one cell per line, each cell line starting with a tab, rows separated by blank lines, a
  lone tab for an empty cell (Word "save as text", seeds 000/001/003);
* TSV rows with holes where merged cells were (seed 002);
* one cell per line ending in " |", with "|||" filler lines for merged cells (seed 004);
* markdown pipe tables;
* `pdftotext -layout` output: cells separated by runs of spaces, page footers;
* flattened web text with no separators at all (kept as text; the extraction splits it);
* web tables as a stream of cells, row boundaries lost (`cellstream` rebuilds the rows).

Every block keeps the 1-based line number it came from, so a finding can say "第 240 行".
"""

from __future__ import annotations

import codecs
import re
from typing import Literal

from annual_report import catalog
from annual_report.document import Block, Document
from annual_report.model import Source
from annual_report.readers import boxtables, cellstream, flat, layout, streamrows, traditional

# How much of a file charset-normalizer looks at: enough to decide, bounded for 5 MB inputs.
_DETECT_SAMPLE = 64 * 1024

_PAGE_FOOTER = re.compile(
    r"^\s*(?:[-—–－]\s*\d{1,4}\s*[-—–－]"  # - 3 -  /  -3-  /  — 3 —
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?"  # 第3页 / 第 3 页 共 9 页
    r"|\d{1,4}\s*/\s*\d{1,4})\s*$"  # 3/9
)
_PIPE_FILLER = re.compile(r"^\s*\|+\s*$")
_PIPE_CELL = re.compile(r"^([^|]*?)\s*\|\s*$")  # "规章 |": one cell per line (seed 004)
_MD_ROW = re.compile(r"^\s*\|.*\|\s*$")
_MD_SEPARATOR = re.compile(r"^\s*\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*$")
# pdftotext -layout: two or more spaces (or an ideographic space) between cells.
_LAYOUT_GAP = re.compile(r"(?: {2,}|\u3000+| ?\t ?)")
_VALUE_LIKE = re.compile(r"^[+\-－−]?[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?(?:万元|元|件|条|个|项|人次|次)?$")
_NUMBER_ONLY = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.．]?|[（(][一二三四五六七八九十]{1,3}[）)]|第[一二三四五六七八九十]{1,3}部分|\d{1,2}[、.．]?)$"
)
_PLACEHOLDER = re.compile(r"^[-—–－/／\\…]+$")  # a dash or slash a clerk puts in a cell instead of a number
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_CJK = re.compile(r"[\u4e00-\u9fff]")

# A short line straight after a one-cell-per-line cell continues that cell: Word wrapped
# "结果\n维持" inside one table cell (seed 001, table 3 headers).
_MAX_CONTINUATION = 8


def read_text(data: bytes) -> Document:
    """Decode `data` and turn its lines into blocks. Never raises for odd bytes."""
    text, encoding, replaced = decode_text(data)
    doc = Document(format="text", detected_type="text")
    if encoding not in ("utf-8", "ascii"):
        doc.notes.append(f"文本编码：{encoding}")
    if replaced:
        doc.notes.append(f"有 {replaced} 处字节无法按 {encoding} 解码，已替换")
    text, converted = traditional.to_simplified(text)
    if converted:
        doc.notes.append("文本是繁体字，已转换为简体字阅读")
    lines = text.split("\n")
    numbered, web = _unflatten(lines)
    drawn = boxtables.normalize(numbered)
    if drawn is not numbered:
        numbered = drawn
        doc.notes.append("表格是用制表符号画出的，已按表格线读出行和列")
    if web:
        doc.notes.append("文本是从网页复制的（整篇在少数几行中），已按标题、句子和表格重新分行")
    streamed = cellstream.rebuild(numbered)
    if streamed is not None:
        items = streamed
        doc.notes.append("表格是逐格排列的（行与行之间没有分隔），已按表格的行名称和列数重新分行")
    else:
        items, rebuilt = layout.rebuild(numbered)
        if rebuilt:
            doc.notes.append("表格的行名称跨行换行，已按列位置重新拼合")
    doc.blocks = _blocks(items)
    return doc


def _unflatten(lines: list[str]) -> tuple[list[tuple[int, str]], bool]:
    """(line number, line) pairs: web-page lines cut into pieces, site furniture dropped."""
    out: list[tuple[int, str]] = []
    web = False
    web = any(flat.is_web_line(line) for line in lines)
    for i, line in enumerate(lines, start=1):
        if web and "\t" not in line and flat.needs_split(line):
            out.extend((i, piece) for piece in flat.split_web_line(line))
        elif not (web and flat.is_furniture(line)):
            # a table on a line of its own, its cells one space apart: cells, as when cut from a longer line
            out.append((i, flat.as_row(line) if web and "\t" not in line else line))
        elif (title := flat.rescue_title(line)) is not None:
            out.append((i, title))
    return out, web


def decode_text(data: bytes) -> tuple[str, str, int]:
    """(text with \\n newlines, encoding name, number of replaced characters)."""
    if data.startswith(codecs.BOM_UTF8):
        return _finish(data[3:], "utf-8")
    if data.startswith(codecs.BOM_UTF16_LE):
        return _finish(data[2:], "utf-16-le")
    if data.startswith(codecs.BOM_UTF16_BE):
        return _finish(data[2:], "utf-16-be")
    sample = data[:_DETECT_SAMPLE]
    utf16 = _utf16_without_bom(sample)
    if utf16:
        return _finish(data, utf16)
    # Fast path: most files are UTF-8. A cut multi-byte character at the very end still is.
    try:
        return _newlines(data.decode("utf-8")), "utf-8", 0
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3:
            return _finish(data, "utf-8")
    try:
        text = data.decode("gb18030")
        if _cjk_share(text[:4096]) > 0.2:
            return _newlines(text), "gb18030", 0
    except UnicodeDecodeError:
        pass
    return _finish(data, _detect(sample))


def _detect(sample: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    if best is None:
        return "gb18030"
    enc = best.encoding.lower().replace("_", "-")
    # GB2312 and GBK are subsets of GB18030; decoding with the superset loses nothing.
    if enc in ("gb2312", "gbk", "cp936", "hz"):
        return "gb18030"
    return enc


def _utf16_without_bom(sample: bytes) -> str | None:
    zeros = sample.count(b"\x00")
    if zeros <= len(sample) // 8:
        return None
    even = sample[0::2].count(b"\x00")
    odd = sample[1::2].count(b"\x00")
    # ASCII in UTF-16-LE is "a\x00": the zero sits at the odd offset.
    return "utf-16-le" if odd >= even else "utf-16-be"


def _finish(data: bytes, encoding: str) -> tuple[str, str, int]:
    try:
        text = data.decode(encoding, errors="replace")
    except LookupError:
        encoding = "utf-8"
        text = data.decode(encoding, errors="replace")
    return _newlines(text), encoding, text.count("\ufffd")


def _newlines(text: str) -> str:
    # Not str.splitlines(): it also splits on \x0b, \x1c, \u2028 …, which would shift the
    # line numbers away from what an editor shows.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.lstrip("\ufeff")


def _cjk_share(text: str) -> float:
    if not text:
        return 0.0
    return len(_CJK.findall(text)) / len(text)


def _blocks(lines: list[tuple[int, str | list[str], bool]]) -> list[Block]:
    builder = _Blocks()
    for i, raw, rebuilt in lines:
        if isinstance(raw, list) or rebuilt:
            builder.close()  # a row (or group label) rebuilt by `layout`
            cells = raw if isinstance(raw, list) else [raw]
            kind: Literal["row", "text"] = "row" if isinstance(raw, list) else "text"
            builder.blocks.append(Block(kind, cells, Source.model_construct(line=i), reassembled=rebuilt))
        else:
            builder.line(i, raw)
    builder.close()
    return _group_cell_lines(builder.blocks)


class _Blocks:
    """Lines into blocks; one-cell-per-line and pipe cells gather into an open row."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.group: list[str] | None = None  # open one-cell-per-line or pipe row
        self.sources: list[Source] = []
        self.kind = ""

    def close(self) -> None:
        if self.group is not None:
            self.blocks.append(Block("row", self.group, self.sources[0], self.sources))
        self.group, self.sources, self.kind = None, [], ""

    def add_cell(self, kind: str, cell: str, src: Source) -> None:
        if self.group is None or self.kind != kind:
            self.close()
            self.group, self.kind = [], kind
        self.group.append(cell)
        self.sources.append(src)

    def line(self, i: int, raw: str) -> None:
        line = raw.replace("\f", "")
        if _CONTROL.search(line):
            line = _CONTROL.sub("", line)
        src = Source.model_construct(line=i)  # validated by construction; this is the hot loop
        if "\t" not in line and not line.strip():
            self.close()  # blank line: ends a row
        elif _PAGE_FOOTER.match(line):
            pass  # page footers are not content; keep the open row (it may span pages)
        elif "\t" in line:
            if line.startswith("\t") and line.count("\t") == 1:
                self.add_cell("tab", line[1:].strip(), src)  # one cell per line
            else:
                self.close()
                self.blocks.append(Block("row", [c.strip() for c in line.split("\t")], src))
        else:
            self.plain(line, src)

    def plain(self, line: str, src: Source) -> None:
        stripped = line.strip().strip("\u3000").strip()
        if _PIPE_FILLER.match(line):
            # "|||": the empty grid positions of merged cells; one empty cell per bar.
            for _ in range(stripped.count("|")):
                self.add_cell("pipe", "", src)
            return
        if _MD_ROW.match(line):
            self.close()
            if not _MD_SEPARATOR.match(line):
                self.blocks.append(Block("row", [c.strip() for c in stripped.strip("|").split("|")], src))
            return
        m = _PIPE_CELL.match(line)
        if m and not line.lstrip().startswith("|"):
            self.add_cell("pipe", m.group(1).strip(), src)
            return
        if self.kind == "tab" and self.group and _continues_cell(self.group[-1], stripped):
            self.group[-1] += stripped
            return
        self.close()
        cells = _layout_cells(stripped)
        self.blocks.append(Block("row", cells, src) if cells is not None else Block("text", [stripped], src))


_MAX_CELL_LINE = 48  # the longest official label is 37 characters


def _group_cell_lines(blocks: list[Block]) -> list[Block]:
    """One cell per line without a leading tab: consecutive short lines (no blank line between)
    that hold numbers are one table row, as a blank line ends a row in Word's text export."""
    out: list[Block] = []
    run: list[Block] = []

    def flush() -> None:
        if (
            len(run) >= 2 and any(_VALUE_LIKE.match(b.cells[0]) for b in run) and not all(_VALUE_LIKE.match(b.cells[0]) for b in run[:1])
        ) or (len(run) >= 2 and all(_VALUE_LIKE.match(b.cells[0]) for b in run)):
            sources = [b.source for b in run]
            if not _after_blank_cells(out, run):
                out.append(Block("row", [b.cells[0] for b in run], sources[0], sources))
        else:
            out.extend(run)
        run.clear()

    for b in blocks:
        cell = b.cells[0] if b.kind == "text" else ""
        short = b.kind == "text" and len(cell) <= _MAX_CELL_LINE and not cell.endswith(("。", "；", ";", "：", ":"))
        if short and run and b.source.line == (run[-1].source.line or 0) + 1:
            run.append(b)
            continue
        flush()
        if short:
            run.append(b)
        else:
            out.append(b)
    flush()
    return out


_SUBTOTAL = frozenset({"合计", "小计"})
_HEADER_REACH = 80  # blocks back to the table's header: table 2 has 26 rows of up to 3 label lines


def _after_blank_cells(out: list[Block], values: list[Block]) -> bool:
    """Join `values` (lines of numbers only) to the row label on a line of its own before them,
    the empty lines between being the row's first cells, left blank: one cell per line, an
    empty cell an empty line, a row ended by an empty line (Word's text export without tabs).
    A label cannot end its row with no value, so the empty lines are its cells; joined only
    when they and the numbers make the row whole."""
    label = out[-1] if out else None
    if label is None or label.kind != "text" or streamrows.row_label(label.cells[0]) is None:
        return False
    first = label.source.line or 0
    blanks = (values[0].source.line or 0) - first - 1
    widths = streamrows.row_widths(label.cells[0])
    if len(catalog.APPLICANT_COLUMNS) in widths and any(b.kind == "text" and b.cells[0] in _SUBTOTAL for b in out[-_HEADER_REACH:]):
        widths = widths | {len(catalog.APPLICANT_COLUMNS) + 1}  # table 2 with a 合计 of the 法人 columns
    if blanks < 1 or blanks + len(values) not in widths:
        return False
    gaps = [Source.model_construct(line=first + k) for k in range(1, blanks + 1)]
    cells = [label.cells[0], *[""] * blanks, *[b.cells[0] for b in values]]
    out[-1] = Block("row", cells, label.source, [label.source, *gaps, *[b.source for b in values]])
    return True


def _continues_cell(previous: str, line: str) -> bool:
    return (
        bool(previous)
        and len(line) <= _MAX_CONTINUATION
        and not _VALUE_LIKE.match(previous)
        and not _VALUE_LIKE.match(line)
        and not line.startswith(("一、", "二、", "三、", "四、", "五、", "六、", "#"))
    )


def _layout_cells(line: str) -> list[str] | None:
    """Cells of a `pdftotext -layout` table line, or None when the line is prose."""
    if "  " not in line and "\u3000" not in line:
        return None
    cells = [c for c in _LAYOUT_GAP.split(line) if c]
    if len(cells) < 2:
        return None
    # A heading numbered with a space ("五　存在的主要问题…", "1  总体情况") is one line of text.
    if len(cells) == 2 and _NUMBER_ONLY.match(cells[0].lstrip("#>* ")) and not _VALUE_LIKE.match(cells[1]):
        return None
    # Letter-spaced headings ("总  体  情  况") are one piece of text, not four cells.
    if all(len(c) == 1 for c in cells) and not any(_VALUE_LIKE.match(c) for c in cells):
        return None
    if any(_VALUE_LIKE.match(c) for c in cells) or max(len(c) for c in cells) <= 40:
        return cells
    return None
