"""Table 1 (主动公开政府信息情况): rows by label, the template by its columns and rows."""

from __future__ import annotations

import re

from annual_report import catalog
from annual_report.extract.labels import T1_COLUMN_TEMPLATE, T1_COLUMNS, T1_OFFICIAL, T1_SPECS, match_row
from annual_report.extract.normalize import stem
from annual_report.extract.rows import Evidence, RowHit, add_label, cells_of, collect, is_label, leaked, report_problem, row_hit
from annual_report.extract.tokens import Token
from annual_report.model import Cell, Tables

T1_COLUMN_OFFICIAL_BY_TEMPLATE: dict[str, dict[str, str]] = {
    t: {key: label for row in rows for key, label in row.values} for t, rows in catalog.TABLE1.items()
}


def read_table1(tokens: list[Token], tables: Tables, ev: Evidence, grid: list[list[str] | None] | None = None) -> None:
    columns, row_at = _find(tokens)
    if not row_at:
        return
    template = _table1_template(columns, row_at, ev) or _template_by_width(tokens, row_at)
    _column_labels(columns, template, tables)
    hits = _row_hits(tokens, row_at, template, tables, grid)
    out: dict[str, dict[str, Cell]] = {}
    missing: list[str] = []
    for spec in catalog.TABLE1[template]:
        hit = hits.get(spec.key)
        if hit is None:
            missing.append(spec.key)
        decimal = spec.key in ("fees", "procurement")
        cells = cells_of(hit, len(spec.values), decimal=decimal)
        out[spec.key] = {vk: cell for (vk, _), cell in zip(spec.values, cells, strict=True)}
    fees = hits.get("fees")
    if template == catalog.TEMPLATE_2021 and fees is not None and fees.tokens:
        tables.fee_raw = fees.tokens[0].text
    tables.active_disclosure = out
    if missing:
        tables.missing_rows["active_disclosure"] = missing


def _find(tokens: list[Token]) -> tuple[list[tuple[str, Token]], list[tuple[int, str, bool]]]:
    """Column header cells (key, token) and row labels (token index, key, exact-by-stem)."""
    columns: list[tuple[str, Token]] = []
    row_at: list[tuple[int, str, bool]] = []
    for i, t in enumerate(tokens):
        if not is_label(t):
            continue
        m = match_row(t.norm, T1_SPECS)
        if m:
            row_at.append((i, m.spec.key, m.exact))
            continue
        for word, key in T1_COLUMNS:
            if word in t.norm and len(t.norm) <= 30:
                columns.append((key, t))
                break
    return columns, row_at


def _template_by_width(tokens: list[Token], row_at: list[tuple[int, str, bool]]) -> str:
    """No header told us: the 2019 rows carry three numbers where the 2021 rows carry one."""
    probe = [k for _, k, _ in row_at if k in ("licensing", "penalty", "enforcement")]
    if probe:
        idx = next(i for i, k, _ in row_at if k == probe[0])
        c = collect(tokens, idx, None)
        if sum(1 for t in c.values if t.kind != "empty") >= 3:
            return catalog.TEMPLATE_2019
    return catalog.TEMPLATE_2021


# 本年（2023）制发件数: the year the column means, written into its header, is no other wording.
_YEAR_NOTE = re.compile(r"[（(](?:19|20)\d{2}年?度?[）)]")


def _column_labels(columns: list[tuple[str, Token]], template: str, tables: Tables) -> None:
    col_official = T1_COLUMN_OFFICIAL_BY_TEMPLATE[template]
    seen_cols: set[str] = set()
    for key, t in columns:
        official = col_official.get(key)
        # "信息内容" is the row-label column's header; glued in front of the first value
        # column's header it is layout, not wording.
        found = _YEAR_NOTE.sub("", stem(t.text).removeprefix("信息内容"))
        if official and found != stem(official) and t.text not in seen_cols:
            seen_cols.add(t.text)
            add_label(tables, "active_disclosure", f"column:{key}", t.text, official, t.source, t.reassembled)


def _row_hits(
    tokens: list[Token], row_at: list[tuple[int, str, bool]], template: str, tables: Tables, grid: list[list[str] | None] | None
) -> dict[str, RowHit]:
    rows = {r.key: r for r in catalog.TABLE1[template]}
    officials = T1_OFFICIAL[template]
    hits: dict[str, RowHit] = {}
    for i, key, _ in row_at:
        if key in hits or key not in rows:
            if key not in rows:
                tables.problems.append(f"{catalog.TABLE_TITLES['active_disclosure']}·“{tokens[i].text}”不属于 {template} 年格式的表格")
            continue
        spec = rows[key]
        hit, _ = row_hit(tokens, i, key, stem(officials[key]), len(spec.values), None, grid)
        if hit.candidates is not None and len(hit.candidates) != 1:
            hit.problem = f"数字串“{hit.tokens[0].text}”有 {len(hit.candidates)} 种拆分方式，无法确定各格数值"
        hits[key] = hit
        if not hit.exact and not leaked(hit.found, officials[key]):
            add_label(tables, "active_disclosure", key, hit.found, officials[key], tokens[i].source, hit.reassembled)
        report_problem(tables, "active_disclosure", hit, officials[key])
    return hits


def _table1_template(columns: list[tuple[str, Token]], row_at: list[tuple[int, str, bool]], ev: Evidence) -> str | None:
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
