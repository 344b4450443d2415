"""PDF reader on generated PDFs (reportlab, ruled tables with the official merges)."""

from __future__ import annotations

import pytest

from annual_report.document import Block
from annual_report.errors import DocumentTooLarge
from annual_report.model import Source
from annual_report.readers import pdfcontinued, pdftext
from annual_report.readers.pdf import read_pdf
from tests.unit.report_fixtures import (
    KANGXI_LOOKALIKES,
    TABLE2_HEAD_ROWS,
    build_report_pdf,
    build_text_pdf,
    expected_grid,
    table1_layout,
    table2_layout,
    table3_layout,
)


def _rows(doc) -> list[list[str]]:
    return [b.cells for b in doc.blocks if b.kind == "row"]


def _texts(doc) -> list[str]:
    return [b.cells[0] for b in doc.blocks if b.kind == "text"]


@pytest.fixture(scope="module")
def report_2021():
    return read_pdf(build_report_pdf("2021"))


def test_generated_2021_report_tables_cell_for_cell(report_2021):
    expected = expected_grid(table1_layout("2021")) + expected_grid(table2_layout("2021")) + expected_grid(table3_layout())
    assert _rows(report_2021) == expected


def test_table_split_over_two_pages_is_one_grid(report_2021):
    # table 2 starts on page 1 and continues on page 2 (platypus splits it)
    t2 = [b for b in report_2021.blocks if b.kind == "row" and len(b.cells) == 10]
    pages = {b.source.page for b in t2}
    assert pages == {1, 2}
    # the first page's part has no visible border between the three label columns, yet
    # it is re-gridded to the ten columns of the continuation
    assert t2[0].cells == TABLE2_HEAD_ROWS[0]
    assert all(len(b.cell_sources) == 10 for b in t2)


def test_sources_carry_page_and_box(report_2021):
    for b in report_2021.blocks:
        assert b.source.page in (1, 2, 3)
        if b.kind == "row":
            x0, top, x1, bottom = b.source.box
            assert 0 <= x0 < x1 <= 600 and 0 <= top < bottom <= 850
            assert len(b.cell_sources) == len(b.cells)


def test_headings_text_order_and_page_numbers_dropped(report_2021):
    texts = _texts(report_2021)
    assert texts[:3] == [
        "上塘镇人民政府2021年政府信息公开工作年度报告",
        "本报告数据统计期限自2021年1月1日起至2021年12月31日止。",
        "一、总体情况",
    ]
    assert "五、政府信息公开工作存在的主要问题及改进情况" in texts
    assert not any(t.strip("- ").isdigit() for t in texts)
    kinds = [(b.kind, b.cells[0]) for b in report_2021.blocks]
    i = kinds.index(("text", "三、收到和处理政府信息公开申请情况"))
    assert kinds[i - 1] == ("row", "行政事业性收费") and kinds[i + 1][0] == "row"
    assert report_2021.pages == 3 and report_2021.format == "pdf"


def test_2019_template_with_seal_image_over_text():
    doc = read_pdf(build_report_pdf("2019", seal=True))
    expected = expected_grid(table1_layout("2019")) + expected_grid(table2_layout("2019")) + expected_grid(table3_layout())
    assert _rows(doc) == expected
    assert _texts(doc)[0] == "上塘镇人民政府2021年政府信息公开工作年度报告"


def test_kangxi_radicals_in_tounicode_are_mapped_back():
    doc = read_pdf(build_report_pdf("2021", kangxi=True))
    assert "行政许可" in [r[0] for r in _rows(doc)]
    assert "本年收费金额（单位：万元）" in [c for r in _rows(doc) for c in r]
    assert not any(0x2E80 <= ord(ch) <= 0x2FDF for b in doc.blocks for c in b.cells for ch in c)
    # the text-layer-only path too
    plain = read_pdf(build_text_pdf(["政府信息公开工作年度报告（文件）", "行政长度见门工作"], tounicode=KANGXI_LOOKALIKES))
    assert _texts(plain) == ["政府信息公开工作年度报告（文件）", "行政长度见门工作"]


def test_overprinted_text_and_borderless_table_rows():
    lines = [
        "四、政府信息公开行政复议、行政诉讼情况",
        "行政复议 结果维持 结果纠正 其他结果 尚未审结 总计",
        "行政复议 1 0 0 0 1",
        "复议后起诉 2 0 1 0 3",
        "一、本年新收政府信息公开申请数量 12 0 0 0 0 0 12",
    ]
    doc = read_pdf(build_text_pdf(lines, overprint=True))
    rows = _rows(doc)
    assert ["行政复议", "1", "0", "0", "0", "1"] in rows
    assert ["复议后起诉", "2", "0", "1", "0", "3"] in rows
    assert ["一、本年新收政府信息公开申请数量", "12", "0", "0", "0", "0", "0", "12"] in rows
    assert "四、政府信息公开行政复议、行政诉讼情况" in _texts(doc)


