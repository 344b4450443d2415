"""The report model: what a check of one file produces.

Cells keep their value *and* where they came from, so a finding can point at the exact
line (text) or page and box (PDF) and the web app can highlight it. `CheckResult.contract()`
renders the JSON fixed by `spec/check-output.md`; extra keys are added, never renamed.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, Field

Kind = Literal["annual_report", "not_report", "unreadable"]
Format = Literal["pdf", "docx", "text", "unknown"]
Severity = Literal["error", "warning", "info"]
# How severities read in Chinese, in mails, on the web and in `intake check`: one wording.
SEVERITY_ZH: dict[str, str] = {"error": "错误", "warning": "警告", "info": "提示"}
Number = int | Decimal


class Source(BaseModel):
    """Where a value was read: a 1-based line of a text file, or a page and box of a PDF.

    Read by OCR (a scanned page or an image file): `confidence` is the recogniser's lowest
    character confidence in the cell (0–1; None for an empty cell) and `box` is on the page
    as scanned (before straightening): PDF points for a PDF page, pixels for an image file.
    """

    line: int | None = None
    page: int | None = None
    box: tuple[float, float, float, float] | None = None
    ocr: bool = False
    confidence: float | None = None
    # A Word file has neither lines nor pages: the n-th paragraph of the body, or the n-th
    # table's row and (grid) column, counted from 1 as a Word user counts them.
    paragraph: int | None = None
    table_no: int | None = None
    row_no: int | None = None
    col_no: int | None = None

    def describe(self) -> str:
        if self.line is not None:
            return f"第 {self.line} 行"
        if self.page is not None:
            return f"第 {self.page} 页"
        if self.table_no is not None:
            cell = f"第 {self.row_no} 行" if self.row_no else ""
            return f"第 {self.table_no} 个表格" + cell + (f"第 {self.col_no} 列" if self.col_no else "")
        if self.paragraph is not None:
            return f"正文第 {self.paragraph} 段"
        return ""


class Cell(BaseModel):
    value: Number | None = None  # None: empty or not a number; never invented as 0
    raw: str = ""  # the text as found in the document
    source: Source | None = None
    # "clean": the cell as written; "split": cut out of a flattened digit run by the table's
    # arithmetic; "column": placed by whitespace columns (layout text, borderless PDF).
    reading: Literal["clean", "split", "column"] = "clean"

    @property
    def missing(self) -> bool:
        return self.value is None


class RowLabel(BaseModel):
    """A row or column label as the document wrote it, matched to the official wording."""

    table: Literal["active_disclosure", "applications", "appeals"]
    key: str  # row key (or "column:<name>")
    found: str
    official: str
    source: Source | None = None
    # How the reader got `found`: "clean" (one cell as written) or "reassembled" (joined from a
    # label wrapped over lines, pieces of a group label, a flattened web line): then a difference
    # at its ends may be our joining, not the report's wording.
    reading: Literal["clean", "reassembled"] = "clean"


class TableProblem(BaseModel):
    """A place in a table the reader could not read unambiguously (rule `table.ambiguous`).

    `unread_rows` are the rows whose cells were left empty because of it: their cells are not
    blank in the document, so they are not reported as `cell.missing` as well.
    """

    table: Literal["active_disclosure", "applications", "appeals"]
    row: str | None = None  # row key; None: the table as a whole (table 3's one block of 15)
    kind: Literal["split", "count", "duplicate"]  # digit run / number of values / row twice
    detail: str  # Chinese: what was found, e.g. 应有 7 个数，找到 5 个（0 0 0 0 0）
    unread_rows: list[str] = Field(default_factory=list)
    source: Source | None = None
    also: Source | None = None  # kind "duplicate": where the second occurrence is


class Tables(BaseModel):
    template: str | None = None  # "2019" | "2021" | None
    mixed_template: bool = False  # rows of both templates present
    template_evidence: list[str] = Field(default_factory=list)
    # row key -> value key -> cell
    active_disclosure: dict[str, dict[str, Cell]] | None = None
    # row key -> 7 cells (自然人 … 其他, 总计)
    applications: dict[str, list[Cell]] | None = None
    # row key -> 5 cells (维持, 纠正, 其他, 尚未审结, 总计)
    appeals: dict[str, list[Cell]] | None = None
    labels: list[RowLabel] = Field(default_factory=list)
    # ambiguities the reader could not resolve (e.g. a flattened digit run with two splits)
    problems: list[str] = Field(default_factory=list)
    # the same ambiguities, structured for the rules (see TableProblem)
    ambiguities: list[TableProblem] = Field(default_factory=list)
    fee_raw: str | None = None  # the fee cell as written, for unit checks
    # tables the document holds as pictures, not as text (a web page's <img>): not readable
    pictured: list[str] = Field(default_factory=list)
    # table -> row keys of the detected template that the document does not have at all
    # (their cells are empty). Distinguishes "row absent" from "row left blank".
    missing_rows: dict[str, list[str]] = Field(default_factory=dict)


class Section(BaseModel):
    present: bool = False
    heading: str | None = None
    inferred: bool = False  # the heading is lost (converter, typo) but the section's content is there
    text: str = ""
    source: Source | None = None


class ReportIdentity(BaseModel):
    """Who reports on which year, and the document's title and number: the head of the
    metadata, and what a case needs of a report (`workflows.contracts.ReportSummary`)."""

    organization: str | None = None  # short name: 上塘镇
    full_name: str | None = None  # 上塘镇人民政府
    parent: str | None = None  # county-level parent: 丰城市
    year: int | None = None
    document_number: str | None = None
    title: str | None = None


class Metadata(ReportIdentity):
    title_year: int | None = None
    period_start: str | None = None  # ISO date of the statistics period
    period_end: str | None = None
    period_year: int | None = None
    body_years: list[int] = Field(default_factory=list)  # years the body text reports on


class Report(BaseModel):
    metadata: Metadata = Field(default_factory=Metadata)
    sections: dict[str, Section] = Field(default_factory=dict)
    tables: Tables = Field(default_factory=Tables)
    text: str = ""  # whole plain text, for narrative rules


class Classification(BaseModel):
    kind: Kind
    format: Format
    template: str | None = None
    confidence: float = 0.0
    reasons: list[str] = Field(default_factory=list)
    detected_type: str | None = None  # finer than format: doc, wps, xlsx, zip, png, …
    reason_code: str | None = None  # machine-readable cause for unreadable (encrypted, scanned, …)
    ocr_pages: list[int] = Field(default_factory=list)  # pages whose text was read by OCR


class Finding(BaseModel):
    rule: str
    severity: Severity
    message: str
    where: str
    table: str | None = None
    row: str | None = None
    column: str | None = None
    source: Source | None = None


class CheckResult(BaseModel):
    file: str
    sha256: str
    size: int = 0
    classification: Classification
    report: Report | None = None
    findings: list[Finding] = Field(default_factory=list)
    elapsed_ms: float | None = None

    def contract(self) -> dict[str, Any]:
        """The JSON of `spec/check-output.md`, plus a few extra keys."""
        c = self.classification
        out: dict[str, Any] = {
            "file": self.file,
            "sha256": self.sha256,
            "classification": {
                "kind": c.kind,
                "format": c.format,
                "template": c.template,
                "confidence": round(c.confidence, 3),
                "reasons": list(c.reasons),
                "detected_type": c.detected_type,
            },
            "report": None,
            "findings": [_finding_json(f) for f in self.findings],
        }
        if c.reason_code:
            out["classification"]["reason_code"] = c.reason_code
        if c.ocr_pages:
            out["classification"]["read_by"] = "ocr"
            out["classification"]["ocr_pages"] = list(c.ocr_pages)
            for entry, f in zip(out["findings"], self.findings, strict=True):
                if f.source is not None and f.source.ocr:
                    entry.update(box=list(f.source.box) if f.source.box else None, confidence=f.source.confidence)
        if self.report is not None and c.kind == "annual_report":
            out["report"] = _report_json(self.report)
            if c.ocr_pages:
                from annual_report.readers.ocr.provenance import report_provenance

                out["report"]["provenance"] = report_provenance(self.report)
        return out


def _finding_json(f: Finding) -> dict[str, Any]:
    return {
        "rule": f.rule,
        "severity": f.severity,
        "message": f.message,
        "where": f.where,
        **({"table": f.table} if f.table else {}),
        **({"row": f.row} if f.row else {}),
        **({"column": f.column} if f.column else {}),
        **({"line": f.source.line} if f.source and f.source.line else {}),
        **({"page": f.source.page} if f.source and f.source.page else {}),
    }


def _report_json(r: Report) -> dict[str, Any]:
    t = r.tables
    return {
        "organization": r.metadata.organization,
        "parent": r.metadata.parent,
        "year": r.metadata.year,
        "document_number": r.metadata.document_number,
        "title": r.metadata.title,
        "statistics_period": ([r.metadata.period_start, r.metadata.period_end] if r.metadata.period_start else None),
        "sections": {k: r.sections.get(k, Section()).present for k in SECTION_ORDER},
        **tables_json(t, lambda c: _num(c.value)),
    }


def tables_json(t: Tables, cell: Callable[[Cell], Any]) -> dict[str, Any]:
    """The three tables as JSON, each cell turned into `cell(c)` (its number, its source …)."""
    return {
        "active_disclosure": (
            {row: {k: cell(c) for k, c in vals.items()} for row, vals in t.active_disclosure.items()}
            if t.active_disclosure is not None
            else None
        ),
        "applications": ({row: [cell(c) for c in cells] for row, cells in t.applications.items()} if t.applications is not None else None),
        "appeals": ({row: [cell(c) for c in cells] for row, cells in t.appeals.items()} if t.appeals is not None else None),
    }


SECTION_ORDER = ("overview", "active_disclosure", "applications", "appeals", "problems", "other")


def _num(v: Number | None) -> int | float | None:
    if v is None or isinstance(v, int):
        return v
    # A fee may be a decimal; JSON has one number type. Integral decimals print as ints.
    return int(v) if v == v.to_integral_value() and "." not in str(v) else float(v)


def parse_number(raw: str, allow_decimal: bool = False) -> Number | None:
    """Parse a table cell. Returns None for empty or non-numeric text (never 0)."""
    s = raw.strip().replace(",", "").replace("，", "")
    s = s.translate(_FULLWIDTH_DIGITS)
    if not s:
        return None
    neg = s.startswith(("-", "－", "−"))
    body = s[1:] if neg or s.startswith("+") else s
    if body.isdigit() and body.isascii():
        n = int(body)
        return -n if neg else n
    if allow_decimal or "." in body:
        try:
            d = Decimal(("-" if neg else "") + body)
        except Exception:
            return None
        if d.is_finite():
            return d
    return None


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")
