"""The reader-neutral document: what every format reader produces.

A reader (text, DOCX, PDF, …) turns bytes into an ordered list of blocks. A block is either
a line of prose or a row of table cells. The extraction step (sections, metadata, the three
tables) works only on this, so every format gets the same table matching and the same rules.

Readers keep empty cells as "" (a blank the clerk left is a finding, not a 0) and drop the
repeats of merged cells (a merged label shows once, in its first grid position).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from annual_report.model import Source


@dataclass(slots=True)
class Block:
    kind: Literal["text", "row"]
    cells: list[str]  # text: one element; row: the cells left to right, "" for an empty cell
    source: Source
    cell_sources: list[Source] | None = None  # per cell, when the reader knows (PDF boxes)
    # The reader rebuilt the block's first cell (a row label joined from wrapped lines, a group
    # label joined from pieces in a column): its wording is ours, not necessarily the report's.
    reassembled: bool = False

    @property
    def text(self) -> str:
        return "\t".join(self.cells) if self.kind == "row" else self.cells[0]


@dataclass(slots=True)
class Document:
    format: Literal["pdf", "docx", "text", "image"]
    blocks: list[Block] = field(default_factory=list)
    pages: int | None = None
    notes: list[str] = field(default_factory=list)  # reader remarks shown as classification reasons
    detected_type: str | None = None  # e.g. "doc" when converted from legacy Word
    sniffed_format: str | None = None  # the format told by the bytes (a converted .doc is "unknown")
    ocr_pages: list[int] = field(default_factory=list)  # pages read by OCR (scans, images)
    ocr_seconds: float = 0.0  # time spent in OCR (the caller's time limit does not count it)
    # tables (TABLE_TITLES keys) the document holds as pictures the reader could not read
    pictured_tables: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)
