"""Table 2 with a 合计 / 小计 column (the sum of the five kinds of 法人或其他组织) in the families
other than the PDFs (accuracy/subtotal.py): rendered, and read exactly (the column dropped)."""

from __future__ import annotations

import pytest

from accuracy.cli import run_one
from accuracy.generate import make_case
from accuracy.model import Table

# (family, seed): a case of each family whose table 2 prints the column.
CASES = [
    ("layout", 13_000_004),
    ("cells", 13_000_001),
    ("markdown", 13_000_020),
    ("tsv", 13_000_006),
    ("drawn", 13_000_002),
    ("docx", 13_000_015),
    ("html", 13_000_006),
    ("web", 13_000_018),  # digits glued: the column's sum picks the split of each row's run
    ("web", 13_000_039),
    # runs the seven-number split cannot cut (146070122539: 14|6|0|7|0|12|25|39): the eight-number
    # split is searched with the subtotal's own sums (digits.subtotal_check), not left open
    ("web", 27_000_092),
    ("web", 27_001_028),
]


@pytest.mark.parametrize(("family", "seed"), CASES, ids=[f"{f}-{s}" for f, s in CASES])
def test_a_subtotal_column_is_printed_and_read_exactly(family: str, seed: int) -> None:
    case = make_case(seed, family)
    word = next(n.split()[1] for n in case.truth.notes if n.startswith("subtotal "))
    table = next(b for b in case.doc.blocks if isinstance(b, Table) and b.key == "applications")
    if family in ("docx", "html"):
        assert table.subtotal == word  # added by the grid the renderer builds
    else:
        assert word in table.items[2].cells and {len(r.values) for r in table.rows()} == {8}
    score, _, _, _ = run_one(seed, family)
    assert score["passed"], "\n".join(score["diffs"][:12])


def test_streams_and_pdfs_choose_no_column_here() -> None:
    """A stream of cells plans its lost cells before the column would exist; the PDF renderers
    choose the column with their style."""
    for family in ("stream", "pdf_borderless", "pdf_ruled"):
        for seed in range(13_000_000, 13_000_060):
            assert not [n for n in make_case(seed, family).truth.notes if n.startswith("subtotal ")]
