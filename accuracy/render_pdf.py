"""PDFs with a text layer (reportlab canvas, the CJK font setup installs): tables with every
rule (`pdf_ruled`), no rule at all so that columns are separated by whitespace only
(`pdf_borderless`), or only some rules — horizontal lines, a three-line table, an outer frame
(`pdf_partial`); column widths, padding, fonts and sizes vary; labels wrap inside their cells,
narrow group columns put one character per line; cells centred vertically or at the top or
bottom of their row; labels at the left or centred; tables split across pages, sometimes with
the header rows or the last row repeated at the top of the next page; table 2 sometimes with a
合计 / 小计 column after the kinds of 法人或其他组织, as some real reports print it."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from pathlib import Path

from accuracy import grid as gridmod
from accuracy.model import Doc, Para, Table

FONT_FILES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
PAGE_W, PAGE_H = 595.0, 842.0
MARGIN = 56.0


def fonts() -> list[str]:
    """Register the CJK faces available (both faces of wqy-microhei: proportional and mono)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    names: list[str] = []
    for path in FONT_FILES:
        if not Path(path).exists():
            continue
        for index in (0, 1):
            name = f"CJK{len(names)}"
            if name not in pdfmetrics.getRegisteredFontNames():
                try:
                    pdfmetrics.registerFont(TTFont(name, path, subfontIndex=index))
                except Exception:
                    continue
            names.append(name)
    if not names:
        raise RuntimeError("no CJK font: apt-get install fonts-wqy-microhei")
    return names


@dataclass
class Style:
    font: str
    size: float
    rules: str  # all | none | horizontal | three_line | outer
    pad: float
    value_w: float  # width of a value column
    label_w: tuple[float, float, float]  # group1, group2, own label (table 2)
    align: str  # center | right | left: numbers at the left edge of their cell sit close to the label before them
    duplicate: bool
    valign: str = "center"  # center | top | bottom: where a cell's lines sit in a taller row (Word's default is top)
    label_align: str = "left"  # left | center: labels at the cell's left edge or centred in it
    repeat_header: bool = False  # a table cut by a page break repeats its header rows on the next page
    subtotal: str = ""  # 合计 / 小计: table 2 with one more column, the sum of the 法人或其他组织 columns


def pick_style(rng: random.Random, family: str) -> Style:
    rules = {"pdf_ruled": "all", "pdf_borderless": "none"}.get(family) or rng.choice(("horizontal", "three_line", "outer"))
    size = rng.choice((6.5, 7.0, 7.5, 8.0, 9.0, 10.5))
    style = Style(
        font=rng.choice(fonts()),
        size=size,
        rules=rules,
        pad=rng.choice((0.5, 1.5, 3.0, 5.0, 8.0)),
        value_w=rng.choice((24.0, 28.0, 32.0, 38.0, 44.0)),
        label_w=(rng.choice((size * 1.6, 22.0, 40.0)), rng.choice((size * 1.6, 40.0, 60.0)), rng.choice((60.0, 75.0, 90.0, 120.0, 170.0))),
        align=rng.choice(("center", "center", "right", "left")),
        duplicate=rng.random() < 0.1,
        valign=rng.choice(("center", "center", "top", "bottom")),
        label_align=rng.choice(("left", "left", "center")),
        repeat_header=rng.random() < 0.3,
    )
    if rng.random() < 0.15:
        style.subtotal = rng.choice(("合计", "小计"))
    # Every column holds at least one character inside its padding (text never overflows a cell).
    least = style.size * 1.1 + 2 * style.pad
    group1, group2, own = (max(w, least) for w in style.label_w)
    style.label_w = (group1, group2, own)
    style.value_w = max(style.value_w, least)
    return style


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, cur = [], ""
    for ch in text:
        if cur and stringWidth(cur + ch, font, size) > width:
            lines.append(cur)
            cur = ""
        cur += ch
    return [*lines, cur] if cur or not lines else lines


class Writer:
    def __init__(self, rng: random.Random, st: Style) -> None:
        from reportlab.pdfgen import canvas

        self.buf = io.BytesIO()
        self.c = canvas.Canvas(self.buf, pagesize=(PAGE_W, PAGE_H), invariant=1)  # same seed, same bytes
        self.rng, self.st = rng, st
        self.y = PAGE_H - MARGIN
        self.page = 1

    def new_page(self) -> None:
        self.c.setFont(self.st.font, 9)
        self.c.drawCentredString(PAGE_W / 2, 30, f"- {self.page} -")
        self.c.showPage()
        self.page += 1
        self.y = PAGE_H - MARGIN

    def para(self, p: Para) -> None:
        size = {"title": 15.0, "heading": 12.0}.get(p.role, 11.0)
        lead = size * 1.6
        indent = 0 if p.role in ("title", "heading", "number", "signature") else 22
        width = PAGE_W - 2 * MARGIN - indent
        for k, line in enumerate(wrap(p.text, self.st.font, size, width)):
            if self.y < MARGIN + lead:
                self.new_page()
            self.c.setFont(self.st.font, size)
            if p.role == "title":
                self.c.drawCentredString(PAGE_W / 2, self.y - size, line)
            elif p.role == "signature":
                self.c.drawRightString(PAGE_W - MARGIN, self.y - size, line)
            else:
                self.c.drawString(MARGIN + (indent if k == 0 else 0), self.y - size, line)
            self.y -= lead
        self.y -= 4

    def table(self, table: Table) -> None:
        from accuracy.pdf_table import draw_table

        draw_table(self, gridmod.build(table, self.st.subtotal), table.key)

    def finish(self) -> bytes:
        self.c.setFont(self.st.font, 9)
        self.c.drawCentredString(PAGE_W / 2, 30, f"- {self.page} -")
        self.c.save()
        return self.buf.getvalue()


def render_pdf(doc: Doc, rng: random.Random, family: str, style: dict | None = None) -> bytes:
    st = pick_style(rng, family)
    if style is not None:
        style.update(vars(st))
    w = Writer(rng, st)
    w.c.setTitle(doc.title or "")
    for b in doc.blocks:
        if isinstance(b, Para):
            w.para(b)
        else:
            w.table(b)
    return w.finish()
