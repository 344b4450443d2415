"""A row of table 1 in a borderless Word table with narrow value cells, centred vertically: its
label wraps over two lines (`行政规范性` / `文件`) and so does a count in full-width digits
(`１` / `２`, one digit per line), each line of both beside the other's; the one-line counts
(`２` `０`) print between them. The row is one: label 行政规范性文件, counts 2, 0, 12
(pdfwords._centred_between; pdf_word-53000060 read three rows `行政规范性 '' '' 1`, `'' 2 0 ''`,
`文件 '' '' 2`: a false cell.missing). The same in table 2 with a group label's line between
(`（四）` / `无` / `法提供`: pdf_word-57000008, fresh seed 57, 1.本机关不掌握相关政府信息 read as three
rows, false cell.missing and applications.total_row). Positions as pdfplumber gives them."""

from __future__ import annotations

import pytest

from tests.unit.pdf_word_lines import page_words, read_page

_XS = (424.3, 452.8, 481.3)  # the three value columns, one full-width character wide


def _cells(values: list[str]) -> list[tuple[str, float, float]]:
    return [(v, x, x + 9) for v, x in zip(values, _XS, strict=True) if v]


def _page(label: tuple[str, str], wrapped: tuple[str, str], between: list[str]) -> list[dict]:
    return page_words(
        [
            (462.0, [("第二十条第（一）项", 251.9, 332.9)]),
            (472.5, _cells(["本年制发件数", "本年废止件数", "现行有效件数"])),
            (498.7, [("信息内容", 231.8, 267.8)]),
            (535.5, [("规章", 240.8, 258.8), *_cells(["０", "０", "０"])]),
            (546.0, [(label[0], 227.3, 272.3), *_cells(["", "", wrapped[0]])]),
            (551.2, _cells([*between, ""])),
            (556.5, [(label[1], 240.8, 258.8), *_cells(["", "", wrapped[1]])]),
            (567.0, [("第二十条第（五）项", 251.9, 332.9)]),
        ]
    )


def _rows(blocks) -> dict[str, list[str]]:
    return {b.cells[0]: b.cells[1:] for b in blocks if b.kind == "row"}


@pytest.mark.parametrize(("wrapped", "between"), [(("１", "２"), ["２", "０"]), (("３", "０"), ["１", "５"])])
def test_a_full_width_count_wrapped_beside_a_wrapped_label_is_one_row(wrapped: tuple[str, str], between: list[str]) -> None:
    blocks, _ = read_page(_page(("行政规范性", "文件"), wrapped, between))
    rows = _rows(blocks)
    assert rows.get("行政规范性文件") == [*between, "".join(wrapped)], rows


def test_the_harness_case_it_was_found_with_reads_the_row() -> None:
    from accuracy.cli import run_case
    from accuracy.generate import make_case

    score, _, _, _ = run_case(make_case(53000060, "pdf_word"))
    assert not [d for d in score["diffs"] if "行政规范性文件" in d], "\n".join(score["diffs"][:12])


_T2 = (306.7, 338.2, 369.6, 401.1, 432.5, 464.0, 495.4)  # table 2's seven columns of counts


def _t2(values: list[str]) -> list[tuple[str, float, float]]:
    return [(v, x, x + 10.5) for v, x in zip(values, _T2, strict=True) if v]


def test_the_same_in_table_2_beside_a_group_label_wrapped_between() -> None:
    # `（四）` / `无` / `法提供` of the group label stand left of it all, one line beside each
    zeros = ["０"] * 7
    blocks, _ = read_page(
        page_words(
            [
                (670.0, [("7.属于行政执法案卷", 185.7, 279.7), *_t2(zeros)]),
                (691.7, [("8.属于行政查询事项", 185.7, 279.7), *_t2(zeros)]),
                (703.9, [("（四）", 127.8, 159.3)]),
                (710.0, [("1.本", 222.4, 243.0), *_t2(["１", "", "", "", "", "", "２"])]),
                (716.2, [("无", 138.3, 148.8), *_t2(["", "０", "２", "６", "０", "８", ""])]),
                (722.3, [("机关不掌握相关政府信息", 175.0, 290.5), *_t2(["１", "", "", "", "", "", "７"])]),
                (728.4, [("法提供", 127.8, 159.3)]),
                (745.0, [("2.没有现成信息需要另行制作", 175.0, 300.0), *_t2(zeros)]),
            ]
        )
    )
    rows = _rows(blocks)
    assert rows.get("1.本机关不掌握相关政府信息") == ["１１", "０", "２", "６", "０", "８", "２７"], rows
