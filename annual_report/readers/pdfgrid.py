"""Page geometry from pypdfium2: characters with boxes, ruling lines, and the cell grids they
draw. The PDF reader uses this for its table pages instead of pdfplumber (pdfminer parses a
page ~30× slower than pdfium); pdfplumber stays the fallback when no ruled grid is found.

Coordinates are PDF points from the page's top-left corner (like pdfplumber): x grows to the
right, `top`/`bottom` grow downwards.

Characters: pdfium's loose boxes (font ascent to descent, advance width), so every glyph of a
line has the same top and bottom whatever its shape; characters pdfium generated (spaces
between words, line breaks) are left out, real space characters are kept; a glyph drawn twice
at the same place (fake bold) is kept once.

Ruling lines: every stroked path and every filled path whose colour is not white (white boxes
behind text are no borders) gives its horizontal and vertical sides (`pdfgeometry`); sides
shorter than 1 pt are dropped, the rest snapped, joined and closed (`pdfrules.merge_rules`,
`close_open_ends`).

Grid: the rules that touch each other form one table. Its distinct horizontal positions are the
row boundaries and its vertical positions the column boundaries; a grid position is merged
with its neighbour where the rule between them is absent. Each merged region is one cell. A
table with a region that is no rectangle and holds text is not trusted (None: the caller falls
back); an empty one (cells clipped at a page top) is cut into empty cells one row high.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from annual_report.readers import pdfbox, pdfstacked
from annual_report.readers.cjk import is_cjk
from annual_report.readers.pdfrules import TOUCH, HRule, VRule, close_open_ends, merge_rules


@dataclass
class Cell:
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def box(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)


@dataclass
class Table:
    """One ruled table: rows of cells in grid order; None where a merged cell covers the spot."""

    bbox: tuple[float, float, float, float]
    xs: list[float]  # column left edges (distinct cell left edges), then the right edge
    ys: list[float]  # row top edges (distinct cell tops), then the bottom edge
    rows: list[list[Cell | None]] = field(default_factory=list)

    def row_box(self, r: int) -> tuple[float, float, float, float]:
        """The box around row `r`'s cells (a cell merged down from it included)."""
        present = [c for c in self.rows[r] if c is not None]
        return (min(c.x0 for c in present), min(c.top for c in present), max(c.x1 for c in present), max(c.bottom for c in present))

    def covering(self, r: int, j: int, cx: float, cy: float) -> Cell | None:
        """The cell that covers the point (cx, cy), looked for from grid spot (r, j) up and to the
        left: a merged cell sits at its top-left spot, None elsewhere."""
        for rr in range(r, -1, -1):
            for jj in range(j, -1, -1):
                cell = self.rows[rr][jj]
                if cell is not None and cell.x0 - 1 <= cx <= cell.x1 + 1 and cell.top - 1 <= cy <= cell.bottom + 1:
                    return cell
        return None


@dataclass
class PageGeometry:
    width: float
    height: float
    chars: list[dict]  # {"text", "x0", "x1", "top", "bottom"}
    hrules: list[HRule]
    vrules: list[VRule]


# -- rules → tables ------------------------------------------------------------------------


def find_tables(geo: PageGeometry) -> list[Table] | None:
    """The ruled tables of a page, top to bottom; None when a grid is not trustworthy."""
    hs, vs = merge_rules(geo.hrules, geo.vrules)
    extra = close_open_ends(hs, vs)
    if extra:
        hs, vs = merge_rules(hs + extra, vs)
    if not hs or not vs:
        return []
    tables = _tables_of_groups(_touching(hs, vs), geo.chars)
    if tables is None:
        return None
    tables.sort(key=lambda t: (t.bbox[1], t.bbox[0]))
    return tables


