"""The case's comment thread and replies to our mails (issue 15, "the conversation side"),
on real Temporal, MinIO and Mailpit: the web page, the SMTP gateway and the mails sent."""

from __future__ import annotations

import asyncio
import time
import uuid
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import quote

import aiosmtplib
import httpx
import pytest

from adapters.audit_store import AuditStore
from adapters.settings import GatewaySettings
from tests.browser.harness import http_login, module_web_stack
from tests.integration.case_probes import mails, seed_variant, wait_mails
from workers.gateway_replies import ReplyDesk
from workers.mail_gateway import MailGateway, start_gateway
from workflows.contracts import CaseView

pytestmark = pytest.mark.integration

CLERK = "shangtang@fc.example.gov.cn"


stack = module_web_stack("thread")


async def new_case(stack, samples_dir, year: int) -> CaseView:
    text = seed_variant((samples_dir / "shangtang-2021.txt").read_text("utf-8"), year, uuid.uuid4().hex)
    _key, doc_id = stack.pipeline.upload(text.encode(), f"上塘镇{year}.txt", email=CLERK, sender="上塘镇党政办")
    case_id = (await stack.pipeline.result(doc_id)).case_id
    return await stack.wait_case(case_id, "awaiting_review")


async def view_of(stack, case_id: str) -> CaseView:
    return await stack.pipeline.client.get_workflow_handle(case_id).query("view", result_type=CaseView)


async def until(probe, timeout: float = 30):
    deadline = time.monotonic() + timeout
    while True:
        got = await probe()
        if got or time.monotonic() > deadline:
            return got
        await asyncio.sleep(0.3)


async def deliver(stack, msg: EmailMessage, envelope_from: str, evidence: str = "alignment") -> str:
    """Send `msg` over SMTP to a gateway wired to the stack (replies reach Temporal)."""
    settings = GatewaySettings(host="127.0.0.1", port=0, sender_evidence=evidence)
    desk = ReplyDesk(stack.settings, stack.pipeline.client, stack.pipeline.s3, stack.roster)
    server = await start_gateway(MailGateway(settings, stack.settings.s3, replies=desk))
    try:
        _errors, reply = await aiosmtplib.send(
            msg, sender=envelope_from, hostname="127.0.0.1", port=server.sockets[0].getsockname()[1], timeout=60
        )
        return reply
    finally:
        server.close()
        await server.wait_closed()


def reply_to(mail: dict) -> str:
    """Where a mail in Mailpit asks to be answered."""
    return mail["ReplyTo"][0]["Address"]


