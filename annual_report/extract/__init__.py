"""Extraction: a reader-neutral `Document` -> the `Report` model.

One concept per module: `sections` (the six headings), `metadata` (who, which year),
`tables` (the three tables, via `tokens`, `labels`, `normalize` and `digits`). Nothing here
knows which format the document came from.
"""

from __future__ import annotations

from annual_report.document import Document
from annual_report.extract.metadata import extract_metadata
from annual_report.extract.sections import find_sections, infer_lost_headings, region, sections_dict
from annual_report.extract.tables import TableRegions, extract_tables
from annual_report.model import Report


def extract_report(doc: Document) -> Report:
    blocks = doc.blocks
    found = find_sections(blocks)
    sections = sections_dict(found)
    n = len(blocks)
    regions = TableRegions(
        active_disclosure=region(found, "active_disclosure", n),
        applications=region(found, "applications", n),
        appeals=region(found, "appeals", n),
    )
    tables = extract_tables(blocks, regions)
    tables.pictured = [key for key in doc.pictured_tables if getattr(tables, key) is None]
    infer_lost_headings(sections, tables, blocks, found)
    overview = sections["overview"].text if sections["overview"].present else None
    metadata = extract_metadata(blocks, overview)
    return Report(metadata=metadata, sections=sections, tables=tables, text=doc.text)


__all__ = ["extract_report"]
