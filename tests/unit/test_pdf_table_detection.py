"""Tables a PDF reader must find where they are (issue 13, pdf_word's false `table.missing`):
the prose around a table stays prose and the table's own lines stay the table's.

Phenomena, each on synthetic lines, then pinned on the harness case it was found in:

* the first header line of a table without inner rules (frame only, 三线表) is set in the
  table's smaller type right under the sentence that introduces the table (…情况如下：); it
  is no continuation of that sentence (`行政复议 行政诉讼` was glued to it, the table was lost);
* a font without ascent and descent gives pdfium tight character boxes: 、，。 sit low in the
  line, their middles more than the tolerance below the line's; they belong to their line (a
  line of their own broke every sentence: `…行政复议 行政诉讼案件` read as table 3's heading).
"""

from __future__ import annotations

import pytest

from accuracy.cli import run_one
from annual_report.document import Block
from annual_report.model import Source
from annual_report.readers import pdfgrid
from annual_report.readers.pdfheaders import drop_repeated_headers
from annual_report.readers.pdftext import _is_table_page, _prose_items


def _line(text: str, x0: float, top: float, x1: float, size: float) -> dict:
    return {"text": text, "x0": x0, "top": top, "x1": x1, "bottom": top + size}


def _paragraphs(lines: list[dict]) -> list[str]:
    return [block.cells[0] for _, _, block in _prose_items(lines, 595.3, 3)]


def test_a_table_header_in_smaller_type_does_not_continue_the_sentence_above() -> None:
    lines = [
        _line("四、政府信息公开行政复议、行政诉讼情况", 122.3, 78.4, 426.3, 16.0),
        _line("本年度政府信息公开行政复议、行政诉讼情况如下：", 122.3, 106.4, 490.3, 16.0),
        _line("行政复议 行政诉讼", 136.0, 156.9, 379.4, 9.0),
    ]
    assert _paragraphs(lines)[1:] == ["本年度政府信息公开行政复议、行政诉讼情况如下：", "行政复议 行政诉讼"]


def test_a_header_line_spread_over_its_cells_does_not_continue_the_sentence_above() -> None:
    """Body and table in the same type: the header's words stand far apart (centred in their
    cells); a wrapped sentence's words never do."""
    lines = [
        _line("本年度政府信息公开行政复议、行政诉讼情况如下：", 90.0, 106.0, 505.0, 10.5),
        _line("行政复议 行政诉讼", 140.0, 130.0, 420.0, 10.5),
    ]
    assert _paragraphs(lines) == ["本年度政府信息公开行政复议、行政诉讼情况如下：", "行政复议 行政诉讼"]


def test_a_sentence_does_not_continue_across_a_table() -> None:
    """The table's lines are not prose: the line above it and the heading below it are next to
    each other among the page's prose lines, 8 lines apart (pdf_word-7000010: table 3's
    heading read as …情况如下：五 政府信息公开工作存在的主要问题及改进情况)."""
    lines = [
        _line("四 政府信息公开行政法复议、行政诉讼情况", 111.5, 359.1, 431.5, 14.4),
        _line("本年度政府信息公开行政复议、行政诉讼情况如下：", 111.5, 380.4, 479.5, 14.4),
        _line("五 政府信息公开工作存在的主要问题及改进情况", 111.5, 513.2, 463.5, 14.4),
    ]
    assert _paragraphs(lines)[1:] == ["本年度政府信息公开行政复议、行政诉讼情况如下：", "五 政府信息公开工作存在的主要问题及改进情况"]


def test_a_wrapped_sentence_still_continues() -> None:
    lines = [
        _line("本年度我镇政府信息公开工作未收取任何费用。全年", 122.3, 456.4, 490.3, 16.0),
        _line("政府信息公开工作机构 1 个，工作人员 2 人。", 90.3, 484.4, 411.5, 16.0),
    ]
    assert _paragraphs(lines) == ["本年度我镇政府信息公开工作未收取任何费用。全年政府信息公开工作机构 1 个，工作人员 2 人。"]


def test_a_sentence_ending_in_taller_digits_still_continues() -> None:
    """The last line of a sentence, mostly digits whose font's boxes are a third taller than the
    ideographs' (pdfium's loose boxes, huaian_city_2024): no smaller type, the sentence goes on."""
    lines = [
        _line("本年度共收到政府信息公开申请，其中依申请公开办结数量为", 90.3, 456.4, 505.0, 16.3),
        _line("1234 件。", 90.3, 480.0, 160.0, 21.4),
    ]
    assert _paragraphs(lines) == ["本年度共收到政府信息公开申请，其中依申请公开办结数量为1234 件。"]


def test_a_line_s_size_is_its_ideographs() -> None:
    chars = [_ch("共", 100, 172.3, 188.7), _ch("计", 112, 172.3, 188.7), _ch("9", 130, 167.5, 189.0), _ch("5", 136, 167.5, 189.0)]
    chars += [_ch("5", 142, 167.5, 189.0), _ch("个", 150, 172.3, 188.7)]
    (line,) = pdfgrid.text_lines(chars)
    assert line["size"] == pytest.approx(16.4) and line["bottom"] - line["top"] == pytest.approx(21.5)


