"""Rows of a table without ruling lines, assembled from where its text lines sit on the page.

A PDF keeps what layout text loses: the exact height of every visual line. A borderless table
(or one with only some rules) puts each row's numbers on one line and its label, wrapped inside
its cell, on lines around it: beside the numbers' line when the cell is top- or bottom-aligned,
or above and below it when the cell is centred vertically. Group labels (`（三）不予公开`,
`三、本年度办理结果`, one character per line) sit in columns further left, beside the rows of
their group.

So the label lines are given to the rows by geometry, not by guessing from line order: each
row's label is one contiguous block of lines, and of all the ways to cut the lines between two
rows of numbers, the one where every row's numbers sit where the table's alignment puts them
(at the block's centre, first or last line; the alignment that fits best for the whole table)
wins. A label's numbering (`2.`, `（三）`) starting inside a block breaks the tie, and the
official wording after that. Pieces left of the own-label column are joined per column into
group labels. Every rebuilt label is marked as reassembled, so the rules never blame the
township for our joining.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from annual_report.extract.sections import heading_key
from annual_report.readers import layout_lines, pdfatop, pdfgroups, pdfspans

_NUMBERED = layout_lines.NUMBERED
_SUB_ROW = re.compile(r"^\d{1,2}[.、．]\D")
_CUT_NUMBERING = re.compile(r"^[（(][一二三四五六七八九十]{1,2}$")  # `（六` | `）其他处理`
_GROUP_START = re.compile(r"^(?:[（(]|[一二三四五六七八九十]{1,2}、)")
# layout_lines keeps the same pattern private (not in its interface, `__all__`): a copy here.
_HEADER_START = re.compile(r"^(?:第二十条|信息内容|申请人情况|[（(]本列数据|行政复议|行政诉讼)")
_PROSE = re.compile(r"[。：:；;]$")
# A note printed under a table (`注：…`, `数据来源：…`): never a row label wrapped onto the next line.
_NOTE = re.compile(r"^[（(]?(?:注|说明|备注|数据来源|资料来源)\s*[:：]")
_MAX_PIECE = 64  # half-character units: a longer label piece is prose
_MODES = ("centre", "top", "bottom")

Item = tuple[int, "str | list[str] | None", bool]


@dataclass
class _Band:
    """One visual line of the stretch: its parsed pieces and its vertical position."""

    k: int
    line: layout_lines.Line
    top: float
    bottom: float

    @property
    def y(self) -> float:
        return (self.top + self.bottom) / 2


def rebuild(parsed: list[layout_lines.Line | None], tops: list[float], bottoms: list[float], sizes: list[float]) -> list[Item]:
    """(line index, row cells / group or blank-row label / None, reassembled) for every line:
    each stretch of table lines is replaced by its rows; None leaves a line as it is. `sizes`:
    the height of each line's tallest word (its font size)."""
    out: list[Item] = []
    i = 0
    while i < len(parsed):
        rest = pdfatop.rest_of_cut_row(parsed, i)  # atop the page, the rest of what the break cut
        end = None if rest else stretch_end(parsed, tops, bottoms, sizes, i)
        if end is None:
            out.append((i, rest[0] if rest else None, rest is not None))
            i = rest[1] if rest else i + 1
            continue
        bands = [_Band(k, parsed[k], tops[k], bottoms[k]) for k in range(i, end)]  # type: ignore[arg-type]  # no None in a stretch (stretch_end)
        rows = _assemble(bands, all(p is None for p in parsed[end:]))
        out.extend(rows if rows is not None else [(k, None, False) for k in range(i, end)])
        i = end
    return out


def _starts_table(p: layout_lines.Line | None) -> bool:
    if p is None or not p.labels or len(p.labels) > 4:
        return False
    first = p.labels[0].text
    return not (_HEADER_START.match(first) or _heading(p))


def _label_only_ok(p: layout_lines.Line) -> bool:
    if not p.labels:
        return False
    if any(x.end - x.start > _MAX_PIECE or _PROSE.search(x.text) or _NOTE.match(x.text) for x in p.labels):
        return False
    return not (_HEADER_START.match(p.labels[0].text) or _heading(p))


