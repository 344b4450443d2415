"""One wrapped layout table rebuilt row by row (see `layout`): which label lines belong to
which row of numbers, which pieces are the row's own label and which a cut group label."""

from __future__ import annotations

from annual_report.extract.normalize import normalize, split_numbering
from annual_report.readers.layout_lines import GROUP_START, NUMBERED, OFFICIAL, Line, is_official

Item = tuple[int, str | list[str], bool]  # (line number, row cells or group label, reassembled)


def rebuild_rows(run: list[Line], text_layout: bool = False) -> list[Item] | None:
    """The rows of a run of layout lines. `text_layout`: pdftotext -layout text, whose lines
    are the page's lines in order (a label bounded by numberings is whole); a PDF page's
    visual lines are not trusted that far."""
    anchors = [k for k, p in enumerate(run) if p.values]
    if not anchors:
        return None
    value_start = min(run[k].value_start or 0 for k in anchors)
    if any(x.end > value_start + 1 for p in run for x in p.labels):
        return None  # label text reaching into the number columns: not a clean layout table
    own_col = {k: _own_col(run, k) for k in anchors}
    owner = _owners(run, anchors, own_col)
    # Split each line into own-label and group pieces.
    own_lines: dict[int, int] = {k: 0 for k in anchors}
    own_pieces: dict[int, list[tuple[int, str]]] = {k: [] for k in anchors}
    groups: dict[int, list[tuple[int, str]]] = {}  # column start -> (line index, piece)
    for idx, p in enumerate(run):
        k = owner[idx]
        col = own_col.get(k)
        for piece in p.labels:
            if col is not None and piece.start >= col - 1:
                own_pieces[k].append((idx, piece.text))
                own_lines[k] += 1
            else:
                groups.setdefault(piece.start, []).append((idx, piece.text))
    group_at = _join_groups(groups)
    own_text, blank_rows = _blank_rows(own_pieces)
    closed = _closed(own_text, anchors) if text_layout else set()
    out: list[Item] = []
    for idx, p in enumerate(run):
        for g in group_at.get(idx, []):
            out.append((p.number, g, True))
        for label in blank_rows.get(idx, []):
            out.append((p.number, label, True))
        if idx in own_text:
            label = "".join(own_text[idx])
            out.append((p.number, [label, *p.values], own_lines[idx] > 1 and idx not in closed))
    return out


def _closed(own_text: dict[int, list[str]], anchors: list[int]) -> set[int]:
    """Rows whose wrapped label is certainly whole: it starts with its numbering and the next
    row's label starts with the next numbering, so every line between is this label's. Such a
    label is the report's wording as written (read cleanly), only wrapped by the page width."""
    out: set[int] = set()
    for k, nxt in zip(anchors, anchors[1:], strict=False):
        mine, theirs = own_text.get(k) or [""], own_text.get(nxt) or [""]
        if NUMBERED.match(mine[0]) and NUMBERED.match(theirs[0]):
            out.add(k)
    return out


def _owners(run: list[Line], anchors: list[int], own_col: dict[int, int | None]) -> list[int]:
    """The anchor (line of numbers) each line's own-label piece belongs to."""
    owner = [anchors[0]] * len(run)
    for k in anchors:
        owner[k] = k
    prev: int | None = None
    for k in anchors:
        gap = list(range((prev + 1) if prev is not None else 0, k))
        split = _split(run, gap, prev, k, owner, own_col)
        for idx in gap[:split]:
            owner[idx] = prev if prev is not None else k
        for idx in gap[split:]:
            owner[idx] = k
        prev = k
    for idx in range(anchors[-1] + 1, len(run)):
        owner[idx] = anchors[-1]
    return owner


def _join_groups(groups: dict[int, list[tuple[int, str]]]) -> dict[int, list[str]]:
    """First line index -> the group labels whose pieces start there, joined.

    Pieces of one group label sit on consecutive lines; in a PDF one character per line, with
    a line of numbers between (then one line may be skipped). A piece that starts like a label
    ((五 / 四、) starts the next group."""
    group_at: dict[int, list[str]] = {}
    for _, items in sorted(groups.items()):
        run_start, texts, last = items[0][0], [items[0][1]], items[0][0]
        for idx, text in items[1:]:
            if idx == last + 1 or (idx == last + 2 and not GROUP_START.match(text)):
                texts.append(text)
                last = idx
                continue
            group_at.setdefault(run_start, []).append("".join(texts))
            run_start, texts, last = idx, [text], idx
        group_at.setdefault(run_start, []).append("".join(texts))
    return group_at


