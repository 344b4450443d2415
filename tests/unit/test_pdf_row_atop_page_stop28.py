"""Table 1's last part split by a page break in a word processor's PDF export: its header
(`信息内容 | 本年收费金额（单位：万元）`) ends one page, its one row, the amount left blank, opens
the next, its label wrapped (`行政事业` | `性收费`) and read as prose. The lines join into the
one label they are, as text we joined (pdfcountrests.rows_read_as_prose): pdf_word-49000037
(fresh seed 49) matched `性收费` alone to the row, a false label.nonstandard. No blank row is
made up (its number may stand elsewhere: a label alone stays prose, test_pdf_page_breaks_more)."""

from __future__ import annotations

import pytest

from annual_report.document import Block
from annual_report.model import Source
from annual_report.readers.pdfcontinued import _join_broken_rows

_HEADER_2021 = ["信息内容", "本年收费金额（单位：万元）"]
_HEADER_2019 = ["信息内容", "上一年项目数量", "本年增/减"]


def _blocks(header: list[str], lines: list[str]) -> list[Block]:
    return [
        Block("text", ["第二十条第（八）项"], Source(page=1)),
        Block("row", list(header), Source(page=1), reassembled=True),
        *[Block("text", [line], Source(page=2)) for line in lines],
        Block("text", ["三、收到和处理政府信息公开申请情况"], Source(page=2)),
    ]


@pytest.mark.parametrize("header", [_HEADER_2021, _HEADER_2019])
@pytest.mark.parametrize("lines", [["行政事业", "性收费"], ["行政", "事业性", "收费"]])
def test_a_label_wrapped_atop_the_page_under_its_header_is_one_label(header: list[str], lines: list[str]) -> None:
    blocks = _blocks(header, lines)
    _join_broken_rows(blocks)
    assert [(b.kind, b.cells, b.reassembled) for b in blocks[2:]] == [
        ("text", ["行政事业性收费"], True),
        ("text", ["三、收到和处理政府信息公开申请情况"], False),
    ]


@pytest.mark.parametrize(
    "lines",
    [
        ["行政事业性收费"],  # one line: nothing joined
        ["行政事业", "收费"],  # not the official wording: nothing to join
        ["其他"],  # a word of table 2, not a row of table 1
        ["本机关本年度行政事业性收费"],  # prose
    ],
)
def test_lines_that_are_no_blank_row_stay_prose(lines: list[str]) -> None:
    blocks = _blocks(_HEADER_2021, lines)
    _join_broken_rows(blocks)
    assert [b.kind for b in blocks] == ["text", "row"] + ["text"] * (len(lines) + 1)


def test_under_a_row_of_numbers_a_label_alone_stays_prose() -> None:
    blocks = [Block("row", ["行政处罚", "17"], Source(page=1)), Block("text", ["行政强制"], Source(page=2))]
    _join_broken_rows(blocks)
    assert [b.kind for b in blocks] == ["row", "text"]


def test_the_harness_case_it_was_found_with_is_read_exactly() -> None:
    from accuracy.cli import run_case
    from accuracy.generate import make_case

    score, _, _, _ = run_case(make_case(49000037, "pdf_word"))
    assert score["passed"], "\n".join(score["diffs"][:12])
