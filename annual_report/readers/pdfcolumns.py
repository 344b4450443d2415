"""Tables without ruling lines on a PDF page, rebuilt from word positions.

Without rules, the only structure left is where the words are: a row of numbers anchors a row,
its label sits to the left, wrapped over lines above or below it, and group labels
(`（三）不予公开`, `三、本年度办理结果`) sit in columns further left, cut into pieces beside their
rows. The words of each visual line are turned into the same pieces `layout` uses for
`pdftotext -layout` text (positions in half-character units), so both get one reconstruction:
row labels joined in their own column, group labels joined in theirs, a number never glued to
a label (`行政许可 208`), neighbouring cells never merged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from annual_report.document import Block
from annual_report.extract.sections import heading_key
from annual_report.model import Source
from annual_report.readers import layout_lines, pdfblanks, pdfcarry, pdfrows, pdfwords
from annual_report.readers.cjk import fix_cjk

_NUMBER = pdfwords.NUMBER
# … and a change word whose number its narrow cell wrapped onto the next page (`增` | `1`),
# which `pdfcontinued` joins back.
_NON_NUMBER = re.compile(r"^(?:[-—–－/／\\…]+|无|空|增加?|减少?)$")
_TAIL = re.compile(r"[-—–－/／\\]+$")  # a placeholder glued to the end of a label word
_BAND = pdfcarry.BAND  # the band over a part of table 1
_LABEL_CELL = re.compile(r"^(?:信息内容|[（(]本列数据)")  # a header's cell over the label column
_HEADER_REACH = 12  # lines: a header is at most this far above its table's first row
_LONE_ROW = 5  # numbers on one line: a table row even alone (table 3's one row, a row before a page break)
_PIECE_GAP = 0.5  # a gap of less than this many character widths joins two words into one cell


def table_blocks(
    words: list[dict], lines: list[dict], page_number: int, chars: list[dict] | None = None, carry: list[list[dict]] | None = None
) -> tuple[list[Block], list[dict]] | None:
    """Row and group-label blocks of the borderless tables of a page, and the text lines left
    for the prose; None when the page has no such table. `chars` (the words' characters) let
    a word that runs over a column edge be cut there. `carry`: the words of a header that
    ended the previous page with no row under it (its rows' blank cells are placed by it),
    replaced by this page's."""
    visual = pdfwords.visual_lines(words)
    above = list(carry or [])
    if carry is not None:
        carry.clear()
    counts = [sum(1 for w in v if _NUMBER.match(w["text"])) for v in visual]
    alone = sum(1 for n in counts if n) < 2 and max(counts, default=0) < _LONE_ROW
    if alone and not _official_row(visual) and not row_under_header([" ".join(w["text"] for w in v) for v in visual]):
        if carry is not None:  # no rows here, but a header at the page's foot places the next page's
            carry.extend(pdfblanks.header_at_foot(visual))
        return None
    unit = pdfwords.unit(words)
    units: list[dict] = []
    visual = pdfwords.units_under_numbers([pdfwords.touching(v) for v in visual], units)
    edges = pdfwords.edges(visual)
    if chars:
        visual = [pdfwords.split_at_edges(v, chars, edges) for v in visual]
    # the columns of numbers under each line: a header's cells stand over those of its table's first rows
    parsed = [_as_line(k, v, unit, edges, pdfwords.value_columns(visual, k + 1)) for k, v in enumerate(visual)]
    _placeholders_in_columns(parsed)
    tops = [min(w["top"] for w in v) for v in visual]
    bottoms = [max(w["bottom"] for w in v) for v in visual]
    sizes = [max(w["bottom"] - w["top"] for w in v) for v in visual]
    columns = pdfwords.value_columns(visual)  # under the header lines carried from the page before
    seen = _without_row_labels(parsed, tops, bottoms, sizes)
    pdfblanks.place_blanks([_as_line(-1, v, unit, edges, columns) for v in above] + pdfcarry.under_carried(seen, above))
    if carry is not None:
        carry.extend(pdfcarry.carried(parsed, seen, visual, above))
    items = pdfrows.rebuild(parsed, tops, bottoms, sizes)
    blocks: list[Block] = []
    used: set[int] = set()
    for k, payload, reassembled in items:
        p = parsed[k]
        box = _box(visual[k])
        src = Source(page=page_number, box=box)
        if payload is not None:
            used.add(k)
            if isinstance(payload, list):
                blocks.append(Block("row", [fix_cjk(c) for c in payload], src, reassembled=reassembled))
            else:
                blocks.append(Block("text", [fix_cjk(payload)], src, reassembled=reassembled))
        elif p is not None and p.values and (len(p.values) >= 3 or _label_like(p)) and not _sentence(p):
            used.add(k)
            cells = [fix_cjk(x.text) for x in p.labels] + p.values
            blocks.append(Block("row", cells, src))
    blocks.extend(_headers(parsed, visual, items, page_number, used))
    # Lines of a rebuilt stretch are not items of their own: they went into its rows.
    untouched = {k for k, payload, _ in items if payload is None}
    used |= set(range(len(visual))) - untouched
    spans = [(min(w["top"] for w in visual[k]), max(w["bottom"] for w in visual[k])) for k in used]
    spans += [(w["top"], w["bottom"]) for w in units]
    rest = [ln for ln in lines if not any(top - 1 <= (ln["top"] + ln["bottom"]) / 2 <= bottom + 1 for top, bottom in spans)]
    return blocks, rest


def _without_row_labels(
    parsed: list[layout_lines.Line | None], tops: list[float], bottoms: list[float], sizes: list[float]
) -> list[layout_lines.Line | None]:
    """The lines as `pdfblanks` should see them: a line without numbers inside a stretch of
    table lines (`pdfrows.stretch_end`, as `pdfrows.rebuild` finds them) keeps its place but not
    its pieces. It is a row or group label, never a header (a header cell reaches into the
    columns of numbers, a header line starts with a header word: either ends a stretch); between
    a header and the first row it is that row's (`理结` / `果` / `1.申请人无正当理由逾`, under a
    header Word repeated atop the page), no header cell over a column of its own."""
    out = list(parsed)
    i = 0
    while i < len(parsed):
        end = pdfrows.stretch_end(parsed, tops, bottoms, sizes, i)
        for k in range(i, end or i):
            p = parsed[k]
            if p is not None and not p.values:
                out[k] = layout_lines.Line(p.number, [], [], None)
        i = end or i + 1
    return out


def _official_row(visual: list[list[dict]]) -> bool:
    """An official row label and its numbers: one row of table 1 left alone on a page, its label
    maybe wrapped onto the line above or below its number's (`行政事业性 0` / `收费`)."""
    labels = ["".join(w["text"] for w in words if not _NUMBER.match(w["text"])) for words in visual]
    numbered = [any(_NUMBER.match(w["text"]) for w in words) for words in visual]
    alone = any(has and layout_lines.is_official(label) for label, has in zip(labels, numbered))
    return alone or layout_lines.wraps_official(labels, numbered)


def row_under_header(texts: list[str]) -> bool:
    """A row of table 1 (a label, then its number) within two lines under its header line
    (`信息内容  本年收费金额…`): a one-row part alone on a page, its label maybe misspelt
    (`行业事业性收费  0`)."""
    for k, text in enumerate(texts):
        if not text.replace(" ", "").startswith("信息内容"):
            continue
        for below in texts[k + 1 : k + 3]:
            tokens = below.split()
            if len(tokens) >= 2 and _NUMBER.match(tokens[-1]) and re.match(r"^[\u4e00-\u9fff]", tokens[0]):
                return True
    return False


def _label_like(p: layout_lines.Line) -> bool:
    """A row label, not the end of a sentence that happens to end in a number (共计 95)."""
    return all(len(x.text) <= 20 and not re.search(r"[，。；,;]", x.text) for x in p.labels)


def _sentence(p: layout_lines.Line) -> bool:
    """A line of prose that ends in a number (`…本年度收取信息处理费 0` / `元。`): a full stop
    before it, which no row label holds, however many blank cells of a table above stand
    beside its number (`pdfblanks` places them by the columns)."""
    return any("。" in x.text for x in p.labels)


def _headers(parsed, visual, items, page_number: int, used: set[int]) -> list[Block]:
    """Column headers (lines of several short labels, no numbers) as rows, a header wrapped over
    lines (`结果维` / `持`) joined by column: a line continues the cells it stands under only
    right after their last lines (a cell wraps at its line spacing; the rest of a row label a
    page break cut prints under a header repeated atop the page, lines below `信息内容`)."""
    out: list[Block] = []
    head = None  # (block, parsed line with joined pieces)
    reach: dict[int, float] = {}  # id of a header piece: the bottom of its last line
    for n, (k, payload, _) in enumerate(items):
        p = parsed[k]
        if payload is not None or p is None or p.values or len(p.labels) < 1 or k in used:
            head = None
            continue
        # A line of one long piece is prose; beside other cells, header cells that touch may
        # have been read as one (`本年新制作数量本年新公开数量…`).
        widest = 80 if len(p.labels) >= 2 else 40
        if any(x.end - x.start > widest or _prose_like(x.text) for x in p.labels):
            head = None
            continue
        if (
            heading_key(" ".join(x.text for x in p.labels)) is not None
            or _BAND.match(p.labels[0].text)
            or not _before_rows(items[n + 1 :], parsed)
        ):
            head = None
            continue
        top, bottom = min(w["top"] for w in visual[k]), max(w["bottom"] for w in visual[k])
        if (
            head is not None
            and not any(layout_lines.overlaps(x, y) for x in p.labels for y in head[1].labels)
            and not _in_label_column(p, head[1])
        ):
            # A cell of the same header row centred on another line (信息内容 beside 本年制发/件数).
            pieces = [layout_lines.Piece(x.start, x.end, x.text) for x in p.labels]
            reach.update((id(x), bottom) for x in pieces)
            head[1].labels = sorted(head[1].labels + pieces, key=lambda x: x.start)
            head[0].cells = [fix_cjk(x.text) for x in head[1].labels]
            used.add(k)
            continue
        if head is not None and _goes_on(head, p, top, bottom, reach):
            used.add(k)
            continue
        if len(p.labels) < 2 and not _beside_header(p, parsed, items[n + 1 : n + 4]):
            head = None
            continue
        joined = layout_lines.Line(k, [layout_lines.Piece(x.start, x.end, x.text) for x in p.labels], [], None)
        reach.update((id(x), bottom) for x in joined.labels)
        # Header cells found by word positions: their ends are our cut, not the report's wording.
        block = Block("row", [fix_cjk(x.text) for x in p.labels], Source(page=page_number, box=_box(visual[k])), reassembled=True)
        out.append(block)
        used.add(k)
        head = (block, joined)
    return out


def _goes_on(head: tuple[Block, layout_lines.Line], p: layout_lines.Line, top: float, bottom: float, reach: dict[int, float]) -> bool:
    """`p` goes on with header cells right above it (each of its pieces under one cell, a cell's
    next line: within a line's height of the cell's last), its other pieces (`其他` beside
    `服务` under `法律`) cells of the same header row centred on this line: joined into `head`."""
    going_on = [x for x in p.labels if any(layout_lines.overlaps(x, y) for y in head[1].labels)]
    beside = [x for x in p.labels if all(x is not y for y in going_on)]
    if not going_on or not layout_lines.continues(head[1], layout_lines.Line(p.number, going_on, [], None)):
        return False
    if beside and (
        _in_label_column(layout_lines.Line(p.number, beside, [], None), head[1])
        or any(layout_lines.NUMBERED.match(x.text) or x.text.endswith("。") for x in beside)
    ):
        return False
    targets = [next(x for x in head[1].labels if layout_lines.overlaps(x, piece)) for piece in going_on]
    if not all(top - reach.get(id(x), top) < bottom - top for x in targets):
        return False
    for piece, target in zip(going_on, targets, strict=True):
        target.text += piece.text
        reach[id(target)] = bottom
    pieces = [layout_lines.Piece(x.start, x.end, x.text) for x in beside]
    reach.update((id(x), bottom) for x in pieces)
    head[1].labels = sorted(head[1].labels + pieces, key=lambda x: x.start)
    head[0].cells = [fix_cjk(x.text) for x in head[1].labels]
    head[0].reassembled = True
    return True


def _in_label_column(p: layout_lines.Line, head: layout_lines.Line) -> bool:
    """Every piece of `p` stands left of the header's first value cell, and the header has its
    label column's cell (`信息内容`): a header row has one cell per column, so `p` is no cell of
    it (the rest of a row label a page break cut, under a header repeated atop the page)."""
    label = [x for x in head.labels if _LABEL_CELL.match(x.text)]
    values = [x for x in head.labels if not _LABEL_CELL.match(x.text)]
    return bool(label and values) and all(x.end <= min(v.start for v in values) for x in p.labels)


def _before_rows(following: list, parsed: list) -> bool:
    """A header stands over its table: a row of numbers follows within a few lines, before any
    prose (the document number beside a title's first line is no header), or the page ends
    (the table goes on on the next page), or the band of table 1's next part follows (a header
    Word repeated atop a page whose rows the page before holds, the rest of a row label a page
    break cut under it)."""
    for k, payload, _ in following[:_HEADER_REACH]:
        q = parsed[k]
        if isinstance(payload, list) or (q is not None and q.values):
            return True
        if q is None:
            continue  # a page number, a line that is no table line
        if q.labels and _BAND.match(q.labels[0].text):
            return True
        if any(x.end - x.start > 40 or _prose_like(x.text) for x in q.labels) or heading_key(" ".join(x.text for x in q.labels)):
            return False
    return len(following) < _HEADER_REACH


def _prose_like(text: str) -> bool:
    """Punctuation of a sentence outside brackets (a header may say `（单位：万元）`)."""
    # A header wrapped inside its brackets: `本年收费金额（单位` / `：万元）`.
    outside = re.sub(r"[（(][^）)]*[）)]?", "", re.sub(r"^[^（(，。；,;]*[）)]", "", text))
    return re.search(r"[，。；,;：:]", outside) is not None


def _beside_header(p: layout_lines.Line, parsed: list, following: list) -> bool:
    """A lone piece (`上一`) whose header cell is centred above the cells of a line below it
    (`信息内容  本年增/减`): the lines between continue it (`年项`), that line holds other short
    cells, none under this piece (a band of table 1's next part is no header line)."""
    for k, payload, _ in following:
        q = parsed[k]
        if payload is not None or q is None or q.values or not q.labels or _BAND.match(q.labels[0].text):
            return False
        if any(x.end - x.start > 40 or _prose_like(x.text) for x in q.labels):
            return False
        if not any(layout_lines.overlaps(x, y) for x in p.labels for y in q.labels):
            return True
        if len(q.labels) > 1:
            return False
    return False


def _as_line(
    k: int, words: list[dict], unit: float, edges: list[float], columns: Sequence[tuple[float, float]] = ()
) -> layout_lines.Line | None:
    """The line's pieces: words less than half a character apart join into one, unless the
    second starts at a column edge (`pdfwords.at_edge`) or the two stand over two columns of
    numbers (`pdfwords.over_two_columns`: `columns`, their spans)."""
    pieces: list[list] = []  # [x0, x1, text, is_value]
    # A cell a clerk filled with a dash, a slash, 无 or 空 stands among the row's numbers.
    # (Only right of the row's first number: `无` / `空` also stand in labels, `（四）无法提供`;
    # beside one number, only after an official label's start: `政府集中采购 0 无`.)
    numbers = _numbers_beside(words)
    seen_number = False
    for w in _placeholder_tail(words, columns):
        seen_number = seen_number or bool(_NUMBER.match(w["text"]))
        is_value = bool(_NUMBER.match(w["text"]) or (numbers and seen_number and _NON_NUMBER.match(w["text"])) or w.get("placeholder"))
        if (
            pieces
            and not is_value
            and not pieces[-1][3]
            and w["x0"] - pieces[-1][1] < _PIECE_GAP * 2 * unit
            and not layout_lines.NUMBERED.match(w["text"])
            and not pdfwords.at_edge(w["x0"], edges, w["bottom"] - w["top"])
            and not pdfwords.over_two_columns((pieces[-1][0], pieces[-1][1]), (w["x0"], w["x1"]), columns)
        ):  # "3.要求…" starts a label of its own
            pieces[-1][1] = w["x1"]
            pieces[-1][2] += w["text"]
            continue
        pieces.append([w["x0"], w["x1"], w["text"], is_value])
    labels: list[layout_lines.Piece] = []
    values: list[str] = []
    value_at: list[float] = []
    value_start = None
    for x0, x1, text, is_value in pieces:
        if is_value:
            value_start = value_start if value_start is not None else int(x0 / unit)
            values.append(text)
            value_at.append((x0 + x1) / 2 / unit)
        else:
            if values:
                return None  # text right of the numbers: not a table row
            labels.append(layout_lines.Piece(int(x0 / unit), int(x1 / unit), text))
    return layout_lines.Line(k, labels, values, value_start, value_at)


def _placeholder_tail(words: list[dict], columns: Sequence[tuple[float, float]]) -> list[dict]:
    """A label word whose last characters are a placeholder reaching into a column of numbers
    the rest of it stays left of (`…政府信息公开/`, 1 pt apart: the clerk's `/` in the row's
    first cell, glued to a label that fills its cell): the placeholder cut off, a cell. Only on a
    line holding numbers: a header cell wrapped after its slash (`本年增/` over `减`) is no row."""
    if not any(_NUMBER.match(w["text"]) for w in words):
        return words
    out: list[dict] = []
    for w in words:
        m = _TAIL.search(w["text"])
        if m is None or m.start() == 0 or _NUMBER.match(w["text"]):
            out.append(w)
            continue
        width = (w["x1"] - w["x0"]) / len(w["text"])  # per character: near enough to place it
        start = w["x1"] - width * (len(w["text"]) - m.start())
        if not any(w["x0"] < a and a + 1 < w["x1"] and start <= a + 1 and start < b for a, b in columns):
            out.append(w)
            continue
        out.append({**w, "text": w["text"][: m.start()], "x1": start})
        out.append({**w, "text": m.group(), "x0": start, "placeholder": True})
    return out


def _numbers_beside(words: list[dict]) -> bool:
    """The line's numbers are a row's, so a placeholder after them is a cell: two or more, or
    one after the start of an official row label (a two-column part of table 1)."""
    count = sum(1 for w in words if _NUMBER.match(w["text"]))
    first = next((n for n, w in enumerate(words) if _NUMBER.match(w["text"])), 0)
    label = "".join(w["text"] for w in words[:first])
    return count >= 2 or (count == 1 and bool(label) and layout_lines.starts_official(label))


def _placeholders_in_columns(parsed: list[layout_lines.Line | None]) -> None:
    """A `无` / `—` / `/` left of a row's first number (or in a row without numbers) is a cell
    when it stands in the columns of numbers of the lines around it, not in the label column."""
    for k, p in enumerate(parsed):
        if p is None or not p.labels:
            continue
        near = [
            q.value_start for q in parsed[max(0, k - 8) : k + 9] if q is not None and q is not p and q.values and q.value_start is not None
        ]
        if not near:
            continue
        while p.labels and _NON_NUMBER.match(p.labels[-1].text) and p.labels[-1].start >= min(near) - 1:
            piece = p.labels.pop()
            p.values.insert(0, piece.text)
            p.value_at = [(piece.start + piece.end) / 2, *(p.value_at or [])]
            p.value_start = piece.start


def _box(words: list[dict]) -> tuple[float, float, float, float]:
    return (
        round(min(w["x0"] for w in words), 1),
        round(min(w["top"] for w in words), 1),
        round(max(w["x1"] for w in words), 1),
        round(max(w["bottom"] for w in words), 1),
    )
