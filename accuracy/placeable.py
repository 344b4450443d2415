"""Which table-2 rows with unprinted blanks a correct reader can still place: those whose
blanks the table's arithmetic fixes (`annual_report.extract.placement.blank_position`, the
policy both sides share), judged here from the truth, not from any reading of the document.

A row counts as known to the arithmetic when it is printed whole; a row placed this way
becomes known, which may let another be placed. A row whose placement the arithmetic gets
wrong or leaves open is unplaceable: its truth is one table.ambiguous."""

from __future__ import annotations

from accuracy.draft import Draft
from annual_report import catalog
from annual_report.extract.placement import blank_position

_SIDES = (
    (("new_received", "carried_over"), ("total", "carried_forward")),
    (("total",), None),  # None: the template's result rows
)


def placeable_rows(d: Draft, unprinted: dict[str, tuple[int, ...]]) -> set[str]:
    """The keys of `unprinted` (row -> its blank columns, in order) that arithmetic places."""
    open_rows = dict(unprinted)
    progress = True
    while progress:
        progress = False
        for key, blanks in list(open_rows.items()):
            printed = [v if isinstance(v, int) else None for i, v in enumerate(d.t2[key]) if i not in blanks]
            if len(blanks) == 1 and blank_position(printed, _requirements(d, key, set(open_rows))) == blanks[0]:
                del open_rows[key]
                progress = True
    return set(unprinted) - set(open_rows)


def _requirements(d: Draft, key: str, unknown: set[str]) -> list[list[int]]:
    results = catalog.RESULT_ROWS[catalog.TEMPLATE_2019 if "other" in d.t2 else catalog.TEMPLATE_2021]
    width = len(d.t2[key])
    out: list[list[int]] = [[] for _ in range(width)]
    for left, right in _SIDES:
        right = right or results
        if key not in left + right:
            continue
        own, opposite = (left, right) if key in left else (right, left)
        for col in range(width):
            with_me = [_value(d, k, col, unknown) for k in own if k != key]
            other = [_value(d, k, col, unknown) for k in opposite]
            if None not in with_me + other:
                out[col].append(sum(v or 0 for v in other) - sum(v or 0 for v in with_me))
    return out


def _value(d: Draft, key: str, col: int, unknown: set[str]) -> int | None:
    row = d.t2.get(key)
    if row is None or key in unknown:
        return None
    v = row[col]
    return v if isinstance(v, int) else None
