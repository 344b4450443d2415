"""What the mails about a submission say: receipt, findings, a dismissed or rejected file,
the reviewer's assignment. Each builder returns (subject, blocks)."""

from __future__ import annotations

from annual_report.model import Finding
from intake.notices.blocks import SEVERITY_ORDER, Block, Facts, FindingList, Items, Link, P, Quote, when
from intake.notices.models import (
    AssignmentNotice,
    DismissedNotice,
    FindingsNotice,
    NoticeBase,
    ReceiptNotice,
    RejectedFileNotice,
)

Text = tuple[str, list[Block]]
FOOTER = P("此邮件由年报受理系统自动发送。如有疑问，请直接回复本邮件（回复会转交审核人员），或联系县政府办公室。")
SEND_WHAT = (
    "请发送本单位《政府信息公开工作年度报告》全文，包含正文各部分和三张统计表格；"
    "支持 PDF（以 Word/WPS 导出的为佳，扫描件也可识别）、Word（.docx/.doc/.wps）、网页（.html/.mht）或纯文本（.txt）格式，作为邮件附件或在网上提交。"
)
OCR_NOTE = P(
    "说明：您提交的是扫描件（或图片），报告中的数字由系统从扫描图像中识别（OCR）读取，"
    "可能有识别误差。请对照原件核对上述涉及的数字；如确为识别错误，可回复本邮件说明，或改发由 Word/WPS 直接导出的文件。",
    strong=True,
)


def report_title(org: str | None, year: int | None) -> str:
    o = org or "本单位"
    return f"{o}{year}年政府信息公开工作年度报告" if year else f"{o}政府信息公开工作年度报告"


def greeting(n: NoticeBase) -> P:
    name = n.to[0].name if n.to and n.to[0].name else None
    return P(f"{name}：您好！" if name else "您好！")


def link(n: NoticeBase, label: str = "查看案件") -> list[Block]:
    url = n.case_url or ""
    return [Link(label, url)] if url.startswith(("http://", "https://")) else []


def _counts(findings: list[Finding]) -> tuple[int, int, int]:
    e = sum(1 for f in findings if f.severity == "error")
    w = sum(1 for f in findings if f.severity == "warning")
    return e, w, sum(1 for f in findings if f.severity == "info")


def receipt(n: ReceiptNotice) -> Text:
    subject = f"【年报受理】已收到您的报告（案件编号 {n.case_id}）"
    facts = [("案件编号", n.case_id), ("文件名", n.file_name), ("收到时间", when(n.received_at))]
    if n.organization:
        facts.append(("报送单位", n.organization))
    if n.year:
        facts.append(("报告年度", f"{n.year}年"))
    steps = [
        "系统将自动检查报告的结构、表格数据和计算关系，检查结果会另行邮件告知；",
        "检查完成后，报告将转交县政府办公室审核人员审核；",
        "审核结果（通过、退回修改或不予受理）将通过邮件通知您。",
    ]
    return subject, [
        greeting(n),
        P("我们已收到您报送的政府信息公开工作年度报告。"),
        Facts(facts),
        P("接下来："),
        Items(steps, ordered=True),
        P(f"如需补充或更正，请在邮件或网上提交时注明案件编号 {n.case_id}。"),
        *link(n),
        FOOTER,
    ]


def findings(n: FindingsNotice) -> Text:
    found = sorted(n.findings, key=lambda f: SEVERITY_ORDER[f.severity])  # stable: errors first
    e, w, i = _counts(found)
    report = report_title(n.organization, n.year)
    facts = [("案件编号", n.case_id), ("文件名", n.file_name)]
    if n.received_at:
        facts.append(("收到时间", when(n.received_at)))
    blocks: list[Block] = [greeting(n)]
    if n.received_at:
        blocks.append(P("我们已收到您报送的政府信息公开工作年度报告，并已完成自动检查。"))
    blocks.append(Facts(facts))
    received = "已收到，" if n.received_at else ""
    if not found:
        subject = f"【年报受理】{received}检查通过：未发现问题（案件编号 {n.case_id}）"
        blocks.append(P(f"《{report}》已完成自动检查，未发现问题。报告已转交审核人员审核，审核结果将另行通知。"))
    else:
        subject = f"【年报受理】{received}检查结果：{e} 个错误、{w} 个警告（案件编号 {n.case_id}）"
        blocks.append(P(f"《{report}》已完成自动检查，共发现 {e} 个错误、{w} 个警告" + (f"、{i} 条提示" if i else "") + "。"))
        blocks.append(FindingList(found))
        blocks.append(_what_next(e))
    if n.read_by_ocr:
        blocks.append(OCR_NOTE)
    if n.not_in_roster:
        blocks.append(
            P(
                "注意：系统无法确认报送单位（单位不在名单中，或提交人不是该单位登记的报送人员），"
                "报告已转交县政府办公室受理窗口人工确认，确认后再归入本单位案件。"
            )
        )
    return subject, [*blocks, *link(n), FOOTER]


