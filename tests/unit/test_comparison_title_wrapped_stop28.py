"""A comparison of two years' reports (issue 13 item 6) in layout text whose lines are wrapped,
its title over two lines: the comparison is told wherever the lines break (before 对比分析,
inside 对比, between the two years), as it is when the title stands on one line."""

from __future__ import annotations

import random

from accuracy import wording
from accuracy.lookalikes import _comparison
from accuracy.model import Para
from accuracy.render_text import wrap
from annual_report.check import check_bytes

TITLE_AT = (4, 8, 12)  # the title's second line holds its last 4, 8 or 12 characters


def _text(seed: int, cut_from_end: int, width: int) -> str:
    rng = random.Random(seed)
    blocks = _comparison(rng, wording.pick_body(rng), rng.randint(2020, 2025))
    lines: list[str] = []
    for b in blocks:
        if isinstance(b, Para) and b.role == "title":
            lines += [b.text[:-cut_from_end], b.text[-cut_from_end:]]
        elif isinstance(b, Para):
            lines += [("" if b.role == "heading" else "    ") + ln for ln in wrap(b.text, width)]
    return "\n".join(lines) + "\n"


def test_a_comparison_whose_title_wraps_is_told_as_a_comparison() -> None:
    for seed in range(6):
        for cut in (*TITLE_AT, 25):
            text = _text(seed, cut, (30, 40, 60, 80)[(seed + cut) % 4])
            c = check_bytes(text.encode(), "comparison.txt").classification
            assert c.kind == "not_report" and any("对比" in r for r in c.reasons), (seed, cut, text[:80], c.reasons)


def test_a_report_that_compares_numbers_with_last_year_in_its_prose_stays_a_report() -> None:
    from accuracy.generate import make_case
    from accuracy.render import render

    case = make_case(35000003, "layout")
    data, _ = render(case)
    text = data.decode()
    head, rest = text.split("\n", 1)
    text = f"{head}\n2023年与\n2022年相比，本年度政府信息公开申请数量\n对比上年有所减少。\n{rest}"
    assert check_bytes(text.encode(), "report.txt").classification.kind == "annual_report"
