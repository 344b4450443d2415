"""Is this file an annual report on government information disclosure?

Decided from what extraction found, not from words alone: a meeting summary about 政务公开
mentions the same words, but it has neither the six section headings nor the statistical
tables. A cover letter in front of the report (seed 000), a missing title (seed 004) and a
report calling itself 工作总结 are still reports, because their structure is.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from annual_report.catalog import tables_without_rows
from annual_report.document import Document
from annual_report.errors import UnreadableDocument
from annual_report.model import SECTION_ORDER, Classification, Format, Kind, Report
from annual_report.sniff import Sniffed

_SECTION_NAMES = {
    "overview": "总体情况",
    "active_disclosure": "主动公开",
    "applications": "依申请公开",
    "appeals": "复议诉讼",
    "problems": "问题及改进",
    "other": "其他事项",
}
_TABLE_NAMES = {"active_disclosure": "主动公开表", "applications": "依申请表", "appeals": "复议诉讼表"}
# Share of U+FFFD (undecodable bytes) above which the text is not worth reading.
_GARBLED_SHARE = 0.05
_MIN_CHARS = 30
_CITED = re.compile(r"《[^》\n]{0,80}》")  # a document cited by its title
_NOTICE = re.compile(r"关于[^。\n]{0,40}?(?:年度报告|年报)[^。\n]{0,20}?的通知|[^。\n]{0,30}的通知$", re.M)


# The formats a classification names; any other sniffed format is "unknown".
_FORMATS: dict[str, Format] = {"pdf": "pdf", "docx": "docx", "text": "text"}

# Two years' reports set side by side (“2023年与2024年…对比分析”): about reports, not one.
_LINE_BREAK = re.compile(r"[ \t\u3000]*\n[ \t\u3000]*")
_COMPARISON = re.compile(r"((?:19|20)\d\d)\s*年度?\s*(?:与|和|、|及|同)\s*((?:19|20)\d\d)\s*年度?[^。\n]{0,60}?(?:对比|比较|对照)")


def classify(
    sniffed: Sniffed,
    document: Document | None = None,
    report: Report | None = None,
    error: UnreadableDocument | None = None,
) -> Classification:
    fmt = _FORMATS.get(sniffed.format, "unknown")
    if error is not None or document is None or report is None:
        reason = error.reason if error is not None else "文件无法读取"
        return Classification(
            kind="unreadable",
            format=fmt,
            confidence=0.95,
            reasons=[reason],
            detected_type=(error.detected_type if error and error.detected_type else sniffed.detected_type),
            reason_code=error.code if error is not None else "unreadable",
        )
    base = _Base(format=fmt, detected_type=document.detected_type or sniffed.detected_type, ocr_pages=list(document.ocr_pages))
    return _unreadable_text(report.text, base) or _judge(document, report, base)


@dataclass
class _Base:
    """What every classification of a read document carries."""

    format: Format
    detected_type: str | None
    ocr_pages: list[int]

    def make(self, kind: Kind, confidence: float, reasons: list[str], **more: Any) -> Classification:
        return Classification(kind=kind, confidence=confidence, reasons=reasons, **asdict(self), **more)


def _unreadable_text(text: str, base: _Base) -> Classification | None:
    visible = len(text) - sum(map(text.count, (" ", "\n", "\t", "\u3000")))
    garbled = text.count("\ufffd")
    if visible < _MIN_CHARS:
        return base.make("unreadable", 0.9, [f"文件几乎没有文字（{visible} 个字符）"], reason_code="empty")
    if garbled > visible * _GARBLED_SHARE:
        reasons = [f"文字无法解码（{garbled} 处乱码），可能编码错误或文件已损坏"]
        return base.make("unreadable", 0.9, reasons, reason_code="garbled")
    return None


def _judge(document: Document, report: Report, base: _Base) -> Classification:
    text = report.text
    sections = [k for k in SECTION_ORDER if report.sections.get(k) and report.sections[k].present]
    t = report.tables
    tables = [k for k in _TABLE_NAMES if getattr(t, k) is not None]
    meta = report.metadata
    title_ok = bool(meta.title and "政府信息公开" in meta.title)
    mentions = text.count("政府信息公开") + text.count("政务公开")
    reasons = _structure_reasons(sections, tables)
    score = len(sections) / 6 * 0.45 + len(tables) / 3 * 0.4 + (0.1 if title_ok else 0) + min(mentions, 10) / 200
    is_report = len(tables) >= 2 or (len(sections) >= 3 and len(tables) >= 1) or len(sections) >= 5 or (title_ok and len(sections) >= 3)
    lookalike = _lookalike(report, tables, sections, is_report)
    if lookalike is not None:
        return base.make("not_report", 0.85, reasons + [lookalike] + document.notes)
    if is_report:
        reasons.extend(_report_reasons(report))
        confidence = round(min(0.99, 0.5 + score / 2), 3)
        return base.make("annual_report", confidence, reasons + document.notes, template=t.template)
    head = _CITED.sub("", text[:400])  # a cited 《…的通知》 does not make a notice
    for word, what in (("会议纪要", "会议纪要"), ("纪要", "会议纪要"), ("通知", "通知"), ("总结", "工作总结"), ("方案", "工作方案")):
        if word in head:
            reasons.append(f"开头像一份{what}，不是政府信息公开工作年度报告")
            break
    if mentions == 0:
        reasons.append("全文没有提到“政府信息公开”")
    return base.make("not_report", round(min(0.99, 1 - score), 3), reasons + document.notes)


def _structure_reasons(sections: list[str], tables: list[str]) -> list[str]:
    reasons: list[str] = []
    if sections:
        reasons.append(f"找到 {len(sections)}/6 个部分标题：" + "、".join(_SECTION_NAMES[k] for k in sections))
    else:
        reasons.append("没有找到年度报告的部分标题（总体情况、主动公开政府信息情况……）")
    if tables:
        reasons.append(f"读出 {len(tables)}/3 张统计表：" + "、".join(_TABLE_NAMES[k] for k in tables))
    else:
        reasons.append("没有找到三张统计表中的任何一张")
    return reasons


def _lookalike(report: Report, tables: list[str], sections: list[str], is_report: bool) -> str | None:
    """Why a document that looks like a report is none: a notice about compiling the reports,
    the official blank template, two years' reports compared, a report of the old format."""
    text, meta = report.text, report.metadata
    notice = _NOTICE.search(_CITED.sub("", text[:600]))
    if not tables and notice:
        # A notice about compiling the reports names the six parts, but has no table.
        return f"这是一份通知（“{notice.group()}”），不是政府信息公开工作年度报告本身"
    template_title = bool(meta.title and re.search(r"模板|样表|[Xx×ＸＸ]{2}年", meta.title))
    # A template flattened from a web page with no separators keeps its labels but no heading or
    # table the readers can find; its title and the rows of all three tables still tell it.
    template_text = template_title and not tables_without_rows(text)
    if (is_report or template_text) and _numbers(report) == 0 and meta.year is None and (meta.organization is None or template_title):
        # The official blank template: its headings and tables, but no number, no year, no body.
        return "这是空白的年度报告模板：表格中没有填任何数字，也没有报告单位和年度，不是一份年度报告"
    # lines wrapped by a layout (a title over two lines, 对比 cut) are read joined; 。 bounds it
    compared = _COMPARISON.search((meta.title or "") + "\n" + _LINE_BREAK.sub("", text[:600]))
    if compared and compared.group(1) != compared.group(2) and len(tables) < 3:
        return f"这是两个年度报告的对比（“{compared.group()}”），不是一份政府信息公开工作年度报告"
    return _old_format(report, tables, sections)


