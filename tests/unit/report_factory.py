"""Fully consistent `Report`s for rule tests, for either table template.

`make_report()` builds a report that breaks no rule: all six sections, the three tables
balanced, metadata agreeing, prose agreeing with the tables. Tests then inject one fault and
expect exactly one finding. `make_previous(report)` builds last year's report of the same
body so that the cross-year rules are clean too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from itertools import count
from pathlib import Path

from annual_report import catalog
from annual_report.model import Cell, Metadata, Number, Report, RowLabel, Section, Source, Tables

T2021, T2019 = catalog.TEMPLATE_2021, catalog.TEMPLATE_2019

# Results per applicant column (自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他).
DEFAULT_RESULTS: dict[str, list[int]] = {
    "granted": [3, 1, 0, 0, 0, 1],
    "partially_granted": [1, 0, 0, 0, 0, 0],
    "withheld_third_party": [0, 1, 0, 0, 0, 0],
    "unavailable_not_held": [2, 0, 0, 1, 0, 0],
    "not_processed_duplicate": [1, 0, 0, 0, 0, 0],
    "other_other": [0, 0, 0, 0, 1, 0],  # 2021 template
    "other": [0, 0, 0, 0, 1, 0],  # 2019 template
}
DEFAULT_CARRIED_OVER = [1, 0, 0, 0, 0, 0]
DEFAULT_CARRIED_FORWARD = [0, 0, 0, 0, 0, 1]
DEFAULT_APPEALS: dict[str, list[int]] = {
    "reconsideration": [1, 0, 0, 0],
    "litigation_direct": [0, 0, 0, 0],
    "litigation_after_reconsideration": [0, 0, 0, 0],
}

DEFAULT_TABLE1: dict[str, dict[str, dict[str, Number]]] = {
    T2021: {
        "regulations": {"issued": 0, "repealed": 0, "in_force": 0},
        "normative_documents": {"issued": 2, "repealed": 1, "in_force": 6},
        "licensing": {"decisions": 15},
        "penalty": {"decisions": 3},
        "enforcement": {"decisions": 0},
        "fees": {"amount_wan": Decimal("1.25")},
    },
    T2019: {
        "regulations": {"new_made": 0, "new_published": 0, "total_published": 0},
        "normative_documents": {"new_made": 2, "new_published": 2, "total_published": 10},
        "licensing": {"prev_year_items": 12, "change": 1, "decisions": 30},
        "other_services": {"prev_year_items": 4, "change": -1, "decisions": 8},
        "penalty": {"prev_year_items": 2, "change": 0, "decisions": 3},
        "enforcement": {"prev_year_items": 0, "change": 0, "decisions": 0},
        "fees": {"prev_year_items": 1, "change": 0},
        "procurement": {"items": 2, "amount": Decimal("35.6")},
    },
}

# Two wordings of the prose, so that a report and last year's do not repeat each other.
OVERVIEW = (
    (
        "{year}年，{org}坚持以习近平新时代中国特色社会主义思想为指导，在{parent}委、{parent}政府的正确领导下，"
        "认真贯彻落实《中华人民共和国政府信息公开条例》，不断提高政府工作透明度。"
        "一年来，{me}通过政府网站主动公开政府信息128条，涉及财政预决算、乡村振兴、民生保障等领域。"
        "本年度共收到政府信息公开申请{apps}件，均在法定期限内答复。"
        "{me}明确1名分管领导和2名工作人员负责政务公开工作，完善了保密审查和信息发布制度。"
        "在便民服务中心设置政务公开专区，方便群众查阅政府信息。"
    ),
    (
        "{year}年度，{org}围绕全面推进基层政务公开标准化规范化工作，扎实做好信息发布、政策解读和回应关切。"
        "全年在政府信息公开平台发布各类信息96条，其中工作动态61条、通知公告35条。"
        "本年度共收到政府信息公开申请{apps}件，已全部办结或依法延期。"
        "{me}将政务公开工作纳入年度目标考核，由党政办统一审核后发布。"
        "通过公开栏、微信群等线下渠道同步公开惠民惠农资金发放情况，接受群众监督。"
    ),
)
PROBLEMS = (
    (
        "（一）存在问题\n一是公开内容还不够全面，部分领域信息更新不及时；二是工作人员多为兼职，业务能力有待提高。\n"
        "（二）改进措施\n一是加强学习培训，提高工作人员业务水平；二是健全信息审核机制，确保信息公开及时准确。"
    ),
    (
        "（一）存在问题\n政策解读形式较为单一，图解、视频解读较少；村级公开栏内容更新滞后。\n"
        "（二）改进措施\n丰富政策解读形式，增加图文解读比例；建立村级公开栏月度检查制度，督促及时更新。"
    ),
)
OTHER_FEE = "本年度未收取信息处理费。"
OTHER_PLAIN = ("全{kind}政府信息公开工作机构1个，工作人员2人。", "本年度召开政务公开专题会议2次。")


def consistent_applications(
    template: str,
    results: Mapping[str, Sequence[int]] | None = None,
    carried_over: Sequence[int] | None = None,
    carried_forward: Sequence[int] | None = None,
) -> dict[str, list[int]]:
    """Table 2 as row key -> 7 ints that satisfies every arithmetic rule.

    Result rows default to 0; （七）总计 is their sum; 本年新收 is derived from the balance
    (carried_over is lowered where it would make 本年新收 negative).
    """
    results = DEFAULT_RESULTS if results is None else results
    rows = catalog.RESULT_ROWS[template]
    co = list(DEFAULT_CARRIED_OVER if carried_over is None else carried_over)
    cf = list(DEFAULT_CARRIED_FORWARD if carried_forward is None else carried_forward)
    table: dict[str, list[int]] = {k: list(results.get(k, [0] * 6)) for k in rows}
    total = [sum(table[k][i] for k in rows) for i in range(6)]
    co = [min(co[i], total[i] + cf[i]) for i in range(6)]
    new = [total[i] + cf[i] - co[i] for i in range(6)]
    out: dict[str, list[int]] = {}
    for r in catalog.table2_rows(template):
        six = {"new_received": new, "carried_over": co, "total": total, "carried_forward": cf}.get(r.key) or table[r.key]
        out[r.key] = [*six, sum(six)]
    return out


def consistent_appeals(parts: Mapping[str, Sequence[int]] | None = None) -> dict[str, list[int]]:
    parts = DEFAULT_APPEALS if parts is None else parts
    return {k: [*parts.get(k, [0, 0, 0, 0]), sum(parts.get(k, [0, 0, 0, 0]))] for k, _ in catalog.APPEAL_ROWS}


def make_report(
    template: str = T2021,
    *,
    year: int | None = None,
    organization: str = "上塘镇",
    parent: str = "丰城市",
    results: Mapping[str, Sequence[int]] | None = None,
    carried_over: Sequence[int] | None = None,
    carried_forward: Sequence[int] | None = None,
    appeals: Mapping[str, Sequence[int]] | None = None,
    table1: Mapping[str, Mapping[str, Number]] | None = None,
    variant: int = 0,
) -> Report:
    """A report that breaks no rule. Default years: 2022 (2021 template), 2020 (2019 template)."""
    if year is None:
        year = 2022 if template == T2021 else 2020
    lines = count(1)
    apps = consistent_applications(template, results, carried_over, carried_forward)
    t3 = consistent_appeals(appeals)
    t1 = table1 if table1 is not None else DEFAULT_TABLE1[template]

    def cell(v: Number) -> Cell:
        return Cell(value=v, raw=str(v), source=Source(line=next(lines)))

    county = parent[-1] if parent else "县"
    kind = "街道" if organization.endswith(("街道", "街道办事处")) else ("乡" if organization.endswith("乡") else "镇")
    sections: dict[str, Section] = {}
    texts = {
        "overview": OVERVIEW[variant % 2].format(year=year, org=organization, parent=county, apps=apps["new_received"][6], me=f"我{kind}"),
        "active_disclosure": "",
        "applications": "",
        "appeals": "",
        "problems": PROBLEMS[variant % 2],
        "other": (OTHER_FEE if year >= catalog.FIRST_2021_TEMPLATE_YEAR else "") + OTHER_PLAIN[variant % 2].format(kind=kind),
    }
    title = f"{organization}{year}年政府信息公开工作年度报告"
    preamble = f"本报告数据统计期限为{year}年1月1日至{year}年12月31日。"
    body = [title, preamble]
    for key in catalog.SECTION_KEYS:
        line = next(lines)
        sections[key] = Section(present=True, heading=catalog.SECTION_TITLES[key], text=texts[key], source=Source(line=line))
        body += [catalog.SECTION_TITLES[key], texts[key]]
    tables = Tables(
        template=template,
        active_disclosure={row: {k: cell(v) for k, v in vals.items()} for row, vals in t1.items()},
        applications={row: [cell(v) for v in vals] for row, vals in apps.items()},
        appeals={row: [cell(v) for v in vals] for row, vals in t3.items()},
    )
    metadata = Metadata(
        organization=organization,
        full_name=f"{organization}人民政府",
        parent=parent,
        year=year,
        title=title,
        title_year=year,
        period_start=f"{year}-01-01",
        period_end=f"{year}-12-31",
        period_year=year,
        body_years=[year, year, year, year + 1],  # a plan for next year is normal
    )
    return Report(metadata=metadata, sections=sections, tables=tables, text="\n".join(b for b in body if b))


def make_previous(report: Report, **kw) -> Report:
    """Last year's report of the same body, consistent with `report` across years."""
    year = (report.metadata.year or 2022) - 1
    template = kw.pop("template", catalog.expected_template(year))
    cur_apps = report.tables.applications or {}
    cf = [c.value for c in cur_apps["carried_over"][:6]] if "carried_over" in cur_apps else None
    table1 = None
    if template == T2021 and report.tables.template == T2021:
        table1 = {k: dict(v) for k, v in DEFAULT_TABLE1[T2021].items()}
        cur = report.tables.active_disclosure or {}
        for key in ("regulations", "normative_documents"):
            row = {k: c.value for k, c in cur[key].items()}
            table1[key] = {"issued": 0, "repealed": 0, "in_force": row["in_force"] - row["issued"] + row["repealed"]}
        table1["normative_documents"]["issued"] = 3
    kw.setdefault("variant", 1)
    return make_report(
        template,
        year=year,
        organization=report.metadata.organization or "上塘镇",
        parent=report.metadata.parent or "丰城市",
        carried_over=[0] * 6,
        carried_forward=cf,
        table1=table1,
        **kw,
    )


