"""The three statistical tables, read from the token stream of their sections.

A row is found by its label (see `labels`), never by position; its values are the value
tokens that follow the label up to the next label. Layout noise around the values (merged
cell holes, "|||" fillers, a TSV row's leading blanks) is trimmed only when what remains
fits the row's width exactly; anything else becomes a problem and empty cells, never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher

from annual_report import catalog
from annual_report.document import Block
from annual_report.extract import digits
from annual_report.extract.labels import (
    GROUPS,
    NEAR_MARGIN,
    NEAR_RATIO,
    T1_COLUMN_TEMPLATE,
    T1_COLUMNS,
    T1_OFFICIAL,
    T1_SPECS,
    T2_BY_KEY,
    T2_HEADER_KEYWORDS,
    T2_HEADER_OFFICIAL,
    T2_SPECS,
    T3_HEADER_KEYWORDS,
    T3_HEADER_OFFICIAL,
    group_by_number,
    match_group,
    match_near,
    match_prefix,
    match_row,
    strip_group,
)
from annual_report.extract.normalize import normalize, split_numbering, stem
from annual_report.extract.tokens import Token, tokenize
from annual_report.model import Cell, RowLabel, Source, TableProblem, Tables, parse_number

N_APPLICANT = len(catalog.APPLICANT_COLUMNS)  # 7
N_APPEALS = len(catalog.APPEAL_COLUMNS) * len(catalog.APPEAL_ROWS)  # 15
_MAX_LABEL = 80  # a longer text token is prose
_MAX_BLOCK_HOPS = 3  # values may sit up to this many blocks below a label (wrapped layouts)
_UNIT_SUFFIXES = ("万元", "元", "人次", "件", "条", "个", "项", "次")

T1_COLUMN_OFFICIAL_BY_TEMPLATE: dict[str, dict[str, str]] = {
    t: {key: label for row in rows for key, label in row.values} for t, rows in catalog.TABLE1.items()
}


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
    reassembled: bool = False  # the label was joined from pieces by the reader or `_collect`


@dataclass
class _Collected:
    values: list[Token]
    end: int
    found: str
    found_rest: str
    joined: bool = False  # the label was wrapped: pieces joined here


@dataclass
class TableRegions:
    """Block ranges [start, end) to search for each table; None: search everywhere."""

    active_disclosure: tuple[int, int] | None = None
    applications: tuple[int, int] | None = None
    appeals: tuple[int, int] | None = None


@dataclass
class _Evidence:
    t2019: list[str] = field(default_factory=list)
    t2021: list[str] = field(default_factory=list)


def extract_tables(blocks: list[Block], regions: TableRegions) -> Tables:
    tables = Tables()
    ev = _Evidence()
    t1_tokens = tokenize(blocks, *(regions.active_disclosure or (0, len(blocks))))
    t2_tokens = tokenize(blocks, *(regions.applications or (0, len(blocks))))
    _table1(t1_tokens, tables, ev)
    t2_end = _table2(t2_tokens, tables, ev)
    if regions.appeals is not None:
        t3_tokens = tokenize(blocks, *regions.appeals)
    else:
        # No heading: table 3 follows table 2, so start after table 2's last row.
        start = t2_end + 1 if t2_end is not None else 0
        if t2_end is not None and any(t.kind == "text" and t.norm in _T3_START for t in tokenize(blocks, t2_end, t2_end + 1)):
            start = t2_end  # web text: table 3 glued to table 2's last row on one line
        t3_tokens = tokenize(blocks, start, len(blocks))
    _table3(t3_tokens, tables)
    tables.template_evidence = ev.t2021 + ev.t2019
    if ev.t2021 and ev.t2019:
        tables.mixed_template = True
        tables.template = catalog.TEMPLATE_2021 if len(ev.t2021) >= len(ev.t2019) else catalog.TEMPLATE_2019
    elif ev.t2021:
        tables.template = catalog.TEMPLATE_2021
    elif ev.t2019:
        tables.template = catalog.TEMPLATE_2019
    return tables


# --------------------------------------------------------------------------- collecting


def _collect(tokens: list[Token], i: int, official_rest: str | None) -> _Collected:
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
    return _Collected(values, j, found, found_rest, was_joined)


def _fit(values: list[Token], n: int) -> tuple[list[Token] | None, str | None]:
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


def _row_hit(tokens: list[Token], i: int, key: str, official_rest: str, n: int, check: digits.Check | None) -> tuple[RowHit, int]:
    c = _collect(tokens, i, official_rest)
    hit = RowHit(key, i, c.found, c.found_rest == official_rest, [], source=tokens[i].source, reassembled=tokens[i].reassembled or c.joined)
    core = [t for t in c.values if t.kind != "empty"]
    if core and all(t.flat for t in core) and len(core) < n and n > 1:
        runs = [t.text for t in core]
        run = "".join(runs)
        hit.problem_kind = "split"
        found = _split_with_decimal(runs, n, check)
        if found is None:
            hit.problem = f"数字串“{run}”可拆分的方式太多，无法确定各格数值"
        elif not found:
            hit.problem = f"数字串“{run}”无法拆成 {n} 个符合表内勾稽关系的数"
        else:
            hit.candidates = found
        hit.tokens = [core[0]] * n
        return hit, c.end
    fitted, problem = _fit(c.values, n)
    if fitted is None:
        hit.problem = problem
        hit.problem_kind = "empty" if not any(t.kind != "empty" for t in c.values) else "count"
    else:
        hit.tokens = fitted
    return hit, c.end


def _split_with_decimal(runs: list[str], n: int, check: digits.Check | None) -> list[list] | None:
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


def _cell(tok: Token | None, *, decimal: bool = False, value: int | None = None, flat: bool = False) -> Cell:
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
    v = parse_number(body, allow_decimal=decimal)
    # model_construct: the fields are already of the right types, and this runs per cell.
    return Cell.model_construct(value=v, raw=raw, source=tok.source)


def _cells(hit: RowHit | None, n: int, *, decimal: bool = False) -> list[Cell]:
    if hit is None or not hit.tokens:
        return [Cell(raw="", source=hit.tokens[0].source if hit and hit.tokens else None) for _ in range(n)]
    if hit.problem_kind == "split":
        if hit.candidates and len(hit.candidates) == 1:
            return [_cell(hit.tokens[0], value=v, flat=True) for v in hit.candidates[0]]
        return [Cell(raw=hit.tokens[0].text, source=hit.tokens[0].source) for _ in range(n)]
    return [_cell(t, decimal=decimal) for t in hit.tokens]


def _problem(tables: Tables, table: str, hit: RowHit, label: str) -> None:
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
                detail=hit.problem,  # type: ignore[arg-type]
                unread_rows=[hit.key],
                source=source,
            )
        )


# --------------------------------------------------------------------------- table 1


def _table1(tokens: list[Token], tables: Tables, ev: _Evidence) -> None:
    columns: list[tuple[str, Token]] = []
    row_at: list[tuple[int, str, bool]] = []  # (token index, key, exact-by-stem)
    for i, t in enumerate(tokens):
        if t.kind != "text" or len(t.norm) > _MAX_LABEL:
            continue
        m = match_row(t.norm, T1_SPECS)
        if m:
            row_at.append((i, m.spec.key, m.exact))
            continue
        for word, key in T1_COLUMNS:
            if word in t.norm and len(t.norm) <= 30:
                columns.append((key, t))
                break
    if not row_at:
        return
    template = _table1_template(columns, row_at, ev)
    if template is None:
        # No header told us: the 2019 rows carry three numbers where the 2021 rows carry one.
        probe = [k for _, k, _ in row_at if k in ("licensing", "penalty", "enforcement")]
        template = catalog.TEMPLATE_2021
        if probe:
            idx = next(i for i, k, _ in row_at if k == probe[0])
            c = _collect(tokens, idx, None)
            if sum(1 for t in c.values if t.kind != "empty") >= 3:
                template = catalog.TEMPLATE_2019
    rows = {r.key: r for r in catalog.TABLE1[template]}
    officials = T1_OFFICIAL[template]
    col_official = T1_COLUMN_OFFICIAL_BY_TEMPLATE[template]
    seen_cols: set[str] = set()
    for key, t in columns:
        official = col_official.get(key)
        # "信息内容" is the row-label column's header; glued in front of the first value
        # column's header it is layout, not wording.
        if official and stem(t.text).removeprefix("信息内容") != stem(official) and t.text not in seen_cols:
            seen_cols.add(t.text)
            tables.labels.append(
                RowLabel(
                    table="active_disclosure",
                    key=f"column:{key}",
                    found=t.text,
                    official=official,
                    source=t.source,
                    reading="reassembled" if t.reassembled else "clean",
                )
            )
    hits: dict[str, RowHit] = {}
    for i, key, _ in row_at:
        if key in hits or key not in rows:
            if key not in rows:
                tables.problems.append(f"{catalog.TABLE_TITLES['active_disclosure']}·“{tokens[i].text}”不属于 {template} 年格式的表格")
            continue
        spec = rows[key]
        hit, _ = _row_hit(tokens, i, key, stem(officials[key]), len(spec.values), None)
        if hit.candidates is not None and len(hit.candidates) != 1:
            hit.problem = f"数字串“{hit.tokens[0].text}”有 {len(hit.candidates)} 种拆分方式，无法确定各格数值"
        hits[key] = hit
        if not hit.exact and not leaked(hit.found, officials[key]):
            tables.labels.append(
                RowLabel(
                    table="active_disclosure",
                    key=key,
                    found=hit.found,
                    official=officials[key],
                    source=tokens[i].source,
                    reading="reassembled" if hit.reassembled else "clean",
                )
            )
        _problem(tables, "active_disclosure", hit, officials[key])
    out: dict[str, dict[str, Cell]] = {}
    missing: list[str] = []
    for spec in catalog.TABLE1[template]:
        hit = hits.get(spec.key)
        if hit is None:
            missing.append(spec.key)
        decimal = spec.key in ("fees", "procurement")
        cells = _cells(hit, len(spec.values), decimal=decimal)
        out[spec.key] = {vk: cell for (vk, _), cell in zip(spec.values, cells, strict=True)}
    if template == catalog.TEMPLATE_2021 and hits.get("fees") and hits["fees"].tokens:
        tables.fee_raw = hits["fees"].tokens[0].text
    tables.active_disclosure = out
    if missing:
        tables.missing_rows["active_disclosure"] = missing


def _table1_template(columns: list[tuple[str, Token]], row_at: list[tuple[int, str, bool]], ev: _Evidence) -> str | None:
    votes = {catalog.TEMPLATE_2019: 0, catalog.TEMPLATE_2021: 0}
    for key, t in columns:
        template = T1_COLUMN_TEMPLATE.get(key)
        if template:
            votes[template] += 1
            note = f"表一有“{t.text}”列（{template} 年格式）"
            bucket = ev.t2021 if template == catalog.TEMPLATE_2021 else ev.t2019
            if note not in bucket:
                bucket.append(note)
    for _, key, _ in row_at:
        if key in ("other_services", "procurement"):
            votes[catalog.TEMPLATE_2019] += 1
            label = T1_OFFICIAL[catalog.TEMPLATE_2019][key]
            note = f"表一有“{label}”行（2019 年格式）"
            if note not in ev.t2019:
                ev.t2019.append(note)
    if not any(votes.values()):
        return None
    return catalog.TEMPLATE_2021 if votes[catalog.TEMPLATE_2021] >= votes[catalog.TEMPLATE_2019] else catalog.TEMPLATE_2019


# --------------------------------------------------------------------------- table 2


@dataclass
class _GroupHit:
    index: int
    token: Token
    by_label: str


# Header cells that open table 3; table 2 never has them.
_T3_START = frozenset({"行政复议", "行政诉讼", "结果维持", "未经复议直接起诉", "行政复议行政诉讼"})


def _table2(tokens: list[Token], tables: Tables, ev: _Evidence) -> int | None:
    """Reads table 2 into `tables`; returns the block index of its last row, if any."""
    hits: dict[str, RowHit] = {}
    groups: list[_GroupHit] = []
    current_group: str | None = None
    context_group: str | None = None  # the group of the last group label or row read
    results_started = False
    last_key: str | None = None
    check = digits.row_total_check(N_APPLICANT)
    i = 0
    title = catalog.TABLE_TITLES["applications"]
    while i < len(tokens):
        t = tokens[i]
        if t.kind != "text" or len(t.norm) > _MAX_LABEL:
            i += 1
            continue
        if hits and t.norm in _T3_START:
            break  # table 3 begins: its 总计 / 其他结果 headers are no rows of table 2
        kind, number, rest = split_numbering(t.norm)
        group = match_group(t.norm)
        key: str | None = None
        official_rest = ""
        if group is not None:
            results_started = True
            if group == "group:other_processing" and _has_values(tokens, i):
                key, official_rest = "other", stem("（六）其他处理")  # the 2019 single row
            else:
                groups.append(_GroupHit(i, t, group))
                current_group = context_group = group
                i += 1
                continue
        elif rest == "总计" and ((kind == "paren_cn" and number == 7) or results_started):
            key, official_rest = "total", "总计"
        elif rest == "其他" and (current_group == "group:other_processing" or last_key == "other_unpaid_fee"):
            key, official_rest = "other_other", "其他"
        else:
            m = match_row(t.norm, T2_SPECS)
            if m:
                key, official_rest = m.spec.key, m.spec.stem
            else:
                partial = match_prefix(t.norm, T2_SPECS)
                if partial is not None:
                    key, official_rest = partial.key, partial.stem
                else:
                    # A mistyped label under a known group, with its own numbers after it.
                    near = match_near(t.norm, T2_SPECS, context_group, hits.keys())
                    if near is not None and _has_values(tokens, i):
                        key, official_rest = near.key, near.stem
        if key is None:
            i += 1
            continue
        hit, end = _row_hit(tokens, i, key, official_rest, N_APPLICANT, check)
        if key in hits:
            tables.problems.append(f"{title}·“{t.text}”出现了两次，只读取第一次（{t.source.describe()}）")
            first = hits[key]
            tables.ambiguities.append(
                TableProblem(
                    table="applications",
                    row=key,
                    kind="duplicate",
                    detail=f"“{first.found}”和“{t.text}”",
                    source=first.source,
                    also=t.source,
                )
            )
            i = max(end, i + 1)
            continue
        hits[key] = hit
        spec = T2_BY_KEY.get(key)
        if spec is not None and spec.group is not None:
            context_group = spec.group
        if key not in ("new_received", "carried_over", "carried_forward"):
            results_started = True
        last_key = key
        i = max(end, i + 1)
    if not hits:
        return None
    _resolve_flattened(hits, tables)
    # Template evidence: （六）'s three sub rows are 2021, a single （六）其他处理 row is 2019.
    for key in ("other_no_correction", "other_unpaid_fee", "other_other"):
        if key in hits:
            ev.t2021.append(f"表二（六）其他处理分 1、2、3 项（2021 年格式，{tokens[hits[key].index].source.describe()}）")
            break
    if "other" in hits:
        ev.t2019.append(f"表二（六）其他处理只有一行（2019 年格式，{tokens[hits['other'].index].source.describe()}）")
    template = (
        catalog.TEMPLATE_2019
        if "other" in hits and not any(k in hits for k in ("other_no_correction", "other_unpaid_fee", "other_other"))
        else catalog.TEMPLATE_2021
    )
    out: dict[str, list[Cell]] = {}
    missing: list[str] = []
    for row in catalog.TABLE2_ROWS:
        if template not in row.templates and row.key not in hits:
            continue
        hit = hits.get(row.key)
        if hit is None:
            missing.append(row.key)
        else:
            if not hit.exact and not leaked(hit.found, _t2_official(row.key)):
                tables.labels.append(
                    RowLabel(
                        table="applications",
                        key=row.key,
                        found=hit.found,
                        official=_t2_official(row.key),
                        source=tokens[hit.index].source,
                        reading="reassembled" if hit.reassembled else "clean",
                    )
                )
            _problem(tables, "applications", hit, row.full_label)
        out[row.key] = _cells(hit, N_APPLICANT)
    _group_labels(groups, hits, tables)
    first_row = min([h.index for h in hits.values()] + [g.index for g in groups])
    _check_headers(tokens[:first_row], "applications", T2_HEADER_OFFICIAL, T2_HEADER_KEYWORDS, tables)
    tables.applications = out
    if missing:
        tables.missing_rows["applications"] = missing
    last = max(hits.values(), key=lambda h: h.index)
    return (last.tokens[-1] if last.tokens else tokens[last.index]).block


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


def _t2_official(key: str) -> str:
    if key == "other":
        return "（六）其他处理"
    return catalog.TABLE2_BY_KEY[key].label


def _has_values(tokens: list[Token], i: int) -> bool:
    c = _collect(tokens, i, None)
    return any(t.kind == "value" for t in c.values)


def _group_labels(groups: list[_GroupHit], hits: dict[str, RowHit], tables: Tables) -> None:
    """A group label is judged against the group its rows belong to: seed 001's
    "（五）不予公开" heads the 信访/重复申请 rows, so it should read "（五）不予处理"."""
    ordered = sorted(hits.values(), key=lambda h: h.index)
    for g in groups:
        intended = g.by_label
        if g.by_label != "group:results":
            following = next((h for h in ordered if h.index > g.index), None)
            spec = T2_BY_KEY.get(following.key) if following else None
            if spec and spec.group and spec.group != "group:results":
                intended = spec.group
            else:
                intended = group_by_number(g.token.norm) or g.by_label
        official = GROUPS[intended]
        if split_numbering(g.token.norm)[2] != stem(official) and not leaked(g.token.text, official):
            tables.labels.append(
                RowLabel(
                    table="applications",
                    key=intended,
                    found=g.token.text,
                    official=official,
                    source=g.token.source,
                    reading="reassembled" if g.token.reassembled else "clean",
                )
            )


def _resolve_flattened(hits: dict[str, RowHit], tables: Tables) -> None:
    """Pick among a flattened row's splits with the column equations of table 2:
    一 + 二 = （七） + 四, and （七） = the sum of the result rows."""
    open_rows = [h for h in hits.values() if h.candidates is not None and len(h.candidates) > 1]
    if not open_rows:
        return
    results = [k for k in catalog.RESULT_ROWS[catalog.TEMPLATE_2021] + ("other",) if k in hits]
    equations = [
        (("new_received", "carried_over"), ("total", "carried_forward")),
        (("total",), tuple(results)),
    ]
    changed = True
    while changed:
        changed = False
        for hit in open_rows:
            if hit.candidates is None or len(hit.candidates) <= 1:
                continue
            keep = [c for c in hit.candidates if _satisfies(hit.key, c, hits, equations)]
            if keep and len(keep) < len(hit.candidates):
                hit.candidates = keep
                changed = True
    for hit in open_rows:
        if hit.candidates is not None and len(hit.candidates) > 1:
            hit.problem = f"数字串“{hit.tokens[0].text}”有 {len(hit.candidates)} 种符合勾稽关系的拆分，无法确定各格数值"


def _known(key: str, hits: dict[str, RowHit]) -> list[int] | None:
    hit = hits.get(key)
    if hit is None or not hit.tokens:
        return None
    if hit.candidates is not None:
        return hit.candidates[0] if len(hit.candidates) == 1 else None
    values = []
    for t in hit.tokens:
        v = parse_number(t.text)
        if not isinstance(v, int):
            return None
        values.append(v)
    return values


def _satisfies(key: str, candidate: list[int], hits: dict[str, RowHit], equations) -> bool:
    for left, right in equations:
        if key not in left and key not in right:
            continue
        sides = []
        for side in (left, right):
            total = [0] * N_APPLICANT
            for k in side:
                vals = candidate if k == key else _known(k, hits)
                if vals is None:
                    break
                total = [a + b for a, b in zip(total, vals, strict=True)]
            else:
                sides.append(total)
                continue
            break
        if len(sides) == 2 and sides[0] != sides[1]:
            return False
    return True


# --------------------------------------------------------------------------- table 3


def _table3(tokens: list[Token], tables: Tables) -> None:
    start = 0
    for i, t in enumerate(tokens):
        if t.kind == "text" and "行政复议" in t.norm and len(t.norm) <= 12:
            start = i
            break
    else:
        if not any(t.kind == "text" and ("结果维持" in t.norm or "尚未审结" in t.norm) for t in tokens):
            return
    runs: list[list[Token]] = []
    run: list[Token] = []
    at = {id(t): i for i, t in enumerate(tokens)}
    for t in tokens[start:]:
        if t.kind == "text":
            if run:
                runs.append(run)
            run = []
        else:
            if (
                run
                and t.block != run[-1].block
                and any(x.kind == "value" for x in run)
                and len([x for x in run if x.kind == "value"]) >= N_APPEALS
            ):
                runs.append(run)
                run = []
            run.append(t)
    if run:
        runs.append(run)
    runs = [r for r in runs if any(t.kind == "value" for t in r)]
    if not runs:
        return
    header_end = at[id(runs[0][0])]
    title = catalog.TABLE_TITLES["appeals"]
    cells: list[Cell] | None = None
    first = runs[0]
    filled = [t for t in first if t.kind != "empty"]
    if len(filled) == 1 and filled[0].flat:
        found = digits.splits(filled[0].text, N_APPEALS, digits.appeals_check)
        if found and len(found) == 1:
            cells = [_cell(filled[0], value=v, flat=True) for v in found[0]]
        else:
            many = "太多" if found is None else ("无法" if not found else f"有 {len(found)} 种")
            detail = f"数字串“{filled[0].text}”拆成 15 个数的方式{many}，无法确定各格数值"
            tables.problems.append(f"{title}：{detail}")
            _appeals_problem(tables, "split", detail, filled[0].source)
            cells = [Cell(raw=filled[0].text, source=filled[0].source) for _ in range(N_APPEALS)]
    else:
        fitted, problem = _fit(first, N_APPEALS)
        if fitted is None and len(runs) >= 3:
            # Some reports print table 3 as three rows of five (复议 / 直接起诉 / 复议后起诉).
            parts = [_fit(r, 5)[0] for r in runs[:3]]
            if all(p is not None for p in parts):
                fitted, problem = [t for p in parts for t in p], None  # type: ignore[union-attr]
                header_end = at[id(runs[2][-1])]  # the row labels between the three rows too
        if fitted is None:
            tables.problems.append(f"{title}：{problem}（{first[0].source.describe()}）")
            _appeals_problem(tables, "count", problem or "", first[0].source)
            cells = [Cell(source=first[0].source) for _ in range(N_APPEALS)]
        else:
            cells = [_cell(t) for t in fitted]
    tables.appeals = {key: cells[i * 5 : i * 5 + 5] for i, (key, _) in enumerate(catalog.APPEAL_ROWS)}
    _check_headers(tokens[start:header_end], "appeals", T3_HEADER_OFFICIAL, T3_HEADER_KEYWORDS, tables)


def _appeals_problem(tables: Tables, kind: str, detail: str, source: Source | None) -> None:
    """Table 3 is read as one block of 15: what cannot be placed leaves all three rows unread."""
    tables.ambiguities.append(
        TableProblem(
            table="appeals",
            row=None,
            kind=kind,
            detail=detail,  # type: ignore[arg-type]
            unread_rows=[k for k, _ in catalog.APPEAL_ROWS],
            source=source,
        )
    )


# --------------------------------------------------------------------------- column headers of tables 2 and 3

_HEADER_CELLS = 25  # the header is at most this many text cells above the table's first row
_HEADER_SLACK = 4  # a cell longer than the header it names by more than this is not that header
_MAX_WRAP = 3  # a header wrapped over at most this many cells (结果 / 维持)
_MIN_HEADERS = 2  # official headers needed before a deviating one is believed to be a header


def _check_headers(
    tokens: list[Token], table: str, officials: tuple[str, ...], keywords: tuple[tuple[str, str], ...], tables: Tables
) -> None:
    """Compare the column headers above a table with the official wording.

    Harmless noise (spaces, punctuation width, numbering) is removed by `stem`; a header
    wrapped over several cells (结果 / 维持) is joined, and a piece of a header whose other
    pieces are also in the header (columns of a layout cut header words apart) is a piece,
    not a deviation. A cell that names a header in other words (其它 for 其他, 公益组织 for
    社会公益组织) becomes a `column:` RowLabel, once per wording.
    """
    stems = {stem(o): o for o in officials}
    longest = max(len(x) for x in stems) + _HEADER_SLACK
    cells = [
        t
        for t in tokens
        if t.kind == "text" and 0 < len(t.norm) <= longest + 2 and "。" not in t.norm and not any(ch.isdigit() for ch in t.norm)
    ][-_HEADER_CELLS:]
    norms = [split_numbering(t.norm)[2] for t in cells]
    pieces = {n for n in norms if n}
    recognised = 0
    first_recognised: int | None = None
    deviating: list[tuple[int, str, str, Token]] = []
    i = 0
    while i < len(cells):
        n = norms[i]
        if not n:
            i += 1
            continue
        if n in stems or _segments(n, stems.keys()):
            recognised += 1
            first_recognised = i if first_recognised is None else first_recognised
            i += 1
            continue
        joined, j = n, i + 1
        while j < len(cells) and j - i < _MAX_WRAP and joined not in stems and any(x.startswith(joined) for x in stems):
            joined += norms[j]
            j += 1
        if j > i + 1 and joined in stems:
            recognised += 1
            first_recognised = i if first_recognised is None else first_recognised
            i = j
            continue
        if _completed(n, stems.keys(), pieces):
            i += 1
            continue
        official = next((o for word, o in keywords if word in n), None) or _near_header(n, stems)
        if official is None or len(n) > len(stem(official)) + _HEADER_SLACK:
            i += 1
            continue
        at, found = i, cells[i].text
        tail = norms[i + 1] if i + 1 < len(cells) else ""
        o_stem = stem(official)
        if tail and tail not in stems and tail != o_stem and o_stem.endswith(tail) and not n.endswith(tail):
            found += tail  # 其它 / 结果: the deviating header wrapped like the others
            i += 1
        deviating.append((at, found, official, cells[at]))
        i += 1
    if recognised < _MIN_HEADERS or first_recognised is None:
        return
    seen: set[tuple[str, str]] = set()
    for at, found, official, tok in deviating:
        if at < first_recognised - 1:
            continue  # above the header: prose, not a header cell (only the cell right above may be)
        if (normalize(found), official) in seen:
            continue  # 其它结果 under 行政复议 and under both 行政诉讼 columns: one wording, one finding
        seen.add((normalize(found), official))
        tables.labels.append(
            RowLabel(
                table=table,
                key=f"column:{official}",
                found=found,
                official=official,
                source=tok.source,  # type: ignore[arg-type]
                reading="reassembled" if tok.reassembled else "clean",
            )
        )


def _near_header(n: str, stems: dict[str, str]) -> str | None:
    """The header a mistyped cell (结果更正) most likely is: as for rows, clearly the most similar
    of the table's headers (labels.NEAR_RATIO / NEAR_MARGIN) and of about its length."""
    if len(n) < 3:
        return None
    scored = sorted(
        ((SequenceMatcher(None, n, x, autojunk=False).ratio(), o) for x, o in stems.items() if abs(len(x) - len(n)) <= 2),
        reverse=True,
    )
    if not scored:
        return None
    runner_up = scored[1][0] if len(scored) > 1 else 0.0
    if scored[0][0] >= NEAR_RATIO - 0.1 and scored[0][0] - runner_up >= NEAR_MARGIN:
        return scored[0][1]
    return None


def _segments(text: str, words) -> bool:
    """Whether `text` is two or more of `words` glued together (结果维持结果纠正)."""
    words = [w for w in words if w]
    ok = [True] + [False] * len(text)  # ok[k]: text[:k] is made of words
    parts = [0] * (len(text) + 1)
    for k in range(1, len(text) + 1):
        for w in words:
            if k >= len(w) and ok[k - len(w)] and text[k - len(w) : k] == w:
                ok[k] = True
                parts[k] = max(parts[k], parts[k - len(w)] + 1)
    return ok[len(text)] and parts[len(text)] >= 2


def _completed(piece: str, stems, pieces: set[str]) -> bool:
    """Whether `piece` is part of an official header whose other parts are cells of the header too."""
    for s in stems:
        if piece == s or piece not in s:
            continue
        at = s.find(piece)
        while at >= 0:
            before, after = s[:at], s[at + len(piece) :]
            if all(not x or x in pieces or _segments(x, pieces) for x in (before, after)):
                return True
            at = s.find(piece, at + 1)
    return False
