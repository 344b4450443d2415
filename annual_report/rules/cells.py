"""Cells: rows the reader could not read unambiguously, empty or non-numeric cells,
impossible values, non-standard labels."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from annual_report import catalog
from annual_report.extract.normalize import stem
from annual_report.model import Cell, Report
from annual_report.rules import common as c
from annual_report.rules import messages as m
from annual_report.rules.registry import rule

# Cells that hold money (万元) and may therefore be decimals.
DECIMAL_CELLS = {("fees", "amount_wan"), ("procurement", "amount")}
# Cells that may be negative: 本年增/减 of the 2019 table 1.
SIGNED_CELLS = {("licensing", "change"), ("other_services", "change"), ("penalty", "change"), ("enforcement", "change"), ("fees", "change")}


@dataclass(frozen=True)
class Slot:
    table: str
    row: str
    column: str  # official column label
    key: str  # value key (table 1) or column label (tables 2, 3)
    cell: Cell | None  # None: the cell is not there at all


def slots(report: Report) -> Iterator[Slot | tuple[str, str]]:
    """Every cell the template expects, in table/row/column order.

    Yields `(table, row_key)` instead of slots for a row that is absent altogether (one place,
    not one per cell). Rows are expected from the report's own template; when the tables mix
    both templates only the rows present are walked, since which ones are missing is moot.
    """
    t = report.tables
    tmpl = c.template_of(report)
    mixed = t.mixed_template
    if t.active_disclosure:
        for row in catalog.TABLE1[tmpl]:
            if row.key not in t.active_disclosure:
                if not mixed:
                    yield ("active_disclosure", row.key)
                continue
        for row, vals in c.table1_rows(report):
            for key, label in row.values:
                yield Slot("active_disclosure", row.key, label, key, vals.get(key))
    table2_keys = c.table2_present_keys(report) if mixed else c.table2_row_keys(report)
    appeal_keys = [key for key, _label in catalog.APPEAL_ROWS]
    for table, rows, keys, columns in (
        ("applications", t.applications, table2_keys, catalog.APPLICANT_COLUMNS),
        ("appeals", t.appeals, appeal_keys, catalog.APPEAL_COLUMNS),
    ):
        if not rows:
            continue
        for key in keys:
            cells = rows.get(key)
            if cells is None:
                yield (table, key)
                continue
            for i, col in enumerate(columns):
                yield Slot(table, key, col, col, c.cells_at(cells, i))


def _blank(s: Slot) -> bool:
    """Nothing in the cell, or the word 空 (empty) written in it."""
    return s.cell is None or (s.cell.value is None and s.cell.raw.strip() in ("", "空"))


def _no_number(s: Slot) -> bool:
    """No number read in the cell: blank, 空, or a mark that stands for nothing (/, —, 无)."""
    return s.cell is None or s.cell.value is None


def unread_rows(report: Report) -> set[tuple[str, str]]:
    """(table, row) whose cells the reader left empty because it could not place their numbers."""
    return {(p.table, row) for p in report.tables.ambiguities for row in p.unread_rows}


# Not a rule of the contract's tables ("More rules the product needs"): the readers never guess
# a number they cannot place (spec: "an ambiguous split is reported, not guessed"), and the
# clerk must learn which row that was. It replaces cell.missing for the cells of that row: those
# cells are not blank in the report, so "为空，请填 0" would send the clerk to the wrong fix.
@rule("table.ambiguous", "warning", "表格某行的数字无法准确读取（数字连在一起有多种拆法、个数与列数不符、同一行出现两次）")
def table_ambiguous(report: Report, previous: Report | None = None) -> Iterator[m.Hit]:
    for p in report.tables.ambiguities:
        at = f"（{p.source.describe()}）" if p.source is not None and p.source.describe() else ""
        if p.row is None:
            where = m.where_table(report, p.table)
            what = f"{m.table_name(p.table)}{at}的数字无法准确读取"
        else:
            where = m.where_row(report, p.table, p.row)
            what = f"{m.row_phrase(p.table, p.row)}{at}无法准确读取"
        if p.kind == "duplicate":
            places = "、".join(x.describe() for x in (p.source, p.also) if x is not None and x.describe())
            message = (
                f"{m.row_phrase(p.table, p.row or '')}出现了两次{f'（{places}）' if places else ''}，只读取了第一次出现的一行。"
                f"请删去重复的一行，或核对两处的数字后合并为一行，改正后重新发送报告。"
            )
        elif p.kind == "split":
            message = (
                f"{what}：{p.detail}（表格的格线丢失，数字连在了一起）。为免读错，这些格子的数值没有采用。"
                f"请核对这一部分的数字，并重新发送格子分明的报告（Word 原件或正常导出的 PDF，不要从网页复制）。"
            )
        else:
            message = (
                f"{what}：{p.detail}，无法确定哪个数属于哪一列。为免读错，这些格子的数值没有采用。"
                f"请核对：每格只填一个数，没有数据的格子填 0，不要留空、合并或错位，改正后重新发送报告。"
            )
        yield m.Hit(where=where, message=message, table=p.table, row=p.row, source=p.source)


@rule("cell.missing", "error", "表格单元格为空或不是数字")
def cell_missing(report: Report, previous: Report | None = None) -> Iterator[m.Hit]:
    unread = unread_rows(report)
    all_slots = [s for s in slots(report) if not (isinstance(s, Slot) and (s.table, s.row) in unread and _unread(s))]
    rows: dict[tuple[str, str], list[Slot]] = {}
    for s in all_slots:
        if isinstance(s, Slot):
            rows.setdefault((s.table, s.row), []).append(s)
    # A row with no number in it (left blank, or blank but for a “/” or “—”) is one place to
    # fix, not one per cell.
    blank_rows = {k for k, ss in rows.items() if len(ss) > 1 and all(_no_number(x) for x in ss)}
    done: set[tuple[str, str]] = set()
    for s in all_slots:
        if isinstance(s, Slot) and (s.table, s.row) in blank_rows:
            if (s.table, s.row) in done:
                continue
            done.add((s.table, s.row))
            first = next((x.cell for x in rows[(s.table, s.row)] if x.cell is not None), None)
            marks = sorted({x.cell.raw.strip() for x in rows[(s.table, s.row)] if not _blank(x) and x.cell is not None})
            what = f"整行没有数字（只填了{'、'.join(f'“{r}”' for r in marks)}）" if marks else "整行为空"
            yield m.Hit(
                where=m.where_row(report, s.table, s.row),
                message=f"{m.row_phrase(s.table, s.row)}{what}。没有数据时请每格填 0，不要留空。",
                table=s.table,
                row=s.row,
                source=first.source if first else None,
            )
            continue
        if isinstance(s, tuple):
            table, row = s
            yield m.Hit(
                where=m.where_row(report, table, row),
                message=f"{m.table_name(table)}中缺少“{m.row_name(table, row)}”行。请按国办格式补上这一行，没有数据时填 0。",
                table=table,
                row=row,
            )
            continue
        cell = s.cell
        if cell is not None and cell.value is not None:
            continue
        raw = (cell.raw if cell else "").strip()
        if raw:
            msg = f"{m.cell_phrase(s.table, s.row, s.column)}填的是“{raw}”，不是数字。请只填阿拉伯数字，没有数据时填 0。"
        else:
            msg = f"{m.cell_phrase(s.table, s.row, s.column)}为空。没有数据时请填 0，不要留空。"
        yield m.Hit(
            where=m.where_cell(report, s.table, s.row, s.column),
            message=msg,
            table=s.table,
            row=s.row,
            column=s.column,
            source=cell.source if cell else None,
        )


def _unread(s: Slot) -> bool:
    return s.cell is None or s.cell.value is None


@rule("value.invalid", "error", "数值为负数或不是整数")
def value_invalid(report: Report, previous: Report | None = None) -> Iterator[m.Hit]:
    for s in slots(report):
        if isinstance(s, tuple) or s.cell is None or s.cell.value is None:
            continue
        v = s.cell.value
        money = s.table == "active_disclosure" and (s.row, s.key) in DECIMAL_CELLS
        signed = s.table == "active_disclosure" and (s.row, s.key) in SIGNED_CELLS
        what = "金额" if money else "件数"
        problem = None
        if v < 0 and not signed:
            problem = f"{what}不能是负数"
        elif not money and isinstance(v, Decimal) and v != v.to_integral_value():
            problem = f"{what}应为整数"
        if problem is None:
            continue
        yield m.Hit(
            where=m.where_cell(report, s.table, s.row, s.column),
            message=f"{m.cell_phrase(s.table, s.row, s.column)}填的是 {m.num(v)}，{problem}。请核对后改正。",
            table=s.table,
            row=s.row,
            column=s.column,
            source=s.cell.source,
        )


def inner_deviation(found: str, official: str) -> bool:
    """Whether a label the reader reassembled differs from the official one *inside* (a word
    changed), not only at its ends, where a piece may be missing or one too many was joined."""
    a, b = stem(found), stem(official)
    if not a or not b or a == b:
        return False
    if a in b or b in a:
        return False  # a piece missing or extra at an end
    if len(a) == len(b) and a[0] == b[0] and a[-1] == b[-1] and sum(x != y for x, y in zip(a, b, strict=True)) <= 2:
        return True  # a word changed in place: joining pieces adds or loses characters, never swaps them
    head = min(2, len(a), len(b))
    return a[:head] == b[:head] and a[-head:] == b[-head:] and abs(len(a) - len(b)) <= 3


@rule("label.nonstandard", "warning", "行或列的名称与官方表述不一致")
def label_nonstandard(report: Report, previous: Report | None = None) -> Iterator[m.Hit]:
    doc = m.TEMPLATE_DOCS[c.template_of(report)]
    for lab in report.tables.labels:
        if lab.reading == "reassembled" and not inner_deviation(lab.found, lab.official):
            continue  # the difference is where the reader joined pieces: ours, not the report's
        is_column = lab.key.startswith("column:")
        row = None if is_column else lab.key
        column = lab.official if is_column else None  # “column:<key>”: name it by its official wording
        if row is not None and not row.startswith("group:"):
            place = m.where_row(report, lab.table, row)
        elif row is not None:
            place = f"{m.heading(report, lab.table)} ·{lab.official}"
        else:
            place = m.where_column(report, lab.table, column or lab.official)
        if lab.source is not None and lab.source.line is not None:
            where = f"{m.heading(report, lab.table)} · {lab.source.describe()}"  # the line names the row
        elif lab.source is not None and lab.source.describe():
            where = f"{place}（{lab.source.describe()}）"  # a page does not: name the row too
        else:
            where = place
        yield m.Hit(
            where=where,
            message=f"“{lab.found}”应为“{lab.official}”（{doc}格式）。",
            table=lab.table,
            row=row,
            column=column,
            source=lab.source,
        )
