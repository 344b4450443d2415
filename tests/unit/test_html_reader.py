"""Web pages (annual_report/readers/html.py): a report saved from a government site, or as a
.mht archive, is read as the browser shows it — paragraphs, and tables on their grid with
rowspan / colspan expanded like Word's merged cells; layout tables read as text; site
furniture dropped; the charset from the page's <meta>."""

from __future__ import annotations

import base64

from annual_report.check import check_bytes
from annual_report.readers.html import read_html
from annual_report.sniff import sniff


def page(body: str, charset: str = "utf-8", title: str = "") -> bytes:
    head = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}"><title>{title}</title>'
    text = f"<!DOCTYPE html><html><head>{head}<script>var a = '<p>不是正文</p>';</script></head><body>{body}</body></html>"
    return text.encode("gb18030" if charset == "gb2312" else "utf-8")


def rows(doc) -> list[list[str]]:
    return [b.cells for b in doc.blocks if b.kind == "row"]


def texts(doc) -> list[str]:
    return [b.cells[0] for b in doc.blocks if b.kind == "text"]


def test_pages_and_archives_are_told_from_plain_text():
    assert sniff(page("<p>正文</p>")).detected_type == "html"
    assert sniff(b"<div><p>a</p><p>b</p><table><tr><td>1</td></tr></table></div>").detected_type == "html"
    assert sniff("一、总体情况\n<注>本表单位为件\n".encode()).detected_type == "text"
    mht = b'MIME-Version: 1.0\r\nContent-Type: multipart/related; type="text/html"; boundary="b"\r\n\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>x</p>\r\n--b--\r\n'
    assert sniff(mht).detected_type == "mhtml" and sniff(mht).format == "text"


def test_rowspan_and_colspan_land_on_the_grid_like_merged_word_cells():
    table = (
        "<table border=1>"
        "<tr><td colspan=2 rowspan=2>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan=2>申请人情况</td></tr>"
        "<tr><td>自然人</td><td>总计</td></tr>"
        "<tr><td rowspan=2>三、本年度办理结果</td><td>（一）予以公开</td><td>3</td><td>3</td></tr>"
        "<tr><td>（二）部分公开<br>（区分处理的）</td><td>&nbsp;</td><td>0</td></tr>"
        "</table>"
    )
    got = rows(read_html(page(table)))
    assert got[2] == ["三、本年度办理结果", "（一）予以公开", "3", "3"]
    assert got[3] == ["", "（二）部分公开（区分处理的）", "", "0"]  # the blank cell stays blank, not shifted
    assert got[1] == ["", "", "自然人", "总计"]


def test_a_layout_table_around_the_article_is_read_as_text_and_its_data_table_as_rows():
    inner = "<table><tr><td>规章</td><td>0</td><td>0</td><td>1</td></tr></table>"
    body = f"<table><tr><td><p>一、总体情况</p><p>本年度……</p><p>二、主动公开政府信息情况</p>{inner}</td></tr></table>"
    doc = read_html(page(body))
    assert texts(doc)[:2] == ["一、总体情况", "本年度……"]
    assert rows(doc) == [["规章", "0", "0", "1"]]


def test_furniture_scripts_and_the_declared_charset():
    body = '<div class="nav">当前位置：首页 &gt; 政务公开</div><p>\u3000\u3000本报告根据《条例》编制。</p><div>打印本页 关闭窗口</div>'
    doc = read_html(page(body, charset="gb2312"))
    assert texts(doc) == ["本报告根据《条例》编制。"]
    assert "网页编码：gb18030" in doc.notes


def test_the_page_title_is_kept_when_the_body_lacks_it_and_spam_around_it_is_not():
    doc = read_html(page("<p>本报告根据《条例》编制。</p>", title="某某体育_西柳镇2023年政府信息公开工作年度报告_某市人民政府"))
    assert texts(doc)[0] == "西柳镇2023年政府信息公开工作年度报告"
    doc = read_html(page("<h1>西柳镇2023年政府信息公开工作年度报告</h1>", title="西柳镇2023年政府信息公开工作年度报告_某市"))
    assert texts(doc) == ["西柳镇2023年政府信息公开工作年度报告"]


def test_a_mht_archive_reads_its_page():
    html = page("<h1>上塘镇2021年政府信息公开工作年度报告</h1><p>一、总体情况</p>", charset="gb2312")
    mht = (
        b'MIME-Version: 1.0\r\nContent-Type: multipart/related; type="text/html"; boundary="b"\r\n\r\n--b\r\n'
        b"Content-Type: text/html; charset=gb2312\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + base64.encodebytes(html)
        + b"\r\n--b--\r\n"
    )
    doc = read_html(mht, "mhtml")
    assert texts(doc)[:2] == ["上塘镇2021年政府信息公开工作年度报告", "一、总体情况"]


def test_an_empty_page_is_unreadable_not_an_error():
    result = check_bytes(b"<html><body></body></html>" + b" " * 10, "empty.html")
    assert result.classification.kind == "unreadable" and result.classification.detected_type == "html"
    assert result.classification.reasons  # says why: almost no text


def test_a_label_wrapped_over_several_paragraphs_keeps_its_table_a_data_table():
    label = "<p>5.要求行政机关</p><p>确认或重新出具</p><p>已获取信息</p>"
    table = f"<table><tr><td>{label}</td><td>0</td><td>1</td></tr><tr><td>6.其他</td><td>2</td><td>3</td></tr></table>"
    assert rows(read_html(page(table))) == [["5.要求行政机关确认或重新出具已获取信息", "0", "1"], ["6.其他", "2", "3"]]


def test_a_mirror_sites_page_in_traditional_characters_is_read_in_simplified():
    body = "<p>一、總體情況</p><p>本年度我鎮發(fā)布信息52條，開(kāi)展培訓2次，縣(xiàn)裏檢查1次，公開(kāi)指南已更新，報(bào)告按時發(fā)布。</p>"
    page = f"<html><body><h1>青山鎮人民政府2023年政府信息公開工作年度報告</h1>{body}{body}</body></html>"
    doc = read_html(page.encode("utf-8"))
    text = "".join(b.text for b in doc.blocks)
    assert "文本是繁体字，已转换为简体字阅读" in doc.notes
    assert "青山镇人民政府2023年政府信息公开工作年度报告" in text and "(fā)" not in text
