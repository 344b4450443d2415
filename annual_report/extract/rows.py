"""A table row read from the token stream: its label, its value tokens and its cells.

A row's values are the value tokens that follow its label up to the next label. Layout noise
around the values (merged cell holes, "|||" fillers, a TSV row's leading blanks) is trimmed
only when what remains fits the row's width exactly; anything else becomes a problem and empty
cells, never a guess. Shared by the readers of the three tables (`table1`, `table2`, `table3`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from annual_report import catalog
from annual_report.extract import digits
from annual_report.extract.labels import GROUPS, strip_group
from annual_report.extract.normalize import normalize, split_numbering
from annual_report.extract.tokens import VALUE, Token
from annual_report.model import Cell, RowLabel, Source, TableProblem, Tables, parse_number

N_APPLICANT = len(catalog.APPLICANT_COLUMNS)  # 7
N_APPEALS = len(catalog.APPEAL_COLUMNS) * len(catalog.APPEAL_ROWS)  # 15
MAX_LABEL = 80  # a longer text token is prose
_MAX_BLOCK_HOPS = 3  # values may sit up to this many blocks below a label (wrapped layouts)
_CHANGE_WORD = re.compile(r"^(?:增加?|减少?)(?=[+\d０-９])")
_UNIT_SUFFIXES = ("万元", "元", "人次", "件", "条", "个", "项", "次")


def is_label(t: Token) -> bool:
    """Whether a token may be a row label: short text, no sentence (a 注 line under the table
    that names a row, “本年新收”不含上年结转的申请。, is prose about the table)."""
    return t.kind == "text" and len(t.norm) <= MAX_LABEL and not t.norm.endswith(("。", "；", ";"))


@dataclass
class RowHit:
    key: str
    index: int  # token index of the label
    found: str  # the label as written (wrapped parts joined)
    exact: bool
    tokens: list[Token]  # the value tokens that fit the row (None entries: never)
    candidates: list[list[int]] | None = None  # flattened run: the arithmetic splits still possible
    problem: str | None = None
    problem_kind: str | None = None  # "split" (flattened run) | "count" (wrong number of values) | "empty"
    source: Source | None = None  # of the label
    reassembled: bool = False  # the label was joined from pieces by the reader or `collect`
    # problem "count": the row's printed cells (no blanks), for placing by arithmetic (`placement`)
    printed: list[Token] = field(default_factory=list)


@dataclass
class Collected:
    values: list[Token]
    end: int
    found: str
    found_rest: str
    joined: bool = False  # the label was wrapped: pieces joined here


@dataclass
class Evidence:
    t2019: list[str] = field(default_factory=list)
    t2021: list[str] = field(default_factory=list)


def collect(tokens: list[Token], i: int, official_rest: str | None) -> Collected:
    """Value tokens after the label at `i`; joins a label wrapped over several lines."""
    first = tokens[i]
    found = first.text
    found_rest = strip_group(split_numbering(first.norm)[2])
    values: list[Token] = []
    j = i + 1
    hops = 0
    was_joined = False
    while j < len(tokens):
        t = tokens[j]
        if t.kind == "text":
            # The rest of a wrapped label, before or after the row's values.
            joined = found_rest + t.norm
            if official_rest and found_rest != official_rest and t.norm and official_rest.startswith(joined):
                found, found_rest, was_joined = found + t.text, joined, True
                j += 1
                continue
            break
        prev_block = values[-1].block if values else first.block
        if t.block != prev_block:
            if values:
                break  # values of this row ended with its line; the next line is another row
            hops += 1
            if hops > _MAX_BLOCK_HOPS:
                break
        values.append(t)
        j += 1
    return Collected(values, j, found, found_rest, was_joined)


def fit(values: list[Token], n: int) -> tuple[list[Token] | None, str | None]:
    """The `n` tokens of a row, trimming layout blanks only when that leaves exactly `n`."""
    if len(values) == n:
        return values, None
    lo, hi = 0, len(values)
    while lo < hi and values[lo].kind == "empty":
        lo += 1
    while hi > lo and values[hi - 1].kind == "empty":
        hi -= 1
    core = values[lo:hi]
    if len(core) == n:
        return core, None
    filled = [t for t in core if t.kind != "empty"]
    if len(core) > n and len(filled) == n:
        return filled, None  # the blanks between were fillers of merged cells
    if not filled:
        return None, "没有数字"
    return None, f"应有 {n} 个数，找到 {len(filled)} 个（{' '.join(t.text for t in filled)}）"


def row_hit(
    tokens: list[Token],
    i: int,
    key: str,
    official_rest: str,
    n: int,
    check: digits.Check | None,
    grid: list[list[str] | None] | None = None,
) -> tuple[RowHit, int]:
    """The row whose label is at `i`, with `n` values. `grid`: the cells of each row block
    (None for text), to place a blank cell by its column."""
    c = collect(tokens, i, official_rest)
    hit = RowHit(key, i, c.found, c.found_rest == official_rest, [], source=tokens[i].source, reassembled=tokens[i].reassembled or c.joined)
    core = [t for t in c.values if t.kind != "empty"]
    if core and all(t.flat for t in core) and len(core) < n and n > 1:
        runs = [t.text for t in core]
        run = "".join(runs)
        hit.problem_kind = "split"
        found = split_with_decimal(runs, n, check)
        if found is None:
            hit.problem = f"数字串“{run}”可拆分的方式太多，无法确定各格数值"
        elif not found:
            hit.problem = f"数字串“{run}”无法拆成 {n} 个符合表内勾稽关系的数"
        else:
            hit.candidates = found
        hit.tokens = [core[0]] * n
        return hit, c.end
    fitted, problem = fit(c.values, n)
    end = c.end
    if fitted is None and c.values and grid is not None:
        fitted = place_by_columns(c.values, n, grid)
    if fitted is None and c.values:
        # One cell per line without tabs: a blank cell is a blank line, which may have cut the
        # row's numbers in two (the rest follows, without a label, after the blank lines).
        more = c.values + _value_tokens(tokens, c.end)
        at = tokens.index(c.values[0])
        after = at + len(more)
        placed = place_by_lines(tokens[at - 1], more, tokens[after] if after < len(tokens) else None, n, separated=False)
        if placed is not None:
            fitted, end = placed, after
    if fitted is None:
        hit.problem = problem
        hit.printed = [t for t in c.values if t.kind != "empty"]
        hit.problem_kind = "count" if hit.printed else "empty"
    else:
        hit.tokens = fitted
    return hit, end


def place_by_columns(values: list[Token], n: int, grid: list[list[str] | None]) -> list[Token] | None:
    """The `n` cells of a grid row (DOCX, TSV, markdown) with blank cells at its ends.

    Trimming blanks cannot tell a blank first value from the empty cells a merged label left
    (`结转下年度继续办理 | | | | 0 | 0 …`). The grid can: the row's columns are those its
    header row right above names (`信息内容 | 采购项目数量 | 采购总金额`), else, when the row has
    as many cells as the grid rows around it, its last `n` cells, blank or not."""
    block = values[0].block
    cells = grid[block] if 0 <= block < len(grid) else None
    if not cells or len(cells) <= n or any(t.block != block for t in values):
        return None
    by_col = {t.col: t for t in values if t.col >= 0}
    columns = _header_columns(grid, block, n, min(by_col, default=0))
    if columns is None:
        width = len(cells)
        neighbours = [len(c) for b in (block - 1, block + 1) if 0 <= b < len(grid) and (c := grid[b])]
        if values[-1].col != width - 1 or not neighbours or any(w != width for w in neighbours):
            return None
        columns = _filled_around(grid, block, n) or list(range(width - n, width))
    picked = [by_col.get(k) for k in columns]
    if any(t is None for t in picked) or set(by_col) - set(columns) - {k for k, t in by_col.items() if t.kind == "empty"}:
        return None
    out = [t for t in picked if t is not None]
    return out if any(t.kind == "value" for t in out) else None


def _filled_around(grid: list[list[str] | None], block: int, n: int) -> list[int] | None:
    """The `n` columns where both rows around `block` hold numbers, when exactly `n` do: a
    ruled grid may carry empty filler columns between the value columns (Word tables whose
    cells do not line up from row to row), and then the last `n` columns are not the row's."""
    width = len(grid[block] or [])
    around = [c for c in (_filled_row(grid, block, -1, width), _filled_row(grid, block, 1, width)) if c]
    if len(around) != 2:
        return None
    filled = [k for k in range(width) if all(VALUE.match(c[k].strip()) for c in around)]
    return filled if len(filled) == n else None


