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

from annual_report.extract.labels import match_group
from annual_report.extract.normalize import normalize, split_numbering
from annual_report.extract.sections import heading_key
from annual_report.readers.flat import is_furniture
from annual_report.readers.layout_lines import MAX_LABEL_PIECE, NUMBERED, Line, Piece, continues, overlaps, parse_line
from annual_report.readers.layout_rows import rebuild_rows
from annual_report.readers.streamrows import row_label

_NOT_LABEL = re.compile(r" {2,}|\u3000|\t|[|｜#*>]")  # cells apart, pipes, markdown: no piece of a label
_CJK = re.compile(r"[\u4e00-\u9fff]")
_DIGIT = re.compile(r"[0-9０-９]")
_HEADER_START = re.compile(r"^(?:第二十条|信息内容|申请人情况|[（(]本列数据|行政复议|行政诉讼)")
_MAX_GAP_LINES = 14
_TABLE_START = re.compile(r"^(?:第二十条|申请人情况|[（(]本列数据|[一二三四五六]、|第[一二三四五六]部分)")


_STRETCH_GAP = 6  # lines without numbers that end a table's stretch of rows


def align_blanks(parsed: list[Line | None], *, by_header: bool = False) -> None:
    """Put back the blank cells of rows that have fewer numbers than their table's columns.

    Without separators an empty cell is only a wider gap. The columns are where the numbers of
    the table's full rows sit; a row with fewer numbers whose every number sits in a distinct
    column (within half a column's spacing) gets "" in the columns it leaves empty. Anything
    less clear is left alone (the extraction then reports the row as not readable).
    `by_header` (layout text): a row right under a header row takes that header's columns."""
    stretch: list[Line] = []
    gap = 0
    for p in parsed + [None] * (_STRETCH_GAP + 1):
        if p is not None and p.values and p.value_at:
            stretch.append(p)
            gap = 0
            continue
        if _label_piece_line(p, stretch):
            continue  # a label wrapped over many narrow lines: no gap between its table's rows
        gap += 1
        if gap > _STRETCH_GAP and stretch:
            _align(stretch, parsed if by_header else None)
            stretch = []


_PIECE_SLACK = 2  # display columns a wrapped label's piece may stray from the label column


def _label_piece_line(p: Line | None, stretch: list[Line]) -> bool:
    """A line of label pieces alone within the label columns of the stretch's rows (`无正当理`,
    `（六）  2.申请人`): a piece of a row's wrapped label, not prose, a heading or a header
    between two tables (those are wider, start a table or stand over the number columns)."""
    if p is None or p.values or not p.labels or not stretch:
        return False
    pieces = [x for r in stretch for x in r.labels]
    if not pieces:
        return False
    left = min(x.start for x in pieces) - _PIECE_SLACK
    right = max(x.end for x in pieces) + _PIECE_SLACK
    return all(left <= x.start and x.end <= right and not _TABLE_START.match(x.text) for x in p.labels)


