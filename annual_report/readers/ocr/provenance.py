"""What the check output says about a report read by OCR (no numpy here: imported by the
JSON contract).

* `classification.read_by = "ocr"` and `classification.ocr_pages`;
* `report.provenance`: for every table cell and every row/column label, the page, the box on
  the page as scanned and the recogniser's confidence, so a reviewer can be shown the crop
  of the scan a number came from;
* a finding that points at an OCR'd place says the number was read from a scan.
"""

from __future__ import annotations

from typing import Any

from annual_report.model import Finding, Report, Source, tables_json

FINDING_NOTE = "（此处数字由扫描件识别得出，请对照纸质原件核对；如是识别有误，以原件为准。）"


def source_json(source: Source | None) -> dict[str, Any] | None:
    if source is None:
        return None
    out: dict[str, Any] = {"page": source.page, "box": list(source.box) if source.box else None}
    if source.ocr:
        out["confidence"] = source.confidence
    return out


def report_provenance(report: Report) -> dict[str, Any]:
    t = report.tables
    out: dict[str, Any] = {
        **tables_json(t, lambda c: source_json(c.source)),
        "labels": [{"table": lb.table, "key": lb.key, "found": lb.found, **(source_json(lb.source) or {})} for lb in t.labels],
    }
    return out


def note_ocr_findings(findings: list[Finding], report: Report | None = None) -> None:
    """Findings at an OCR'd place: the clerk is told the number was read from the scan. A label
    read by OCR that differs from the official wording only by a character or two in the same
    places ("元法提供" for "无法提供") is a misreading, not the township's wording: no finding."""
    misread = _misread_label_sources(report) if report is not None else []
    keep = []
    for f in findings:
        if f.rule == "label.nonstandard" and f.source is not None and f.source in misread:
            continue
        if f.source is not None and f.source.ocr and FINDING_NOTE not in f.message:
            f.message = f.message + FINDING_NOTE
        keep.append(f)
    findings[:] = keep


def _misread_label_sources(report: Report) -> list[Source]:
    from annual_report.extract.normalize import normalize

    out = []
    for label in report.tables.labels:
        if label.source is None or not label.source.ocr:
            continue
        found, official = normalize(label.found), normalize(label.official)
        if len(found) == len(official):
            differing = sum(1 for a, b in zip(found, official) if a != b)
            if differing <= max(1, len(official) // 8):
                out.append(label.source)
    return out