def _filled_row(grid: list[list[str] | None], block: int, step: int, width: int) -> list[str] | None:
    """The nearest grid row of `width` cells holding numbers, up to 3 rows away (a blank row
    between, `2.重复申请` left empty, is skipped)."""
    for b in range(block + step, block + 4 * step, step):
        cells = grid[b] if 0 <= b < len(grid) else None
        if cells is None or len(cells) != width:
            return None
        if any(VALUE.match(c.strip()) for c in cells):
            return cells
    return None


def _header_columns(grid: list[list[str] | None], block: int, n: int, first: int) -> list[int] | None:
    """The columns of a small table's header row right above `block` (as wide as the row):
    exactly `n` header cells at or right of the row's first value cell."""
    width = len(grid[block] or [])
    for b in (block - 1, block - 2):
        cells = grid[b] if 0 <= b < len(grid) else None
        if not cells or len(cells) != width:
            continue
        named = [k for k, c in enumerate(cells) if k >= first and c.strip()]
        if any(VALUE.match(cells[k].strip()) for k in named):
            return None  # a row of numbers: no header
        return named if len(named) == n else None
    return None


def _value_tokens(tokens: list[Token], start: int) -> list[Token]:
    out = []
    for t in tokens[start:]:
        if t.kind == "text":
            break
        out.append(t)
    return out


