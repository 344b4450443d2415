"""Placing a row that arrived with one number fewer than columns, by the table's arithmetic.

A web table converted cell by cell may print an empty cell as nothing at all, or as a blank
line that cannot be told from the end of its row: the row then holds 6 numbers for 7 columns,
and by itself any column could be the empty one. Table 2's equations (一 + 二 = （七） + 四
and （七） = the sum of the result rows, per column) and the row's own 总计 can decide. The
blank is placed in column k only when

- with the blank at k, every number of the row satisfies every equation of its column;
- the equations of column k and the row's 总计 agree on what the blank should have held
  (two independent sums say the same, so column k's equations are not off by a fault of the
  document in another row);
- every other placement puts a number in a column where the taken one is confirmed so and
  differs from it (a shifted row of zeros reads the same anywhere: it stays open).

Anything short of that stays `table.ambiguous`, never a guess. Two blanks never qualify:
moving one blank to its neighbour changes only columns that one of the two leaves empty.
"""

from __future__ import annotations

from annual_report import catalog
from annual_report.extract.rows import RowHit
from annual_report.extract.tokens import Token
from annual_report.model import parse_number


def blank_position(printed: list[int | None], needed: list[list[int]]) -> int | None:
    """The column of the one blank of a row of `len(needed)` cells that printed `printed` (in
    order; None: a placeholder that is no number), or None when the arithmetic leaves it open.

    `needed[c]`: the value each of column c's equations requires of this row, given the other
    rows (empty: column c cannot be checked). The row's last cell is the sum of the others."""
    n = len(needed)
    if len(printed) != n - 1:
        return None
    options = [_spread(printed, blank) for blank in range(n)]
    held = [blank for blank, row in enumerate(options) if _holds(row, needed)]
    if len(held) != 1:
        return None
    (blank,) = held
    row = options[blank]
    want = needed[blank]
    if not want or len(set(want)) != 1 or _implied(row, blank) != want[0]:
        return None  # the row's total does not confirm what the column requires
    sure = [req[0] if v is not None and req else None for v, req in zip(row, needed, strict=True)]
    sure[blank] = want[0]
    for other, values in enumerate(options):
        if other != blank and not any(None not in (v, w) and v != w for v, w in zip(values, sure, strict=True)):
            return None  # nothing confirmed refutes this placement
    return blank


def _spread(printed: list[int | None], blank: int) -> list[int | None]:
    """The row's cells with the blank at `blank` (a blank and a placeholder are both None)."""
    return [*printed[:blank], None, *printed[blank:]]


def _holds(row: list[int | None], needed: list[list[int]]) -> bool:
    return all(v is None or all(v == r for r in req) for v, req in zip(row, needed, strict=True))


def _implied(row: list[int | None], blank: int) -> int | None:
    """What the row's own 总计 (its last cell) says its empty cell `blank` would hold."""
    others = [v for k, v in enumerate(row) if k != blank]
    if any(v is None for v in others):
        return None
    known = [v for v in others if v is not None]
    return sum(known) if blank == len(row) - 1 else 2 * known[-1] - sum(known)


# ---------------------------------------------------------------- table 2

_BALANCE = (("new_received", "carried_over"), ("total", "carried_forward"))


def place_short_rows(hits: dict[str, RowHit], n: int) -> None:
    """Place every table-2 row read with one number fewer than `n` whose blank the arithmetic
    fixes (see `blank_position`); a row placed may let another be placed, so until none is."""
    changed = True
    while changed:
        changed = False
        for hit in hits.values():
            if hit.problem_kind != "count" or any(t.flat for t in hit.printed):
                continue
            blank = blank_position([_int(t.text) for t in hit.printed], _needed(hit.key, hits, n))
            if blank is None:
                continue
            near = hit.printed[max(blank - 1, 0)]
            tokens = list(hit.printed)
            tokens.insert(blank, Token("", "empty", near.source, near.block))
            hit.tokens, hit.problem, hit.problem_kind, changed = tokens, None, None, True


def _needed(key: str, hits: dict[str, RowHit], n: int) -> list[list[int]]:
    """Per column, what each equation holding row `key` requires of it, from the other rows."""
    results = catalog.RESULT_ROWS[catalog.TEMPLATE_2019 if "other" in hits else catalog.TEMPLATE_2021]
    out: list[list[int]] = [[] for _ in range(n)]
    for left, right in (_BALANCE, (("total",), results)):
        if key not in left and key not in right:
            continue
        mine, theirs = (left, right) if key in left else (right, left)
        for c in range(n):
            with_me = [_cell(hits, k, c) for k in mine if k != key]
            opposite = [_cell(hits, k, c) for k in theirs]
            if all(v is not None for v in with_me + opposite):
                out[c].append(sum(v for v in opposite if v is not None) - sum(v for v in with_me if v is not None))
    return out


def _cell(hits: dict[str, RowHit], key: str, c: int) -> int | None:
    """Row `key`'s number in column `c` when it was read for certain."""
    hit = hits.get(key)
    if hit is None or hit.problem:
        return None
    if hit.candidates is not None:
        return hit.candidates[0][c] if len(hit.candidates) == 1 else None
    return _int(hit.tokens[c].text) if c < len(hit.tokens) else None


def _int(text: str) -> int | None:
    v = parse_number(text)
    return v if isinstance(v, int) else None
