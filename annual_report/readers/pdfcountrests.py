"""A count the page break cut, its end atop the next page: a unit (`0` | `件`), the end of a
number its narrow cell wrapped (`28` | `7`), a change's number (`增` | `1`). Each goes back onto
the last row of the page before (`pdfcontinued._join_broken_rows` asks `count_rest`). And a
row of table 1 read as prose atop the page after its table (`rows_read_as_prose`)."""

from __future__ import annotations

import re

from annual_report import catalog
from annual_report.document import Block
from annual_report.extract.normalize import normalize
from annual_report.readers.layout_lines import is_official
from annual_report.readers.pdfwords import CHANGE as CHANGE_WORD
from annual_report.readers.pdfwords import NUMBER
from annual_report.readers.pdfwords import UNIT as _UNIT


def count_rest(out: list[Block], cur: Block) -> bool:
    """Whether `cur` was the end of counts of the row before, now joined to it."""
    return _units_rest(out, cur) or _digits_rest(out, cur) or _change_rest(out, cur)


_BARE_COUNT = re.compile(r"^[-－]?\d+(?:[.,]\d+)?$")


def _units_rest(out: list[Block], cur: Block) -> bool:
    """Units at a page's top, alone on their line (`件` under `28` in a narrow cell, the break
    between them): one for every count of the last row before that has none, in order."""
    prev = out[-1] if out else None
    if prev is None or prev.kind != "row" or cur.kind != "row" or not all(_UNIT.match(c) for c in cur.cells):
        return False
    if prev.source.page is None or cur.source.page != prev.source.page + 1:
        return False
    bare = [k for k, c in enumerate(prev.cells) if _BARE_COUNT.match(c)]
    if len(bare) != len(cur.cells):
        return False
    for k, unit in zip(bare, cur.cells, strict=True):
        prev.cells[k] += unit
    prev.reassembled = True
    return True


_DIGITS = re.compile(r"^\d+$")
_WRAPPED_COUNT = re.compile(r"^(?:[1-9１-９][\d,]*(?:\.\d*)?|[0０]\.\d*)$")  # its length checked apart (wraps)


def _digits_rest(out: list[Block], cur: Block) -> bool:
    """The end of a count its narrow cell wrapped (`28` over `7`), the break between them: a row
    at a page's top of nothing but digits, each under a bare count a narrow cell may wrap (two
    characters or more, or one full-width digit; no `05`: `wraps`) of the last row before (a row
    with its label), a few of its counts (a row of table 2 whose label stands apart has them
    all), goes on the end of those counts; a digit under a change word left without its number
    (`增` | `1`) ends that change, beside the ends of counts (`10` | `5`). The page's columns
    may be read apart from the page before's (`_under`)."""
    prev = out[-1] if out else None
    if prev is None or prev.kind != "row" or cur.kind != "row" or prev.source.page is None or cur.source.page != prev.source.page + 1:
        return False
    shift = _under(prev, cur)
    if shift is None:
        return False
    tails = {k + shift: c for k, c in enumerate(cur.cells) if c}
    if not tails or any(not _DIGITS.match(c) for c in tails.values()):
        return False
    if not any(c and not NUMBER.match(c) and not CHANGE_WORD.match(c) for c in prev.cells):
        return False  # no row label above: a header, or no row
    counts = sum(1 for c in prev.cells if NUMBER.match(c) or CHANGE_WORD.match(c))
    if len(tails) > counts or (counts >= 5 and 2 * len(tails) > counts):
        return False  # a row of table 2 or 3 wraps the ends of a few of its counts, not of most
    if any(not (wraps(prev.cells[k]) or CHANGE_WORD.match(prev.cells[k])) for k in tails):
        return False
    for k, tail in tails.items():
        prev.cells[k] += tail
    prev.reassembled = True
    return True


def wraps(count: str) -> bool:
    """A count a narrow cell may have wrapped: two characters or more, or one full-width digit
    (as wide as an ideograph: a narrow cell holds one a line), none starting with a zero."""
    return bool(_WRAPPED_COUNT.match(count)) and (len(count) >= 2 or count in _FULL_WIDTH)


_FULL_WIDTH = "１２３４５６７８９"


def _under(prev: Block, cur: Block) -> int | None:
    """How many columns right of its own the cells of `cur` stand in `prev`'s grid: 0 in the same
    grid; read in fewer columns (the page's grid found apart, `０` alone atop it), the last cell
    of each under the other's (`_same_column`); None else."""
    if len(prev.cells) == len(cur.cells):
        return 0
    if len(cur.cells) > len(prev.cells) or not cur.cells[-1] or not prev.cells[-1] or not _same_column(prev, cur):
        return None
    return len(prev.cells) - len(cur.cells)


_EDGE = 1.5


def _same_column(prev: Block, cur: Block) -> bool:
    """The last cells of two rows (both filled: the rows' boxes end with them) stand in one column:
    their right edges meet (within _EDGE points), or `cur`'s last cell, alone in its row, lies
    within the span of `prev`'s (numbers set left or centred in their cells: `3` under `34`),
    that span measured by the digits' width in `cur`."""
    a, b = prev.source.box, cur.source.box
    if a is None or b is None:
        return False
    if abs(a[2] - b[2]) <= _EDGE:
        return True
    if sum(1 for c in cur.cells if c) != 1:
        return False
    digit = (b[2] - b[0]) / len(cur.cells[-1])
    return a[2] - digit * len(prev.cells[-1]) - _EDGE <= b[0] and b[2] <= a[2] + _EDGE