def place_by_lines(before: Token, values: list[Token], after: Token | None, n: int, *, separated: bool) -> list[Token] | None:
    """The `n` cells of a one-cell-per-line row whose blank cells are blank lines.

    In a Word table saved as text without tabs, each cell is a line and a blank line ends a
    row, so an empty cell is indistinguishable from a row's end by itself. The table's column
    count decides: when every number sits on its own line and the blank lines between the
    label (`before`), the numbers and the next row (`after`) number exactly the cells missing,
    each of those blank lines is an empty cell. `separated`: the numbers are a row of their own
    under a header row (table 3), so one blank line before them is the row separator.
    Anything else: None (the row stays unread and is reported so)."""
    lines = [t.source.line for t in values]
    first_line = before.source.line
    if first_line is None or any(x is None or t.kind != "value" or t.flat for x, t in zip(lines, values, strict=True)):
        return None
    known = [x for x in lines if x is not None]
    if any(b <= a for a, b in zip(known, known[1:], strict=False)) or len(known) >= n:
        return None
    out: list[Token] = []

    def blanks(start: int, count: int) -> None:
        out.extend(Token("", "empty", Source.model_construct(line=start + k), values[0].block) for k in range(count))

    lead = known[0] - first_line - 1 - (1 if separated else 0)
    if lead < 0:
        return None
    blanks(first_line + 1 + (1 if separated else 0), lead)
    for tok, line, nxt in zip(values, known, [*known[1:], None], strict=True):
        out.append(tok)
        if nxt is not None:
            blanks(line + 1, nxt - line - 1)
    missing = n - len(out)
    if missing > 0 and after is not None and after.source.line is not None:
        trailing = after.source.line - known[-1] - 2  # the last blank line ends the row
        if trailing == missing:
            blanks(known[-1] + 1, trailing)
    return out if len(out) == n else None


