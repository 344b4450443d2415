"""What a borderless table's page leaves the next page (`pdfcolumns.table_blocks`, its `carry`):
the words of the lines that place the next page's first rows' blank cells.

* A header that ends the page with no row under it (its rows open the next page): its lines.
* A table whose rows run to the page's foot (it goes on atop the next page: the rest of table
  1's part `第二十条第（六）项`, `行政强制 0 0` and a blank): its header lines and its rows, from
  its last band or header line on; a table the page before carried to this one, with no header
  of its own here, carries on with this page's lines. Its columns (where its full rows' numbers
  stand, how they sit under the header) are the next page's first rows' columns, up to the next
  band or header there (`pdfblanks` starts a table at each)."""

from __future__ import annotations

import re

from annual_report.readers import pdfblanks
from annual_report.readers.layout_lines import Line
from annual_report.readers.pdfwords import NUMBER

BAND = re.compile(r"^第二十条第[（(][一二三四五六七八九十]+[）)]项$")  # the band over a part of table 1
_REST_OF_ROW = 20  # characters: a piece after a table's last row at a page's foot is the rest of its label
_SENTENCE = re.compile(r"[，。；,;：:]")


def carried(parsed: list[Line | None], seen: list[Line | None], visual: list[list[dict]], above: list[list[dict]]) -> list[list[dict]]:
    """The lines (their words) the next page's rows are placed under: a header left open at the
    page's foot, else the page's last table when it runs to the foot, else nothing. `seen`: the
    lines as `pdfblanks` saw them (row labels inside a table's stretch without pieces: no header
    cells); `above`: what the page before carried to this one."""
    open_header = pdfblanks.open_header(parsed)
    if open_header:
        return [visual[k] for k in open_header]
    last_row = max((k for k, p in enumerate(parsed) if p is not None and p.values), default=-1)
    if last_row < 0 or not all(p is None or _rest_of_row(p) for p in parsed[last_row + 1 :]):
        return []
    start = next((k for k in range(last_row, -1, -1) if _starts_table(parsed[k])), None)
    kept = [visual[k] for k in range(start or 0, len(visual)) if (s := seen[k]) is not None and (s.values or s.labels)]
    if start is not None:
        return kept
    return [*above, *kept] if above else []


def under_carried(seen: list[Line | None], above: list[list[dict]]) -> list[Line | None]:
    """This page's lines as `pdfblanks` places them under what the page before carried: under a
    header left open there, the lines before this page's first row keep their places but not
    their pieces when they open with a part's band (the header rows Word repeats atop the page,
    the table's first part's, `第二十条第（一）项` and its cells, are no header of the rows under
    them; lines under the carried header without one may be the rest of its cells). Under a
    table carried with its rows, a band atop the page opens the next part: kept."""
    if not above or _holds_rows(above):
        return seen
    first = next((k for k, p in enumerate(seen) if p is not None and p.values), len(seen))
    top = next((p for p in seen[:first] if p is not None), None)
    if top is None or not top.labels or not BAND.match(top.labels[0].text):
        return seen
    return [Line(p.number, [], [], None) if p is not None and k < first else p for k, p in enumerate(seen)]


def _holds_rows(lines: list[list[dict]]) -> bool:
    """Lines carried with a table's rows (numbers among them), not a header alone."""
    return any(NUMBER.match(w["text"]) for words in lines for w in words)


def _starts_table(p: Line | None) -> bool:
    return p is not None and not p.values and any(pdfblanks.starts_header(x.text) for x in p.labels)


def _rest_of_row(p: Line) -> bool:
    """A line after a table's last row that is no prose and opens no other table: the rest of a
    label the row wrapped (`务事项`)."""
    return not p.values and all(len(x.text) <= _REST_OF_ROW and not _SENTENCE.search(x.text) for x in p.labels) and not _starts_table(p)
