"""Web text whose tables arrive as a stream of cells, the row boundaries lost.

Government sites' HTML tables, copied or converted to text, very often come out cell by
cell with nothing where a row ended. Shapes seen on published reports:

* every cell on its own line followed by a line holding only `|` (an empty cell: nothing
  between two `|` lines; a cell wrapped by a line break: two lines before the `|`);
* every cell separated by a blank line (an empty cell: three blank lines; numbers with
  leading spaces; a header broken in two paragraphs);
* every cell on its own line with no separator at all (an empty cell: an empty line);
* a table's cells joined by ` | `, `||` or tabs on one or a few lines, or one row per line
  with `|` filler after a band (`第二十条第(一)项 | |||`).

This module finds such stretches and cuts them into cells (`streamrows.Piece`); the rows are
rebuilt from the cells by `streamrows` with the rows the report format fixes. Everything
outside those stretches passes unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from annual_report.extract.labels import match_group
from annual_report.extract.normalize import normalize
from annual_report.extract.tokens import PLACEHOLDER, VALUE
from annual_report.readers import flat
from annual_report.readers.streamrows import Item, Piece, row_label, rows

_PAGE_FOOTER = re.compile(r"^(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})$")
_LONE_PIPE = re.compile(r"^\s*\|\s*$")
_CELL_THEN_PIPE = re.compile(r"\S\s*\|\s*$")  # "0 |": one cell per line ending in a bar (seed 004)
_SPACED_BAR = re.compile(r" \||\| ")  # a plain space: a no-break space is an empty cell
_BAR_AFTER_SPACE = re.compile(r" \|")  # `a | b`, `第二十条第(一)项 ||||`; `a||b`, `a|| 0` are the other style
_GAP = re.compile(r" {2,}|\u3000|\t")
_MD_SEPARATOR = re.compile(r"^\|?(?:\s*:?-{2,}:?\s*\|)+")
_LINE_ENDS = " \r\n"
_MAX_CELL = 60  # a longer line is prose (the longest official label is 37 characters)
_MIN_VALUES = 3
_MIN_PIPES = 12  # lone `|` lines that make a document a pipe-separated stream
_BLANK_SHARE = 0.6  # cells separated by blank lines at least this often: blank lines separate cells
_T3_WORDS = ("结果维持", "尚未审结", "结果纠正")


def rebuild(lines: list[tuple[int, str]]) -> list[Item] | None:
    """The lines with every cell-stream table replaced by its rows and cells, or None when
    the text holds no such table."""
    pipe = _pipe_separated(lines)
    parts: list[list[Item] | tuple[int, int]] = []  # rebuilt items, or a stretch [i, end) of lines kept
    i = 0
    while i < len(lines):
        end, pieces = _inline_region(lines, i)
        explicit = end > i or pipe  # empty cells are written out (not blank lines that may be layout)
        if end == i:
            end, pieces = _line_region(lines, i, pipe)
            # blank lines that separate every cell: an empty cell is an empty paragraph between
            # two separators, never the break after a row or a table (that is one blank line)
            explicit = explicit or (pieces is not None and _blank_separated(lines[i:end]))
            if pieces is not None and not _is_table(pieces):
                pieces = None
        if pieces is not None:
            parts.append(rows(pieces, trim=not explicit))
        else:
            end = max(end, i + 1)  # a stretch that is no table is passed over whole (linear time)
            parts.append((i, end))
        i = end
    if all(isinstance(p, tuple) for p in parts):
        return None
    out: list[Item] = []
    for part in parts:
        out += _outside(lines[part[0] : part[1]]) if isinstance(part, tuple) else part
    return out


def _outside(lines: list[tuple[int, str]]) -> list[Item]:
    """Lines outside the tables: kept, unless they are the web site's furniture (a page whose
    tables came as cell streams was copied from a site, as `flat` handles for flattened text)."""
    out: list[Item] = []
    for line, text in lines:
        if not flat.is_furniture(text):
            out.append((line, text, False))
        elif (title := flat.rescue_title(text)) is not None:
            out.append((line, title, False))
    return out


def _kind(text: str) -> str:
    if not text:
        return "empty"
    return "value" if VALUE.match(text) or PLACEHOLDER.match(text) else "text"


def _piece(text: str, line: int, soft: bool = False) -> Piece:
    text = text.strip().strip("\u3000").strip()
    return Piece(text, line, _kind(text), soft)


def _is_table(pieces: list[Piece]) -> bool:
    values = sum(p.kind == "value" for p in pieces)
    if values < _MIN_VALUES:
        return False
    texts = [p.text for p in pieces if p.kind == "text"]
    return any(row_label(t) is not None for t in texts) or (values >= 5 and any(w in t for t in texts for w in _T3_WORDS))


# ---------------------------------------------------------------- one cell per line


def _pipe_separated(lines: list[tuple[int, str]]) -> bool:
    lone = sum(1 for _, s in lines if _LONE_PIPE.match(s))
    bars = sum(1 for _, s in lines if _CELL_THEN_PIPE.search(s) and not _LONE_PIPE.match(s))
    return lone >= _MIN_PIPES and bars * 10 < lone


def _cell_line(text: str) -> bool:
    if "\t" in text:
        return False  # Word's "save as text" (a tab before each cell) keeps its rows: `text` reads it
    s = text.strip().strip("\u3000").strip()
    return bool(s) and len(s) <= _MAX_CELL and "。" not in s and "|" not in s and not _GAP.search(s)


def _line_region(lines: list[tuple[int, str]], i: int, pipe: bool) -> tuple[int, list[Piece] | None]:
    """[i, end) of a stretch of one-cell lines (blank lines and `|` lines between), with its cells."""
    if not _cell_line(lines[i][1]):
        return i, None
    end = i
    while end < len(lines):
        s = lines[end][1]
        if not (_cell_line(s) or not s.strip() or (pipe and _LONE_PIPE.match(s))):
            break
        end += 1
    region = lines[i:end]
    if pipe:
        pieces = list(_pipe_pieces(region))
    elif _blank_separated(region):
        pieces = list(_blank_pieces(region))
    elif _rows_by_blank_lines(region):
        return end, None  # Word's "save as text": a blank line ends each row (the text reader's shape)
    else:
        pieces = list(_newline_pieces(region))
    # a page footer is placed like a cell (between separators) but is none
    return end, [p for p in pieces if not (p.kind == "text" and _PAGE_FOOTER.match(p.text))]


_MIN_ROWS = 5
_ROW_SHARE = 0.9


def _rows_by_blank_lines(region: list[tuple[int, str]]) -> bool:
    """Whether nearly every row label (with the group labels right above it) follows a blank
    line: rows separated by blank lines, not a stream of cells that lost its row ends."""
    labelled = after_blank = 0
    for k, (_, s) in enumerate(region):
        if row_label(s.strip()) is None:
            continue
        labelled += 1
        j = k - 1
        while j >= 0 and region[j][1].strip() and match_group(normalize(region[j][1])) is not None:
            j -= 1  # the group labels printed above a group's first row
        after_blank += j < 0 or not region[j][1].strip()
    return labelled >= _MIN_ROWS and after_blank >= _ROW_SHARE * labelled


def _pipe_pieces(region: list[tuple[int, str]]) -> Iterator[Piece]:
    after_bar = False  # a `|` line seen and no cell since
    started = False
    for n, s in region:
        if _LONE_PIPE.match(s):
            if after_bar:
                yield Piece("", n, "empty")
            after_bar = started = True
            continue
        if not s.strip():
            continue
        yield _piece(s, n, soft=started and not after_bar)
        after_bar = False
        started = True


def _blank_separated(region: list[tuple[int, str]]) -> bool:
    pairs = apart = 0
    blanks = -1
    for _, s in region:
        if not s.strip():
            blanks += blanks >= 0
            continue
        if blanks >= 0:
            pairs += 1
            apart += blanks > 0
        blanks = 0
    return pairs > 0 and apart >= _BLANK_SHARE * pairs


def _blank_pieces(region: list[tuple[int, str]]) -> Iterator[Piece]:
    """Cells separated by a blank line: n blank lines between two cells hold (n - 1) / 2 empty
    cells (separator, empty cell, separator); no blank line: a line break inside a cell."""
    blanks = -1
    for n, s in region:
        if not s.strip():
            blanks += blanks >= 0
            continue
        for _ in range(max(0, blanks - 1) // 2):
            yield Piece("", n, "empty")
        yield _piece(s, n, soft=blanks == 0)
        blanks = 0
    if region and blanks > 1:  # after the last cell: the stream's last empty cells (a paragraph follows)
        yield from (Piece("", region[-1][0], "empty") for _ in range((blanks - 1) // 2))


def _newline_pieces(region: list[tuple[int, str]]) -> Iterator[Piece]:
    """Every line a cell, an empty line an empty cell (trimmed at the stream's ends); a line of
    only no-break or ideographic spaces is an empty cell written out (`<td>&nbsp;</td>`)."""
    blanks: list[Piece] = []
    started = False
    for n, s in region:
        if not s.strip():
            if started:
                blanks.append(Piece("", n, "empty", written=bool(s.strip(_LINE_ENDS + "\t"))))
            continue
        yield from blanks
        blanks = []
        started = True
        yield _piece(s, n)


# ---------------------------------------------------------------- cells joined on a line


def _separator(text: str) -> str | None:
    s = text.strip(_LINE_ENDS)
    if s.count("\t") >= 2:
        return "\t"
    if s.startswith("|"):
        return "||" if s.startswith("||") and "|" not in s.replace("||", "") else None  # markdown rows: row by row
    if _BAR_AFTER_SPACE.search(s):
        return "|"  # `a | b |`, `第二十条第(一)项 ||||`
    if "||" in s and "|" not in s.replace("||", ""):
        return "||"  # every bar doubled: `a||b||||c` (an empty cell between b and c)
    return "|" if "|" in s else None  # bare bars: `a|b||c` (an empty cell between b and c)


def _fields(text: str, sep: str, closed: bool) -> list[str]:
    """`closed`: the run's lines end with a bar that closes the row (`规章 | 0 | 0 | 0 |`), so a
    last bar is no empty cell (in `行政强制|27|-2|` without closing bars, it is one)."""
    s = text.strip(_LINE_ENDS)
    fields = s.split(sep)
    if closed and s.endswith("|"):
        fields = fields[:-1]
    return fields


def _inline_region(lines: list[tuple[int, str]], i: int) -> tuple[int, list[Piece] | None]:
    """[i, end) of consecutive lines whose cells one separator joins, with its cells when some
    line holds two row labels (the rows were lost) or, for bars, a label and its numbers."""
    sep = _separator(lines[i][1])
    if sep is None:
        return i, None
    end = i
    while end < len(lines) and (_same_separator(lines[end][1], sep) or _one_cell_left(lines, end, sep) or _few_cells(lines[end][1], sep)):
        end += 1
    run = lines[i:end]
    closed = sep == "|" and 2 * sum(s.strip(_LINE_ENDS).endswith("|") for _, s in run) > len(run)
    per_line = [_row_cells([_piece(f, n) for f in _fields(s, sep, closed)], closed) for n, s in run]
    if not any(_stream_line(cells, sep) for cells in per_line):
        return end, None
    return end, [p for cells in per_line for p in cells]


def _row_cells(cells: list[Piece], closed: bool) -> list[Piece]:
    """A row kept on its line (`closed`) that opens with empty cells before its label
    (`| | 2.其他法律行政法规禁止公开 | | … | 0 |`): they are the merged group-label cells of the
    label columns, no values of the row above."""
    if not closed:
        return cells
    first = next((n for n, p in enumerate(cells) if p.kind != "empty"), None)
    label = cells[first].text if first else ""
    if first and cells[first].kind == "text" and (row_label(label) is not None or match_group(normalize(label)) is not None):
        return cells[first:]
    return cells


def _same_separator(text: str, sep: str) -> bool:
    """In a run of bars, a line whose bars happen to come in pairs (`0||0`: an empty cell) is
    still bars."""
    found = _separator(text)
    return found == sep or (sep == "|" and found == "||")


def _few_cells(text: str, sep: str) -> bool:
    """A line that goes on a run of `sep` though it could not start one: the end of a cut
    stream with too few cells left to tell its separator (`行政事业性收费 | 48.36`, `0\t0`), or
    a line cut before an empty cell (` | 三、本年度办理结果 | …`, not a markdown row; `|0|0` in
    bare bars)."""
    s = text.strip(_LINE_ENDS)
    if not s:
        return False
    if sep == "\t":
        return "\t" in s
    if sep == "||":
        return "||" in s and "|" not in s.replace("||", "")
    if s.startswith("|"):
        # bare bars cut at a cell boundary before an empty cell: `|0|0|0` opens with that cell
        return (sep == "|" or bool(_SPACED_BAR.search(s))) and not _MD_SEPARATOR.match(s)
    return s.count("|") == 1 and bool(_SPACED_BAR.search(s))


def _one_cell_left(lines: list[tuple[int, str]], k: int, sep: str) -> bool:
    """A line holding one number, or one cell before the run goes on: the stream was cut into
    lines at a cell boundary and this piece is all that fell on the line."""
    text = lines[k][1].strip(_LINE_ENDS)  # a no-break space is an empty cell, not nothing
    if not text or _separator(text) is not None or len(text) > _MAX_CELL:
        return False
    return _kind(text) == "value" or (k + 1 < len(lines) and _separator(lines[k + 1][1]) == sep)


def _stream_line(cells: list[Piece], sep: str) -> bool:
    # a group label beside its row's label (`（六）其他处理\t1.申请人…`) is one row kept on its line
    labels = sum(1 for p in cells if p.kind == "text" and row_label(p.text) is not None and match_group(normalize(p.text)) is None)
    if labels >= 2:
        return True
    values = sum(1 for p in cells if p.kind == "value")
    # bars: a row kept on its line (`行政规范性文件 | 4 | 0 | 32 |`, `行政许可 |  |`), or table 3's numbers
    return sep != "\t" and ((labels == 1 and len(cells) > 1) or values >= 5)
