"""An OCR'd cell's text: a numbering bracket the recogniser dropped is restored.

Seen on the scan of 洪泽区 2023 (bench_ocr.py): the label 第二十条第（一）项 was read
"第二十条第一）项", the "（" recognised as nothing, at confidence 0.925 for the "）".
"""

from __future__ import annotations

import pytest

from annual_report.readers.ocr.tables import balanced_numbering, cell_text


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("第二十条第一）项", "第二十条第（一）项"),
        ("第二十条第（六项", "第二十条第（六）项"),
        ("二）依申请公开", "（二）依申请公开"),
        ("（一）（二）三）", "（一）（二）（三）"),
        ("第（十二）项", "第（十二）项"),
    ],
)
def test_a_lost_numbering_bracket_is_restored(read, meant):
    assert balanced_numbering(read) == meant


@pytest.mark.parametrize(
    "text",
    [
        "第二十条第（一）项",
        "行政许可",
        "其他）",  # no numeral beside it: nothing to restore
        "（单位：万元",  # a bracket around words stays as read
        "合计（件）",
    ],
)
def test_text_that_is_whole_or_not_numbering_is_left_alone(text):
    assert balanced_numbering(text) == text


def _chars(text: str) -> list[dict]:
    return [
        {"text": ch, "x0": 10.0 * k, "x1": 10.0 * k + 9, "top": 0.0, "bottom": 10.0, "conf": 0.99, "line": 0, "index": k, "space": False}
        for k, ch in enumerate(text)
    ]


def test_a_cell_read_without_its_opening_bracket_gets_it_back():
    assert cell_text(_chars("第二十条第一）项")) == "第二十条第（一）项"
