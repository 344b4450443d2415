"""What the pages show: Chinese labels, the status steps, and the three tables of a report
laid out as tables with the cells a finding points at marked."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from annual_report import catalog
from annual_report.model import SEVERITY_ZH, Source
from intake import statuses
from intake.cases import CellChange

STATUS_CLASS = {
    "approved": "ok",
    "returned": "warn",
    "rejected": "bad",
    "late": "bad",
    "unreadable": "bad",
    "not_report": "bad",
    "awaiting_review": "info",
    "not_submitted": "muted",
}
ACTION_ZH = {
    "submitted": "提交报告",
    "resubmitted": "提交修改后的报告",
    "compared": "与上次提交比较",
    "routed": "分派审核人",
    "approve": "审核通过",
    "return": "退回修改",
    "reject": "不予受理",
    "reminded": "提醒审核人",
    "escalated": "上报县级负责人",
    "clerk reminded": "提醒报送单位",
    "body reminded": "催报",
    "unreadable": "无法读取",
    "not_report": "不是年度报告",
    "checked": "检查完成",
    "commented": "留言",
    "unverified reply": "收到邮件回复，发件人待核实",
}
AUDIT_STAGE_ZH = {
    "submission": "收到提交",
    "route": "分派审核人",
    "decision": "审核决定",
    "escalation": "超时上报",
    "read": "读取文件",
    "fetch": "读取文件",
    "classify": "识别文件类型",
    "extract": "提取内容",
    "validate": "规则检查",
    "comment": "留言",
}
ROLE_ZH = {"clerk": "报送单位", "reviewer": "审核人", "head": "县级负责人", "admin": "系统管理员"}
TABLE_ORDER = ("active_disclosure", "applications", "appeals")
DASHBOARD_ORDER = ("late", "not_submitted", "received", "checking", "awaiting_review", "returned", "approved", "rejected")

STEPS = (("received", "已收到"), ("checking", "检查中"), ("findings", "检查结果"), ("awaiting_review", "待审核"), ("decision", "审核决定"))


DESK_STEPS = (("received", "已收到"), ("findings", "检查结果"), ("unverified", "待确认来源"), ("decision", "确认结果"))


def steps(status: str, has_findings_stage: bool) -> list[dict]:
    """received → checking → findings → awaiting review → decision, with done/current; an
    unverified submission on the intake desk: received → findings → source to confirm →
    matched to its body or dismissed (it is checked before it reaches the desk)."""
    if status in statuses.DESK_STATUSES:
        cur = 2 if status == statuses.Status.UNVERIFIED else 3
        out = [
            {"key": k, "label": lab, "state": "done" if i < cur else ("current" if i == cur else "todo")}
            for i, (k, lab) in enumerate(DESK_STEPS)
        ]
        if cur == 3:
            out[-1].update(label=f"确认结果：{statuses.label(status)}", state="done")
        return out
    order = {"received": 0, "checking": 1, "awaiting_review": 3, "returned": 4, "approved": 4, "rejected": 4}
    cur = order.get(status, 1)
    if status == "checking" and has_findings_stage:
        cur = 2
    out = []
    for i, (key, label) in enumerate(STEPS):
        if key == "decision" and cur == 4:
            label = f"审核决定：{statuses.label(status)}"
        out.append({"key": key, "label": label, "state": "done" if i < cur else ("current" if i == cur else "todo")})
    if status in ("approved", "rejected"):
        out[-1]["state"] = "done"
    return out


def parse_time(s: str | None) -> datetime | None:
    if not s:
        return None
    try:
        t = datetime.fromisoformat(s)
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def local_time(s: str | None) -> str:
    """UTC ISO → Beijing time for people (the offices are in China)."""
    from datetime import timedelta, timezone

    t = parse_time(s)
    if t is None:
        return s or ""
    return t.astimezone(timezone(timedelta(hours=8))).strftime("%Y-%m-%d %H:%M")


def waited(s: str | None, now: datetime | None = None) -> str:
    t = parse_time(s)
    if t is None:
        return ""
    d = (now or datetime.now(UTC)) - t
    secs = max(int(d.total_seconds()), 0)
    if secs < 3600:
        return f"{max(secs // 60, 1)} 分钟" if secs >= 60 else "不到 1 分钟"
    if secs < 86400:
        return f"{secs // 3600} 小时"
    return f"{secs // 86400} 天"


# ------------------------------------------------------------------------------ tables


@dataclass
class CellView:
    id: str
    text: str
    blank: bool = False
    marks: list[int] = field(default_factory=list)  # finding numbers
    severity: str | None = None  # worst severity of its findings
    col: str = ""  # the column label findings name
    source: dict | None = None  # where the cell was read: {"page": n} (PDF) or {"line": n} (text)


@dataclass
class RowView:
    label: str
    cells: list[CellView]
    group: str | None = None
    marks: list[int] = field(default_factory=list)  # findings on the row as a whole
    key: str = ""  # the row key findings name
    id: str = ""  # anchor of the row label
    severity: str | None = None


@dataclass
class TableView:
    key: str
    title: str
    heading: str
    columns: list[str]
    rows: list[RowView]
    present: bool
    findings: list[dict] = field(default_factory=list)


_RANK = {"error": 0, "warning": 1, "info": 2}


def _cell_text(c: dict | None) -> tuple[str, bool]:
    if not c:
        return "", True
    v = c.get("value")
    raw = (c.get("raw") or "").strip()
    if v is None:
        return raw, True
    return (raw or str(v)), False


def cell_anchor(table: str, row: str, column: str) -> str:
    import hashlib

    return "c-" + hashlib.sha1(f"{table}|{row}|{column}".encode()).hexdigest()[:10]


def build_tables(report: dict | None, findings: list[dict], year: int | None) -> tuple[list[TableView], list[dict]]:
    """The three tables of a report, and the findings numbered 1..n, each with `anchor` set
    when it points at a cell (or row) shown in a table."""
    numbered = []
    for i, f in enumerate(findings, 1):
        numbered.append({**f, "n": i, "severity_zh": SEVERITY_ZH.get(str(f.get("severity")), f.get("severity")), "anchor": None})
    tables_raw = (report or {}).get("tables") or {}
    template = tables_raw.get("template") or catalog.expected_template(year or 2021)
    if template not in catalog.TABLE1:
        template = catalog.TEMPLATE_2021
    views = [
        _table1(tables_raw.get("active_disclosure"), template),
        _table2(tables_raw.get("applications"), template),
        _table3(tables_raw.get("appeals")),
    ]
    by_key = {v.key: v for v in views}
    for f in numbered:
        t = by_key.get(f.get("table") or "")
        if t is None:
            continue
        t.findings.append(f)
        row, col = f.get("row"), f.get("column")
        if row and row.startswith("group:"):
            # A group heading (（五）不予处理): its first row stands for it.
            prefix = row[len("group:") :]
            first = next((r for r in t.rows if r.key.startswith(prefix)), None)
            row = first.key if first else None
            col = None
        rows = [r for r in t.rows if not row or r.key == row]
        if col:
            cells = [c for r in rows for c in r.cells if c.col == col]
            for c in cells:
                c.marks.append(f["n"])
                c.severity = _worse(c.severity, f["severity"])
            f["anchor"] = cells[0].id if cells else f"table-{t.key}"
            if cells and not f.get("source"):
                f["source"] = cells[0].source
        elif row and rows:
            r = rows[0]  # a finding on the row as a whole: its label is marked
            r.marks.append(f["n"])
            r.severity = _worse(r.severity, f["severity"])
            f["anchor"] = r.id
        else:
            f["anchor"] = f"table-{t.key}"
    for f in numbered:
        src = f.get("source") or {}
        f["page"], f["line"] = src.get("page"), src.get("line")
        f["position"] = word_position(src)
    return views, numbered


def word_position(src: dict) -> str | None:
    """Where a Word user finds a place: 第 2 个表格第 27 行第 4 列, 正文第 12 段 (None elsewhere)."""
    if src.get("table_no") is None and src.get("paragraph") is None:
        return None
    return Source.model_validate(src).describe() or None


def text_context(text: str, line: int, around: int = 2) -> list[tuple[int | str, str, bool]]:
    """The lines around a 1-based line of a text file: (number, text, is the line itself)."""
    lines = text.split("\n")
    lo, hi = max(line - around, 1), min(line + around, len(lines))
    return [(n, lines[n - 1], n == line) for n in range(lo, hi + 1)]


_QUOTED = re.compile(r"“([^”]{2,80})”")


def paragraph_context(report: dict | None, finding: dict) -> list[tuple[int | str, str, bool]] | None:
    """For a document without line numbers (Word): the paragraph or table row the finding is
    about, with its neighbours. A row is found by its label (as the document wrote it, or the
    official wording) among the rows of its table, only when exactly one row has it; else by a
    phrase the finding quotes from the document. None rather than a guess."""
    paras = ((report or {}).get("text") or "").split("\n")
    i = _row_paragraph(report, finding, paras)
    if i is None:
        i = next((k for phrase in _QUOTED.findall(finding.get("where") or "") for k, p in enumerate(paras) if phrase in p), None)
    if i is None:
        return None
    return [("", paras[k].replace("\t", " │ "), k == i) for k in range(max(i - 1, 0), min(i + 2, len(paras)))]


def _row_paragraph(report: dict | None, finding: dict, paras: list[str]) -> int | None:
    table, row = finding.get("table"), finding.get("row")
    if table not in catalog.TABLE_TITLES or not row:
        return None
    rows = _table_rows(paras, table)
    for label in _row_labels(report, table, row):
        # The label is in the first cell, or in the second under a merged group cell.
        hits = [k for k in rows if any(c.strip().endswith(label) for c in paras[k].split("\t")[:2])]
        if len(hits) == 1:
            return hits[0]
    return None


def _table_rows(paras: list[str], table: str) -> list[int]:
    """Indexes of the table rows (tab-separated) after the table's heading, up to the next
    table's heading."""

    def heading(k: int, t: str) -> bool:
        return catalog.TABLE_TITLES[t] in paras[k] and "\t" not in paras[k] and len(paras[k]) < 40

    start = next((k for k in range(len(paras)) if heading(k, table)), None)
    if start is None:
        return []
    others = [t for t in catalog.TABLE_TITLES if t != table]
    end = next((k for k in range(start + 1, len(paras)) if any(heading(k, t) for t in others)), len(paras))
    return [k for k in range(start + 1, end) if "\t" in paras[k]]


