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
    pictured = [k for k in TABLE_KEYS if k in report.tables.pictured and not getattr(report.tables, k)]
    if pictured:
        yield _pictured(report, pictured)
    for key in TABLE_KEYS:
        if getattr(report.tables, key) or key in pictured:
            continue
        sec = report.sections.get(key)
        yield m.Hit(
            where=m.where_table(report, key),
            message=(
                f"没有找到{m.table_name(key)}，或该表无法读取。请在“{m.heading(report, key)}”部分按国办格式填报该表（表格不要用图片）。"
            ),
            table=key,
            source=sec.source if sec else None,
        )


def _pictured(report: Report, keys: list[str]) -> m.Hit:
    """Tables that are pictures: said once for all of them, with what to do."""
    names = "".join(f"“{catalog.TABLE_TITLES[k]}”" for k in keys)
    count = "三张表" if len(keys) == 3 else ("两张表" if len(keys) == 2 else "表")
    sec = report.sections.get(keys[0])
    return m.Hit(
        where=m.where_table(report, keys[0]),
        message=(
            f"表格是图片：{names}{count}在文件中是图片，不是文字表格，无法读取其中的数字，也无法核对勾稽关系。"
            "请把表格以文字表格（Word 或网页表格）填写后重新提交，不要截图粘贴。"
        ),
        table=keys[0],
        source=sec.source if sec else None,
    )


@rule("template.mismatch", "error", "表格格式与报告年度不符，或混用两种格式")
def template_mismatch(report: Report, previous: Report | None = None) -> Iterator[m.Hit]:
    t = report.tables
    year = report.metadata.year
    evidence = "；".join(t.template_evidence[:3])
    suffix = f"（依据：{evidence}）" if evidence else ""
    if t.mixed_template:
        yield _mixed(report)
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
        message=(f"本报告是{year}年度报告，表格却使用了{m.template_name(t.template)}{suffix}。{rule_text}，请换用该格式的表格重新填报。"),
    )


_OTHER_ROWS_2021 = "、".join(f"“{catalog.TABLE2_BY_KEY[k].label}”" for k in ("other_no_correction", "other_unpaid_fee", "other_other"))


def _tagged(evidence: list[str], template: str) -> list[str]:
    return [e for e in evidence if f"{template} 年格式" in e]


def _mixed(report: Report) -> m.Hit:
    """Both templates' rows or columns: cite what departs from the format the year requires
    (or, without a year, from the format most of the tables follow), where it is."""
    t = report.tables
    year = report.metadata.year
    need = catalog.expected_template(year) if year is not None else t.template
    fix = f"{year}年度报告应统一使用{m.template_name(need)}" if year is not None and need else "请统一使用一种格式"
    if need is None:
        both = "；".join(t.template_evidence[:3])
        return m.Hit(
            where="统计表格式",
            message=(
                f"表格混用了{m.template_name(catalog.TEMPLATE_2019)}和{m.template_name(catalog.TEMPLATE_2021)}的行"
                f"{f'（依据：{both}）' if both else ''}。{fix}，请按该格式重新填报三张表。"
            ),
        )
    other = catalog.TEMPLATE_2019 if need == catalog.TEMPLATE_2021 else catalog.TEMPLATE_2021
    against = _tagged(t.template_evidence, other)
    fits = _tagged(t.template_evidence, need)
    untagged = [e for e in t.template_evidence if e not in against and e not in fits]
    against = against or untagged
    apps = t.applications or {}
    if other == catalog.TEMPLATE_2019 and "other" in apps:
        # The 2019 single （六）其他处理 row in tables that otherwise follow the 2021 format.
        source = next((cell.source for cell in apps["other"] if cell.source is not None), None)
        at = f"（{source.describe()}）" if source is not None and source.describe() else ""
        extra = [e for e in against if not e.startswith("表二（六）")]
        return m.Hit(
            where=m.where_row(report, "applications", "other"),
            message=(
                f"{m.table_name('applications')}的“（六）其他处理”只有一行{at}，这是{m.template_name(other)}的写法，"
                f"其余部分却是{m.template_name(need)}，两种格式混用了。{fix}：“（六）其他处理”分为"
                f"{_OTHER_ROWS_2021}三行，请分行填报。"
                + (f"另外，{'；'.join(extra[:3])}，也是{m.template_name(other)}的写法。" if extra else "")
            ),
            table="applications",
            row="other",
            source=source,
        )
    where, table = "统计表格式", None
    if against and all(e.startswith("表一") for e in against):
        table = "active_disclosure"
        where = m.where_table(report, table)
    elif against and all(e.startswith("表二") for e in against):
        table = "applications"
        where = m.where_table(report, table)
    cited = "；".join(against[:3])
    rest = "；".join(fits[:2])
    message = (
        f"表格混用了两种格式：{cited}，是{m.template_name(other)}的写法"
        + (f"，而{rest}，是{m.template_name(need)}" if rest else "")
        + f"。{fix}，请按该格式重新填报。"
    )
    return m.Hit(where=where, message=message, table=table)
