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

from annual_report.model import Finding, Report, Source

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
        "active_disclosure": (
            {row: {k: source_json(c.source) for k, c in vals.items()} for row, vals in t.active_disclosure.items()}
            if t.active_disclosure is not None else None
        ),
        "applications": (
            {row: [source_json(c.source) for c in cells] for row, cells in t.applications.items()}
            if t.applications is not None else None
        ),
        "appeals": (
            {row: [source_json(c.source) for c in cells] for row, cells in t.appeals.items()}
            if t.appeals is not None else None
        ),
        "labels": [
            {"table": lb.table, "key": lb.key, "found": lb.found, **(source_json(lb.source) or {})} for lb in t.labels
        ],
    }
    return out


def note_ocr_findings(findings: list[Finding]) -> None:
    """Findings at an OCR'd place: the clerk is told the number was read from the scan."""
    for f in findings:
        if f.source is not None and f.source.ocr and FINDING_NOTE not in f.message:
            f.message = f.message + FINDING_NOTE
