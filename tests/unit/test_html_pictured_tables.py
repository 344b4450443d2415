"""Saved web pages whose tables are pictures (readers/html_pictures.py): one table.missing
that says the tables are pictures (表格是图片), not one finding per table; a table that is
simply absent is still reported as such; a logo or share button is no table."""

from __future__ import annotations

from accuracy.generate import make_case
from accuracy.render import render
from annual_report.check import check_bytes

HEADINGS = ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况")
TAIL = "<h3>五、存在的主要问题及改进情况</h3><p>一是公开不够全面。</p><h3>六、其他需要报告的事项</h3><p>本年度未收取信息处理费。</p>"


def _page(sections: list[str]) -> bytes:
    body = "".join(f"<h3>{h}</h3>{s}" for h, s in zip(HEADINGS, sections, strict=True)) + TAIL
    head = '<meta charset="utf-8"><title>西柳镇人民政府2022年政府信息公开工作年度报告_海城市人民政府</title>'
    logo = '<div class="top"><img src="/images/logo.png" width="300" height="60"></div>'
    return f"<html><head>{head}</head><body>{logo}<h1>西柳镇人民政府2022年政府信息公开工作年度报告</h1>{body}</body></html>".encode()


def _missing(data: bytes, name: str = "report.html"):
    result = check_bytes(data, name)
    return result, [f for f in result.findings if f.rule == "table.missing"]


def test_three_pictured_tables_are_said_once() -> None:
    img = '<p style="text-align:center"><img src="/uploadfiles/2023/01/20230117091500{}.png" width="554"></p>'
    result, found = _missing(_page(["<p>2022年，我镇认真落实条例。</p>", img.format(1), img.format(2), img.format(3)]))
    [f] = found
    assert f.message.startswith("表格是图片：") and "三张表" in f.message
    assert f.table == "active_disclosure" and f.where == "二、主动公开政府信息情况"
    assert any("统计表是图片" in r for r in result.classification.reasons)


def test_absent_table_beside_a_logo_is_no_picture() -> None:
    _, found = _missing(_page(["<p>2022年，我镇认真落实条例。</p>", "", "", ""]))
    assert len(found) == 3 and not any("图片：" in f.message for f in found)


def test_one_pictured_table_and_one_absent_are_told_apart() -> None:
    img = '<img src="W020230113381{}.jpg" style="width:100%">'
    _, found = _missing(_page(["<p>2022年，我镇认真落实条例。</p>", img.format(1), "<p>见附件。</p>", img.format(3)]))
    pictured = [f for f in found if f.message.startswith("表格是图片")]
    assert [f.table for f in pictured] == ["active_disclosure"] and "两张表" in pictured[0].message
    assert [f.table for f in found if f not in pictured] == ["applications"]


def test_generated_page_with_pictured_tables() -> None:
    case = make_case(1000006, "html")
    assert case.render.get("pictured")
    data, ext = render(case)
    _, found = _missing(data, f"{case.name}.{ext}")
    assert len(found) == 1 and found[0].message.startswith("表格是图片")


def test_a_note_naming_a_row_does_not_make_a_pictured_table_text() -> None:
    """The note under table 2's picture names one of its rows (“本年新收”不含上年结转的申请): a
    mention in a sentence is no row of the table, so the picture is still that table (html-21000271)."""
    img = '<img src="report_files/image00{}.jpg" width="600">'
    note = "<p>注：1.本表所列数据截至2022年12月31日；2.“本年新收”不含上年结转的申请。</p>"
    sections = ["<p>2022年，我镇认真落实条例。</p>", img.format(7), img.format(9) + note, img.format(11)]
    _, found = _missing(_page(sections))
    [f] = found
    assert f.message.startswith("表格是图片：") and "三张表" in f.message


def test_a_table_in_paragraphs_is_text_whatever_its_pictures() -> None:
    """Table 2 set as lines of text (a row's label and its counts) beside a photo: it is read, not
    called a picture."""
    img = '<img src="W0202301123812.jpg" style="width:100%">'
    rows = "".join(f"<p>{label} 1 0 0 0 0 0 1</p>" for label in ("一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量"))
    _, found = _missing(_page(["<p>2022年，我镇认真落实条例。</p>", img.format(1), img.format(2) + rows, img.format(3)]))
    assert [f.table for f in found] == ["active_disclosure"] and "两张表" in found[0].message
