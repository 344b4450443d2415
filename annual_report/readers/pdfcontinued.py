"""Tables across PDF pages: one grid for a table continued on the next page, a group label cut by
the page break rebuilt, a row broken by the page break joined, a row printed again at the top
of the next page dropped."""

from __future__ import annotations

from dataclasses import dataclass

from annual_report import catalog
from annual_report.document import Block
from annual_report.extract.normalize import normalize, split_numbering
from annual_report.model import Source
from annual_report.readers.cjk import is_cjk
from annual_report.readers.layout_lines import OFFICIAL
from annual_report.readers.pdftext import _LABEL_START
from annual_report.readers.pdfwords import NUMBER


@dataclass
class _Grid:
    """One ruled table on one page: its rows and the left edges of its grid columns."""

    page: int
    rows: list[Block]
    starts: list[float]
    x0: float
    x1: float


def _align_continued_grids(blocks: list[Block], grids: list[_Grid]) -> None:
    """Give a table continued on the next page one grid for all its parts.

    A part whose rows are all merged across some columns has fewer grid columns than the
    other part (the first page of table 2 often shows its three label columns as one). When
    the last block of a page is a row of table A and the first block of the next page a row
    of table B with the same left and right edges, both are re-gridded on the union of their
    column edges: a cell keeps its text at its first grid position, "" after it.
    """
    by_row = {id(row): g for g in grids for row in g.rows}
    chains: list[list[_Grid]] = []
    for prev, cur in zip(blocks, blocks[1:]):
        a, b = by_row.get(id(prev)), by_row.get(id(cur))
        if a is None or b is None or a is b or b.page != a.page + 1:
            continue
        if abs(a.x0 - b.x0) > 4 or abs(a.x1 - b.x1) > 4:
            continue
        if chains and chains[-1][-1] is a:
            chains[-1].append(b)
        else:
            chains.append([a, b])
    for chain in chains:
        union: list[float] = []
        for x in sorted(x for g in chain for x in g.starts):
            if not union or x - union[-1] > 3:
                union.append(x)
        for g in chain:
            index = [min(range(len(union)), key=lambda k: abs(union[k] - x)) for x in g.starts]
            if index == list(range(len(union))):
                continue
            for row in g.rows:
                cells = [""] * len(union)
                sources: list[Source | None] = [None] * len(union)
                for j, text in enumerate(row.cells):
                    if j < len(index):
                        cells[index[j]] = text
                        if row.cell_sources:
                            sources[index[j]] = row.cell_sources[j]
                for k in range(len(sources)):
                    if sources[k] is None:
                        sources[k] = sources[k - 1] if k else row.source
                row.cells = cells
                if row.cell_sources:
                    row.cell_sources = sources  # type: ignore[assignment]  # every None was filled just above
            g.starts = union


def _join_continued_tables(blocks: list[Block]) -> None:
    """A group label cut by a page break ("（四）无" | "法提供") is rebuilt in the first part.

    When the first row on a page continues a table of the previous page (same width, the
    previous page ended with table rows) and is a data row, a group-label cell of that row
    (the row's own label stands to its right) holding a fragment (not starting like a label:
    "（", "1.", "一、") is appended to the last non-empty cell of that column on the previous
    page and left "" where it was.
    """
    for i in range(1, len(blocks)):
        cur = blocks[i]
        prev = blocks[i - 1]
        if cur.kind != "row" or prev.kind != "row":
            continue
        if cur.source.page is None or prev.source.page is None or cur.source.page != prev.source.page + 1:
            continue
        if len(cur.cells) != len(prev.cells):
            continue
        first_number = next((k for k, c in enumerate(cur.cells) if NUMBER.match(c)), None)
        if first_number is None:
            continue  # a header row, not a data row cut by the page break
        for k in range(first_number):
            text = cur.cells[k]
            if not text or _LABEL_START.match(text):
                continue
            # only a group label: the row's own label stands to its right
            if not any(cur.cells[j] for j in range(k + 1, first_number)):
                continue
            for j in range(i - 1, -1, -1):
                above = blocks[j]
                if above.kind != "row" or len(above.cells) != len(cur.cells) or above.source.page != prev.source.page:
                    break
                if above.cells[k]:
                    if not _LABEL_START.match(above.cells[k]) or above.cells[k].endswith(("）", ")")):
                        break
                    above.cells[k] = above.cells[k] + text
                    cur.cells[k] = ""
                    break


