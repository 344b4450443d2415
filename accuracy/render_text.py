"""Plain-text renderers: one cell per line (Word "save as text") and markdown pipe tables.
`render_layout` (pdftotext -layout) lives in `render_layout.py`, web text in `render_web.py`."""

from __future__ import annotations

import random
import unicodedata

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


def md_table(table: Table, rng: random.Random, repeat_groups: bool, repeat_merged: bool) -> list[str]:
    """repeat_groups: a group label printed on every row it spans (else on its first);
    repeat_merged: a label merged over columns printed in each (some converters do that)."""
    nl, nv = _label_cols(table), _width_cols(table)
    out: list[str] = []
    first = True
    prev: list[str] = []
    for item in table.items:
        if isinstance(item, Band):
            cells = [item.text] + [""] * (nl + nv - 1)
        elif isinstance(item, Header):
            cells = item.cells
        else:
            labels = list(item.labels)
            if len(labels) < nl:  # own label merged over the columns to its right: repeated or once
                labels += [labels[-1] if repeat_merged else ""] * (nl - len(labels))
            shown = [
                lab if (repeat_groups or i == len(labels) - 1 or i >= len(prev) or prev[i] != lab) else "" for i, lab in enumerate(labels)
            ]
            prev = labels
            cells = shown + item.values + [""] * (nv - len(item.values))
        out.append(_md_row(cells))
        if first:
            out.append(_md_row(["---"] * len(cells)))
            first = False
    if first:  # no header at all
        out.insert(1, _md_row(["---"] * (nl + nv)))
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
            lines += ["\t".join(cells) for cells in tsv_rows(b)]
    return "\n".join(lines) + "\n"


def tsv_rows(table: Table) -> list[list[str]]:
    """The table's rows as fields: a group label in its first row only, "" where it is merged."""
    nl, nv = _label_cols(table), _width_cols(table)
    prev: list[str] = []
    out: list[list[str]] = []
    for item in table.items:
        if isinstance(item, Band):
            cells = [item.text] + [""] * (nl + nv - 1)
        elif isinstance(item, Header):
            cells = item.cells
        else:
            labels = item.labels + [""] * (nl - len(item.labels))
            labels = [lab if i >= len(prev) or prev[i] != lab or i == len(item.labels) - 1 else "" for i, lab in enumerate(labels)]
            prev = list(item.labels)
            cells = labels + item.values + [""] * (nv - len(item.values))
        out.append(cells)
    return out
