"""The CPU-bound stages, run in the worker's parse pool (top-level functions: picklable).

Each calls one stage of `annual_report.stages`, the same functions `intake check` composes,
under the per-file time limit (the pool runs them on a process's main thread, where the
timer can interrupt). What crosses the process boundary is JSON bytes: the Document after
`read`, the Report after `extract`, so each is serialised once and stored once.
"""

from __future__ import annotations

from dataclasses import dataclass

from annual_report import stages
from annual_report.check import internal_error, time_limit
from annual_report.errors import UnreadableDocument
from annual_report.model import CheckResult, Classification, Finding, Report
from annual_report.sniff import Sniffed


@dataclass
class Refused:
    """The stage refused the document: the reason the clerk reads, and its code."""

    classification: Classification

    @property
    def reason(self) -> str:
        return "；".join(self.classification.reasons) or "无法读取"

    @property
    def code(self) -> str | None:
        return self.classification.reason_code


NEEDS_OCR = "needs_ocr"  # the reason code of a scan the text path hands to the OCR queue


def read(data: bytes, detected_type: str, fmt: str, time_limit_s: float) -> bytes | Refused:
    """bytes → the Document's JSON, or why it cannot be read. OCR is off here: a scan comes back
    refused with the code `needs_ocr`, and the workflow queues it for an OCR worker."""
    from annual_report.readers.ocr import ocr_options

    sniffed = Sniffed(fmt, detected_type)
    try:
        with time_limit(time_limit_s), ocr_options(enabled=False):
            return stages.document_to_json(stages.read(data, sniffed))
    except UnreadableDocument as exc:
        return Refused(stages.unreadable(sniffed, exc))
    except Exception as exc:  # a reader bug: answer, and say so (the pool logs nothing useful)
        return Refused(internal_error(sniffed, exc))


def extract(document_json: bytes, time_limit_s: float) -> bytes | Refused:
    """the Document's JSON → the Report's JSON."""
    document = stages.document_from_json(document_json)
    try:
        with time_limit(time_limit_s):
            return stages.extract(document).model_dump_json().encode()
    except UnreadableDocument as exc:  # e.g. the time limit
        return Refused(stages.unreadable(Sniffed(document.sniffed_format or "unknown", document.detected_type or "binary"), exc))


def classify(document_json: bytes, report_json: bytes) -> Classification:
    return stages.classify(stages.document_from_json(document_json), Report.model_validate_json(report_json))


def validate(
    report: Report,
    classification: Classification,
    previous: Report | None,
    name: str | None,
    sha256: str,
    size: int,
    extra: list[Finding],
) -> CheckResult:
    findings = stages.validate(report, classification, previous) + extra
    return CheckResult(file=name or "", sha256=sha256, size=size, classification=classification, report=report, findings=findings)
