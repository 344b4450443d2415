"""Builders for test documents with the official merged-cell layout of tables 1–3.

A layout is a list of `Span(row, col, rowspan, colspan, text)`: one per visible cell, as the
official templates (国办公开办函〔2019〕60号 / 〔2021〕30号) draw them. The same layout
builds a DOCX (python-docx, real gridSpan / vMerge) and a PDF (reportlab, ruled grid), and
`expected_grid` gives what a reader must return: every cell's text at its first grid
position, "" at the positions a merge covers.
"""

from __future__ import annotations

import contextlib
import functools
import io
from dataclasses import dataclass
from pathlib import Path

from accuracy.grid import Span  # the accuracy harness's merged-cell span: one notion of a cell

APPLICANTS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
# Table 2's three header rows as a reader must return them (written out by hand, not from the
# layout below, so that a wrong layout cannot make a wrong reader pass).
TABLE2_HEAD_ROWS = [
    ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "", "", "申请人情况", *[""] * 6],
    ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
    ["", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
]


@dataclass
class Layout:
    title: str
    rows: int
    cols: int
    spans: list[Span]


def expected_grid(layout: Layout) -> list[list[str]]:
    grid = [[""] * layout.cols for _ in range(layout.rows)]
    for s in layout.spans:
        grid[s.row][s.col] = s.text
    return grid


# -- table 2 -------------------------------------------------------------------------------

