"""A table's header rows printed again atop each page it continues on.

Word's "repeat as header row at the top of each page" (w:tblHeader, common in township
templates) prints the first rows of a table again where a page break cuts it. Read as they
stand, the copy is a second table's header in the middle of the first: the rows after it lose
their table, a group label cut by the break is split around it. The copy holds nothing the
first print did not, so it is dropped and the table's two parts meet as they do without it.
Only the rest of a label the break cut may stand among it (beside its last wrapped cells, or
under a copy read as prose, line by line): that stays, a line of text where the copy was."""

from __future__ import annotations

from collections import Counter

from annual_report.document import Block
from annual_report.readers.pdfwords import NUMBER


def drop_repeated_headers(blocks: list[Block]) -> None:
    """Blocks atop a page that repeat, in order, the header a table opened with on an earlier
    page (blocks without numbers, a row of two cells or more among them, right after a block
    that is no row or a row of another table) are dropped when the page before ended inside a
    table (a row). What of the cut row landed among the copy (`_extra_cells`, `_read_as_prose`)
    stays, a line of text in its place."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        page = blocks[i].source.page
        atop = page is not None and i > 0 and blocks[i - 1].source.page != page
        if atop and out and out[-1].kind == "row":
            n, rest = _repeated(blocks, i)
            if rest:
                out.append(Block("text", [rest], blocks[i + n - 1].source))
            i += n
            if i >= len(blocks):
                break
        out.append(blocks[i])
        i += 1
    blocks[:] = out


def _repeated(blocks: list[Block], top: int) -> tuple[int, str]:
    """How many blocks from `top` repeat a table's opening on an earlier page (0: none), and the
    text of the cut row among them ("": none)."""
    best, rest = 0, ""
    page = blocks[top].source.page
    end = next((k for k in range(top, len(blocks)) if blocks[k].source.page != page), len(blocks))
    for j in range(top):
        if blocks[j].source.page == page or (j and blocks[j - 1].kind == "row" and not _other_table(blocks[j - 1], blocks[j])):
            continue
        n, m, left = _copy_of(blocks[j:top], blocks[top:end])
        if n > best and any(b.kind == "row" and sum(bool(c) for c in b.cells) >= 2 for b in blocks[j : j + m]):
            best, rest = n, left
    return best, rest


def _copy_of(opening: list[Block], copy: list[Block]) -> tuple[int, int, str]:
    """How far `copy` repeats the header `opening` starts with: (blocks of the copy, blocks of
    the opening, the cut row's text found among the copy, which ends it). Rows read as prose
    (`_read_as_prose`) with nothing after them are passed and the comparison goes on: the
    header row after them may be repeated as it stands."""
    i = j = 0
    while j < len(copy) and i < len(opening) and _header_like(opening[i]):
        a, b = opening[i], copy[j]
        if a.kind == b.kind and _signature(a) == _signature(b):
            i, j = i + 1, j + 1
            continue
        if a.kind == b.kind == "row" and (extra := _extra_cells(a, b)):
            return j + 1, i + 1, extra
        if b.kind == "text" and (found := _prose_copy(opening[i:], copy[j:])):
            blocks, rows, rest = found
            i, j = i + rows, j + blocks
            if rest:
                return j, i, rest
            continue
        break
    return j, i, ""


def _prose_copy(opening: list[Block], copy: list[Block]) -> tuple[int, int, str] | None:
    """The most header rows `opening` starts with that `copy` repeats as prose: (blocks of the
    copy, rows of the opening, the rest of a cut row after them) or None."""
    for rows in range(_header_rows(opening), 0, -1):
        found = _read_as_prose(opening[:rows], copy)
        if found is not None:
            return found[0], rows, found[1]
    return None


def _extra_cells(header: Block, copy: Block) -> str:
    """The text of cells `copy` holds besides all of `header`'s, in order (the rest of a label
    the break cut, read into the copy's last header row: its lines beside the header's wrapped
    cells); "" when `copy` is no such copy (a number among the extra cells: a row read into it)."""
    wanted = [c for c in map(_squeezed, header.cells) if c]
    extra: list[str] = []
    for cell in copy.cells:
        text = _squeezed(cell)
        if wanted and text == wanted[0]:
            wanted.pop(0)
        elif text:
            extra.append(cell.strip())
    if wanted or any(NUMBER.match(c) for c in extra):
        return ""
    return "".join(extra)


def _header_rows(blocks: list[Block]) -> int:
    """How many blocks of a header (without numbers, up to _HEADER_BLOCKS) the blocks open with."""
    n = 0
    while n < min(len(blocks), _HEADER_BLOCKS) and _header_like(blocks[n]):
        n += 1
    return n


_HEADER_BLOCKS = 4  # a band or caption line, and table 2's or 3's header rows


def _read_as_prose(header: list[Block], copy: list[Block]) -> tuple[int, str] | None:
    """A copy of header rows read as lines of text (no grid: its cells line by line, `信息内容
    本年 本年 现行` / `制发 废止 有效…`; its lines apart where the first print joined them, or
    joined where it read them apart): text blocks holding the rows' characters, every one and
    nothing else, then maybe the rest of a cut row (`收费`) ending the last of them. (blocks of
    the copy, that rest) or None."""
    left = Counter("".join(_squeezed(c) for row in header for c in row.cells))
    for n, block in enumerate(copy):
        if block.kind != "text":
            return None
        text = block.cells[0]
        for k, ch in enumerate(text):
            if ch.isspace():
                continue
            if not left[ch]:
                return None
            left[ch] -= 1
            if not +left:
                rest = text[k + 1 :].strip()
                return (n + 1, rest) if not any(NUMBER.match(t) for t in rest.split()) else None
    return None


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _signature(block: Block) -> str:
    return "".join(map(_squeezed, block.cells))


def _header_like(block: Block) -> bool:
    return not any(NUMBER.match(c.strip()) for c in block.cells)


def _other_table(row: Block, first: Block) -> bool:
    """`row`, a row of numbers right above `first`, is of another table: a grid's rows all have
    as many cells (table 1's four, then table 2's caption and header with no heading between)."""
    return first.kind == "row" and len(row.cells) != len(first.cells) and not _header_like(row)