def _row_labels(report: dict | None, table: str, row: str) -> list[str]:
    labels = ((report or {}).get("tables") or {}).get("labels") or []
    found = [lab["found"] for lab in labels if lab.get("table") == table and lab.get("key") == row and lab.get("found")]
    if table == "applications" and row in catalog.TABLE2_BY_KEY:
        found.append(catalog.TABLE2_BY_KEY[row].label)
    if table == "active_disclosure":
        found += [r.label for rows in catalog.TABLE1.values() for r in rows if r.key == row]
    return found


def _worse(a: str | None, b: str) -> str:
    return b if a is None or _RANK.get(b, 3) < _RANK.get(a, 3) else a


def _mk(table: str, row: str, col: str, c: dict | None) -> CellView:
    text, blank = _cell_text(c)
    return CellView(id=cell_anchor(table, row, col), text=text, blank=blank, col=col, source=(c or {}).get("source"))


def _row(label: str, key: str, cells: list[CellView], group: str | None = None) -> RowView:
    rid = cell_anchor(cells[0].id if cells else "", key, "row") if cells else ""
    return RowView(label=label, cells=cells, group=group, key=key, id=rid)


def _table1(data: dict | None, template: str) -> TableView:
    t = "active_disclosure"
    rows = []
    for spec in catalog.TABLE1[template]:
        vals = (data or {}).get(spec.key) or {}
        for vk, vlabel in spec.values:
            rows.append(_row(vlabel, spec.key, [_mk(t, spec.key, vlabel, vals.get(vk))], group=spec.label))
    return TableView(t, catalog.TABLE_TITLES[t], catalog.SECTION_TITLES[t], ["项目", "指标", "数量"], rows, data is not None)


