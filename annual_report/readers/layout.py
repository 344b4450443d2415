"""Tables of `pdftotext -layout` text whose labels are wrapped: rebuilt row by row.

In layout text a table cell is placed by columns of spaces. Narrow label columns wrap a row
label over several lines (`1.属于国` / `家秘密   0   0 …`), with the numbers on the first, a
middle or the last of those lines, and cut group labels (`（三）不予公开`, `三、本年度办理结果`)
into pieces that sit, one per line, beside the rows of their group. Read line by line, those
pieces become labels of their own: a row is lost, a fragment reads as a wrongly worded label.

This module rebuilds such a table from the character columns: the lines with numbers anchor
the rows; the label text to their left is split by column into the row's own label (the
rightmost column with text on the anchor line, and the lines that continue it) and the group
columns to its left, whose pieces on consecutive lines are joined into one group label. Where
a wrapped label's lines go (to the row above or below) is decided by the official wording, else
by the numbering that starts a label. Every rebuilt cell is marked as reassembled, so that the
rules never blame the township for our joining.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from annual_report import catalog
from annual_report.extract.normalize import normalize, split_numbering
from annual_report.extract.sections import heading_key

_GAP = re.compile(r"\S+(?: \S+)*")  # a run of text with single spaces inside; 2+ spaces separate cells
_VALUE = re.compile(r"^(?:[+\-－−]?[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?|[-—–－/／\\…]+|无|空)$")
_NUMBERED = re.compile(r"^(?:\d{1,2}[.、．]|[（(][一二三四五六七八九十]{1,2}[）)]|[一二三四五六七八九十]{1,2}、)")
_GROUP_START = re.compile(r"^(?:[（(]|[一二三四五六七八九十]、)")
_FOOTER = re.compile(r"^\s*(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页.*|\d{1,4}\s*/\s*\d{1,4})\s*$")
_HEADER_START = re.compile(r"^(?:第二十条|信息内容|申请人情况|[（(]本列数据|行政复议|行政诉讼)")
_MAX_LABEL_PIECE = 64  # display columns: a longer piece is prose, not a wrapped label
_MAX_GAP_LINES = 14
_MAX_LINE = (
    600  # characters: a longer line is no table row (and is not measured column by column)  # label lines between two rows of numbers
)


@dataclass
class _Piece:
    start: int  # display column
    end: int
    text: str


@dataclass
class _Line:
    number: int
    labels: list[_Piece]
    values: list[str]
    value_start: int | None
    value_at: list[float] | None = None  # the centre column of each value
    filled: bool = False  # blank cells put back by `align_blanks`


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _parse(number: int, line: str) -> _Line | None:
    """Pieces of a layout line; None when it cannot be a table line (tabs, pipes, prose)."""
    if len(line) > _MAX_LINE or "\t" in line or "|" in line or not line.strip() or _FOOTER.match(line):
        return None
    labels: list[_Piece] = []
    values: list[str] = []
    value_at: list[float] = []
    value_start = None
    col = 0
    pos = 0
    for m in _GAP.finditer(line):
        col += _width(line[pos : m.start()])
        text = m.group()
        w = _width(text)
        parts = text.split(" ") if all(_VALUE.match(p) for p in text.split(" ")) else [text]
        if len(parts) > 1 or _VALUE.match(text):
            if value_start is None:
                value_start = col
            values.extend(parts)
            at = col
            for part in parts:
                value_at.append(at + _width(part) / 2)
                at += _width(part) + 1
        else:
            if values or w > _MAX_LABEL_PIECE * 2:
                return None  # text right of the numbers, or prose
            labels.append(_Piece(col, col + w, text))
        col += w
        pos = m.end()
    return _Line(number, labels, values, value_start, value_at)


_STRETCH_GAP = 6  # lines without numbers that end a table's stretch of rows


def align_blanks(parsed: list[_Line | None]) -> None:
    """Put back the blank cells of rows that have fewer numbers than their table's columns.

    Without separators an empty cell is only a wider gap. The columns are where the numbers of
    the table's full rows sit; a row with fewer numbers whose every number sits in a distinct
    column (within half a column's spacing) gets "" in the columns it leaves empty. Anything
    less clear is left alone (the extraction then reports the row as not readable)."""
    stretch: list[_Line] = []
    gap = 0
    for p in parsed + [None] * (_STRETCH_GAP + 1):
        if p is not None and p.values and p.value_at:
            stretch.append(p)
            gap = 0
            continue
        gap += 1
        if gap > _STRETCH_GAP and stretch:
            _align(stretch)
            stretch = []


def _align(rows: list[_Line]) -> None:
    from collections import Counter

    width = Counter(len(r.values) for r in rows).most_common(1)[0][0]
    full = [r for r in rows if len(r.values) == width]
    if width < 3 or len(full) < 2:
        return
    centres = [sorted(r.value_at[i] for r in full)[len(full) // 2] for i in range(width)]  # type: ignore[index]
    spacing = min(b - a for a, b in zip(centres, centres[1:], strict=False))
    if spacing <= 0:
        return
    for r in rows:
        if not 0 < len(r.values) < width:
            continue
        slots = [min(range(width), key=lambda i: abs(centres[i] - x)) for x in r.value_at]  # type: ignore[union-attr]
        if len(set(slots)) != len(slots) or slots != sorted(slots):
            continue
        if any(abs(centres[i] - x) > spacing / 2 for i, x in zip(slots, r.value_at, strict=True)):  # type: ignore[arg-type]
            continue
        values = [""] * width
        for i, v in zip(slots, r.values, strict=True):
            values[i] = v
        r.values = values
        r.value_at = centres
        r.filled = True


def _official_labels() -> set[str]:
    out: set[str] = set()
    for rows in catalog.TABLE1.values():
        out.update(split_numbering(normalize(r.label))[2] for r in rows)
    for r in catalog.TABLE2_ROWS:
        out.add(split_numbering(normalize(r.label))[2])
        if r.group:
            out.add(split_numbering(normalize(r.group))[2])
    out.update(("其他处理", "总计", "其他"))
    return out


_OFFICIAL = _official_labels()


def _is_official(text: str) -> bool:
    return split_numbering(normalize(text))[2] in _OFFICIAL


def rebuild(lines: list[tuple[int, str]]) -> tuple[list[tuple[int, str | list[str], bool]], int]:
    """The lines with each wrapped layout table replaced by its rows.

    Returns (line number, text or row cells, reassembled) items and the number of tables rebuilt.
    A table is rebuilt only when some of its labels are wrapped; other lines pass unchanged."""
    parsed = [_parse(k, text) for k, (_, text) in enumerate(lines)]  # numbered by index: web pieces share a line
    align_blanks(parsed)
    out: list[tuple[int, str | list[str], bool]] = []
    rebuilt = 0
    for k, payload, reassembled in rebuild_parsed(parsed, list(range(len(lines)))):
        p = parsed[k]
        if payload is None and p is not None and p.filled:
            out.append((lines[k][0], [x.text for x in p.labels] + p.values, False))
        elif payload is None:
            out.append((lines[k][0], lines[k][1], False))
        else:
            out.append((lines[k][0], payload, reassembled))
            rebuilt += 1
    merged, headers = _merge_headers(out)
    return merged, int(rebuilt > 0) + headers


def rebuild_parsed(parsed: list[_Line | None], numbers: list[int]) -> list[tuple[int, str | list[str] | None, bool]]:
    """(line number, rebuilt row cells / group label, reassembled) per output item; payload None:
    the line at that number stays as it is. Shared by layout text and borderless PDF pages."""
    out: list[tuple[int, str | list[str] | None, bool]] = []
    i = 0
    while i < len(parsed):
        run_end = _run(parsed, i)
        if run_end is None:
            out.append((numbers[i], None, False))
            i += 1
            continue
        for a, b in _parts(parsed, i, run_end):
            part = [p for p in parsed[a:b] if p is not None]
            rows = _rows(part) if any(p.values for p in part) and any(not p.values for p in part) else None
            if rows is None:
                out.extend((numbers[k], None, False) for k in range(a, b))
            else:
                out.extend(rows)
        i = run_end
    return out


def _overlaps(a: _Piece, b: _Piece) -> bool:
    return a.start < b.end and b.start < a.end


def _merge_headers(items: list[tuple[int, str | list[str], bool]]) -> tuple[list[tuple[int, str | list[str], bool]], int]:
    """Column headers wrapped over lines (`本年制发` / `件数`): a line whose every piece lies
    under a distinct piece of the header line above (and has no more pieces) continues it."""
    out: list[tuple[int, str | list[str], bool]] = []
    merged = 0
    head: tuple[int, _Line] | None = None  # index in out, parsed header line (pieces joined so far)
    for number, text, rebuilt in items:
        p = _parse(number, text) if isinstance(text, str) and not rebuilt else None
        if p is None or p.values or not p.labels:
            head = None
            out.append((number, text, rebuilt))
            continue
        if head is not None and _continues(head[1], p):
            at, h = head
            for piece in p.labels:
                target = next(x for x in h.labels if _overlaps(x, piece))
                target.text += piece.text
            out[at] = (out[at][0], [x.text for x in h.labels], True)
            merged += 1
            continue
        out.append((number, text, rebuilt))
        # A header row has several cells; a lone line (a heading, a sentence) heads nothing.
        prose = any(x.text.endswith(("。", "；", "：", ":")) for x in p.labels)
        head = (len(out) - 1, p) if len(p.labels) >= 2 and not prose else None
    return out, int(merged > 0)


def _continues(head: _Line, line: _Line) -> bool:
    if len(line.labels) > len(head.labels) or any(_NUMBERED.match(x.text) or x.text.endswith("。") for x in line.labels):
        return False
    used: set[int] = set()
    for piece in line.labels:
        hits = [k for k, x in enumerate(head.labels) if _overlaps(x, piece)]
        if len(hits) != 1 or hits[0] in used:
            return False
        used.add(hits[0])
    return True


def _run(parsed: list[_Line | None], i: int) -> int | None:
    """End of a run of table lines starting at `i` that holds rows with wrapped labels."""
    first = parsed[i]
    if first is None or not first.labels or len(first.labels) > 3:
        return None
    if _HEADER_START.match(first.labels[0].text) or heading_key(first.labels[0].text) is not None:
        return None
    j = i
    anchors = 0
    label_only = 0
    since_anchor = 0
    while j < len(parsed) and parsed[j] is not None:
        p = parsed[j]
        assert p is not None
        if p.values:
            if not p.labels and anchors == 0 and j == i:
                break
            anchors += 1
            since_anchor = 0
        else:
            if not p.labels or any(x.end - x.start > _MAX_LABEL_PIECE or x.text.endswith(("。", "：", ":")) for x in p.labels):
                break
            if _HEADER_START.match(p.labels[0].text) or heading_key(p.labels[0].text) is not None:
                break  # a table's header or a section heading ends the rows
            label_only += 1
            since_anchor += 1
            if since_anchor > _MAX_GAP_LINES:
                break
        j += 1
    # trailing label-only lines belong to the last row only if they continue it; keep them
    if anchors < 1 or label_only == 0:
        return None
    return j


def _parts(parsed: list[_Line | None], i: int, end: int) -> list[tuple[int, int]]:
    """[a, b) ranges of a run cut at header lines: lines whose text reaches into the columns of
    numbers (column headers) are no row labels; they stay as they are, alone."""
    starts = [p.value_start for p in parsed[i:end] if p is not None and p.values and p.value_start]
    if not starts:
        return [(i, end)]
    value_start = min(starts)
    out: list[tuple[int, int]] = []
    a = i
    for k in range(i, end):
        p = parsed[k]
        if p is not None and not p.values and any(x.end > value_start - 2 for x in p.labels):
            if k > a:
                out.append((a, k))
            out.append((k, k + 1))
            a = k + 1
    if a < end:
        out.append((a, end))
    return out


def _rows(run: list[_Line]) -> list[tuple[int, str | list[str], bool]] | None:
    anchors = [k for k, p in enumerate(run) if p.values]
    if not anchors:
        return None
    value_start = min(run[k].value_start or 0 for k in anchors)
    if any(x.end > value_start + 1 for p in run for x in p.labels):
        return None  # label text reaching into the number columns: not a clean layout table
    own_col = {k: _own_col(run, k) for k in anchors}
    # Which label lines belong to which row.
    owner = [None] * len(run)  # anchor index owning each line's own-label piece
    for k in anchors:
        owner[k] = k
    prev = None
    for k in anchors:
        gap = list(range((prev + 1) if prev is not None else 0, k))
        split = _split(run, gap, prev, k, owner, own_col)
        for idx in gap[:split]:
            owner[idx] = prev if prev is not None else k
        for idx in gap[split:]:
            owner[idx] = k
        prev = k
    tail = list(range(anchors[-1] + 1, len(run)))
    for idx in tail:
        owner[idx] = anchors[-1]
    # Split each line into own-label and group pieces.
    own_text: dict[int, list[str]] = {k: [] for k in anchors}
    own_lines: dict[int, int] = {k: 0 for k in anchors}
    own_pieces: dict[int, list[tuple[int, str]]] = {}
    groups: dict[int, list[tuple[int, str]]] = {}  # column start -> (line index, piece)
    for idx, p in enumerate(run):
        k = owner[idx]
        col = own_col.get(k) if k is not None else None
        for piece in p.labels:
            if col is not None and piece.start >= col - 1:
                own_text[k].append(piece.text)  # type: ignore[index]
                own_pieces.setdefault(k, []).append((idx, piece.text))  # type: ignore[arg-type]
                own_lines[k] += 1  # type: ignore[index]
            else:
                groups.setdefault(piece.start, []).append((idx, piece.text))
    group_at: dict[int, list[str]] = {}  # first line index -> joined group labels starting there
    for _, items in sorted(groups.items()):
        run_start, texts, last = None, [], None
        for idx, text in items + [(None, None)]:  # type: ignore[list-item]
            # Pieces of one group label sit on consecutive lines; in a PDF one character per
            # line, with a line of numbers between (then one line may be skipped). A piece that
            # starts like a label ((五 / 四、) starts the next group.
            if idx is not None and last is not None and (idx == last + 1 or (idx == last + 2 and not _GROUP_START.match(text))):
                texts.append(text)
                last = idx
                continue
            if texts:
                group_at.setdefault(run_start, []).append("".join(texts))  # type: ignore[arg-type]
            run_start, texts, last = idx, [text] if text is not None else [], idx
    # A numbered label before the row's own numbered label is a row of its own left blank
    # (`3.危及…` with no numbers, then `4.保护…  0 1 0`): it stays a label without values.
    blank_rows: dict[int, list[str]] = {}
    for k, pieces in own_pieces.items():
        starts = [n for n, (_, text) in enumerate(pieces) if _NUMBERED.match(text)]
        if len(starts) < 2:
            continue
        cuts = [*starts, len(pieces)]
        for a, b in zip(cuts[:-2], cuts[1:-1], strict=False):
            blank_rows.setdefault(pieces[a][0], []).append("".join(t for _, t in pieces[a:b]))
        own_text[k] = [t for _, t in pieces[starts[-1] :]]
        if starts[0] > 0:  # pieces before the first numbered one continue the row above: keep them
            own_text[k] = [t for _, t in pieces[: starts[0]]] + own_text[k]
    out: list[tuple[int, str | list[str], bool]] = []
    for idx, p in enumerate(run):
        for g in group_at.get(idx, []):
            out.append((p.number, g, True))
        for label in blank_rows.get(idx, []):
            out.append((p.number, label, True))
        if idx in own_text:
            label = "".join(own_text[idx])
            out.append((p.number, [label, *p.values], own_lines[idx] > 1))
    return out


def _prefix_of_official(text: str) -> bool:
    rest = split_numbering(normalize(text))[2]
    return not rest or any(o.startswith(rest) for o in _OFFICIAL)


def _own_col(run: list[_Line], k: int) -> int | None:
    """The column of a row's own label: the rightmost label on its line of numbers; when that
    line has none (a PDF centres the numbers between a label's two lines), the rightmost label
    column of the lines right above and below it."""
    near = [run[i].labels[-1].start for i in (k - 1, k + 1) if 0 <= i < len(run) and run[i].labels and not run[i].values]
    if run[k].labels:
        last = run[k].labels[-1]
        # One or two characters right of nothing: maybe a piece of a vertical group label, with
        # the row's own label on the lines around it further right.
        if len(last.text) <= 2 and near and max(near) > last.end:
            return max(near)
        return last.start
    return max(near) if near else None


def _split(
    run: list[_Line], gap: list[int], prev: int | None, anchor: int, owner: list, own_col: dict[int, int | None] | None = None
) -> int:
    """How many of the label lines between two rows continue the row above (the rest start the
    row below): the split after which both rows read as (the start of) official labels, else
    the line that starts with a label's numbering, else none (numbers on a label's last line)."""
    if prev is None or not gap:
        return 0
    col_above = own_col.get(prev) if own_col else None
    col_below = own_col.get(anchor) if own_col else None
    if col_above is None or col_below is None:
        return 0

    def own(idx: int, col: int) -> str:
        return "".join(x.text for x in run[idx].labels if x.start >= col - 1)

    base = "".join(own(i, col_above) for i in range(len(run)) if owner[i] == prev and i <= prev)
    anchor_text = own(anchor, col_below)
    best, best_s = -1, 0
    for s in range(len(gap) + 1):
        above = base + "".join(own(i, col_above) for i in gap[:s])
        below = "".join(own(i, col_below) for i in gap[s:]) + anchor_text
        score = (2 if _is_official(above) else 0) + (2 if _is_official(below) else 1 if _prefix_of_official(below) else 0)
        if s < len(gap) and _NUMBERED.match(own(gap[s], col_below)):
            score += 0.5  # the row below starts with its numbering
        if s > 0 and _NUMBERED.match(own(gap[s - 1], col_above)) and s - 1 > 0:
            score -= 1  # a numbered line inside the row above: it starts another row
        if score > best:
            best, best_s = score, s
    return best_s
