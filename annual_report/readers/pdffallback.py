"""The pdfplumber fallback, page by page, where pdfium gives no trustworthy ruled grid: tables
with borders that do not form rectangles (pdfplumber's line finder), tables without borders
(word positions, `pdfcolumns` and `pdfrows`), the prose around them."""

from __future__ import annotations

import io

from annual_report.document import Block
from annual_report.model import Source
from annual_report.readers import pdfcolumns, pdfwords
from annual_report.readers.cjk import collapse_cjk_spaces, fix_cjk, join_cell_lines
from annual_report.readers.pdfcontinued import _Grid
from annual_report.readers.pdftext import (
    _NUMERIC_ROW,
    _NUMERIC_TOKEN,
    _PAGE_NUMBER,
    _chars_to_text,
    _placed,
    _prose_items,
    _round_box,
)


def _read_table_pages(data: bytes, numbers: list[int], notes: list[str]) -> tuple[dict[int, list[Block]], list[_Grid]]:
    import pdfplumber

    out: dict[int, list[Block]] = {}
    grids: list[_Grid] = []
    try:
        pdf = pdfplumber.open(io.BytesIO(data), pages=numbers)
    except Exception:
        notes.append("PDF 中表格的版面无法解析，表格按文字读取，请核对表格数字。")
        return out, grids
    carry: list[list[dict]] = []  # a header left open at a page's foot, for the next page
    try:
        for page in pdf.pages:
            if page.page_number - 1 not in out:
                carry.clear()  # not the page right after a table page read here
            try:
                out[page.page_number] = _page_blocks(page, grids, carry)
            except Exception:
                notes.append(f"第 {page.page_number} 页的表格版面无法解析，已按文字读取，请核对该页表格数字。")
            finally:
                page.close()
    finally:
        pdf.close()
    return out, grids


def _is_white(color) -> bool:
    if color is None:
        return False
    if isinstance(color, (int, float)):
        return color >= 0.95
    try:
        values = list(color)
    except TypeError:
        return False
    if len(values) == 4:  # CMYK
        return all(v <= 0.05 for v in values)
    return bool(values) and all(isinstance(v, (int, float)) and v >= 0.95 for v in values)


def _keep_object(obj) -> bool:
    # White filled boxes behind paragraphs are not table borders.
    if obj.get("object_type") == "rect" and obj.get("fill") and not obj.get("stroke"):
        return not _is_white(obj.get("non_stroking_color"))
    if obj.get("object_type") in ("line", "rect", "curve") and obj.get("stroke"):
        return not _is_white(obj.get("stroking_color"))
    return True


_TABLE_SETTINGS = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}


