"""A header cell wrapped after its slash (`本年增/` over `减`, table 1's 2019 format) over right-
aligned counts: the slash reaches into the column of numbers under it, but a line holding no
number is no row, so nothing is cut off it as a placeholder cell (pdfcolumns._placeholder_tail).
pdf_borderless-1000878 cut the header's `/` off as a cell, so its first line was read as a line
of prose and the header lost it: a false label.nonstandard on “处理决定数量”. Positions as pdfplumber gives them for that page."""

from __future__ import annotations

from tests.unit.pdf_word_lines import page_words, read_page


def test_a_header_wrapped_after_its_slash_is_no_row() -> None:
    words = page_words(
        [
            (316.6, [("第二十条第（五）项", 172.5, 253.5)]),
            (337.9, [("上一年项", 232.0, 268.0), ("本年增/", 281.8, 314.2), ("处理决定", 328.0, 364.0)]),
            (343.5, [("信息内容", 123.0, 159.0)]),
            (349.1, [("目数量", 236.5, 263.5), ("减", 293.5, 302.5), ("数量", 337.0, 355.0)]),
            (370.4, [("行政许可", 61.0, 97.0), ("０", 260.0, 269.0), ("０", 308.0, 317.0), ("47", 354.2, 365.0)]),
            (412.9, [("第二十条第（六）项", 172.5, 253.5)]),
            (434.1, [("上一年项", 232.0, 268.0), ("本年增/", 281.8, 314.2), ("处理决定", 328.0, 364.0)]),
            (439.7, [("信息内容", 123.0, 159.0)]),
            (445.4, [("目数量", 236.5, 263.5), ("减", 293.5, 302.5), ("数量", 337.0, 355.0)]),
            (466.6, [("行政处罚", 61.0, 97.0), ("０", 260.0, 269.0), ("０", 308.0, 317.0), ("19", 354.2, 365.0)]),
        ]
    )
    blocks, _ = read_page(words)
    rows = [b.cells for b in blocks if b.kind == "row"]
    assert ["行政许可", "０", "０", "47"] in rows and ["行政处罚", "０", "０", "19"] in rows
    assert rows.count(["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"]) == 2, rows
    assert "/" not in [c for cells in rows for c in cells]