def _heading(p: layout_lines.Line) -> bool:
    """A section heading, maybe cut into pieces by its gaps (`第三部分` `收到和处理…`)."""
    return heading_key(p.labels[0].text) is not None or heading_key(" ".join(x.text for x in p.labels)) is not None


def stretch_end(parsed: list[layout_lines.Line | None], tops: list[float], bottoms: list[float], sizes: list[float], i: int) -> int | None:
    """End of a stretch of table lines starting at `i` (label lines and rows of numbers of one
    font size, with at least one row of numbers and one line to assemble); None: not one."""
    numbers_first = _label_under_numbers(parsed, tops, bottoms, i)
    if not (_starts_table(parsed[i]) or numbers_first):
        return None
    j = i
    while j < len(parsed):
        p = parsed[j]
        if p is None or abs(sizes[j] - sizes[i]) > 0.2 * sizes[i] or any("。" in x.text for x in p.labels):
            break  # another font size: a heading or prose after the table; a sentence (`。`, no label's) is prose
        if p.values and not p.labels and j == i and not numbers_first:
            return None
        if not p.values and not _label_only_ok(p):
            break
        j += 1
    starts = [p.value_start or 0 for p in parsed[i:j] if p is not None and p.values]
    if not starts:
        return None
    # Text reaching into the columns of numbers is a column header, not a row label.
    value_start = min(starts)
    j = next((k for k in range(i, j) if any(x.end > value_start + 1 for x in parsed[k].labels)), j)  # type: ignore[union-attr]  # no None in a stretch (stretch_end)
    if len([k for k in range(i, j) if parsed[k].values]) < (2 if numbers_first else 1):  # type: ignore[union-attr]  # no None in a stretch (stretch_end)
        return None
    # A first line over the first column of numbers (`目数` / `）` of a header cell wrapped
    # above the table's first row) is no row label.
    first = parsed[i]
    centres = [min(p.value_at) for p in parsed[i:j] if p is not None and p.values and p.value_at]
    if first is not None and not first.values and centres:
        if any((x.start + x.end) / 2 >= min(centres) - 3 for x in first.labels):
            return None
        # Nor a line right of every label below it (`数量` of a header cell `上一年项目数量`
        # over a column of numbers that sit at the right of their cells): of the labels beside
        # numbers, when there are any (the header cell's next line, `量`, is no row label either).
        # Not the cell's own next lines (`量` under `目数`): they stand where it stands.
        below = [p for p in parsed[i + 1 : j] if p is not None]
        others = [x for p in below for x in p.labels if not any(layout_lines.overlaps(x, y) for y in first.labels)]
        ends = [x.end for p in below if p.values for x in p.labels] or [x.end for x in others]
        # A row's own label (`5.要求行政机关确认或重` atop a page, group rows after it) is kept.
        own_label = _NUMBERED.match(first.labels[0].text) or layout_lines.starts_official(first.labels[0].text)
        if ends and all(x.start > max(ends) + 1 for x in first.labels) and not own_label:
            return None
    # Label lines after the last row of numbers belong to it only while they stay close to it.
    last = max(k for k in range(i, j) if parsed[k].values)  # type: ignore[union-attr]  # no None in a stretch (stretch_end)
    spacing = _spacing(tops[i:j], bottoms[i:j])
    while j - 1 > last and tops[j - 1] - bottoms[j - 2] > spacing:
        j -= 1
    return j if j - i >= 2 else None


def _label_under_numbers(parsed: list[layout_lines.Line | None], tops: list[float], bottoms: list[float], i: int) -> bool:
    """Numbers alone on line `i`, a row label left of them on the next line at a cell's line
    spacing (`0` / `一、本年新收政府信息公开申请数量` / `件`, a label centred between counts and
    units): a first row, if the stretch has another row of numbers (table 3's has not)."""
    p, q = parsed[i], parsed[i + 1] if i + 1 < len(parsed) else None
    if p is None or q is None or not p.values or p.labels or q.values or not _starts_table(q) or not _label_only_ok(q):
        return False
    return tops[i + 1] - bottoms[i] < 0.6 * (bottoms[i] - tops[i]) and all(x.end <= (p.value_start or 0) + 1 for x in q.labels)


