"""Two ruled tables stacked with no gap (a converter or a browser drops the heading between
table 2 and table 3; their borders touch and snap together): one group of rules, one grid whose
columns are both tables' columns, and each table's cells come out spread over the other's
columns, a blank cell indistinguishable from a covered spot.

`split_stacked` cuts such a group where one table's inner column rules all end and the next
table's begin, with none running through: a caption row (第二十条第（一）项) has no column rules
below its top, and the columns of one table (its label column, 行政复议 | 行政诉讼) run through
all its rows, so neither is cut."""

from __future__ import annotations

from annual_report.readers.pdfrules import TOUCH, HRule, VRule

_MIN_ENDING = 2  # inner column rules that must end at the cut: one table's columns stop there


def split_stacked(hs: list[HRule], vs: list[VRule]) -> list[tuple[list[HRule], list[VRule]]]:
    """The group's rules, cut into one group per stacked table (one group when none is)."""
    if len(vs) < 2 or len(hs) < 2:
        return [(hs, vs)]  # no grid to cut: the caller judges it
    x0, x1 = min(v.x for v in vs), max(v.x for v in vs)
    inner = [v for v in vs if x0 + TOUCH < v.x < x1 - TOUCH]
    cuts = [y for y in sorted({h.y for h in hs}) if _is_cut(y, inner)]
    if not cuts:
        return [(hs, vs)]
    bands = list(zip([min(h.y for h in hs), *cuts], [*cuts, max(h.y for h in hs)]))
    out: list[tuple[list[HRule], list[VRule]]] = []
    for top, bottom in bands:
        band_h = [h for h in hs if top - TOUCH <= h.y <= bottom + TOUCH]
        band_v = [VRule(v.x, max(v.top, top), min(v.bottom, bottom)) for v in vs if v.top < bottom - TOUCH and v.bottom > top + TOUCH]
        out.append((band_h, band_v))
    return out


def _is_cut(y: float, inner: list[VRule]) -> bool:
    ending = sum(1 for v in inner if abs(v.bottom - y) <= TOUCH)
    starting = sum(1 for v in inner if abs(v.top - y) <= TOUCH)
    crossing = any(v.top < y - TOUCH and v.bottom > y + TOUCH for v in inner)
    return ending >= _MIN_ENDING and starting >= 1 and not crossing
