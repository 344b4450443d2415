"""A table's header rows printed again atop each page it continues on.

Word's "repeat as header row at the top of each page" (w:tblHeader, common in township
templates) prints the first rows of a table again where a page break cuts it. Read as they
stand, the copy is a second table's header in the middle of the first: the rows after it lose
their table, a group label cut by the break is split around it. The copy holds nothing the
first print did not, so it is dropped and the table's two parts meet as they do without it."""

from __future__ import annotations

from annual_report.document import Block
from annual_report.readers.pdfwords import NUMBER


def drop_repeated_headers(blocks: list[Block]) -> None:
    """Blocks atop a page that repeat, in order, the header a table opened with on an earlier
    page (blocks without numbers, a row of two cells or more among them, right after a block
    that is no row or a row of another table) are dropped when the page before ended inside a
    table (a row)."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        page = blocks[i].source.page
        atop = page is not None and i > 0 and blocks[i - 1].source.page != page
        if atop and out and out[-1].kind == "row":
            i += _repeated(blocks, i)
            if i >= len(blocks):
                break
        out.append(blocks[i])
        i += 1
    blocks[:] = out


def _repeated(blocks: list[Block], top: int) -> int:
    """How many blocks from `top` repeat a table's opening on an earlier page (0: none)."""
    best = 0
    page = blocks[top].source.page
    for j in range(top):
        if blocks[j].source.page == page or (j and blocks[j - 1].kind == "row" and not _other_table(blocks[j - 1], blocks[j])):
            continue
        n = 0
        while top + n < len(blocks) and j + n < top and blocks[top + n].source.page == page:
            a, b = blocks[j + n], blocks[top + n]
            if a.kind != b.kind or _signature(a) != _signature(b) or not _header_like(a):
                break
            n += 1
        if n > best and any(b.kind == "row" and sum(bool(c) for c in b.cells) >= 2 for b in blocks[j : j + n]):
            best = n
    return best


def _signature(block: Block) -> str:
    return "".join("".join(c.split()) for c in block.cells)


def _header_like(block: Block) -> bool:
    return not any(NUMBER.match(c.strip()) for c in block.cells)


def _other_table(row: Block, first: Block) -> bool:
    """`row`, a row of numbers right above `first`, is of another table: a grid's rows all have
    as many cells (table 1's four, then table 2's caption and header with no heading between)."""
    return first.kind == "row" and len(row.cells) != len(first.cells) and not _header_like(row)
