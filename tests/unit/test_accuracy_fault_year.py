"""The harness's own truth: a fault that moves a report to another year moves every sentence
naming the year with it, so the truth never expects a year mismatch the fault did not make."""

from __future__ import annotations

import random

from accuracy import faults
from accuracy.draft import Draft
from accuracy.generate import new_draft


def _draft_with_year_in_fee(seed: int) -> Draft:
    d = new_draft(random.Random(seed), "docx")
    d.fee = f"{d.year}年度{d.body.me}未产生信息处理费。"
    return d


def test_wrong_template_moves_the_year_named_in_the_fee_statement() -> None:
    for seed in range(40):
        d = _draft_with_year_in_fee(seed)
        before = d.year
        assert faults.wrong_template(d)
        assert d.year != before
        assert d.fee is not None and d.fee.startswith(f"{d.year}年度")
        assert f"{before}年度" not in d.fee


def test_wrong_template_keeps_a_fee_statement_without_a_year() -> None:
    d = new_draft(random.Random(7), "docx")
    d.fee = "本年度未收取信息处理费。"
    faults.wrong_template(d)
    assert d.fee == "本年度未收取信息处理费。"
