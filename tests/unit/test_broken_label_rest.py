"""A ruled row the page break cut, whose label's rest opens with a bracket (pdf_word-5000051:
`三、本 | （二）部分公开 | 0 …` at a page's foot, `年度办理结果 | （区分处理的，只计这一情形，不计其他
情形）` atop the next one, under the header Word repeats): the rest finishes the label; it is no
label of its own, though it opens like one."""

from __future__ import annotations

from annual_report.document import Block
from annual_report.model import Source
from annual_report.readers.pdfcontinued import _join_broken_rows


def row(cells: list[str], page: int) -> Block:
    return Block("row", cells, Source(page=page))


def test_a_bracketed_rest_of_a_label_goes_back_to_its_row() -> None:
    before = row(["三、本年度办理结果", "（一）予以公开", "", *["0"] * 7], 1)
    cut = row(["三、本", "（二）部分公开", "", *["0"] * 7], 1)
    rest = row(["年度办理结果", "（区分处理的，只计这一情形，不计其他情形）", "", *[""] * 7], 2)
    blocks = [before, cut, rest]
    _join_broken_rows(blocks)
    assert len(blocks) == 2
    assert blocks[1].cells[:2] == ["三、本年度办理结果", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"]


def test_a_bracketed_label_of_its_own_stays_a_row() -> None:
    cut = row(["三、本年度办理结果", "（二）部分公开", "", *["0"] * 7], 1)
    own = row(["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密", *[""] * 7], 2)
    blocks = [cut, own]
    _join_broken_rows(blocks)
    assert [b.cells[1] for b in blocks] == ["（二）部分公开", "（三）不予公开"]
