"""The official table templates: row keys, official labels and column orders.

Everything that names a row or column of the three statistical tables lives here, so the
readers, the rules and the messages agree on one wording. Sources: 国办公开办函〔2019〕60号
(the "2019 template", reports for 2019 and 2020) and 国办公开办函〔2021〕30号 (the "2021
template", reports for 2021 and later).
"""

from __future__ import annotations

from dataclasses import dataclass

TEMPLATE_2019 = "2019"
TEMPLATE_2021 = "2021"

# Section headings as the official template words them. The report names its own tables by
# these headings, so messages use them too.
SECTION_KEYS: tuple[str, ...] = (
    "overview",
    "active_disclosure",
    "applications",
    "appeals",
    "problems",
    "other",
)
SECTION_TITLES: dict[str, str] = {
    "overview": "一、总体情况",
    "active_disclosure": "二、主动公开政府信息情况",
    "applications": "三、收到和处理政府信息公开申请情况",
    "appeals": "四、政府信息公开行政复议、行政诉讼情况",
    "problems": "五、政府信息公开工作存在的主要问题及改进情况",
    "other": "六、其他需要报告的事项",
}
TABLE_TITLES: dict[str, str] = {
    "active_disclosure": "主动公开政府信息情况",
    "applications": "收到和处理政府信息公开申请情况",
    "appeals": "政府信息公开行政复议、行政诉讼情况",
}

# Words that only the rows of each table print, in either template. A text holding a table's
# heading but none of these words did not get the table as text (pasted as a picture, say).
# 予以公开 is left out: the narrative of section 三 says it too.
TABLE_ROW_WORDS: dict[str, tuple[str, ...]] = {
    "active_disclosure": ("规范性文件", "行政许可", "行政处罚"),
    "applications": ("本年新收", "上年结转"),
    "appeals": ("尚未审结", "结果维持"),
}


def tables_without_rows(text: str) -> list[str]:
    """The tables (TABLE_TITLES keys) none of whose row words is in `text`."""
    compact = "".join(text.split())
    return [key for key, words in TABLE_ROW_WORDS.items() if not any(w in compact for w in words)]


@dataclass(frozen=True)
class Table1Row:
    key: str
    label: str
    values: tuple[tuple[str, str], ...]  # (value key, official column label)


TABLE1_2021: tuple[Table1Row, ...] = (
    Table1Row("regulations", "规章", (("issued", "本年制发件数"), ("repealed", "本年废止件数"), ("in_force", "现行有效件数"))),
    Table1Row(
        "normative_documents",
        "行政规范性文件",
        (("issued", "本年制发件数"), ("repealed", "本年废止件数"), ("in_force", "现行有效件数")),
    ),
    Table1Row("licensing", "行政许可", (("decisions", "本年处理决定数量"),)),
    Table1Row("penalty", "行政处罚", (("decisions", "本年处理决定数量"),)),
    Table1Row("enforcement", "行政强制", (("decisions", "本年处理决定数量"),)),
    Table1Row("fees", "行政事业性收费", (("amount_wan", "本年收费金额（单位：万元）"),)),
)

_ITEMS_2019 = (("prev_year_items", "上一年项目数量"), ("change", "本年增/减"), ("decisions", "处理决定数量"))
TABLE1_2019: tuple[Table1Row, ...] = (
    Table1Row(
        "regulations",
        "规章",
        (("new_made", "本年新制作数量"), ("new_published", "本年新公开数量"), ("total_published", "对外公开总数量")),
    ),
    Table1Row(
        "normative_documents",
        "规范性文件",
        (("new_made", "本年新制作数量"), ("new_published", "本年新公开数量"), ("total_published", "对外公开总数量")),
    ),
    Table1Row("licensing", "行政许可", _ITEMS_2019),
    Table1Row("other_services", "其他对外管理服务事项", _ITEMS_2019),
    Table1Row("penalty", "行政处罚", _ITEMS_2019),
    Table1Row("enforcement", "行政强制", _ITEMS_2019),
    Table1Row("fees", "行政事业性收费", _ITEMS_2019[:2]),
    Table1Row("procurement", "政府集中采购", (("items", "采购项目数量"), ("amount", "采购总金额"))),
)

TABLE1: dict[str, tuple[Table1Row, ...]] = {TEMPLATE_2019: TABLE1_2019, TEMPLATE_2021: TABLE1_2021}

# Table 2: seven applicant columns in this order.
APPLICANT_COLUMNS: tuple[str, ...] = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
APPLICANT_GROUP = "法人或其他组织"


