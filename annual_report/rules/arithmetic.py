"""Arithmetic of tables 2 and 3.

A sum that needs an empty cell is not claimed broken: the empty cell is reported once as
`cell.missing`, and the column or row it would enter is skipped here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from annual_report import catalog
from annual_report.model import Cell, Number, Report
from annual_report.rules import common as c
from annual_report.rules import messages as m
from annual_report.rules.registry import rule

T2 = "applications"
T3 = "appeals"


def _col(report: Report, row: str, i: int) -> Number | None:
    t2 = report.tables.applications or {}
    return c.value(c.cells_at(t2.get(row), i))


def _src(report: Report, row: str, i: int):
    cell = c.cells_at((report.tables.applications or {}).get(row), i)
    return cell.source if cell else None


def _applicant_columns(report: Report) -> Iterator[tuple[int, str]]:
    """Table 2's applicant columns with their index; none when the report has no table 2."""
    if report.tables.applications:
        yield from enumerate(catalog.APPLICANT_COLUMNS)


def _column_hit(report: Report, i: int, message: str, row: str | None = None) -> m.Hit:
    """A finding about column `i` of table 2, placed at its （七）总计 cell."""
    col = catalog.APPLICANT_COLUMNS[i]
    where = m.where_column(report, T2, col)
    return m.Hit(where=where, message=message, table=T2, row=row, column=col, source=_src(report, "total", i))


@dataclass(frozen=True)
class Unbalanced:
    """A total and the sum of its parts that differ, every cell filled."""

    total: Number
    sum: Number
    parts: list[Number]

    @property
    def gap(self) -> str:
        return m.num(c.gap(self.total, self.sum))

    @property
    def detail(self) -> str:
        return "+".join(m.num(p) for p in self.parts)


def unbalanced(total: Number | None, parts: Sequence[Number | None]) -> Unbalanced | None:
    """The mismatch when the total and every part are numbers and the parts do not add up to it;
    None when they agree or a cell is empty (that cell is `cell.missing`'s finding, not ours)."""
    known = c.known(parts)
    if total is None or known is None:
        return None
    s = c.total(known)
    return None if s == total else Unbalanced(total, s, known)


def row_unbalanced(values: Sequence[Number | None], total_col: int) -> Unbalanced | None:
    """A row whose column `total_col` should be the sum of the columns before it."""
    return unbalanced(values[total_col], values[:total_col])


@rule("applications.balance", "error", "申请表某列：第一项加第二项不等于第三项总计加第四项")
def applications_balance(report: Report, previous: Report | None = None) -> Iterator[m.Hit]:
    for i, col in _applicant_columns(report):
        new, over, total, fwd = (_col(report, k, i) for k in ("new_received", "carried_over", "total", "carried_forward"))
        if new is None or over is None or total is None or fwd is None:
            continue
        left, right = new + over, total + fwd
        if left == right:
            continue
        yield _column_hit(
            report,
            i,
            (
                f"{m.column_phrase(T2, col)}勾稽关系不平：第一项（本年新收 {m.num(new)}）加第二项（上年结转 {m.num(over)}）"
                f"共 {m.num(left)}，第三项（办理结果总计 {m.num(total)}）加第四项（结转下年度 {m.num(fwd)}）"
                f"共 {m.num(right)}，相差 {m.num(c.gap(left, right))}。请核对这四个数。"
            ),
        )


@rule("applications.total_row", "error", "申请表某列：（七）总计不等于各项办理结果之和")
def applications_total_row(report: Report, previous: Report | None = None) -> Iterator[m.Hit]:
    rows = catalog.RESULT_ROWS[c.template_of(report)]
    for i, col in _applicant_columns(report):
        bad = unbalanced(_col(report, "total", i), [_col(report, k, i) for k in rows])
        if bad is None:
            continue
        yield _column_hit(
            report,
            i,
            (
                f"{m.column_phrase(T2, col)}“（七）总计”为 {m.num(bad.total)}，但（一）至（六）各项办理结果之和为 {m.num(bad.sum)}，"
                f"相差 {bad.gap}。总计应等于各项办理结果之和，请核对该列办理结果各行和总计。"
            ),
            row="total",
        )


def _row_total_hit(
    report: Report, table: str, key: str, cells: list[Cell] | None, columns: Sequence[str], parts: str, ask: str
) -> m.Hit | None:
    """A finding when row `key`'s 总计 (its last column) is not the sum of the columns before it."""
    total_col = len(columns) - 1
    bad = row_unbalanced([c.value(c.cells_at(cells, i)) for i in range(len(columns))], total_col)
    if bad is None:
        return None
    cell = c.cells_at(cells, total_col)
    return m.Hit(
        where=m.where_row(report, table, key),
        message=(
            f"{m.row_phrase(table, key)}“总计”为 {m.num(bad.total)}，但{parts}之和为 {m.num(bad.sum)}（{bad.detail}），"
            f"相差 {bad.gap}。{ask}"
        ),
        table=table,
        row=key,
        column=columns[total_col],
        source=cell.source if cell else None,
    )


@rule("applications.total_column", "error", "申请表某行：总计不等于六类申请人之和")
def applications_total_column(report: Report, previous: Report | None = None) -> Iterator[m.Hit]:
    for key in c.table2_present_keys(report):  # none without table 2
        cells = (report.tables.applications or {}).get(key)
        parts, ask = "自然人至其他六类申请人", "总计应等于六类申请人之和，请核对该行。"
        hit = _row_total_hit(report, T2, key, cells, catalog.APPLICANT_COLUMNS, parts, ask)
        if hit:
            yield hit


@rule("appeals.total", "error", "复议诉讼表某项：总计不等于四种结果之和")
def appeals_total(report: Report, previous: Report | None = None) -> Iterator[m.Hit]:
    t3 = report.tables.appeals
    if not t3:
        return
    parts, ask = "结果维持、结果纠正、其他结果、尚未审结", "总计应等于这四项之和，请核对。"
    for key, _label in catalog.APPEAL_ROWS:
        hit = _row_total_hit(report, T3, key, t3.get(key), catalog.APPEAL_COLUMNS, parts, ask)
        if hit:
            yield hit
