"""Tables drawn with characters in plain text → pipe rows the text reader already reads.

Converters and consoles draw a table two ways:

* box-drawing characters: `┌──┬──┐`, `│ 规章 │ 0 │`, `├──┼──┤`, `└──┴──┘` (also the
  heavy and double forms);
* ASCII grid tables (pandoc's plain output, many text exports): `+------+---+` borders and
  `| 规章 | 0 |` rows.

Border lines are dropped and `│ ┃ ║` become `|`, so every row is a markdown-style pipe row.
When borders separate every row (a grid table), a cell's text may wrap over several lines
between two borders: those lines are one row, joined column by column, as a Word cell's
lines are (`join_cell_lines`). A line keeps its number; a joined row has its first line's.
A cell merged down over several rows leaves the borders between them partial
(`│ 办理结果   ├──────┼───┤`): such a line ends the row above for the other columns, and the
merged cell's text on it stays with that row (a group label so lands in its first row and,
when it is spread over the merged height, in pieces on the next rows, as it would in Word).
"""

from __future__ import annotations

import re

from annual_report.readers.cjk import join_cell_lines

_VERTICALS = "│┃║┆┊╎"
_TO_PIPE = str.maketrans(dict.fromkeys(_VERTICALS, "|"))
# Everything a border line is made of; it must hold a run of horizontal strokes.
_BORDER = re.compile(r"^[\s─━═\-=+:┼┬┴├┤┌┐└┘╋╀╁╂┿╪╫╬╞╡╟╢╤╧╥╨╒╓╔╕╖╗╘╙╚╛╜╝┏┓┗┛┣┫┳┻│┃║|]+$")
_STROKES = re.compile(r"[─━═]{2,}|[\-=]{3,}")
_BOX_CHARS = re.compile(r"[─━═┼┬┴├┤┌┐└┘│┃║╋]")


def is_border(line: str) -> bool:
    s = line.strip()
    return bool(s) and bool(_BORDER.match(s)) and bool(_STROKES.search(s)) and ("+" in s or bool(_BOX_CHARS.search(s)))


def _is_row(line: str) -> bool:
    s = line.strip().translate(_TO_PIPE)
    return s.startswith("|") and s.count("|") >= 2


# A border under some columns only, with the text of a cell merged down across it in the
# others: `│ 办理结果   ├──────┼───┤` (box) or `| 办理结果   +------+---+` (ASCII grid).
_JUNCTIONS = "│┃║├┤┼┝┥┿╋┠┨╂┣┫╞╡╪╟╢╫╠╣╬|+"
_SEGMENTS = re.compile("[" + re.escape(_JUNCTIONS) + "]")
_CROSSINGS = set(_JUNCTIONS) - set("│┃║|")  # a plain row has verticals only
_STROKE_SEGMENT = re.compile(r"^\s*(?:[─━═]+|[\-=]{3,})\s*$")


def _partial_border(line: str) -> list[str] | None:
    """The cells of a partial border line: "" under a stroke, the merged cell's text (or "")
    elsewhere; None when the line is no partial border."""
    s = line.strip()
    if not s or s[0] not in _JUNCTIONS or s[-1] not in _JUNCTIONS or not set(s) & _CROSSINGS or is_border(s):
        return None
    segments = _SEGMENTS.split(s)[1:-1]
    strokes = [bool(_STROKE_SEGMENT.match(seg)) for seg in segments]
    merged = strokes.index(True) if True in strokes else len(strokes)
    if merged == 0 or merged == len(strokes) or not all(strokes[merged:]):
        return None  # merged cells are the labels on the left; the numbers' columns are ruled
    return ["" if stroke else seg.strip() for seg, stroke in zip(segments, strokes, strict=True)]


