"""Cross-year rules: this year's report against the same body's accepted report of last year."""

from __future__ import annotations

from collections.abc import Iterator

from annual_report import catalog
from annual_report.model import Report
from annual_report.rules import common as c
from annual_report.rules import messages as m
from annual_report.rules.registry import rule

T1, T2 = "active_disclosure", "applications"


@rule("crossyear.carry_over", "error", "上年结转数与上一年度报告的结转下年度数不一致", needs_previous=True)
def carry_over(report: Report, previous: Report | None = None) -> Iterator[m.Hit]:
    if previous is None:
        return
    cur = (report.tables.applications or {}).get("carried_over")
    prev = (previous.tables.applications or {}).get("carried_forward")
    if not cur or not prev:
        return
    last = f"{previous.metadata.year}年度" if previous.metadata.year else "上一年度"
    for i, col in enumerate(catalog.APPLICANT_COLUMNS):
        a, b = c.value(c.cells_at(cur, i)), c.value(c.cells_at(prev, i))
        if a is None or b is None or a == b:
            continue
        cell = c.cells_at(cur, i)
        yield m.Hit(
            where=m.where_cell(report, T2, "carried_over", col),
            message=(
                f"{m.column_phrase(T2, col)}第二项（上年结转 {m.num(a)}）与{last}报告第四项（结转下年度继续办理 {m.num(b)}）"
                f"不一致，相差 {m.num(c.gap(a, b))}。本年的上年结转数应等于上一年度报告的结转下年度数，请核对。"
            ),
            table=T2,
            row="carried_over",
            column=col,
            source=cell.source if cell else None,
        )


@rule("crossyear.in_force", "info", "现行有效件数不等于上年现行有效件数加本年制发减本年废止", needs_previous=True)
def in_force(report: Report, previous: Report | None = None) -> Iterator[m.Hit]:
    if previous is None:
        return
    if c.template_of(report) != catalog.TEMPLATE_2021 or c.template_of(previous) != catalog.TEMPLATE_2021:
        return
    cur_t1 = report.tables.active_disclosure or {}
    prev_t1 = previous.tables.active_disclosure or {}
    last = f"{previous.metadata.year}年度" if previous.metadata.year else "上一年度"
    label = m.table1_value_label("regulations", "in_force", catalog.TEMPLATE_2021)
    for key in ("regulations", "normative_documents"):
        row, prev_row = cur_t1.get(key) or {}, prev_t1.get(key) or {}
        values = c.known([c.value(row.get(k)) for k in ("in_force", "issued", "repealed")] + [c.value(prev_row.get("in_force"))])
        if values is None:
            continue
        now, issued, repealed, before = values
        expected = before + issued - repealed
        if expected == now:
            continue
        yield m.Hit(
            where=m.where_cell(report, T1, key, label),
            message=(
                f"{m.row_phrase(T1, key)}“{label}”为 {m.num(now)}；{last}报告为 {m.num(before)}，加本年制发 {m.num(issued)}、"
                f"减本年废止 {m.num(repealed)}，应为 {m.num(expected)}，相差 {m.num(c.gap(now, expected))}。"
                f"如本年做过文件清理，可以不改；否则请核对这三个数。"
            ),
            table=T1,
            row=key,
            column=label,
            source=row["in_force"].source,
        )
