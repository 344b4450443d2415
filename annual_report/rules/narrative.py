"""Narrative: the prose against the tables, sections 五 and 六, template leftovers, foreign
authors, and text copied from last year's report.

The heuristics are conservative: a warning a clerk cannot act on costs more than a missed
one. Each pattern is checked against the five seed reports, whose legitimate phrases
(在县委、县政府的正确领导下, 按照区委、区政府的要求, 我乡镇, 未经复议直接起诉 …) must not fire.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from annual_report import catalog
from annual_report.model import Report
from annual_report.rules import common as c
from annual_report.rules import messages as m
from annual_report.rules.registry import rule

T2, T3 = "applications", "appeals"
_CLAUSE = r"[^。；;，,！!？?\n]"  # stays inside one clause


# ---------------------------------------------------------------- narrative.conflict


@dataclass(frozen=True)
class Claim:
    topic: str  # "applications" | "reconsideration" | "litigation"
    count: int | None  # 0: says none; n > 0: says n; None: says some (unused)
    section: str | None
    snippet: str
    pos: int
    received: bool = False  # “收到/受理/新收…申请 N 件” about this year: the 本年新收 count
    # 行政复议 / 行政诉讼 with a number: what the number counts (see `_appeal_scope`); None otherwise
    scope: str | None = None


_VERBS = "(?:发生|收到|接到|受理|接收|出现|产生|有|引发|引起|提起|办理)"
_APP_OBJ = "(?:公开申请|申请公开|依申请公开|信息公开申请)"
_UNIT = r"\s*(?:件|条|个|份|起|宗|次|例)"
_NO_OUTCOME = "(?!" + _CLAUSE + "{0,12}(?:纠正|纠错|败诉|撤销|确认违法|被诉|被依法纠|被改变))"  # “未发生行政复议被纠正” is no claim of none

_NOT_CAUSE = "(?!" + _CLAUSE + "{0,12}(?:被|引起|引发|导致|而))"
_APP_PATTERNS = (
    # says none: 未收到…政府信息公开申请 / 没有受理…申请公开 / 无依申请公开
    # … but not “未发生因依申请公开被行政复议纠错”: a cause (因…) or an outcome (…被/引起) is no count
    (re.compile("(?:未|没有)" + _VERBS + "(?:(?!因|由于)" + _CLAUSE + "){0,30}?" + _APP_OBJ + _NOT_CAUSE), 0),
    (re.compile("无(?:政府信息)?" + _APP_OBJ), 0),
    # says a number: 共接收群众申请公开0件 / 收到政府信息公开申请3件 / 依申请公开5件
    (re.compile("(?P<verb>收到|受理|接收|接到|新收|办理)" + _CLAUSE + "{0,20}?" + _APP_OBJ + r"[^。；;，,0-9\n]{0,8}?(\d+)" + _UNIT), None),
    (re.compile(r"依申请公开[^。；;，,0-9\n]{0,10}?(\d+)" + _UNIT), None),
)


def _appeal_patterns(keyword: str) -> tuple[tuple[re.Pattern[str], int | None], ...]:
    return (
        (re.compile("(?:未|没有)" + _VERBS + _CLAUSE + "{0,40}?" + keyword + _NO_OUTCOME), 0),
        (re.compile("无(?:政府信息公开)?" + keyword + _NO_OUTCOME), 0),
        (re.compile(keyword + r"(?P<gap>[^。；;，,0-9\n]{0,10}?)(\d+)" + _UNIT), None),
    )


_TOPIC_PATTERNS = {
    "applications": _APP_PATTERNS,
    "reconsideration": _appeal_patterns("行政复议"),
    "litigation": _appeal_patterns("(?:行政诉讼|诉讼|起诉)"),
}


def _prose(text: str) -> str:
    # 未经复议直接起诉 is a table heading, not a denial; keep offsets by same-length masking.
    return text.replace("未经复议", "直接复议")


def claims(report: Report) -> list[Claim]:
    out: list[Claim] = []
    for part in c.text_parts(report):
        text = _prose(part.text)
        for topic, patterns in _TOPIC_PATTERNS.items():
            for pattern, fixed in patterns:
                for mt in pattern.finditer(text):
                    if fixed is None:
                        head = text[: mt.start()].rsplit("，", 1)[-1][-8:]
                        if re.search("未|没有", head):  # “未收到…申请3件” is odd; do not guess
                            continue
                        count = int(mt.groups()[-1])
                    else:
                        count = fixed
                    received = topic == "applications" and _states_received(text, mt, report.metadata.year)
                    scope = None
                    if topic != "applications" and fixed is None:
                        scope = _appeal_scope(text, mt, topic, report.metadata.year)
                    out.append(
                        Claim(
                            topic,
                            count,
                            part.section,
                            m.snippet(part.text, mt.start(), mt.end(), 0),
                            part.offset + mt.start(),
                            received,
                            scope,
                        )
                    )
    out.sort(key=lambda cl: cl.pos)
    return out


# Words that make a count something else than this year's new applications: a part of them
# (其中 / 网上 / 当面 …), other years (上年 / 累计 …), or ones carried over (结转).
_NOT_ALL_NEW = re.compile(
    "其中|分别|包括|含|网上|网络|在线|当面|现场|信函|邮寄|电子邮件|传真|电话|依托|通过"
    "|上年|上一年|去年|同期|累计|以来|历年|结转|转办|转交|答复|办结|办理"
)
_YEAR = re.compile(r"(20\d\d)\s*年")


def _states_received(text: str, mt: re.Match[str], year: int | None) -> bool:
    """Whether a matched count is the clear statement of this year's new applications.

    Only “收到 / 受理 / 接收 / 接到 / 新收 … 申请 N 件” counts (not 办理 or 答复, which may
    include last year's), with nothing in its clause that makes it a part (其中 …, 网上 …), a
    different period (上年, 累计, another year) or a different flow (结转, 答复, 办结).
    """
    verb = mt.groupdict().get("verb")
    if verb is None or verb == "办理":
        return False
    sentence_start = max(text.rfind(ch, 0, mt.start()) for ch in "。；;！？\n") + 1
    head = text[sentence_start : mt.start()]
    if _NOT_ALL_NEW.search(head + mt.group(0)):
        return False
    years = {int(y) for y in _YEAR.findall(head)}
    return not (year is not None and years and years != {year})


# Between “行政复议 / 行政诉讼” and the number: words that make the number a part of the cases
# (an outcome, one kind of 起诉, the other topic) or something else than a plain count.
_APPEAL_PART = re.compile("维持|纠正|纠错|撤销|败诉|胜诉|驳回|确认违法|审结|未结|在审|结果|其他|其它|终止|调解|和解|直接|后起诉")
_APPEAL_OTHER_TOPIC = {"reconsideration": re.compile("诉讼|起诉"), "litigation": re.compile("复议")}
_APPEAL_UNCLEAR = re.compile("各|分别|同比|较|增|减|下降|上升|累计|比|占")
# In the sentence before it: a part (其中), another period (上年, 累计 …) or a comparison.
_APPEAL_NOT_THIS_YEAR = re.compile("其中|分别|上年|上一年|去年|同期|累计|以来|历年|较|同比|近[三五]?年")


def _appeal_scope(text: str, mt: re.Match[str], topic: str, year: int | None) -> str:
    """What the number of a “行政复议 / 行政诉讼 … N 件” match counts.

    "other": another period or a part named earlier in the sentence (上年, 累计, 其中, another
    year) — compared with nothing. "part": some of this year's cases (an outcome such as 结果纠正,
    or one kind of 起诉) — a part above 0 still contradicts a 总计 of 0. "unclear": both topics
    together, each, a comparison or a share — only a 0 is compared. "total": the plain count of
    this year's cases of the topic, which table 3's 总计 must equal.
    """
    sentence_start = max(text.rfind(ch, 0, mt.start()) for ch in "。；;！？\n") + 1
    head = text[sentence_start : mt.start()]
    if _APPEAL_NOT_THIS_YEAR.search(head):
        return "other"
    years = {int(y) for y in _YEAR.findall(head)}
    if year is not None and years and years != {year}:
        return "other"
    gap = mt.group("gap") or ""
    before = text[max(0, mt.start() - 2) : mt.start()]
    keyword = text[mt.start() : mt.start("gap")]
    sub_row = topic == "litigation" and "诉讼" not in keyword and (before.endswith("直接") or before.endswith("后"))
    if sub_row or _APPEAL_PART.search(gap):
        return "part"
    clause = re.split("[，,：:]", head)[-1]  # “行政复议和行政诉讼共 4 件”: both topics in one count
    if _APPEAL_OTHER_TOPIC[topic].search(gap + clause) or _APPEAL_UNCLEAR.search(gap):
        return "unclear"
    return "total"


def _table_count(report: Report, topic: str) -> tuple[int | None, str, str]:
    """(table count, row key, phrase naming the cell)."""
    if topic == "applications":
        t2 = report.tables.applications or {}
        v = c.value(c.cells_at(t2.get("new_received"), c.TOTAL_COL))
        return v, "new_received", f"{m.row_phrase(T2, 'new_received')}“总计”"
    t3 = report.tables.appeals or {}
    if topic == "reconsideration":
        v = c.value(c.cells_at(t3.get("reconsideration"), c.APPEAL_TOTAL_COL))
        return v, "reconsideration", f"{m.row_phrase(T3, 'reconsideration')}“总计”"
    a = c.value(c.cells_at(t3.get("litigation_direct"), c.APPEAL_TOTAL_COL))
    b = c.value(c.cells_at(t3.get("litigation_after_reconsideration"), c.APPEAL_TOTAL_COL))
    v = None if a is None or b is None else a + b
    return v, "litigation_direct", f"{m.table_name(T3)}两项行政诉讼的“总计”之和"


def _also_received(report: Report) -> set[int]:
    """Other counts a “受理 N 件” may fairly mean: new plus carried over from last year."""
    t2 = report.tables.applications or {}
    new = c.value(c.cells_at(t2.get("new_received"), c.TOTAL_COL))
    old = c.value(c.cells_at(t2.get("carried_over"), c.TOTAL_COL))
    return {new + old} if isinstance(new, int) and isinstance(old, int) else set()


def _also_appeals(report: Report, topic: str) -> set[int]:
    """Another count a “行政复议 / 行政诉讼 N 件” may fairly mean: the sum of the four results, when
    the row's 总计 is itself wrong (appeals.total reports that; the text is not to blame)."""
    t3 = report.tables.appeals or {}
    rows = ("reconsideration",) if topic == "reconsideration" else ("litigation_direct", "litigation_after_reconsideration")
    total = 0
    for row in rows:
        four = [c.value(c.cells_at(t3.get(row), i)) for i in range(c.APPEAL_TOTAL_COL)]
        if not all(isinstance(v, int) for v in four):
            return set()
        total += sum(four)  # type: ignore[arg-type]
    return {total}


