"""A box ruled around a page's text, with the report's tables inside it.

A web page printed from the browser keeps the borders of its layout cell around the article;
Word draws a page border; a clerk frames the page. Where a table inside is flush with the box,
its rules touch the box's and the two make one group of rules that is no grid (its regions are
no rectangles), and the page went to the fallback reader, which read the whole page as rows.
`inside_box` takes the box's sides away, keeping the stretches that are also a table's border,
so that the tables inside are read as they are."""

from __future__ import annotations

import re

from annual_report.extract.sections import heading_key
from annual_report.readers.pdfrules import TOUCH, HRule, VRule


def inside_box(hs: list[HRule], vs: list[VRule]) -> tuple[list[HRule], list[VRule]] | None:
    """The rules inside a box ruled around the text (a web page's layout cell printed by the
    browser, a page border drawn in Word), None when the group's outer rules are no box.

    The box's sides are the group's outermost rules, each running (almost) its whole width or
    height; three of them at least (the box may go on over the page break). Where a table
    inside is flush with the box, that stretch of the side is also the table's border and
    stays (`_own_border`)."""
    x0, x1 = min(v.x for v in vs), max(v.x for v in vs)  # a box's top and bottom may overhang its sides
    y0, y1 = min(min(h.y for h in hs), min(v.top for v in vs)), max(max(h.y for h in hs), max(v.bottom for v in vs))
    touch = TOUCH
    sides_h = [h for h in hs if _near(touch, h.y, (y0, y1)) and h.x1 - h.x0 >= _SIDE * (x1 - x0)]
    sides_v = [v for v in vs if _near(touch, v.x, (x0, x1)) and v.bottom - v.top >= _SIDE * (y1 - y0)]
    sides = {("top" if _near(touch, h.y, (y0,)) else "bottom") for h in sides_h} | {
        ("left" if _near(touch, v.x, (x0,)) else "right") for v in sides_v
    }
    if len(sides) < 3:
        return None
    inner_h = [h for h in hs if h not in sides_h]
    inner_v = [v for v in vs if v not in sides_v]
    kept_v = [
        VRule(v.x, a, b)
        for v in sides_v
        for a, b in _own_border(touch, [h.y for h in hs if h.x0 - touch <= v.x <= h.x1 + touch], [(u.top, u.bottom) for u in inner_v])
    ]
    kept_h = [
        HRule(h.y, a, b)
        for h in sides_h
        for a, b in _own_border(touch, [v.x for v in vs if v.top - touch <= h.y <= v.bottom + touch], [(u.x0, u.x1) for u in inner_h])
    ]
    return inner_h + kept_h, inner_v + kept_v


_SIDE = 0.9  # a box's side runs at least this share of the box's width or height


def _near(touch: float, value: float, to: tuple[float, ...]) -> bool:
    return any(abs(value - x) <= touch for x in to)


def _own_border(touch: float, ends: list[float], crossing: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The stretches of a box's side that are also a table's border (the table is flush with
    the box): between two inner rules that end on the side, where a rule of that table runs
    alongside (a column rule between two row rules)."""
    ends = sorted(ends)
    out: list[tuple[float, float]] = []
    for a, b in zip(ends, ends[1:]):
        if any(lo <= a + touch and hi >= b - touch for lo, hi in crossing):
            if out and _near(touch, out[-1][1], (a,)):
                out[-1] = (out[-1][0], b)
            else:
                out.append((a, b))
    return out


def prose_band(lines: list[str]) -> bool:
    """Whether the lines of a cell across a whole grid are prose, not a table's caption: a line
    that is a numbered section heading (五、政府信息公开工作存在的主要问题…, （六）其他需要报告的
    事项; a caption in the table's first row, 表1：主动公开政府信息情况, is no such heading), a
    sentence (本年度政府信息公开行政复议、行政诉讼情况如下： where the heading was lost; a caption
    or a 第二十条第（一）项 row ends with no such stop), or three lines and more. A box whose
    tables are flush with both its sides makes a grid that holds; the rest of the box is such a
    band."""
    return len(lines) >= _PROSE_LINES or any((_NUMBERED.match(t) and heading_key(t.strip())) or _SENTENCE.search(t) for t in lines)


_PROSE_LINES = 3
_SENTENCE = re.compile(r"\S{4}[。：:；]\s*$")  # a sentence's stop ends the line
# numbered 四、 四． 四. 4、 or by a space (四 政府信息公开…), as sections.heading_key reads them
_NUMBERED = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,2}(?:[、．.]|[\s\u3000]+(?=\S))|\d{1,2}[、．.]|[（(][一二三四五六七八九十]{1,2}[)）]|第[一二三四五六七八九十]{1,2}部分)"
)
