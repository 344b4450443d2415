"""A count in full-width digits its narrow cell wrapped over a page break (`１０` | `５`, `１９` |
`３`: pdf_word-1001201, a ruled table 2 whose （七）总计 row broke) ends like one in ASCII digits;
read as two rows it gave false balance and total findings."""

from __future__ import annotations

from annual_report.document import Block
from annual_report.model import Source
from annual_report.readers.pdfcontinued import _join_broken_rows


def test_full_width_digits_atop_the_next_page_end_their_counts() -> None:
    total = Block("row", ["", "（七）总计", "", "１０", "８", "０", "０", "３４", "４６", "１９"], Source(page=2))
    rest = Block("row", ["", "", "", "５", "", "", "", "", "", "３"], Source(page=3))
    carried = Block("row", ["四、结转下年度继续办理", "", "", *["０"] * 7], Source(page=3))
    blocks = [total, rest, carried]
    _join_broken_rows(blocks)
    assert [b.cells[3:] for b in blocks] == [["１０５", "８", "０", "０", "３４", "４６", "１９３"], ["０"] * 7]