@dataclass(frozen=True)
class Table2Row:
    key: str
    group: str | None  # the （一）…（七） group label the row sits under, None for 一/二/四 rows
    label: str  # the row's own official wording
    templates: tuple[str, ...] = (TEMPLATE_2019, TEMPLATE_2021)

    @property
    def full_label(self) -> str:
        return f"{self.group}{self.label}" if self.group and self.group != self.label else self.label


_G3 = "（三）不予公开"
_G4 = "（四）无法提供"
_G5 = "（五）不予处理"
_G6 = "（六）其他处理"
TABLE2_ROWS: tuple[Table2Row, ...] = (
    Table2Row("new_received", None, "一、本年新收政府信息公开申请数量"),
    Table2Row("carried_over", None, "二、上年结转政府信息公开申请数量"),
    Table2Row("granted", "三、本年度办理结果", "（一）予以公开"),
    Table2Row("partially_granted", "三、本年度办理结果", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    Table2Row("withheld_state_secret", _G3, "1.属于国家秘密"),
    Table2Row("withheld_prohibited_by_law", _G3, "2.其他法律行政法规禁止公开"),
    Table2Row("withheld_three_safeties", _G3, "3.危及“三安全一稳定”"),
    Table2Row("withheld_third_party", _G3, "4.保护第三方合法权益"),
    Table2Row("withheld_internal_affairs", _G3, "5.属于三类内部事务信息"),
    Table2Row("withheld_process_info", _G3, "6.属于四类过程性信息"),
    Table2Row("withheld_enforcement_files", _G3, "7.属于行政执法案卷"),
    Table2Row("withheld_inquiry", _G3, "8.属于行政查询事项"),
    Table2Row("unavailable_not_held", _G4, "1.本机关不掌握相关政府信息"),
    Table2Row("unavailable_needs_creation", _G4, "2.没有现成信息需要另行制作"),
    Table2Row("unavailable_unclear", _G4, "3.补正后申请内容仍不明确"),
    Table2Row("not_processed_petition", _G5, "1.信访举报投诉类申请"),
    Table2Row("not_processed_duplicate", _G5, "2.重复申请"),
    Table2Row("not_processed_publication", _G5, "3.要求提供公开出版物"),
    Table2Row("not_processed_excessive", _G5, "4.无正当理由大量反复申请"),
    Table2Row("not_processed_confirm", _G5, "5.要求行政机关确认或重新出具已获取信息"),
    Table2Row(
        "other_no_correction",
        _G6,
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        (TEMPLATE_2021,),
    ),
    Table2Row(
        "other_unpaid_fee",
        _G6,
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        (TEMPLATE_2021,),
    ),
    Table2Row("other_other", _G6, "3.其他", (TEMPLATE_2021,)),
    Table2Row("other", "三、本年度办理结果", _G6, (TEMPLATE_2019,)),
    Table2Row("total", "三、本年度办理结果", "（七）总计"),
    Table2Row("carried_forward", None, "四、结转下年度继续办理"),
)
TABLE2_BY_KEY: dict[str, Table2Row] = {r.key: r for r in TABLE2_ROWS}

# Result rows whose sum is （七）总计, per template.
RESULT_ROWS: dict[str, tuple[str, ...]] = {
    TEMPLATE_2021: tuple(
        r.key
        for r in TABLE2_ROWS
        if TEMPLATE_2021 in r.templates and r.key not in ("new_received", "carried_over", "total", "carried_forward")
    ),
    TEMPLATE_2019: tuple(
        r.key
        for r in TABLE2_ROWS
        if TEMPLATE_2019 in r.templates and r.key not in ("new_received", "carried_over", "total", "carried_forward")
    ),
}


def table2_rows(template: str) -> tuple[Table2Row, ...]:
    return tuple(r for r in TABLE2_ROWS if template in r.templates)


# Table 3.
APPEAL_COLUMNS: tuple[str, ...] = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
APPEAL_ROWS: tuple[tuple[str, str], ...] = (
    ("reconsideration", "行政复议"),
    ("litigation_direct", "行政诉讼·未经复议直接起诉"),
    ("litigation_after_reconsideration", "行政诉讼·复议后起诉"),
)

# Years: the 2021 template is required from the 2021 report on.
FIRST_2021_TEMPLATE_YEAR = 2021


def expected_template(year: int) -> str:
    return TEMPLATE_2021 if year >= FIRST_2021_TEMPLATE_YEAR else TEMPLATE_2019
