"""Blank cells of a borderless PDF table put back where they stand.

Without rules an empty cell is only a wider gap between two numbers. A PDF still says where
each number sits, and where the table's columns are: under its column headers, and where the
numbers of the table's full rows sit. A row with fewer numbers than its table has columns gets
"" in the columns it leaves empty when every number sits in a distinct column, in order, clearly
nearer to that column's centre than to its neighbours'. Anything less clear is left alone: the
extraction then says once that the row could not be placed (`table.ambiguous`).

A table here is the stretch of lines after a header or band line (`第二十条第（一）项`,
`信息内容`, `行政复议`): the parts of table 1 have different columns, and a one-row part
(`行政事业性收费`) has only its header to place a blank by.
"""

from __future__ import annotations

import re
import statistics
from itertools import combinations

from annual_report import catalog
from annual_report.readers.layout_lines import Line, Piece, overlaps
from annual_report.readers.pdfwords import NUMBER

# the band or header lines of each of the report's tables (a line opening one starts a part, and
# a part is placed as its own table)
_KINDS = (
    re.compile(r"^(?:第二十条|信息内容)"),
    re.compile(r"^(?:申请人情况|[（(]本列数据)"),
    re.compile(r"^(?:行政复议|行政诉讼|未经复议)"),
)
_APPEALS = 2  # table 3's place in _KINDS
_LABEL_HEADER = re.compile(r"信息内容|本列数据|勾稽关系")  # the header of a label column, not of a value column
_GAP = 6  # lines without numbers that end a table
_SPREAD = 0.15  # of a column spacing: numbers of one row sit this alike in their cells
_NEAR = 0.45  # of a column spacing: a number further from its column centre is between two columns


def place_blanks(parsed: list[Line | None]) -> None:
    """Fill the blank cells of every table's rows in place (`Line.values`, `value_at`, `filled`)."""
    tables = _tables(parsed)
    offsets = [_alignment_offset(heads, rows) for heads, rows in tables]
    kinds = [_kind(heads) for heads, _ in tables]
    for n, (heads, rows) in enumerate(tables):
        columns = _columns(heads, rows, _nearest(offsets, kinds, n))
        if not columns:
            continue
        for row in rows:
            if len(row.values) < len(columns) and row.value_at:
                _fill(row, columns)


def starts_header(text: str) -> bool:
    """Whether a line opens a band or header of one of the report's tables."""
    return _table_kind(text) is not None


def starts_appeals_header(text: str) -> bool:
    """Whether a line opens table 3's header (行政复议 / 行政诉讼 / 未经复议…)."""
    return _table_kind(text) == _APPEALS


def header_at_foot(visual: list[list[dict]]) -> list[list[dict]]:
    """The lines from a table's band or header to the page's end when no number stands after it
    (a borderless table 3's header at the foot of a page whose other tables are ruled)."""
    last = max((k for k, v in enumerate(visual) if any(NUMBER.match(w["text"]) for w in v)), default=-1)
    starts = [k for k in range(last + 1, len(visual)) if starts_header("".join(w["text"] for w in visual[k]))]
    return visual[starts[0] :] if starts else []


def open_header(parsed: list[Line | None]) -> list[int]:
    """The lines of a table's header that ends the page with no row under it (its rows are on
    the next page: `第二十条第（八）项` and its header cells at a page's foot); [] when none."""
    last_row = max((k for k, p in enumerate(parsed) if p is not None and p.values), default=-1)
    starts = [k for k, p in enumerate(parsed) if k > last_row and p is not None and any(starts_header(x.text) for x in p.labels)]
    if not starts:
        return []
    return [k for k in range(starts[0], len(parsed)) if parsed[k] is not None]


def _tables(parsed: list[Line | None]) -> list[tuple[list[Line], list[Line]]]:
    """(header lines, rows of numbers) of each table: a band or header line starts a new one,
    and so do more than `_GAP` lines without numbers."""
    out: list[tuple[list[Line], list[Line]]] = []
    heads: list[Line] = []
    rows: list[Line] = []
    gap = 0
    for p in parsed:
        starts = p is not None and not p.values and any(starts_header(x.text) for x in p.labels)
        if starts or gap > _GAP:
            if rows:
                out.append((heads, rows))
            heads, rows, gap = [], [], 0
        if p is None:
            gap += 1
            continue
        if p.values and p.value_at:
            rows.append(p)
            gap = 0
        elif not rows:
            heads.append(p)
        else:
            gap += 1
    if rows:
        out.append((heads, rows))
    return out