async def test_reviewer_and_clerk_write_on_the_case_page_each_side_is_mailed_and_audited(stack, samples_dir, mailpit_server):
    view = await new_case(stack, samples_dir, 2081)
    case_id, reviewer = view.case_id, view.reviewer
    page = f"/cases/{quote(case_id, safe='')}"
    async with httpx.AsyncClient(base_url=stack.url, timeout=60) as http:
        token = await http_login(http, reviewer, stack.passwords[reviewer])
        resp = await http.post(f"{page}/comments", data={"text": "请说明第二张表“其他”一栏的来源。", "csrf": token, "nonce": "n1"})
        assert resp.status_code == 303
        assert "留言已发送" in (await http.get(resp.headers["location"])).text
        # The same form submitted twice (same nonce) is one comment.
        await http.post(f"{page}/comments", data={"text": "请说明第二张表“其他”一栏的来源。", "csrf": token, "nonce": "n1"})
    to_clerk = await wait_mails(mailpit_server, to=CLERK, contains="请说明第二张表“其他”一栏的来源")
    assert len(to_clerk) == 1 and "新留言" in to_clerk[0]["Subject"]
    assert reply_to(to_clerk[0]).startswith("nianbao+")

    async with httpx.AsyncClient(base_url=stack.url, timeout=60) as http:
        token = await http_login(http, "shangtang", stack.passwords["shangtang"])
        shown = (await http.get(page)).text
        assert "请说明第二张表“其他”一栏的来源。" in shown and 'name="text"' in shown
        await http.post(f"{page}/comments", data={"text": "该栏为信访转办件，已核实。", "csrf": token, "nonce": "n2"})
    to_reviewer = await wait_mails(mailpit_server, to=stack.email(reviewer), contains="该栏为信访转办件")
    assert len(to_reviewer) == 1 and "上塘镇党政办" in to_reviewer[0]["Text"]

    async with httpx.AsyncClient(base_url=stack.url, timeout=60) as http:
        token = await http_login(http, reviewer, stack.passwords[reviewer])
        await http.post(f"{page}/decision", data={"action": "return", "comment": "请补填空白单元格", "csrf": token})
    final = await until(lambda: _thread_len(stack, case_id, 3))
    assert [(e.kind, e.role, e.text) for e in final.thread] == [
        ("comment", "reviewer", "请说明第二张表“其他”一栏的来源。"),
        ("comment", "clerk", "该栏为信访转办件，已核实。"),
        ("decision", "reviewer", "请补填空白单元格"),
    ]
    comments = [r for r in AuditStore(stack.pipeline.s3, "audit").read_chain(case_id) if r.stage == "comment"]
    assert [(r.actor, r.detail["text"]) for r in comments] == [
        (f"reviewer:{reviewer}", "请说明第二张表“其他”一栏的来源。"),
        (f"clerk:{CLERK}", "该栏为信访转办件，已核实。"),
    ]


async def _thread_len(stack, case_id: str, n: int) -> CaseView | None:
    view = await view_of(stack, case_id)
    return view if len(view.thread) >= n else None


def clerk_reply(to: str, in_reply_to: str, text: str, *, sender: str = CLERK, html: bool = False) -> EmailMessage:
    """A reply as a Chinese client writes it: GB18030 text on top, the quoted mail below."""
    msg = EmailMessage()
    msg["From"] = f"上塘镇党政办 <{sender}>"
    msg["To"] = to
    msg["Subject"] = "回复：【年报受理】检查结果"
    msg["Message-ID"] = make_msgid(domain="fc.example.gov.cn")
    msg["In-Reply-To"] = in_reply_to
    msg["References"] = in_reply_to
    quoted = "\n\n------------------ 原始邮件 ------------------\n发件人: 县政府办公室 年报受理\n> 检查结果：1 个错误\n"
    msg.set_content(text + quoted, charset="gb18030")
    if html:
        msg.add_alternative(f"<div>{text}</div><blockquote>检查结果：1 个错误</blockquote>", subtype="html", charset="gb18030")
    return msg


async def test_a_mailed_reply_reaches_the_reviewer_and_the_case_thread_once(stack, samples_dir, mailpit_server):
    view = await new_case(stack, samples_dir, 2082)
    findings = await wait_mails(mailpit_server, to=CLERK, contains=view.case_id)
    first = next(m for m in findings if "检查结果" in m["Subject"])
    text = "收到，我们本周内修改后重新报送。"
    msg = clerk_reply(reply_to(first), f"<{first['MessageID']}>", text, html=True)
    assert (await deliver(stack, msg, CLERK)).startswith("2.0.0 Reply received")
    assert (await deliver(stack, msg, CLERK)).startswith("2.0.0")  # the sending server's retry
    got = await until(lambda: _thread_len(stack, view.case_id, 1))
    assert got is not None
    assert [(e.role, e.via, e.verified, e.text) for e in got.thread] == [("clerk", "email", True, text)]
    to_reviewer = await wait_mails(mailpit_server, to=stack.email(view.reviewer), contains=text)
    assert len(to_reviewer) == 1
    acks = await wait_mails(mailpit_server, to=CLERK, contains="您的回复已收到")
    acks = [m for m in acks if view.case_id in m["Subject"]]
    assert len(acks) == 1 and stack.roster.user(view.reviewer).name in acks[0]["Text"]
    await asyncio.sleep(2)  # nothing more arrives from the redelivery
    assert len((await view_of(stack, view.case_id)).thread) == 1
    assert len([m for m in mails(mailpit_server, to=stack.email(view.reviewer), contains=text)]) == 1