def _spacing(tops: list[float], bottoms: list[float]) -> float:
    """Largest gap between consecutive lines that still belongs to one table: a line pitch."""
    heights = [b - t for t, b in zip(tops, bottoms)]
    pitch = [tops[n + 1] - tops[n] for n in range(len(tops) - 1) if tops[n + 1] > tops[n]]
    line = statistics.median(heights) if heights else 10.0
    return max(2.0 * line, (statistics.median(pitch) if pitch else line) * 1.5)


# -- one stretch -----------------------------------------------------------------------------


def _own_start(bands: list[_Band]) -> int | None:
    """Column where the rows' own labels start: where the numbered rows of a group (`1.属于…`)
    start, when there are any. Otherwise: a group label has the row's own label right of
    it on some line; an own label never has another label right of it. Of the rightmost pieces
    on rows of numbers that are not in a group column, the rightmost start (a centred label
    starts further right than a long one; pieces that start left of it but reach into it are
    own labels too, see `_split_pieces`); without any, where most lines' last piece starts."""
    # Rows inside a group are numbered 1., 2., …: where those labels start is the own column.
    numbered = [x.start for b in bands for x in b.line.labels if _SUB_ROW.match(x.text)]
    if numbered:
        return min(numbered)
    group = {x.start for b in bands for x in b.line.labels[:-1]}

    def free(s: int) -> bool:
        return all(abs(s - g) > 1 for g in group)

    on_rows = [b.line.labels[-1].start for b in bands if b.line.values and b.line.labels]
    on_rows = [s for s in on_rows if free(s)]
    if on_rows:
        return max(on_rows)
    starts = [b.line.labels[-1].start for b in bands if b.line.labels]
    if not starts:
        return None
    own = [s for s in starts if free(s)] or starts
    return max(sorted(set(own)), key=lambda s: sum(1 for t in own if abs(t - s) <= 1))


def _split_pieces(band: _Band, own: int, alone: bool, spanning: set[int]) -> tuple[str, list[layout_lines.Piece]]:
    """A line's own-label text and its group-label pieces. A row of numbers whose line has no
    piece in the own column and no label line right around it (`（七）总计` spanning the label
    columns) has its rightmost piece as its own label; so are the pieces of `spanning` (ids,
    `pdfspans.spanning_labels`)."""
    own_text, groups = [], []
    for x in band.line.labels:
        if _is_own(x, own) or id(x) in spanning:
            own_text.append(x.text)
        else:
            groups.append(x)
    if not own_text and alone and groups:
        own_text.append(groups.pop().text)
    return "".join(own_text), groups


def _is_own(x: layout_lines.Piece, own: int) -> bool:
    """In the own-label column, or reaching into it (a label spanning the label columns)."""
    return x.start >= own - 1 or x.end >= own + 4


def _assemble(bands: list[_Band], page_end: bool = False) -> list[Item] | None:
    """The stretch's rows and group labels; `page_end`: nothing but a page footer after it."""
    own = _own_start(bands)
    if own is None:
        return None
    texts: dict[int, str] = {}
    group_pieces: list[tuple[_Band, layout_lines.Piece]] = []
    pitch = _pitch([b for b in bands if any(_is_own(x, own) for x in b.line.labels)])
    last: tuple[_Band, str, int] | None = None  # the last own label line: band, text, start
    wide = pdfspans.spanning_labels(bands, lambda x: _is_own(x, own))
    for b in bands:
        alone = bool(b.line.values) and pdfspans.alone(b, bands, lambda x: _is_own(x, own) or id(x) in wide, pitch)
        text, groups = _split_pieces(b, own, alone, wide)
        spanning = next((g for g in groups if last is not None and _continues_spanning(last, b, g, pitch)), None)
        if not text and spanning is not None:
            groups.remove(spanning)
            text = spanning.text
        if text:
            texts[b.k] = text
            first = next((x.start for x in b.line.labels if x.text and text.startswith(x.text)), own)
            joined = last is not None and first == last[2] and not (_NUMBERED.match(text) or _GROUP_START.match(text))
            last = (b, last[1] + text if joined and last is not None else text, first)
        group_pieces.extend((b, g) for g in groups)
    anchors = [b for b in bands if b.line.values]
    label_lines = [b for b in bands if b.k in texts]
    # Lines above a first row whose own label starts with its numbering (`（六` alone too, its
    # `）` wrapped below) are none of its label (a page opening with the rest of a label the break
    # cut): they do not weigh in its alignment.
    opening = texts.get(anchors[0].k, "") if anchors else ""
    numbered = bool(_NUMBERED.match(opening) or _CUT_NUMBERING.match(opening))
    head = [b for b in label_lines if numbered and b.k < anchors[0].k]
    blocks = _assign(anchors, label_lines[len(head) :], texts)
    rows: list[tuple[_Band, list[_Band]]] = list(zip(anchors, blocks))
    # Where label lines had to be given to rows, every label is our reading, not a clean one.
    items = _row_items(rows, texts, len(label_lines) > len(anchors), page_end)
    items.extend((part[0].k, "".join(texts[b.k] for b in part), True) for part in _parts(head, texts))
    items.sort(key=lambda it: it[0])
    pdfgroups.place_groups(items, pdfgroups.group_labels(group_pieces, bands, _pitch(bands)))
    return items