def _columns(heads: list[Line], rows: list[Line], offset: float = 0.0) -> list[float]:
    """Centre of every value column: from the header cells (where the table's numbers sit
    under them, `offset`) when they name more columns than the widest row holds and fewer than
    two rows agree on the columns, else from the rows that hold the most numbers (and a header
    cell cut off from the rest of its header, `_with_headed_gaps`)."""
    width = max(len(r.values) for r in rows)
    full = [r.value_at for r in rows if len(r.values) == width and r.value_at]
    header = _header_columns(heads)
    if len(header) > width and len(full) < 2:
        return [c + offset for c in header]
    if width < 2 or not full:
        return []
    return _with_headed_gaps([statistics.median(at[i] for at in full) for i in range(width)], [c + offset for c in header])


def _with_headed_gaps(at: list[float], header: list[float]) -> list[float]:
    """The rows' columns and, when the header names no more columns than they, those it names
    where no number stands, if some number stands where it names none: a header whose first
    lines (and the cells they alone name) the page break left on the page before, over a row
    with a blank cell. It must stand over most of the numbers, and its lone cells among them
    (a column's width off the row's ends at most) and clear of them all."""
    if not header or len(header) > len(at):
        return at
    spacing = statistics.median(b - a for a, b in zip(at, at[1:]))
    near = _NEAR * spacing
    lone = [c for c in header if all(abs(c - x) >= near for x in at)]
    headless = [x for x in at if all(abs(c - x) >= near for c in header)]
    if not lone or not headless or len(lone) > 2 or 2 * len(headless) > len(at):
        return at  # (not over most numbers: the rest of a label above the rows, no header)
    if any(not at[0] - 1.5 * spacing < c < at[-1] + 1.5 * spacing or not _room(at, c, spacing) for c in lone):
        return at
    return sorted(at + lone)


def _room(at: list[float], c: float, spacing: float) -> bool:
    """A column fits at `c` between the numbers' columns: those on either side of it are two
    columns apart (a header piece of two narrow cells' glued characters, `社会公法律服`, stands
    between two columns one spacing apart)."""
    left = [x for x in at if x < c]
    right = [x for x in at if x > c]
    return not left or not right or min(right) - max(left) >= 1.5 * spacing


def _alignment_offset(heads: list[Line], rows: list[Line]) -> float | None:
    """How far a table's numbers sit from the centre of their header cells (left- or
    right-aligned in their cells), on its full rows under a header with one cell per number;
    None when it has none or they do not agree."""
    header = _header_columns(heads)
    width = max(len(r.values) for r in rows)
    if width < 2 or len(header) != width:
        return None
    spacing = min(b - a for a, b in zip(header, header[1:]))
    offsets = [x - c for r in rows if len(r.values) == width and r.value_at for x, c in zip(r.value_at, header)]
    if not offsets or spacing <= 0:
        return None
    mid = statistics.median(offsets)
    if max(abs(o - mid) for o in offsets) > _SPREAD * spacing or abs(mid) >= 0.5 * spacing:
        return None
    return mid


def _nearest(offsets: list[float | None], kinds: list[int | None], n: int) -> float:
    """The alignment of the nearest part of the same table that shows one (0: none does). A part
    with a header only (a one-row part whose last header cell spans two columns: its number,
    left in its cell, sits nearer the header on its left than its own) is placed by its header
    cells shifted by as much as the numbers of the parts around it sit off theirs. Another
    table sets its numbers its own way (table 2 centred under table 1 set left): a part of a
    known table looks only at the parts of that table and at parts of no known table."""
    same = [kinds[n] is None or kinds[k] in (kinds[n], None) for k in range(len(offsets))]
    known = [(abs(k - n), o) for k, o in enumerate(offsets) if o is not None and same[k]]
    return min(known, key=lambda d_o: d_o[0])[1] if known else 0.0  # a tie: the part above


def _table_kind(text: str) -> int | None:
    """Which of the report's tables (0, 1, 2) a line opening a band or header begins; None."""
    return next((k for k, pattern in enumerate(_KINDS) if pattern.match(text)), None)


def _kind(heads: list[Line]) -> int | None:
    """Which of the report's tables a part's header lines begin (None: none known)."""
    for line in heads:
        for piece in line.labels:
            kind = _table_kind(piece.text)
            if kind is not None:
                return kind
    return None


