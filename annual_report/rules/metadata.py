"""Metadata: who reports, on which year, and whether title, period and body agree."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from annual_report.model import Report
from annual_report.rules import messages as m
from annual_report.rules.registry import rule


@rule("metadata.missing", "warning", "找不到报告单位或报告年度")
def metadata_missing(report: Report, previous: Report | None = None) -> Iterator[m.Hit]:
    md = report.metadata
    if not md.organization:
        yield m.Hit(
            where="标题",
            message="没有识别出报告单位。请在标题中写明单位全称，例如“××镇人民政府2021年政府信息公开工作年度报告”。",
        )
    if md.year is None:
        yield m.Hit(
            where="标题",
            message="没有识别出报告年度。请在标题中写明报告的是哪一年，例如“2021年政府信息公开工作年度报告”，并写明统计期限。",
        )


def body_year(years: list[int]) -> tuple[int, int | None] | None:
    """The year the body mostly reports on, with its count; None when there is no clear one.

    The body of a report names many years legitimately: past years (“2019年以来”), next
    year's plans, the publication date. Only the clearly dominant year (strictly more
    mentions than any other) stands for what the body reports on, so a plan for next year
    or a look back never makes a mismatch on its own.

    `years` is either every mention (duplicates counted) or, as `extract.metadata` gives it,
    each year once ordered by frequency; then the first one is the dominant year.
    """
    if not years:
        return None
    if len(set(years)) == len(years):
        return (years[0], None)  # each year once, most frequent first
    ranked = Counter(years).most_common(2)
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0]


@rule("metadata.year_mismatch", "warning", "标题、统计期限与正文的年度不一致")
def metadata_year_mismatch(report: Report, previous: Report | None = None) -> Iterator[m.Hit]:
    md = report.metadata
    found: list[tuple[str, int]] = []
    if md.title_year is not None:
        found.append(("标题", md.title_year))
    if md.period_year is not None:
        found.append(("统计期限", md.period_year))
    by = body_year(md.body_years)
    if by is not None:
        found.append(("正文", by[0]))
    if len({y for _, y in found}) <= 1:
        return
    parts = []
    for name, y in found:
        if name == "正文":
            times = f"（出现 {by[1]} 次）" if by and by[1] else ""
            parts.append(f"正文主要写的是 {y} 年{times}")
        else:
            parts.append(f"{name}为 {y} 年")
    yield m.Hit(
        where="、".join(name for name, _ in found),
        message=f"报告年度前后不一致：{'，'.join(parts)}。请统一为所报告的年度（发文日期不算）。",
    )