T2_2021_ROWS: list[tuple[str | None, str | None, str]] = [
    # (top-level group, second-level group, own label); None = no group column
    ("三、本年度办理结果", None, "（一）予以公开"),
    ("三、本年度办理结果", None, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("三、本年度办理结果", "（三）不予公开", "1.属于国家秘密"),
    ("三、本年度办理结果", "（三）不予公开", "2.其他法律行政法规禁止公开"),
    ("三、本年度办理结果", "（三）不予公开", "3.危及“三安全一稳定”"),
    ("三、本年度办理结果", "（三）不予公开", "4.保护第三方合法权益"),
    ("三、本年度办理结果", "（三）不予公开", "5.属于三类内部事务信息"),
    ("三、本年度办理结果", "（三）不予公开", "6.属于四类过程性信息"),
    ("三、本年度办理结果", "（三）不予公开", "7.属于行政执法案卷"),
    ("三、本年度办理结果", "（三）不予公开", "8.属于行政查询事项"),
    ("三、本年度办理结果", "（四）无法提供", "1.本机关不掌握相关政府信息"),
    ("三、本年度办理结果", "（四）无法提供", "2.没有现成信息需要另行制作"),
    ("三、本年度办理结果", "（四）无法提供", "3.补正后申请内容仍不明确"),
    ("三、本年度办理结果", "（五）不予处理", "1.信访举报投诉类申请"),
    ("三、本年度办理结果", "（五）不予处理", "2.重复申请"),
    ("三、本年度办理结果", "（五）不予处理", "3.要求提供公开出版物"),
    ("三、本年度办理结果", "（五）不予处理", "4.无正当理由大量反复申请"),
    ("三、本年度办理结果", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"),
    ("三、本年度办理结果", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("三、本年度办理结果", "（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("三、本年度办理结果", "（六）其他处理", "3.其他"),
    ("三、本年度办理结果", None, "（七）总计"),
]
# 2019: （六）其他处理 is one row.
T2_2019_ROWS = [r for r in T2_2021_ROWS if r[1] != "（六）其他处理"]
T2_2019_ROWS.insert(len(T2_2019_ROWS) - 1, ("三、本年度办理结果", None, "（六）其他处理"))

# A consistent example: 一 12+二 1 = 总计 11 + 四 2 per the 总计 column.
T2_VALUES_2021: dict[str, list[str]] = {
    "一、本年新收政府信息公开申请数量": ["10", "2", "0", "0", "0", "0", "12"],
    "二、上年结转政府信息公开申请数量": ["1", "0", "0", "0", "0", "0", "1"],
    "（一）予以公开": ["5", "1", "0", "0", "0", "0", "6"],
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": ["1", "0", "0", "0", "0", "0", "1"],
    "1.本机关不掌握相关政府信息": ["2", "0", "0", "0", "0", "0", "2"],
    "1.信访举报投诉类申请": ["1", "1", "0", "0", "0", "0", "2"],
    "3.其他": ["0", "0", "0", "0", "0", "0", "0"],
    "（七）总计": ["9", "2", "0", "0", "0", "0", "11"],
    "四、结转下年度继续办理": ["2", "0", "0", "0", "0", "0", "2"],
}


def _t2_values(label: str, values: dict[str, list[str]]) -> list[str]:
    return values.get(label, ["0"] * 7)


def table2_layout(template: str = "2021", values: dict[str, list[str]] | None = None) -> Layout:
    values = T2_VALUES_2021 if values is None else values
    body = T2_2021_ROWS if template == "2021" else T2_2019_ROWS
    spans: list[Span] = [
        Span(0, 0, 3, 3, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"),
        Span(0, 3, 1, 7, "申请人情况"),
        Span(1, 3, 2, 1, "自然人"),
        Span(1, 4, 1, 5, "法人或其他组织"),
        Span(1, 9, 2, 1, "总计"),
    ]
    for i, name in enumerate(APPLICANTS[1:6]):
        spans.append(Span(2, 4 + i, 1, 1, name))
    r = 3
    for label in ("一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量"):
        spans.append(Span(r, 0, 1, 3, label))
        spans.extend(Span(r, 3 + j, 1, 1, v) for j, v in enumerate(_t2_values(label, values)))
        r += 1
    first_body = r
    spans.append(Span(first_body, 0, len(body), 1, "三、本年度办理结果"))
    i = 0
    while i < len(body):
        _, group, label = body[i]
        if group is None:
            spans.append(Span(r, 1, 1, 2, label))
            spans.extend(Span(r, 3 + j, 1, 1, v) for j, v in enumerate(_t2_values(label, values)))
            r += 1
            i += 1
            continue
        n = sum(1 for row in body[i:] if row[1] == group)
        spans.append(Span(r, 1, n, 1, group))
        for k in range(n):
            own = body[i + k][2]
            spans.append(Span(r, 2, 1, 1, own))
            spans.extend(Span(r, 3 + j, 1, 1, v) for j, v in enumerate(_t2_values(own, values)))
            r += 1
        i += n
    label = "四、结转下年度继续办理"
    spans.append(Span(r, 0, 1, 3, label))
    spans.extend(Span(r, 3 + j, 1, 1, v) for j, v in enumerate(_t2_values(label, values)))
    r += 1
    return Layout("三、收到和处理政府信息公开申请情况", r, 10, spans)


# -- table 3 -------------------------------------------------------------------------------

APPEAL_RESULTS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
T3_VALUES = ["1", "0", "1", "0", "2", "0", "1", "0", "0", "1", "0", "0", "0", "1", "1"]


def table3_layout(values: list[str] | None = None) -> Layout:
    values = T3_VALUES if values is None else values
    spans = [Span(0, 0, 1, 5, "行政复议"), Span(0, 5, 1, 10, "行政诉讼")]
    spans += [Span(1, j, 2, 1, name) for j, name in enumerate(APPEAL_RESULTS)]
    spans += [Span(1, 5, 1, 5, "未经复议直接起诉"), Span(1, 10, 1, 5, "复议后起诉")]
    spans += [Span(2, 5 + j, 1, 1, name) for j, name in enumerate(APPEAL_RESULTS + APPEAL_RESULTS)]
    spans += [Span(3, j, 1, 1, v) for j, v in enumerate(values)]
    return Layout("四、政府信息公开行政复议、行政诉讼情况", 4, 15, spans)


# -- table 1 -------------------------------------------------------------------------------


def table1_layout(template: str = "2021") -> Layout:
    spans: list[Span] = []
    r = 0

    def band(title: str) -> None:
        nonlocal r
        spans.append(Span(r, 0, 1, 4, title))
        r += 1

    def header(cols: list[str]) -> None:
        nonlocal r
        spans.append(Span(r, 0, 1, 1, "信息内容"))
        _row_cells(cols)

    def row(label: str, vals: list[str]) -> None:
        nonlocal r
        spans.append(Span(r, 0, 1, 1, label))
        _row_cells(vals)

    def _row_cells(vals: list[str]) -> None:
        nonlocal r
        if len(vals) == 3:
            spans.extend(Span(r, 1 + j, 1, 1, v) for j, v in enumerate(vals))
        elif len(vals) == 2:
            spans.append(Span(r, 1, 1, 1, vals[0]))
            spans.append(Span(r, 2, 1, 2, vals[1]))
        else:
            spans.append(Span(r, 1, 1, 3, vals[0]))
        r += 1

    if template == "2021":
        band("第二十条第（一）项")
        header(["本年制发件数", "本年废止件数", "现行有效件数"])
        row("规章", ["0", "0", "0"])
        row("行政规范性文件", ["2", "1", "15"])
        band("第二十条第（五）项")
        header(["本年处理决定数量"])
        row("行政许可", ["120"])
        band("第二十条第（六）项")
        header(["本年处理决定数量"])
        row("行政处罚", ["35"])
        row("行政强制", ["4"])
        band("第二十条第（八）项")
        header(["本年收费金额（单位：万元）"])
        row("行政事业性收费", ["1.25"])
    else:
        band("第二十条第（一）项")
        header(["本年新制作数量", "本年新公开数量", "对外公开总数量"])
        row("规章", ["0", "0", "0"])
        row("规范性文件", ["3", "3", "20"])
        band("第二十条第（五）项")
        header(["上一年项目数量", "本年增/减", "处理决定数量"])
        row("行政许可", ["10", "-2", "150"])
        row("其他对外管理服务事项", ["0", "0", "0"])
        band("第二十条第（六）项")
        header(["上一年项目数量", "本年增/减", "处理决定数量"])
        row("行政处罚", ["5", "1", "30"])
        row("行政强制", ["1", "0", "2"])
        band("第二十条第（八）项")
        header(["上一年项目数量", "本年增/减"])
        row("行政事业性收费", ["2", "0"])
        band("第二十条第（九）项")
        header(["采购项目数量", "采购总金额"])
        row("政府集中采购", ["4", "36.5"])
    return Layout("二、主动公开政府信息情况", r, 4, spans)


# -- DOCX ----------------------------------------------------------------------------------


def add_docx_table(doc, layout: Layout):
    table = doc.add_table(rows=layout.rows, cols=layout.cols)
    table.style = "Table Grid"
    for s in layout.spans:
        table.cell(s.row, s.col).text = s.text
    for s in layout.spans:
        if s.rowspan > 1 or s.colspan > 1:
            a = table.cell(s.row, s.col)
            b = table.cell(s.row + s.rowspan - 1, s.col + s.colspan - 1)
            a.merge(b)
    return table


def report_paragraphs(org: str = "上塘镇", year: int = 2021) -> dict[str, list[str]]:
    return {
        "head": [f"{org}人民政府{year}年政府信息公开工作年度报告", f"本报告数据统计期限自{year}年1月1日起至{year}年12月31日止。"],
        "overview": ["一、总体情况", f"{year}年，{org}认真贯彻落实《条例》，全年共收到政府信息公开申请12件。"],
        "t1": ["二、主动公开政府信息情况"],
        "t2": ["三、收到和处理政府信息公开申请情况"],
        "t3": ["四、政府信息公开行政复议、行政诉讼情况"],
        "tail": [
            "五、政府信息公开工作存在的主要问题及改进情况",
            "一是公开内容不够全面。下一步将加强培训。",
            "六、其他需要报告的事项",
            "本年度未收取信息处理费。",
        ],
    }


@functools.lru_cache(maxsize=8)
def build_report_docx(template: str = "2021", org: str = "上塘镇", year: int = 2021) -> bytes:
    import docx

    doc = docx.Document()
    paras = report_paragraphs(org, year)
    for key in ("head", "overview", "t1"):
        for text in paras[key]:
            doc.add_paragraph(text)
    add_docx_table(doc, table1_layout(template))
    for text in paras["t2"]:
        doc.add_paragraph(text)
    add_docx_table(doc, table2_layout(template))
    for text in paras["t3"]:
        doc.add_paragraph(text)
    add_docx_table(doc, table3_layout())
    for text in paras["tail"]:
        doc.add_paragraph(text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# -- PDF (reportlab) -----------------------------------------------------------------------

_FONT_PATHS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
FONT = "CJK"


def cjk_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return FONT
    for path in _FONT_PATHS:
        if Path(path).exists():
            pdfmetrics.registerFont(TTFont(FONT, path, subfontIndex=0))
            return FONT
    raise RuntimeError("no CJK font: apt-get install fonts-wqy-microhei")


def pdf_table(layout: Layout, col_widths: list[float], font_size: float = 7.5, row_height: float | None = None):
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Table, TableStyle

    font = cjk_font()
    style = ParagraphStyle("cell", fontName=font, fontSize=font_size, leading=font_size * 1.25, wordWrap="CJK")
    data: list[list] = [["" for _ in range(layout.cols)] for _ in range(layout.rows)]
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("FONT", (0, 0), (-1, -1), font, font_size),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    for s in layout.spans:
        data[s.row][s.col] = Paragraph(s.text, style) if s.text else ""
        if s.rowspan > 1 or s.colspan > 1:
            commands.append(("SPAN", (s.col, s.row), (s.col + s.colspan - 1, s.row + s.rowspan - 1)))
    table = Table(data, colWidths=col_widths, rowHeights=row_height, repeatRows=0)
    table.setStyle(TableStyle(commands))
    return table


@functools.lru_cache(maxsize=16)
def build_report_pdf(
    template: str = "2021",
    *,
    org: str = "上塘镇",
    year: int = 2021,
    split_table2: bool = False,
    seal: bool = False,
    encrypt: str | None = None,
    kangxi: bool = False,
) -> bytes:
    """A text PDF of a whole report with ruled tables (platypus)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

    font = cjk_font()
    body = ParagraphStyle("body", fontName=font, fontSize=11, leading=16, wordWrap="CJK")
    buf = io.BytesIO()
    kwargs = {}
    if encrypt is not None:
        from reportlab.lib import pdfencrypt

        kwargs["encrypt"] = pdfencrypt.StandardEncryption(encrypt, ownerPassword="owner-secret", strength=128)
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=60, rightMargin=60, topMargin=60, bottomMargin=60, **kwargs)
    paras = report_paragraphs(org, year)

    def text(s: str) -> Paragraph:
        return Paragraph(s, body)

    story: list = [text(s) for s in paras["head"] + paras["overview"] + paras["t1"]]
    story.append(pdf_table(table1_layout(template), [150, 95, 95, 95]))
    if split_table2:
        story.append(Spacer(1, 300))
    story += [text(s) for s in paras["t2"]]
    story.append(pdf_table(table2_layout(template), [22, 55, 150, 33, 33, 33, 33, 33, 33, 33], row_height=None))
    story += [text(s) for s in paras["t3"]]
    story.append(pdf_table(table3_layout(), [29] * 15))
    story += [text(s) for s in paras["tail"]]
    if not split_table2:
        story.append(PageBreak())
        story.append(text("（本页无正文）"))

    def on_page(canvas, doc_) -> None:
        canvas.setFont(font, 10)
        canvas.drawCentredString(A4[0] / 2, 30, f"- {canvas.getPageNumber()} -")
        if seal and canvas.getPageNumber() == 1:
            _draw_seal(canvas, 300, 640)

    with remapped_tounicode(KANGXI_LOOKALIKES if kangxi else {}):
        doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buf.getvalue()


# What some generators write into the ToUnicode map: the glyph of 文 is mapped to the
# Kangxi radical ⽂ (U+2F42), 行 to ⾏ (U+2F8F), 长 to the radical-supplement ⻓ (U+2ED3) …
KANGXI_LOOKALIKES = {"文": "\u2f42", "行": "\u2f8f", "长": "\u2ed3", "见": "\u2ec5", "门": "\u2ed4", "工": "\u2f2f"}


@contextlib.contextmanager
def remapped_tounicode(mapping: dict[str, str]):
    """Draw the real glyphs but write other code points into the ToUnicode CMap."""
    from reportlab.pdfbase import ttfonts

    original = ttfonts.makeToUnicodeCMap
    codes = {ord(k): ord(v) for k, v in mapping.items()}

    def patched(fontname, subset):
        return original(fontname, [codes.get(c, c) for c in subset])

    ttfonts.makeToUnicodeCMap = patched
    try:
        yield
    finally:
        ttfonts.makeToUnicodeCMap = original


def _draw_seal(canvas, x: float, y: float) -> None:
    """A red seal as a raster image over the text (what a scanned stamp looks like)."""
    from reportlab.lib.utils import ImageReader

    canvas.drawImage(ImageReader(io.BytesIO(seal_png())), x, y, width=110, height=110, mask="auto")


def seal_png(size: int = 160) -> bytes:
    """A red ring with a star, as PNG bytes, without Pillow drawing helpers."""
    import struct
    import zlib

    rows = []
    c = size / 2
    for yy in range(size):
        row = bytearray([0])
        for xx in range(size):
            d = ((xx - c) ** 2 + (yy - c) ** 2) ** 0.5
            on = c - 10 <= d <= c - 2 or d < c / 4
            row += bytes([220, 30, 30, 200]) if on else bytes([255, 255, 255, 0])
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows))

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
        + chunk(b"IDAT", raw)
        + chunk(b"IEND", b"")
    )


def build_text_pdf(
    lines: list[str],
    *,
    overprint: bool = False,
    image_only: bool = False,
    pages: int = 1,
    image_bytes: bytes | None = None,
    tounicode: dict[str, str] | None = None,
) -> bytes:
    """A plain PDF with `lines` drawn with a CJK font (canvas API, fast).

    overprint: every line drawn twice at the same place (fake bold; "审审核核" in naive text).
    image_only: no text at all, just an image (a scan).
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas as rl_canvas

    buf = io.BytesIO()
    cv = rl_canvas.Canvas(buf, pagesize=A4)
    font = cjk_font()
    for _ in range(pages):
        if image_only or image_bytes is not None:
            cv.drawImage(ImageReader(io.BytesIO(image_bytes or seal_png(400))), 50, 200, width=495, height=495)
        if not image_only:
            y = 780
            for line in lines:
                for _k in range(2 if overprint else 1):
                    cv.setFont(font, 12)
                    cv.drawString(60, y, line)
                y -= 20
        cv.showPage()
    with remapped_tounicode(tounicode or {}):
        cv.save()
    return buf.getvalue()