def normalize(numbered: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The lines with drawn tables turned into pipe rows (unchanged when there are none)."""
    if not any(is_border(line) for _i, line in numbered):
        return numbered
    out: list[tuple[int, str]] = []
    k = 0
    while k < len(numbered):
        end = _table_end(numbered, k)
        if end == k:
            out.append(numbered[k])
            k += 1
            continue
        out.extend(_rows(numbered[k:end]))
        k = end
    return out


def _table_end(numbered: list[tuple[int, str]], start: int) -> int:
    """End (exclusive) of a drawn table starting at `start`, or `start` when none starts there."""
    k = start
    borders = 0
    while k < len(numbered) and (is_border(numbered[k][1]) or _is_row(numbered[k][1]) or _partial_border(numbered[k][1])):
        borders += is_border(numbered[k][1]) or _partial_border(numbered[k][1]) is not None
        k += 1
    return k if borders else start


def _rows(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    # A border between body rows (more than top / under the header / bottom): each stretch
    # between two borders is one row, whose cells may wrap over several lines.
    ends = [is_border(line) or _partial_border(line) is not None for _i, line in lines]
    groups = sum(1 for k in range(len(lines)) if not ends[k] and (k == 0 or ends[k - 1]))
    grid = groups >= 4
    bands: list[tuple[list[tuple[int, str]], list[bool] | None]] = []  # rows, the border above them
    above: list[bool] | None = None
    pending: list[tuple[int, str]] = []
    for i, line in lines:
        partial = _partial_border(line)
        if partial is not None and any(partial):
            pending.append((i, "| " + " | ".join(partial) + " |"))  # the merged cell's text goes on
        if is_border(line) or partial is not None:
            if pending:
                bands.append((_joined(pending) if grid else pending, above))
            pending, above = [], _crossed(line)
        else:
            pending.append((i, _pipe_row(line)))
    if pending:
        bands.append((_joined(pending) if grid else pending, above))
    return _merged_down(bands) if grid else [row for rows, _ in bands for row in rows]


def _crossed(border: str) -> list[bool] | None:
    """Per column, whether the border line rules it (False: a cell merged down across it)."""
    s = border.strip()
    if not s or s[0] not in _JUNCTIONS or s[-1] not in _JUNCTIONS:
        return None
    return [bool(_STROKE_SEGMENT.match(seg)) for seg in _SEGMENTS.split(s)[1:-1]]


def _merged_down(bands: list[tuple[list[tuple[int, str]], list[bool] | None]]) -> list[tuple[int, str]]:
    """The rows of a grid table, a cell merged down over several rows read as one: its text
    (spread over the rows it spans, as a label centred in its merged cell is) in its first
    row, the rows below it blank there, as a Word table's merged cell reads."""
    rows: list[tuple[int, list[str]]] = []
    start: dict[int, int] = {}  # column -> the row where its merged cell began
    for band, above in bands:
        cells = [[c.strip() for c in line.strip().strip("|").split("|")] for _i, line in band]
        for k, (i, row) in enumerate(zip([i for i, _ in band], cells, strict=True)):
            for c, text in enumerate(row):
                merged = k == 0 and len(band) == 1 and above is not None and len(above) == len(row) and not above[c]
                if merged and c in start and len(rows[start[c]][1]) == len(row):
                    first = rows[start[c]][1]
                    first[c] = join_cell_lines(first[c] + "\n" + text) if text else first[c]
                    row[c] = ""
                else:
                    start[c] = len(rows)
            rows.append((i, row))
    return [(i, "| " + " | ".join(row) + " |") for i, row in rows]


def _pipe_row(line: str) -> str:
    cells = line.strip().translate(_TO_PIPE).strip("|").split("|")
    return "| " + " | ".join(c.strip() for c in cells) + " |"


def _joined(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The lines between two borders as one row, column by column (when they agree on the
    columns; otherwise each stays a row of its own)."""
    if len(lines) < 2:
        return lines
    split = [[c.strip() for c in line.strip().strip("|").split("|")] for _i, line in lines]
    if len({len(cells) for cells in split}) != 1:
        return lines
    columns = ["\n".join(cells[c] for cells in split if cells[c]) for c in range(len(split[0]))]
    return [(lines[0][0], "| " + " | ".join(join_cell_lines(col) for col in columns) + " |")]
