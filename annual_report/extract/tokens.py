"""The token stream: every table cell of a block range, in reading order.

All layouts look the same from here: a grid row from DOCX, a TSV line, a group of
one-cell-per-line lines, a `pdftotext -layout` line are all runs of cells. Each cell
becomes a token that is empty, a value (a number or a placeholder such as "—"), or text.
Flattened web text (`规章000规范性文件898989`) is cut into label and digit-run tokens here;
the digit runs are split into cells later, with the table's arithmetic (see `digits`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal

from annual_report import catalog
from annual_report.document import Block
from annual_report.extract.labels import T1_SPECS, T2_SPECS, match_row
from annual_report.extract.normalize import normalize
from annual_report.model import Source

TokenKind = Literal["empty", "value", "text"]

# 2019 本年增/减 cells written as 增3 / 减4 (a change, not text).
VALUE = re.compile(r"^(?:增加?|减少?)?[+\-－−]?\s*[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?\s*(?:万元|元|件|条|个|项|人次|次)?$")
# Placeholders clerks put in a cell instead of a number: they hold the cell's place.
PLACEHOLDER = re.compile(r"^(?:[-—–－/／\\…]+|无|空|/)$")
_SPACED_NUMBERS = re.compile(r"^\d+(?:\s+\d+)+$")
# Flattened text: a CJK character or closing bracket directly followed by a digit.
_GLUED = re.compile(r"[\u4e00-\u9fff）)”\"]\d")
# A minus right after a digit starts a negative number (本年增/减: "24-3" is 24 and -3).
_DIGIT_RUN = re.compile(r"(?:(?<=\d)[-－−])?\d+(?:\.\d+)?")
_MAX_FLAT_LINE = 20_000  # a longer line is not a table row; do not scan it for labels


@dataclass(slots=True)
class Token:
    text: str
    kind: TokenKind
    source: Source
    block: int
    flat: bool = False  # a digit run cut out of flattened text
    norm: str = ""  # normalized text (text tokens only)
    reassembled: bool = False  # a label the reader joined from pieces (see Block.reassembled)
    col: int = -1  # the cell's index in its row block (-1: a piece of a cell)


def tokenize(blocks: list[Block], start: int = 0, end: int | None = None) -> list[Token]:
    end = len(blocks) if end is None else end
    out: list[Token] = []
    for bi in range(start, end):
        block = blocks[bi]
        sources = block.cell_sources
        previous = ""
        header = block.reassembled and not any(VALUE.match(c.strip()) for c in block.cells)
        for ci, cell in enumerate(block.cells):
            src = sources[ci] if sources and ci < len(sources) else block.source
            cell = cell.strip()
            if cell and cell == previous and not VALUE.match(cell) and not PLACEHOLDER.match(cell):
                continue  # a merged label repeated in every cell it covers (some converters do that)
            previous = cell
            before = len(out)
            _cell_tokens(cell, src, bi, out)
            if len(out) == before + 1 and block.kind == "row":
                out[-1].col = ci
            # A rebuilt row: its label; a rebuilt header row (no numbers): every cell.
            if block.reassembled and out and out[-1].kind == "text" and (ci == 0 or header):
                out[-1].reassembled = True
    return out


def _cell_tokens(cell: str, src: Source, bi: int, out: list[Token]) -> None:
    if not cell:
        out.append(Token("", "empty", src, bi))
        return
    if VALUE.match(cell) or PLACEHOLDER.match(cell):
        out.append(Token(cell, "value", src, bi))
        return
    if _SPACED_NUMBERS.match(cell):  # "0 0 0": narrow layout columns one space apart
        out.extend(Token(part, "value", src, bi) for part in cell.split())
        return
    if len(cell) <= _MAX_FLAT_LINE and "。" not in cell and _GLUED.search(cell):
        flat = _flattened(cell, src, bi)
        if flat:
            out.extend(flat)
            return
    out.append(Token(cell, "text", src, bi, norm=normalize(cell)))


def _flattened(cell: str, src: Source, bi: int) -> list[Token] | None:
    """Cut `规章000规范性文件898989` into label / digit-run tokens, or None if it is not that."""
    pieces: list[tuple[str, bool]] = []  # (text, is_digits)
    pos = 0
    for m in _DIGIT_RUN.finditer(cell):
        digits, stop = m.group(), m.end()
        # "…00000002.其他法律…": the last digit before "." or "、" numbers the next label.
        if stop < len(cell) and cell[stop] in ".、．" and "." not in digits:
            digits, stop = digits[:-1], stop - 1
        if m.start() > pos:
            pieces.append((cell[pos : m.start()], False))
        if digits:
            pieces.append((digits, True))
        pos = stop if digits else m.start()
    if pos < len(cell):
        pieces.append((cell[pos:], False))
    # It is a flattened table only if some label is directly followed by a digit run.
    glued = False
    for i in range(len(pieces) - 1):
        text, is_digits = pieces[i]
        if not is_digits and pieces[i + 1][1] and _ends_with_row_label(text):
            glued = True
            break
    if not glued:
        return None
    out: list[Token] = []
    for text, is_digits in pieces:
        if is_digits:
            out.append(Token(text, "value", src, bi, flat=True))
        else:
            for part in _split_labels(text):
                out.append(Token(part, "text", src, bi, norm=normalize(part)))
    return out


def _ends_with_row_label(text: str) -> bool:
    parts = _split_labels(text)
    if not parts:
        return False
    last = normalize(parts[-1])
    return (
        match_row(last, T1_SPECS) is not None
        or match_row(last, T2_SPECS) is not None
        or last.endswith(
            # Table 3 has no row labels: its header's last words precede the 15 digits.
            ("总计", "其他", "其他处理", "行政诉讼", "复议后起诉", "直接起诉", "尚未审结")
        )
    )


def _label_pattern() -> re.Pattern[str]:
    """Every official label and header, loosely spelled, to cut glued header text apart."""
    words: set[str] = set()
    for rows in catalog.TABLE1.values():
        for row in rows:
            words.add(row.label)
            words.update(label for _, label in row.values)
    for t2row in catalog.TABLE2_ROWS:
        words.add(t2row.label)
        if t2row.group:
            words.add(t2row.group)
    words.update(catalog.APPLICANT_COLUMNS)
    words.update(catalog.APPEAL_COLUMNS)
    words.update(
        (
            catalog.APPLICANT_GROUP,
            "申请人情况",
            "信息内容",
            "行政复议",
            "行政诉讼",
            "未经复议直接起诉",
            "复议后起诉",
            "行政规范性文件",
            "本年收费金额（单位：万元）",
        )
    )
    bodies = {re.sub(r"^(?:[一二三四五六七]、|（[一二三四五六七]）|\d\.)", "", w) for w in words}
    alts = []
    for body in sorted(bodies, key=len, reverse=True):
        pat = "".join(_loose(ch) for ch in body)
        if len(body) <= 3:
            # Short words (其他, 总计, 规章) also start longer wording: cut only at a boundary.
            pat += r"(?=\d|$|[一二三四五六七]、|[（(]|第二十条|[^\u4e00-\u9fff])"
        alts.append(r"(?:[一二三四五六七]、|[（(][一二三四五六七][）)]\s*|\d{1,2}[.、．]\s*)?" + pat)
    alts.append(r"第二十条第[（(][一二三四五六七八九十]+[）)]项")
    return re.compile("|".join(alts))


def _loose(ch: str) -> str:
    if ch in "（(":
        return r"[（(]"
    if ch in "）)":
        return r"[）)]"
    if ch in "，,":
        return r"[，,]"
    if ch in "：:":
        return r"[：:]"
    if ch in '“”"':
        return r"[“”\"]?"
    return re.escape(ch)


@functools.cache
def _labels() -> re.Pattern[str]:
    # Compiled on first use: the pattern costs ≈ 0.25 s to compile and only flattened web
    # text needs it, so a process checking PDFs or DOCX (every `intake check`) never pays.
    return _label_pattern()


def _split_labels(text: str) -> list[str]:
    """Cut a run of glued labels at every official label; unknown stretches stay whole."""
    parts: list[str] = []
    pos = 0
    for m in _labels().finditer(text):
        if m.start() > pos:
            gap = text[pos : m.start()].strip()
            if gap:
                parts.append(gap)
        parts.append(m.group())
        pos = m.end()
    tail = text[pos:].strip()
    if tail:
        parts.append(tail)
    return parts
