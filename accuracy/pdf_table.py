"""Draw one table grid on the PDF canvas: column widths, row heights from wrapped text, rows
placed on pages (a table may split; the header rows stay together), then rules and text."""

from __future__ import annotations

from accuracy.grid import Grid, Span
from accuracy.render_pdf import MARGIN, PAGE_H, PAGE_W, wrap


def _widths(w, grid: Grid, key: str) -> list[float]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    st, rng = w.st, w.rng
    avail = PAGE_W - 2 * MARGIN
    if key == "applications":
        g1, g2, own = st.label_w
        # A number never wraps in its cell: the column holds the widest one.
        value_w = max([st.value_w] + [stringWidth(s.text, st.font, st.size) + 2 * st.pad + 2 for s in grid.spans if s.kind == "value"])
        n = grid.cols - 3  # 7 value columns, or 8 with a subtotal
        own = max(60.0, min(own, avail - g1 - g2 - n * value_w))
        return [g1, g2, own] + [value_w] * n
    if key == "appeals":
        return [avail / 15 * rng.choice((0.85, 0.95, 1.0))] * 15
    label = st.label_w[2]
    value = min((avail - label) / (grid.cols - 1), st.value_w * rng.choice((1.5, 2.0, 3.0)))
    return [label] + [value] * (grid.cols - 1)


def _lines(w, s: Span, widths: list[float]) -> list[str]:
    if s.kind == "value":
        return [s.text]  # a number is never broken over lines
    width = sum(widths[s.col : s.col + s.colspan]) - 2 * w.st.pad
    return wrap(s.text, w.st.font, w.st.size, max(width, w.st.size))


def _heights(w, grid: Grid, widths: list[float]) -> list[float]:
    lead = w.st.size * 1.25
    heights = [lead + 2 * w.st.pad] * grid.rows
    for s in grid.spans:
        if s.rowspan == 1:
            heights[s.row] = max(heights[s.row], len(_lines(w, s, widths)) * lead + 2 * w.st.pad)
    for s in grid.spans:
        if s.rowspan > 1:
            need = len(_lines(w, s, widths)) * lead + 2 * w.st.pad
            have = sum(heights[s.row : s.row + s.rowspan])
            if need > have:
                heights[s.row + s.rowspan - 1] += need - have
    return heights


def _place(w, grid: Grid, heights: list[float]) -> tuple[list[tuple[int, int, float, bool]], float]:
    """(row, page, top y, is a repeated copy) for every printed row, and the y after the table.
    Only simulated here: the canvas turns pages while drawing."""
    top = PAGE_H - MARGIN
    y, page = w.y, w.page
    placed: list[tuple[int, int, float, bool]] = []
    head = sum(heights[: grid.body_start])
    if y - head - heights[grid.body_start] < MARGIN:
        y, page = top, page + 1
    for r in range(grid.rows):
        if r >= grid.body_start and y - heights[r] < MARGIN:
            y, page = top, page + 1
            if w.st.duplicate and placed and not placed[-1][3] and placed[-1][0] >= grid.body_start:
                prev = placed[-1][0]  # a page break prints the last row again
                placed.append((prev, page, y, True))
                y -= heights[prev]
        placed.append((r, page, y, False))
        y -= heights[r]
    return placed, y


def draw_table(w, grid: Grid, key: str) -> None:
    widths = _widths(w, grid, key)
    heights = _heights(w, grid, widths)
    w.y -= 6
    placed, end_y = _place(w, grid, heights)
    xs = [MARGIN + sum(widths[:c]) for c in range(grid.cols + 1)]
    draws: dict[int, list] = {}
    for s in grid.spans:
        segments = _segments(s, placed, heights)
        texts = _flow(w, _lines(w, s, widths) if s.text else [], segments)
        for (page, top, bottom, _copy), lines in zip(segments, texts):
            draws.setdefault(page, []).append((s, top, bottom, lines))
    for page in sorted(draws):
        while w.page < page:
            w.new_page()
        for s, top, bottom, lines in draws[page]:
            _draw_span(w, s, xs, top, bottom, lines)
        _page_rules(w, grid, placed, heights, page, xs)
    w.y = end_y - 10


def _flow(w, lines: list[str], segments: list[tuple[int, float, float, bool]]) -> list[list[str]]:
    """The lines each segment of a span shows: a copy repeats them all; a merged cell cut by a
    page break shows them in its first part when they fit there, else they flow on into the
    next part, as a word processor does (never drawn over the rows around it)."""
    out: list[list[str]] = []
    lead = w.st.size * 1.25
    rest = list(lines)
    for n, (_page, top, bottom, copy) in enumerate(segments):
        if copy:
            out.append(list(lines))
            continue
        room = max(1, int((top - bottom - 2 * w.st.pad + 0.01) // lead))
        last = n == len(segments) - 1 or all(c for *_, c in segments[n + 1 :])
        take = len(rest) if last else min(room, len(rest))
        out.append(rest[:take])
        rest = rest[take:]
    return out


def _segments(s: Span, placed, heights) -> list[tuple[int, float, float, bool]]:
    """The parts of a span on each page: (page, top, bottom, is a copy)."""
    out: list[tuple[int, float, float, bool]] = []
    for r, page, top, copy in placed:
        if not s.row <= r < s.row + s.rowspan:
            continue
        if copy:
            if s.rowspan == 1:
                out.append((page, top, top - heights[r], True))
            continue
        if out and out[-1][0] == page and not out[-1][3] and abs(out[-1][2] - top) < 0.01:
            out[-1] = (page, out[-1][1], top - heights[r], False)
        else:
            out.append((page, top, top - heights[r], False))
    return out


def _draw_span(w, s: Span, xs, top: float, bottom: float, lines: list[str]) -> None:
    st, c = w.st, w.c
    x0, x1 = xs[s.col], xs[s.col + s.colspan]
    if st.rules == "all":
        c.setLineWidth(0.5)
        c.rect(x0, bottom, x1 - x0, top - bottom)
    if not lines:
        return
    lead = st.size * 1.25
    y = (top + bottom) / 2 + len(lines) * lead / 2 - st.size
    c.setFont(st.font, st.size)
    for line in lines:
        if s.kind == "label" or (s.kind == "value" and st.align == "left"):
            c.drawString(x0 + st.pad, y, line)
        elif s.kind == "value" and st.align == "right":
            c.drawRightString(x1 - st.pad, y, line)
        else:
            c.drawCentredString((x0 + x1) / 2, y, line)
        y -= lead


def _page_rules(w, grid: Grid, placed, heights, page: int, xs) -> None:
    """Partial rules: horizontal lines, a three-line table or an outer frame."""
    rows = [(r, top, copy) for r, p, top, copy in placed if p == page]
    if w.st.rules in ("all", "none") or not rows:
        return
    c = w.c
    c.setLineWidth(0.6)
    left, right = xs[0], xs[-1]
    top = rows[0][1]
    bottom = rows[-1][1] - heights[rows[-1][0]]
    head_end = next((t - heights[r] for r, t, _ in rows if r == grid.body_start - 1), None)
    if w.st.rules == "horizontal":
        for _r, t, _ in rows:
            c.line(left, t, right, t)
        c.line(left, bottom, right, bottom)
    elif w.st.rules == "three_line":
        c.line(left, top, right, top)
        if head_end is not None:
            c.line(left, head_end, right, head_end)
        c.line(left, bottom, right, bottom)
    else:
        c.rect(left, bottom, right - left, top - bottom)
        if head_end is not None:
            c.line(left, head_end, right, head_end)
