"""来信: an e-mail to the intake address with no report attached and no case to join (a
question, or a reply to one of our mails that has no case: the answer about an unreadable
file, a file that is not a report, a duplicate) is read by a person, not only auto-answered.

The county's intake desk gets the sender's words in a mail whose Reply-To is the sender, so
answering it is one click; the sender is told who has it. Pure: who gets it and the wording.

Who gets it: the intake desk of the sender's county (by the roster: the clerk's body, or the
county listing the sender's mail domain). A sender from outside the roster is forwarded only
when the mail answers one of our own (it carries our Message-ID), to the default county's
desk: a stranger's mail (spam, a wrong address) gets the automatic answer alone.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from intake.notices import FOOTER, Block, Facts, Items, NoticeBase, P, Quote, register_builder, when
from intake.notices import greeting as _greeting
from intake.roster import Reviewer, Roster

NOTICE_KIND = "desk_letter"


def letter_desk(roster: Roster, sender_email: str | None, answers_ours: bool) -> Reviewer | None:
    """Who reads the letter, or None (only the automatic answer)."""
    if not sender_email:
        return None
    county = roster.county_for_email(sender_email)
    if county is None and answers_ours:
        county = roster.fallback_county()
    return roster.intake_desk(county.name) if county is not None else None


class DeskLetterNotice(NoticeBase):
    """To the intake desk: what the sender wrote. Reply-To is the sender."""

    kind: Literal["desk_letter"] = "desk_letter"
    sender_email: str
    sender_name: str | None = None
    subject: str | None = None
    received_at: datetime
    text: str
    answers_ours: bool = False  # a reply to one of our mails that has no case
    verified: bool = False
    unverified_reason: str | None = None
    ignored: list[str] = Field(default_factory=list)  # attachments that could not be used: "照片.jpg（图片）"

    def answered_by(self) -> str | None:
        return self.sender_email


def desk_letter(n: DeskLetterNotice) -> tuple[str, list[Block]]:
    who = f"{n.sender_name} <{n.sender_email}>" if n.sender_name else n.sender_email
    subject = f"【年报受理】来信待回复：{n.sender_name or n.sender_email}（{n.subject or '无主题'}）"
    lead = "回复了我们的一封邮件（该邮件不属于任何案件）" if n.answers_ours else "来信"
    facts = [("发件人", who), ("收到时间", when(n.received_at)), ("邮件主题", n.subject or "（无）")]
    facts.append(("发件人核实", "已核实" if n.verified else f"未核实：{n.unverified_reason or '无法确认发件人'}"))
    blocks: list[Block] = [
        _greeting(n),
        P(f"{who} {lead}，邮件中没有可处理的报告附件，不会自动受理，请您阅处。", strong=True),
        Quote(n.text, "来信内容"),
        Facts(facts),
    ]
    if n.ignored:
        blocks += [P("以下附件未予处理："), Items(n.ignored)]
    blocks += [P("直接回复本邮件即可答复发件人（回复地址为发件人本人）。发件人已收到自动回复，告知邮件已转交您。"), FOOTER]
    return subject, blocks


register_builder(NOTICE_KIND, desk_letter)