_TOPIC_WORDS = {"applications": "政府信息公开申请", "reconsideration": "行政复议", "litigation": "行政诉讼"}


@rule("narrative.conflict", "warning", "正文与统计表矛盾")
def narrative_conflict(report: Report, previous: Report | None = None) -> Iterator[m.Hit]:
    found = claims(report)
    for topic in ("applications", "reconsideration", "litigation"):
        count, row, phrase = _table_count(report, topic)
        if count is None:
            continue
        for cl in found:
            if cl.topic != topic:
                continue
            if cl.count == 0 and count > 0 and cl.scope not in ("part", "other"):
                said = f"没有{_TOPIC_WORDS[topic]}"
            elif (
                cl.count
                and count == 0
                and (cl.scope is None or (cl.scope in ("total", "part") and cl.count not in _also_appeals(report, topic)))
            ):
                said = f"有{_TOPIC_WORDS[topic]} {cl.count} 件"
            elif cl.received and cl.count and cl.count != count and cl.count not in _also_received(report):
                said = f"本年新收{_TOPIC_WORDS[topic]} {cl.count} 件"
            elif cl.scope == "total" and cl.count and cl.count != count and cl.count not in _also_appeals(report, topic):
                said = f"本年度{_TOPIC_WORDS[topic]}案件 {cl.count} 件"
            else:
                continue
            table = T2 if topic == "applications" else T3
            yield m.Hit(
                where=m.where_text(report, cl.section, cl.snippet),
                message=(
                    f"正文写“{cl.snippet}”（即{said}），但{phrase}为 {m.num(count)}。正文与表格必须一致，请核对是正文写错还是表格填错。"
                ),
                table=table,
                row=row,
                column=catalog.APPLICANT_COLUMNS[c.TOTAL_COL] if table == T2 else catalog.APPEAL_COLUMNS[c.APPEAL_TOTAL_COL],
                section=table,
                pos=cl.pos,
            )
            break  # one finding per topic: the first contradicting sentence


