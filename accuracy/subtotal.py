"""Table 2 with a 合计 / 小计 column after the five kinds of 法人或其他组织, their sum, as some real
reports print it, in every family (the PDF renderers choose it with their style: `render_pdf`).

The truth stays the template's seven columns: the column is the report's arithmetic and a
checker drops it (`extract/table2.py`). Grid renderers (DOCX, HTML) add
it while building the grid (`grid.build`); for the text families the table's header lines and
rows get the column here.
"""

from __future__ import annotations

import random

from accuracy.grid import with_subtotal
from accuracy.model import Doc, Header, Table

_SHARE = 0.15
_GRID_FAMILIES = ("docx", "html")
_AT = 9  # grid column of the subtotal in table 2's header lines: 3 label columns, 自然人, five kinds


def apply(doc: Doc, rng: random.Random, family: str, notes: list[str]) -> None:
    if family == "stream" or family.startswith("pdf"):
        # The PDF style chooses it (pdf_word, the DOCX exported by LibreOffice, is measured
        # apart for now). A stream of cells decides which rows lost a cell before the
        # document is built (`plan_stream`): not with a column added after.
        return
    table = next((b for b in doc.blocks if isinstance(b, Table) and b.key == "applications"), None)
    if table is None or rng.random() >= _SHARE:
        return
    word = rng.choice(("合计", "小计"))
    notes.append(f"subtotal {word}")
    if family in _GRID_FAMILIES:
        table.subtotal = word
        return
    for n, item in enumerate(table.items):
        if isinstance(item, Header):
            cells = list(item.cells)
            cells.insert(_AT, word if n == 2 else "")
            table.items[n] = Header(cells)
    for row in table.rows():
        row.values = with_subtotal(row.values)
