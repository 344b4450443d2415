"""Which of the three tables a document holds as text, before the tables are read.

The readers ask it to decide whether a picture stands for a table (a web page's `<img>`, a
Word file's screenshot). A table is there when one of its row words is in its rows or in a
line that is not a sentence: a note under a picture (注：…“本年新收”不含上年结转的申请。) or the
overview (本年新收政府信息公开申请4件，…。) names rows without holding them."""

from __future__ import annotations

from annual_report.catalog import tables_without_rows
from annual_report.document import Block, Document
from annual_report.extract.normalize import SENTENCE_END


def missing_tables(doc: Document) -> list[str]:
    """The tables none of whose rows is in the document's text."""
    return tables_without_rows("".join("".join(b.cells) for b in doc.blocks if not _sentence(b)))


def _sentence(block: Block) -> bool:
    """A paragraph of prose: a text block ending like a sentence (a table's row, even set as
    a line of text, ends with its last count)."""
    return block.kind == "text" and block.text.strip().endswith(SENTENCE_END)
