"""Reports built from the five seed texts (/work/shared/seeds), for the text rules.

Sections are cut at their headings with a deliberately simple splitter; metadata is pinned by
hand; the tables are all-zero consistent tables from the factory (the seeds' own tables are
all zero except 上塘镇's 行政规范性文件 row), so only text rules can fire unless a test
changes the tables.
"""

from __future__ import annotations

import re
from pathlib import Path

from annual_report.model import Section
from tests.unit.report_factory import make_report

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"

# file stem prefix -> (organization, year, template)
SEED_META = {
    "000": ("宁木特镇", 2021, "2021"),
    "001": ("上塘镇", 2021, "2021"),
    "002": ("鲁河镇", 2021, "2021"),
    "003": ("北大镇", 2020, "2019"),
    "004": ("西大营子镇", 2022, "2021"),
}
_KEYWORDS = {
    "overview": "总体情况",
    "active_disclosure": "主动公开政府信息",
    "applications": "收到和处理政府信息公开申请",
    "appeals": "行政复议、行政诉讼",
    "problems": "存在的?(?:主要)?问题及改进",
    "other": "其他需要报告",
}
_HEADING = re.compile(r"^[#\s　]*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])")


def seed_path(prefix: str) -> Path:
    [path] = SEEDS.glob(f"{prefix}_*.txt")
    return path


def seed_report(prefix: str, *, zero_tables: bool = True):
    org, year, template = SEED_META[prefix]
    zero = [0] * 6
    report = (
        make_report(template, year=year, organization=org, results={}, carried_over=zero, carried_forward=zero, appeals={})
        if zero_tables
        else make_report(template, year=year, organization=org)
    )
    text = seed_path(prefix).read_text(encoding="utf-8")
    lines = text.splitlines()
    starts: list[tuple[str, int, str]] = []
    i = 0
    for key in _KEYWORDS:
        for j in range(i, len(lines)):
            ln = lines[j].strip()
            if len(ln) < 40 and _HEADING.match(ln) and re.search(_KEYWORDS[key], ln):
                starts.append((key, j, ln))
                i = j + 1
                break
    sections = {}
    for n, (key, j, heading) in enumerate(starts):
        end = starts[n + 1][1] if n + 1 < len(starts) else len(lines)
        body = "\n".join(lines[j + 1 : end]).strip("\n")
        sections[key] = Section(present=True, heading=heading.lstrip("# 　"), text=body)
    report.sections = sections
    report.text = text
    return report
