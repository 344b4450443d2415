"""A part of table 1 in a word processor's PDF export, borderless, whose header the page break
cuts: a value cell's name wrapped in its cell (`本年收费金额（单位：` / `万元）`) ends on the next page,
its rest alone over the value column above the part's rows. The rest is no prose: read so, it
was joined to the heading under the table (`万元）3、收到和处理…`) and that paragraph, placed
at the rest's height, put the heading before the part's row, whose count went to the next
section's table (pdf_word-201000138, fresh seed 201: a false cell.missing). It is a label line
of its own now (pdfatop.rest_of_cut_row), which goes back to its cell. Layouts drawn here."""

from __future__ import annotations

import random

import pytest

from annual_report import catalog
from tests.unit.pdf_word_break import CHAR, TOP, chunks, read_pages, words

_SPANS = {1: [(380.0, 500.0)], 2: [(330.0, 415.0), (415.0, 500.0)], 3: [(330.0, 387.0), (387.0, 443.0), (443.0, 500.0)]}
_BANDS = {"规章": "（一）", "行政许可": "（五）", "行政处罚": "（六）", "行政事业性收费": "（八）", "政府集中采购": "（九）"}
_HEADING = "三、收到和处理政府信息公开申请情况"


def _part(rng: random.Random) -> tuple[list[catalog.Table1Row], list[list[str]], int]:
    """A part of table 1: its rows (one band's), each name's lines, the line the break follows."""
    rows_all = catalog.TABLE1[rng.choice(sorted(catalog.TABLE1))]
    starts = [n for n, r in enumerate(rows_all) if r.label in _BANDS]
    n = rng.choice(starts)
    end = next((m for m in starts if m > n), len(rows_all))
    rows = list(rows_all[n:end])
    names = [name for _, name in rows[0].values]
    room = int((_SPANS[len(names)][0][1] - _SPANS[len(names)][0][0]) // CHAR) - 1
    while True:  # one cell deeper than the others: its rest alone opens the next page
        lines = [chunks(name, [rng.randint(2, room)]) for name in names]
        depths = sorted(len(cell) for cell in lines)
        lone_change = any(line in ("增", "减") for cell in lines for line in cell)  # read as a change: another case
        if depths[-1] > (depths[-2] if len(depths) > 1 else 1) and not lone_change:
            return rows, lines, rng.randint(depths[-2] if len(depths) > 1 else 1, depths[-1] - 1)


def _pages(rng: random.Random) -> tuple[list[dict], list[dict], list[catalog.Table1Row], list[list[str]], list[str]]:
    rows, lines, cut = _part(rng)
    spans = _SPANS[len(lines)]
    right = rng.random() < 0.5
    before = ("（五）", "行政许可") if rows[0].label == "行政处罚" else ("（六）", "行政处罚")  # a part of one count before it
    first = [(TOP, f"第二十条第{before[0]}项", 245.1), (TOP + 12.3, "信息内容", 212.6), (TOP + 12.3, "本年处理决定数量", 399.0)]
    first += [(TOP + 24.6, before[1], 90.3), (TOP + 24.6, "0", 487.8), (TOP + 36.9, "其他", 90.3), (TOP + 36.9, "3", 487.8)]
    band = next(v for k, v in _BANDS.items() if k == rows[0].label)
    y = TOP + 49.2
    first += [(y, f"第二十条第{band}项", 245.1), (y + 12.3, "信息内容", 212.6)]
    second: list[tuple[float, str, float]] = []
    for (x0, x1), cell in zip(spans, lines, strict=True):
        for i, text in enumerate(cell):
            x = (x0 + x1 - CHAR * len(text)) / 2
            (first if i < cut else second).append((y + 12.3 * (i + 1) if i < cut else TOP + 12.3 * (i - cut), text, x))
    y = TOP + 12.3 * max(len(c) - cut for c in lines) + 2.0
    values: list[str] = []
    for row in rows:
        counts = [str(rng.choice((0, 3, 12))) for _ in spans]
        values.append(counts)
        second.append((y, row.label, 90.3))
        for (x0, x1), c in zip(spans, counts, strict=True):
            second.append((y, c, x1 - 6.0 - 7.0 * len(c) if right else (x0 + x1 - 7.0 * len(c)) / 2))
        y += 12.3
    second += [(y + 8.0, _HEADING, 122.3), (y + 28.0, "本年度共收到政府信息公开申请2件。", 90.3)]
    return words(first), words(second), rows, lines, values


@pytest.mark.parametrize("seed", range(30))
def test_a_header_cell_s_rest_atop_the_page_goes_back_to_its_cell(seed: int) -> None:
    first, second, rows, lines, values = _pages(random.Random(seed))
    blocks = read_pages(first, second)
    texts = [b.cells[0] if b.kind == "text" else b.cells for b in blocks]
    names = ["".join(cell) for cell in lines]
    header = [b for b in blocks if b.kind == "row" and b.source.page == 1 and b.cells[0] == "信息内容"][-1]
    assert header.cells[1:] == names, texts
    at = [n for n, b in enumerate(blocks) if b.kind == "row" and b.cells[0] in {r.label for r in rows}]
    assert [blocks[n].cells[1:] for n in at] == values, texts
    heading = next(n for n, b in enumerate(blocks) if b.kind == "text" and _HEADING in b.cells[0])
    assert blocks[heading].cells[0] == _HEADING and heading > max(at), texts
