"""Text whose tables are drawn with characters (family `drawn`): box-drawing lines
(`┌─┬─┐ │ ├─┼─┤ └─┴─┘`) or ASCII grid tables (`+---+---+` and `|`), as converters and
consoles print them. Either a border under every row, with long labels wrapped inside their
cell over several lines (a grid table), or borders only above, under the header and below."""

from __future__ import annotations

import random

from accuracy.model import Doc, Para, Table
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
            lines += [*_table(b, rng, _BOX if chars == "box" else _ASCII, grid, label_width), ""]
    return "\n".join(lines) + "\n"


def _cells(table: Table, rng: random.Random) -> list[list[str]]:
    """The table's rows as cells (merged cells empty or repeated, as the markdown family)."""
    rows = md_table(table, rng, repeat_groups=rng.random() < 0.5, repeat_merged=False)
    return [[c.strip() for c in r.strip().strip("|").split("|")] for r in rows if set(r) - set("|- ")]


def _table(table: Table, rng: random.Random, ch: dict, grid: bool, label_width: int) -> list[str]:
    rows = [[wrap(c, label_width) if not c.isdigit() else [c] for c in row] for row in _cells(table, rng)]
    ncols = max(len(r) for r in rows)
    rows = [r + [[""]] * (ncols - len(r)) for r in rows]
    widths = [max(width(line) for r in rows for line in r[c]) for c in range(ncols)]

    def border(kind: str) -> str:
        left, cross, right = ch[kind]
        return left + cross.join(ch["h"] * (w + 2) for w in widths) + right

    out = [border("top")]
    for k, row in enumerate(rows):
        height = max(len(cell) for cell in row)
        for line in range(height):
            parts = [pad(cell[line] if line < len(cell) else "", widths[c]) for c, cell in enumerate(row)]
            out.append(ch["v"] + " " + f" {ch['v']} ".join(parts) + " " + ch["v"])
        if k < len(rows) - 1 and (grid or k == 0):
            out.append(border("mid"))
    out.append(border("bottom"))
    return out