def _header_columns(heads: list[Line]) -> list[float]:
    """Centres of the lowest-level header cells over the value columns: pieces over several
    separate cells below them (`行政复议`, `复议后起诉`) span columns and are left out; pieces
    of one cell wrapped over lines (`本年制发` / `件数`) overlap and are one column; the header
    of the label column (`信息内容`) is not a value column."""
    pieces = [y for line in heads for x in line.labels for y in _split_glued(x)]
    leaves = [p for p in pieces if not _spans(p, pieces)]
    clusters: list[list[Piece]] = []
    for p in sorted(leaves, key=lambda x: x.start):
        if clusters and any(overlaps(p, q) for q in clusters[-1]):
            clusters[-1].append(p)
        else:
            clusters.append([p])
    values = [c for c in clusters if not any(_LABEL_HEADER.search(x.text) for x in c)]
    return [(min(x.start for x in c) + max(x.end for x in c)) / 2 for c in values]


def _header_words() -> tuple[str, ...]:
    words = {*catalog.APPEAL_COLUMNS, *catalog.APPLICANT_COLUMNS}
    for rows in catalog.TABLE1.values():
        words.update(name for row in rows for _, name in row.values)
    return tuple(sorted(words, key=len, reverse=True))


_HEADER_WORDS = _header_words()


def _split_glued(p: Piece) -> list[Piece]:
    """Official header cells printed so close that they read as one piece
    (`结果维持结果纠正其他结果尚未审结`): one piece per cell, placed by its characters."""
    words: list[str] = []
    rest = p.text
    while rest:
        word = next((w for w in _HEADER_WORDS if rest.startswith(w)), None)
        if word is None:
            return [p]
        words.append(word)
        rest = rest[len(word) :]
    if len(words) < 2:
        return [p]
    per_char = (p.end - p.start) / len(p.text)
    out, at = [], float(p.start)
    for word in words:
        out.append(Piece(round(at), round(at + per_char * len(word)), word))
        at += per_char * len(word)
    return out


def _spans(p: Piece, pieces: list[Piece]) -> bool:
    under = [q for q in pieces if q is not p and overlaps(p, q) and q.end - q.start < p.end - p.start]
    return any(not overlaps(a, b) for n, a in enumerate(under) for b in under[n + 1 :])


def _fill(row: Line, centres: list[float]) -> None:
    assert row.value_at is not None
    spacing = min((b - a for a, b in zip(centres, centres[1:])), default=0.0)
    if spacing <= 0 or len(row.value_at) != len(row.values):
        return
    slots: list[int] | None = [min(range(len(centres)), key=lambda i: abs(centres[i] - x)) for x in row.value_at]
    assert slots is not None
    if (
        len(set(slots)) != len(slots)
        or slots != sorted(slots)
        or any(abs(centres[i] - x) >= _NEAR * spacing for i, x in zip(slots, row.value_at))
    ):
        slots = _shifted_slots(row.value_at, centres)
    if slots is None:
        return
    values = [""] * len(centres)
    for i, v in zip(slots, row.values):
        values[i] = v
    row.values = values
    row.value_at = list(centres)
    row.filled = True


def _shifted_slots(at: list[float], centres: list[float]) -> list[int] | None:
    """Columns for numbers that all sit the same way off their columns' centres (right-aligned
    in narrow cells): of the ways to leave one or two columns blank, the one where every
    number is equally far from its column's centre, inside its cell, when no other way comes
    close (a blank at the table's edge may read either way: left alone)."""
    blanks = len(centres) - len(at)
    if not 0 < blanks <= 2:
        return None
    spacing = statistics.median(b - a for a, b in zip(centres, centres[1:]))
    fits: list[tuple[float, float, tuple[int, ...]]] = []  # (spread, |offset|, slots)
    for slots in combinations(range(len(centres)), len(at)):
        offsets = [x - centres[i] for i, x in zip(slots, at)]
        mid = statistics.median(offsets)
        spread = max(abs(o - mid) for o in offsets)
        if spread < _SPREAD * spacing and abs(mid) < 0.6 * spacing:
            fits.append((spread, abs(mid), slots))
    # Header cells are placed to whole units (`int` of their edges): a centre may be one off.
    inside = [f for f in fits if f[1] < 0.5 * spacing + 1]
    if len(fits) != 1 or len(inside) != 1:
        return None
    return list(inside[0][2])