async def test_an_unproven_or_stranger_reply_goes_to_the_intake_desk_flagged_never_to_the_clerk(stack, samples_dir, mailpit_server):
    view = await new_case(stack, samples_dir, 2083)
    findings = await wait_mails(mailpit_server, to=CLERK, contains=view.case_id)
    address = reply_to(findings[0])
    # The clerk's address, but no evidence the gateway accepts (required mode, no DKIM).
    unproven = clerk_reply(address, "<x@y>", "这是未经验证的回复。")
    assert (await deliver(stack, unproven, CLERK, evidence="required")).startswith("2.0.0")
    # A stranger whose own domain is aligned: proven sender, but not one of this case's.
    stranger = clerk_reply(address, "<x@y>", "我是陌生人。", sender="someone@evil.test")
    assert (await deliver(stack, stranger, "someone@evil.test")).startswith("2.0.0")
    got = await until(lambda: _thread_len(stack, view.case_id, 2))
    assert got is not None
    assert [(e.text, e.verified) for e in got.thread] == [("这是未经验证的回复。", False), ("我是陌生人。", False)]
    assert "不是本案件的报送人员" in (got.thread[1].unverified_reason or "")
    desk = stack.email("fc-li")
    assert await wait_mails(mailpit_server, to=desk, contains="我是陌生人。")
    assert await wait_mails(mailpit_server, to=desk, contains="这是未经验证的回复。")
    page = f"/cases/{quote(view.case_id, safe='')}"
    async with httpx.AsyncClient(base_url=stack.url, timeout=60) as http:
        await http_login(http, "shangtang", stack.passwords["shangtang"])
        assert "我是陌生人" not in (await http.get(page)).text
    async with httpx.AsyncClient(base_url=stack.url, timeout=60) as http:
        await http_login(http, view.reviewer, stack.passwords[view.reviewer])
        shown = (await http.get(page)).text
        assert "我是陌生人" in shown and "未核实的邮件回复" in shown
    assert not [m for m in mails(mailpit_server, to=CLERK, contains="我是陌生人。") if "新留言" in m["Subject"]]


async def test_a_reply_to_a_decided_case_reopens_nothing_but_joins_its_thread(stack, samples_dir, mailpit_server):
    view = await new_case(stack, samples_dir, 2084)
    async with httpx.AsyncClient(base_url=stack.url, timeout=60) as http:
        token = await http_login(http, view.reviewer, stack.passwords[view.reviewer])
        page = f"/cases/{quote(view.case_id, safe='')}"
        await http.post(f"{page}/decision", data={"action": "approve", "comment": "空白单元格已电话核实为 0", "csrf": token})
    handle = stack.pipeline.client.get_workflow_handle(view.case_id)
    await asyncio.wait_for(handle.result(), 60)  # the decided case's run completed
    decision = await wait_mails(mailpit_server, to=CLERK, contains="审核通过")
    decision = next(m for m in decision if view.case_id in m["Subject"])
    text = "谢谢，另请问明年是否仍按此模板报送？"
    await deliver(stack, clerk_reply(reply_to(decision), f"<{decision['MessageID']}>", text), CLERK)
    got = await until(lambda: _thread_len(stack, view.case_id, 2))
    assert got is not None and got.status == "approved"
    assert [(e.kind, e.text) for e in got.thread] == [("decision", "空白单元格已电话核实为 0"), ("comment", text)]
    assert await wait_mails(mailpit_server, to=stack.email(view.reviewer), contains=text)
    assert await stack.pipeline.run_count(view.case_id) == 2