def _what_next(errors: int) -> P:
    if errors:
        return P(
            "错误需要更正：请修改后重新提交（同一单位、同一年度的更正稿会并入本案件）。"
            "提示供参考，请核实。报告同时已转交审核人员，审核结果将另行通知。",
            strong=True,
        )
    return P("以上提示供参考，请核实。报告已转交审核人员审核，审核结果将另行通知。")


def dismissed(n: DismissedNotice) -> Text:
    subject = f"【年报受理】提交未予受理（记录编号 {n.case_id}）"
    return subject, [
        greeting(n),
        P("您提交的文件无法确认报送单位，经县政府办公室受理窗口核实，未予受理。"),
        Facts([("记录编号", n.case_id), ("文件名", n.file_name)]),
        Quote(n.reason, "理由"),
        P("如确属本单位报告，请由本单位登记的报送人员通过邮件或网上提交，或联系县政府办公室。"),
        FOOTER,
    ]


UNREADABLE_ADVICE = {
    "encrypted": "文件设置了密码或加密保护，请取消保护后重新发送。",
    "scanned": "文件是扫描件或图片，无法读取文字，请发送由 Word/WPS 直接导出的 PDF 或 Word 原文件。",
    "garbled": "文件中的文字无法正确解码（可能是字体或编码问题），请重新导出 PDF 或改发 Word（.docx）原文件。",
    "corrupt": "文件已损坏或不完整，请重新导出后发送。",
    "unsupported": "该文件格式无法处理。旧版 .doc、.wps 文件请另存为 .docx 或导出 PDF 后发送。",
    "too_large": "文件过大，请删除不必要的图片后重新导出再发送。",
    "timeout": "文件处理超时，请删除不必要的图片后重新导出再发送。",
    "empty": "文件中几乎没有文字，请确认发送的是报告全文。",
}


def rejected_file(n: RejectedFileNotice) -> Text:
    facts = Facts([("记录编号", n.record_id), ("文件名", n.file_name)])
    reasons = n.reasons or (["文件无法读取"] if n.kind == "unreadable" else ["文件内容不是年度报告"])
    if n.kind == "not_report":
        subject = f"【年报受理】所发文件不是年度报告（记录编号 {n.record_id}）"
        lead = "您发送的文件经检查不是政府信息公开工作年度报告，未予受理。原因："
        advice = SEND_WHAT
    else:
        subject = f"【年报受理】文件无法读取（记录编号 {n.record_id}）"
        lead = "您发送的文件无法读取，未予受理。原因："
        advice = UNREADABLE_ADVICE.get(n.reason_code or "", "") + SEND_WHAT
    return subject, [greeting(n), P(lead), Items(reasons), facts, P("请这样做：" + advice, strong=True), *link(n, "查看记录"), FOOTER]


def assignment(n: AssignmentNotice) -> Text:
    report = report_title(n.organization, n.year)
    subject = f"【年报审核】待审核：{report}（案件编号 {n.case_id}）"
    facts = [("案件编号", n.case_id), ("报送单位", n.organization), ("所属", n.county)]
    if n.year:
        facts.append(("报告年度", f"{n.year}年"))
    facts.append(("自动检查", f"{n.errors} 个错误、{n.warnings} 个警告、{n.infos} 条提示"))
    if n.resubmission:
        facts.append(("版本", f"第 {n.resubmission} 次更正稿"))
    blocks: list[Block] = [
        P(f"{n.reviewer_name}：您好！"),
        P(f"《{report}》已完成自动检查，分配给您审核。"),
        Facts(facts),
    ]
    if n.not_in_roster:
        blocks.append(P("注意：报送单位不在报送单位名单中，请先确认单位后再审核。", strong=True))
    blocks.append(P("请在系统中查看报告和检查结果，并作出决定：通过、退回修改（须填写意见）或不予受理（须填写理由）。"))
    return subject, [*blocks, *link(n, "审核链接"), FOOTER]
