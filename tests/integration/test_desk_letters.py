"""来信: a mail with no report and no case is read by a person (intake/desk_letters.py). The
county's intake desk gets the sender's words with Reply-To the sender; the sender's automatic
answer says who has them; a stranger's mail that answers nothing of ours is only answered.
Real MinIO, Mailpit and SMTP (the gateway with the hook `intake up` gives it)."""

from __future__ import annotations

import uuid
from email.message import EmailMessage
from email.utils import make_msgid

import aiosmtplib
import pytest

from adapters.settings import GatewaySettings
from intake.notices import message_id
from tests.browser.harness import module_web_stack
from tests.integration.case_probes import mails, wait_mails
from workers.mail_gateway import MailGateway, reply_to_no_attachment, start_gateway

pytestmark = pytest.mark.integration

stack = module_web_stack("desk")  # one web stack for this module (its settings and roster)
CLERK = "shangtang@fc.example.gov.cn"  # 上塘镇, 丰城市


def letter(sender: str, text: str, in_reply_to: str | None = None) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, "nianbao@example.gov.cn", "关于年报的问题"
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2])
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
    msg.set_content(f"{text}\n\n-- \n发件人签名")
    return msg


async def send(stack, msg: EmailMessage) -> None:
    settings = GatewaySettings(host="127.0.0.1", port=0, sender_evidence="alignment")
    server = await start_gateway(MailGateway(settings, stack.settings.s3, on_no_attachment=reply_to_no_attachment(stack.settings)))
    try:
        await aiosmtplib.send(msg, sender=msg["From"], hostname="127.0.0.1", port=server.sockets[0].getsockname()[1], timeout=60)
    finally:
        server.close()
        await server.wait_closed()


async def test_a_clerks_question_reaches_the_countys_intake_desk(stack, mailpit_server):
    desk = stack.roster.intake_desk("丰城市")
    words = f"请问今年的报告截止日期是哪天？{uuid.uuid4().hex[:8]}"
    await send(stack, letter(CLERK, words))
    (forwarded,) = await wait_mails(mailpit_server, to=desk.email, contains=words)
    assert forwarded["ReplyTo"][0]["Address"] == CLERK  # the desk answers the clerk directly
    assert "来信待回复" in forwarded["Subject"] and "发件人签名" not in forwarded["Text"]
    answers = await wait_mails(mailpit_server, to=CLERK, contains="未收到可处理的报告附件")
    assert any(desk.name in a["Text"] and "已转交" in a["Text"] for a in answers), [a["Text"] for a in answers]


async def test_a_strangers_reply_to_one_of_our_mails_reaches_the_default_desk(stack, mailpit_server):
    desk = stack.roster.intake_desk(stack.roster.default_county or "")
    words = f"我们的文件为什么不能处理？{uuid.uuid4().hex[:8]}"
    ours = message_id(f"rejected/{uuid.uuid4().hex}")  # one of our mails without a case
    await send(stack, letter("office@elsewhere.example.org", words, in_reply_to=ours))
    (forwarded,) = await wait_mails(mailpit_server, to=desk.email, contains=words)
    assert "回复了我们的一封邮件" in forwarded["Text"] and "发件人核实" in forwarded["Text"]
    assert "未予处理" not in forwarded["Text"]  # the mail's own body is not an "unused attachment"


async def test_a_strangers_letter_is_only_answered(stack, mailpit_server):
    words = f"推广合作{uuid.uuid4().hex[:8]}"
    stranger = "sales@elsewhere.example.org"
    await send(stack, letter(stranger, words))
    assert await wait_mails(mailpit_server, to=stranger, contains="未收到可处理的报告附件")
    every_desk = {stack.roster.intake_desk(c.name).email for c in stack.roster.counties}
    assert not [m for d in every_desk for m in mails(mailpit_server, to=d, contains=words)]
