"""How a township's Word document is set up before it is exported to PDF (family pdf_word).

The DOCX family's report is rendered with its columns sized like a clerk's template
(`render_docx(sized=True)`); this module draws, per document, the set-up real exports vary in:
the page (A4 with the 公文 margins, Word's defaults, narrow margins; table 2 in a landscape
section), fonts and sizes (仿宋 三号 body with a fixed 28–29 pt line, 黑体/楷体 headings, tables in
五号 or 小五), table properties (header rows repeated on each page, rows that may not break
across pages, all / no / outer-and-header borders, template or equal widths, cells centred or
left, numbers right-aligned), captions (a paragraph above the table or the table's first row)
and what separates tables (a blank paragraph, a page break).

The choices come from their own random draw, so the document's other choices (merges, wrapped
labels, column widths) stay what the main draw made them. A share of documents keeps the
`template` set-up (python-docx's defaults, as before this module existed): their DOCX is byte
for byte the one the old generator made, and its cached PDF is reused."""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass

TEMPLATE_SHARE = 0.25  # documents whose set-up is python-docx's defaults (the first generator's)

# (width, height, top, bottom, left, right) in cm
PAGES = {
    "official": (21.0, 29.7, 3.7, 3.5, 2.8, 2.6),  # GB/T 9704 公文 on A4
    "word": (21.0, 29.7, 2.54, 2.54, 3.18, 3.18),  # Word's defaults on A4
    "narrow": (21.0, 29.7, 1.27, 1.27, 1.27, 1.27),
}
TABLE_NUMBERS = {"active_disclosure": 1, "applications": 2, "appeals": 3}
CAPTIONS = {
    "active_disclosure": "主动公开政府信息情况",
    "applications": "收到和处理政府信息公开申请情况",
    "appeals": "政府信息公开行政复议、行政诉讼情况",
}


@dataclass(frozen=True)
class WordStyle:
    page: str = "template"  # template | official | word | narrow
    landscape: bool = False  # table 2 in a landscape section of its own
    body_font: str = ""  # East Asian font of the body ("" = the template's)
    latin_font: str = ""  # font of digits and Latin letters
    body_pt: float = 0.0
    line_pt: float = 0.0  # exact line spacing of the body (0: single)
    heading_font: str = ""
    table_font: str = ""
    table_pt: float = 0.0
    header_repeat: bool = False  # w:tblHeader on the header rows
    cant_split: bool = False  # w:cantSplit on every row
    borders: str = "drawn"  # drawn (the main draw's table style) | all | none | frame | three_line
    widths: str = "sized"  # sized (labels wide, numbers narrow) | equal (python-docx's autofit grid)
    align: str = "left"  # left | center | numbers_right
    caption: str = "none"  # none | above | in_row
    between: str = "none"  # none | blank (empty paragraphs around tables) | page_break
    break_before: str = ""  # the table a page break goes before (between == page_break)

    @property
    def template(self) -> bool:
        return self.page == "template"

    def record(self) -> dict:
        """What the style dict of the case keeps (for grouping failures by variant)."""
        return {"word_" + k: v for k, v in asdict(self).items() if v != getattr(TEMPLATE, k)} | {"word_page": self.page}

    def describe(self) -> str:
        if self.template:
            return "template"
        parts = [self.page, f"borders {self.borders}", f"{self.table_pt:g} pt"]
        parts += ["landscape t2"] * self.landscape + ["header repeated"] * self.header_repeat
        parts += ["rows unbroken"] * self.cant_split + ["equal widths"] * (self.widths == "equal")
        parts += [f"caption {self.caption}"] * (self.caption != "none")
        parts += [f"{self.between} {self.break_before}".strip()] * (self.between != "none")
        return ", ".join(parts)


TEMPLATE = WordStyle()


def pick(rng: random.Random) -> WordStyle:
    if rng.random() < TEMPLATE_SHARE:
        return TEMPLATE
    body_font = rng.choice(("仿宋_GB2312", "仿宋", "宋体"))
    between = rng.choices(("none", "blank", "page_break"), (50, 30, 20))[0]
    return WordStyle(
        page=rng.choices(("official", "word", "narrow"), (50, 35, 15))[0],
        landscape=rng.random() < 0.12,
        body_font=body_font,
        latin_font=rng.choice(("Times New Roman", body_font)),
        body_pt=rng.choices((16.0, 14.0, 12.0), (70, 15, 15))[0],
        line_pt=rng.choices((28.0, 29.0, 0.0), (45, 35, 20))[0],
        heading_font=rng.choice(("黑体", "楷体_GB2312", "楷体")),
        table_font=rng.choice((body_font, "宋体")),
        table_pt=rng.choice((10.5, 9.0)),
        header_repeat=rng.random() < 0.4,
        cant_split=rng.random() < 0.3,
        borders=rng.choices(("all", "none", "frame", "three_line"), (60, 12, 16, 12))[0],
        widths=rng.choices(("sized", "equal"), (85, 15))[0],
        align=rng.choice(("left", "center", "numbers_right")),
        caption=rng.choices(("none", "above", "in_row"), (60, 25, 15))[0],
        between=between,
        break_before=rng.choice(tuple(TABLE_NUMBERS)) if between == "page_break" else "",
    )


def text_width_cm(style: WordStyle, landscape: bool = False) -> float:
    """The width tables are sized to: the page's text width (the template's tables overran
    its Letter page's 15.2 cm a little, as the first generator drew them)."""
    if style.template:
        return 16.0
    width, height, _, _, left, right = PAGES[style.page]
    return (height if landscape else width) - left - right


def caption_text(key: str, rng: random.Random) -> str:
    n = TABLE_NUMBERS[key]
    return rng.choice((f"表{n}　{CAPTIONS[key]}", f"表{n}：{CAPTIONS[key]}", f"{CAPTIONS[key]}表"))
