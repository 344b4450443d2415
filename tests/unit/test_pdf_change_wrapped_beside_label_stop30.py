"""A change (本年增/减) its narrow cell wrapped after its word (`减` over `2`), beside a row label
wrapped too (`其他对外管理服` over `务事项`), in a borderless table 1 of a word processor's PDF
export: the digits under the change word end it (`减2`), as they do under a count of two digits
(pdfwords._digit_tails); the change word is no part of the label the digits' line goes on.
pdf_word-207000084 (fresh seed 207) read two rows, `其他对外管理服 14 减 37` and `务事项 '' 2 ''`:
a false cell.missing. Positions as pdfplumber gives them, labels cut at random."""

from __future__ import annotations

import random

import pytest

from tests.unit.pdf_word_lines import page_words, read_page

_XS = (454.5, 484.2, 513.9)  # narrow value columns, one CJK character wide


def _page(rng: random.Random) -> tuple[list[dict], str, list[str]]:
    label = rng.choice(("其他对外管理服务事项", "行政许可", "行政处罚", "行政强制"))
    cut = rng.randint(2, len(label) - 1)
    word, digits = rng.choice(("增", "减")), str(rng.randint(1, 9))
    first, last = str(rng.randint(10, 99)), str(rng.randint(10, 99))
    rows = [
        (547.8, [("第二十条第（五）项", 90.1, 189.1)]),
        (572.5, [("信息内容", 90.1, 134.1), ("上", 454.5, 465.5), ("本", 484.2, 495.2), ("处", 513.9, 524.9)]),
        (587.2, [("一年项目数量", 454.5, 465.5), ("年增/减", 484.2, 495.2), ("理决定数量", 513.9, 524.9)]),
        (610.0, [("规章", 90.1, 112.1), ("3", 454.5, 461.5), ("０", 484.2, 495.2), ("12", 513.9, 527.9)]),
        (
            634.6,
            [(label[:cut], 90.1, 90.1 + 11 * cut), (first, _XS[0], _XS[0] + 14), (word, _XS[1], _XS[1] + 11), (last, _XS[2], _XS[2] + 14)],
        ),
        (649.3, [(label[cut:], 90.1, 90.1 + 11 * (len(label) - cut)), (digits, _XS[1], _XS[1] + 7)]),
        (673.9, [("第二十条第（六）项", 90.1, 189.1)]),
    ]
    return page_words(rows), label, [first, word + digits, last]


@pytest.mark.parametrize("seed", range(16))
def test_a_change_wrapped_after_its_word_beside_a_wrapped_label_is_one_cell(seed: int) -> None:
    words, label, cells = _page(random.Random(seed))
    blocks, _ = read_page(words)
    rows = {b.cells[0]: b.cells[1:] for b in blocks if b.kind == "row"}
    assert rows.get(label) == cells, rows
