"""The column edges of a table whose parts on two pages were ruled apart: one set for all parts.

Snapping a browser's double border to its mean can move an edge by up to SNAP on one page and
not on the other, so two parts' edges this close are one edge (no column is this narrow). Two
edges of one part are two columns however close they stand: the next table right under a part
(no heading between, one grid on that page) brings its own edges a few points from the part's
(133.0 beside 127.2). Merged, two cells of one row would fall into one column."""

from __future__ import annotations

from annual_report.readers.pdfrules import SNAP

SAME_EDGE = 2 * SNAP


def union_edges(parts: list[list[float]]) -> tuple[list[float], list[list[int]]]:
    """The union of the parts' column edges (left to right), and for each part the union column
    each of its edges is: an edge within SAME_EDGE of the one before joins it unless the part
    already has an edge there."""
    union: list[float] = []
    owners: list[set[int]] = []
    indexes: list[list[int]] = [[0] * len(starts) for starts in parts]
    for x, n, k in sorted((x, n, k) for n, starts in enumerate(parts) for k, x in enumerate(starts)):
        if not union or x - union[-1] > SAME_EDGE or n in owners[-1]:
            union.append(x)
            owners.append(set())
        owners[-1].add(n)
        indexes[n][k] = len(union) - 1
    return union, indexes
