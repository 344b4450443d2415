"""A report copied from a web page whose tables arrive as a *stream of cells*: the HTML table
converted cell by cell, the row boundaries lost.

Shapes seen on published sites (issue 13, lead's finding): every cell on its own line followed
by a line holding only `|`; every cell separated by a blank line (numbers with leading spaces,
header cells broken over two paragraphs); every cell on its own line with no separator at
all; a table's cells joined by ` | `, `||` or tabs on one or a few lines (rows lost), or one
row per line with `|` filler (`第二十条第(一)项 | |||`); half-width punctuation throughout;
the site's furniture around the report.

An empty cell prints as an empty cell of the stream (an empty line between two `|` lines, an
empty field), as `-` or `/`, or not at all. Not at all is what a correct reader cannot place:
a row with some of its cells gone could have lost any of them. `plan_stream` decides that
before the truth is built and marks such rows unreadable (their cells null, one
table.ambiguous each; table 3 is read as one block of 15, so one for the table), as
`websafe` does for web digit runs that split several ways.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from accuracy.draft import Draft
from accuracy.model import Band, Doc, Header, Number, Para, Table
from accuracy.placeable import placeable_rows
from accuracy.tables import fmt
from annual_report import catalog

SEPARATORS = ("pipe_line", "blank", "newline", "inline_pipe", "double_pipe", "bare_pipe", "tabs")
LINE_SEPARATORS = {"pipe_line": "\n|\n", "blank": "\n\n", "newline": "\n"}
INLINE_SEPARATORS = {"inline_pipe": " | ", "double_pipe": "||", "bare_pipe": "|", "tabs": "\t"}
EMPTY_CELLS = {"empty": "", "nbsp": "\xa0", "dash": "-", "slash": "/"}  # and "drop": the cell is not printed
BANDS = frozenset(f"第二十条第（{n}）项" for n in "一二三四五六七八九")
HALF_WIDTH = str.maketrans("（）：，；", "():,;")


def plan_stream(d: Draft) -> dict:
    """The choices that change what a reader can know: the separator and how a blank cell
    prints. A blank dropped from a row that keeps other cells makes the row unplaceable,
    unless table 2's arithmetic places it. So does, one cell per line, an empty last cell of
    a table: its empty line is the paragraph break after the table (`render_stream` keeps
    that break a single newline)."""
    style = {
        "sep": d.rng.choice(SEPARATORS),
        "empty": d.rng.choices(("empty", "nbsp", "dash", "slash", "drop"), (4, 1, 1, 1, 3))[0],
    }
    if style["empty"] == "drop":
        _unplaceable_rows(d, lambda table, row, col: _printed_blank(d, table, row, col))
    elif _tight(style):
        _unplaceable_rows(d, lambda table, row, col: _trailing_blank(d, table, row, col))
    # a sentence can only be found to contradict a row that could be read
    d.extra = [e for e in d.extra if not (e.rule == "narrative.conflict" and (e.table, e.row) in d.ambiguous_rows)]
    return style


def _tight(style: dict) -> bool:
    """One cell per line, an empty cell an empty line: a table's trailing empty cells look like
    the paragraph break after it."""
    return style["sep"] == "newline" and style["empty"] == "empty"


def _printed_blank(d: Draft, table: str, row: str, col) -> bool:
    return d.raw.get((table, row, col)) == ""


def _trailing_blank(d: Draft, table: str, row: str, col) -> bool:
    """A blank among the last cells of its table, nothing printed after it."""
    cells = _table_cells(d, table)
    at = cells.index((row, col))
    return all(_printed_blank(d, table, r, c) for r, c in cells[at:])


def _table_cells(d: Draft, table: str) -> list[tuple[str, object]]:
    if table == "active_disclosure":
        return [(spec.key, k) for spec in catalog.TABLE1[d.template] for k, _ in spec.values]
    rows = d.t2 if table == "applications" else d.t3
    return [(key, i) for key, vals in rows.items() for i in range(len(vals))]


def _unplaceable_rows(d: Draft, gone: Callable[[str, str, object], bool]) -> None:
    for spec in catalog.TABLE1[d.template]:
        cols = [k for k, _ in spec.values]
        lost = sum(gone("active_disclosure", spec.key, k) for k in cols)
        if 0 < lost < len(cols):
            _unreadable(d, "active_disclosure", spec.key)
            for k in cols:
                _keep_printed(d, ("active_disclosure", spec.key, k), d.t1[spec.key][k])
                d.t1[spec.key][k] = None
    unprinted = {key: tuple(i for i in range(len(vals)) if gone("applications", key, i)) for key, vals in d.t2.items()}
    unprinted = {key: cols for key, cols in unprinted.items() if 0 < len(cols) < len(d.t2[key])}
    placed = placeable_rows(d, unprinted)
    for key in unprinted.keys() - placed:
        _unreadable(d, "applications", key)
        for i, v in enumerate(d.t2[key]):
            _keep_printed(d, ("applications", key, i), v)
        d.t2[key] = [None] * len(d.t2[key])
    for key in sorted(placed):
        d.notes.append(f"stream: a blank of applications/{key} is not printed (placed by the arithmetic)")
    if any(gone("appeals", key, i) for key in d.t3 for i in range(5)):
        for key in d.t3:  # table 3 is one run of 15 numbers: one gone, none placeable
            _unreadable(d, "appeals", key)
            for i, v in enumerate(d.t3[key]):
                _keep_printed(d, ("appeals", key, i), v)
            d.t3[key] = [None] * 5


def _keep_printed(d: Draft, cell: tuple, value: Number | None) -> None:
    """The document still prints what the truth no longer claims to be readable."""
    d.raw.setdefault(cell, fmt(value))


def _unreadable(d: Draft, table: str, row: str) -> None:
    d.ambiguous_rows.add((table, row))
    d.notes.append(f"stream: a blank of {table}/{row} is not printed (row unplaceable)")


# ---------------------------------------------------------------- rendering


def _cells(table: Table, repeat_groups: bool, blank_merged: bool = False) -> list[tuple[str, str]]:
    """(kind, text) of every printed cell in reading order: band, header, label, value.
    A group label is printed once, at its first row (a merged cell in the HTML), or on every
    row (a converter that repeats merged cells). `blank_merged`: a group label's merged cell
    prints as an empty "gap" cell in the rows below its first (`| | 2.其他法律… | | 0 |`)."""
    from accuracy.render_text import new_labels

    out: list[tuple[str, str]] = []
    seen: list[str] = []
    for item in table.items:
        if isinstance(item, Band):
            out.append(("band", item.text))
        elif isinstance(item, Header):
            out += [("header", c) for c in item.cells if c]
        else:
            labels, seen = (item.labels, []) if repeat_groups else new_labels(item, seen)
            if blank_merged:
                out += [("gap", "")] * (len(item.labels) - len(labels))
            # a row left blank altogether is printed with empty cells, never `-` or `/`: it is
            # one blank row (one finding), not seven cells that are not numbers
            kind = "void" if len(item.values) > 1 and not any(item.values) else "value"
            out += [("label", lab) for lab in labels] + [(kind, v) for v in item.values]
    return out


def _value_text(kind: str, text: str, style: dict) -> str | None:
    """How a value cell prints; None: not at all."""
    if text:
        return text
    if style["empty"] == "drop":
        return None
    if kind == "void":
        return "\xa0" if style["empty"] == "nbsp" else ""
    return EMPTY_CELLS[style["empty"]]


def _wrap(text: str, rng: random.Random, at: int) -> list[str]:
    if len(text) <= at:
        return [text]
    cut = rng.randint(max(2, at // 2), at)
    return [text[:cut], text[cut:]]


def _line_table(table: Table, rng: random.Random, style: dict) -> str:
    sep = LINE_SEPARATORS[style["sep"]]
    inner = "\n\n" if style["sep"] == "blank" and style["wrap_as_paragraph"] else "\n"
    pieces: list[str] = []
    for kind, text in _cells(table, style["repeat_groups"]):
        if kind in ("value", "void"):
            printed = _value_text(kind, text, style)
            if printed is None:
                continue
            text = printed
            if text and style["pad_numbers"] and rng.random() < 0.5:
                text = " " + text
            pieces.append(text)
            continue
        wrap_at = style["wrap_labels"] if kind == "label" else style["wrap_headers"]
        parts = _wrap(text, rng, wrap_at) if wrap_at and rng.random() < 0.5 else [text]
        pieces.append(inner.join(parts))
    if style["footer"] and len(pieces) > 2:  # the page's footer printed among the cells
        pieces.insert(rng.randrange(1, len(pieces)), rng.choice(("- 2 -", "第 2 页", "2/5", "第2页 共5页")))
    tail = sep if style["sep"] == "pipe_line" else ""
    return sep.join(pieces) + tail


def _inline_table(table: Table, rng: random.Random, style: dict) -> list[str]:
    sep = INLINE_SEPARATORS[style["sep"]]
    rows: list[list[str]] = []
    current: list[str] = []
    previous = ""
    for kind, text in _cells(table, style["repeat_groups"], style.get("blank_merged", False)):
        if kind in ("value", "void"):
            printed = _value_text(kind, text, style)
            if printed is None:
                continue
            kind, text = "value", printed
        if current and _starts_row(previous, kind):
            rows.append(current)
            current = []
        current.append(text)
        previous = kind
    rows.append(current)
    if style["rows_kept"]:
        bar = " |" if style["sep"] == "inline_pipe" else ""
        width = max(len(r.values) for r in table.rows())
        # a band merged over the row: `第二十条第(一)项 | |||` (the other grid positions)
        return [_kept_row(r, sep) + (bar + "|" * width if r[0] in BANDS and bar else bar) for r in rows]
    flat = [c for r in rows for c in r]
    lines, start = [], 0
    while start < len(flat):
        step = rng.randint(6, 60) if style["cut_lines"] else len(flat)
        lines.append(sep.join(flat[start : start + step]))
        start += step
    return lines


def _kept_row(cells: list[str], sep: str) -> str:
    """A row on its line; its leading gap cells (merged group labels) open it with bars, as
    `| | 2.其他法律行政法规禁止公开 | | 0 |`."""
    gaps = next((n for n, c in enumerate(cells) if c), len(cells))
    return "| " * gaps + sep.join(cells[gaps:]) if gaps else sep.join(cells)


def _starts_row(previous: str, kind: str) -> bool:
    """Where a row of the HTML table began: a band, the first header cell, a label after
    numbers or headers (a group label and its row's own label share a row)."""
    return (
        kind == "band"
        or (kind == "header" and previous != "header")
        or (kind in ("label", "gap") and previous in ("value", "header", "band"))
        or (kind == "value" and previous in ("header", "band"))
    )


def _furniture(rng: random.Random, year: int | None, site: str) -> tuple[list[str], list[str]]:
    when = f"{(year or 2022) + 1}-0{rng.randint(1, 3)}-{rng.randint(10, 28)}"
    head = [
        f"您的位置：首页 > 政府信息公开 > 政府信息公开年报 > {year or ''}年",
        f"发布时间：{when}　信息来源：{site}",
        "【字体：大 中 小】",
    ]
    tail = ["分享到：微信 微博 QQ空间", "【打印本页】 【关闭窗口】"]
    return rng.sample(head, k=rng.randint(1, 3)), tail[: rng.randint(1, 2)]


def render_stream(doc: Doc, rng: random.Random, style: dict, year: int | None, site: str) -> str:
    style.setdefault("sep", rng.choice(SEPARATORS))
    style.setdefault("empty", "empty")
    style.update(
        wrap_labels=rng.choice((0, 0, 6, 9, 12)),
        wrap_headers=rng.choice((0, 3, 4)),
        wrap_as_paragraph=rng.random() < 0.5,
        pad_numbers=style["sep"] == "blank" and rng.random() < 0.5,
        rows_kept=rng.random() < 0.3,
        cut_lines=rng.random() < 0.5,
        half_width=rng.random() < 0.4,
        repeat_groups=rng.random() < 0.2,
        footer=rng.random() < 0.15,
        furniture=rng.random() < 0.5,
    )
    # rows kept on their lines with ` | `: the HTML's merged group cells print empty below their first row
    style["blank_merged"] = style["rows_kept"] and style["sep"] == "inline_pipe" and not style["repeat_groups"] and rng.random() < 0.5
    inline = style["sep"] in INLINE_SEPARATORS
    para_sep = "\n\n" if style["sep"] == "blank" or rng.random() < 0.3 else "\n"
    if _tight(style):
        para_sep = "\n"  # `plan_stream` judged a table's trailing empty cells by that
    parts: list[str] = []
    for b in doc.blocks:
        if isinstance(b, Para):
            parts.append(b.text)
        elif inline:
            parts.append("\n".join(_inline_table(b, rng, style)))
        else:
            parts.append(_line_table(b, rng, style))
    text = para_sep.join(parts)
    if style["furniture"]:
        head, tail = _furniture(rng, year, site)
        text = "\n".join(head) + "\n" + text + "\n" + "\n".join(tail)
    if style["half_width"]:
        text = text.translate(HALF_WIDTH)
    return text + "\n"