# ---------------------------------------------------------------- section5.empty

_SUBHEADING = re.compile(
    r"^[\s　#*\-]*(?:[（(]?[一二三四五六七八九十\d]+[）)、.．]\s*)?"
    r"(?:工作中)?(?:存在的?主要问题|存在的?问题|主要问题|改进情况|改进措施|下一步改进措施|下步工作打算|下一步工作打算|整改措施)"
    r"(?:及改进情况)?[：:。]?\s*$"
)
_EMPTY_WORDS = re.compile(r"^(?:无|暂无|没有|无。|无问题)*$")


def _strip_subheadings(text: str) -> str:
    lines = [ln for ln in text.splitlines() if not _SUBHEADING.match(ln)]
    body = "".join(lines)
    body = re.sub(r"[\s　。．.；;：:、，,（）()#*\-]", "", body)
    body = re.sub(r"[一二三四五六七八九十\d]", "", body)  # leftover enumerators
    return body


@rule("section5.empty", "warning", "第五部分（存在的主要问题及改进情况）为空或只写“无”")
def section5_empty(report: Report, previous: Report | None = None) -> Iterator[m.Hit]:
    sec = report.sections.get("problems")
    if sec is None or not sec.present:
        return
    body = _strip_subheadings(sec.text)
    if not _EMPTY_WORDS.match(body):
        return
    title = m.heading(report, "problems")
    yield m.Hit(
        where=m.where_section(report, "problems"),
        message=f"“{title}”部分{'只写了“无”' if body else '是空的'}。请如实写明本年度政府信息公开工作存在的主要问题和改进措施（包括上一年度问题的整改情况）。",
        source=sec.source,
        section="problems",
    )