def _continues_spanning(last: tuple[_Band, str, int], band: _Band, piece: layout_lines.Piece, pitch: float) -> bool:
    """A short line under a label that spans the label columns (`二、上年结转政府信息` /
    `公开申请数量`) continues it, not a group label: it starts where that label starts, on the
    next line, and the two read as (the start of) an official label."""
    above, text, start = last
    # up to 2.5 pitches: a label typed as two paragraphs has the paragraph's spacing between them
    if abs(piece.start - start) > 1 or band.top - above.top > 2.5 * pitch:
        return False
    if _GROUP_START.match(piece.text) or _NUMBERED.match(piece.text):
        return False
    return layout_lines.starts_official(text + piece.text) or pdfspans.nearer_official(text, text + piece.text)


def _assign(anchors: list[_Band], lines: list[_Band], texts: dict[int, str]) -> list[list[_Band]]:
    """The label lines of each row (contiguous blocks, in order), the best of the alignments."""
    best: tuple[float, list[list[_Band]]] | None = None
    for mode in _MODES:
        cost, blocks = _assign_mode(anchors, lines, texts, mode)
        if best is None or cost < best[0] - 1e-6:
            best = (cost, blocks)
    assert best is not None
    return best[1]


def _assign_mode(anchors: list[_Band], lines: list[_Band], texts: dict[int, str], mode: str) -> tuple[float, list[list[_Band]]]:
    """Dynamic programme over the cuts between consecutive rows: cut n says how many of the free
    lines between row n and row n+1 go to row n. Lines on a row's own line are fixed to it."""
    m = len(anchors)
    fixed = {a.k for a in anchors}
    free: list[list[_Band]] = []  # free[n]: lines between anchor n-1 and anchor n (n = 0: before the first)
    for n in range(m + 1):
        lo = anchors[n - 1].y if n > 0 else float("-inf")
        hi = anchors[n].y if n < m else float("inf")
        free.append([b for b in lines if lo < b.y < hi and b.k not in fixed])
    pitch = _pitch(lines)

    def block(n: int, head: int, tail: int) -> list[_Band]:
        own = [b for b in lines if b.k == anchors[n].k]
        return free[n][head:] + own + free[n + 1][:tail]

    # Lines before the first row go to it; after the last row, to it.
    states: dict[int, tuple[float, list[int]]] = {0: (0.0, [])}
    for n in range(m):
        nxt: dict[int, tuple[float, list[int]]] = {}
        tails = [len(free[n + 1])] if n == m - 1 else range(len(free[n + 1]) + 1)
        for cut, (cost, path) in states.items():
            head = 0 if n == 0 else cut
            for tail in tails:
                c = cost + _block_cost(block(n, head, tail), anchors[n], texts, mode, pitch)
                if tail not in nxt or c < nxt[tail][0]:
                    nxt[tail] = (c, [*path, tail])
        states = nxt
    cost, cuts = min(states.values(), key=lambda s: s[0])
    blocks = []
    for n in range(m):
        head = 0 if n == 0 else cuts[n - 1]
        blocks.append(block(n, head, cuts[n]))
    return cost, blocks