def _touching(hs: list[HRule], vs: list[VRule]) -> list[tuple[list[HRule], list[VRule]]]:
    """Rules that touch, grouped (union-find over rules): each group is one table."""
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if h.x0 - TOUCH <= v.x <= h.x1 + TOUCH and v.top - TOUCH <= h.y <= v.bottom + TOUCH:
                a, b = find(i), find(len(hs) + j)
                if a != b:
                    parent[a] = b
    groups: dict[int, tuple[list[HRule], list[VRule]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    return list(groups.values())


def _tables_of_groups(groups: list[tuple[list[HRule], list[VRule]]], chars: list[dict], framed: bool = False) -> list[Table] | None:
    """The tables the groups of rules draw; None when one of them is not trustworthy. A group
    may be a box ruled around the text with tables inside (`pdfbox`): when it is no grid, or
    its grid has a band of prose across it, the tables inside are read without the box. A
    group may be tables stacked with no gap (`pdfstacked`): each is read as its own."""
    tables: list[Table] = []
    for gh, gv in groups:
        if len(gh) < 2 or len(gv) < 2:
            continue
        inside = None if framed else pdfbox.inside_box(gh, gv)
        if inside:
            whole = _grid(gh, gv)  # strict: a box around tables makes no rectangles
            if whole is None or any(pdfbox.prose_band(lines) for lines in _full_width_lines(whole, chars)):
                found = _tables_of_groups(_touching(*inside), chars, framed=True)
                if found:
                    tables.extend(found)
                    continue
        for ph, pv in pdfstacked.split_stacked(gh, gv):
            if len(ph) < 2 or len(pv) < 2:
                continue
            table = _grid(ph, pv, chars)
            if table is None:  # borders this reader does not understand
                return None
            if table.rows and len(table.xs) - 1 >= 2:
                tables.append(table)
    return tables


def _full_width_lines(table: Table, chars: list[dict]) -> Iterator[list[str]]:
    """The text lines of each cell that spans the whole grid (a caption row, or a band of the
    box around the text that the tables' rules cut off)."""
    x0, x1 = table.xs[0], table.xs[-1]
    for row in table.rows:
        for cell in row:
            if cell is None or cell.x0 > x0 + 1 or cell.x1 < x1 - 1:
                continue
            inside = [
                c
                for c in chars
                if cell.x0 <= (c["x0"] + c["x1"]) / 2 <= cell.x1 and cell.top <= (c["top"] + c["bottom"]) / 2 <= cell.bottom
            ]
            yield [line["text"] for line in text_lines(inside)]


def _grid(hs: list[HRule], vs: list[VRule], chars: list[dict] | None = None) -> Table | None:
    ys = sorted({h.y for h in hs})
    xs = sorted({v.x for v in vs})
    if len(ys) < 2 or len(xs) < 2:
        return None
    cells: list[Cell] = []
    for spots in _regions(hs, vs, xs, ys):
        i0, i1 = min(s[0] for s in spots), max(s[0] for s in spots)
        j0, j1 = min(s[1] for s in spots), max(s[1] for s in spots)
        if len(spots) == (i1 - i0 + 1) * (j1 - j0 + 1):
            cells.append(Cell(xs[j0], ys[i0], xs[j1 + 1], ys[i1 + 1]))
        elif chars is not None and not _holds_text(spots, xs, ys, chars):
            cells.extend(_row_runs(spots, xs, ys))
        else:
            return None  # not a rectangle: borders this reader does not understand
    tops = sorted({cell.top for cell in cells})
    lefts = sorted({cell.x0 for cell in cells})
    row_of = {y: k for k, y in enumerate(tops)}
    col_of = {x: k for k, x in enumerate(lefts)}
    rows: list[list[Cell | None]] = [[None] * len(lefts) for _ in tops]
    for cell in cells:
        rows[row_of[cell.top]][col_of[cell.x0]] = cell
    bbox = (xs[0], ys[0], xs[-1], ys[-1])
    return Table(bbox, lefts + [xs[-1]], tops + [ys[-1]], rows)


def _regions(hs: list[HRule], vs: list[VRule], xs: list[float], ys: list[float]) -> list[list[tuple[int, int]]]:
    """The grid spots (row, column) merged where no rule parts them, region by region."""
    nr, nc = len(ys) - 1, len(xs) - 1
    h_at: dict[float, list[HRule]] = {}
    for h in hs:
        h_at.setdefault(h.y, []).append(h)
    v_at: dict[float, list[VRule]] = {}
    for v in vs:
        v_at.setdefault(v.x, []).append(v)

    def v_present(j: int, i: int) -> bool:  # rule at xs[j] along row i
        return any(v.top <= ys[i] + TOUCH and v.bottom >= ys[i + 1] - TOUCH for v in v_at[xs[j]])

    def h_present(i: int, j: int) -> bool:  # rule at ys[i] along column j
        return any(h.x0 <= xs[j] + TOUCH and h.x1 >= xs[j + 1] - TOUCH for h in h_at[ys[i]])

    parent = list(range(nr * nc))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    def union(p: int, q: int) -> None:
        a, b = find(p), find(q)
        if a != b:
            parent[max(a, b)] = min(a, b)

    for i in range(nr):
        for j in range(nc):
            if j + 1 < nc and not v_present(j + 1, i):
                union(i * nc + j, i * nc + j + 1)
            if i + 1 < nr and not h_present(i + 1, j):
                union(i * nc + j, (i + 1) * nc + j)
    regions: dict[int, list[tuple[int, int]]] = {}
    for i in range(nr):
        for j in range(nc):
            regions.setdefault(find(i * nc + j), []).append((i, j))
    return list(regions.values())


def _holds_text(spots: list[tuple[int, int]], xs: list[float], ys: list[float], chars: list[dict]) -> bool:
    """Whether a character's centre lies in one of the grid spots."""
    for ch in chars:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        if any(xs[j] <= cx <= xs[j + 1] and ys[i] <= cy <= ys[i + 1] for i, j in spots):
            return True
    return False


def _row_runs(spots: list[tuple[int, int]], xs: list[float], ys: list[float]) -> list[Cell]:
    """An empty region that is no rectangle, cut into rectangles one grid row high. A browser
    that prints a table with separate borders clips each cell cut by the page break at its own
    height, so the tops of a page's first cells make steps with nothing inside; the cells with
    text around them are rectangles and read as they are."""
    out: list[Cell] = []
    for i in sorted({s[0] for s in spots}):
        cols = sorted(j for r, j in spots if r == i)
        start = cols[0]
        for k, j in enumerate(cols):
            if k + 1 == len(cols) or cols[k + 1] != j + 1:
                out.append(Cell(xs[start], ys[i], xs[j + 1], ys[i + 1]))
                if k + 1 < len(cols):
                    start = cols[k + 1]
    return out


# -- text lines outside tables --------------------------------------------------------------


def text_lines(chars: list[dict], x_tolerance: float = 3.0, y_tolerance: float = 3.0) -> list[dict]:
    """Lines of text like pdfplumber's extract_text_lines(strip=True): chars clustered into lines
    (`_by_line`), left to right, a space where a gap exceeds x_tolerance or a space
    character stands. A line's `size` is its glyphs' median height (a line's box is as tall as
    its tallest glyph: digits of another font)."""
    out: list[dict] = []
    for line in _by_line(chars, y_tolerance):
        line.sort(key=lambda ch: ch["x0"])
        parts: list[str] = []
        word = ""
        prev = None
        visible: list[dict] = []
        for ch in line:
            if ch["text"].isspace():
                if word:
                    parts.append(word)
                    word = ""
                prev = None
                continue
            if prev is not None and ch["x0"] > prev["x1"] + x_tolerance and word:
                parts.append(word)
                word = ""
            word += ch["text"]
            prev = ch
            visible.append(ch)
        if word:
            parts.append(word)
        if not visible:
            continue
        out.append(
            {
                "text": " ".join(parts),
                "x0": min(ch["x0"] for ch in visible),
                "x1": max(ch["x1"] for ch in visible),
                "top": min(ch["top"] for ch in visible),
                "bottom": max(ch["bottom"] for ch in visible),
                "size": _size(visible),
            }
        )
    return out


def _by_line(chars: list[dict], y_tolerance: float) -> list[list[dict]]:
    """Chars by their vertical middle (loose boxes of two fonts on one baseline differ at the
    top, by 3 pt for a bold heading run into body text, but hardly in the middle); a small glyph
    inside a line's band joins it (`_small_within`)."""
    if not chars:
        return []

    def middle(ch: dict) -> float:
        return (ch["top"] + ch["bottom"]) / 2

    ordered = sorted(chars, key=middle)
    lines: list[list[dict]] = [[ordered[0]]]
    last = middle(ordered[0])
    top, bottom = ordered[0]["top"], ordered[0]["bottom"]  # the current line's band
    for ch in ordered[1:]:
        mid = middle(ch)
        if mid - last <= y_tolerance:
            lines[-1].append(ch)
            top, bottom = min(top, ch["top"]), max(bottom, ch["bottom"])
            last = mid
        elif _small_within(ch, top, bottom):
            lines[-1].append(ch)  # the line's reference middle stays its full-height glyphs'
        else:
            lines.append([ch])
            top, bottom = ch["top"], ch["bottom"]
            last = mid
    return lines


def _size(chars: list[dict]) -> float:
    """A line's type size: the median height of its ideographs (of all its glyphs if it has
    none). Its box is as tall as its tallest glyph, and pdfium's loose boxes of the digits'
    font may be a third taller than the ideographs' of the same size."""
    own = [ch for ch in chars if is_cjk(ch["text"])] or chars
    return sorted(ch["bottom"] - ch["top"] for ch in own)[len(own) // 2]


_SMALL = 0.6  # a glyph this much shorter than its line is punctuation (、，。) or a mark


def _small_within(ch: dict, top: float, bottom: float) -> bool:
    """A small glyph inside a line's band: 、，。 in tight boxes (a font without ascent and
    descent, whose "loose" boxes are the ink) sit at the line's foot, their middles far below
    the line's, yet they are the line's."""
    height = ch["bottom"] - ch["top"]
    return height <= _SMALL * (bottom - top) and top <= (ch["top"] + ch["bottom"]) / 2 <= bottom
