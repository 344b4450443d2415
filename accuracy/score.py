"""Compare what `check_bytes` printed for a generated file with the truth.

Cells: every cell of the three tables the truth has (a report read as not_report, or a table
not found, counts all its cells wrong). Findings: an expected finding is matched by a printed
one of the same rule whose table/row/column agree wherever both name them (a section finding
by the section's words in `where`); each printed finding matches at most one expected one.
What is left printed is a false positive, what is left expected a miss.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from accuracy.model import Case, Expect
from annual_report import catalog

SECTION_WORDS = {
    "overview": ("总体情况", "概述", "基本情况", "总体推进"),
    "active_disclosure": ("主动公开",),
    "applications": ("收到和处理",),
    "appeals": ("复议",),
    "problems": ("问题",),
    "other": ("其他需要报告",),
}


@dataclass
class CaseScore:
    name: str
    family: str
    seed: int
    kind_expected: str
    kind_found: str
    cells_total: int = 0
    cells_ok: int = 0
    meta_total: int = 0
    meta_ok: int = 0
    rules: dict[str, list[int]] = field(default_factory=dict)  # rule -> [tp, fp, fn]
    diffs: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    reason_ok: bool = True  # the reasons name what a look-alike is (Truth.reason)

    @property
    def kind_ok(self) -> bool:
        return self.kind_expected == self.kind_found

    @property
    def errors(self) -> int:
        wrong = sum(fp + fn for _, fp, fn in self.rules.values())
        return (
            (0 if self.kind_ok else 100)
            + (0 if self.reason_ok else 10)
            + wrong * 3
            + (self.cells_total - self.cells_ok)
            + (self.meta_total - self.meta_ok)
        )

    @property
    def passed(self) -> bool:
        return self.errors == 0


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    try:
        return Decimal(str(a)) == Decimal(str(b))
    except Exception:
        return False


def _cells(case: Case, report: dict | None, s: CaseScore) -> None:
    t = case.truth
    found = report or {}
    t1 = found.get("active_disclosure") or {}
    for spec in catalog.TABLE1[t.template] if t.active_disclosure else ():  # none: pictures, nothing to read
        for key, label in spec.values:
            _one(s, t.active_disclosure[spec.key][key], (t1.get(spec.key) or {}).get(key), f"表一 {spec.label}/{label}")
    for table, rows, cols in (("applications", t.applications, catalog.APPLICANT_COLUMNS), ("appeals", t.appeals, catalog.APPEAL_COLUMNS)):
        got = found.get(table) or {}
        for row, vals in rows.items():
            have = got.get(row) or []
            for i, v in enumerate(vals):
                _one(s, v, have[i] if i < len(have) else None, f"{table}/{row}/{cols[i]}", missing_row=row not in got)


def _one(s: CaseScore, want, got, where: str, missing_row: bool = False) -> None:
    s.cells_total += 1
    if _same(want, got) and not (missing_row and want is None):
        s.cells_ok += 1
    elif len(s.diffs) < 40:
        s.diffs.append(f"cell {where}: want {want} got {'(no row)' if missing_row else got}")


def _org_key(name: str | None) -> str:
    return re.sub(r"(人民政府|政府|办事处|办公室|管理委员会|管委会)$", "", name or "")


def _meta(case: Case, report: dict | None, s: CaseScore) -> None:
    t, r = case.truth, report or {}
    want, got = _org_key(t.organization), _org_key(r.get("organization"))
    ok = bool(got) and (got == want or (want.endswith(got) and len(got) >= 2) or got.endswith(want))
    s.meta_total += 2
    s.meta_ok += ok + (r.get("year") == t.year)
    if not ok:
        s.diffs.append(f"organization: want {t.organization} got {r.get('organization')}")
    if r.get("year") != t.year:
        s.diffs.append(f"year: want {t.year} got {r.get('year')}")
    if t.document_number:
        s.meta_total += 1
        same = _docno(r.get("document_number")) == _docno(t.document_number)
        s.meta_ok += same
        if not same:
            s.diffs.append(f"document_number: want {t.document_number} got {r.get('document_number')}")


def _docno(s: str | None) -> str:
    return re.sub(r"[〔\[［【(（]", "[", re.sub(r"[〕\]］】)）]", "]", s or ""))


def _compatible(e: Expect, f: dict) -> bool:
    if f.get("rule") != e.rule:
        return False
    if e.section:
        return any(w in (f.get("where") or "") for w in SECTION_WORDS[e.section])
    return all(not (want and f.get(key) and f.get(key) != want) for key, want in (("table", e.table), ("row", e.row), ("column", e.column)))


def _findings(case: Case, found: list[dict], s: CaseScore) -> None:
    left = list(found)
    for e in case.truth.expected:
        hit = next((f for f in left if _compatible(e, f)), None)
        counts = s.rules.setdefault(e.rule, [0, 0, 0])
        if hit is None:
            counts[2] += 1
            s.diffs.insert(0, f"MISSED {e.describe()}")
        else:
            counts[0] += 1
            left.remove(hit)
    for f in left:
        s.rules.setdefault(f["rule"], [0, 0, 0])[1] += 1
        s.diffs.insert(0, f"FALSE {f['rule']} @ {f.get('where')}: {f.get('message', '')[:90]}")


def score(case: Case, result: dict) -> CaseScore:
    cls = result.get("classification") or {}
    s = CaseScore(case.name, case.family, case.seed, case.truth.kind, cls.get("kind", "?"), notes=list(case.truth.notes))
    if not s.kind_ok:
        s.diffs.append(f"kind: want {s.kind_expected} got {s.kind_found} ({'；'.join(cls.get('reasons') or [])[:120]})")
    reasons = "；".join(cls.get("reasons") or [])
    if s.kind_ok and case.truth.reason and case.truth.reason not in reasons:
        s.reason_ok = False
        s.diffs.append(f"reason: want “{case.truth.reason}” in {reasons[:120]}")
    if case.truth.kind == "annual_report":
        report = result.get("report")
        _cells(case, report, s)
        _meta(case, report, s)
        _findings(case, result.get("findings") or [], s)
    return s
