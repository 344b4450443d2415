"""Narrative: the prose against the tables (`narrative.conflict`). Sections 五 and 六, template
leftovers, foreign authors and text copied from last year's report are in `prose`.

The heuristics are conservative: a warning a clerk cannot act on costs more than a missed
one. Each pattern is checked against the five seed reports, whose legitimate phrases
(在县委、县政府的正确领导下, 按照区委、区政府的要求, 我乡镇, 未经复议直接起诉 …) must not fire.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from annual_report import catalog
from annual_report.extract.normalize import unwrap
from annual_report.model import Number, Report
from annual_report.rules import common as c
from annual_report.rules import messages as m
from annual_report.rules.registry import rule

T2, T3 = "applications", "appeals"
CLAUSE = r"[^。；;，,！!？?\n\t]"  # stays inside one clause
_CLAUSE = CLAUSE


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
    (
        re.compile("(?P<verb>收到|受理|接收|接到|新收|办理)" + _CLAUSE + "{0,20}?" + _APP_OBJ + r"[^。；;，,0-9\n\t]{0,8}?(\d+)" + _UNIT),
        None,
    ),
    (re.compile(r"依申请公开[^。；;，,0-9\n\t]{0,10}?(\d+)" + _UNIT), None),
)


def _appeal_patterns(keyword: str) -> tuple[tuple[re.Pattern[str], int | None], ...]:
    return (
        (re.compile("(?:未|没有)" + _VERBS + _CLAUSE + "{0,40}?" + keyword + _NO_OUTCOME), 0),
        (re.compile("无(?:政府信息公开)?" + keyword + _NO_OUTCOME), 0),
        (re.compile(keyword + r"(?P<gap>[^。；;，,0-9\n\t]{0,10}?)(\d+)" + _UNIT), None),
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
        raw = unwrap(part.text)
        text = _prose(raw)
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
                            m.snippet(raw, mt.start(), mt.end(), 0),
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


def _table_count(report: Report, topic: str) -> tuple[Number | None, str, str]:
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
        counts = [v for v in four if isinstance(v, int)]
        if len(counts) != len(four):
            return set()
        total += sum(counts)
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
