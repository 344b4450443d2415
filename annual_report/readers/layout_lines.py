"""One line of `pdftotext -layout` text as pieces placed by display column (shared by layout
text and borderless PDF pages).

The stable interface the PDF readers (`pdfcolumns`, `pdfrows`, `pdfblanks`, `pdfgroups`) build
on, tested in tests/unit/test_layout_lines.py: `Piece` and `Line` (a visual line as label
pieces by column and values with their centres), `overlaps`, `continues`, the label starts
`NUMBERED` and `GROUP_START`, and the official row and group wording `is_official` /
`starts_official`. Nothing else of the layout-text modules is theirs to use.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass

from annual_report import catalog
from annual_report.extract.normalize import normalize, split_numbering

__all__ = [
    "GROUP_START",
    "NUMBERED",
    "OFFICIAL",
    "Line",
    "Piece",
    "continues",
    "display_width",
    "is_official",
    "overlaps",
    "parse_line",
    "starts_official",
    "wraps_official",
]

_GAP = re.compile(r"\S+(?: \S+)*")  # a run of text with single spaces inside; 2+ spaces separate cells
# A cell's number, maybe with its unit (3件, 12.5万元), or a placeholder a clerk put instead.
_VALUE = re.compile(
    r"^(?:(?:增加?|减少?)?[+\-－−]?[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?(?:万元|元|件|条|个|项|人次|次)?|[-—–－/／\\…]+|无|空)$"
)
NUMBERED = re.compile(r"^(?:\d{1,2}[.、．]|[（(][一二三四五六七八九十]{1,2}[）)]|[一二三四五六七八九十]{1,2}、)")
GROUP_START = re.compile(r"^(?:[（(]|[一二三四五六七八九十]、)")
_FOOTER = re.compile(r"^\s*(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页.*|\d{1,4}\s*/\s*\d{1,4})\s*$")
_HEADER_START = re.compile(r"^(?:第二十条|信息内容|申请人情况|[（(]本列数据|行政复议|行政诉讼)")
MAX_LABEL_PIECE = 64  # display columns: a longer piece is prose, not a wrapped label
_MAX_GAP_LINES = 14
_MAX_LINE = 600  # characters: a longer line is no table row (and is not measured column by column)


@dataclass
class Piece:
    start: int  # display column
    end: int
    text: str


@dataclass
class Line:
    number: int
    labels: list[Piece]
    values: list[str]
    value_start: int | None
    value_at: list[float] | None = None  # the centre column of each value
    filled: bool = False  # blank cells put back by `align_blanks`


def display_width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def parse_line(number: int, line: str) -> Line | None:
    """Pieces of a layout line; None when it cannot be a table line (tabs, pipes, prose)."""
    if len(line) > _MAX_LINE or "\t" in line or "|" in line or not line.strip() or _FOOTER.match(line):
        return None
    labels: list[Piece] = []
    values: list[str] = []
    value_at: list[float] = []
    value_start = None
    col = 0
    pos = 0
    for m in _GAP.finditer(line):
        col += display_width(line[pos : m.start()])
        text = m.group()
        w = display_width(text)
        parts = text.split(" ") if all(_VALUE.match(p) for p in text.split(" ")) else [text]
        if len(parts) > 1 or _VALUE.match(text):
            if value_start is None:
                value_start = col
            values.extend(parts)
            at = col
            for part in parts:
                value_at.append(at + display_width(part) / 2)
                at += display_width(part) + 1
        else:
            if values or w > MAX_LABEL_PIECE * 2:
                return None  # text right of the numbers, or prose
            labels.append(Piece(col, col + w, text))
        col += w
        pos = m.end()
    return Line(number, labels, values, value_start, value_at)


def overlaps(a: Piece, b: Piece) -> bool:
    return a.start < b.end and b.start < a.end


def continues(head: Line, line: Line) -> bool:
    if len(line.labels) > len(head.labels) or any(NUMBERED.match(x.text) or x.text.endswith("。") for x in line.labels):
        return False
    used: set[int] = set()
    for piece in line.labels:
        hits = [k for k, x in enumerate(head.labels) if overlaps(x, piece)]
        if len(hits) != 1 or hits[0] in used:
            return False
        used.add(hits[0])
    return True


def _official_labels() -> set[str]:
    out: set[str] = set()
    for rows in catalog.TABLE1.values():
        out.update(split_numbering(normalize(r.label))[2] for r in rows)
    for r in catalog.TABLE2_ROWS:
        out.add(split_numbering(normalize(r.label))[2])
        if r.group:
            out.add(split_numbering(normalize(r.group))[2])
    out.update(("其他处理", "总计", "其他"))
    return out


OFFICIAL = _official_labels()  # the official row and group labels of tables 1 and 2, without numbering


def is_official(text: str) -> bool:
    """Whether `text` is an official row or group label (its numbering and spacing aside)."""
    return split_numbering(normalize(text))[2] in OFFICIAL


def starts_official(text: str, also: Collection[str] = ()) -> bool:
    """Whether `text` is the start of an official row or group label, or of one of `also`
    (its numbering aside; bare numbering starts none)."""
    rest = split_numbering(normalize(text))[2]
    return bool(rest) and any(o.startswith(rest) for o in (*OFFICIAL, *also))


def wraps_official(labels: list[str], numbered: list[bool]) -> bool:
    """Of consecutive lines (their label text; whether numbers follow it), a row of numbers whose
    label, wrapped onto the line of text alone above or below it, is a whole official label
    (`行政事业性 0` / `收费`, `行政事业` / `性收费 0`), or around it, its cells centred
    (`行政事` / `15.36` / `业性收费`): one row of a table alone on a page."""
    for k, has_numbers in enumerate(numbered):
        if has_numbers and not labels[k] and 0 < k < len(labels) - 1 and not numbered[k - 1] and not numbered[k + 1]:
            if labels[k - 1] and labels[k + 1] and is_official(labels[k - 1] + labels[k + 1]):
                return True
        for j in (k - 1, k + 1) if has_numbers else ():
            if 0 <= j < len(labels) and not numbered[j] and labels[j] and labels[k]:
                if is_official(labels[j] + labels[k] if j < k else labels[k] + labels[j]):
                    return True
    return False
