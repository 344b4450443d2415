"""Ruling lines of a PDF page: horizontal and vertical rules, how close two rules must be to
touch, and the clean-up of the rules a page draws before they are read as grids (`merge_rules`,
`close_open_ends`). Their own module so that the readers that judge groups of rules (`pdfgrid`,
`pdfbox`, `pdfstacked`) and the one that finds them (`pdfgeometry`) share one definition
without importing each other.

Lines within SNAP of each other are snapped to their mean position, collinear pieces less than
JOIN apart are joined, and pieces still shorter than MIN_EDGE are dropped (the ends of a thin
filled rectangle). Vertical rules whose ends line up (≥3) where no horizontal rule closes them
get one: a table cut by the page break has no bottom border."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

TOUCH = 3.0  # points: a rule touches another within this distance
SNAP = 3.0
JOIN = 3.0
MIN_EDGE = 3.0


@dataclass(slots=True)
class HRule:
    y: float
    x0: float
    x1: float


@dataclass(slots=True)
class VRule:
    x: float
    top: float
    bottom: float


def _clusters(values: list[float], tol: float) -> dict[float, float]:
    """Chained clusters of sorted values (each within `tol` of the previous) → their mean."""
    out: dict[float, float] = {}
    group: list[float] = []
    for v in [*sorted(values), None]:
        if v is not None and group and v - group[-1] <= tol:
            group.append(v)
            continue
        if group:
            mean = sum(group) / len(group)
            for g in group:
                out[g] = mean
        group = [v] if v is not None else []
    return out


def merge_rules(hs: list[HRule], vs: list[VRule]) -> tuple[list[HRule], list[VRule]]:
    hs = [h for h in hs if h.x1 - h.x0 >= 1]
    vs = [v for v in vs if v.bottom - v.top >= 1]
    ymap = _clusters([h.y for h in hs], SNAP)
    xmap = _clusters([v.x for v in vs], SNAP)
    at_x, at_y = _ends(xmap), _ends(ymap)
    by_y: dict[float, list[tuple[float, float]]] = {}
    for h in hs:
        by_y.setdefault(ymap[h.y], []).append((at_x(h.x0), at_x(h.x1)))
    by_x: dict[float, list[tuple[float, float]]] = {}
    for v in vs:
        by_x.setdefault(xmap[v.x], []).append((at_y(v.top), at_y(v.bottom)))
    out_h = [HRule(y, a, b) for y, spans in by_y.items() for a, b in _join(spans) if b - a >= MIN_EDGE]
    out_v = [VRule(x, a, b) for x, spans in by_x.items() for a, b in _join(spans) if b - a >= MIN_EDGE]
    return out_h, out_v


def _ends(snapped: dict[float, float]) -> Callable[[float], float]:
    """Where a rule's end goes once the rules across it are snapped: onto the snapped position
    of the cluster whose spread (± TOUCH) it lies in, else where it is. A web page's table with
    separate borders draws each cell's own box a couple of points inside the table's: the
    double lines snap to their mean, and the cell rules that ended on the inner line must end
    on that mean too, or the grid sees them stop short of their column rule."""
    spread: dict[float, list[float]] = {}
    for raw, mean in snapped.items():
        lo, hi = spread.get(mean, [raw, raw])
        spread[mean] = [min(lo, raw), max(hi, raw)]
    bands = sorted((lo - TOUCH, hi + TOUCH, mean) for mean, (lo, hi) in spread.items() if hi > lo)

    def at(value: float) -> float:
        hits = [mean for lo, hi, mean in bands if lo <= value <= hi]
        return min(hits, key=lambda m: abs(m - value)) if hits else value

    return at


def _join(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    spans.sort()
    out = [list(spans[0])]
    for a, b in spans[1:]:
        if a <= out[-1][1] + JOIN:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def close_open_ends(hs: list[HRule], vs: list[VRule]) -> list[HRule]:
    """A horizontal rule at the common ends of ≥3 vertical rules that nothing closes."""
    ends: dict[int, list[tuple[float, float]]] = {}
    for v in vs:
        if v.bottom - v.top < 8:
            continue
        for y in (v.top, v.bottom):
            ends.setdefault(round(y / 2), []).append((y, v.x))
    out: list[HRule] = []
    for group in ends.values():
        if len(group) < 3:
            continue
        y = sum(g[0] for g in group) / len(group)
        x0, x1 = min(g[1] for g in group), max(g[1] for g in group)
        if not any(abs(h.y - y) < 2 and h.x0 <= x0 + 2 and h.x1 >= x1 - 2 for h in hs):
            out.append(HRule(y, x0, x1))
    return out