def set_cell(report: Report, table: str, row: str, column: int | str, value: Number | None, raw: str | None = None) -> Cell:
    """Overwrite one cell (keeping its source); `column` is an index (tables 2, 3) or a value key (table 1)."""
    tables = report.tables
    if table == "active_disclosure":
        old = tables.active_disclosure[row][column]  # type: ignore[index]  # the factory's reports always have table 1
    else:
        old = getattr(tables, table)[row][column]
    new = Cell(value=value, raw=str(value) if raw is None and value is not None else (raw or ""), source=old.source)
    if table == "active_disclosure":
        tables.active_disclosure[row][column] = new  # type: ignore[index]  # the factory's reports always have table 1
    else:
        getattr(tables, table)[row][column] = new
    return new


def reworded(table: str, key: str, found: str, official: str, line: int | None = None) -> RowLabel:
    """A row or column label the reader found worded otherwise than the official template."""
    return RowLabel(table=table, key=key, found=found, official=official, source=Source(line=line) if line else None)


def rules_of(findings) -> list[str]:
    return [f.rule for f in findings]


# ---------------------------------------------------------------- the five seed reports
# Reports built from the seed texts (/work/shared/seeds), for the text rules. Sections are cut
# at their headings with a deliberately simple splitter; metadata is pinned by hand; the tables
# are all-zero consistent tables (the seeds' own tables are all zero except 上塘镇's
# 行政规范性文件 row), so only text rules can fire unless a test asks for counting tables.

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
