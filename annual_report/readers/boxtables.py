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
    while k < len(numbered) and (is_border(numbered[k][1]) or _is_row(numbered[k][1])):
        borders += is_border(numbered[k][1])
        k += 1
    return k if borders else start


def _rows(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    # A border between body rows (more than top / under the header / bottom): each stretch
    # between two borders is one row, whose cells may wrap over several lines.
    groups = sum(1 for k, (_i, line) in enumerate(lines) if not is_border(line) and (k == 0 or is_border(lines[k - 1][1])))
    grid = groups >= 4
    out: list[tuple[int, str]] = []
    pending: list[tuple[int, str]] = []
    for i, line in lines:
        if is_border(line):
            out.extend(_joined(pending) if grid else pending)
            pending = []
        else:
            pending.append((i, _pipe_row(line)))
    out.extend(_joined(pending) if grid else pending)
    return out


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
