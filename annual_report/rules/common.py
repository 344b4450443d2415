"""Shared data access for rules: the report's template, table cells in catalog order, text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from annual_report import catalog
from annual_report.model import Cell, Number, Report

APPLICANT_SIX = catalog.APPLICANT_COLUMNS[:6]
TOTAL_COL = 6  # index of 总计 in table 2
APPEAL_TOTAL_COL = 4  # index of 总计 in table 3


def template_of(report: Report) -> str:
    """The template the report's tables use; the one its year requires when unknown."""
    t = report.tables.template
    if t in (catalog.TEMPLATE_2019, catalog.TEMPLATE_2021):
        return t
    if report.metadata.year is not None:
        return catalog.expected_template(report.metadata.year)
    t1 = report.tables.active_disclosure or {}
    if "procurement" in t1 or "other_services" in t1:
        return catalog.TEMPLATE_2019
    return catalog.TEMPLATE_2021


def value(cell: Cell | None) -> Number | None:
    return None if cell is None else cell.value


def cells_at(cells: list[Cell] | None, i: int) -> Cell | None:
    if cells is None or i >= len(cells):
        return None
    return cells[i]


def table1_rows(report: Report) -> Iterator[tuple[catalog.Table1Row, dict[str, Cell]]]:
    """Table 1 rows present in the report, in catalog order (report template first)."""
    t1 = report.tables.active_disclosure
    if not t1:
        return
    tmpl = template_of(report)
    other = catalog.TEMPLATE_2019 if tmpl == catalog.TEMPLATE_2021 else catalog.TEMPLATE_2021
    seen: set[str] = set()
    for t in (tmpl, other):
        for r in catalog.TABLE1[t]:
            if r.key in t1 and r.key not in seen:
                seen.add(r.key)
                yield r, t1[r.key]


def table2_row_keys(report: Report) -> tuple[str, ...]:
    """Row keys of table 2 the report's template expects, in catalog order."""
    return tuple(r.key for r in catalog.table2_rows(template_of(report)))


def table2_present_keys(report: Report) -> tuple[str, ...]:
    t2 = report.tables.applications or {}
    return tuple(r.key for r in catalog.TABLE2_ROWS if r.key in t2)


# ---------------------------------------------------------------- organisation

TOWNSHIP_SUFFIXES = ("街道办事处", "街道", "镇", "乡")


def township_kind(report: Report) -> str | None:
    """'镇' / '乡' / '街道' when the reporting body is a township-level body, else None."""
    for name in (report.metadata.organization, report.metadata.full_name):
        if not name:
            continue
        short = re.sub(r"(人民政府|政府|办公室|党政办公室|党政办)+$", "", name.strip())
        for suffix in TOWNSHIP_SUFFIXES:
            if short.endswith(suffix):
                return "街道" if suffix.startswith("街道") else suffix
        return None
    return None


# ---------------------------------------------------------------- text


@dataclass(frozen=True)
class TextPart:
    section: str | None  # section key, None for text outside the six sections (title, preamble)
    text: str
    offset: int  # where `text` starts in the joined text


def text_parts(report: Report) -> list[TextPart]:
    """The report's prose, split by section.

    Section texts are searched in the order of `catalog.SECTION_KEYS`; text before the first
    section (title, cover letter, preamble) is kept as a part with section None when the
    whole text is available.
    """
    parts: list[TextPart] = []
    pos = 0
    full = report.text or ""
    first_start: int | None = None
    for key in catalog.SECTION_KEYS:
        sec = report.sections.get(key)
        if sec is None or not sec.text:
            continue
        if full and first_start is None:
            probe = sec.text.strip()[:40]
            idx = full.find(probe) if probe else -1
            first_start = idx if idx >= 0 else None
        parts.append(TextPart(key, sec.text, pos))
        pos += len(sec.text) + 1
    if full:
        if not parts:
            return [TextPart(None, full, 0)]
        if first_start:
            pre = full[:first_start]
            shifted = [TextPart(p.section, p.text, p.offset + len(pre) + 1) for p in parts]
            return [TextPart(None, pre, 0), *shifted]
    return parts


SENTENCE_SPLIT = re.compile(r"[。！？!?；;\n]+")


def known(values: Sequence[Number | None]) -> list[Number] | None:
    """The values when every one is a number; None when any cell is empty or not a number."""
    out = [v for v in values if v is not None]
    return out if len(out) == len(values) else None


def total(values: Iterable[Number]) -> Number:
    out: Number = 0
    for v in values:
        out = out + v
    return out


def gap(a: Number, b: Number) -> Number:
    """|a − b| (a Decimal when either is one)."""
    d: Number = a - b
    return -d if d < 0 else d


# A line break inside a sentence: prose wrapped at a fixed width (layout text, PDF lines).
_WRAPPED = re.compile(r"(?<=[\u4e00-\u9fff，、（“0-9])\n[ \u3000]*(?=[\u4e00-\u9fff）”，。、；0-9])")


def unwrap(text: str) -> str:
    """Prose with wrapped lines joined: a sentence cut by the page width is one sentence again."""
    return _WRAPPED.sub("", text) if "\n" in text else text
