"""Prose lines that end with a number at the right margin (a justified paragraph wrapped right
after a count: `…全年共受理政府信息公开申请 1` / `件，已全部按时办结。本年度发生政府信息公开行政复议 2`
/ `件。`) above a borderless table: a line with a full stop (`。`, which no row label holds) is a
sentence, no table row. Read as two rows, the narrative lost its count of appeals and its
conflict with table 3 was missed (pdf_word-201000090, fresh seed 201). Pages drawn here."""

from __future__ import annotations

import random

import pytest

from tests.unit.pdf_word_break import CHAR, TOP, read_pages, words

_CLAUSES = (
    "开惠民惠农资金发放情况。全年共受理政府信息公开申请",
    "件，已全部按时办结。本年度发生政府信息公开行政复议",
    "件，行政诉讼",
    "件。全年召开专题会议",
)
_RIGHT = 511.5


def _page(rng: random.Random) -> tuple[list[dict], list[str]]:
    placed: list[tuple[float, str, float]] = []
    y = TOP
    counts = []
    for clause in rng.sample(_CLAUSES[:2], 2) if rng.random() < 0.5 else _CLAUSES[:2] + _CLAUSES[2:3]:
        n = str(rng.randint(1, 9))
        counts.append(n)
        text = clause[: int((_RIGHT - 79.5 - 14) // (CHAR + 5))] if rng.random() < 0.3 else clause
        placed += [(y, text, 79.5), (y, n, _RIGHT - 7.0 - rng.random() * 20)]
        y += 28.0
    placed.append((y, "件。", 79.5))
    y += 40.0
    placed += [
        (y, "第二十条第（一）项", 79.5),
        (y + 10.5, "信息内容", 79.5),
        *[(y + 10.5, h, x) for h, x in zip(("本年制发件数", "本年废止件数", "现行有效件数"), (290.0, 370.0, 450.0), strict=True)],
    ]
    placed += [(y + 21.0, "规章", 79.5), *[(y + 21.0, "0", x + 30) for x in (290.0, 370.0, 450.0)]]
    placed += [(y + 31.5, "行政规范性文件", 79.5), *[(y + 31.5, "3", x + 30) for x in (290.0, 370.0, 450.0)]]
    return words(placed), counts


@pytest.mark.parametrize("seed", range(12))
def test_prose_lines_ending_in_a_number_are_no_rows(seed: int) -> None:
    blocks = read_pages(_page(random.Random(seed))[0])
    rows = [b.cells for b in blocks if b.kind == "row"]
    assert not [r for r in rows if any("。" in c for c in r)], rows
    assert ["规章", "0", "0", "0"] in rows and ["行政规范性文件", "3", "3", "3"] in rows, rows
