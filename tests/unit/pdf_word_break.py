"""Table 2 of a word processor's PDF export, borderless, its cells top-aligned and its counts'
units wrapped under them (`0` over `件`), cut by a page break inside one of its rows: the words
of both pages (pdfplumber's positions) and the blocks the reader makes of them, its steps
across pages included (as `pdf.read_pdf` runs them)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from annual_report import catalog
from annual_report.document import Block

PITCH, CHAR, GAP = 14.7, 11.0, 10.0  # a cell's line spacing, a CJK character's size, a row's padding
TOP = 71.2  # where a page's text starts
_VALUES = tuple(343.7 + 28.55 * i for i in range(7))
_GROUP, _SUB, _OWN = 90.1, 137.6, 204.1  # the three label columns
_TOP_GROUP = "三、本年度办理结果"


@dataclass
class Cell:
    """A cell's lines, `PITCH` apart from `top` on, at `x`; `row`: the row it starts in."""

    x: float
    top: float
    lines: list[str]
    row: int
    moved: list[str] = field(default_factory=list)


@dataclass
class Layout:
    rows: list[catalog.Table2Row]
    cells: list[Cell]
    owns: list[Cell]  # per row, its own label's cell
    counts: list[list[str]]  # per row, its seven counts (each with `件` under it)


def chunks(text: str, widths: list[int]) -> list[str]:
    """`text` cut into lines of the given widths (the last width repeats)."""
    out: list[str] = []
    at = 0
    while at < len(text):
        width = widths[min(len(out), len(widths) - 1)]
        out.append(text[at : at + width])
        at += width
    return out


def layout(rng: random.Random, rows: list[catalog.Table2Row]) -> Layout:
    """Label cells (a group's and a sub-group's merged over their rows) and counts, rows one
    under the other from `TOP`. The label lines' widths vary (Word's wrapping)."""
    cells: list[Cell] = []
    owns: list[Cell] = []
    counts: list[list[str]] = []
    y = TOP
    group_w, sub_w = rng.choice((2, 3, 4)), rng.choice((4, 5))
    seen: set[str] = set()
    for n, row in enumerate(rows):
        top_group = _TOP_GROUP if row.group and row.group.startswith("（") and row.group != _TOP_GROUP else None
        if row.group is None:
            own = Cell(_GROUP, y, chunks(row.label, [9]), n)
        elif row.group == _TOP_GROUP:
            own = Cell(_SUB, y, chunks(row.label, [rng.randint(4, 17), 17]), n)
        else:
            own = Cell(_OWN, y, chunks(row.label, [rng.randint(4, 11), 11]), n)
        cells.append(own)
        owns.append(own)
        for group, x, width in ((top_group, _GROUP, group_w), (row.group, _SUB if top_group else _GROUP, sub_w if top_group else group_w)):
            if group and group not in seen:
                seen.add(group)
                cells.append(Cell(x, y, chunks(group, [width]), n))
        counts.append([rng.choice(("０", "2", "25", "０", "０")) for _ in _VALUES])
        y += max(len(own.lines), 2) * PITCH + GAP
    return Layout(rows, cells, owns, counts)


def _width(text: str) -> float:
    return sum(7.0 if c.isascii() else CHAR for c in text)


def pages(lay: Layout, cut: int) -> tuple[list[dict], list[dict]]:
    """The words of the two pages, the break right under the first line of row `cut`: the rest
    of every cell open there (its label's, a merged group label's, the counts' units) opens
    the next page, the rows after it follow."""
    own = lay.owns[cut]
    limit = own.top + 1.0
    first: list[tuple[float, str, float]] = []
    second: list[tuple[float, str, float]] = []
    moved = 1  # lines the cut row takes on the next page: its units at least
    for cell in lay.cells:
        if cell.row > cut:
            continue
        lines = [(cell.top + i * PITCH, t) for i, t in enumerate(cell.lines)]
        first += [(y, t, cell.x) for y, t in lines if y <= limit]
        rest = [t for y, t in lines if y > limit]
        second += [(TOP + i * PITCH, t, cell.x) for i, t in enumerate(rest)]
        if cell is own:
            moved = max(moved, len(rest))
    for n in range(cut + 1):
        y = lay.owns[n].top
        first += [(y, v, x) for v, x in zip(lay.counts[n], _VALUES, strict=True)]
        first += [(y + PITCH, "件", x) for x in _VALUES] if n < cut else []
    second += [(TOP, "件", x) for x in _VALUES]
    after = [c for c in lay.cells if c.row > cut]
    if after:
        shift = TOP + moved * PITCH + GAP - min(c.top for c in after)
        for cell in after:
            second += [(cell.top + shift + i * PITCH, t, cell.x) for i, t in enumerate(cell.lines)]
        for n in range(cut + 1, len(lay.rows)):
            y = lay.owns[n].top + shift
            second += [(y, v, x) for v, x in zip(lay.counts[n], _VALUES, strict=True)]
            second += [(y + PITCH, "件", x) for x in _VALUES]
    return words(first), words(second)


def words(placed: list[tuple[float, str, float]]) -> list[dict]:
    return [
        {"text": t, "x0": x, "x1": x + _width(t), "top": round(y, 1), "bottom": round(y + CHAR, 1)}
        for y, t, x in sorted(placed, key=lambda p: (p[0], p[2]))
    ]


def read_pages(*pages_words: list[dict]) -> list[Block]:
    """The pages read as `pdffallback` reads a table page, then joined as `pdf.read_pdf` does."""
    from annual_report.readers.pdfcolumns import table_blocks
    from annual_report.readers.pdfcontinued import _drop_repeated_rows, _join_broken_rows, _join_continued_tables
    from annual_report.readers.pdfheaders import drop_repeated_headers
    from annual_report.readers.pdftext import _placed, _prose_items

    blocks: list[Block] = []
    for number, words in enumerate(pages_words, start=1):
        tops = sorted({w["top"] for w in words})
        lines = []
        for top in tops:
            on = sorted((w for w in words if w["top"] == top), key=lambda w: w["x0"])
            lines.append({"text": " ".join(w["text"] for w in on), "top": top, "bottom": top + CHAR, "x0": on[0]["x0"], "x1": on[-1]["x1"]})
        result = table_blocks(words, lines, number)
        assert result is not None
        rows, rest = result
        items = [_placed(b) for b in rows] + _prose_items(rest, 612.0, number)
        items.sort(key=lambda it: (round(it[0], 1), it[1]))
        blocks += [it[2] for it in items]
    drop_repeated_headers(blocks)
    _join_continued_tables(blocks)
    _join_broken_rows(blocks)
    _drop_repeated_rows(blocks, [])
    return blocks