# The part of the pre-2019 format that the current one folded into 其他需要报告的事项.
# Its heading may stand inside a line (a web page's text flattened: …推进。四、政府信息公开的收费及减免情况本年度…).
_OLD_PART = re.compile(r"(?:^|[。；！\s])[一二三四五六七八九十]{1,2}\s*[、.．]\s*[^\n。；]{0,10}收费及减免", re.M)
FIRST_CURRENT_FORMAT_YEAR = 2019  # the 2019 revision of the 条例 brought the tabular format


def _old_format(report: Report, tables: list[str], sections: list[str]) -> str | None:
    """A report of the format before 2019 (2008–2018: counts in prose, 收费及减免 a part of its
    own, none of the current tables): a report, but not one this check can take."""
    year = report.metadata.year
    old_part = _OLD_PART.search(report.text)
    if tables or (len(sections) < 3 and not old_part) or not ((year and year < FIRST_CURRENT_FORMAT_YEAR) or (year is None and old_part)):
        return None
    which = f"{year}年度" if year else ""
    why = "有“政府信息公开收费及减免情况”一节，" if old_part else ""
    return (
        f"这是按旧格式（2019年以前）编写的{which}政府信息公开工作年度报告：{why}没有现行格式的三张统计表。"
        "请按现行格式（国办公开办函〔2021〕30号）编写本年度的报告后提交"
    )


def _report_reasons(report: Report) -> list[str]:
    meta, text = report.metadata, report.text
    reasons = [f"标题：{meta.title}" if meta.title else "没有标题，按部分标题和统计表判断为年度报告"]
    if meta.document_number:
        reasons.append(f"正文前有报送函（{meta.document_number}），年度报告在其后")
    if "工作总结" in text[:2000]:
        reasons.append("文中自称“工作总结”，但结构是政府信息公开工作年度报告")
    return reasons


def _numbers(report: Report) -> int:
    """How many table cells hold a number."""
    t = report.tables
    n = sum(1 for row in (t.active_disclosure or {}).values() for c in row.values() if c.value is not None)
    n += sum(1 for row in (t.applications or {}).values() for c in row if c.value is not None)
    n += sum(1 for row in (t.appeals or {}).values() for c in row if c.value is not None)
    return n
