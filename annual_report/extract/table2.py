"""Table 2 (收到和处理政府信息公开申请情况): rows by label under their groups, flattened digit
runs split by the table's arithmetic, group labels judged against the rows they head."""

from __future__ import annotations

import re
from dataclasses import dataclass

from annual_report import catalog
from annual_report.extract import digits
from annual_report.extract.headers import check_headers
from annual_report.extract.labels import (
    GROUPS,
    T2_BY_KEY,
    T2_HEADER_KEYWORDS,
    T2_HEADER_OFFICIAL,
    T2_SPECS,
    group_by_number,
    match_group,
    match_near,
    match_prefix,
    match_row,
)
from annual_report.extract.normalize import normalize, split_numbering, stem
from annual_report.extract.placement import place_short_rows
from annual_report.extract.rows import (
    N_APPLICANT,
    Evidence,
    RowHit,
    add_label,
    cells_of,
    collect,
    is_label,
    leaked,
    report_problem,
    row_hit,
)
from annual_report.extract.tokens import Token
from annual_report.model import Cell, TableProblem, Tables, parse_number


@dataclass
class _GroupHit:
    index: int
    token: Token
    by_label: str


# Header cells that open table 3; table 2 never has them.
T3_START = frozenset({"行政复议", "行政诉讼", "结果维持", "未经复议直接起诉", "行政复议行政诉讼"})


