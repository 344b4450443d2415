"""Arithmetic of tables 2 and 3.

A sum that needs an empty cell is not claimed broken: the empty cell is reported once as
`cell.missing`, and the column or row it would enter is skipped here.
"""

from __future__ import annotations

from collections.abc import Iterator

from annual_report import catalog
from annual_report.model import Number, Report
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


@rule("applications.balance", "error", "申请表某列：第一项加第二项不等于第三项总计加第四项")
def applications_balance(report: Report, previous: Report | None = None) -> Iterator[m.Hit]:
    if not report.tables.applications:
        return
    for i, col in enumerate(catalog.APPLICANT_COLUMNS):
        new, over, total, fwd = (_col(report, k, i) for k in ("new_received", "carried_over", "total", "carried_forward"))
        if new is None or over is None or total is None or fwd is None:
            continue
        left, right = new + over, total + fwd
        if left == right:
            continue
        yield m.Hit(
            where=m.where_column(report, T2, col),
            message=(
                f"{m.column_phrase(T2, col)}勾稽关系不平：第一项（本年新收 {m.num(new)}）加第二项（上年结转 {m.num(over)}）"
                f"共 {m.num(left)}，第三项（办理结果总计 {m.num(total)}）加第四项（结转下年度 {m.num(fwd)}）"
                f"共 {m.num(right)}，相差 {m.num(c.gap(left, right))}。请核对这四个数。"
            ),
            table=T2,
            column=col,
            source=_src(report, "total", i),
        )


@rule("applications.total_row", "error", "申请表某列：（七）总计不等于各项办理结果之和")
def applications_total_row(report: Report, previous: Report | None = None) -> Iterator[m.Hit]:
    t2 = report.tables.applications
    if not t2:
        return
    rows = catalog.RESULT_ROWS[c.template_of(report)]
    for i, col in enumerate(catalog.APPLICANT_COLUMNS):
        total = _col(report, "total", i)
        parts = c.known([_col(report, k, i) for k in rows])
        if total is None or parts is None:
            continue
        s = c.total(parts)
        if s == total:
            continue
        yield m.Hit(
            where=m.where_column(report, T2, col),
            message=(
                f"{m.column_phrase(T2, col)}“（七）总计”为 {m.num(total)}，但（一）至（六）各项办理结果之和为 {m.num(s)}，"
                f"相差 {m.num(c.gap(total, s))}。总计应等于各项办理结果之和，请核对该列办理结果各行和总计。"
            ),
            table=T2,
            row="total",
            column=col,
            source=_src(report, "total", i),
        )


@rule("applications.total_column", "error", "申请表某行：总计不等于六类申请人之和")
def applications_total_column(report: Report, previous: Report | None = None) -> Iterator[m.Hit]:
    t2 = report.tables.applications
    if not t2:
        return
    for key in c.table2_present_keys(report):
        vals = [_col(report, key, i) for i in range(len(catalog.APPLICANT_COLUMNS))]
        total, parts = vals[c.TOTAL_COL], c.known(vals[: c.TOTAL_COL])
        if total is None or parts is None:
            continue
        s = c.total(parts)
        if s == total:
            continue
        detail = "+".join(m.num(p) for p in parts)
        yield m.Hit(
            where=m.where_row(report, T2, key),
            message=(
                f"{m.row_phrase(T2, key)}“总计”为 {m.num(total)}，但自然人至其他六类申请人之和为 {m.num(s)}（{detail}），"
                f"相差 {m.num(c.gap(total, s))}。总计应等于六类申请人之和，请核对该行。"
            ),
            table=T2,
            row=key,
            column=catalog.APPLICANT_COLUMNS[c.TOTAL_COL],
            source=_src(report, key, c.TOTAL_COL),
        )


@rule("appeals.total", "error", "复议诉讼表某项：总计不等于四种结果之和")
def appeals_total(report: Report, previous: Report | None = None) -> Iterator[m.Hit]:
    t3 = report.tables.appeals
    if not t3:
        return
    for key, _label in catalog.APPEAL_ROWS:
        cells = t3.get(key)
        vals = [c.value(c.cells_at(cells, i)) for i in range(len(catalog.APPEAL_COLUMNS))]
        total, parts = vals[c.APPEAL_TOTAL_COL], c.known(vals[: c.APPEAL_TOTAL_COL])
        if total is None or parts is None:
            continue
        s = c.total(parts)
        if s == total:
            continue
        detail = "+".join(m.num(p) for p in parts)
        cell = c.cells_at(cells, c.APPEAL_TOTAL_COL)
        yield m.Hit(
            where=m.where_row(report, T3, key),
            message=(
                f"{m.row_phrase(T3, key)}“总计”为 {m.num(total)}，但结果维持、结果纠正、其他结果、尚未审结之和为 "
                f"{m.num(s)}（{detail}），相差 {m.num(c.gap(total, s))}。总计应等于这四项之和，请核对。"
            ),
            table=T3,
            row=key,
            column=catalog.APPEAL_COLUMNS[c.APPEAL_TOTAL_COL],
            source=cell.source if cell else None,
        )
