"""Table pages read from pypdfium2's geometry: character boxes and ruling lines (`pdfgeometry`),
the cell grids they draw (`pdfgrid`), each row in grid order with a merged cell's text once."""

from __future__ import annotations

import bisect
import re

from annual_report.document import Block
from annual_report.model import Source
from annual_report.readers import pdfgeometry, pdfgrid
from annual_report.readers.cjk import collapse_cjk_spaces
from annual_report.readers.layout_lines import is_official, wraps_official
from annual_report.readers.pdfcontinued import _Grid
from annual_report.readers.pdftext import _LINE_START_LABELS, _NUMERIC_ROW, _PAGE_NUMBER, _chars_to_text, _placed, _prose_items, _round_box


def _pdfium_page_blocks(page, textpage, number: int, grids: list[_Grid]) -> list[Block] | None:
    """A table page from pdfium's char boxes and ruling lines; None: let pdfplumber read it
    (no ruled grid, a grid this reader does not trust, or rows of numbers outside the grids)."""
    try:
        geo = pdfgeometry.read_geometry(page, textpage)
        tables = pdfgrid.find_tables(geo) if geo is not None else None
    except Exception:  # odd page structure: pdfplumber decides
        return None
    if geo is None or not tables:
        return None
    boxes = [t.bbox for t in tables]
    chars = geo.chars

    def outside(ch: dict) -> bool:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

    lines = [ln for ln in pdfgrid.text_lines([ch for ch in chars if outside(ch)]) if ln["text"].strip()]
    lines = [ln for ln in lines if not _PAGE_NUMBER.match(ln["text"])]
    if _borderless_rows(lines):
        return None  # a borderless table beside the ruled ones: pdfplumber's word positions
    items: list[tuple[float, float, Block]] = []
    page_grids: list[_Grid] = []
    for table in tables:
        rows = _grid_rows(table, chars, number)
        if rows:
            page_grids.append(_Grid(number, rows, table.xs[:-1], table.bbox[0], table.bbox[2]))
        items.extend(_placed(block) for block in rows)
    items.extend(_prose_items(lines, geo.width, number))
    items.sort(key=lambda it: (round(it[0], 1), it[1]))
    grids.extend(page_grids)
    return [it[2] for it in items]


def _borderless_rows(lines: list[dict]) -> bool:
    """Rows of a table outside the ruled grids: two or more rows of numbers (or an official
    row label followed by its numbers: 行政强制 ０ ０ ０, 政府集中采购 0 0, 行政事业性收费 21 减1, 行政强制 0),
    one such line whose label is exactly official (the last row of table 1 alone on its page),
    or one row wider than table 1's (a borderless table 3 has a single row of numbers; a page
    break may leave one row of table 2 alone)."""
    texts = [collapse_cjk_spaces(ln["text"]) for ln in lines]
    rows = [m.group(0).split() for t in texts if (m := _NUMERIC_ROW.search(t))]
    if len(rows) >= 2 or any(len(r) >= _WIDE_ROW for r in rows):
        return True
    labelled = [label for t in texts if (label := _labelled_numbers(t))]
    if len(labelled) >= 2 or any(is_official(label) for label in labelled):
        return True
    split = [_split_numbers(t) for t in texts]  # an official label wrapped beside its number
    return wraps_official([label for label, _ in split], [n >= 1 for _, n in split])


_WIDE_ROW = 5  # a row of table 2 (7 or 8 numbers) or 3 (15) left alone by a page break; table 1 rows have 3 at most
_CELL_NUMBER = re.compile(r"^(?:增加?|减少?)?[-－]?\d[\d,，]*(?:[.．]\d+)?(?:件|条|个|项|次|万元|元)?$")


def _labelled_numbers(text: str) -> str:
    """The label of a line that is an official row label (short, as a cell holds it) followed
    by its numbers (行政强制 0, 四、结转下年度继续办理 0件 0件 …); "" for any other line."""
    label, n = _split_numbers(text)
    return label if n >= 1 and len(label) <= 24 and label.startswith(_LINE_START_LABELS) else ""


def _split_numbers(text: str) -> tuple[str, int]:
    """A line's text before its trailing numbers, and how many numbers end it."""
    tokens = text.split()
    n = 0
    while n < len(tokens) and _CELL_NUMBER.match(tokens[-1 - n]):
        n += 1
    return "".join(tokens[: len(tokens) - n]), n


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
        cell = table.covering(r, j, cx, cy)
        if cell is not None:
            by_cell.setdefault(id(cell), []).append(ch)
    blocks: list[Block] = []
    for r, row in enumerate(table.rows):
        rbox = table.row_box(r)
        texts: list[str] = []
        sources: list[Source] = []
        for j, cell in enumerate(row):
            if cell is not None:
                box = cell.box
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
