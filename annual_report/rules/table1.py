"""Table 1 plausibility: 规章 of a township, the unit of the fee amount."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from annual_report.model import Report
from annual_report.rules import common as c
from annual_report.rules import messages as m
from annual_report.rules.registry import rule

T1 = "active_disclosure"

# 行政事业性收费 of a township, in 万元, from which on the amount reads as 元. Townships collect
# few administrative fees themselves (most are collected by county departments); 100 万元 is
# one million yuan a year, far above what a township reports, while an amount written in 元
# by mistake (a few hundred or thousand yuan) lands at or above 100 almost always. Below 100
# the two readings overlap too much to warn. The threshold applies only to township-level
# bodies: county departments, districts and cities legitimately collect thousands of 万元
# (the real district and city reports in shared/real-reports do), and a report whose body
# could not be identified already gets metadata.missing.
FEE_WAN_THRESHOLD = Decimal(100)


@rule("table1.township_regulations", "warning", "乡镇（街道）在“规章”行填了数")
def township_regulations(report: Report, previous: Report | None = None) -> Iterator[m.Hit]:
    kind = c.township_kind(report)
    t1 = report.tables.active_disclosure
    if kind is None or not t1 or "regulations" not in t1:
        return
    row = next((r for r, _ in c.table1_rows(report) if r.key == "regulations"), None)
    if row is None:
        return
    cells = t1["regulations"]
    nonzero = [(label, cells[k]) for k, label in row.values if k in cells and cells[k].value not in (None, 0)]
    if not nonzero:
        return
    detail = "，".join(f"{label} {m.num(cell.value)}" for label, cell in nonzero)
    yield m.Hit(
        where=m.where_row(report, T1, "regulations"),
        message=(
            f"{m.row_phrase(T1, 'regulations')}填了数（{detail}），但{kind}一级没有制定规章的权限。"
            f"这通常是把规范性文件填进了“规章”行：请把这些数移到“{m.row_name(T1, 'normative_documents')}”行，“规章”行填 0。"
        ),
        table=T1,
        row="regulations",
        column=nonzero[0][0],
        source=nonzero[0][1].source,
    )


@rule("fee.unit", "warning", "收费金额像是按“元”填写，或带了单位")
def fee_unit(report: Report, previous: Report | None = None) -> Iterator[m.Hit]:
    t1 = report.tables.active_disclosure or {}
    cell = (t1.get("fees") or {}).get("amount_wan")
    raw = (cell.raw if cell and cell.raw else report.tables.fee_raw) or ""
    if cell is None and not raw:
        return
    label = m.table1_value_label("fees", "amount_wan")
    place = m.cell_phrase(T1, "fees", label)
    problems = []
    if "元" in raw:
        problems.append(f"填的是“{raw.strip()}”，带了单位。表头已注明单位是万元，格子里只填数字")
    v = cell.value if cell else None
    big = v is not None and v >= FEE_WAN_THRESHOLD and c.township_kind(report) is not None
    if big and v is not None and "万元" not in raw:
        as_wan = (Decimal(v) / 10000).normalize()
        problems.append(
            f"填的是 {m.num(v)}，即 {m.num(v)} 万元；乡镇一年收费达到 {m.num(FEE_WAN_THRESHOLD)} 万元以上极少见，"
            f"很可能是按“元”填写的。如果是 {m.num(v)} 元，应填 {format(as_wan, 'f')}（万元）"
        )
    if not problems:
        return
    yield m.Hit(
        where=m.where_cell(report, T1, "fees", label),
        message=f"{place}{'；另外'.join(problems)}。请核对单位。",
        table=T1,
        row="fees",
        column=label,
        source=cell.source if cell else None,
    )
