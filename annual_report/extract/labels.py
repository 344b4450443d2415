"""Which official row a table cell names, and whether it names it in the official words.

Rows are recognised by a distinctive stem (国家秘密, 另行制作, …) plus the group they sit
under, never by their position, because reports drop, repeat and reorder rows. A cell that is
recognised but does not equal the official wording once harmless noise is removed (see
`normalize`) is a deviation the rules report as `label.nonstandard`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from annual_report import catalog
from annual_report.extract.normalize import normalize, split_numbering, stem

# A cell longer than the official label by more than this is prose that happens to contain a
# keyword ("本年度未收到行政复议申请…"), not a label.
_SLACK = 14


@dataclass(frozen=True, slots=True)
class RowSpec:
    table: str  # active_disclosure | applications
    key: str
    official: str  # the label as the template prints it
    stem: str  # official label without numbering and noise
    keywords: tuple[str, ...]  # any of these in a cell's stem names this row
    exclude: tuple[str, ...] = ()  # ... unless one of these is there too (column headers)
    group: str | None = None  # table 2: the group key the row sits under


# Table 2 groups: the （三）…（六） labels rows sit under, and 三、本年度办理结果.
GROUPS: dict[str, str] = {
    "group:results": "三、本年度办理结果",
    "group:withheld": "（三）不予公开",
    "group:unavailable": "（四）无法提供",
    "group:not_processed": "（五）不予处理",
    "group:other_processing": "（六）其他处理",
}
_GROUP_BY_CATALOG = {
    "三、本年度办理结果": "group:results",
    "（三）不予公开": "group:withheld",
    "（四）无法提供": "group:unavailable",
    "（五）不予处理": "group:not_processed",
    "（六）其他处理": "group:other_processing",
}
_GROUP_BY_NUMBER = {3: "group:withheld", 4: "group:unavailable", 5: "group:not_processed", 6: "group:other_processing"}
GROUP_STEMS: dict[str, str] = {stem(v): k for k, v in GROUPS.items()}

_T2_KEYWORDS: dict[str, tuple[str, ...]] = {
    "new_received": ("本年新收",),
    "carried_over": ("上年结转",),
    "granted": ("予以公开",),
    "partially_granted": ("部分公开",),
    "withheld_state_secret": ("国家秘密",),
    "withheld_prohibited_by_law": ("禁止公开",),
    "withheld_three_safeties": ("三安全", "一稳定"),
    "withheld_third_party": ("第三方",),
    "withheld_internal_affairs": ("内部事务",),
    "withheld_process_info": ("过程性",),
    "withheld_enforcement_files": ("执法案卷",),
    "withheld_inquiry": ("查询事项",),
    "unavailable_not_held": ("不掌握",),
    "unavailable_needs_creation": ("另行制作", "没有现成"),
    "unavailable_unclear": ("仍不明确", "补正后申请"),
    "not_processed_petition": ("信访", "举报投诉"),
    "not_processed_duplicate": ("重复申请",),
    "not_processed_publication": ("出版物",),
    "not_processed_excessive": ("大量反复",),
    "not_processed_confirm": ("已获取信息", "确认或"),
    "other_no_correction": ("不补正",),
    "other_unpaid_fee": ("缴纳费用", "收费通知"),
    "carried_forward": ("结转下年度", "结转下一年度"),
    # other_other ("3.其他"), other (2019 "（六）其他处理") and total ("（七）总计") are
    # recognised by context in tables.py: their words are also column headers.
}

_T1_KEYWORDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "regulations": (("规章",), ("数量", "件数")),
    "normative_documents": (("规范性文件",), ("数量", "件数")),
    "licensing": (("许可",), ("数量",)),
    "other_services": (("其他对外管理服务", "对外管理服务"), ("数量",)),
    "penalty": (("处罚",), ("数量",)),
    "enforcement": (("强制",), ("数量",)),
    "fees": (("事业性收费", "性收费"), ("金额", "数量")),
    "procurement": (("集中采购", "政府采购"), ("数量", "金额")),
}

# Table 1 column headers: stem keyword -> value key.
T1_COLUMNS: tuple[tuple[str, str], ...] = (
    ("制发", "issued"),
    ("废止", "repealed"),
    ("现行有效", "in_force"),
    ("收费金额", "amount_wan"),
    ("新制作", "new_made"),
    ("新公开", "new_published"),
    ("对外公开总", "total_published"),
    ("上一年项目", "prev_year_items"),
    ("增/减", "change"),
    ("增减", "change"),
    ("采购项目", "items"),
    ("采购总金额", "amount"),
    ("处理决定", "decisions"),
)
T1_COLUMN_OFFICIAL: dict[str, str] = {key: label for rows in catalog.TABLE1.values() for row in rows for key, label in row.values}
# Column headers that only one template has: evidence of which template the table follows.
T1_COLUMN_TEMPLATE: dict[str, str] = {
    "issued": catalog.TEMPLATE_2021,
    "repealed": catalog.TEMPLATE_2021,
    "in_force": catalog.TEMPLATE_2021,
    "amount_wan": catalog.TEMPLATE_2021,
    "new_made": catalog.TEMPLATE_2019,
    "new_published": catalog.TEMPLATE_2019,
    "total_published": catalog.TEMPLATE_2019,
    "prev_year_items": catalog.TEMPLATE_2019,
    "change": catalog.TEMPLATE_2019,
    "items": catalog.TEMPLATE_2019,
    "amount": catalog.TEMPLATE_2019,
}


# Column headers of tables 2 and 3 in the official wording, and the words that name each one
# when it is worded otherwise (first hit wins: the more specific words come first, so that
# 法人或其它组织 names 法人或其他组织, not 其他).
T2_HEADER_OFFICIAL: tuple[str, ...] = (
    "申请人情况",
    *catalog.APPLICANT_COLUMNS[:1],
    catalog.APPLICANT_GROUP,
    *catalog.APPLICANT_COLUMNS[1:],
)
T3_HEADER_OFFICIAL: tuple[str, ...] = ("行政复议", "行政诉讼", *catalog.APPEAL_COLUMNS, "未经复议直接起诉", "复议后起诉")
T2_HEADER_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("申请人", "申请人情况"),
    ("自然人", "自然人"),
    ("法人", catalog.APPLICANT_GROUP),
    ("企业", "商业企业"),
    ("科研", "科研机构"),
    ("公益", "社会公益组织"),
    ("法律服务", "法律服务机构"),
    ("律师", "法律服务机构"),
    ("组织", catalog.APPLICANT_GROUP),
    ("总计", "总计"),
    ("合计", "总计"),
    ("其它", "其他"),
    ("其他", "其他"),
)
T3_HEADER_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("直接起诉", "未经复议直接起诉"),
    ("复议后", "复议后起诉"),
    ("复议", "行政复议"),
    ("诉讼", "行政诉讼"),
    ("维持", "结果维持"),
    ("纠正", "结果纠正"),
    ("审结", "尚未审结"),
    ("未结", "尚未审结"),
    ("总计", "总计"),
    ("合计", "总计"),
    ("其它", "其他结果"),
    ("其他", "其他结果"),
)


def _t2_specs() -> tuple[RowSpec, ...]:
    specs = []
    for row in catalog.TABLE2_ROWS:
        kw = _T2_KEYWORDS.get(row.key)
        if not kw:
            continue
        group = _GROUP_BY_CATALOG.get(row.group) if row.group else None
        specs.append(RowSpec("applications", row.key, row.label, stem(row.label), kw, (), group))
    return tuple(specs)


def _t1_specs() -> tuple[RowSpec, ...]:
    specs: dict[str, RowSpec] = {}
    # 2021 wording first: 行政规范性文件 is official from 2021 on, 规范性文件 before.
    for template in (catalog.TEMPLATE_2021, catalog.TEMPLATE_2019):
        for row in catalog.TABLE1[template]:
            if row.key not in specs:
                kw, ex = _T1_KEYWORDS[row.key]
                specs[row.key] = RowSpec("active_disclosure", row.key, row.label, stem(row.label), kw, ex)
    return tuple(specs.values())


T2_SPECS = _t2_specs()
T1_SPECS = _t1_specs()
T2_BY_KEY = {s.key: s for s in T2_SPECS}
T1_OFFICIAL: dict[str, dict[str, str]] = {t: {row.key: row.label for row in rows} for t, rows in catalog.TABLE1.items()}


@dataclass(frozen=True, slots=True)
class LabelMatch:
    spec: RowSpec
    exact: bool  # equal to the official wording once noise is removed


_ANY_KEYWORD = re.compile("|".join(re.escape(k) for s in T1_SPECS + T2_SPECS for k in s.keywords))


def match_row(norm: str, specs: tuple[RowSpec, ...]) -> LabelMatch | None:
    """The official row a normalized cell names, or None."""
    if not _ANY_KEYWORD.search(norm):
        return None  # most cells (headers, prose) name no row: one regex decides that
    rest = strip_group(split_numbering(norm)[2])
    if not rest:
        return None
    for spec in specs:
        if rest == spec.stem:
            return LabelMatch(spec, True)
    for spec in specs:
        if len(rest) > len(spec.stem) + _SLACK:
            continue
        if any(k in rest for k in spec.keywords) and not any(x in rest for x in spec.exclude):
            return LabelMatch(spec, False)
    return None


_GROUP_PREFIX = tuple(sorted(GROUP_STEMS, key=len, reverse=True))


def strip_group(rest: str) -> str:
    """ "不予公开1.属于国家秘密" -> "属于国家秘密": a group label glued to its first row."""
    for g in _GROUP_PREFIX:
        if rest.startswith(g) and len(rest) > len(g):
            return split_numbering(rest[len(g) :])[2]
    return rest


def match_prefix(norm: str, specs: tuple[RowSpec, ...]) -> RowSpec | None:
    """The one row whose official wording starts with this cell: the first line of a label
    wrapped over several lines ("1.申请人无正" / "当理由逾期不补正…")."""
    rest = strip_group(split_numbering(norm)[2])
    if len(rest) < 4:
        return None
    found = [s for s in specs if s.stem.startswith(rest) and s.stem != rest]
    return found[0] if len(found) == 1 else None


# A near-miss ("其他法律行政止公开" for "其他法律行政法规禁止公开": two characters dropped)
# is taken for a row only when it is this similar to that row's stem, clearly more similar
# than to any other row of the same group, and numbered like it (when numbered at all).
NEAR_RATIO = 0.8
NEAR_MARGIN = 0.15
_NEAR_MIN_LEN = 4


def match_near(norm: str, specs: tuple[RowSpec, ...], group: str | None, taken: frozenset[str] | set[str]) -> RowSpec | None:
    """The row of `group` a mistyped label most likely names, or None.

    Only rows of the group the label sits under that are not read yet compete, so a typo can
    never take the place of a row that is there in its own words, and nothing outside a group
    (prose, headers) is ever guessed at. The unique best row must reach NEAR_RATIO
    (difflib ratio of the stems) and beat the runner-up by NEAR_MARGIN.
    """
    if group is None or group == "group:results":
        return None
    _, number, rest = split_numbering(norm)
    rest = strip_group(rest)
    if len(rest) < _NEAR_MIN_LEN:
        return None
    scored: list[tuple[float, RowSpec]] = []
    for spec in specs:
        if spec.group != group or spec.key in taken:
            continue
        if number is not None and number != split_numbering(normalize(spec.official))[1]:
            continue  # numbered as another row
        if abs(len(rest) - len(spec.stem)) > max(3, len(spec.stem) // 3):
            continue
        scored.append((SequenceMatcher(None, rest, spec.stem, autojunk=False).ratio(), spec))
    if not scored:
        return None
    scored.sort(key=lambda x: x[0], reverse=True)
    best, spec = scored[0]
    runner_up = scored[1][0] if len(scored) > 1 else 0.0
    if best >= NEAR_RATIO and best - runner_up >= NEAR_MARGIN:
        return spec
    return None


def match_group(norm: str) -> str | None:
    """'group:…' when a cell is one of the （三）…（六） group labels or 本年度办理结果."""
    kind, number, rest = split_numbering(norm)
    if rest in GROUP_STEMS:
        return GROUP_STEMS[rest]
    if kind == "paren_cn" and number in _GROUP_BY_NUMBER and 0 < len(rest) <= 6 and not rest.endswith(("。", "：", ":")):
        # A group label in other words (（五）不予公开 for 不予处理) still shares words with
        # some group label; a sub-point of the prose (（三）平台建设) does not.
        if any(len(set(rest) & set(g)) >= 2 for g in GROUP_STEMS):
            return _GROUP_BY_NUMBER[number]
    return None


def group_by_number(norm: str) -> str | None:
    kind, number, _ = split_numbering(norm)
    return _GROUP_BY_NUMBER.get(number) if kind == "paren_cn" and number else None


def official_stem(key: str) -> str:
    return stem(GROUPS[key]) if key in GROUPS else T2_BY_KEY[key].stem


__all__ = [
    "GROUPS",
    "T1_COLUMNS",
    "T1_COLUMN_OFFICIAL",
    "T1_COLUMN_TEMPLATE",
    "T1_OFFICIAL",
    "T1_SPECS",
    "T2_BY_KEY",
    "T2_HEADER_KEYWORDS",
    "T2_HEADER_OFFICIAL",
    "T2_SPECS",
    "T3_HEADER_KEYWORDS",
    "T3_HEADER_OFFICIAL",
    "LabelMatch",
    "RowSpec",
    "group_by_number",
    "match_group",
    "match_near",
    "match_row",
    "normalize",
    "official_stem",
]
