"""Tables across PDF pages: one grid for a table continued on the next page, a group label cut by
the page break rebuilt, a row broken by the page break joined, a row printed again at the top
of the next page dropped."""

from __future__ import annotations

from dataclasses import dataclass

from annual_report import catalog
from annual_report.document import Block
from annual_report.extract.normalize import SENTENCE_END, normalize
from annual_report.model import Source
from annual_report.readers.cjk import is_cjk
from annual_report.readers.layout_lines import GROUP_START, is_official, starts_official
from annual_report.readers.pdfblanks import starts_header
from annual_report.readers.pdfcountrests import CHANGE_WORD, count_rest, rows_read_as_prose, wraps
from annual_report.readers.pdfedges import union_edges
from annual_report.readers.pdftext import _LABEL_START, numeric_row
from annual_report.readers.pdfwords import NUMBER

_FOOT_LINES = 3  # a table that ends a page has a row of numbers among its last lines …
_HEAD_LINES = 12  # … and its rest on the next page one among the first lines (labels wrapped over many)


def continues_table(before: list[str], lines: list[str]) -> bool:
    """A page whose first lines are the rest of a table the page before ends with (text-layer
    lines of both, page numbers dropped): a row of numbers among the last lines of the page
    before and one among this page's first lines, no sentence (prose, a note) after the one
    or before the other. Such a page may hold too little of the table to read as a table page
    by itself: the last rows of table 2, their labels cut by the text layer (`（` | `七）总计`),
    the digits of narrow cells glued (`0000000`). Or a part's band or header that ends the page
    before after its last row, its rows among this page's first lines (`_header_at_foot`)."""
    if _header_at_foot(before, lines):
        return True
    last = next((k for k in range(len(before) - 1, -1, -1) if numeric_row(before[k])), None)
    if last is None or len(before) - last > _FOOT_LINES or any(line.rstrip().endswith(SENTENCE_END) for line in before[last:]):
        return False
    for line in lines[:_HEAD_LINES]:
        if numeric_row(line):
            return True
        if line.rstrip().endswith(SENTENCE_END):
            return False
    return False


def _header_at_foot(before: list[str], lines: list[str]) -> bool:
    """The page before ends with a table's band or header (`第二十条第（八）项`, `信息内容 本年收费
    金额`) after its last line ending in a number, no sentence among them; among this page's first
    lines, before any sentence, one ends in a number: the part's rows (one or two numbers a line,
    `业性收费 0`, too few for `numeric_row`)."""
    last = next((k for k in range(len(before) - 1, -1, -1) if _ends_in_number(before[k])), -1)
    foot = before[last + 1 :]
    if not foot or not starts_header(foot[0].replace(" ", "")) or any(line.rstrip().endswith(SENTENCE_END) for line in foot):
        return False
    for line in lines[:_HEAD_LINES]:
        if _ends_in_number(line):
            return True
        if line.rstrip().endswith(SENTENCE_END):
            return False
    return False


