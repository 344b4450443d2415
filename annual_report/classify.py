"""Is this file an annual report on government information disclosure?

Decided from what extraction found, not from words alone: a meeting summary about 政务公开
mentions the same words, but it has neither the six section headings nor the statistical
tables. A cover letter in front of the report (seed 000), a missing title (seed 004) and a
report calling itself 工作总结 are still reports, because their structure is.
"""

from __future__ import annotations

import re

from annual_report.document import Document
from annual_report.errors import UnreadableDocument
from annual_report.model import SECTION_ORDER, Classification, Report
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
_NOTICE = re.compile(r"关于[^。\n]{0,40}?(?:年度报告|年报)[^。\n]{0,20}?的通知|[^。\n]{0,30}的通知$", re.M)


def classify(
    sniffed: Sniffed,
    document: Document | None = None,
    report: Report | None = None,
    error: UnreadableDocument | None = None,
) -> Classification:
    fmt = sniffed.format if sniffed.format in ("pdf", "docx", "text") else "unknown"
    if error is not None or document is None or report is None:
        reason = error.reason if error is not None else "文件无法读取"
        return Classification(
            kind="unreadable",
            format=fmt,  # type: ignore[arg-type]
            confidence=0.95,
            reasons=[reason],
            detected_type=(error.detected_type if error and error.detected_type else sniffed.detected_type),
            reason_code=error.code if error is not None else "unreadable",
        )
    text = report.text
    visible = len(text) - sum(map(text.count, (" ", "\n", "\t", "\u3000")))
    garbled = text.count("\ufffd")
    base = dict(format=fmt, detected_type=document.detected_type or sniffed.detected_type, ocr_pages=list(document.ocr_pages))
    if visible < _MIN_CHARS:
        return Classification(
            kind="unreadable", confidence=0.9, reasons=[f"文件几乎没有文字（{visible} 个字符）"], reason_code="empty", **base
        )  # type: ignore[arg-type]
    if garbled > visible * _GARBLED_SHARE:
        return Classification(
            kind="unreadable",
            confidence=0.9,
            reasons=[f"文字无法解码（{garbled} 处乱码），可能编码错误或文件已损坏"],
            reason_code="garbled",
            **base,
        )  # type: ignore[arg-type]

    sections = [k for k in SECTION_ORDER if report.sections.get(k) and report.sections[k].present]
    t = report.tables
    tables = [k for k in _TABLE_NAMES if getattr(t, k) is not None]
    meta = report.metadata
    title_ok = bool(meta.title and "政府信息公开" in meta.title)
    mentions = text.count("政府信息公开") + text.count("政务公开")

    reasons: list[str] = []
    if sections:
        reasons.append(f"找到 {len(sections)}/6 个部分标题：" + "、".join(_SECTION_NAMES[k] for k in sections))
    else:
        reasons.append("没有找到年度报告的部分标题（总体情况、主动公开政府信息情况……）")
    if tables:
        reasons.append(f"读出 {len(tables)}/3 张统计表：" + "、".join(_TABLE_NAMES[k] for k in tables))
    else:
        reasons.append("没有找到三张统计表中的任何一张")

    score = len(sections) / 6 * 0.45 + len(tables) / 3 * 0.4 + (0.1 if title_ok else 0) + min(mentions, 10) / 200
    is_report = len(tables) >= 2 or (len(sections) >= 3 and len(tables) >= 1) or len(sections) >= 5 or (title_ok and len(sections) >= 3)
    notice = _NOTICE.search(text[:600])
    if is_report and not tables and notice:
        # A notice about compiling the reports names the six parts, but has no table.
        reasons.append(f"这是一份通知（“{notice.group()}”），不是政府信息公开工作年度报告本身")
        reasons.extend(document.notes)
        return Classification(kind="not_report", confidence=0.85, reasons=reasons, **base)  # type: ignore[arg-type]
    template_title = bool(meta.title and re.search(r"模板|样表|[Xx×ＸＸ]{2}年", meta.title))
    if is_report and _numbers(report) == 0 and meta.year is None and (meta.organization is None or template_title):
        # The official blank template: its headings and tables, but no number, no year, no body.
        reasons.append("这是空白的年度报告模板：表格中没有填任何数字，也没有报告单位和年度，不是一份年度报告")
        reasons.extend(document.notes)
        return Classification(kind="not_report", confidence=0.9, reasons=reasons, **base)  # type: ignore[arg-type]
    if is_report:
        if meta.title:
            reasons.append(f"标题：{meta.title}")
        else:
            reasons.append("没有标题，按部分标题和统计表判断为年度报告")
        if meta.document_number:
            reasons.append(f"正文前有报送函（{meta.document_number}），年度报告在其后")
        if "工作总结" in text[:2000]:
            reasons.append("文中自称“工作总结”，但结构是政府信息公开工作年度报告")
        reasons.extend(document.notes)
        return Classification(
            kind="annual_report", template=t.template, confidence=round(min(0.99, 0.5 + score / 2), 3), reasons=reasons, **base
        )  # type: ignore[arg-type]
    head = text[:400]
    for word, what in (("会议纪要", "会议纪要"), ("纪要", "会议纪要"), ("通知", "通知"), ("总结", "工作总结"), ("方案", "工作方案")):
        if word in head:
            reasons.append(f"开头像一份{what}，不是政府信息公开工作年度报告")
            break
    if mentions == 0:
        reasons.append("全文没有提到“政府信息公开”")
    reasons.extend(document.notes)
    return Classification(kind="not_report", confidence=round(min(0.99, 1 - score), 3), reasons=reasons, **base)  # type: ignore[arg-type]


def _numbers(report: Report) -> int:
    """How many table cells hold a number."""
    t = report.tables
    n = sum(1 for row in (t.active_disclosure or {}).values() for c in row.values() if c.value is not None)
    n += sum(1 for row in (t.applications or {}).values() for c in row if c.value is not None)
    n += sum(1 for row in (t.appeals or {}).values() for c in row if c.value is not None)
    return n
