"""A part of table 1 the page break cut right under its band (`第二十条第（九）项` ends a page):
its header and rows open the next page. Too little to read as a table page by itself (a
header, one row whose label its cell wraps around the numbers, `政府集中` / `采购 0 0`, two
numbers: no row of three), the page is the rest of the table the page before ends with, and
is read as one (`pdf._read_text_layer` asks `band_goes_on` beside `pdfcontinued.continues_table`)."""

from __future__ import annotations

import re

from annual_report.extract.normalize import SENTENCE_END
from annual_report.readers.pdftext import _NUMBER

_BAND = re.compile(r"^第二十条第[（(][一二三四五六七八九十]+[）)]项$")
_HEADER_LINES = 8  # lines of a header under the band, its cells wrapped, before the break
_HEAD_LINES = 12  # this page's lines that may open with the part's header or row
_ENDS_IN_NUMBERS = re.compile(rf"(?:^|\s){_NUMBER}\s*$")
_HEADER_START = re.compile(r"^(?:信息内容|本年|上一年|采购|处理决定)")


def band_goes_on(before: list[str], lines: list[str]) -> bool:
    """The page before ends with a band of table 1, maybe its header's first lines under it
    (no number after the band), and this page's first lines hold that part's header or a row
    ending in numbers before any sentence."""
    tail = [re.sub(r"\s+", "", line) for line in before[-_HEADER_LINES - 1 :]]
    band = next((k for k in range(len(tail) - 1, -1, -1) if _BAND.match(tail[k])), None)
    if band is None or any(_ENDS_IN_NUMBERS.search(line) for line in before[len(before) - len(tail) + band :]):
        return False
    for line in lines[:_HEAD_LINES]:
        if line.rstrip().endswith(SENTENCE_END):
            return False
        if _ENDS_IN_NUMBERS.search(line) or _HEADER_START.match(line.strip()):
            return True
    return False