# ---------------------------------------------------------------- section6.fee_statement

_FEE_STATED = (
    re.compile(r"信息处理费" + _CLAUSE + r"{0,30}(?:\d|未|没有|无|零|不|免)"),
    re.compile(r"(?:未|没有|无|不|免)" + _CLAUSE + r"{0,12}信息处理费"),
    re.compile(r"(?:收取|收费)" + _CLAUSE + r"{0,20}?\d+(?:\.\d+)?\s*(?:元|万元)"),
    re.compile(r"(?:未|没有|不|免于?)(?:收取|收)" + _CLAUSE + r"{0,20}?费"),
    # 未发生收费情况 / 没有产生任何费用 / 不存在收费行为: a statement that nothing was charged
    re.compile(r"(?:未|没有|无|不存在)" + _CLAUSE + r"{0,8}?(?:收费|费用)"),
)


@rule("section6.fee_statement", "warning", "2021年版格式：第六部分未说明信息处理费收取情况")
def section6_fee_statement(report: Report, previous: Report | None = None) -> Iterator[m.Hit]:
    year = report.metadata.year
    # The 2021 template asks for the statement; a report on the 2019 template (template.mismatch
    # says so when the year requires 2021) is not also blamed for the 2021 template's section 六.
    # Nor is a 2020 report on the 2021 template: both the year and the template must ask for it.
    by_year = year is None or year >= catalog.FIRST_2021_TEMPLATE_YEAR
    by_template = (report.tables.template or c.template_of(report)) == catalog.TEMPLATE_2021
    applies = by_year and by_template
    sec = report.sections.get("other")
    if not applies or sec is None or not sec.present:
        return
    text = sec.text.replace("\n", "")  # prose wrapped over lines (layout text, PDF) is one sentence
    if any(p.search(text) for p in _FEE_STATED):
        return
    title = m.heading(report, "other")
    yield m.Hit(
        where=m.where_section(report, "other"),
        message=(
            f"“{title}”部分没有说明本年度收取信息处理费的情况。2021年版格式要求在这一部分报告"
            f"依据《政府信息公开信息处理费管理办法》收取信息处理费的情况；没有收取的，请写明“本年度未收取信息处理费”。"
        ),
        source=sec.source,
        section="other",
    )


