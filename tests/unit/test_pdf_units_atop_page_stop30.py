"""A row of table 2 cut by a page break right under its counts' line (a word processor's PDF
export, borderless, cells top-aligned, `0` over `件`): the next page opens with the counts'
units and, beside them, the rests of the row's labels a line further down their cells: the
group label's (`三、本年度办理结` | `果`), the row's own (`（二）部分` | `公开（区分处理的…）`).
The units line is no header nor row of its own; the words left of it are rests of labels
(pdfwords._units_apart). pdf_word-95001061 (fresh seed 95) read `果` as the row's label under
`件`s and glued it to `（二）部分`: a false cell.missing. Layouts drawn by `pdf_word_break`."""

from __future__ import annotations

import random

import pytest

from annual_report import catalog
from tests.unit.pdf_word_break import layout, pages, read_pages, words

_ROWS = [
    r
    for r in catalog.TABLE2_ROWS
    if r.key not in ("other_no_correction", "other_unpaid_fee", "other_other", "other", "total", "carried_forward")
]
_CUTS = [n for n, r in enumerate(_ROWS[:-3]) if r.group]  # rows of numbers after it on the next page


@pytest.mark.parametrize("seed", range(40))
def test_the_units_and_label_rests_atop_a_page_go_back_to_the_cut_row(seed: int) -> None:
    rng = random.Random(seed)
    lay = layout(rng, _ROWS)
    cut = rng.choice(_CUTS)
    blocks = read_pages(*pages(lay, cut))
    rows = {b.cells[0]: b.cells[1:] for b in blocks if b.kind == "row"}
    label = _ROWS[cut].label
    assert rows.get(label) == [v + "件" for v in lay.counts[cut]], [b.cells for b in blocks]
    groups = {r.group for r in _ROWS[: cut + 1] if r.group} | ({"三、本年度办理结果"} if _ROWS[cut].group else set())
    texts = {b.cells[0] for b in blocks}
    assert groups <= texts, sorted(texts)


@pytest.mark.parametrize("names", [("本年制发件数", "本年废止件数", "现行有效件数"), ("件数", "本年件", "有效件数")])
def test_units_in_a_header_set_a_character_a_line_atop_a_page_are_no_row_of_units(names: tuple[str, ...]) -> None:
    # pdf_word-203000055 (fresh seed 203): Word repeats table 1's first header atop the page, its
    # cells one character a line; its `件` line is no rest of a row (a false label.nonstandard
    # and cell.missing when it was read as one)
    xs = (470.8, 502.0, 533.2)
    placed = [(35.3, "第二十条第（一）项", 245.1), (78.1, "信息内容", 224.6)]
    placed += [(47.5 + 12.3 * i, ch, x) for name, x in zip(names, xs, strict=True) for i, ch in enumerate(name)]
    bottom = 47.5 + 12.3 * max(len(n) for n in names)
    placed += [(bottom, "事业性收费", 219.3), (bottom + 12.3, "规章", 235.1), *[(bottom + 12.3, "0", x) for x in xs]]
    placed += [(bottom + 24.6, "行政规范性文件", 224.6), *[(bottom + 24.6, "2", x) for x in xs]]
    blocks = read_pages(words(placed))
    assert not [b.cells for b in blocks if b.kind == "row" and all(c == "件" for c in b.cells)], [b.cells for b in blocks]