def _align(rows: list[Line], parsed: list[Line | None] | None) -> None:
    """Blank cells placed by the header cells right above a row, else by the columns where the
    numbers of the stretch's full rows sit."""
    from collections import Counter

    width = Counter(len(r.values) for r in rows).most_common(1)[0][0]
    full = [r for r in rows if len(r.values) == width]
    centres: list[float] = []
    if width >= 3 and len(full) >= 2:
        centres = [sorted(r.value_at[i] for r in full)[len(full) // 2] for i in range(width)]  # type: ignore[index]  # parsed lines always carry value_at (layout_lines.parse sets it)
    spacing = min((b - a for a, b in zip(centres, centres[1:], strict=False)), default=0)
    for r in rows:
        if not r.values or (parsed is not None and _align_by_header(parsed, r)) or spacing <= 0 or len(r.values) >= width:
            continue
        slots = [min(range(width), key=lambda i: abs(centres[i] - x)) for x in r.value_at]  # type: ignore[union-attr]  # parsed lines always carry value_at (layout_lines.parse sets it)
        if len(set(slots)) != len(slots) or slots != sorted(slots):
            continue
        if any(abs(centres[i] - x) > spacing / 2 for i, x in zip(slots, r.value_at, strict=True)):  # type: ignore[arg-type]  # parsed lines always carry value_at (layout_lines.parse sets it)
            continue
        _fill(r, slots, centres)


def _fill(r: Line, slots: list[int], centres: list[float]) -> None:
    values = [""] * len(centres)
    for i, v in zip(slots, r.values, strict=True):
        values[i] = v
    r.values = values
    r.value_at = centres
    r.filled = True
    if r.value_start is not None:  # a blank first cell: the number columns start at its column
        r.value_start = min(r.value_start, int(min(centres)) - 1)


_HEADER_REACH = 10  # lines above a row to its table's header (a vertical header: one character a line)


def _align_by_header(parsed: list[Line | None], row: Line) -> bool:
    """A row under its table's header (a small table such as 政府集中采购, whose one of two
    numbers the stretch's wider rows would misplace): the columns are the header cells above
    it, past the table's full rows and the lower lines of a wrapped header (`组织  机构`,
    a vertical header's `数  量`), which hold fewer cells than the row has numbers. Every
    number must sit under a distinct header cell, in order; else the row is left alone. True
    when such a header was found (whatever it decided)."""
    if not row.value_at or row.filled:
        return False
    label_end = row.labels[-1].end if row.labels else -1  # table 3's numbers have no label
    for k in range(row.number - 1, max(-1, row.number - 1 - _HEADER_REACH), -1):
        above = parsed[k]
        if above is None or (above.labels and _TABLE_START.match(above.labels[0].text)):
            return False  # past a sub-table's band or a table's first line: no header of this row
        if above.values:
            if len(above.values) <= len(row.values):
                return False
            continue  # a full row of the same table
        heads = [x for x in above.labels if x.start > label_end]
        if len(heads) <= len(row.values):
            continue
        slots = []
        for x in row.value_at:
            under = [i for i, h in enumerate(heads) if h.start - 1 <= x <= h.end + 1]
            if len(under) != 1:
                return True
            slots.append(under[0])
        if len(set(slots)) == len(slots) and slots == sorted(slots):
            _fill(row, slots, [(h.start + h.end) / 2 for h in heads])
        return True
    return False


def rebuild(lines: list[tuple[int, str]]) -> tuple[list[tuple[int, str | list[str], bool]], int]:
    """The lines with each wrapped layout table replaced by its rows.

    Returns (line number, text or row cells, reassembled) items and the number of tables rebuilt.
    A table is rebuilt only when some of its labels are wrapped; other lines pass unchanged."""
    parsed = [parse_line(k, text) for k, (_, text) in enumerate(lines)]  # numbered by index: web pieces share a line
    align_blanks(parsed, by_header=True)
    out: list[tuple[int, str | list[str], bool]] = []
    rebuilt = 0
    for k, payload, reassembled in rebuild_parsed(parsed, list(range(len(lines))), text_layout=True):
        p = parsed[k]
        if payload is None and p is not None and p.filled:
            out.append((lines[k][0], [x.text for x in p.labels] + p.values, False))
        elif payload is None:
            out.append((lines[k][0], lines[k][1], False))
        else:
            out.append((lines[k][0], payload, reassembled))
            rebuilt += 1
    merged, headers = _merge_headers(out)
    return _join_blank_labels(merged), int(rebuilt > 0) + headers


_MAX_BLANK_LABEL_LINES = 3


def _join_blank_labels(items: list[tuple[int, str | list[str], bool]]) -> list[tuple[int, str | list[str], bool]]:
    """A row left blank whose label is wrapped (`行政事业` / `性收费`, no number beside it): no
    number anchors it as a row, so its lines are joined here when together, and not alone, they
    make a row label (marked reassembled: the joining is ours)."""
    out: list[tuple[int, str | list[str], bool]] = []
    i = 0
    while i < len(items):
        for k in range(min(_MAX_BLANK_LABEL_LINES, len(items) - i), 1, -1):
            run = items[i : i + k]
            texts = [t.strip() for _, t, rebuilt in run if isinstance(t, str) and not rebuilt and _label_piece(t)]
            if len(texts) == k and _wrapped_label(texts):
                out.append((run[0][0], "".join(texts), True))
                i += k
                break
        else:
            out.append(items[i])
            i += 1
    return out


def _wrapped_label(texts: list[str]) -> bool:
    """Pieces of one row label: the first starts it (no group label, no row label alone), the
    others continue it (no numbering, no number, no group label), together a row label."""
    first, rest = texts[0], texts[1:]
    if row_label(first) is not None or match_group(normalize(first)) is not None or _DIGIT.search(split_numbering(first)[2]):
        return False
    if any(NUMBERED.match(t) or _DIGIT.search(t) or match_group(normalize(t)) is not None for t in rest):
        return False
    return row_label("".join(texts)) is not None


def _label_piece(text: str) -> bool:
    """A line that can be a piece of a wrapped label: one short piece at the line's start."""
    s = text.rstrip()
    return bool(_CJK.search(s)) and not s[0].isspace() and len(s) <= _MAX_HEADER_PIECE and not _NOT_LABEL.search(s) and not _prose_piece(s)


def rebuild_parsed(
    parsed: list[Line | None], numbers: list[int], *, text_layout: bool = False
) -> list[tuple[int, str | list[str] | None, bool]]:
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
            rows = rebuild_rows(part, text_layout) if any(p.values for p in part) and any(not p.values for p in part) else None
            if rows is None:
                out.extend((numbers[k], None, False) for k in range(a, b))
            else:
                out.extend(rows)
        i = run_end
    return out


def _merge_headers(items: list[tuple[int, str | list[str], bool]]) -> tuple[list[tuple[int, str | list[str], bool]], int]:
    """Column headers wrapped over lines (`本年制发` / `件数`): a line whose every piece lies
    under a distinct piece of the header line above (and has no more pieces) continues it."""
    out: list[tuple[int, str | list[str], bool]] = []
    merged = 0
    head: tuple[int, Line] | None = None  # index in out, parsed header line (pieces joined so far)
    for number, text, rebuilt in items:
        p = parse_line(number, text) if isinstance(text, str) and not rebuilt else None
        if p is None or p.values or not p.labels:
            head = None
            out.append((number, text, rebuilt))
            continue
        if head is not None and continues(head[1], p) and not any(_prose_piece(x.text) or _under_whole(head[1], x) for x in p.labels):
            at, h = head
            for piece in p.labels:
                target = next(x for x in h.labels if overlaps(x, piece))
                target.text += piece.text
            out[at] = (out[at][0], [x.text for x in h.labels], True)
            merged += 1
            continue
        out.append((number, text, rebuilt))
        # A header row has several cells; a lone line (a heading, a sentence) heads nothing.
        prose = any(x.text.endswith(("。", "；", "：", ":")) for x in p.labels)
        numbered = _HEADING_NUMBER.match(p.labels[0].text) is not None  # 一　总体情况: a heading
        furniture = isinstance(text, str) and is_furniture(text)  # 发布时间：…　信息来源：… heads no 文号 below it
        head = (len(out) - 1, p) if len(p.labels) >= 2 and not prose and not numbered and not furniture else None
    return out, int(merged > 0)


_HEADING_NUMBER = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.．]?|[（(][一二三四五六七八九十]{1,3}[）)]|第[一二三四五六七八九十]{1,3}部分|\d{1,2}[、.．]?)$"
)
_MAX_HEADER_PIECE = 12  # characters of a header cell's wrapped part (件数, （单位：万元）)