def _table2(data: dict | None, template: str) -> TableView:
    t = "applications"
    rows = []
    for spec in catalog.table2_rows(template):
        cells = list((data or {}).get(spec.key) or [])
        cv = [_mk(t, spec.key, col, cells[i] if i < len(cells) else None) for i, col in enumerate(catalog.APPLICANT_COLUMNS)]
        rows.append(_row(spec.full_label, spec.key, cv))
    return TableView(t, catalog.TABLE_TITLES[t], catalog.SECTION_TITLES[t], ["项目", *catalog.APPLICANT_COLUMNS], rows, data is not None)


def _table3(data: dict | None) -> TableView:
    t = "appeals"
    rows = []
    for key, label in catalog.APPEAL_ROWS:
        cells = list((data or {}).get(key) or [])
        cv = [_mk(t, key, col, cells[i] if i < len(cells) else None) for i, col in enumerate(catalog.APPEAL_COLUMNS)]
        rows.append(_row(label, key, cv))
    return TableView(t, catalog.TABLE_TITLES[t], catalog.SECTION_TITLES[t], ["类别", *catalog.APPEAL_COLUMNS], rows, data is not None)


def sections(report: dict | None) -> list[dict]:
    secs = (report or {}).get("sections") or {}
    out = []
    for key in catalog.SECTION_KEYS:
        s = secs.get(key) or {}
        out.append(
            {
                "key": key,
                "title": s.get("heading") or catalog.SECTION_TITLES[key],
                "present": bool(s.get("present")),
                "text": (s.get("text") or "").strip(),
            }
        )
    return out


def change_label(ch: CellChange, template: str | None) -> str:
    """One changed cell of a SubmissionDiff in words: 表 · 行 × 列."""
    table, row, col = ch.table, ch.row, str(ch.column)
    title = catalog.TABLE_TITLES.get(table, table)
    tpl = template if template in catalog.TABLE1 else catalog.TEMPLATE_2021
    if table == "active_disclosure":
        t1 = next((r for r in catalog.TABLE1[tpl] if r.key == row), None)
        if t1:
            vlabel = dict(t1.values).get(col, col)
            return f"{title} · {t1.label} · {vlabel}"
    if table == "applications":
        t2 = catalog.TABLE2_BY_KEY.get(row)
        cname = catalog.APPLICANT_COLUMNS[int(col)] if col.isdigit() and int(col) < len(catalog.APPLICANT_COLUMNS) else col
        return f"{title} · {t2.full_label if t2 else row} × {cname}"
    if table == "appeals":
        rname = dict(catalog.APPEAL_ROWS).get(row, row)
        cname = catalog.APPEAL_COLUMNS[int(col)] if col.isdigit() and int(col) < len(catalog.APPEAL_COLUMNS) else col
        return f"{title} · {rname} × {cname}"
    return f"{title} · {row} × {col}"


def diff_value(v: str | None) -> str:
    if v is None:
        return "（空）"
    return v.strip('"')
