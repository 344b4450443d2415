"""Lines atop a page of a borderless table that are the rest of a row or header the page break
cut (for `pdfrows`): no line of the page's own rows, no prose.

A row cut right under its counts' line leaves their units (`件`, wrapped under `0` in narrow
cells) to open the next page, with no counts above them there: a row of units
(`pdfcountrests` puts them back on its counts), never a header nor a row of its own; the ends
of its labels beside them went to a line of their own (`pdfwords._units_apart`). A header
cut by the break (`本年收费金额（单位：` | `万元）`, `采购项目` | `数量`) leaves the rests of its value
cells over their columns, right of every label of the rows under them: a row of those rests,
each in its column (`pdfcontinued` joins them to their cells), not prose to be joined to the
heading after the table and put before its rows."""

from __future__ import annotations

import itertools
import re

from annual_report.readers.layout_lines import Line, overlaps
from annual_report.readers.pdfwords import UNIT

_ROWS_BELOW = 5  # lines: a header cell's rest over the first row under it
_LINES_UNDER = 12  # the table's lines under it whose labels it stands right of
_NO_REST = re.compile(r"^(?:第二十条第|信息内容|[（(]本列数据)")  # a band, the label column's header cell


def rest_of_cut_row(parsed: list[Line | None], i: int) -> tuple[list[str], int] | None:
    """Line `i` (and the lines after it it takes) as such a rest: its row's cells, the line
    after it; None when it is none."""
    p = parsed[i]
    if p is None or p.values or not p.labels or any(q is not None for q in parsed[:i]):
        return None  # the page's first line
    if len(p.labels) >= 2 and all(UNIT.match(x.text) for x in p.labels):
        nxt = next((q for q in parsed[i + 1 :] if q is not None), None)
        # not a header's cells set one character a line (`件` of `本年制发件数`, `数` under it)
        if nxt is not None and not nxt.values and any(overlaps(x, y) for x in nxt.labels for y in p.labels):
            return None
        return [x.text for x in p.labels], i + 1
    end = next((k for k in range(i + 1, min(len(parsed), i + _ROWS_BELOW)) if _has_values(parsed[k])), None)
    below = parsed[end] if end is not None else None
    if end is None or below is None or not below.labels or not below.value_at:
        return None
    lines = [q for q in parsed[i:end] if q is not None]
    # right of every label of the lines under it (a row label's rest stands in its column, right
    # of a group label's numbering below it, `政机关…` over `（六`, not right of the labels of the rows after)
    under = [q for q in itertools.takewhile(lambda q: q is not None, parsed[end : end + _LINES_UNDER]) if q is not None]
    right = max(x.end for q in under for x in q.labels) + 1
    if len(lines) < end - i or any(not q.labels or any(x.start <= right or _NO_REST.match(x.text) for x in q.labels) for q in lines):
        return None
    at = below.value_at
    cells = [""] * len(at)
    for x in (x for q in lines for x in q.labels):
        cells[min(range(len(at)), key=lambda c: abs(at[c] - (x.start + x.end) / 2))] += x.text
    return ["", *cells], end


def _has_values(p: Line | None) -> bool:
    return p is not None and bool(p.values)