# ---------------------------------------------------------------- text.template_leftover

_LEFTOVERS = re.compile(
    r"[（(]文字描述[)）]"
    r"|或者是创新情况"
    r"|此处填写|在此填写|请根据实际情况填写"  # not 请填写: “申请人请填写申请表” is real prose
    r"|20[Xx×ＸＸ]{2}年"
    r"|(?:XX|xx|ＸＸ|××|ｘｘ)(?=(?:镇|乡|街道|县|市|区|人民政府|年|月|日|单位|部门|条|件))"
)


@rule("text.template_leftover", "warning", "正文留有模板说明文字")
def text_template_leftover(report: Report, previous: Report | None = None) -> Iterator[m.Hit]:
    for part in c.text_parts(report):
        for mt in _LEFTOVERS.finditer(part.text):
            snip = m.snippet(part.text, mt.start(), mt.end())
            yield m.Hit(
                where=m.where_text(report, part.section, snip),
                message=f"正文“{snip}”中的“{mt.group(0)}”是模板里的说明或占位文字，请删去，换成本单位的实际内容。",
                section=part.section,
                pos=part.offset + mt.start(),
                source=_section_source(report, part.section),
            )


def _section_source(report: Report, key: str | None):
    sec = report.sections.get(key) if key else None
    return sec.source if sec else None


# ---------------------------------------------------------------- text.foreign_unit

# Another level or body named as the author: “我县/我区/我市” doing the work, “我局/本部门”.
_AUTHOR_VERBS = (
    "共|全年|本年|今年|年内|主动公开|公开|收到|受理|认真|积极|坚持|严格|始终|进一步|高度重视|未|无|将|把|按照|结合|"
    "通过|政府信息公开工作|政务公开工作|不断|全面|切实|扎实|围绕|深入|持续|加强|制定|建立|健全|明确|成立"
)
_OTHER_LEVEL = re.compile(r"(?:我|本)(?:县|区|市)(?!场|民|级)(?=(?:" + _AUTHOR_VERBS + "))|(?:我|本)(?:局|委(?!员)|部门)")
_TYPE_WORDS = {
    "镇": re.compile(r"(?:我|本)(?:乡(?!镇|村)|街道)"),
    "乡": re.compile(r"(?:我|本)(?:镇|街道)"),
    "街道": re.compile(r"(?:我|本)(?:镇|乡(?!镇|村))"),
}
_NAMED_AUTHOR = re.compile(
    r"现将([\u4e00-\u9fff]{2,8}?(?:街道办事处|街道|镇|乡))"
    r"|([\u4e00-\u9fff]{2,8}?(?:街道办事处|街道|镇|乡))(?:人民政府|政府|办事处)?(?:\d{4})年度?政府信息公开工作(?:年度)?报告"
)
_NAME_PREFIXES = re.compile(r"^(?:现将|关于上报|关于报送|关于印发|关于|上报|报送|印发|附件|附|将)[：:]?")


def _same_body(name: str, own: str) -> bool:
    own = re.sub(r"(人民政府|政府|办事处)$", "", own)
    return name.endswith(own) or own.endswith(name) or own in name


