"""The validation rules of `spec/check-output.md`.

`run_rules(report, previous)` runs every registered rule and returns the findings ordered by
place: metadata and whole-report findings first, then by section/table in the report's order
(一 … 六), then row order, then column order of the official template. Each rule lives in a
module by topic and registers itself with its id and severity (`registry.rule`); `RULES` lists
them for `intake`.
"""

from __future__ import annotations

from annual_report import catalog
from annual_report.model import Finding, Report

# Imported for what they register (their @rule functions), not for a name: hence F401.
# Import order is registry order: structure, metadata, cells, arithmetic, table 1, text, cross-year.
from annual_report.rules import arithmetic, cells, crossyear, metadata, narrative, prose, structure, table1  # noqa: F401
from annual_report.rules.messages import Hit
from annual_report.rules.registry import RULES, Rule

__all__ = ["RULES", "Rule", "rule_ids", "run_rules"]


def rule_ids() -> list[str]:
    return [r.id for r in RULES]


def _row_index(table: str | None, row: str | None) -> int:
    if table is None or row is None:
        return -1
    if table == "applications":
        keys = [r.key for r in catalog.TABLE2_ROWS]
    elif table == "appeals":
        keys = [k for k, _ in catalog.APPEAL_ROWS]
    else:
        keys = [r.key for r in catalog.TABLE1_2021] + [r.key for r in catalog.TABLE1_2019]
    if row.startswith("group:"):  # a group label (（五）不予处理) sits just before its first row
        prefix = row.split(":", 1)[1]
        return next((i for i, k in enumerate(keys) if k == prefix or k.startswith(prefix + "_")), len(keys))
    return keys.index(row) if row in keys else len(keys)


def _column_index(table: str | None, row: str | None, column: str | None) -> int:
    if table is None or column is None:
        return -1
    if table == "applications":
        cols = list(catalog.APPLICANT_COLUMNS)
    elif table == "appeals":
        cols = list(catalog.APPEAL_COLUMNS)
    else:
        cols = [label for tmpl in (catalog.TABLE1_2021, catalog.TABLE1_2019) for r in tmpl if r.key == row for _, label in r.values]
    return cols.index(column) if column in cols else len(cols)


def _place(hit: Hit) -> tuple[int, int, int, int]:
    section = hit.section or hit.table
    sec = catalog.SECTION_KEYS.index(section) if section in catalog.SECTION_KEYS else -1
    return (sec, _row_index(hit.table, hit.row), _column_index(hit.table, hit.row, hit.column), hit.pos)


def run_rules(report: Report, previous: Report | None = None) -> list[Finding]:
    """All findings of `report` (cross-year rules only when `previous` is given), in place order."""
    placed: list[tuple[tuple[int, int, int, int], Finding]] = []
    for r in RULES:
        if r.needs_previous and previous is None:
            continue
        for hit in r.func(report, previous):
            # A hit has the finding's message and place; its section and pos only order it
            # (a Finding has no such fields and ignores them).
            placed.append((_place(hit), Finding(rule=r.id, severity=r.severity, **vars(hit))))
    placed.sort(key=lambda p: p[0])  # stable: same place keeps registry order
    return [f for _, f in placed]
