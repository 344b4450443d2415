"""Text whose tables are drawn with characters (family `drawn`): box-drawing lines
(`┌─┬─┐ │ ├─┼─┤ └─┴─┘`) or ASCII grid tables (`+---+---+` and `|`), as converters and
consoles print them. Either a border under every row, with long labels wrapped inside their
cell over several lines (a grid table), or borders only above, under the header and below."""

from __future__ import annotations

import random

from accuracy.model import Doc, Para, Row, Table
from accuracy.render_text import md_table, pad, width, wrap

_BOX = {"top": "┌┬┐", "mid": "├┼┤", "bottom": "└┴┘", "h": "─", "v": "│"}
_ASCII = {"top": "+++", "mid": "+++", "bottom": "+++", "h": "-", "v": "|"}


def render_drawn(doc: Doc, rng: random.Random, style: dict) -> str:
    chars = rng.choice(("box", "ascii"))
    grid = rng.random() < 0.6
    label_width = rng.choice((10, 14, 20, 40)) if grid else 200
    style.update(chars=chars, grid=grid, label_width=label_width)
    lines: list[str] = []
    for b in doc.blocks:
        if isinstance(b, Para):
            lines += [b.text, ""]
        else:
            lines += [*_table(b, rng, _BOX if chars == "box" else _ASCII, grid, label_width, style), ""]
    return "\n".join(lines) + "\n"


def _cells(table: Table, rng: random.Random) -> tuple[list[list[str]], bool]:
    """The table's rows as cells (merged cells empty or repeated, as the markdown family), and
    whether group labels were repeated."""
    repeat = rng.random() < 0.5
    rows = md_table(table, rng, repeat_groups=repeat, repeat_merged=False)
    return [[c.strip() for c in r.strip().strip("|").split("|")] for r in rows if set(r) - set("|- ")], repeat


def _table(table: Table, rng: random.Random, ch: dict, grid: bool, label_width: int, style: dict) -> list[str]:
    texts, repeated = _cells(table, rng)
    rows = [[wrap(c, label_width) if not c.isdigit() else [c] for c in row] for row in texts]
    ncols = max(len(r) for r in rows)
    rows = [r + [[""]] * (ncols - len(r)) for r in rows]
    merged: set[tuple[int, int]] = set()
    on_border: dict[tuple[int, int], str] = {}
    if grid and not repeated and rng.random() < 0.6:  # group labels drawn as cells merged down
        merged = merged_down(texts, [isinstance(item, Row) for item in table.items])
        on_border = _spread_labels(rows, merged, middle=rng.random() < 0.5)
        style["merged_down"] = True
    widths = [max(width(line) for r in rows for line in r[c]) for c in range(ncols)]

    def border(kind: str, below: int = -1) -> str:
        left, cross, right = ch[kind]
        if below < 0 or not any((below, c) in merged for c in range(ncols)):
            return left + cross.join(ch["h"] * (w + 2) for w in widths) + right
        return _partial(below, merged, on_border, widths, ch)

    out = [border("top")]
    for k, row in enumerate(rows):
        height = max(len(cell) for cell in row)
        for line in range(height):
            parts = [pad(cell[line] if line < len(cell) else "", widths[c]) for c, cell in enumerate(row)]
            out.append(ch["v"] + " " + f" {ch['v']} ".join(parts) + " " + ch["v"])
        if k < len(rows) - 1 and (grid or k == 0):
            out.append(border("mid", k + 1))
    out.append(border("bottom"))
    return out


def merged_down(texts: list[list[str]], data: list[bool]) -> set[tuple[int, int]]:
    """(row, column) of the label cells that continue a group label of the row above: blank,
    in a data row under a data row, the cells to their left continuing too, and the row's own
    label further right (a label merged across columns leaves blanks that are no group)."""
    out: set[tuple[int, int]] = set()
    for r in range(1, len(texts)):
        if not (data[r] and data[r - 1]):
            continue
        own = max((c for c, t in enumerate(texts[r]) if t and not t.replace(".", "").isdigit()), default=-1)
        for c in range(own):
            above = bool(texts[r - 1][c]) or (r - 1, c) in out
            if texts[r][c] or not above or any((r, k) not in out for k in range(c)):
                break
            out.add((r, c))
    return out


def _spread_labels(rows: list[list[list[str]]], merged: set[tuple[int, int]], middle: bool) -> dict[tuple[int, int], str]:
    """A merged group label's lines over the rows it spans (top or middle), one line more per
    border crossed: each row's cell gets its share; returned, the share of the border under
    row r in column c (drawn on the partial border by `_partial`)."""
    on_border: dict[tuple[int, int], str] = {}
    for r0, c in sorted((r - 1, c) for r, c in merged if (r - 1, c) not in merged):
        span = [r0]
        while (span[-1] + 1, c) in merged:
            span.append(span[-1] + 1)
        heights = [max(len(cell) for cell in rows[r]) for r in span]
        slots = sum(heights) + len(span) - 1
        label = [line for line in rows[r0][c] if line]
        start = (slots - len(label)) // 2 if middle else 0
        lines = [""] * start + label + [""] * (slots - start - len(label))
        at = 0
        for r, h in zip(span, heights, strict=True):
            rows[r][c] = lines[at : at + h]
            if r != span[-1]:
                on_border[(r, c)] = lines[at + h]
            at += h + 1
    return on_border


def _partial(below: int, merged: set[tuple[int, int]], on_border: dict[tuple[int, int], str], widths: list[int], ch: dict) -> str:
    """The border above row `below` where some label cells are merged down across it: their
    text (the extra line of the row above) instead of strokes, junctions where strokes meet."""
    ncols = len(widths)
    cont = [(below, c) in merged for c in range(ncols)]
    box = ch["h"] == "─"
    out = ch["v"] if cont[0] else ("├" if box else "+")
    for c in range(ncols):
        if cont[c]:
            out += " " + pad(on_border.get((below - 1, c), ""), widths[c]) + " "
        else:
            out += ch["h"] * (widths[c] + 2)
        if c == ncols - 1:
            out += "┤" if box else "+"
        elif cont[c] and cont[c + 1]:
            out += ch["v"]
        else:
            out += ("├" if cont[c] else "┼") if box else "+"
    return out
