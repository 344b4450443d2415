"""What the mails of the office's work say: decisions, reminders, comments in a case's
thread, answers to replies, duplicates and mails without a report. (subject, blocks)."""

from __future__ import annotations

from intake.notices.blocks import Block, Facts, Items, P, Quote, day, when
from intake.notices.case_texts import FOOTER, SEND_WHAT, Text, greeting, link, report_title
from intake.notices.models import (
    CommentNotice,
    DecisionNotice,
    DuplicateNotice,
    NoAttachmentNotice,
    ReminderNotice,
    ReplyReceivedNotice,
)

ROLE_ZH = {"reviewer": "审核人员", "clerk": "报送单位", "unknown": "未确认身份的发件人"}


def decision(n: DecisionNotice) -> Text:
    report = report_title(n.organization, n.year)
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
            todo += f"报送截止日期为 {day(n.deadline)}。"
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
    return subject, [greeting(n), *blocks, *link(n), FOOTER]


def reminder(n: ReminderNotice) -> Text:
    report = report_title(n.organization, n.year)
    facts = [("案件编号", n.case_id)]
    if n.waiting_since:
        facts.append(("等待审核自", when(n.waiting_since)))
    if n.audience == "reviewer":
        subject = f"【年报审核】提醒：{report}仍待审核（案件编号 {n.case_id}）"
        blocks: list[Block] = [greeting(n), P(f"《{report}》仍在等待您审核，请尽快处理。"), Facts(facts)]
    elif n.audience == "head":
        subject = f"【年报审核】督办：{report}逾期未审核（案件编号 {n.case_id}）"
        if n.reviewer_name:
            facts.append(("审核人", n.reviewer_name))
        blocks = [greeting(n), P(f"《{report}》已超过审核期限仍未处理，提请您督办或改派。"), Facts(facts)]
    else:
        subject = f"【年报受理】提醒：请尽快重新提交修改后的报告（案件编号 {n.case_id}）"
        due = f"报送截止日期为 {day(n.deadline)}，" if n.deadline else ""
        blocks = [
            greeting(n),
            P(f"《{report}》已退回修改，尚未收到更正稿。{due}请尽快按审核意见修改后重新提交，并注明案件编号 {n.case_id}。"),
            Facts(facts),
        ]
        if n.comment:
            blocks.append(Quote(n.comment, "审核意见"))
    return subject, [*blocks, *link(n), FOOTER]


def no_attachment(n: NoAttachmentNotice) -> Text:
    subject = "【年报受理】未收到可处理的报告附件"
    facts = [("收到时间", when(n.received_at))]
    if n.subject:
        facts.append(("邮件主题", n.subject))
    blocks: list[Block] = [greeting(n), P("我们收到了您的邮件，但其中没有可以处理的年度报告附件，未予受理。"), Facts(facts)]
    if n.forwarded_to:
        blocks.append(P(f"您在邮件中写的内容已转交县政府办公室年报受理窗口（{n.forwarded_to}），工作人员阅后会直接回复您。"))
    if n.ignored:
        blocks += [P("以下附件未予处理："), Items(n.ignored)]
    blocks += [
        P("请这样做：" + SEND_WHAT + "请将报告作为附件重新发送到本地址。", strong=True),
        P("如需就已提交的报告与审核人员沟通，请直接回复该报告的受理或审核邮件，或在网上的案件页面留言。"),
        FOOTER,
    ]
    return subject, blocks


def comment(n: CommentNotice) -> Text:
    report = report_title(n.organization, n.year)
    who = f"{n.author}（{ROLE_ZH[n.author_role]}）"
    if n.unverified:
        subject = f"【年报受理】待核实的回复：{report}（案件编号 {n.case_id}）"
        lead = P(f"{who} 回复了案件邮件，但无法确认发件人是报送单位登记的人员，回复未转交报送单位，请核实。", strong=True)
    else:
        subject = f"【年报受理】新留言：{report}（案件编号 {n.case_id}）"
        lead = P(f"{who} 在案件中留言：")
    facts = [("案件编号", n.case_id), ("留言方式", "邮件回复" if n.via == "email" else "网上留言")]
    if n.unverified_reason:
        facts.append(("核实情况", n.unverified_reason))
    blocks: list[Block] = [greeting(n), lead, Quote(n.text, "留言"), Facts(facts)]
    blocks.append(P("可直接回复本邮件答复（回复会记入案件留言），或在案件页面留言。"))
    return subject, [*blocks, *link(n), FOOTER]


def reply_received(n: ReplyReceivedNotice) -> Text:
    subject = f"【年报受理】您的回复已收到（案件编号 {n.case_id}）"
    if n.unverified:
        lead = P("我们收到了您的回复。由于无法确认您是报送单位登记的人员，回复已转交县政府办公室受理窗口核实，核实前不会并入案件。")
    else:
        to = f"审核人员{n.reviewer_name}" if n.reviewer_name else "审核人员"
        lead = P(f"我们收到了您的回复，已记入案件留言并转交{to}。")
    blocks: list[Block] = [greeting(n), lead, Facts([("案件编号", n.case_id)])]
    if n.excerpt:
        blocks.append(Quote(n.excerpt, "您的回复"))
    return subject, [*blocks, *([] if n.unverified else link(n)), FOOTER]


def duplicate(n: DuplicateNotice) -> Text:
    subject = f"【年报受理】该文件此前已收到（{n.case_id or n.document_id}）"
    facts = [("文件名", n.file_name)]
    if n.first_received_at:
        facts.append(("首次收到", when(n.first_received_at)))
    facts += [("提交编号", n.document_id), *([("案件编号", n.case_id)] if n.case_id else []), ("当前状态", n.status_label)]
    return subject, [
        greeting(n),
        P(duplicate_line(n), strong=True),
        Facts(facts),
        P("同一文件不会重复处理。如需更正，请修改报告后再提交修改后的文件。"),
        *link(n),
        FOOTER,
    ]


def duplicate_line(n: DuplicateNotice) -> str:
    """One line, the same on the web page, in the CLI and in the mail."""
    at = when(n.first_received_at) if n.first_received_at else "此前"
    where = f"，案件 {n.case_id}" if n.case_id else ""
    return f"该文件已于 {at} 收到（提交编号 {n.document_id}{where}），当前状态：{n.status_label}。"
