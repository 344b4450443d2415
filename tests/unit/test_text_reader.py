"""The text reader: encodings, line numbers, and the shapes of table text it undoes."""

from __future__ import annotations

import codecs

import pytest

from annual_report.readers.text import decode_text, read_text

SAMPLE = "上塘镇2021年政府信息公开工作年度报告\n一、总体情况\n\t规章\n\t0\n"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8"),
        (SAMPLE.encode("gb18030"), "gb18030"),
        (SAMPLE.encode("gbk"), "gb18030"),
        (SAMPLE.encode("utf-16"), "utf-16-le"),  # with BOM
        (SAMPLE.encode("utf-16-le"), "utf-16-le"),
        (SAMPLE.encode("utf-16-be"), "utf-16-be"),
        (codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_encodings(data: bytes, encoding: str) -> None:
    text, enc, replaced = decode_text(data)
    assert text == SAMPLE and enc == encoding and replaced == 0


def test_crlf_and_cr_keep_line_numbers() -> None:
    doc = read_text("标题\r\n\r\n一、总体情况\r正文".encode())
    assert [(b.text, b.source.line) for b in doc.blocks] == [("标题", 1), ("一、总体情况", 3), ("正文", 4)]


def test_utf8_cut_in_the_middle_of_a_character_still_reads() -> None:
    data = "一、总体情况\n内容".encode()[:-1]
    text, enc, replaced = decode_text(data)
    assert enc == "utf-8" and text.startswith("一、总体情况") and replaced == 1


def test_one_cell_per_line_groups_rows_and_keeps_empty_cells() -> None:
    doc = read_text("\t\n\t2.没有现成信息需要另行制作\n\t0\n\t\n\t0\n\n\t结果\n维持\n\t结果\n纠正\n".encode())
    row1, row2 = doc.blocks
    assert row1.cells == ["", "2.没有现成信息需要另行制作", "0", "", "0"]
    assert [s.line for s in row1.cell_sources] == [1, 2, 3, 4, 5]
    assert row2.cells == ["结果维持", "结果纠正"]  # wrapped cell text joined (seed 001)


def test_tsv_rows_keep_their_holes() -> None:
    (row,) = read_text("四、结转下年度继续办理\t\t\t0\t1\n".encode()).blocks
    assert row.kind == "row" and row.cells == ["四、结转下年度继续办理", "", "", "0", "1"]


def test_pipe_cells_and_filler_lines() -> None:
    doc = read_text("二、主动公开政府信息情况\n规章 |\n0 |\n|||\n行政许可 |\n".encode())
    heading, row = doc.blocks
    assert heading.kind == "text"
    assert row.cells == ["规章", "0", "", "", "", "行政许可"]
    assert [s.line for s in row.cell_sources] == [2, 3, 4, 4, 4, 5]


def test_markdown_table_skips_separator() -> None:
    doc = read_text("| 信息内容 | 本年制发件数 |\n|---|:---:|\n| 规章 | 3 |\n".encode())
    assert [b.cells for b in doc.blocks] == [["信息内容", "本年制发件数"], ["规章", "3"]]
    assert doc.blocks[1].source.line == 3


def test_layout_spacing_footers_and_letter_spaced_headings() -> None:
    text = "  规章        0     1    2\n   - 3 -\n-4-\n第 5 页 共 9 页\n总  体  情  况\n一、总体情况  \n"
    doc = read_text(text.encode())
    assert [(b.kind, b.cells) for b in doc.blocks] == [
        ("row", ["规章", "0", "1", "2"]),
        ("text", ["总  体  情  况"]),
        ("text", ["一、总体情况"]),
    ]
    assert doc.blocks[2].source.line == 6


def test_binary_garbage_and_controls_do_not_raise() -> None:
    doc = read_text(bytes(range(256)) * 50)
    assert doc.format == "text"
    assert all("\x00" not in b.text for b in doc.blocks)


def test_notes_name_a_non_utf8_encoding() -> None:
    assert read_text(SAMPLE.encode("gb18030")).notes == ["文本编码：gb18030"]
    assert read_text(SAMPLE.encode()).notes == []


def test_a_mirror_sites_traditional_characters_and_pinyin_are_read_in_simplified() -> None:
    text = (
        "青山鎮人民政府2023年政府信息公開工作年度報告\n"
        "一、總體情況\n本年度我鎮發(fā)布信息52條，開(kāi)展培訓2次，縣(xiàn)裏檢查1次，"
        "公開(kāi)指南已更新，報(bào)告按時發(fā)布。\n"
        "二、主動公開政府信息情況\n規章\t0\t0\t0\n行政規範性文件\t1\t0\t3\n"
    )
    doc = read_text(text.encode())
    assert "文本是繁体字，已转换为简体字阅读" in doc.notes
    assert doc.blocks[0].text == "青山镇人民政府2023年政府信息公开工作年度报告"
    assert "(fā)" not in "".join(b.text for b in doc.blocks) and "发布信息52条" in doc.blocks[2].text
    assert doc.blocks[-1].cells == ["行政规范性文件", "1", "0", "3"]


def test_a_simplified_report_is_never_converted() -> None:
    text = "乾安县乾坤镇2023年政府信息公开工作年度报告\n一、总体情况\n本年度我镇发布信息52条（fā）。\n" * 5
    doc = read_text(text.encode())
    assert "文本是繁体字，已转换为简体字阅读" not in doc.notes
    assert doc.blocks[0].text.startswith("乾安县乾坤镇")
