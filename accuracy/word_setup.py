"""Applying a drawn `WordStyle` (accuracy/word_styles.py) to a python-docx document: page and
sections, fonts and line spacing, table properties (repeated header rows, rows kept whole,
borders, alignment), captions and what separates tables. Word's own XML where python-docx has
no API (w:tblHeader, w:cantSplit, w:tblBorders, w:tcBorders, w:eastAsia fonts)."""

from __future__ import annotations

import random

from accuracy.word_styles import PAGES, WordStyle, caption_text

TABLE_TEXT = "表格文字"  # the paragraph style of every table cell


def setup_document(d, style: WordStyle) -> None:
    """Page, the body's font and line, headings' fonts, the table text style."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt, RGBColor

    _page(d.sections[0], style.page, landscape=False)
    normal = d.styles["Normal"]
    set_fonts(normal.font, style.body_font, style.latin_font)
    normal.font.size = Pt(style.body_pt)
    fmt = normal.paragraph_format
    if style.line_pt:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(style.line_pt)
    fmt.first_line_indent = Pt(style.body_pt * 2)
    fmt.space_after = Pt(0)
    for name in ("Heading 2", "Title"):
        heading = d.styles[name]
        set_fonts(heading.font, style.heading_font, style.latin_font)
        heading.font.color.rgb = RGBColor(0, 0, 0)
        heading.font.size = Pt(style.body_pt)
    table = d.styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    table.base_style = normal
    set_fonts(table.font, style.table_font, style.latin_font)
    table.font.size = Pt(style.table_pt)
    table.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    table.paragraph_format.first_line_indent = Pt(0)


def set_fonts(font, east_asian: str, latin: str) -> None:
    """A style's or run's fonts: Latin (ascii / hAnsi) and East Asian (w:eastAsia)."""
    from docx.oxml.ns import qn

    font.name = latin
    font.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)


def heading_run(run, style: WordStyle, title: bool) -> None:
    from docx.shared import Pt

    set_fonts(run.font, "方正小标宋简体" if title else style.heading_font, style.latin_font)
    run.font.size = Pt(22 if title else style.body_pt)


def _page(section, page: str, landscape: bool) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    width, height, top, bottom, left, right = PAGES[page]
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Cm(height), Cm(width)) if landscape else (Cm(width), Cm(height))
    section.top_margin, section.bottom_margin = Cm(top), Cm(bottom)
    section.left_margin, section.right_margin = Cm(left), Cm(right)


def new_section(d, style: WordStyle, landscape: bool) -> None:
    from docx.enum.section import WD_SECTION

    _page(d.add_section(WD_SECTION.NEW_PAGE), style.page, landscape)


def before_table(d, key: str, style: WordStyle, rng: random.Random) -> None:
    """A page break (typed as an empty paragraph with a break), blank paragraphs, a caption."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK

    if style.between == "page_break" and style.break_before == key:
        d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    if style.between == "blank":
        d.add_paragraph()
    if style.caption == "above":
        para = d.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        para.paragraph_format.first_line_indent = 0
        heading_run(para.add_run(caption_text(key, rng)), style, title=False)


def after_table(d, style: WordStyle) -> None:
    if style.between == "blank":
        d.add_paragraph()


def caption_row(t, key: str, rng: random.Random) -> None:
    """The caption typed in the table's first row, merged across it."""
    row = t.rows[0].cells
    merged = row[0].merge(row[-1])
    merged.text = caption_text(key, rng)


def finish_table(t, kinds: dict, header_rows: int, style: WordStyle) -> None:
    """Table properties after the cells are written and merged. `kinds`: each cell's kind
    (label / value / header, keyed by the cell's tc element)."""
    from docx.oxml.ns import qn
    from docx.table import _Cell

    for i, row in enumerate(t.rows):
        tr_pr = row._tr.get_or_add_trPr()
        if style.cant_split:
            tr_pr.append(_element("w:cantSplit"))
        if style.header_repeat and i < header_rows:
            tr_pr.append(_element("w:tblHeader"))
    for tc in t._tbl.iter(qn("w:tc")):
        _cell_text(_Cell(tc, t), kinds.get(tc, "header"), style)
    _borders(t, header_rows, style.borders)


def _cell_text(cell, kind: str, style: WordStyle) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    align = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "numbers_right": WD_ALIGN_PARAGRAPH.RIGHT if kind == "value" else WD_ALIGN_PARAGRAPH.LEFT,
    }[style.align]
    if kind == "header" and style.align != "left":
        align = WD_ALIGN_PARAGRAPH.CENTER
    if style.align == "center":
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for para in cell.paragraphs:
        para.style = TABLE_TEXT
        para.alignment = align


def _borders(t, header_rows: int, borders: str) -> None:
    """all: the Table Grid style; none: no rule; frame: the outer box and a rule under the
    header; three_line: top, bottom and the rule under the header (三线表)."""
    from docx.oxml.ns import qn

    if borders == "drawn":
        return
    t.style = "Table Grid" if borders == "all" else "Normal Table"
    if borders == "none":
        return
    sides = ("top", "left", "bottom", "right") if borders == "frame" else ("top", "bottom")
    edges = _element("w:tblBorders")
    for side in sides:
        edges.append(_rule(side, 12))
    t._tbl.tblPr.append(edges)
    for tc in t.rows[header_rows - 1]._tr.iter(qn("w:tc")):
        tc_borders = _element("w:tcBorders")
        tc_borders.append(_rule("bottom", 6))
        tc.get_or_add_tcPr().append(tc_borders)


def _rule(side: str, size: int):
    from docx.oxml.ns import qn

    rule = _element(f"w:{side}")
    for name, value in (("val", "single"), ("sz", str(size)), ("space", "0"), ("color", "000000")):
        rule.set(qn(f"w:{name}"), value)
    return rule


def _element(tag: str):
    from docx.oxml import OxmlElement

    return OxmlElement(tag)
