"""Word documents (python-docx): the official grids with real merges (gridSpan / vMerge), or
without merges (a group label only in its first row, or repeated in every row); labels wrapped
inside their cell (a second paragraph or a line break at a random place); headings as Word
heading styles, bold runs or plain paragraphs."""

from __future__ import annotations

import io
import random

from accuracy import grid as gridmod
from accuracy import word_setup, word_styles
from accuracy.model import Doc, Para, Table
from accuracy.render_text import tsv_rows
from accuracy.word_styles import TEMPLATE, WordStyle


def render_docx(
    doc: Doc,
    rng: random.Random,
    style: dict | None = None,
    *,
    sized: bool = False,
    tab_stops: bool = False,
    word: WordStyle = TEMPLATE,
) -> bytes:
    """`sized`: give the tables' columns the widths a clerk's template has (labels wide, numbers
    narrow), for a document that is printed or exported to PDF; the DOCX reader ignores widths.
    `word` (with `sized`): the page, fonts and table set-up drawn by accuracy/word_styles.py.
    `tab_stops`: the tables typed as paragraphs, cells separated by tabs on tab stops."""
    import docx
    from docx.shared import Pt

    d = docx.Document()
    if not sized:
        word = TEMPLATE
    if not word.template:
        word_setup.setup_document(d, word)
    merge = rng.choices(("merge", "first", "repeat"), (70, 15, 15))[0]
    heading_mode = rng.choice(("style", "bold", "plain"))
    wrap_p = rng.choice((0.0, 0.2, 0.5))
    if style is not None:
        style.update(merge=merge, headings=heading_mode, wrap=wrap_p)
    number_cm = rng.uniform(1.0, 1.7) if sized else 0.0
    if style is not None and sized:
        style.update(number_cm=round(number_cm, 2), **word.record())
    for b in doc.blocks:
        if isinstance(b, Para):
            _para(d, b, heading_mode, Pt, word)
        elif tab_stops:
            _tabbed(d, b)
        elif word.template:
            _table(d, b, rng, merge, wrap_p, number_cm)
        else:
            _styled_table(d, b, rng, merge, wrap_p, number_cm, word)
    d.core_properties.title = doc.title or ""
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _tabbed(d, table: Table) -> None:
    """A table typed with tab stops: a paragraph per row, a tab between fields, a blank cell
    an empty field (two tabs in a row, or a tab at the end)."""
    from docx.shared import Cm

    for cells in tsv_rows(table):
        para = d.add_paragraph("\t".join(cells))
        for k in range(1, len(cells)):
            para.paragraph_format.tab_stops.add_tab_stop(Cm(4.0 + 1.6 * k))


def _para(d, p: Para, heading_mode: str, Pt, word: WordStyle = TEMPLATE) -> None:
    if p.role == "heading" and heading_mode == "style":
        para = d.add_heading(p.text.strip("*"), level=2)
        for run in para.runs if not word.template else ():
            word_setup.heading_run(run, word, title=False)
        return
    para = d.add_paragraph()
    run = para.add_run(p.text.strip("*") if p.role == "heading" else p.text)
    if p.role == "title" or (p.role == "heading" and heading_mode == "bold"):
        run.bold = True
    if p.role == "title":
        run.font.size = Pt(16)
    if not word.template and p.role in ("title", "heading"):
        word_setup.heading_run(run, word, title=p.role == "title")
        para.paragraph_format.first_line_indent = 0 if p.role == "title" else None
        para.alignment = 1 if p.role == "title" else None  # centred


def _wrapped(cell, text: str, rng: random.Random, wrap_p: float, kind: str) -> None:
    """Cell text, a label sometimes wrapped by hand: a second paragraph or a line break."""
    if kind != "label" or len(text) < 6 or rng.random() >= wrap_p:
        cell.text = text
        return
    cut = rng.randrange(2, len(text) - 1)
    if rng.random() < 0.5:
        cell.text = text[:cut]
        cell.add_paragraph(text[cut:])
    else:
        cell.text = ""
        run = cell.paragraphs[0].add_run(text[:cut])
        run.add_break()
        cell.paragraphs[0].add_run(text[cut:])


def _styled_table(d, table: Table, rng: random.Random, merge: str, wrap_p: float, number_cm: float, word: WordStyle) -> None:
    """A table with the drawn set-up around it and in it; table 2 in a landscape section."""
    landscape = word.landscape and table.key == "applications"
    word_setup.before_table(d, table.key, word, rng)
    if landscape:
        word_setup.new_section(d, word, landscape=True)
    _table(d, table, rng, merge, wrap_p, number_cm, word, landscape)
    if landscape:
        word_setup.new_section(d, word, landscape=False)
    word_setup.after_table(d, word)


def _table(
    d,
    table: Table,
    rng: random.Random,
    merge: str,
    wrap_p: float,
    number_cm: float = 0.0,
    word: WordStyle = TEMPLATE,
    landscape: bool = False,
) -> None:
    g = gridmod.build(table)
    top = 1 if word.caption == "in_row" else 0
    t = d.add_table(rows=top + g.rows, cols=g.cols)
    t.style = rng.choice(("Table Grid", "Table Grid", "Normal Table"))
    if number_cm and word.widths == "sized":
        _size_columns(t, g, rng, number_cm, word_styles.text_width_cm(word, landscape))
    # table.cell() recomputes the whole grid on every call; spans never overlap, so the cells
    # taken before merging stay valid while others merge
    cells = t._cells
    at = lambda r, c: cells[(top + r) * g.cols + c]  # noqa: E731 - a one-line index into the grid, read where it is used
    for s in g.spans:
        _wrapped(at(s.row, s.col), s.text, rng, wrap_p, s.kind)
        if merge == "repeat" and s.kind == "label" and s.rowspan > 1:
            for r in range(s.row + 1, s.row + s.rowspan):
                at(r, s.col).text = s.text
    for s in g.spans:
        if s.rowspan == 1 and s.colspan == 1:
            continue
        if merge == "merge" or s.kind != "label" or s.rowspan == 1:
            text = at(s.row, s.col).text
            merged = at(s.row, s.col).merge(at(s.row + s.rowspan - 1, s.col + s.colspan - 1))
            if merged.text != text:  # python-docx joins the covered cells' paragraphs
                merged.text = text
    if word.template:
        return
    if top:
        word_setup.caption_row(t, table.key, rng)
    kinds = {at(s.row, s.col)._tc: s.kind for s in g.spans}
    word_setup.finish_table(t, kinds, top + g.body_start, word)


def _size_columns(t, g: gridmod.Grid, rng: random.Random, number_cm: float, page_cm: float) -> None:
    """Label columns share what the number columns leave, the innermost label the most; a
    table without label columns (table 3) divides the page among its numbers."""
    from docx.shared import Cm

    labels = min((s.col for s in g.spans if s.kind == "value"), default=1)
    numbers = g.cols - labels
    number_cm = min(number_cm, (page_cm - 2.5 * labels) / numbers) if labels else page_cm / numbers
    shares = [rng.uniform(0.6, 1.0) for _ in range(labels - 1)] + [rng.uniform(1.6, 3.0)] if labels else []
    labels_cm = page_cm - number_cm * numbers
    widths = [labels_cm * w / sum(shares) for w in shares] + [number_cm] * numbers
    t.autofit = False
    for col, cm in zip(t.columns, widths, strict=True):
        col.width = Cm(cm)
        for cell in col.cells:
            cell.width = Cm(cm)
