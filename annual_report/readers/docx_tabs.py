"""Tables laid out with tab stops in a Word document instead of a Word table.

Some clerks type the statistics as paragraphs, one table row a paragraph, the cells separated
by tabs aligned on tab stops (`规章⇥0⇥0⇥0`), group labels on their own paragraph or in the
first field of their first row, a blank cell an empty field between two tabs. Read as
paragraphs, no table is found. A paragraph with a tab inside it that holds a number (or a
placeholder such as —) is a row, and so is a paragraph with tabs next to such a row (the
header rows); a row's fields are its cells, the empty ones kept, as a TSV line's are. Every
other paragraph loses its leading and trailing tabs (indentation)."""

from __future__ import annotations

from annual_report.document import Block, Document
from annual_report.extract.tokens import PLACEHOLDER, VALUE


def tab_stop_rows(doc: Document) -> None:
    blocks = doc.blocks
    tabbed = [b.kind == "text" and "\t" in b.cells[0].lstrip("\t") for b in blocks]  # leading tabs: indentation
    rows = [
        t and any(VALUE.match(c.strip()) or PLACEHOLDER.match(c.strip()) for c in blocks[k].cells[0].split("\t")[1:])
        for k, t in enumerate(tabbed)
    ]
    for k in range(1, len(blocks)):  # header rows just above or below the numbers
        rows[k] = rows[k] or (tabbed[k] and rows[k - 1])
    for k in range(len(blocks) - 2, -1, -1):
        rows[k] = rows[k] or (tabbed[k] and rows[k + 1])
    for k, b in enumerate(blocks):
        if rows[k]:
            blocks[k] = Block(kind="row", cells=[c.strip() for c in b.cells[0].split("\t")], source=b.source)
        elif b.kind == "text":
            b.cells[0] = b.cells[0].strip()
