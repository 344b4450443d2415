"""Word boxes of synthetic PDF pages for the word-position readers' tests (pdfplumber's
positions): lines of words, their texts, and a page read by `pdfcolumns.table_blocks`."""

from __future__ import annotations

from annual_report.document import Block


def texts(lines: list[list[dict]]) -> list[list[str]]:
    return [[w["text"] for w in line] for line in lines]


def page_words(lines: list[tuple[float, list[tuple[str, float, float]]]]) -> list[dict]:
    """Words from (top, [(text, x0, x1), …]) lines, 10.5 pt high."""
    return [{"text": t, "x0": x0, "x1": x1, "top": top, "bottom": top + 10.5} for top, words in lines for t, x0, x1 in words]


def read_page(words: list[dict], number: int = 2, carry: list[list[dict]] | None = None) -> tuple[list[Block], list[dict]]:
    """The page's words read as a table page (page `number`, with what the page before carried
    over): its blocks and the lines left as text."""
    from annual_report.readers.pdfcolumns import table_blocks

    lines = [
        {"text": "".join(w["text"] for w in words if w["top"] == top), "top": top, "bottom": top + 10.5, "x0": 0, "x1": 0}
        for top in sorted({w["top"] for w in words})
    ]
    result = table_blocks(words, lines, number, None, carry)
    assert result is not None
    return result
