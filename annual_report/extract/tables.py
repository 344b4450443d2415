"""The three statistical tables, read from the token stream of their sections.

A row is found by its label (see `labels`), never by position; its values are the value
tokens that follow the label up to the next label (`rows`). Each table has its reader
(`table1`, `table2`, `table3`; column headers: `headers`); this module gives each its region
and decides the template from the evidence they collect.
"""

from __future__ import annotations

from dataclasses import dataclass

from annual_report import catalog
from annual_report.document import Block
from annual_report.extract.rows import Evidence
from annual_report.extract.table1 import read_table1
from annual_report.extract.table2 import T3_START, read_table2
from annual_report.extract.table3 import read_table3
from annual_report.extract.tokens import Token, tokenize
from annual_report.model import Tables


@dataclass
class TableRegions:
    """Block ranges [start, end) to search for each table; None: search everywhere."""

    active_disclosure: tuple[int, int] | None = None
    applications: tuple[int, int] | None = None
    appeals: tuple[int, int] | None = None


def extract_tables(blocks: list[Block], regions: TableRegions) -> Tables:
    tables = Tables()
    ev = Evidence()
    t1_tokens = tokenize(blocks, *(regions.active_disclosure or (0, len(blocks)))) + _heading_after(blocks, regions.active_disclosure)
    t2_tokens = tokenize(blocks, *(regions.applications or (0, len(blocks)))) + _heading_after(blocks, regions.applications)
    grid = [b.cells if b.kind == "row" else None for b in blocks]
    read_table1(t1_tokens, tables, ev, grid)
    t2_end = read_table2(t2_tokens, tables, ev, grid)
    if regions.appeals is not None:
        t3_tokens = tokenize(blocks, *regions.appeals)
        t3_tokens += _heading_after(blocks, regions.appeals)
    else:
        # No heading: table 3 follows table 2, so start after table 2's last row.
        start = t2_end + 1 if t2_end is not None else 0
        if t2_end is not None and any(t.kind == "text" and t.norm in T3_START for t in tokenize(blocks, t2_end, t2_end + 1)):
            start = t2_end  # web text: table 3 glued to table 2's last row on one line
        t3_tokens = tokenize(blocks, start, len(blocks))
    read_table3(t3_tokens, tables)
    tables.template_evidence = ev.t2021 + ev.t2019
    if ev.t2021 and ev.t2019:
        tables.mixed_template = True
        tables.template = catalog.TEMPLATE_2021 if len(ev.t2021) >= len(ev.t2019) else catalog.TEMPLATE_2019
    elif ev.t2021:
        tables.template = catalog.TEMPLATE_2021
    elif ev.t2019:
        tables.template = catalog.TEMPLATE_2019
    return tables


def _heading_after(blocks: list[Block], region: tuple[int, int] | None) -> list[Token]:
    """The next section's heading, the line that ends a table's last row (one cell per line:
    the blank lines before it are that row's blank cells and the row's end)."""
    if region is None or region[1] >= len(blocks):
        return []
    return [t for t in tokenize(blocks, region[1], region[1] + 1)[:1] if t.kind == "text"]
