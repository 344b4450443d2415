"""Plain-text renderers: one cell per line (Word "save as text") and markdown pipe tables.
`render_layout` (pdftotext -layout) lives in `render_layout.py`, web text in `render_web.py`."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable

from accuracy.model import Band, Doc, Header, Para, Row, Table


def width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def pad(s: str, w: int, right: bool = False) -> str:
    gap = " " * max(0, w - width(s))
    return gap + s if right else s + gap


def wrap(s: str, chars: int) -> list[str]:
    """Cut `s` into lines of `chars` display columns (CJK = 2)."""
    if not s:
        return [""]
    out, cur = [], ""
    for ch in s:
        if cur and width(cur + ch) > chars:
            out.append(cur)
            cur = ""
        cur += ch
    return [*out, cur]


def para_lines(p: Para, rng: random.Random, bold_md: bool = False) -> list[str]:
    if p.role == "heading" and bold_md and not p.text.startswith("**"):
        return [f"**{p.text}**" if rng.random() < 0.3 else p.text]
    return [p.text]


# ---------------------------------------------------------------- one cell per line


def new_labels(row: Row, seen: list[str]) -> tuple[list[str], list[str]]:
    """The labels a row prints when group labels are printed once, at their first row:
    (labels to print, the group path now open)."""
    out = []
    for depth, label in enumerate(row.labels[:-1]):
        if depth >= len(seen) or seen[depth] != label:
            seen = [*seen[:depth], label]
            out.append(label)
    return out + row.labels[-1:], seen[: max(0, len(row.labels) - 1)]


def render_cells(doc: Doc, rng: random.Random, style: dict | None = None) -> str:
    tab = rng.choice(("\t", "\t", ""))
    if style is not None:
        style["tab"] = bool(tab)
    lines: list[str] = []
    for b in doc.blocks:
        if isinstance(b, Para):
            lines += para_lines(b, rng)
            continue
        lines.append("")
        seen: list[str] = []
        for item in b.items:
            if isinstance(item, Band):
                lines += [tab + item.text, ""]
            elif isinstance(item, Header):
                lines += [tab + c for c in item.cells if c] + [""]
            else:
                labels, seen = new_labels(item, seen)
                lines += [tab + lab for lab in labels] + [tab + v for v in item.values] + [""]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- markdown


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "｜") for c in cells) + " |"


def _label_cols(table: Table) -> int:
    return max((len(r.labels) for r in table.rows()), default=0)


def _width_cols(table: Table) -> int:
    return max(len(r.values) for r in table.rows())


# A row's label cells as a renderer prints them: (row, the previous row's labels as this policy
# keeps them, the table's label columns) -> (the cells, the labels to keep for the next row).
RowLabels = Callable[[Row, list[str], int], tuple[list[str], list[str]]]


def grid(table: Table, row_labels: RowLabels) -> list[list[str]]:
    """The table as a full grid of cell texts, one list per item: a band in its first cell, a
    header as it is, a row's labels as `row_labels` prints them and then its values, every
    line padded to the table's label and value columns."""
    nl, nv = _label_cols(table), _width_cols(table)
    out: list[list[str]] = []
    prev: list[str] = []
    for item in table.items:
        if isinstance(item, Band):
            out.append([item.text] + [""] * (nl + nv - 1))
        elif isinstance(item, Header):
            out.append(item.cells)
        else:
            labels, prev = row_labels(item, prev, nl)
            out.append(labels + item.values + [""] * (nv - len(item.values)))
    return out


def md_table(table: Table, rng: random.Random, repeat_groups: bool, repeat_merged: bool) -> list[str]:
    """repeat_groups: a group label printed on every row it spans (else on its first);
    repeat_merged: a label merged over columns printed in each (some converters do that)."""

    def row_labels(row: Row, prev: list[str], nl: int) -> tuple[list[str], list[str]]:
        labels = list(row.labels)
        if len(labels) < nl:  # own label merged over the columns to its right: repeated or once
            labels += [labels[-1] if repeat_merged else ""] * (nl - len(labels))
        last = len(labels) - 1
        return [lab if (repeat_groups or i == last or i >= len(prev) or prev[i] != lab) else "" for i, lab in enumerate(labels)], labels

    rows = grid(table, row_labels)
    out = [_md_row(cells) for cells in rows]
    # the separator after the first line (its width), or alone for a table without items
    out.insert(1, _md_row(["---"] * (len(rows[0]) if rows else _label_cols(table) + _width_cols(table))))
    return out


def render_markdown(doc: Doc, rng: random.Random, style: dict | None = None) -> str:
    repeat_groups, repeat_merged = rng.random() < 0.5, rng.random() < 0.25
    if style is not None:
        style.update(repeat_groups=repeat_groups, repeat_merged=repeat_merged)
    lines: list[str] = []
    for b in doc.blocks:
        if isinstance(b, Para):
            if b.role == "heading" and rng.random() < 0.3 and not b.text.startswith("**"):
                lines.append("## " + b.text if rng.random() < 0.5 else f"**{b.text}**")
            elif b.role == "title" and rng.random() < 0.5:
                lines.append("# " + b.text)
            else:
                lines.append(b.text)
            lines.append("")
            continue
        lines += [*md_table(b, rng, repeat_groups, repeat_merged), ""]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- TSV


def render_tsv(doc: Doc, rng: random.Random, style: dict | None = None) -> str:
    """One table row per line, cells separated by tabs, a merged cell's other positions left
    as empty fields (Word tables pasted as text; seed 002's shape)."""
    lines: list[str] = []
    for b in doc.blocks:
        if isinstance(b, Para):
            lines.append(b.text)
        else:
            lines += ["\t".join(cells) for cells in grid(b, _tsv_labels)]
    return "\n".join(lines) + "\n"


def tsv_rows(table: Table) -> list[list[str]]:
    """The table's rows as fields: a group label in its first row only, "" where it is merged."""
    return grid(table, _tsv_labels)


def _tsv_labels(row: Row, prev: list[str], nl: int) -> tuple[list[str], list[str]]:
    """A group label once, at its first row; a merged label's other columns empty."""
    own = len(row.labels) - 1
    labels = row.labels + [""] * (nl - len(row.labels))
    return [lab if i >= len(prev) or prev[i] != lab or i == own else "" for i, lab in enumerate(labels)], list(row.labels)