def _blank_rows(own_pieces: dict[int, list[tuple[int, str]]]) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """(own label pieces per row, blank rows per line). A numbered label before the row's own
    numbered label is a row of its own left blank (`3.危及…` with no numbers, then
    `4.保护…  0 1 0`): it stays a label without values."""
    own_text = {k: [t for _, t in pieces] for k, pieces in own_pieces.items()}
    blank_rows: dict[int, list[str]] = {}
    for k, pieces in own_pieces.items():
        starts = [n for n, (_, text) in enumerate(pieces) if NUMBERED.match(text)]
        if len(starts) < 2:
            continue
        cuts = [*starts, len(pieces)]
        segments = list(zip(cuts[:-1], cuts[1:], strict=True))
        # the label whose lines hold the row's numbers is the row's; the others are rows left blank
        own = next((seg for seg in segments if any(idx == k for idx, _ in pieces[seg[0] : seg[1]])), segments[-1])
        for a, b in segments:
            if (a, b) != own:
                blank_rows.setdefault(pieces[a][0], []).append("".join(t for _, t in pieces[a:b]))
        own_text[k] = [t for _, t in pieces[own[0] : own[1]]]
        if starts[0] > 0:  # pieces before the first numbered one continue the row above: keep them
            own_text[k] = [t for _, t in pieces[: starts[0]]] + own_text[k]
    for k, pieces in own_pieces.items():
        texts = own_text[k]
        cut = _whole_labels_cut(texts) if texts == [t for _, t in pieces] else None
        if not cut:
            continue
        # Two whole labels, not one wrapped: the one on the line of numbers (`行政处罚  0`) is
        # the row, the other (`行政强制`, above or below it) a row left blank.
        if any(idx == k for idx, _ in pieces[:cut]):
            blank_rows.setdefault(pieces[cut][0], []).append("".join(texts[cut:]))
            own_text[k] = texts[:cut]
        else:
            blank_rows.setdefault(pieces[0][0], []).append("".join(texts[:cut]))
            own_text[k] = texts[cut:]
    return own_text, blank_rows


def _whole_labels_cut(texts: list[str]) -> int | None:
    """Where a row's label lines hold two whole unnumbered official labels (table 1's rows
    have no numbering to tell them apart), the first one a row left blank."""
    for n in range(1, len(texts)):
        head, tail = "".join(texts[:n]), "".join(texts[n:])
        if not NUMBERED.match(head) and is_official(head) and is_official(tail) and not NUMBERED.match(tail):
            return n
    return None


def _prefix_of_official(text: str) -> bool:
    rest = split_numbering(normalize(text))[2]
    return not rest or any(o.startswith(rest) for o in OFFICIAL)


def _own_col(run: list[Line], k: int) -> int | None:
    """The column of a row's own label: the rightmost label on its line of numbers; when that
    line has none (a PDF centres the numbers between a label's two lines), the rightmost label
    column of the lines right above and below it."""
    if run[k].labels:
        last = run[k].labels[-1]
        # One or two characters right of nothing: maybe a piece of a vertical group label, with
        # the row's own label on the lines around it further right. Not a label numbered below:
        # that starts the next row (`）  0 0 …` ends `（二）部分公开（…`; `1.属于国家秘` below is
        # a row left blank).
        around = _label_starts_around(run, k, numbered_below=False)
        if len(last.text) <= 2 and around and max(around) > last.end:
            return max(around)
        return last.start
    near = _label_starts_around(run, k, numbered_below=True)
    return max(near) if near else None


def _label_starts_around(run: list[Line], k: int, *, numbered_below: bool) -> list[int]:
    """Where the last labels of the label lines right above and below line `k` start (lines
    without numbers); `numbered_below`: also a numbered one below."""
    return [
        run[i].labels[-1].start
        for i in (k - 1, k + 1)
        if 0 <= i < len(run)
        and run[i].labels
        and not run[i].values
        and (numbered_below or i < k or not NUMBERED.match(run[i].labels[-1].text))
    ]


def _split(
    run: list[Line], gap: list[int], prev: int | None, anchor: int, owner: list, own_col: dict[int, int | None] | None = None
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
    best: float = -1
    best_s = 0
    for s in range(len(gap) + 1):
        above = base + "".join(own(i, col_above) for i in gap[:s])
        below = "".join(own(i, col_below) for i in gap[s:]) + anchor_text
        score: float = (2 if is_official(above) else 0) + (2 if is_official(below) else 1 if _prefix_of_official(below) else 0)
        if s < len(gap) and NUMBERED.match(own(gap[s], col_below)):
            score += 0.5  # the row below starts with its numbering
        if s > 0 and NUMBERED.match(own(gap[s - 1], col_above)) and s - 1 > 0:
            score -= 1  # a numbered line inside the row above: it starts another row
        if score > best:
            best, best_s = score, s
    return best_s
