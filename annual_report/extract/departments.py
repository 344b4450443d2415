"""A county department that names itself only by its short form: 市发改局, 县教育局.

Department reports often print no title body and sign nowhere; their prose then says
`市发改局主动公开…` or `县卫健委不断提升…` and `我局`. The short form names the department
(发改局 is 发展和改革局 everywhere: these abbreviations are the standard ones of the
2018 reorganisation), and its level character (市/县/区/旗) says which county-level unit it
belongs to, which the text names elsewhere (`定州市人民政府门户网站`). Taken only when the title
names it, the text names it as the author (现公布X…, 由X负责编制, “2022年，X…”) or speaks
of itself as 我局/本局 (我委/本委 for a 委员会), and one department is named most; a
department without its level character only as the subject of a year's first sentence
(`2022年，商务局信息公开工作…`), and then without a county.
"""

from __future__ import annotations

import re
from collections import Counter

# short form -> the department's name (a name without a usual abbreviation stands for itself)
DEPARTMENTS: dict[str, str] = {
    "发改局": "发展和改革局",
    "发改委": "发展和改革委员会",
    "发展和改革局": "发展和改革局",
    "发展和改革委员会": "发展和改革委员会",
    "工信局": "工业和信息化局",
    "科技局": "科学技术局",
    "教体局": "教育和体育局",
    "教育局": "教育局",
    "民政局": "民政局",
    "司法局": "司法局",
    "财政局": "财政局",
    "人社局": "人力资源和社会保障局",
    "人力资源和社会保障局": "人力资源和社会保障局",
    "自然资源局": "自然资源局",
    "自然资源和规划局": "自然资源和规划局",
    "生态环境局": "生态环境局",
    "住建局": "住房和城乡建设局",
    "住房和城乡建设局": "住房和城乡建设局",
    "交通局": "交通运输局",
    "交通运输局": "交通运输局",
    "水利局": "水利局",
    "农业农村局": "农业农村局",
    "商务局": "商务局",
    "文旅局": "文化和旅游局",
    "文化和旅游局": "文化和旅游局",
    "卫健局": "卫生健康局",
    "卫健委": "卫生健康委员会",
    "卫生健康委员会": "卫生健康委员会",
    "退役军人事务局": "退役军人事务局",
    "应急局": "应急管理局",
    "应急管理局": "应急管理局",
    "审计局": "审计局",
    "市场监管局": "市场监督管理局",
    "市场监督管理局": "市场监督管理局",
    "统计局": "统计局",
    "医保局": "医疗保障局",
    "医疗保障局": "医疗保障局",
    "林业局": "林业局",
    "行政审批局": "行政审批局",
    "行政审批服务局": "行政审批服务局",
    "城管局": "城市管理局",
    "城市管理局": "城市管理局",
    "信访局": "信访局",
    "民宗局": "民族宗教事务局",
    "数据局": "数据局",
}
_SHORT = re.compile(r"([市县区旗]?)(" + "|".join(sorted(DEPARTMENTS, key=len, reverse=True)) + ")")
# Without its level character, a department is taken only as the subject of a year's sentence.
_SUBJECT = re.compile(r"(?:19|20)\d{2}年度?[，,]?$")
# Where a report names itself as the author: 现公布X…, 由X（办公室）负责编制, 请与X联系, “2022年，X…”.
_AUTHOR_BEFORE = re.compile(r"(?:现公布|现将|现发布|由|请与|(?:19|20)\d{2}年度?[，,]?)$")
_LINE_BREAK = re.compile(r"[ \t\u3000]*\n\s*")
_SELF = {"局": re.compile(r"[我本]局"), "委": re.compile(r"[我本]委(?!员)")}
# A county-level unit, from where a name can start: not a CJK character, or a word that ends
# right before one (通过定州市人民政府门户网站, 可在兴化市…, 河北省定州市).
_COUNTY = re.compile(
    r"(?:(?<![\u4e00-\u9fff])|(?<=[在于由向对将和与及经据从的过按至到省]))"
    r"([\u4e00-\u9fff]{1,5}?[市县区旗])(?=人民政府|政府|委员会|门户网站|政务|\d{4}年)"
)


def short_form_department(text: str, title: str | None = None) -> tuple[str, str | None] | None:
    """(organisation, county-level parent or None) of a department that names itself only by
    its short form in `text` (or in its `title`); None when the text does not."""
    counties = Counter(c for c in _COUNTY.findall(text) if not c.startswith(("我", "本", "全")))
    flat = _LINE_BREAK.sub("", text)  # a short form the page width cut (`请与县` / `住建局联系`)
    named: Counter[tuple[str, str]] = Counter()
    for m in _SHORT.finditer(flat):
        if m.group(1) or _SUBJECT.search(flat[max(0, m.start() - 8) : m.start()]):
            # 市发改局 (after 现公布, or after its own county's name), or “2022年，商务局…”
            named[(m.group(1), DEPARTMENTS[m.group(2)])] += 1
    ranked = named.most_common(2)
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    level, name = ranked[0][0]
    titled = any(DEPARTMENTS[m.group(2)] == name and m.group(1) == level for m in _SHORT.finditer(title or ""))
    authored = any(
        DEPARTMENTS[m.group(2)] == name and m.group(1) == level and _AUTHOR_BEFORE.search(flat[max(0, m.start() - 8) : m.start()])
        for m in _SHORT.finditer(flat)
    )
    spoken = _SELF["委" if name.endswith("委员会") else "局"].search(re.sub(r"\s+", "", text))  # 我 / 局 wrapped apart
    if not (titled or authored or spoken or _signed(text, level, name)):
        return None  # the text does not speak as a department: a department named in passing
    ours = [c for c, _ in counties.most_common() if level and c.endswith(level)]
    county = ours[0] if ours else None
    return (county + name if county else name), county


# A date under a signature, or glued after it on its line (web text).
_DATE = re.compile(r"(?:(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,3}月[\d一二三四五六七八九十]{1,3}日$")
_SIGNATURE_LINES = 8  # the signature sits in the last lines (a web page's share buttons may follow)
_TITLE_LINES = 5  # the body on a line of its own above the title, under a web page's furniture


def _signed(text: str, level: str, name: str) -> bool:
    """Whether the department's short form with its level character stands on a line of its own
    at the end (the signature, above the date) or at the top (the title's first line)."""
    lines = [line.strip() for line in text.strip().split("\n") if line.strip()]
    for line in lines[:_TITLE_LINES] + lines[-_SIGNATURE_LINES:]:
        m = _SHORT.fullmatch(_DATE.sub("", line))
        if m and m.group(1) == level and DEPARTMENTS[m.group(2)] == name:
            return True
    return False


# Not in a place name: what a 文号, a breadcrumb or a title leaves before a short form's level
# character (`…21号市人社局`, `…信息公开年度报告县教育局`), or a level character itself (县市场监管局).
_NO_PLACE = re.compile(r"号|报告|公开|信息|工作|年度|政府|[市县区旗省年]$")


def place_name(unit: re.Match[str] | None) -> bool:
    """Whether the county-level unit read before a department's name (`_UNIT`) is a place."""
    return unit is None or not _NO_PLACE.search(unit.group()[:-1])
