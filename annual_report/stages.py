"""The check's stages, each a function of the previous stage's output:

    read      bytes    → Document        (the format readers; the expensive part for PDFs)
    extract   Document → Report          (sections, who and when, the three tables)
    classify  Document + Report → Classification   (is it a report? decided from the structure
                                                    extraction found, not from words alone)
    validate  Report (+ last year's) → findings    (every rule, once)

`check.check_bytes` (what `intake check` prints) composes them in this order; the workflow
runs each as its own activity and stores the Document and the Report once, so nothing is
read, parsed or checked twice. Classification comes after extraction because it is decided
from what extraction found (see `classify.py`): a meeting summary mentions the same words as a
report, but it has neither the six sections nor the tables.
"""

from __future__ import annotations

import logging

from pydantic import TypeAdapter

from annual_report import classify as _classify
from annual_report.document import Document
from annual_report.errors import DocumentTimeout, UnreadableDocument
from annual_report.extract import extract_report
from annual_report.model import Classification, Finding, Report
from annual_report.readers import read_document
from annual_report.sniff import Sniffed, sniff

log = logging.getLogger(__name__)

_DOCUMENT = TypeAdapter(Document)


def sniff_safely(data: bytes) -> Sniffed:
    try:
        return sniff(data)
    except Exception:  # a sniffer bug must not lose the file
        log.exception("sniff failed")
        return Sniffed("unknown", "binary")


def read(data: bytes, sniffed: Sniffed | None = None) -> Document:
    """Bytes → Document. Raises `UnreadableDocument` (with the clerk's reason) for what
    cannot be read: encrypted, corrupt, empty, unsupported."""
    sniffed = sniffed or sniff_safely(data)
    document = read_document(data, sniffed)
    if document.detected_type is None:
        document.detected_type = sniffed.detected_type
    document.sniffed_format = sniffed.format
    return document


def extract(document: Document) -> Report:
    return extract_report(document)


def classify(document: Document, report: Report) -> Classification:
    sniffed = Sniffed(document.sniffed_format or document.format, document.detected_type or document.format)
    classification = _classify.classify(sniffed, document, report)
    if classification.kind == "annual_report":
        classification.template = report.tables.template
    return classification


def unreadable(sniffed: Sniffed, error: UnreadableDocument) -> Classification:
    """The classification of a file the `read` stage refused."""
    return _classify.classify(sniffed, error=error)


def validate(report: Report, classification: Classification, previous: Report | None = None) -> list[Finding]:
    """Every rule, once. A bug in a rule is said in the classification's reasons rather than
    losing the whole answer."""
    from annual_report.rules import run_rules

    try:
        findings = run_rules(report, previous)
    except DocumentTimeout:
        raise
    except Exception as exc:
        log.exception("rules failed")
        classification.reasons.append(f"规则检查出错（{type(exc).__name__}），结果可能不完整")
        return []
    if classification.ocr_pages:  # a scan's findings say the numbers were read by OCR
        from annual_report.readers.ocr.provenance import note_ocr_findings

        note_ocr_findings(findings, report)
    return findings


# -- storing a stage's output between activities ------------------------------------------


def document_to_json(document: Document) -> bytes:
    return _DOCUMENT.dump_json(document)


def document_from_json(data: bytes) -> Document:
    return _DOCUMENT.validate_json(data)