def _page_blocks(page, grids: list[_Grid], carry: list[list[dict]]) -> list[Block]:
    number = page.page_number
    work = page.dedupe_chars().filter(_keep_object)
    settings = dict(_TABLE_SETTINGS)
    ends = _open_table_ends(work.edges)
    if ends:
        settings["explicit_horizontal_lines"] = ends
    tables = [t for t in work.find_tables(settings) if len(t.rows) >= 1 and len(t.columns) >= 2]
    items: list[tuple[float, float, Block]] = []  # (top, x0, block)
    boxes = [t.bbox for t in tables]
    chars = work.chars
    for table in tables:
        rows = _table_rows(table, chars, number)
        if rows:
            starts = sorted({c[0] for row in table.rows for c in row.cells if c is not None})
            grids.append(_Grid(number, rows, starts, table.bbox[0], table.bbox[2]))
        items.extend(_placed(block) for block in rows)

    def outside(obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

    rest = work.filter(outside) if boxes else work
    lines = [ln for ln in rest.extract_text_lines(strip=True, return_chars=False) if ln["text"].strip()]
    lines = [ln for ln in lines if not _PAGE_NUMBER.match(ln["text"])]
    rebuilt = pdfcolumns.table_blocks(
        pdfwords.split_digit_words(rest.extract_words(keep_blank_chars=False, use_text_flow=False, x_tolerance=1.5), rest.chars),
        lines,
        number,
        rest.chars,
        carry,
    )
    borderless, lines = rebuilt if rebuilt is not None else _borderless_rows(rest, lines, number)
    items.extend(_placed(block) for block in borderless)
    items.extend(_prose_items(lines, page.width, number))
    items.sort(key=lambda it: (round(it[0], 1), it[1]))
    return [it[2] for it in items]


def _open_table_ends(edges: list[dict]) -> list[float]:
    """y of the common ends of ≥3 vertical rules: a table cut by the page break has no
    closing horizontal rule (its last row would be lost); the rules' ends stand in for it."""
    counts: dict[int, list[float]] = {}
    for e in edges:
        if e.get("orientation") != "v" or e["bottom"] - e["top"] < 8:
            continue
        for y in (e["top"], e["bottom"]):
            counts.setdefault(round(y / 2), []).append(y)
    horizontals = [e for e in edges if e.get("orientation") == "h"]
    out = []
    for ys in counts.values():
        if len(ys) < 3:
            continue
        y = sum(ys) / len(ys)
        xs = [e["x0"] for e in edges if e.get("orientation") == "v" and (abs(e["top"] - y) < 2 or abs(e["bottom"] - y) < 2)]
        span = (min(xs), max(xs)) if xs else (0, 0)
        closed = any(abs(h["top"] - y) < 2 and h["x0"] <= span[0] + 2 and h["x1"] >= span[1] - 2 for h in horizontals)
        if not closed:
            out.append(y)
    return sorted(out)


def _table_rows(table, chars: list[dict], page_number: int) -> list[Block]:
    """Rows of one pdfplumber table: grid order, merges once, missing cells rebuilt."""
    cells = [c for row in table.rows for c in row.cells if c is not None]
    x0, top, x1, bottom = table.bbox
    # Grid columns: pdfplumber indexes a row's cells by the sorted distinct cell left edges.
    starts = sorted({c[0] for c in cells})
    xs = [(a, b) for a, b in zip(starts, starts[1:] + [x1])]
    in_table = [
        ch for ch in chars if x0 - 1 <= (ch["x0"] + ch["x1"]) / 2 <= x1 + 1 and top - 1 <= (ch["top"] + ch["bottom"]) / 2 <= bottom + 1
    ]
    blocks: list[Block] = []
    for row in table.rows:
        rtop, rbottom = row.bbox[1], row.bbox[3]
        texts: list[str] = []
        sources: list[Source] = []
        for j, cell in enumerate(row.cells):
            if cell is not None:
                texts.append(_cell_text(in_table, cell))
                sources.append(Source(page=page_number, box=_round_box(cell)))
                continue
            gx0, gx1 = xs[j] if j < len(xs) else (row.bbox[0], row.bbox[2])
            grid = (gx0, rtop, gx1, rbottom)
            cx, cy = (gx0 + gx1) / 2, (rtop + rbottom) / 2
            covered = any(c[0] - 0.5 <= cx <= c[2] + 0.5 and c[1] - 0.5 <= cy <= c[3] + 0.5 for c in cells)
            texts.append("" if covered else _cell_text(in_table, grid))
            sources.append(Source(page=page_number, box=_round_box(grid)))
        if not any(texts):
            continue
        blocks.append(Block(kind="row", cells=texts, source=Source(page=page_number, box=_round_box(row.bbox)), cell_sources=sources))
    return blocks


def _cell_text(chars: list[dict], box) -> str:
    x0, top, x1, bottom = box
    inside = [ch for ch in chars if x0 <= (ch["x0"] + ch["x1"]) / 2 <= x1 and top <= (ch["top"] + ch["bottom"]) / 2 <= bottom]
    if not inside:
        return ""
    return _chars_to_text(inside)


def _borderless_rows(page, lines: list[dict], page_number: int) -> tuple[list[Block], list[dict]]:
    """Rows of a table without ruling lines, from word positions.

    Used when text outside the ruled tables still has rows of numbers under table labels.
    A row is a label followed by numbers; a label wrapped over two lines (the numbers sit
    between them) is attached to the nearest row of numbers.
    """
    numeric = [ln for ln in lines if _NUMERIC_ROW.search(collapse_cjk_spaces(ln["text"]))]
    if len(numeric) < 2:
        return [], lines
    words = page.extract_words(keep_blank_chars=False, use_text_flow=False, x_tolerance=1.5)
    if not words:
        return [], lines
    bands: list[dict] = []
    for ln in numeric:
        in_line = [w for w in words if w["top"] >= ln["top"] - 1 and w["bottom"] <= ln["bottom"] + 1]
        nums = [w for w in in_line if _NUMERIC_TOKEN.match(w["text"])]
        if len(nums) < 3:
            continue
        first_num_x = min(w["x0"] for w in nums)
        label = [w for w in in_line if w["x1"] <= first_num_x + 0.5 and not _NUMERIC_TOKEN.match(w["text"])]
        bands.append(
            {
                "line": ln,
                "nums": sorted(nums, key=lambda w: w["x0"]),
                "label": label,
                "extra": [],
                "top": ln["top"],
                "bottom": ln["bottom"],
                "num_x": first_num_x,
            }
        )
    if len(bands) < 2:
        return [], lines
    used = {id(b["line"]) for b in bands}
    num_x = min(b["num_x"] for b in bands)
    rest: list[dict] = []
    for ln in lines:
        if id(ln) in used:
            continue
        if ln["x1"] <= num_x + 1:
            center = (ln["top"] + ln["bottom"]) / 2
            height = ln["bottom"] - ln["top"]
            nearest = min(bands, key=lambda b: abs((b["top"] + b["bottom"]) / 2 - center))
            if abs((nearest["top"] + nearest["bottom"]) / 2 - center) <= 1.6 * height:
                nearest["extra"].append(ln)
                continue
        rest.append(ln)
    blocks = []
    for b in bands:
        parts = sorted([(w["top"], w["x0"], w["text"]) for w in b["label"]] + [(ln["top"], ln["x0"], ln["text"]) for ln in b["extra"]])
        text = join_cell_lines("\n".join(p[2] for p in parts))
        cells = [fix_cjk(text)] + [w["text"] for w in b["nums"]]
        top = min([b["top"]] + [ln["top"] for ln in b["extra"]])
        bottom = max([b["bottom"]] + [ln["bottom"] for ln in b["extra"]])
        box = (b["line"]["x0"], top, b["line"]["x1"], bottom)
        blocks.append(Block(kind="row", cells=cells, source=Source(page=page_number, box=_round_box(box))))
    return blocks, rest
