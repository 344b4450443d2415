"""Notification e-mails, in Chinese, plain text + HTML. Pure: no clock, no I/O.

Each notice is a pydantic model (usable as a Temporal activity argument); `compose(notice,
sender)` turns it into an `EmailMessage`. Both parts are rendered from one list of blocks
(paragraph, facts, list, quote, link), so the plain text and the HTML say the same thing and
every value is escaped in one place.

The message is byte-for-byte deterministic for the same notice: Message-ID
`<sha256(key)[:32]@report-intake>`, Date from the notice, and a MIME boundary derived from
the key. A retried activity therefore builds the very same message.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from email.headerregistry import Address, HeaderRegistry
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Annotated, Any, Literal, Protocol

from pydantic import BaseModel, Field

from annual_report.model import SEVERITY_ZH, Finding

SENDER_NAME = "县政府办公室 年报受理"
HEADER_REGISTRY = HeaderRegistry()
MESSAGE_ID_DOMAIN = "report-intake"
SEVERITY_LABEL = SEVERITY_ZH
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
_SEVERITY_COLOR = {"error": "#b00020", "warning": "#8a5a00", "info": "#555555"}


def message_id(key: str) -> str:
    return f"<{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}@{MESSAGE_ID_DOMAIN}>"


# ---------------------------------------------------------------------------- notices


class Recipient(BaseModel):
    email: str
    name: str | None = None


class _Notice(BaseModel):
    key: str  # unique per message intent, e.g. "case/<id>/receipt/<sha>"; gives the Message-ID
    to: list[Recipient]
    date: datetime  # supplied by the caller (workflow time), for determinism
    in_reply_to: str | None = None  # Message-ID of the clerk's e-mail, to thread the answer
    case_url: str | None = None  # link into the web app, when there is one


class ReceiptNotice(_Notice):
    kind: Literal["receipt"] = "receipt"
    case_id: str
    file_name: str
    received_at: datetime
    organization: str | None = None
    year: int | None = None


class FindingsNotice(_Notice):
    """The findings; with `received_at`, also the receipt (one mail: the check is done by the
    time the case has the file)."""

    kind: Literal["findings"] = "findings"
    case_id: str
    file_name: str
    organization: str | None = None
    year: int | None = None
    findings: list[Finding] = Field(default_factory=list)
    not_in_roster: bool = False  # unverified: the county's intake desk confirms the body first
    received_at: datetime | None = None


class DismissedNotice(_Notice):
    """The intake desk dismissed an unverified submission: the reason, to its sender."""

    kind: Literal["dismissed"] = "dismissed"
    case_id: str
    file_name: str
    reason: str


class RejectedFileNotice(_Notice):
    """A file that is not a report, or cannot be read. `reasons` come from the classifier."""

    kind: Literal["not_report", "unreadable"]
    record_id: str
    file_name: str
    reasons: list[str] = Field(default_factory=list)
    reason_code: str | None = None  # encrypted, scanned, garbled, unsupported, too_large, …


class AssignmentNotice(_Notice):
    kind: Literal["assignment"] = "assignment"
    case_id: str
    reviewer_name: str
    organization: str
    county: str
    year: int | None = None
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    not_in_roster: bool = False
    resubmission: int = 0  # 0 = first submission; n = n-th corrected version


class DecisionNotice(_Notice):
    kind: Literal["decision"] = "decision"
    case_id: str
    decision: Literal["approve", "return", "reject"]
    organization: str | None = None
    year: int | None = None
    reviewer_name: str
    comment: str | None = None  # required for return / reject (the reason)
    deadline: date | None = None  # for a returned case: resubmit by


class ReminderNotice(_Notice):
    """To the reviewer (reviewer), escalated to the county head (head), or to the clerk of a
    returned case before the deadline (clerk)."""

    kind: Literal["reminder"] = "reminder"
    audience: Literal["reviewer", "head", "clerk"]
    case_id: str
    organization: str | None = None
    year: int | None = None
    waiting_since: datetime | None = None  # reviewer / head: since when the case awaits review
    reviewer_name: str | None = None  # head: who has not decided
    deadline: date | None = None  # clerk: the report deadline
    comment: str | None = None  # clerk: the reviewer's comment when returning


class NoAttachmentNotice(_Notice):
    """For the mail gateway: an e-mail arrived without a usable report attached."""

    kind: Literal["no_attachment"] = "no_attachment"
    subject: str | None = None  # the subject of the clerk's e-mail
    received_at: datetime
    ignored: list[str] = Field(default_factory=list)  # "照片.jpg（图片）" …


Notice = Annotated[
    ReceiptNotice
    | FindingsNotice
    | RejectedFileNotice
    | AssignmentNotice
    | DecisionNotice
    | ReminderNotice
    | NoAttachmentNotice
    | DismissedNotice,
    Field(discriminator="kind"),
]


# ---------------------------------------------------------------------------- blocks


@dataclass(frozen=True)
class P:
    text: str
    strong: bool = False


@dataclass(frozen=True)
class Facts:
    rows: list[tuple[str, str]]


@dataclass(frozen=True)
class Items:
    items: list[str]
    ordered: bool = False


@dataclass(frozen=True)
class FindingList:
    findings: list[Finding]


@dataclass(frozen=True)
class Quote:
    text: str
    label: str


@dataclass(frozen=True)
class Link:
    label: str
    url: str


Block = P | Facts | Items | FindingList | Quote | Link


def _plain(blocks: list[Block]) -> str:
    out: list[str] = []
    for b in blocks:
        if isinstance(b, P):
            out.append(b.text)
        elif isinstance(b, Facts):
            out.append("\n".join(f"{k}：{v}" for k, v in b.rows))
        elif isinstance(b, Items):
            out.append("\n".join(f"{i}. {t}" if b.ordered else f"- {t}" for i, t in enumerate(b.items, 1)))
        elif isinstance(b, FindingList):
            lines = []
            for i, f in enumerate(b.findings, 1):
                lines.append(f"{i}. 【{SEVERITY_LABEL[f.severity]}】{_where(f)}")
                lines.append(f"   {f.message}")
            out.append("\n".join(lines))
        elif isinstance(b, Quote):
            out.append(f"{b.label}：\n" + "\n".join("> " + line for line in b.text.splitlines() or [""]))
        elif isinstance(b, Link):
            out.append(f"{b.label}：{b.url}")
    return "\n\n".join(out) + "\n"


def _e(s: str) -> str:
    return html.escape(s, quote=True)


def _html(title: str, blocks: list[Block]) -> str:
    parts: list[str] = []
    for b in blocks:
        if isinstance(b, P):
            text = _e(b.text).replace("\n", "<br>")
            parts.append(f"<p><strong>{text}</strong></p>" if b.strong else f"<p>{text}</p>")
        elif isinstance(b, Facts):
            rows = "".join(
                f'<tr><th style="text-align:left;padding:2px 12px 2px 0;color:#555">{_e(k)}</th><td>{_e(v)}</td></tr>' for k, v in b.rows
            )
            parts.append(f"<table>{rows}</table>")
        elif isinstance(b, Items):
            tag = "ol" if b.ordered else "ul"
            parts.append(f"<{tag}>" + "".join(f"<li>{_e(t)}</li>" for t in b.items) + f"</{tag}>")
        elif isinstance(b, FindingList):
            items = "".join(
                f'<li><span style="color:{_SEVERITY_COLOR[f.severity]};font-weight:bold">'
                f"【{_e(SEVERITY_LABEL[f.severity])}】</span>{_e(_where(f))}<br>{_e(f.message)}</li>"
                for f in b.findings
            )
            parts.append(f"<ol>{items}</ol>")
        elif isinstance(b, Quote):
            text = _e(b.text).replace("\n", "<br>")
            parts.append(
                f"<p>{_e(b.label)}：</p>"
                f'<blockquote style="border-left:3px solid #ccc;margin:0 0 1em 0;padding-left:10px">{text}</blockquote>'
            )
        elif isinstance(b, Link):
            parts.append(f'<p>{_e(b.label)}：<a href="{_e(b.url)}">{_e(b.url)}</a></p>')
    body = "\n".join(parts)
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{_e(title)}</title></head>\n"
        '<body style="font-family:sans-serif;font-size:14px;line-height:1.6">\n'
        f"{body}\n</body></html>\n"
    )


# ---------------------------------------------------------------------------- wording


FOOTER = P("此邮件由年报受理系统自动发送。如有疑问，请直接回复本邮件或联系县政府办公室。")
SEND_WHAT = (
    "请发送本单位《政府信息公开工作年度报告》全文，包含正文各部分和三张统计表格；"
    "支持 PDF（由 Word/WPS 导出、可复制文字）、Word（.docx）或纯文本（.txt）格式，作为邮件附件或在网上提交。"
)


def _where(f: Finding) -> str:
    src = f.source.describe() if f.source is not None else ""
    if src and src not in f.where:
        return f"{f.where}（{src}）" if f.where else src
    return f.where or src or "全文"


BEIJING = timezone(timedelta(hours=8), "北京时间")  # no DST: a fixed offset is exact


def _dt(d: datetime) -> str:
    """Times are shown in Beijing time; a naive datetime is taken as UTC."""
    if d.tzinfo is None:
        d = d.replace(tzinfo=UTC)
    return d.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M") + "（北京时间）"


def _d(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _report(org: str | None, year: int | None) -> str:
    o = org or "本单位"
    return f"{o}{year}年政府信息公开工作年度报告" if year else f"{o}政府信息公开工作年度报告"


def _greeting(n: _Notice) -> P:
    name = n.to[0].name if n.to and n.to[0].name else None
    return P(f"{name}：您好！" if name else "您好！")


def _counts(findings: list[Finding]) -> tuple[int, int, int]:
    return tuple(sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info"))  # type: ignore[return-value]


def _link(n: _Notice, label: str = "查看案件") -> list[Block]:
    url = n.case_url or ""
    return [Link(label, url)] if url.startswith(("http://", "https://")) else []


def _receipt(n: ReceiptNotice) -> tuple[str, list[Block]]:
    subject = f"【年报受理】已收到您的报告（案件编号 {n.case_id}）"
    facts = [("案件编号", n.case_id), ("文件名", n.file_name), ("收到时间", _dt(n.received_at))]
    if n.organization:
        facts.append(("报送单位", n.organization))
    if n.year:
        facts.append(("报告年度", f"{n.year}年"))
    return subject, [
        _greeting(n),
        P("我们已收到您报送的政府信息公开工作年度报告。"),
        Facts(facts),
        P("接下来："),
        Items(
            [
                "系统将自动检查报告的结构、表格数据和计算关系，检查结果会另行邮件告知；",
                "检查完成后，报告将转交县政府办公室审核人员审核；",
                "审核结果（通过、退回修改或不予受理）将通过邮件通知您。",
            ],
            ordered=True,
        ),
        P(f"如需补充或更正，请在邮件或网上提交时注明案件编号 {n.case_id}。"),
        *_link(n),
        FOOTER,
    ]


def _findings(n: FindingsNotice) -> tuple[str, list[Block]]:
    findings = sorted(n.findings, key=lambda f: _SEVERITY_ORDER[f.severity])  # stable: errors first
    e, w, i = _counts(findings)
    report = _report(n.organization, n.year)
    facts = [("案件编号", n.case_id), ("文件名", n.file_name)]
    if n.received_at:
        facts.append(("收到时间", _dt(n.received_at)))
    blocks: list[Block] = [_greeting(n)]
    if n.received_at:
        blocks.append(P("我们已收到您报送的政府信息公开工作年度报告，并已完成自动检查。"))
    blocks.append(Facts(facts))
    received = "已收到，" if n.received_at else ""
    if not findings:
        subject = f"【年报受理】{received}检查通过：未发现问题（案件编号 {n.case_id}）"
        blocks.append(P(f"《{report}》已完成自动检查，未发现问题。报告已转交审核人员审核，审核结果将另行通知。"))
    else:
        subject = f"【年报受理】{received}检查结果：{e} 个错误、{w} 个警告（案件编号 {n.case_id}）"
        blocks.append(P(f"《{report}》已完成自动检查，共发现 {e} 个错误、{w} 个警告" + (f"、{i} 条提示" if i else "") + "。"))
        blocks.append(FindingList(findings))
        if e:
            blocks.append(
                P(
                    "错误需要更正：请修改后重新提交（同一单位、同一年度的更正稿会并入本案件）。"
                    "提示供参考，请核实。报告同时已转交审核人员，审核结果将另行通知。",
                    strong=True,
                )
            )
        else:
            blocks.append(P("以上提示供参考，请核实。报告已转交审核人员审核，审核结果将另行通知。"))
    if n.not_in_roster:
        blocks.append(
            P(
                "注意：系统无法确认报送单位（单位不在名单中，或提交人不是该单位登记的报送人员），"
                "报告已转交县政府办公室受理窗口人工确认，确认后再归入本单位案件。"
            )
        )
    return subject, [*blocks, *_link(n), FOOTER]


def _dismissed(n: DismissedNotice) -> tuple[str, list[Block]]:
    subject = f"【年报受理】提交未予受理（记录编号 {n.case_id}）"
    return subject, [
        _greeting(n),
        P("您提交的文件无法确认报送单位，经县政府办公室受理窗口核实，未予受理。"),
        Facts([("记录编号", n.case_id), ("文件名", n.file_name)]),
        Quote(n.reason, "理由"),
        P("如确属本单位报告，请由本单位登记的报送人员通过邮件或网上提交，或联系县政府办公室。"),
        FOOTER,
    ]


_UNREADABLE_ADVICE = {
    "encrypted": "文件设置了密码或加密保护，请取消保护后重新发送。",
    "scanned": "文件是扫描件或图片，无法读取文字，请发送由 Word/WPS 直接导出的 PDF 或 Word 原文件。",
    "garbled": "文件中的文字无法正确解码（可能是字体或编码问题），请重新导出 PDF 或改发 Word（.docx）原文件。",
    "corrupt": "文件已损坏或不完整，请重新导出后发送。",
    "unsupported": "该文件格式无法处理。旧版 .doc、.wps 文件请另存为 .docx 或导出 PDF 后发送。",
    "too_large": "文件过大，请删除不必要的图片后重新导出再发送。",
    "timeout": "文件处理超时，请删除不必要的图片后重新导出再发送。",
    "empty": "文件中几乎没有文字，请确认发送的是报告全文。",
}


def _rejected_file(n: RejectedFileNotice) -> tuple[str, list[Block]]:
    facts = Facts([("记录编号", n.record_id), ("文件名", n.file_name)])
    reasons = n.reasons or (["文件无法读取"] if n.kind == "unreadable" else ["文件内容不是年度报告"])
    if n.kind == "not_report":
        subject = f"【年报受理】所发文件不是年度报告（记录编号 {n.record_id}）"
        lead = "您发送的文件经检查不是政府信息公开工作年度报告，未予受理。原因："
        advice = SEND_WHAT
    else:
        subject = f"【年报受理】文件无法读取（记录编号 {n.record_id}）"
        lead = "您发送的文件无法读取，未予受理。原因："
        advice = _UNREADABLE_ADVICE.get(n.reason_code or "", "") + SEND_WHAT
    return subject, [_greeting(n), P(lead), Items(reasons), facts, P("请这样做：" + advice, strong=True), *_link(n, "查看记录"), FOOTER]


def _assignment(n: AssignmentNotice) -> tuple[str, list[Block]]:
    report = _report(n.organization, n.year)
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
    return subject, [*blocks, *_link(n, "审核链接"), FOOTER]


def _decision(n: DecisionNotice) -> tuple[str, list[Block]]:
    report = _report(n.organization, n.year)
    facts = Facts([("案件编号", n.case_id), ("审核人", n.reviewer_name)])
    if n.decision == "approve":
        subject = f"【年报受理】审核通过（案件编号 {n.case_id}）"
        blocks: list[Block] = [P(f"《{report}》已审核通过，无需再做处理。"), facts]
        if n.comment:
            blocks.append(Quote(n.comment, "审核意见"))
    elif n.decision == "return":
        subject = f"【年报受理】退回修改（案件编号 {n.case_id}）"
        todo = f"请按审核意见修改报告后重新提交（邮件附件或网上提交均可，请注明案件编号 {n.case_id}），更正稿将并入本案件。"
        if n.deadline:
            todo += f"报送截止日期为 {_d(n.deadline)}。"
        blocks = [
            P(f"《{report}》经审核需要修改，已退回。"),
            facts,
            Quote(n.comment or "（无）", "审核意见"),
            P("请这样做：" + todo, strong=True),
        ]
    else:
        subject = f"【年报受理】不予受理（案件编号 {n.case_id}）"
        blocks = [
            P(f"《{report}》经审核不予受理。"),
            facts,
            Quote(n.comment or "（无）", "理由"),
            P("如有异议，请回复本邮件或联系县政府办公室。"),
        ]
    return subject, [_greeting(n), *blocks, *_link(n), FOOTER]


def _reminder(n: ReminderNotice) -> tuple[str, list[Block]]:
    report = _report(n.organization, n.year)
    facts = [("案件编号", n.case_id)]
    if n.waiting_since:
        facts.append(("等待审核自", _dt(n.waiting_since)))
    if n.audience == "reviewer":
        subject = f"【年报审核】提醒：{report}仍待审核（案件编号 {n.case_id}）"
        blocks: list[Block] = [_greeting(n), P(f"《{report}》仍在等待您审核，请尽快处理。"), Facts(facts)]
    elif n.audience == "head":
        subject = f"【年报审核】督办：{report}逾期未审核（案件编号 {n.case_id}）"
        if n.reviewer_name:
            facts.append(("审核人", n.reviewer_name))
        blocks = [_greeting(n), P(f"《{report}》已超过审核期限仍未处理，提请您督办或改派。"), Facts(facts)]
    else:
        subject = f"【年报受理】提醒：请尽快重新提交修改后的报告（案件编号 {n.case_id}）"
        when = f"报送截止日期为 {_d(n.deadline)}，" if n.deadline else ""
        blocks = [
            _greeting(n),
            P(f"《{report}》已退回修改，尚未收到更正稿。{when}请尽快按审核意见修改后重新提交，并注明案件编号 {n.case_id}。"),
            Facts(facts),
        ]
        if n.comment:
            blocks.append(Quote(n.comment, "审核意见"))
    return subject, [*blocks, *_link(n), FOOTER]


def _no_attachment(n: NoAttachmentNotice) -> tuple[str, list[Block]]:
    subject = "【年报受理】未收到可处理的报告附件"
    facts = [("收到时间", _dt(n.received_at))]
    if n.subject:
        facts.append(("邮件主题", n.subject))
    blocks: list[Block] = [_greeting(n), P("我们收到了您的邮件，但其中没有可以处理的年度报告附件，未予受理。"), Facts(facts)]
    if n.ignored:
        blocks += [P("以下附件未予处理："), Items(n.ignored)]
    blocks += [P("请这样做：" + SEND_WHAT + "请将报告作为附件重新发送到本地址。", strong=True), FOOTER]
    return subject, blocks


_BUILDERS: dict[str, Any] = {
    "receipt": _receipt,
    "findings": _findings,
    "not_report": _rejected_file,
    "unreadable": _rejected_file,
    "assignment": _assignment,
    "decision": _decision,
    "reminder": _reminder,
    "no_attachment": _no_attachment,
    "dismissed": _dismissed,
}


def register_builder(kind: str, builder: Callable[..., tuple[str, list[Block]]]) -> None:
    """A notice defined in another module (e.g. intake/reminders.py) adds its wording here."""
    _BUILDERS[kind] = builder


def address_problem(address: str | None) -> str | None:
    """Why a notice cannot be sent to `address` (None: it can). Checked with the stdlib's
    own header parser, the one that composes the message: a value it cannot use as a To
    address (no domain, CR/LF, several addresses, unparseable) would fail every retry."""
    if not address or not address.strip():
        return "没有收件地址"
    if any(c in address for c in "\r\n\0") or any(ord(c) < 32 for c in address):
        return "收件地址含控制字符"
    try:
        header = HEADER_REGISTRY("To", address)
    except Exception as exc:
        return f"收件地址无法解析：{type(exc).__name__}"
    if header.defects:
        return "收件地址格式错误：" + type(header.defects[0]).__name__
    addrs = header.addresses
    if len(addrs) != 1:
        return "收件地址应为一个地址"
    a = addrs[0]
    if not a.username or not a.domain or "." not in a.domain or a.addr_spec != address.strip():
        return "收件地址格式错误"
    return None


# ---------------------------------------------------------------------------- compose


class MailIdentity(Protocol):
    """What compose needs of the mail settings (kept structural: the domain imports no settings)."""

    sender: str


def compose(notice: _Notice, sender: MailIdentity | str) -> EmailMessage:
    """The e-mail for a notice: From 县政府办公室 年报受理 <sender>, Chinese subject, plain
    text + HTML alternatives, deterministic Message-ID, Date and MIME boundary."""
    subject, blocks = _BUILDERS[notice.kind](notice)  # type: ignore[attr-defined]
    addr = sender if isinstance(sender, str) else sender.sender
    msg = EmailMessage()
    msg["From"] = Address(display_name=SENDER_NAME, addr_spec=addr)
    msg["To"] = [Address(display_name=r.name or "", addr_spec=r.email) for r in notice.to]
    msg["Subject"] = subject
    when = notice.date if notice.date.tzinfo else notice.date.replace(tzinfo=UTC)
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = message_id(notice.key)
    if notice.in_reply_to:
        msg["In-Reply-To"] = notice.in_reply_to
        msg["References"] = notice.in_reply_to
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Auto-Response-Suppress"] = "All"  # no out-of-office replies to a robot
    msg["X-Intake-Notice"] = notice.kind  # type: ignore[attr-defined]
    msg.set_content(_plain(blocks), charset="utf-8", cte="base64")
    msg.add_alternative(_html(subject, blocks), subtype="html", charset="utf-8", cte="base64")
    msg.set_boundary("==intake-" + hashlib.sha256(notice.key.encode("utf-8")).hexdigest()[:24] + "==")
    return msg


def plain_text(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else ""


def html_text(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("html",))
    return part.get_content() if part is not None else ""
