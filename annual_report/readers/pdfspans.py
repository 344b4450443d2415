"""Row labels centred in cells that span a borderless table's label columns (for `pdfrows`).

Table 2's rows without a group (`一、本年新收政府信息公开申请数量`) span the three label columns,
those of the top group (`（一）予以公开`) two; centred in such a cell, a short label line stops
short of the column where the numbered sub-rows' own labels start, and would read as a group
label's piece. The official wording tells them apart (and says when a label in other words goes
on on the line below, `nearer_official`)."""

from __future__ import annotations

import difflib
import re
import statistics
from collections.abc import Callable, Sequence
from typing import Protocol

from annual_report import catalog
from annual_report.extract.normalize import normalize, split_numbering
from annual_report.readers.layout_lines import NUMBERED, OFFICIAL, Line, Piece, is_official, overlaps

_NUMBERING = re.compile(NUMBERED.pattern + r"|^[（(][一二三四五六七八九十]{1,2}$")
NEAR_OFFICIAL = 0.85  # similarity to an official label of a label in other words, its lines joined


class Band(Protocol):
    line: Line
    top: float
    bottom: float


def spanning_labels(bands: Sequence[Band], is_own: Callable[[Piece], bool]) -> set[int]:
    """Ids of the pieces short of the own column that are a row's own label: pieces right
    under each other (overlapping, at most one line of numbers between) that read together as
    an official row label, not a group's (`一、本年` / `新收政府信息公开申请数量` and `公开`
    under `（一）予以`, centred in a cell spanning the label columns, stop short of the column
    the numbered sub-rows start in). A label's numbering starts a new run; a line whose pieces
    are all in other columns (a group label set a character or two per line at its own pitch,
    `度办` between `（一）予以公` and `开`) does not end one. A run of one character per line is
    a group label set upright in its narrow column (`（` / `六` / `）` / `其` / `他`, cut by the
    page break), never a label spanning the columns. `is_own`: the piece is in (or reaches) the
    own column."""
    out: set[int] = set()
    for run in _runs(bands):
        upright = all(len(x.text) == 1 for _, x in run)
        if len(run) > 1 and not upright and not all(is_own(x) for _, x in run) and _row_label("".join(x.text for _, x in run)):
            out.update(id(x) for _, x in run)
    return out


def alone(band: Band, bands: Sequence[Band], is_own: Callable[[Piece], bool], pitch: float) -> bool:
    """No label line with text in the own column (`is_own`: a spanning label, `（一）予` /
    `以公开` around a group label's `度`, is the row's own too) within ¾ of a line pitch (a
    centred label's lines sit half a pitch above and below its numbers): a row of numbers whose
    label is on its own line. The pitch is at most 1.5 line heights: where no own label wraps,
    the gaps between own labels are rows, not lines. A line with numbers of its own keeps its
    label (it is no other row's)."""
    height = statistics.median(b.bottom - b.top for b in bands)
    near = 0.75 * min(pitch, 1.5 * height)
    y = (band.top + band.bottom) / 2
    return not any(
        b is not band and not b.line.values and abs((b.top + b.bottom) / 2 - y) < near and any(is_own(x) for x in b.line.labels)
        for b in bands
    )


def _runs(bands: Sequence[Band]) -> list[list[tuple[Band, Piece]]]:
    """Pieces under each other: each joins the run of an overlapping piece above it, within 2.5
    lines' height, unless it starts with a numbering, maybe cut short in a narrow column (`（三`
    under `（二）部分公` … `形）`: the next group label)."""
    runs: list[list[tuple[Band, Piece]]] = []
    open_runs: list[list[tuple[Band, Piece]]] = []
    height = statistics.median(b.bottom - b.top for b in bands)
    for b in bands:
        if not b.line.labels:
            continue
        nxt: list[list[tuple[Band, Piece]]] = []
        for x in b.line.labels:
            run = next(
                (r for r in open_runs if overlaps(r[-1][1], x) and b.top - r[-1][0].top <= 2.5 * height and not _NUMBERING.match(x.text)),
                None,
            )
            if run is None:
                run = []
                runs.append(run)
            run.append((b, x))
            nxt.append(run)
        # runs no piece of this line stands under stay open
        open_runs = nxt + [r for r in open_runs if all(r is not n for n in nxt) and not any(overlaps(r[-1][1], x) for x in b.line.labels)]
    return runs


_GROUPS = {split_numbering(normalize(r.group))[2] for r in catalog.TABLE2_ROWS if r.group}


def _sub_rows() -> set[str]:
    """Wordings of table 2's numbered sub-rows (`3.其他` under `（六）其他处理`) that no other
    row has: such a row stands in the own column, never across the label columns."""
    rest = {r.key: split_numbering(normalize(r.label))[2] for r in catalog.TABLE2_ROWS}
    sub = {r.key for r in catalog.TABLE2_ROWS if r.group and r.group.startswith(("（", "("))}
    return {rest[k] for k in sub} - {rest[k] for k in rest if k not in sub}


_SUB_ROWS = _sub_rows()


def _row_label(text: str) -> bool:
    """An official row label of table 2, not a group's (`其他处理` is both: no), nor a group's
    cut short (`（六）其他` of `（六）其他处理`: numbered as a group, worded as a sub-row)."""
    kind, _, rest = split_numbering(normalize(text))
    if kind in ("cn", "paren_cn") and rest in _SUB_ROWS:
        return False
    return is_official(text) and rest not in _GROUPS


def nearer_official(text: str, joined: str) -> bool:
    """A label in other words (`四、结转下一年度继续` / `办理`): the line below continues it when
    it brings it clearly nearer an official label (a group label's first character below a
    whole label, `三` under `二、上年结转…数量`, takes it further away)."""

    def nearest(s: str) -> float:
        rest = split_numbering(normalize(s))[2]
        return max(difflib.SequenceMatcher(None, rest, o).ratio() for o in OFFICIAL)

    after = nearest(joined)
    return after >= NEAR_OFFICIAL and after > nearest(text) + 0.05
