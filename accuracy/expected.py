"""The findings a correct checker prints for the tables of a truth, computed from
`spec/check-output.md` directly (not from annual_report's rules): one finding per empty cell
(a row left blank altogether is one finding), per negative count, per unbalanced column, per
wrong total. A sum that needs an empty cell is not claimed broken."""

from __future__ import annotations

from accuracy.model import Expect, Truth
from annual_report import catalog

T1, T2, T3 = "active_disclosure", "applications", "appeals"
SIGNED = {"change"}  # 本年增/减 of the 2019 table 1 may be negative


def cell_findings(truth: Truth) -> list[Expect]:
    out: list[Expect] = []
    for spec in catalog.TABLE1[truth.template]:
        if (T1, spec.key) in truth.ambiguous_rows:
            out.append(Expect("table.ambiguous", T1, spec.key))
            continue
        vals = truth.active_disclosure.get(spec.key, {})
        out += _row_cells(T1, spec.key, [(label, vals.get(k)) for k, label in spec.values])
        out += [
            Expect("value.invalid", T1, spec.key, label)
            for k, label in spec.values
            if vals.get(k) is not None and vals[k] < 0 and k not in SIGNED
        ]
    for spec in catalog.table2_rows(truth.template):
        vals = truth.applications[spec.key]
        if (T2, spec.key) in truth.ambiguous_rows:
            out.append(Expect("table.ambiguous", T2, spec.key))
            continue
        out += _row_cells(T2, spec.key, list(zip(catalog.APPLICANT_COLUMNS, vals, strict=True)))
        out += [
            Expect("value.invalid", T2, spec.key, col)
            for col, v in zip(catalog.APPLICANT_COLUMNS, vals, strict=True)
            if v is not None and v < 0
        ]
    if any((T3, key) in truth.ambiguous_rows for key, _ in catalog.APPEAL_ROWS):
        return [*out, Expect("table.ambiguous", T3)]  # read as one block of 15: one for the table
    for key, _ in catalog.APPEAL_ROWS:
        vals = truth.appeals[key]
        out += _row_cells(T3, key, list(zip(catalog.APPEAL_COLUMNS, vals, strict=True)))
        out += [
            Expect("value.invalid", T3, key, col) for col, v in zip(catalog.APPEAL_COLUMNS, vals, strict=True) if v is not None and v < 0
        ]
    return out


def _row_cells(table: str, row: str, cells: list) -> list[Expect]:
    blank = [col for col, v in cells if v is None]
    if len(cells) > 1 and len(blank) == len(cells):
        return [Expect("cell.missing", table, row)]
    return [Expect("cell.missing", table, row, col) for col in blank]


def arithmetic_findings(truth: Truth) -> list[Expect]:
    t2 = truth.applications
    out: list[Expect] = []
    results = catalog.RESULT_ROWS[truth.template]
    for i, col in enumerate(catalog.APPLICANT_COLUMNS):
        four = [t2[k][i] for k in ("new_received", "carried_over", "total", "carried_forward")]
        if None not in four and four[0] + four[1] != four[2] + four[3]:
            out.append(Expect("applications.balance", T2, None, col))
        parts = [t2[k][i] for k in results]
        if t2["total"][i] is not None and None not in parts and sum(parts) != t2["total"][i]:
            out.append(Expect("applications.total_row", T2, "total", col))
    for spec in catalog.table2_rows(truth.template):
        vals = t2[spec.key]
        if None not in vals and sum(vals[:6]) != vals[6]:
            out.append(Expect("applications.total_column", T2, spec.key, catalog.APPLICANT_COLUMNS[6]))
    for key, _ in catalog.APPEAL_ROWS:
        vals = truth.appeals[key]
        if None not in vals and sum(vals[:4]) != vals[4]:
            out.append(Expect("appeals.total", T3, key, catalog.APPEAL_COLUMNS[4]))
    return out


def table_findings(truth: Truth) -> list[Expect]:
    return cell_findings(truth) + arithmetic_findings(truth)