# Header cells that are whole as written: nothing under them continues them. Under 信息内容 the
# rows' labels start (a row left blank has no number to show it is a row: `行政事业` / `性收费`).
_WHOLE_HEADER_CELLS = frozenset({"信息内容", "申请人情况"})


def _under_whole(head: Line, piece: Piece) -> bool:
    return any(overlaps(x, piece) and x.text in _WHOLE_HEADER_CELLS for x in head.labels)


def _prose_piece(text: str) -> bool:
    return len(text) > _MAX_HEADER_PIECE or any(ch in text for ch in "，。；")


def _run(parsed: list[Line | None], i: int) -> int | None:
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
            if not p.labels or any(x.end - x.start > MAX_LABEL_PIECE or x.text.endswith(("。", "：", ":")) for x in p.labels):
                break
            if _HEADER_START.match(p.labels[0].text) or heading_key(p.labels[0].text) is not None:
                break  # a table's header or a section heading ends the rows
            label_only += 1
            # a numbered label (`2.申请人…`, a row left blank) starts a row: count from it, as a
            # long blank label between two long wrapped ones is still the table's
            since_anchor = 1 if anchors and NUMBERED.match(p.labels[-1].text) else since_anchor + 1
            if since_anchor > _MAX_GAP_LINES:
                break
        j += 1
    # trailing label-only lines belong to the last row only if they continue it; keep them
    if anchors < 1 or label_only == 0:
        return None
    return j


def _parts(parsed: list[Line | None], i: int, end: int) -> list[tuple[int, int]]:
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
