"""Prose rules beside the tables: sections 五 and 六, template leftovers, foreign authors, and
text copied from last year's report. Conservative like `narrative`: a warning a clerk cannot
act on costs more than a missed one."""

from __future__ import annotations

import re
from collections.abc import Iterator

from annual_report import catalog
from annual_report.model import Report
from annual_report.rules import common as c
from annual_report.rules import messages as m
from annual_report.rules.narrative import CLAUSE as _CLAUSE
from annual_report.rules.registry import rule

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
    # 全年未出现政府信息公开的收费及减免情况: nothing occurred, said at more length
    re.compile(r"(?:未|没有|无)(?:出现|发生|产生|涉及)" + _CLAUSE + r"{0,16}?(?:收费|费用)"),
)


@rule("section6.fee_statement", "warning", "2021年版格式：第六部分未说明信息处理费收取情况")
def section6_fee_statement(report: Report, previous: Report | None = None) -> Iterator[m.Hit]:
    year = report.metadata.year
    # The statement is owed by the report's year (2021 on), whatever tables it used: a 2022
    # report on the 2019 tables (template.mismatch) still owes it, a 2020 report on the 2021
    # tables does not. Without a year, the template decides.
    if year is not None:
        applies = year >= catalog.FIRST_2021_TEMPLATE_YEAR
    else:
        applies = (report.tables.template or c.template_of(report)) == catalog.TEMPLATE_2021
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
