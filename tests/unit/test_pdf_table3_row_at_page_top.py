"""Table 3's one row of values alone atop a page (the break fell under its header), with a cell
holding a placeholder (无, —): the page is still a table page, so its ruled row is read as a
row that continues table 3, not as a line of prose (pdf_print-29000432 lost table 3)."""

from __future__ import annotations

import pytest

from annual_report.readers.pdftext import _is_table_page

_TAIL = ["六、其他需要报告的事项", "本机关本年度收取信息处理费0元。本年度召开政务公开专题会议2次。", "双龙镇人民政府", "2025年1月16日"]


@pytest.mark.parametrize("placeholder", ["无", "—", "/", "0"])
def test_table_3s_row_with_a_placeholder_atop_a_page_makes_a_table_page(placeholder: str) -> None:
    row = " ".join(["0"] * 11 + [placeholder] + ["0", "0", "3"])
    assert _is_table_page([row, *_TAIL])


def test_a_line_of_a_few_numbers_and_words_is_no_table_3_row() -> None:
    assert not _is_table_page(["第 3 页 共 5 页", "电话 0 1 2 3 4 5 6 7 8 无 无 无 无 无 无", *_TAIL])
    assert not _is_table_page(["2024 年 1 月 16 日", *_TAIL])