def _change_rest(out: list[Block], cur: Block) -> bool:
    """A change whose number its narrow cell wrapped over the break (`增` | `1`): the last row of
    a page holds one change word without its number, the next page's first row nothing but one
    number (its columns may be read apart from the page before's): the number ends the change."""
    prev = out[-1] if out else None
    if prev is None or prev.kind != "row" or cur.kind != "row" or prev.source.page is None:
        return False
    if cur.source.page != prev.source.page + 1:
        return False
    pending = [k for k, c in enumerate(prev.cells) if CHANGE_WORD.match(c)]
    filled = [c for c in cur.cells if c]
    if len(pending) != 1 or len(filled) != 1 or not _DIGITS.match(filled[0]):
        return False
    prev.cells[pending[0]] += filled[0]
    prev.reassembled = True
    return True


_TABLE1 = {normalize(r.label) for rows in catalog.TABLE1.values() for r in rows}


def rows_read_as_prose(blocks: list[Block]) -> None:
    """Table 1's last row alone at the top of a page, without the header it stands under (a
    table of Word's whose rows are kept whole, or the break set right before it), may be read as
    prose: the page holds no other table. The page's first lines, right after a row of the page
    before, that read as an official row label and its numbers (`行政事业性收费 0`, the label
    maybe wrapped above, below or around its number: `行政事` | `15.36` | `业性收费`), as many
    as that table has columns after its labels, are a row of that table. Under a header of table
    1 (`信息内容`) at the foot of the page before, lines that join into exactly an official
    label and no number (`行政事业` | `性收费`, the amount left blank) are that label, one text
    block we joined: no number is placed (it may stand elsewhere), no piece of it is claimed."""
    for i in range(len(blocks) - 1, 0, -1):
        prev, cur = blocks[i - 1], blocks[i]
        if prev.kind != "row" or cur.kind != "text" or prev.source.page is None or cur.source.page != prev.source.page + 1:
            continue
        if _header_rest(prev, cur) and i + 1 < len(blocks):
            del blocks[i]  # the rest of a header cell the break cut (`采购项` | `目数量`), now in it
            cur = blocks[i]
        found = _lines_as_row(blocks, i, len(prev.cells), normalize(prev.cells[0]) == "信息内容")
        if found is not None:
            take, cells = found
            blocks[i : i + take] = [Block("row" if len(cells) > 1 else "text", cells, cur.source, reassembled=take > 1)]


def _lines_as_row(blocks: list[Block], i: int, width: int, header: bool) -> tuple[int, list[str]] | None:
    """How many of the text lines from `blocks[i]` on (up to three, on its page) make a row
    (`_prose_row`), and its cells: a row with its numbers first (`政府` | `集中采购` | `1 88.05`),
    else a label joined from two lines or more."""
    label: tuple[int, list[str]] | None = None
    for take in (1, 2, 3):
        lines = blocks[i : i + take]
        if len(lines) < take or any(b.kind != "text" or b.source.page != blocks[i].source.page for b in lines):
            break
        cells = _prose_row([b.cells[0] for b in lines], width, header)
        if cells is not None and len(cells) > 1:
            return take, cells
        if cells is not None and take > 1 and label is None:
            label = take, cells
    return label


_COLUMN_NAMES = {
    normalize(name)
    for name in (
        *catalog.APPLICANT_COLUMNS,
        *catalog.APPEAL_COLUMNS,
        *(n for rows in catalog.TABLE1.values() for r in rows for _, n in r.values),
    )
}


def _header_rest(header: Block, line: Block) -> bool:
    """The page's first line ends a cell of the header row that ends the page before (a row with
    no number: `信息内容 | 采购项 | 采购总金额` over `目数量`, its row under it read as prose): the
    cell and the line make exactly an official column name, the cell alone none. Joined into it."""
    if any(NUMBER.match(c) for c in header.cells) or line.kind != "text":
        return False
    for k, cell in enumerate(header.cells):
        if cell and normalize(cell) not in _COLUMN_NAMES and normalize(cell + line.cells[0]) in _COLUMN_NAMES:
            header.cells[k] = cell + line.cells[0]
            header.reassembled = True
            return True
    return False


def _prose_row(lines: list[str], width: int, header: bool = False) -> list[str] | None:
    """The cells of a row of `width` cells printed as `lines`: an official label, its numbers
    after it on one of its lines (or on a line of their own), none after; under a `header`, a
    label of table 1 as the official table words it and no number: [label]; None when no such row."""
    label = ""
    numbers: list[str] = []
    for line in lines:
        tokens = line.split()
        counted = 0
        while counted < len(tokens) and NUMBER.match(tokens[-1 - counted]):
            counted += 1
        if counted and numbers:
            return None  # numbers on two lines: two rows, or no row
        numbers += tokens[len(tokens) - counted :]
        label += "".join(tokens[: len(tokens) - counted])
    if not numbers and header and normalize(label) in _TABLE1:
        return [label]
    if not numbers or len(numbers) >= width or not is_official(label):
        return None
    return [""] * (width - 1 - len(numbers)) + [label, *numbers]
