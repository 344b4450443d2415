"""DOCX reader: the official merged-cell tables read back cell for cell, and the odd parts
of real Word files (tracked changes, text boxes, nested/frame tables, numbering)."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.oxml import parse_xml

from annual_report.errors import CorruptDocument
from annual_report.readers.docx import read_docx
from tests.unit.report_fixtures import (
    APPEAL_RESULTS,
    TABLE2_HEAD_ROWS,
    add_docx_table,
    build_report_docx,
    expected_grid,
    table1_layout,
    table2_layout,
    table3_layout,
)

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _rows(doc) -> list[list[str]]:
    return [b.cells for b in doc.blocks if b.kind == "row"]


def _texts(doc) -> list[str]:
    return [b.cells[0] for b in doc.blocks if b.kind == "text"]


def _save(d) -> bytes:
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_official_tables_read_back_cell_for_cell(template):
    doc = read_docx(build_report_docx(template))
    rows = _rows(doc)
    t1, t2, t3 = expected_grid(table1_layout(template)), expected_grid(table2_layout(template)), expected_grid(table3_layout())
    assert rows == t1 + t2 + t3
    assert doc.format == "docx"
    assert all(b.source.line is None and b.source.page is None for b in doc.blocks)


def test_table2_2021_merged_labels_once_in_first_grid_position():
    rows = _rows(read_docx(build_report_docx("2021")))
    n1 = len(expected_grid(table1_layout("2021")))
    table2 = rows[n1:-4]
    assert table2[:3] == TABLE2_HEAD_ROWS
    assert table2[3] == ["一、本年新收政府信息公开申请数量", "", "", "10", "2", "0", "0", "0", "0", "12"]
    assert table2[5] == ["三、本年度办理结果", "（一）予以公开", "", "5", "1", "0", "0", "0", "0", "6"]
    assert table2[7] == ["", "（三）不予公开", "1.属于国家秘密", "0", "0", "0", "0", "0", "0", "0"]
    assert table2[8] == ["", "", "2.其他法律行政法规禁止公开", "0", "0", "0", "0", "0", "0", "0"]
    other_1 = "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    assert table2[23] == ["", "（六）其他处理", other_1, *["0"] * 7]
    assert table2[26] == ["", "（七）总计", "", "9", "2", "0", "0", "0", "0", "11"]
    assert table2[27] == ["四、结转下年度继续办理", "", "", "2", "0", "0", "0", "0", "0", "2"]
    assert len(table2) == 28


def test_table2_2019_single_other_row_and_table1_2019_columns():
    rows = _rows(read_docx(build_report_docx("2019")))
    assert ["", "（六）其他处理", "", "0", "0", "0", "0", "0", "0", "0"] in rows
    assert ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"] in rows
    assert ["行政许可", "10", "-2", "150"] in rows
    assert ["信息内容", "采购项目数量", "采购总金额", ""] in rows
    assert ["政府集中采购", "4", "36.5", ""] in rows


def test_table3_header_and_values():
    rows = _rows(read_docx(build_report_docx("2021")))
    assert rows[-4] == ["行政复议", "", "", "", "", "行政诉讼"] + [""] * 9
    assert rows[-3] == [*APPEAL_RESULTS, "未经复议直接起诉", *[""] * 4, "复议后起诉", *[""] * 4]
    assert rows[-2] == [""] * 5 + [*APPEAL_RESULTS] * 2
    assert rows[-1] == ["1", "0", "1", "0", "2", "0", "1", "0", "0", "1", "0", "0", "0", "1", "1"]


def test_paragraphs_and_tables_in_document_order():
    doc = read_docx(build_report_docx("2021"))
    kinds = [(b.kind, b.cells[0]) for b in doc.blocks]
    i_heading2 = kinds.index(("text", "二、主动公开政府信息情况"))
    i_heading3 = kinds.index(("text", "三、收到和处理政府信息公开申请情况"))
    assert kinds[i_heading2 + 1] == ("row", "第二十条第（一）项")
    assert kinds[i_heading3 - 1] == ("row", "行政事业性收费")
    assert kinds[i_heading3 + 1][0] == "row"
    assert _texts(doc)[0] == "上塘镇人民政府2021年政府信息公开工作年度报告"
    assert _texts(doc)[-1] == "本年度未收取信息处理费。"


def test_empty_cell_stays_empty_not_zero():
    d = docx.Document()
    table = d.add_table(rows=1, cols=3)
    table.cell(0, 0).text = "行政许可"
    table.cell(0, 2).text = "5"
    assert _rows(read_docx(_save(d))) == [["行政许可", "", "5"]]


def test_grid_before_and_after_pad_rows():
    d = docx.Document()
    table = d.add_table(rows=2, cols=3)
    for j, t in enumerate(["规章", "1", "2"]):
        table.cell(0, j).text = t
    tr = table.rows[1]._tr
    # second row: one cell at grid column 1, preceded by gridBefore=1 and followed by gridAfter=1
    for tc in list(tr.tc_lst)[1:]:
        tr.remove(tc)
    tr.tc_lst[0].text = None
    tr.insert(0, parse_xml(f'<w:trPr {W_NS}><w:gridBefore w:val="1"/><w:gridAfter w:val="1"/></w:trPr>'))
    tr.tc_lst[0].clear_content()
    tr.tc_lst[0].append(parse_xml(f"<w:p {W_NS}><w:r><w:t>7</w:t></w:r></w:p>"))
    assert _rows(read_docx(_save(d))) == [["规章", "1", "2"], ["", "7", ""]]


def test_nested_table_rows_follow_their_row_and_frame_table_is_unwrapped():
    d = docx.Document()
    outer = d.add_table(rows=2, cols=2)
    outer.cell(0, 0).text = "外层"
    outer.cell(0, 1).text = "说明"
    inner = outer.cell(1, 0).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "行政处罚"
    inner.cell(0, 1).text = "35"
    outer.cell(1, 1).text = "备注"
    frame = d.add_table(rows=1, cols=1)
    frame.cell(0, 0).paragraphs[0].text = "框内标题"
    framed = frame.cell(0, 0).add_table(rows=1, cols=3)
    for j, t in enumerate(["规章", "0", "0"]):
        framed.cell(0, j).text = t
    doc = read_docx(_save(d))
    assert [(b.kind, b.cells) for b in doc.blocks] == [
        ("row", ["外层", "说明"]),
        ("row", ["", "备注"]),
        ("row", ["行政处罚", "35"]),
        ("text", ["框内标题"]),
        ("row", ["规章", "0", "0"]),
    ]


def test_tracked_changes_keep_insertions_drop_deletions():
    d = docx.Document()
    p = d.add_paragraph()
    p._p.append(parse_xml(f'<w:r {W_NS}><w:t xml:space="preserve">全年收到申请</w:t></w:r>'))
    p._p.append(parse_xml(f'<w:del {W_NS} w:id="1" w:author="a"><w:r><w:delText>10</w:delText></w:r></w:del>'))
    p._p.append(parse_xml(f'<w:ins {W_NS} w:id="2" w:author="a"><w:r><w:t>12</w:t></w:r></w:ins>'))
    p._p.append(parse_xml(f"<w:r {W_NS}><w:t>件。</w:t></w:r>"))
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "保留行"
    table.cell(0, 1).text = "1"
    table.cell(1, 0).text = "已删除行"
    table.rows[1]._tr.insert(0, parse_xml(f'<w:trPr {W_NS}><w:del w:id="3" w:author="a"/></w:trPr>'))
    doc = read_docx(_save(d))
    assert _texts(doc) == ["全年收到申请12件。"]
    assert _rows(doc) == [["保留行", "1"]]


def test_text_box_read_once_after_its_paragraph():
    d = docx.Document()
    p = d.add_paragraph("正文段落")
    box = (
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml">'
        '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>'
        "<w:p><w:r><w:t>文本框里的说明</w:t></w:r></w:p>"
        "</w:txbxContent></wps:txbx></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>"
        "<w:p><w:r><w:t>文本框里的说明</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    p._p.append(parse_xml(box))
    d.add_paragraph("下一段")
    assert _texts(read_docx(_save(d))) == ["正文段落", "文本框里的说明", "下一段"]


def test_headers_and_footers_are_not_read():
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "页眉：某某镇人民政府"
    d.sections[0].footer.paragraphs[0].text = "- 1 -"
    d.add_paragraph("一、总体情况")
    assert _texts(read_docx(_save(d))) == ["一、总体情况"]


def test_line_break_splits_blocks_and_kangxi_is_mapped():
    d = docx.Document()
    p = d.add_paragraph("二、主动公开政府信息情况")
    p.add_run().add_break()
    p.add_run("\u2f42件\u2f8f政")
    assert _texts(read_docx(_save(d))) == ["二、主动公开政府信息情况", "文件行政"]


def test_automatic_numbering_is_rendered():
    d = docx.Document()
    d.add_paragraph("总体情况", style="List Number")
    d.add_paragraph("主动公开政府信息情况", style="List Number")
    texts = _texts(read_docx(_save(d)))
    assert texts == ["1.总体情况", "2.主动公开政府信息情况"]


def test_cell_with_two_paragraphs_is_one_cell():
    d = docx.Document()
    table = d.add_table(rows=1, cols=2)
    cell = table.cell(0, 0)
    cell.text = "（二）部分公开"
    cell.add_paragraph("（区分处理的，只计这一情形，不计其他情形）")
    table.cell(0, 1).text = "3"
    assert _rows(read_docx(_save(d))) == [["（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "3"]]


def test_layout_builder_tables_alone():
    d = docx.Document()
    add_docx_table(d, table3_layout(["0"] * 15))
    assert _rows(read_docx(_save(d))) == expected_grid(table3_layout(["0"] * 15))


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04" + b"\x00" * 100,
        build_report_docx()[:2000],
        b"not a zip at all",
    ],
    ids=["zip-header-only", "truncated", "garbage"],
)
def test_corrupt_docx_raises_with_chinese_reason(data):
    with pytest.raises(CorruptDocument) as exc:
        read_docx(data)
    assert "Word" in exc.value.reason and "损坏" in exc.value.reason


def test_zip_without_document_xml():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", "hello")
    with pytest.raises(CorruptDocument) as exc:
        read_docx(buf.getvalue())
    assert "word/document.xml" in exc.value.reason


def test_broken_xml_inside_docx():
    good = build_report_docx()
    src = zipfile.ZipFile(io.BytesIO(good))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for item in src.infolist():
            payload = src.read(item.filename)
            if item.filename == "word/document.xml":
                payload = payload[: len(payload) // 2]
            zf.writestr(item, payload)
    with pytest.raises(CorruptDocument):
        read_docx(buf.getvalue())