def _join_broken_rows(blocks: list[Block]) -> None:
    """A table row broken by the page break (Word lets a tall row break across pages, its default):
    the first row on a page whose text cells only continue the cells of the last row of the
    page before (`1.本机关不掌握相关政` | `府信息`, the header `结果维` | `持`) and whose numbers, if
    any, stand where that row has none, is joined into it, cell by cell."""
    out: list[Block] = []
    for cur in blocks:
        prev = out[-1] if out else None
        if prev is not None and _breaks_into(prev, cur):
            for k, text in enumerate(cur.cells):
                prev.cells[k] += text
            prev.reassembled = True
            continue
        out.append(cur)
    blocks[:] = out


def _breaks_into(prev: Block, cur: Block) -> bool:
    if prev.kind != "row" or cur.kind != "row" or len(prev.cells) != len(cur.cells):
        return False
    if prev.source.page is None or cur.source.page != prev.source.page + 1:
        return False
    joined = 0
    for above, below in zip(prev.cells, cur.cells, strict=True):
        if not below:
            continue
        if NUMBER.match(below):
            if above:
                return False  # numbers in both: two rows
            continue
        if not above or NUMBER.match(above) or not _fragment(above, below):
            return False
        joined += 1
    return joined > 0


def _fragment(above: str, below: str) -> bool:
    """`below` finishes `above` rather than being a label of its own."""
    if _LABEL_START.match(below):
        return False
    return _official_start(above + below) or not _official_start(below)


_COLUMNS = {
    normalize(label)
    for label in (
        *catalog.APPLICANT_COLUMNS,
        *catalog.APPEAL_COLUMNS,
        *(name for rows in catalog.TABLE1.values() for row in rows for _, name in row.values),
    )
}


def _official_start(text: str) -> bool:
    """The start of an official row, group or column label (numbering aside)."""
    rest = split_numbering(normalize(text))[2]
    return bool(rest) and any(o.startswith(rest) for o in (*OFFICIAL, *_COLUMNS))


def _drop_repeated_rows(blocks: list[Block], notes: list[str]) -> None:
    """A row printed again at the top of the next page (some tools repeat the row a page break
    cut) is one row: the first row of a page whose cells are those of the last row of the page
    before (the same label and the same numbers) is dropped, and a note says so."""
    last_row: Block | None = None
    dropped: list[int] = []
    keep: list[Block] = []
    for block in blocks:
        if block.kind != "row":
            keep.append(block)
            continue
        prev, last_row = last_row, block
        page, prev_page = block.source.page, prev.source.page if prev is not None else None
        if prev is not None and page is not None and prev_page is not None and page == prev_page + 1 and _same_row(prev, block):
            if not any(b.kind == "row" and b.source.page == page for b in keep):
                dropped.append(page)
                continue
        keep.append(block)
    if dropped:
        blocks[:] = keep
        pages = "、".join(str(n) for n in dropped)
        notes.append(f"第 {pages} 页顶部重复了上一页的最后一行表格（分页时重复打印），已按一行读取。")
        _join_continued_tables(blocks)  # the copy stood between a group label and its rest


def _same_row(a: Block, b: Block) -> bool:
    """The same own label and numbers. Group cells aside: the copy of a group's first row
    shows its group cell empty (the merged cell goes on below it)."""
    cells_a, cells_b = _own_cells(a), _own_cells(b)
    if cells_a != cells_b or not cells_a:
        return False
    return any(is_cjk(ch) for ch in cells_a[0]) and any(NUMBER.match(c) for c in cells_a[1:])


def _own_cells(row: Block) -> list[str]:
    """The row's own label and the cells after it (its label: the last text before its first number)."""
    cells = [c for c in row.cells if c]
    first = next((k for k, c in enumerate(cells) if NUMBER.match(c)), len(cells))
    return cells[max(0, first - 1) :]
