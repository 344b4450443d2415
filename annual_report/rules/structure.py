"""Structure: the six sections, the three tables, the table template."""

from __future__ import annotations

from collections.abc import Iterator

from annual_report import catalog
from annual_report.model import Report
from annual_report.rules import messages as m
from annual_report.rules.registry import rule

TABLE_KEYS = ("active_disclosure", "applications", "appeals")


@rule("sections.missing", "error", "缺少六个必备部分之一")
def sections_missing(report: Report, previous: Report | None = None) -> Iterator[m.Hit]:
    for key in catalog.SECTION_KEYS:
        sec = report.sections.get(key)
        if sec is not None and sec.present:
            continue
        title = catalog.SECTION_TITLES[key]
        yield m.Hit(
            where=title,
            message=f"报告缺少“{title}”部分。年度报告须按国办格式包含全部六个部分，请补上这一部分。",
            section=key,
        )


@rule("table.missing", "error", "三张统计表之一缺失或无法读取")
def table_missing(report: Report, previous: Report | None = None) -> Iterator[m.Hit]:
    for key in TABLE_KEYS:
        if getattr(report.tables, key):
            continue
        sec = report.sections.get(key)
        yield m.Hit(
            where=m.where_table(report, key),
            message=(
                f"没有找到{m.table_name(key)}，或该表无法读取。"
                f"请在“{m.heading(report, key)}”部分按国办格式填报该表（表格不要用图片）。"
            ),
            table=key,
            source=sec.source if sec else None,
        )


@rule("template.mismatch", "error", "表格格式与报告年度不符，或混用两种格式")
def template_mismatch(report: Report, previous: Report | None = None) -> Iterator[m.Hit]:
    t = report.tables
    year = report.metadata.year
    evidence = "；".join(t.template_evidence[:3])
    suffix = f"（依据：{evidence}）" if evidence else ""
    if t.mixed_template:
        need = catalog.expected_template(year) if year is not None else None
        fix = f"{year}年度报告应统一使用{m.template_name(need)}" if need else "请统一使用一种格式"
        yield m.Hit(
            where="统计表格式",
            message=(
                f"表格混用了{m.template_name(catalog.TEMPLATE_2019)}和{m.template_name(catalog.TEMPLATE_2021)}的行{suffix}。"
                f"{fix}，请按该格式重新填报三张表。"
            ),
        )
        return
    if year is None or t.template is None:
        return
    need = catalog.expected_template(year)
    if t.template == need:
        return
    if need == catalog.TEMPLATE_2021:
        rule_text = f"{catalog.FIRST_2021_TEMPLATE_YEAR}年度起的报告须使用{m.template_name(need)}"
    else:
        rule_text = f"{catalog.FIRST_2021_TEMPLATE_YEAR - 2}、{catalog.FIRST_2021_TEMPLATE_YEAR - 1}年度的报告应使用{m.template_name(need)}"
    yield m.Hit(
        where="统计表格式",
        message=(
            f"本报告是{year}年度报告，表格却使用了{m.template_name(t.template)}{suffix}。"
            f"{rule_text}，请换用该格式的表格重新填报。"
        ),
    )