def split_with_decimal(runs: list[str], n: int, check: digits.Check | None) -> list[list] | None:
    """`digits.splits`, where the last run may end in a decimal amount (采购总金额 66.25 glued
    to 采购项目数量 6): the fraction belongs to the last number."""
    last = runs[-1]
    if "." not in last or last.count(".") > 1:
        return digits.splits(runs, n, check)
    whole, frac = last.split(".")
    found = digits.splits([*runs[:-1], whole], n, check)
    if not found:
        return found
    return [[*c[:-1], Decimal(f"{c[-1]}.{frac}")] for c in found]


def make_cell(tok: Token | None, *, decimal: bool = False, value: int | None = None, flat: bool = False) -> Cell:
    if tok is None:
        return Cell()
    if flat:
        return Cell.model_construct(value=value, raw=str(value) if value is not None else tok.text, source=tok.source)
    raw = tok.text
    body = raw.strip()
    for suffix in _UNIT_SUFFIXES:
        if body.endswith(suffix):
            body = body[: -len(suffix)].strip()
            break
    change = _CHANGE_WORD.match(body)  # 本年增/减 written 增3 / 减4
    if change:
        body = ("-" if change.group().startswith("减") else "") + body[change.end() :].lstrip("+")
    v = parse_number(body, allow_decimal=decimal)
    # model_construct: the fields are already of the right types, and this runs per cell.
    return Cell.model_construct(value=v, raw=raw, source=tok.source)


def cells_of(hit: RowHit | None, n: int, *, decimal: bool = False) -> list[Cell]:
    if hit is None or not hit.tokens:
        return [Cell(raw="", source=hit.tokens[0].source if hit and hit.tokens else None) for _ in range(n)]
    if hit.problem_kind == "split":
        if hit.candidates and len(hit.candidates) == 1:
            return [make_cell(hit.tokens[0], value=v, flat=True) for v in hit.candidates[0]]
        return [Cell(raw=hit.tokens[0].text, source=hit.tokens[0].source) for _ in range(n)]
    return [make_cell(t, decimal=decimal) for t in hit.tokens]


def report_problem(tables: Tables, table: str, hit: RowHit, label: str) -> None:
    if not hit.problem:
        return
    source = hit.tokens[0].source if hit.tokens else hit.source
    line = source.describe() if source else ""
    tables.problems.append(f"{catalog.TABLE_TITLES[table]}·{label}：{hit.problem}" + (f"（{line}）" if line else ""))
    if hit.problem_kind in ("split", "count"):
        # Numbers are there but could not be placed: the row's cells stay empty (never a guess),
        # and the rules say so once for the row instead of one cell.missing per cell.
        tables.ambiguities.append(
            TableProblem(
                table=table,
                row=hit.key,
                kind=hit.problem_kind,
                detail=hit.problem,
                unread_rows=[hit.key],
                source=source,
            )
        )


# Characters of the vertical group labels (三、本年度办理结果, （三）不予公开 …): set one per line
# beside the rows, they land among the characters of a neighbouring row's label.
_GROUP_CHARS = frozenset("".join(GROUPS.values()) + "()（）、")
_MAX_LEAKED = 4


def leaked(found: str, official: str) -> bool:
    """Whether `found` is the official label with only a few characters of a group label
    interleaved (a layout leak, not the report's wording)."""
    a, b = normalize(found), normalize(official)
    extra = len(a) - len(b)
    if extra <= 0 or extra > _MAX_LEAKED:
        return False
    k = 0
    spare: list[str] = []
    for ch in a:  # b must be a subsequence of a; what is left over must be group-label characters
        if k < len(b) and ch == b[k]:
            k += 1
        else:
            spare.append(ch)
    return k == len(b) and all(ch in _GROUP_CHARS for ch in spare)


TableKey = Literal["active_disclosure", "applications", "appeals"]


def add_label(tables: Tables, table: TableKey, key: str, found: str, official: str, source: Source | None, reassembled: bool) -> None:
    """Record a label that differs from the official wording (the rules decide what to say)."""
    tables.labels.append(
        RowLabel(
            table=table,
            key=key,
            found=found,
            official=official,
            source=source,
            reading="reassembled" if reassembled else "clean",
        )
    )