def _ends_in_number(line: str) -> bool:
    tokens = line.split()
    return bool(tokens) and bool(NUMBER.match(tokens[-1]))


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
        union, indexes = union_edges([g.starts for g in chain])
        for g, index in zip(chain, indexes):
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
    page before (`1.本机关不掌握相关政` | `府信息`, the header `结果维` | `持`, a count's unit `0` |
    `件`) and whose numbers, if any, stand where that row has none, is joined into it, cell by
    cell. A cell merged down over several rows (a group label, table 3's `尚未审结` beside the
    two header rows of 行政诉讼) holds its text in its first row: a piece under an empty cell
    continues the nearest cell above it in its column when the two read as an official label."""
    rows_read_as_prose(blocks)
    out: list[Block] = []
    for n, cur in enumerate(blocks):
        if (cur.kind == "text" and _label_rest(out, cur, _rests_after(blocks, n))) or count_rest(out, cur):
            continue
        targets = _broken_into(out, cur)
        if targets is None:
            out.append(cur)
            continue
        for k, target in targets.items():
            target.cells[k] += cur.cells[k]
            target.reassembled = True
            cur.cells[k] = ""
        if any(cur.cells):
            out.append(cur)  # the header's next row, under the cells just joined
    blocks[:] = out


def _broken_into(out: list[Block], cur: Block) -> dict[int, Block] | None:
    """The row each text cell of `cur` continues (by column), when `cur` is the rest of a row
    the page break cut; None when it is a row of its own."""
    prev = out[-1] if out else None
    if prev is None or prev.kind != "row" or cur.kind != "row" or len(prev.cells) != len(cur.cells):
        return None
    if prev.source.page is None or cur.source.page != prev.source.page + 1:
        return None
    targets: dict[int, Block] = {}
    for k, (above, below) in enumerate(zip(prev.cells, cur.cells, strict=True)):
        if not below:
            continue
        if NUMBER.match(below):
            if above and not CHANGE_WORD.match(above) and not (below.isdigit() and wraps(above)):
                return None  # numbers in both: two rows (but `增` | `1`, `12` | `1`: cut by the break)
            targets[k] = prev
            continue
        if above and NUMBER.match(above):
            if not NUMBER.match(above + below):
                return None
            targets[k] = prev  # a count's unit (`0` | `件`)
            continue
        target = prev if above else _merged_above(out, k, below)
        if target is not None and _fragment(target.cells[k], below):
            targets[k] = target
        elif not _header_cell(below) or any(NUMBER.match(c) for c in cur.cells):
            return None
    texts = [k for k, target in targets.items() if not NUMBER.match(cur.cells[k])]
    # the ends of counts a narrow cell wrapped (`12` | `1`): a few of the row's counts, never most
    tails = [k for k in targets if NUMBER.match(prev.cells[k]) and NUMBER.match(cur.cells[k])]
    if tails and 2 * len(tails) > sum(1 for c in prev.cells if NUMBER.match(c)):
        return None
    kept = [k for k, c in enumerate(cur.cells) if c and k not in targets]
    # beside cells of a next header row, only pieces that read on into an official header join
    # (a band `第二十条第（六）项` over `信息内容 上一年项目数量 …` is no cut header)
    if kept and not all(_official_start(targets[k].cells[k] + cur.cells[k]) for k in texts):
        return None
    return targets if texts else None


def _header_cell(text: str) -> bool:
    """A whole column header: a header row the break cut has cells that continue the page
    before (`结` | `果维持`) beside cells of its own next row (`结果维持` under `未经复议直接起诉`)."""
    return normalize(text) in _COLUMNS


def _rests_after(blocks: list[Block], n: int) -> list[str]:
    """The label lines right after block `n` on its page, up to the next row."""
    out: list[str] = []
    for block in blocks[n + 1 :]:
        if block.kind != "text" or block.source.page != blocks[n].source.page:
            break
        out.append(block.cells[0])
    return out


def _label_rest(out: list[Block], cur: Block, after: list[str] | None = None) -> bool:
    """A table without rules read by word positions gives the rest of a label the break cut
    (`7.属于` | `行政执法案卷`, the group label `（六）其他处` | `理`) as a label line of its own
    above the page's first row: it goes back to the last row of the page before (its own
    label, else its group label) when the two read as the start of an official label. Read as
    prose (the page's table is ruled, the line stands above it), it must be the page's first
    line and make the row's label a whole official one (`行政事业性` | `收费`). A label line may
    stand under the header rows Word repeats atop the page, not under a row of numbers. When
    a row's cells were all cut (its group labels and its own), their rests come column by
    column: a cell a rest `after` this one makes the exact official label waits for it."""
    page, text = cur.source.page, cur.cells[0]
    if page is None or _LABEL_START.match(text):
        return False
    before = [b for b in out if b.source.page == page - 1]
    on_page = [b for b in out if b.source.page == page]
    if not before or (any(_data_row(b) for b in on_page) if cur.reassembled else on_page):
        return False
    for block, k in _label_cells(before)[: None if cur.reassembled else 1]:
        label = block.cells[k] + text
        if cur.reassembled and not _exact(label) and any(_exact(block.cells[k] + t) for t in after or []):
            continue  # a rest below makes it whole, numbering and all (a row's cells' rests, column by column)
        if is_official(label) if not cur.reassembled else _official_start(label):
            block.cells[k] = label
            block.reassembled = True
            return True
    return False


_EXACT = {normalize(label) for r in catalog.TABLE2_ROWS for label in (r.label, r.group or "")} - {""}


def _exact(label: str) -> bool:
    """A label of table 2 as the official table words it, numbering included (`5.要求…`, `（五）不予处理`)."""
    return normalize(label) in _EXACT


def _data_row(block: Block) -> bool:
    """A table row with numbers (not a header row Word repeated atop the page)."""
    return block.kind == "row" and any(NUMBER.match(c) for c in block.cells)


def _label_cells(page: list[Block]) -> list[tuple[Block, int]]:
    """Where a label cut at the foot of `page` may go on: the own label of its last table row,
    then the group labels right above that row, nearest first (label lines starting like one,
    `（六）`, `三、`), else the nearest group label above it."""
    if page[-1].kind != "row" and not page[-1].reassembled:
        return []  # the page ends with prose, not with a table
    rows = [b for b in page if b.kind == "row"]
    if not rows:
        return []
    last = rows[-1]
    first_number = next((k for k, c in enumerate(last.cells) if NUMBER.match(c)), len(last.cells))
    own = [k for k in range(first_number) if last.cells[k]]
    out = [(last, own[-1])] if own else []
    at = page.index(last)
    groups = [(b, 0) for b in reversed(page[:at]) if b.kind == "text" and b.reassembled and GROUP_START.match(b.cells[0])]
    # the group labels right above the row (each of its group columns cut: `（五）`, `三、本`), else the nearest
    above = [g for g in groups if all(b.kind == "text" for b in page[page.index(g[0]) : at])]
    return out + (above or groups[:1])


def _merged_above(out: list[Block], k: int, below: str) -> Block | None:
    """The row above whose cell `k`, merged down to the page's last row, `below` continues: the
    nearest row of the same table on that page with text in column `k`, when the two read as
    the start of an official label (the cells between are the merged cell's empty rest)."""
    last = out[-1]
    for block in reversed(out[:-1]):
        if block.kind != "row" or block.source.page != last.source.page or len(block.cells) != len(last.cells):
            return None
        text = block.cells[k]
        if text:
            return block if not NUMBER.match(text) and _official_start(text + below) else None
    return None


def _fragment(above: str, below: str) -> bool:
    """`below` finishes `above` rather than being a label of its own; one opening like a label
    (`（区分处理的…）` under `（二）部分公开`) only when the two read on into an official one. A
    whole official label is continued only into an official one (`其他` | `结果`): under
    `行政事业性收费`, the next table's caption in the first row of its grid is no rest of it."""
    joined, own = _official_start(above + below), _official_start(below)
    if _LABEL_START.match(below):
        return joined and not own
    return joined or (not own and not is_official(above))


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
    return starts_official(text, _COLUMNS)


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
