"""The check split into the workflow's stages (classify, extract, validate).

Each stage runs the very same code as `check_bytes` (what `intake check` prints), so the
workflow and the CLI cannot disagree. Classify and extract both read the document; reading
is milliseconds for text and DOCX and well under a second for a PDF, and it keeps each
activity independent (no parsed state cached between activities).
"""

from __future__ import annotations

from annual_report.check import _rules, check_bytes
from annual_report.model import CheckResult, Classification, Finding, Report


def classify(data: bytes, file: str, time_limit_s: float = 60) -> tuple[Classification, Report | None]:
    result = check_bytes(data, file, time_limit_s=time_limit_s)
    return result.classification, result.report


def extract(data: bytes, file: str, time_limit_s: float = 60) -> CheckResult:
    return check_bytes(data, file, time_limit_s=time_limit_s)


def validate(report: Report, classification: Classification, previous: Report | None = None) -> list[Finding]:
    findings = _rules(report, previous, classification.model_copy(deep=True))
    if classification.ocr_pages:  # the same words as check_bytes gives a scan's findings
        from annual_report.readers.ocr.provenance import note_ocr_findings

        note_ocr_findings(findings, report)
    return findings