@rule("text.foreign_unit", "warning", "正文把其他单位或其他层级写成了报告主体")
def text_foreign_unit(report: Report, previous: Report | None = None) -> Iterator[m.Hit]:
    kind = c.township_kind(report)
    own = report.metadata.organization
    if kind is None or not own:
        return
    seen: dict[tuple[str | None, str], list] = {}
    for part in c.text_parts(report):
        hits: list[tuple[int, int, str, str]] = []  # start, end, term, kind of problem
        for mt in _OTHER_LEVEL.finditer(part.text):
            hits.append((mt.start(), mt.end(), mt.group(0), "level"))
        for mt in _TYPE_WORDS[kind].finditer(part.text):
            hits.append((mt.start(), mt.end(), mt.group(0), "type"))
        for mt in _NAMED_AUTHOR.finditer(part.text):
            raw = mt.group(1) or mt.group(2)
            name = _NAME_PREFIXES.sub("", raw)
            if len(name) >= 3 and not name.startswith(("我", "本", "全", "各")) and not _same_body(name, own):
                start = mt.start(1) if mt.group(1) else mt.start(2)
                hits.append((start, start + len(raw), name, "name"))
        for start, end, term, why in sorted(hits):
            key = (part.section, term)
            if key in seen:
                seen[key][1] += 1
                continue
            seen[key] = [(part, start, end, why), 1]
    for (section, term), ((part, start, end, why), count) in sorted(seen.items(), key=lambda kv: kv[1][0][0].offset + kv[1][0][1]):
        snip = m.snippet(part.text, start, end)
        times = f"（本部分共 {count} 处）" if count > 1 else ""
        if why == "name":
            msg = f"正文“{snip}”把“{term}”写成了报告单位{times}，但本报告是{own}的报告。可能照搬了其他单位的报告，请改为本单位。"
        else:
            msg = (
                f"正文“{snip}”中的“{term}”不是本单位的自称{times}：本报告是{own}的报告，应写“我{kind}”或“{own}”。"
                f"可能照搬了其他单位或上级的报告，请改为本单位的情况。"
            )
        yield m.Hit(
            where=m.where_text(report, section, snip),
            message=msg,
            section=section,
            pos=part.offset + start,
            source=_section_source(report, section),
        )


# ---------------------------------------------------------------- text.repeated

PROSE_SECTIONS = ("overview", "problems", "other")
REPEATED_SHARE = 0.8  # share of the text (by characters of its sentences) found in last year's
REPEATED_MIN_CHARS = 200  # shorter texts are too short to judge
_NORMALIZE = re.compile(r"[\s　\d０-９,，、：:（）()“”\"'《》#*\-]")


def _sentences(report: Report) -> list[str]:
    texts = [report.sections[k].text for k in PROSE_SECTIONS if k in report.sections and report.sections[k].text]
    if not texts:
        texts = [report.text]
    out = []
    for t in texts:
        for s in c.SENTENCE_SPLIT.split(t):
            n = _NORMALIZE.sub("", s)  # years and counts change, the wording stays
            if len(n) >= 8:
                out.append(n)
    return out


@rule("text.repeated", "warning", "正文大部分照搬上一年度报告", needs_previous=True)
def text_repeated(report: Report, previous: Report | None = None) -> Iterator[m.Hit]:
    if previous is None:
        return
    cur = _sentences(report)
    prev = set(_sentences(previous))
    total = sum(len(s) for s in cur)
    if total < REPEATED_MIN_CHARS or not prev:
        return
    same = [s for s in cur if s in prev]
    share = sum(len(s) for s in same) / total
    if share < REPEATED_SHARE:
        return
    year = previous.metadata.year
    last = f"{year}年度" if year else "上一年度"
    yield m.Hit(
        where="、".join(m.heading(report, k) for k in PROSE_SECTIONS if k in report.sections) or "正文",
        message=(
            f"正文约 {round(share * 100)}% 与{last}报告相同（{len(cur)} 句中有 {len(same)} 句只改了数字或年份）。"
            f"年度报告应写本年度的实际工作、问题和改进情况，请按本年情况重写。"
        ),
        section="overview",
    )