def _pitch(lines: list[_Band]) -> float:
    gaps = [b.top - a.top for a, b in zip(lines, lines[1:]) if b.top > a.top]
    return min(gaps) if gaps else 10.0


def _block_cost(block: list[_Band], anchor: _Band, texts: dict[int, str], mode: str, pitch: float) -> float:
    """How far the row's numbers sit from where the alignment puts them, in line pitches,
    plus a line starting with a label's numbering inside the block (it starts a row). The
    row's own label starts at its numbering: lines above the last numbering at or above the
    row's numbers are another label's part (`_parts`; the rest of a label a page break cut,
    atop the page) and do not say where the cells are aligned."""
    if not block:
        return 2.0
    numbered = [n for n, b in enumerate(block) if b.y <= anchor.y + 1 and _NUMBERED.match(texts[b.k])]
    own = block[numbered[-1] :] if numbered else block
    if mode == "centre":
        want = (own[0].y + own[-1].y) / 2
    elif mode == "top":
        want = own[0].y
    else:
        want = own[-1].y
    cost = abs(anchor.y - want) / pitch
    cost += sum(1.5 for b in block[1:] if _NUMBERED.match(texts[b.k]))
    if len(block) > 1 and not layout_lines.is_official("".join(texts[b.k] for b in block)):
        cost += 0.05  # the official wording breaks a tie
    return cost


def _row_items(rows: list[tuple[_Band, list[_Band]]], texts: dict[int, str], assembled: bool, page_end: bool = False) -> list[Item]:
    """One row per anchor; a numbered part of a block away from its numbers is a row of its own
    left blank (its label without numbers). A label that starts with its numbering, followed by
    a row whose label starts with the next numbering, is whole whatever its lines: every line
    between two numberings is its own, so it reads as the report wrote it (not reassembled).
    So is the last row's when the page ends after it (`page_end`): a rest of its label the
    break carried over to the next page goes back to it there, reassembled (`pdfcontinued`)."""
    blocks = [_parts(block, texts) for _, block in rows]
    items: list[Item] = []
    for n, ((anchor, _), parts) in enumerate(zip(rows, blocks)):
        if not parts:
            items.append((anchor.k, ["", *anchor.line.values], False))
            continue
        mine = min(parts, key=lambda part: _distance(part, anchor))
        nxt = blocks[n + 1] if n + 1 < len(blocks) else []
        ended = (bool(nxt) and bool(_NUMBERED.match(texts[nxt[0][0].k]))) or (page_end and n == len(blocks) - 1)
        closed = bool(_NUMBERED.match(texts[parts[0][0].k])) and ended
        for part in parts:
            label = "".join(texts[b.k] for b in part)
            if part is mine:
                items.append((anchor.k, [label, *anchor.line.values], (assembled or len(part) > 1) and not closed))
            else:
                items.append((part[0].k, label, True))
    items.sort(key=lambda it: it[0])
    return items


def _parts(block: list[_Band], texts: dict[int, str]) -> list[list[_Band]]:
    """The labels in a row's block of lines: a line starting with a numbering starts one, and
    so does a line after which both sides read as whole official labels and together do not
    (`行政处罚`, left blank, above `行政强制  6`)."""
    parts: list[list[_Band]] = []
    for b in block:
        if not parts or _NUMBERED.match(texts[b.k]):
            parts.append([])
        parts[-1].append(b)
    out: list[list[_Band]] = []
    for part in parts:
        joined = "".join(texts[b.k] for b in part)
        cut = next((c for c in range(1, len(part)) if _official(part[:c], texts) and _official(part[c:], texts)), None)
        if cut is None or layout_lines.is_official(joined):
            out.append(part)
        else:
            out.extend((part[:cut], part[cut:]))
    return out


def _official(lines: list[_Band], texts: dict[int, str]) -> bool:
    return layout_lines.is_official("".join(texts[b.k] for b in lines))


def _distance(part: list[_Band], anchor: _Band) -> float:
    if part[0].top - 1 <= anchor.y <= part[-1].bottom + 1:
        return 0.0
    return min(abs(b.y - anchor.y) for b in part)
