"""What a generated case is: the truth (what the document says, what a correct checker prints)
and the document itself as neutral blocks that every renderer turns into its layout."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

Number = int | Decimal

# Layout families, in the order reports print them. A family is what the renderer does to the
# same neutral document; `lookalike` documents are rendered by one of the others.
FAMILIES: tuple[str, ...] = (
    "web",  # web page text flattened to one or a few lines, site furniture around it
    "layout",  # pdftotext -layout style text, labels wrapped at several widths
    "cells",  # one cell per line (Word "save as text")
    "markdown",  # markdown pipe tables
    "tsv",  # one table row per line, tab-separated, empty fields where cells were merged
    "stream",  # web text whose tables are streams of cells, row boundaries lost
    "drawn",  # text tables drawn with box-drawing characters or ASCII +---+ grids, cells wrapped
    "pdf_ruled",  # PDF, every rule drawn
    "pdf_borderless",  # PDF, no rules: columns by whitespace only
    "pdf_partial",  # PDF, only some rules (horizontal, or outer frame), varied gaps and fonts
    "docx",  # Word, merged and wrapped cells
    "pdf_word",  # the Word document exported to PDF by LibreOffice: columns sized, rows broken across pages
    "html",  # a saved web page (or .mht archive): real <table>s with rowspan/colspan, site furniture
    "pdf_print",  # the web page printed to PDF by the browser: layout borders around the text, header and footer
    "lookalike",  # documents that are not reports (rendered as text, PDF or DOCX)
)


@dataclass(frozen=True)
class Expect:
    """One finding a correct checker prints: the rule and where (table/row/column or section)."""

    rule: str
    table: str | None = None
    row: str | None = None
    column: str | None = None
    section: str | None = None

    def describe(self) -> str:
        place = "/".join(p for p in (self.table, self.row, self.column, self.section) if p)
        return f"{self.rule}@{place}" if place else self.rule


@dataclass
class Truth:
    """What the generated document says, as `intake check --json` should read it."""

    kind: str  # annual_report | not_report
    year: int | None = None
    template: str | None = None
    organization: str | None = None
    parent: str | None = None
    document_number: str | None = None
    active_disclosure: dict[str, dict[str, Number | None]] = field(default_factory=dict)
    applications: dict[str, list[int | None]] = field(default_factory=dict)
    appeals: dict[str, list[int | None]] = field(default_factory=dict)
    expected: list[Expect] = field(default_factory=list)
    # rows whose numbers no reader can place (web digits that split more than one way): their
    # cells are null and the row gets table.ambiguous, not cell.missing
    ambiguous_rows: set[tuple[str, str]] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)  # variants and faults applied, for reading failures
    reason: str | None = None  # not_report: words its classification's reasons must contain


# ---------------------------------------------------------------- the neutral document


@dataclass
class Para:
    text: str
    role: str = "body"  # title | heading | body | furniture | signature


@dataclass
class Band:
    """A table line spanning every column (第二十条第（一）项)."""

    text: str


@dataclass
class Header:
    """A header line of a table: cells as the template prints them (label column first)."""

    cells: list[str]


@dataclass
class Row:
    key: str  # the catalog row key (or "appeals" for table 3's one row)
    labels: list[str]  # group path then own label, e.g. [三、本年度办理结果, （三）不予公开, 1.属于国家秘密]
    values: list[str]  # as printed; "" for a blank cell


@dataclass
class Table:
    key: str  # active_disclosure | applications | appeals
    template: str
    items: list[Band | Header | Row]
    note: str | None = None  # text printed just above the table (the 勾稽关系 line of table 2)
    subtotal: str = ""  # table 2: 合计 / 小计, a column grid renderers add (accuracy/subtotal.py)

    def rows(self) -> list[Row]:
        return [i for i in self.items if isinstance(i, Row)]


Block = Para | Table


@dataclass
class Doc:
    blocks: list[Block]
    title: str = ""  # for the DOCX core properties / PDF metadata


@dataclass
class Case:
    seed: int
    family: str
    truth: Truth
    doc: Doc
    render: dict = field(default_factory=dict)  # renderer options chosen from the seed (for notes)

    @property
    def name(self) -> str:
        return f"{self.family}-{self.seed}"
