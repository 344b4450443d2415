"""Shared wording for findings: where-strings, table/row/column names, numbers.

Every rule names places through these helpers, so a table, row or column is worded the same
way in every finding. Tables are named in `where` by the report's own section heading (the
official template does not number its tables) and in messages by the official table title;
rows and columns by the official labels of `catalog`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from annual_report import catalog
from annual_report.model import Number, Report, Source


@dataclass(frozen=True)
class Hit:
    """What a rule found: the place and the message. The registry adds rule id and severity."""

    where: str
    message: str
    table: str | None = None  # "active_disclosure" | "applications" | "appeals"
    row: str | None = None  # row key
    column: str | None = None  # official column label
    source: Source | None = None
    section: str | None = None  # section key the finding sits in (for ordering); defaults to table
    pos: int = 0  # tie-break inside one place (e.g. offset in the text)


# ---------------------------------------------------------------- numbers


def num(v: Number | None) -> str:
    if v is None:
        return "空"
    if isinstance(v, Decimal):
        s = format(v.normalize(), "f")
        return s
    return str(v)


# ---------------------------------------------------------------- tables and sections

_HEADING_NOISE = re.compile(r"^[#\s　*]+|[#\s　*]+$")


def heading(report: Report, section_key: str) -> str:
    """The report's own heading of a section, or the official one when it has none."""
    sec = report.sections.get(section_key)
    if sec is not None and sec.heading:
        h = _HEADING_NOISE.sub("", sec.heading)
        if h:
            return h
    return catalog.SECTION_TITLES[section_key]


def table_name(table: str) -> str:
    """“收到和处理政府信息公开申请情况”表"""
    return f"“{catalog.TABLE_TITLES[table]}”表"


_ARABIC_PREFIX = re.compile(r"^\d+[.、．]")
_CHINESE_PREFIX = re.compile(r"^[一二三四五六七八九十]+、")
_PAREN_NOTE = re.compile(r"（区分处理的[^）]*）")


def _table1_row(key: str) -> catalog.Table1Row | None:
    for tmpl in (catalog.TEMPLATE_2021, catalog.TEMPLATE_2019):
        for r in catalog.TABLE1[tmpl]:
            if r.key == key:
                return r
    return None


def table1_value_label(row_key: str, value_key: str, template: str | None = None) -> str:
    templates = [template] if template in catalog.TABLE1 else []
    templates += [catalog.TEMPLATE_2021, catalog.TEMPLATE_2019]
    for tmpl in templates:
        for r in catalog.TABLE1[tmpl]:
            if r.key == row_key:
                for k, label in r.values:
                    if k == value_key:
                        return label
    return value_key


def row_name(table: str, key: str) -> str:
    """A row's label as messages quote it: “没有现成信息需要另行制作”行."""
    if table == "applications":
        r = catalog.TABLE2_BY_KEY.get(key)
        if r is None:
            return key
        short = _PAREN_NOTE.sub("", _CHINESE_PREFIX.sub("", _ARABIC_PREFIX.sub("", r.label)))
        if len(short) <= 2 and r.group and r.group.startswith("（"):  # “3.其他” alone is ambiguous
            return f"{r.group}{r.label}"
        return short
    if table == "appeals":
        return dict(catalog.APPEAL_ROWS).get(key, key)
    r1 = _table1_row(key)
    return r1.label if r1 else key


def row_where(table: str, key: str) -> str:
    """A row's label as where-strings show it: （四）无法提供 2.没有现成信息需要另行制作."""
    if table == "applications":
        r = catalog.TABLE2_BY_KEY.get(key)
        if r is None:
            return key
        label = _PAREN_NOTE.sub("", r.label)
        if r.group and r.group.startswith("（") and r.group != r.label:
            return f"{r.group} {label}"
        return label
    return row_name(table, key)


def where_section(report: Report, section_key: str) -> str:
    return heading(report, section_key)


def where_table(report: Report, table: str) -> str:
    return heading(report, table)


def where_column(report: Report, table: str, column: str) -> str:
    return f"{heading(report, table)} ·“{column}”列"


def where_row(report: Report, table: str, row_key: str) -> str:
    return f"{heading(report, table)} ·{row_where(table, row_key)}"


def where_cell(report: Report, table: str, row_key: str, column: str) -> str:
    return f"{heading(report, table)} ·{row_where(table, row_key)} × {column}"


def where_text(report: Report, section_key: str | None, snippet: str) -> str:
    place = heading(report, section_key) if section_key else "正文"
    return f"{place} ·“{snippet}”"


def cell_phrase(table: str, row_key: str, column: str) -> str:
    """“收到和处理政府信息公开申请情况”表中“没有现成信息需要另行制作”行“社会公益组织”列"""
    return f"{table_name(table)}中“{row_name(table, row_key)}”行“{column}”列"


def row_phrase(table: str, row_key: str) -> str:
    return f"{table_name(table)}“{row_name(table, row_key)}”行"


def column_phrase(table: str, column: str) -> str:
    return f"{table_name(table)}“{column}”列"


TEMPLATE_DOCS = {catalog.TEMPLATE_2019: "国办公开办函〔2019〕60号", catalog.TEMPLATE_2021: "国办公开办函〔2021〕30号"}


def template_name(template: str) -> str:
    return f"{template}年版格式（{TEMPLATE_DOCS[template]}）"


def snippet(text: str, start: int, end: int, margin: int = 12) -> str:
    """A short quote around text[start:end], kept on one line."""
    a = max(0, start - margin)
    b = min(len(text), end + margin)
    s = text[a:b]
    # keep to the line of the match
    left = s[: start - a].rsplit("\n", 1)[-1]
    right = s[start - a :].split("\n", 1)[0]
    return (left + right).strip()
