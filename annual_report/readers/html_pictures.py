"""Tables a web page shows as pictures (`<img>` where the tables should be).

Sites often publish the report's text with its three tables pasted as screenshots. Nothing
of them is in the page's text, so every table reads as missing, and the clerk would get one
finding per table telling them to fill it in. What is wrong is not the figures but their
form: the tables are pictures. The page's larger pictures (not its logo, share buttons or
QR code) standing in the section of a table the text lacks are taken to be that table, and
the rules say so once (`table.missing`, “表格是图片”).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annual_report.document import Document
from annual_report.extract.sections import heading_key
from annual_report.readers.table_presence import missing_tables

_MIN_SIDE = 120  # px: smaller pictures are icons, seals, share buttons
_DECORATION = re.compile(r"logo|icon|qr|share|weixin|wechat|weibo|code|banner|btn|button|arrow|print|close|spacer|blank|dot|line", re.I)


@dataclass
class Picture:
    after_block: int  # how many blocks the page had before it
    src: str
    width: int | None
    height: int | None


def picture_of(el, blocks_so_far: int) -> Picture:
    return Picture(blocks_so_far, str(el.get("src") or ""), _px(el.get("width")), _px(el.get("height")))


def _px(value) -> int | None:
    m = re.match(r"\s*(\d+)", str(value or ""))
    return int(m.group(1)) if m else None


def _is_content(p: Picture) -> bool:
    if _DECORATION.search(p.src.rsplit("/", 1)[-1]):
        return False
    sides = [v for v in (p.width, p.height) if v is not None]
    return not sides or max(sides) >= _MIN_SIDE


def mark_pictured_tables(doc: Document, pictures: list[Picture]) -> None:
    """Record the tables that are not in the text and whose section holds a content picture
    (a section whose heading is not found: a content picture after the report's start)."""
    content = [p.after_block for p in pictures if _is_content(p) and p.after_block > 0]
    if not content:
        return
    missing = missing_tables(doc)
    headings = [(i, key) for i, b in enumerate(doc.blocks) if b.kind == "text" and (key := heading_key(b.text))]
    pictured = []
    for key in missing:
        start = next((i for i, k in headings if k == key), None)
        end = next((i for i, k in headings if start is not None and i > start and k != key), len(doc.blocks))
        if start is None or any(start < at <= end for at in content):
            pictured.append(key)
    if pictured:
        doc.pictured_tables = pictured
        doc.notes.append("网页中的统计表是图片（<img>），不是文字表格，其中的数字无法读取")
