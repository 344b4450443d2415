"""Domain calls that run in the worker's parse pool (top-level functions: picklable).

They call annual_report.stages, i.e. exactly the code `intake check` runs, so a document
checked by the workflow gets the same classification and findings as `intake check`.
"""

from __future__ import annotations

from dataclasses import dataclass

from annual_report import stages
from annual_report.model import CheckResult, Classification, Finding, Report
from workflows.models import ReportSummary


@dataclass
class ParseOutcome:
    classification: Classification | None = None
    report: Report | None = None
    reason: str | None = None
    reason_code: str | None = None

    @property
    def unreadable(self) -> bool:
        return self.reason is not None


def _unreadable(c: Classification) -> ParseOutcome:
    return ParseOutcome(classification=c, reason="；".join(c.reasons) or "无法读取", reason_code=c.reason_code)


def classify(data: bytes, name: str | None, time_limit_s: float = 60) -> ParseOutcome:
    c, _report = stages.classify(data, name or "", time_limit_s=time_limit_s)
    return _unreadable(c) if c.kind == "unreadable" else ParseOutcome(classification=c)


def extract(data: bytes, name: str | None, time_limit_s: float = 60) -> ParseOutcome:
    result = stages.extract(data, name or "", time_limit_s=time_limit_s)
    c = result.classification
    if c.kind == "unreadable" or result.report is None:
        return _unreadable(c)
    return ParseOutcome(classification=c, report=result.report)


def validate(
    report: Report,
    classification: Classification,
    previous: Report | None,
    name: str | None,
    sha256: str,
    size: int,
    extra: list[Finding] | None = None,
) -> CheckResult:
    findings = stages.validate(report, classification, previous) + list(extra or [])
    return CheckResult(
        file=name or "", sha256=sha256, size=size, classification=classification, report=report, findings=findings
    )


def summarize(report: Report) -> ReportSummary:
    m = report.metadata
    return ReportSummary(
        organization=m.organization,
        full_name=m.full_name,
        parent=m.parent,
        year=m.year,
        template=report.tables.template,
        document_number=m.document_number,
        title=m.title,
    )
