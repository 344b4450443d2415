"""A two-digit count in full-width digits wrapped by its narrow cell (`１` over `０`), in a
borderless table read from word positions: the tail goes back to its number (pdfwords'
digit tails). One full-width digit is as wide as two half-width ones, so it can be the head of
a wrapped count; pdf_word-21000017 read 10 as 1 and 0, a false applications.total_row.
Positions as pdfplumber gives them for that file's page 2."""

from __future__ import annotations

from tests.unit.pdf_word_lines import page_words, read_page

_XS = (331.7, 362.0, 392.2, 422.5, 452.8, 483.1, 513.4)


def _counts(values: list[str]) -> list[tuple[str, float, float]]:
    return [(v, x, x + 11) for v, x in zip(values, _XS, strict=True) if v]


def _page(tail_top: float) -> list[dict]:
    zeros = ["０"] * 7
    return page_words(
        [
            (480.5, [("一、本年新收政府信息公开申请数量", 90.1, 266.1), *_counts(["２", "０", "０", "０", "０", "０", "２"])]),
            (491.2, _counts(["６", "", "", "", "", "", "６"])),
            (505.1, [("二、上年结转政府信息公开申请数量", 90.1, 266.1), *_counts(zeros)]),
            (529.8, [("三、本", 90.1, 123.1), ("（一）予以公开", 134.6, 211.6), *_counts(["１", "０", "０", "０", "０", "０", "１"])]),
            (tail_top, [("年度办", 90.1, 123.1), *_counts(["０", "", "", "", "", "", "０"])]),
            (tail_top + 14.7, [("理结果", 90.1, 123.1)]),
            (tail_top + 24.6, [("（二）部分公开（区分处理的，只计", 134.6, 310.6), *_counts(zeros)]),
            (tail_top + 39.3, [("这一情形，不计其他情形）", 134.6, 266.6)]),
        ]
    )


def _rows(blocks) -> dict[str, list[str]]:
    return {b.cells[0]: b.cells[1:] for b in blocks if b.kind == "row"}


def test_a_full_width_count_wrapped_in_its_cell_is_read_whole() -> None:
    blocks, _ = read_page(_page(544.5))
    rows = _rows(blocks)
    assert rows["（一）予以公开"] == ["１０", "０", "０", "０", "０", "０", "１０"]
    assert rows["一、本年新收政府信息公开申请数量"] == ["２６", "０", "０", "０", "０", "０", "２６"]


def test_digits_a_row_below_are_no_tail_of_a_one_digit_count() -> None:
    # the same line a row's spacing below (not the cell's next line): not joined to １
    blocks, _ = read_page(_page(556.0))
    assert not any("１０" in b.cells for b in blocks if b.kind == "row")