def test_overprint_on_text_only_page_is_not_doubled():
    doc = read_pdf(build_text_pdf(["审核政府信息公开工作年度报告", "一、总体情况"], overprint=True))
    assert _texts(doc) == ["审核政府信息公开工作年度报告", "一、总体情况"]


def test_limits_pages_and_bytes():
    data = build_report_pdf("2021")
    with pytest.raises(DocumentTooLarge) as exc:
        read_pdf(data, max_pages=2)
    assert "3 页" in exc.value.reason
    with pytest.raises(DocumentTooLarge):
        read_pdf(data, max_bytes=1000)


# -- the clean-up steps on their own ------------------------------------------------------


def test_undouble_whole_line_pairs_only():
    assert pdftext._undouble("审审核核意意见见") == "审核意见"
    assert pdftext._undouble("人人都有") == "人人都有"  # not all pairs
    assert pdftext._undouble("一、总体情况") == "一、总体情况"


def test_vertical_label_and_page_numbers_in_text_layer():
    lines = pdftext._clean_lines(["- 3 -", "三", "、", "本", "年", "度", "（一）予以公开 0 0 0 0 0 0 0", "第 2 页", "2 / 6"])
    assert lines == ["三、本年度", "（一）予以公开 0 0 0 0 0 0 0"]


def test_reflow_joins_wrapped_prose_but_not_headings_or_sentence_ends():
    lines = [
        "一、总体情况",
        "2023 年，本镇坚持以习近平新时代中国特色社会主义思想为指",
        "导，全面贯彻落实《条例》相关规范要求，不断完善政府信息公",
        "开制度。",
        "（一）主动公开情况。本年主动公开政府信息共计一百余条，主",
        "要包括通知公告。",
        "（二）依申请公开情况。本年度未收到政府信息公开申请事项。",
    ]
    assert pdftext._reflow(lines) == [
        "一、总体情况",
        "2023 年，本镇坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实《条例》相关规范要求，不断完善政府信息公开制度。",
        "（一）主动公开情况。本年主动公开政府信息共计一百余条，主要包括通知公告。",
        "（二）依申请公开情况。本年度未收到政府信息公开申请事项。",
    ]


def row(page: int, cells: list[str]) -> Block:
    """A table row read on `page` (the continued-table joins look only at cells and page)."""
    return Block(kind="row", cells=list(cells), source=Source(page=page))


def test_group_label_cut_by_page_break_is_rebuilt():
    blocks = [
        row(4, ["", "（三）不予公开", "8.属于行政查询事项", "105", "0"]),
        row(4, ["", "（四）无", "1.本机关不掌握相关政府信息", "746", "12"]),
        row(5, ["", "法提供", "2.没有现成信息需要另行制作", "11", "0"]),
        row(5, ["", "", "3.补正后申请内容仍不明确", "1", "0"]),
    ]
    pdfcontinued._join_continued_tables(blocks)
    assert blocks[1].cells[1] == "（四）无法提供"
    assert blocks[2].cells == ["", "", "2.没有现成信息需要另行制作", "11", "0"]
    assert blocks[0].cells[1] == "（三）不予公开"


def test_a_row_printed_again_with_its_group_cell_empty_is_one_row():
    """The copy of a group's first row at the top of the next page shows the group cell empty
    (the merged cell goes on below it, with the rest of its text): the copy is dropped and the
    group label rebuilt (it was read as （五）不予 / 处理: a false label.nonstandard)."""
    blocks = [
        row(1, ["", "（四）无法提供", "3.补正后申请内容仍不明确", "0", "0"]),
        row(1, ["", "（五）不予", "1.信访举报投诉类申请", "14", "0"]),
        row(2, ["", "", "1.信访举报投诉类申请", "14", "0"]),
        row(2, ["", "处理", "2.重复申请", "0", "0"]),
    ]
    notes: list[str] = []
    pdfcontinued._join_continued_tables(blocks)
    pdfcontinued._drop_repeated_rows(blocks, notes)
    assert [b.cells[1] for b in blocks] == ["（四）无法提供", "（五）不予处理", ""]
    assert len(notes) == 1


def test_garbled_ratio_detects_mojibake_and_cid():
    assert pdftext._garbled_ratio("æ¿å”ä¿¡æflå‹å…å„·å”ƒæ¥å 2023 å„· åä”‹å‚")[0]
    assert pdftext._garbled_ratio("(cid:123)(cid:456)(cid:789)" * 5)[0]
    assert not pdftext._garbled_ratio("政府信息公开工作年度报告，全年共收到申请 12 件。")[0]