class _Scan:
    """Walks table 2's tokens and finds its rows and group labels, in order."""

    def __init__(self, tokens: list[Token], tables: Tables, grid: list[list[str] | None] | None) -> None:
        self.tokens, self.tables, self.grid = tokens, tables, grid
        self.subtotal = _subtotal_column(tokens)
        self.subtotal_held = False  # a row held the subtotal's number
        self.undecided: list[tuple[int, str, str, RowHit]] = []  # rows read before the column was proven
        self.hits: dict[str, RowHit] = {}
        self.groups: list[_GroupHit] = []
        self.current_group: str | None = None
        self.context_group: str | None = None  # the group of the last group label or row read
        self.results_started = False
        self.last_key: str | None = None
        self.check = digits.row_total_check(N_APPLICANT)
        self.check_subtotal = digits.subtotal_check(N_APPLICANT + 1, _SUBTOTAL_AT)

    def run(self) -> None:
        i = 0
        while i < len(self.tokens):
            t = self.tokens[i]
            if not is_label(t):
                i += 1
                continue
            if self.hits and t.norm in T3_START:
                break  # table 3 begins: its 总计 / 其他结果 headers are no rows of table 2
            found = self.row_key(i, t)
            if found is None:
                i += 1
                continue
            key, official_rest = found
            hit, end = self.read_row(i, key, official_rest)
            if key in self.hits:
                self.repeated(self.hits[key], hit, t)
            else:
                self.record(key, hit)
            i = max(end, i + 1)
        if self.undecided:  # no row proved the 合计 column: the rows stand as seven numbers
            self._decided(held=False)

    def read_row(self, i: int, key: str, official_rest: str) -> tuple[RowHit, int]:
        """The row at `i`; with a 合计 / 小计 header, one number more, dropped, as long as the
        rows hold it (the first row that proves it either way decides: a header 合计 may also
        be the report's word for 总计, with rows of seven numbers). A glued digit run that
        splits both ways proves nothing: read as seven numbers for now, it is read again once
        a later row has decided (`_decided`)."""
        if self.subtotal is not None:
            hit, end = row_hit(self.tokens, i, key, official_rest, N_APPLICANT + 1, self.check_subtotal, self.grid)
            if (
                hit.candidates
                and not self.subtotal_held
                and row_hit(self.tokens, i, key, official_rest, N_APPLICANT, self.check)[0].candidates
            ):
                seven, end = row_hit(self.tokens, i, key, official_rest, N_APPLICANT, self.check, self.grid)
                self.undecided.append((i, key, official_rest, seven))
                return seven, end
            if len(hit.tokens) == N_APPLICANT + 1 and not hit.problem:
                del hit.tokens[_SUBTOTAL_AT]  # the report's own sum, no cell of the template
                if hit.candidates is not None:  # a flattened digit run: the sum decides between its splits
                    hit.candidates = [_without_subtotal(c) for c in hit.candidates if c[_SUBTOTAL_AT] == sum(c[1:_SUBTOTAL_AT])]
                    if not hit.candidates:
                        hit.candidates, hit.problem = None, f"数字串“{hit.tokens[0].text}”无法拆成符合表内勾稽关系的数"
                self._decided(held=True)
                return hit, end
        hit, end = row_hit(self.tokens, i, key, official_rest, N_APPLICANT, self.check, self.grid)
        if self.subtotal is not None and not self.subtotal_held and len(hit.tokens) == N_APPLICANT and not hit.problem:
            self._decided(held=False)  # a full row of seven numbers: 合计 names the table's 总计
        return hit, end

    def _decided(self, held: bool) -> None:
        """A row proved the 合计 column (`held`) or disproved it: the rows read before that
        split both ways are read again under the decision (as seven numbers they stand)."""
        if held:
            self.subtotal_held = True
        else:
            self.subtotal = None
        undecided, self.undecided = self.undecided, []
        for i, key, official_rest, seven in undecided if held else ():
            if self.hits.get(key) is seven:
                self.hits[key] = self.read_row(i, key, official_rest)[0]

    def row_key(self, i: int, t: Token) -> tuple[str, str] | None:
        """(row key, official label stem) of the label at `i`; None: no row (a group label is kept)."""
        kind, number, rest = split_numbering(t.norm)
        group = match_group(t.norm)
        if group is not None:
            self.results_started = True
            if group == "group:other_processing" and (_has_values(self.tokens, i) or _total_follows(self.tokens, i)):
                return "other", stem("（六）其他处理")  # the 2019 single row, maybe left blank
            self.groups.append(_GroupHit(i, t, group))
            self.current_group = self.context_group = group
            return None
        if rest == "总计" and ((kind == "paren_cn" and number == 7) or self.results_started):
            return "total", "总计"
        if rest == "其他" and (self.current_group == "group:other_processing" or self.last_key == "other_unpaid_fee"):
            return "other_other", "其他"
        m = match_row(t.norm, T2_SPECS)
        if m:
            return m.spec.key, m.spec.stem
        partial = match_prefix(t.norm, T2_SPECS)
        if partial is not None:
            return partial.key, partial.stem
        # A mistyped label under a known group, with its own numbers after it.
        near = match_near(t.norm, T2_SPECS, self.context_group, set(self.hits))
        if near is not None and _has_values(self.tokens, i):
            return near.key, near.stem
        return None

    def record(self, key: str, hit: RowHit) -> None:
        self.hits[key] = hit
        spec = T2_BY_KEY.get(key)
        if spec is not None and spec.group is not None:
            self.context_group = spec.group
        if key not in ("new_received", "carried_over", "carried_forward"):
            self.results_started = True
        self.last_key = key

    def repeated(self, first: RowHit, again: RowHit, t: Token) -> None:
        """A row seen twice. The same label with the same numbers is the row repeated by a page
        break (the top of the next page reprints it): one row. Anything else cannot be placed."""
        if _same_row(first, again):
            return
        title = catalog.TABLE_TITLES["applications"]
        self.tables.problems.append(f"{title}·“{t.text}”出现了两次，只读取第一次（{t.source.describe()}）")
        self.tables.ambiguities.append(
            TableProblem(
                table="applications",
                row=first.key,
                kind="duplicate",
                detail=f"“{first.found}”和“{t.text}”",
                source=first.source,
                also=t.source,
            )
        )


def _same_row(first: RowHit, again: RowHit) -> bool:
    if normalize(first.found) != normalize(again.found):
        return False
    if first.problem_kind == again.problem_kind == "empty":
        return True  # a row left blank, reprinted blank
    if first.problem or again.problem or not first.tokens or not again.tokens:
        return False
    return [x.text for x in first.tokens] == [x.text for x in again.tokens]


