"""End to end by e-mail: a township mails its report to the intake address; the report ends
in a case whose submitter is the sender, and the sender receives the receipt."""

from __future__ import annotations

import asyncio
import time
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

import aiosmtplib
import pytest

from adapters.settings import GatewaySettings
from tests.integration.case_probes import wait_case, wait_mails
from tests.integration.pipeline_harness import running_pipeline, workflow_id_of
from workers.mail_gateway import MailGateway, start_gateway

pytestmark = pytest.mark.integration


async def mail_through_gateway(pipeline, msg: EmailMessage, envelope_from: str | None = None, **gateway) -> None:
    """Deliver `msg` over SMTP to a gateway storing into the pipeline's intake bucket."""
    settings = GatewaySettings(host="127.0.0.1", port=0, **({"sender_evidence": "alignment"} | gateway))
    server = await start_gateway(MailGateway(settings, pipeline.settings.s3))
    try:
        await aiosmtplib.send(msg, sender=envelope_from, hostname="127.0.0.1", port=server.sockets[0].getsockname()[1])
    finally:
        server.close()
        await server.wait_closed()


def _report_mail(sender: str, body: bytes, name: str, subject: str | None = None, mime: str = "text/plain", **headers: str) -> EmailMessage:
    """A mail to the gateway with one report file `name` attached; `headers` as written
    (Auto_Submitted → Auto-Submitted); the subject is the file name unless given."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "nianbao@example.gov.cn"
    msg["Subject"] = subject or name
    msg["Message-ID"] = make_msgid(domain="test.example")
    for key, value in headers.items():
        msg[key.replace("_", "-")] = value
    msg.set_content("附件是年度报告。")
    maintype, subtype = mime.split("/")
    msg.add_attachment(body, maintype=maintype, subtype=subtype, filename=name)
    return msg


async def _stored_key(s3, name: str) -> str:
    """The one object the gateway stored under inbox/ for the attachment `name`."""
    deadline = time.monotonic() + 15
    keys: list[str] = []
    while not keys and time.monotonic() < deadline:
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket="intake", Prefix="inbox/mail-").get("Contents", []) if o["Key"].endswith(name)]
        await asyncio.sleep(0.2)
    (key,) = keys
    return key


async def _document_of(pipeline, name: str):
    return await pipeline.result(workflow_id_of(pipeline.s3, await _stored_key(pipeline.s3, name)))


async def test_mailed_report_becomes_a_case_and_the_sender_gets_the_receipt(minio_server, temporal_env, mailpit_server, samples_dir):
    sender = "beida@wn.example.gov.cn"
    seed = (samples_dir / "beida-2020.txt").read_text(encoding="utf-8")
    body = seed.replace("2020", "2051").replace("2021", "2052").encode("gb18030")  # a GBK file, as WPS writes it
    async with running_pipeline(minio_server, temporal_env, mailpit_server, prefix="mail") as pipeline:
        subject = "北大镇2051年政府信息公开工作年度报告"
        msg = _report_mail(formataddr(("北大镇党政办", sender)), body, "北大镇2051年报.txt", subject, "application/octet-stream")
        await mail_through_gateway(pipeline, msg)

        # The attachment is an object under inbox/ with the sender as submitter.
        s3 = pipeline.s3
        key = await _stored_key(s3, "北大镇2051年报.txt")
        doc = await pipeline.result(workflow_id_of(s3, key))
        assert doc.facts.submitter_email == sender
        assert doc.facts.submitter_name == "北大镇党政办"
        assert doc.facts.channel == "email"
        assert doc.case_id == "case-2051-万宁市-北大镇"
        view = await wait_case(pipeline, doc.case_id, "awaiting_review")
        assert view.submissions[0].submitter_email == sender
        receipts = await wait_mails(mailpit_server, to=sender, contains=doc.case_id)
        assert receipts, "the sender got no receipt"


async def test_automated_mail_is_checked_but_never_answered(minio_server, temporal_env, mailpit_server, samples_dir):
    sender = "ningmute@hn.example.gov.cn"
    seed = (samples_dir / "ningmute-2021.txt").read_text(encoding="utf-8")
    body = seed.replace("2021", "2053").replace("2022", "2054").encode()
    async with running_pipeline(minio_server, temporal_env, mailpit_server, prefix="automail") as pipeline:
        msg = _report_mail(sender, body, "宁木特镇2053.txt", "自动转发：年度报告", Auto_Submitted="auto-forwarded")
        await mail_through_gateway(pipeline, msg)
        s3 = pipeline.s3
        key = await _stored_key(s3, "宁木特镇2053.txt")
        head = s3.head_object(Bucket="intake", Key=key)
        assert head["Metadata"]["auto-submitted"] == "yes"
        doc = await pipeline.result(workflow_id_of(s3, key))
        assert doc.facts.auto_submitted and doc.status == "checked"
        await wait_case(pipeline, doc.case_id, "awaiting_review")
        await asyncio.sleep(1)
        assert not [m for m in mailpit_server.messages() if any(t["Address"] == sender for t in m["To"]) and doc.case_id in m["Subject"]]


async def test_a_forged_sender_never_reaches_the_official_case(minio_server, temporal_env, mailpit_server, samples_dir):
    """Envelope attacker@evil.test, From the 鲁河镇 clerk: the report waits on the intake desk."""
    seed = (samples_dir / "luhe-2021.txt").read_text(encoding="utf-8")
    body = seed.replace("2021", "2055").replace("2022", "2056").encode()
    async with running_pipeline(minio_server, temporal_env, mailpit_server, prefix="forged") as pipeline:
        msg = _report_mail("luhe@sf.example.gov.cn", body, "鲁河镇2055.txt")
        await mail_through_gateway(pipeline, msg, envelope_from="attacker@evil.test")
        doc = await _document_of(pipeline, "鲁河镇2055.txt")
        assert doc.facts.sender_verified is False
        assert doc.case_id == f"case-{doc.workflow_id}"  # its own case on the desk, not case-2055-…-鲁河镇
        assert "roster.sender_unverified" in [f.rule for f in doc.findings]


async def test_required_evidence_from_a_trusted_relay_joins_the_official_case(minio_server, temporal_env, mailpit_server, samples_dir):
    seed = (samples_dir / "luhe-2021.txt").read_text(encoding="utf-8")
    body = seed.replace("2021", "2057").replace("2022", "2058").encode()
    relay = "mx.county.example.gov.cn"
    async with running_pipeline(minio_server, temporal_env, mailpit_server, prefix="proven") as pipeline:
        proven = _report_mail(
            "luhe@sf.example.gov.cn", body, "鲁河镇2057.txt", Authentication_Results=f"{relay}; dmarc=pass header.from=sf.example.gov.cn"
        )
        await mail_through_gateway(pipeline, proven, sender_evidence="required", trusted_authserv_ids=[relay])
        doc = await _document_of(pipeline, "鲁河镇2057.txt")
        assert doc.facts.sender_verified is True
        assert doc.case_id.startswith("case-2057-") and doc.case_id.endswith("-鲁河镇")
        # The same mail without the relay's verdict is not proven in production mode.
        unproven = _report_mail("luhe@sf.example.gov.cn", body + b"\n", "鲁河镇2057b.txt")
        await mail_through_gateway(pipeline, unproven, sender_evidence="required", trusted_authserv_ids=[relay])
        doc = await _document_of(pipeline, "鲁河镇2057b.txt")
        assert doc.facts.sender_verified is False and doc.case_id == f"case-{doc.workflow_id}"
