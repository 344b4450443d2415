"""Prose after a borderless table that ends in a number (`…本年度收取信息处理费 0` / `元。`), its
number under the table's last column: no table row, whatever blank cells `pdfblanks` places beside
it by the columns of the table above (pdfcolumns). pdf_word-43000005 (fresh seed 43) read the
fee statement as a row of table 3's width and lost it: a false section6.fee_statement. Positions
as pdfplumber gives them for the foot of table 3 on a page (a 9 pt table, the text in 16 pt)."""

from __future__ import annotations

import pytest

from tests.unit.pdf_word_lines import page_words, read_page

_XS = [86.0 + 29.5 * i for i in range(15)]
_NAMES = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


def _page(sentence: str, number: str, gap_lines: int) -> list[dict]:
    header = [(_NAMES[i % 5], x - 6, x + 12) for i, x in enumerate(_XS)]
    lines = [
        (105.0, [("行政复议", 120.0, 156.0), ("行政诉讼", 330.0, 366.0)]),
        (115.5, header),
        (126.8, [("0", x, x + 5.7) for x in _XS]),
        (145.8, [("5、存在的主要问题及改进情况", 111.5, 330.6)]),
    ]
    lines += [(173.8 + 28.0 * n, [("一是信息公开的主动性有待加强，二是公开栏目的分类还", 79.5, 511.5)]) for n in range(gap_lines)]
    top = 173.8 + 28.0 * gap_lines
    lines += [
        (top, [("6、其他需要报告的事项", 111.5, 282.6)]),
        (top + 28.0, [(sentence, 111.5, 495.5), (number, 498.7, 508.9)]),
        (top + 56.0, [("元。", 79.5, 111.5)]),
    ]
    return page_words(lines)


@pytest.mark.parametrize("gap_lines", [0, 1, 3])
@pytest.mark.parametrize("number", ["0", "120"])
def test_a_sentence_ending_in_a_number_under_a_table_stays_prose(gap_lines: int, number: str) -> None:
    blocks, rest = read_page(_page("无其他需要报告的事项。本机关本年度收取信息处理费", number, gap_lines))
    rows = [b.cells for b in blocks if b.kind == "row"]
    assert not any(number in cells and "本年度收取信息处理费" in cells[0] for cells in rows)
    assert any("收取信息处理费" in line["text"] for line in rest)  # left to the prose
    assert ["0"] * 15 in rows  # the table's row is still read


def test_the_harness_case_it_was_found_with_is_read_exactly() -> None:
    from accuracy.cli import run_case
    from accuracy.generate import make_case

    score, _, _, _ = run_case(make_case(43000005, "pdf_word"))
    assert score["passed"], "\n".join(score["diffs"][:12])