def _ch(text: str, x: float, top: float, bottom: float) -> dict:
    return {"text": text, "x0": x, "x1": x + 12, "top": top, "bottom": bottom}


def test_low_punctuation_in_tight_boxes_stays_on_its_line() -> None:
    """Boxes as pdfium gives them for 仿宋_GB2312 replaced by a font without metrics: each
    glyph's own ink, 。 a small box at the foot of the line (pdf_word-1000375)."""
    first = [_ch("编", 211.5, 201.5, 212.4), _ch("制", 223.5, 201.6, 212.4), _ch("。", 235.5, 209.5, 212.6), _ch("报", 247.5, 201.6, 212.5)]
    comma = [_ch("日", 79.5, 229.6, 240.4), _ch("，", 91.5, 236.9, 242.0), _ch("如", 103.5, 229.5, 240.4)]
    lines = pdfgrid.text_lines(first + comma)
    assert [ln["text"] for ln in lines] == ["编制。报", "日，如"]


# Harness cases (`python -m accuracy.show pdf_word SEED`), each with the set-up it was drawn.
TABLE_FOUND = [
    (1_000_277, {"word_borders": "frame", "word_table_pt": 9.0}),  # 行政复议 行政诉讼 glued to …情况如下：
    (5_000_098, {"word_borders": "three_line", "word_table_pt": 10.5}),  # the same under a three-line table's top rule
    (1_000_375, {"word_body_font": "仿宋_GB2312", "word_latin_font": "仿宋_GB2312"}),  # tight boxes: 、。 on lines of their own
]


@pytest.mark.parametrize(("seed", "drawn"), TABLE_FOUND, ids=[str(s) for s, _ in TABLE_FOUND])
def test_the_table_is_found(seed: int, drawn: dict) -> None:
    score, _, _, detail = run_one(seed, "pdf_word")
    style = detail["truth"]["render"]["style"]
    assert {k: style.get(k) for k in drawn} == drawn  # the case still draws what it is here for
    assert score["passed"], "\n".join(score["diffs"][:12])


def test_table_1_s_last_row_alone_atop_a_page_makes_a_table_page() -> None:
    """行政事业性收费 and its one number, alone atop the page after its header, prose after it
    (pdf_word-5000091, 5000026, 7000089: the page was read as prose, the row lost)."""
    assert _is_table_page(["行政事业性收费 0", "三、收到和处理政府信息公开申请情况", "本年度收到和处理政府信息公开申请情况如下："])
    assert _is_table_page(["行政事业性收费 ０", "三、收到和处理政府信息公开申请的情况"])
    assert not _is_table_page(["行政事业性收费项目已全部公开，共 3", "项。", "三、收到和处理政府信息公开申请情况"])


PAGE_OPENS_WITH_A_ROW = [
    (5_000_091, {"word_borders": "frame"}),
    (7_000_089, {"word_borders": "all"}),
    (7_000_010, {"word_header_repeat": True, "word_caption": "in_row"}),  # table 2's header repeated, no heading above it
]


@pytest.mark.parametrize(("seed", "drawn"), PAGE_OPENS_WITH_A_ROW, ids=[str(s) for s, _ in PAGE_OPENS_WITH_A_ROW])
def test_the_row_alone_atop_a_page_is_read(seed: int, drawn: dict) -> None:
    test_the_table_is_found(seed, drawn)


def _row(page: int, *cells: str) -> Block:
    return Block("row", list(cells), Source(page=page))


def test_a_repeated_header_is_dropped_when_its_table_opened_right_under_another() -> None:
    """No heading between table 1 and table 2 (left out of the report, blank paragraphs
    between): table 2's header, repeated atop the next page, follows a row of table 1 there,
    yet the copy is table 2's, not a second table (pdf_word-7000010: (七)总计 read twice)."""
    blank = [""] * 6
    header = [
        _row(2, "表2 收到和处理政府信息公开申请情况", "", "", *blank, ""),
        _row(2, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "", "", "申请人情况", *blank),
        _row(2, "", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"),
    ]
    copy = [Block("row", list(b.cells), Source(page=3)) for b in header]
    blocks = [
        _row(2, "政府集中采购", "0", "0", ""),
        *header,
        _row(2, "一、本年新收政府信息公开申请数量", "", "", "6", "4", "2", "0", "1", "5", "18"),
        *copy,
        _row(3, "", "（七）总计", "", "4", "3", "2", "0", "1", "5", "15"),
    ]
    kept = blocks[:5] + blocks[8:]
    drop_repeated_headers(blocks)
    assert blocks == kept
    again = [_row(2, "行政强制", "0", "0", "0"), *header[1:], _row(3, "（七）总计", "4")]
    before = list(again)
    drop_repeated_headers(again)
    assert again == before  # nothing repeated: nothing dropped
