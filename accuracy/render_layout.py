"""`pdftotext -layout`-style text: cells placed by columns of spaces, row labels wrapped at a
random width with the numbers on the first, middle or last line of the label (PDF cells are
centred vertically), group labels (三、本年度办理结果, （三）不予公开) cut into pieces that land
on the lines of neighbouring rows, sometimes one character per line, page footers, and now and
then a row printed twice by a page break."""

from __future__ import annotations

import random
from dataclasses import dataclass

from accuracy.model import Band, Doc, Header, Para, Table
from accuracy.render_text import pad, wrap


@dataclass
class Style:
    label: int  # display columns of the own-label column
    group: tuple[int, int]  # display columns of the two group columns
    value: int  # display columns of a value column
    gap: int
    at: str  # where the numbers sit in a wrapped row: first | middle | last
    para: int  # display columns a paragraph is wrapped at
    duplicate: bool  # a row printed twice by a page break


def pick_style(rng: random.Random) -> Style:
    return Style(
        label=rng.choice((8, 12, 16, 20, 28, 40, 60)),
        group=(rng.choice((2, 2, 4, 6, 18)), rng.choice((4, 6, 8, 14))),
        value=rng.choice((3, 4, 6, 8, 10)),
        gap=rng.choice((2, 2, 3, 4, 6)),
        at=rng.choice(("first", "middle", "last")),
        para=rng.choice((60, 70, 80, 90)),
        duplicate=rng.random() < 0.1,
    )


def render_layout(doc: Doc, rng: random.Random) -> str:
    st = pick_style(rng)
    lines: list[str] = []
    page = 1
    for b in doc.blocks:
        if isinstance(b, Para):
            indent = "" if b.role in ("title", "heading", "number") else "    "
            lines += [indent + ln for ln in wrap(b.text, st.para)]
        else:
            lines += table_lines(b, st, rng)
        if len(lines) > 50 * page:
            lines += ["", f"{' ' * 30}- {page} -", "\f"]
            page += 1
    return "\n".join(ln.rstrip() for ln in lines) + "\n"


def _values_line(values: list[str], st: Style, start: int) -> str:
    return " " * start + "".join(pad(v, st.value, right=True) + " " * st.gap for v in values)


def _label_widths(table: Table, st: Style) -> list[int]:
    depth = max((len(r.labels) for r in table.rows()), default=0)
    return [*st.group[: max(0, depth - 1)], st.label][-depth:] if depth else []


def table_lines(table: Table, st: Style, rng: random.Random) -> list[str]:
    widths = _label_widths(table, st)
    label_area = sum(w + st.gap for w in widths)
    rows = table.rows()
    # per row: lines of its own label (columns after the group columns it sits under)
    blocks: list[list[list[str]]] = []  # row -> line -> cell texts per label column
    for row in rows:
        own_col = len(row.labels) - 1
        span = sum(widths[own_col:]) + st.gap * (len(widths) - own_col - 1) if row.labels else 0
        own = wrap(row.labels[-1], max(2, span)) if row.labels else [""]
        blocks.append([[""] * own_col + [piece] + [""] * (len(widths) - own_col - 1) for piece in own] or [[""]])
    _place_groups(rows, blocks, widths)
    dup = rng.randrange(1, len(rows)) if st.duplicate and len(rows) > 3 else None
    out = [""]
    i = 0
    for item in table.items:
        if isinstance(item, Band):
            out.append(item.text)
            continue
        if isinstance(item, Header):
            out += _header_lines(item, table, widths, label_area, st)
            continue
        row, lines = rows[i], blocks[i]
        at = {"first": 0, "middle": (len(lines) - 1) // 2, "last": len(lines) - 1}[st.at]
        printed = []
        for j, cells in enumerate(lines):
            text = _label_text(cells, len(row.labels) - 1, widths, st.gap) if widths else ""
            if j == at:
                text = pad(text, label_area) + _values_line(row.values, st, 0)
            printed.append(text)
        out += printed
        if i == dup:
            out += ["", f"{' ' * 30}- 9 -", "\f"] + printed
        i += 1
    return out + [""]


def _label_text(cells: list[str], own_col: int, widths: list[int], gap: int) -> str:
    """Group cells in their columns, the row's own label across the columns it spans."""
    own_col = max(own_col, 0)
    span = sum(widths[own_col:]) + gap * (len(widths) - own_col - 1)
    return "".join(pad(cells[c], widths[c] + gap) for c in range(own_col)) + pad(cells[own_col], span + gap)


def _place_groups(rows, blocks, widths) -> None:
    """Write each group label (columns before a row's own label) into the lines of the rows it
    spans, cut into pieces of its column's width, centred vertically."""
    for col in range(len(widths) - 1):
        i = 0
        while i < len(rows):
            if len(rows[i].labels) <= col + 1:
                i += 1
                continue
            text = rows[i].labels[col]
            j = i
            while j < len(rows) and len(rows[j].labels) > col + 1 and rows[j].labels[col] == text:
                j += 1
            slots = [(r, k) for r in range(i, j) for k in range(len(blocks[r]))]
            pieces = wrap(text, max(2, widths[col]))
            while len(pieces) > len(slots):  # more pieces than lines: the last row grows
                blocks[j - 1].append([""] * len(widths))
                slots.append((j - 1, len(blocks[j - 1]) - 1))
            top = (len(slots) - len(pieces)) // 2
            for piece, (r, k) in zip(pieces, slots[top:]):
                blocks[r][k][col] = piece
            i = j


def _header_lines(h: Header, table: Table, widths: list[int], label_area: int, st: Style) -> list[str]:
    """Header cells are grid-aligned: the label columns' text in the label area, each value
    column's name wrapped to the column's width (a merged name sits at its first column)."""
    lead = "".join(h.cells[: len(widths)])
    rest = h.cells[len(widths):]
    if table.key == "applications" and lead:  # the 勾稽关系 note wraps in the label area
        note = wrap(lead, max(8, label_area - st.gap))
        return [pad(ln, label_area) + ("".join(rest) if k == 0 else "") for k, ln in enumerate(note)]
    return _wrapped_columns(rest, st, label_area, lead=lead)


def _wrapped_columns(cols: list[str], st: Style, start: int, lead: str = "") -> list[str]:
    parts = [wrap(c, max(2, st.value)) for c in cols]
    height = max(len(p) for p in parts) if parts else 0
    out = []
    for k in range(height):
        line = pad(lead if k == 0 else "", start)
        for p in parts:
            piece = p[k] if k < len(p) else ""
            line += pad(piece, st.value, right=True) + " " * st.gap
        out.append(line)
    return out

