"""A count of table 1 wrapped by its narrow cell (`３` over `０`) in a borderless table whose
rows follow at the line spacing (Word, no borders, no cell margins), beside the rest of the
row's wrapped label (`行政规` / `范性文件 ０`): the tail goes back to its count (pdfwords'
digit tails), and the row keeps its three cells. pdf_word-27000076 (fresh seed 27) read 30 as 3
and the row 行政规范性文件 as blank, a false cell.missing; pdf_word-29000023 (seed 29), its cells
centred, gave 16's `１` to the row above, a false table1.township_regulations. Positions as pdfplumber gives
them for such pages (10.5 pt lines 12.3 pt apart, counts in full-width digits)."""

from __future__ import annotations

import pytest

from tests.unit.pdf_word_lines import page_words, read_page

_XS = (414.7, 444.9, 475.0)
_PITCH = 12.3


def _counts(values: list[str]) -> list[tuple[str, float, float]]:
    return [(v, x, x + 10.5 * len(v)) for v, x in zip(values, _XS, strict=True) if v]


def _page(first: list[str], second: list[str], label: tuple[str, str] = ("行政规", "范性文件")) -> list[dict]:
    top = 157.0
    return page_words(
        [
            (top - 2 * _PITCH, [("第二十条第（一）项", 90.3, 184.8)]),
            (top - _PITCH, [("信息内容", 90.3, 132.3), ("本年制发件数", 300, 360), ("本年废止件数", 380, 440), ("现行有效件数", 460, 520)]),
            (top, [("规章", 90.3, 111.3), *_counts(["０", "０", "０"])]),
            (top + _PITCH, [(label[0], 90.3, 90.3 + 10.5 * len(label[0])), *_counts(first)]),
            (top + 2 * _PITCH, [(label[1], 90.3, 90.3 + 10.5 * len(label[1])), *_counts(second)]),
            (top + 3 * _PITCH + 14, [("第二十条第（五）项", 90.3, 184.8)]),
        ]
    )


def _rows(blocks) -> dict[str, list[str]]:
    return {b.cells[0]: b.cells[1:] for b in blocks if b.kind == "row"}


@pytest.mark.parametrize("column", [0, 1, 2])
def test_a_count_wrapped_beside_the_rest_of_its_label_is_read_whole(column: int) -> None:
    first = ["２", "１", "４"]
    second = ["", "", ""]
    second[column] = "０"
    blocks, _ = read_page(_page(first, second))
    want = list(first)
    want[column] += "０"
    assert _rows(blocks)["行政规范性文件"] == want


def test_digits_beside_a_label_of_its_own_are_no_tail() -> None:
    # the next row's label (whole, official) beside a count in one column: a row, not a tail
    blocks, _ = read_page(_page(["２", "１", "４"], ["", "", "０"], ("规范性文件", "行政规范性文件")))
    assert "４０" not in [c for cells in _rows(blocks).values() for c in cells]


def test_a_half_width_digit_is_no_head_of_a_wrapped_count() -> None:
    # one half-width digit is too narrow for its cell to wrap: the digit below is no tail of it
    blocks, _ = read_page(_page(["2", "1", "4"], ["", "", "0"]))
    assert "40" not in [c for cells in _rows(blocks).values() for c in cells]


# Cells centred vertically (pdf_word-29000023, fresh seed 29): the row's label and its one-line
# counts on one line, a two-digit count wrapped around it (`１` above, `６` below).
def _centred(column: int, head: str, tail: str, above: list[tuple[str, float, float]]) -> list[dict]:
    top = 157.0
    counts = ["５", "２", "３"]
    counts[column] = ""
    heads = ["", "", ""]
    heads[column] = head
    tails = ["", "", ""]
    tails[column] = tail
    return page_words(
        [
            (top - 2 * _PITCH, [("第二十条第（一）项", 245.1, 339.6)]),
            (
                top - _PITCH,
                [("信息内容", 224.4, 266.4), ("本年制发件数", 300, 360), ("本年废止件数", 380, 440), ("现行有效件数", 460, 520)],
            ),
            (top, [("规章", 234.9, 255.9), *_counts(["０", "０", "０"])]),
            (top + _PITCH, [*above, *_counts(heads)]),
            (top + 1.5 * _PITCH, [("行政规范性文件", 208.7, 282.2), *_counts(counts)]),
            (top + 2 * _PITCH, _counts(tails)),
            (top + 3 * _PITCH, [("第二十条第（五）项", 245.1, 339.6)]),
        ]
    )


@pytest.mark.parametrize("column", [0, 1, 2])
def test_a_full_width_count_wrapped_around_its_rows_one_line_is_read_whole(column: int) -> None:
    blocks, _ = read_page(_centred(column, "１", "６", []))
    want = ["５", "２", "３"]
    want[column] = "１６"
    assert _rows(blocks)["行政规范性文件"] == want
    assert _rows(blocks)["规章"] == ["０", "０", "０"]


def test_a_half_width_digit_around_a_rows_one_line_is_no_head() -> None:
    blocks, _ = read_page(_centred(2, "1", "6", []))
    assert "16" not in [c for cells in _rows(blocks).values() for c in cells]


@pytest.mark.parametrize("seed", [27000076, 29000023])
def test_the_harness_cases_they_were_found_with_are_read_exactly(seed: int) -> None:
    from accuracy.cli import run_case
    from accuracy.generate import make_case

    score, _, _, _ = run_case(make_case(seed, "pdf_word"))
    assert score["passed"], "\n".join(score["diffs"][:12])