def read_table2(tokens: list[Token], tables: Tables, ev: Evidence, grid: list[list[str] | None] | None = None) -> int | None:
    """Reads table 2 into `tables`; returns the block index of its last row, if any."""
    scan = _Scan(tokens, tables, grid)
    scan.run()
    hits, groups = scan.hits, scan.groups
    if not hits:
        return None
    _resolve_flattened(hits, tables)
    place_short_rows(hits, N_APPLICANT)
    template = _template_evidence(tokens, hits, ev)
    out: dict[str, list[Cell]] = {}
    missing: list[str] = []
    for row in catalog.TABLE2_ROWS:
        if template not in row.templates and row.key not in hits:
            continue
        hit = hits.get(row.key)
        if hit is None:
            missing.append(row.key)
        else:
            official = _t2_official(row.key)
            if not hit.exact and not leaked(hit.found, official):
                add_label(tables, "applications", row.key, hit.found, official, tokens[hit.index].source, hit.reassembled)
            report_problem(tables, "applications", hit, row.full_label)
        out[row.key] = cells_of(hit, N_APPLICANT)
    _group_labels(groups, hits, tables)
    first_row = min([h.index for h in hits.values()] + [g.index for g in groups])
    header = [t for t in tokens[:first_row] if t is not scan.subtotal]
    check_headers(header, "applications", T2_HEADER_OFFICIAL, T2_HEADER_KEYWORDS, tables)
    tables.applications = out
    if missing:
        tables.missing_rows["applications"] = missing
    last = max(hits.values(), key=lambda h: h.index)
    return (last.tokens[-1] if last.tokens else tokens[last.index]).block


_SPLIT_SIX = ("other_no_correction", "other_unpaid_fee", "other_other")


_SUBTOTAL = frozenset({"合计", "小计"})
_FIRST_ROWS = ("本年新收", "上年结转", "本年度办理结果")
_SENTENCE = re.compile(r"[。；;]")  # prose before the table (a note under table 1), no header cell
_SUBTOTAL_AT = 6  # after 自然人 and the five kinds of 法人或其他组织, before 总计


def _without_subtotal(values: list[int]) -> list[int]:
    return values[:_SUBTOTAL_AT] + values[_SUBTOTAL_AT + 1 :]


def _subtotal_column(tokens: list[Token]) -> Token | None:
    """The header cell of a column some reports add after the kinds of 法人或其他组织: their sum
    (合计 / 小计) beside the table's own 总计. Its numbers are the report's arithmetic, not cells
    of the template: each row then holds one number more, at `_SUBTOTAL_AT` (`_Scan.read_row`
    checks that the rows do). No official header of table 2 says 合计 or 小计; a header read
    from a borderless PDF may come joined with its neighbours (`服务其他小计机构`)."""
    header: list[Token] = []
    for t in tokens:
        if t.kind != "text":
            continue
        if _SENTENCE.search(t.norm):
            continue  # prose: a note's item `2.“本年新收”不含…。` is no first row
        if split_numbering(t.norm)[2].startswith(_FIRST_ROWS):
            break  # the rows begin (a note that quotes “本年新收” does not begin them)
        header.append(t)
    sub = next((t for t in header if any(word in t.norm for word in _SUBTOTAL)), None)
    if sub is None or not any("其他" in t.norm or "其它" in t.norm for t in header):
        return None
    return sub


def _template_evidence(tokens: list[Token], hits: dict[str, RowHit], ev: Evidence) -> str:
    """（六）'s three sub rows are 2021, a single （六）其他处理 row is 2019."""
    for key in _SPLIT_SIX:
        if key in hits:
            ev.t2021.append(f"表二（六）其他处理分 1、2、3 项（2021 年格式，{tokens[hits[key].index].source.describe()}）")
            break
    if "other" in hits:
        ev.t2019.append(f"表二（六）其他处理只有一行（2019 年格式，{tokens[hits['other'].index].source.describe()}）")
    if "other" in hits and not any(k in hits for k in _SPLIT_SIX):
        return catalog.TEMPLATE_2019
    return catalog.TEMPLATE_2021


def _t2_official(key: str) -> str:
    if key == "other":
        return "（六）其他处理"
    return catalog.TABLE2_BY_KEY[key].label


def _total_follows(tokens: list[Token], i: int) -> bool:
    """The next label is （七）总计: the （六）其他处理 at `i` heads no 1./2./3. rows, so it is
    the 2019 template's single row, left blank."""
    nxt = next((t for t in tokens[i + 1 :] if is_label(t) and match_group(t.norm) is None), None)  # past a repeated 三、本年度办理结果
    return nxt is not None and split_numbering(nxt.norm)[2] == "总计"


def _has_values(tokens: list[Token], i: int) -> bool:
    c = collect(tokens, i, None)
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
            add_label(tables, "applications", intended, g.token.text, official, g.token.source, g.token.reassembled)


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
    return values if len(values) == N_APPLICANT else None  # a row read with too many numbers is no known row


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
