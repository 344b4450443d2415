"""The faults around senders, mail and servers: undecodable metadata, a forged From, an
envelope sender without a domain, the mail server frozen, each server killed."""

from __future__ import annotations

import asyncio
import os
import signal
import smtplib
import uuid
from email.message import EmailMessage
from email.utils import make_msgid

from chaos.inputs import Report, upload
from chaos.report import Row
from chaos.scenarios import Ctx, mail_ids, measure

BAD_SUBMITTERS = {
    "unknown-encoding": {"submitter-email": "=?x-unknown?q?abc?=", "submitter-name": "=?x-unknown?q?abc?="},
    "invalid-utf8": {"submitter-email": "u8:%FF%FE%80", "subject": "u8:%C3%28"},
    "crlf": {"submitter-email": "u8:luhe%40sf.example.gov.cn%0D%0ABcc%3A%20x%40evil.test"},
    "nodomain": {"submitter-email": "nodomain"},
}


async def bad_metadata(ctx: Ctx) -> Row:
    """Each object is answered (or recorded) and its case routed; no workflow retries forever."""
    row = Row("undecodable metadata / CR-LF / no-domain submitter")
    before = await asyncio.to_thread(mail_ids, ctx)
    keys, names = [], set()
    for label, meta in BAD_SUBMITTERS.items():
        r = ctx.reports.next()
        key = f"inbox/chaos-meta-{uuid.uuid4().hex[:8]}/{label}.txt"
        await asyncio.to_thread(ctx.obs.s3.put_object, Bucket=ctx.bucket, Key=key, Body=r.data, Metadata=meta)
        keys.append(key)
        names.add(r.name)
    row.inputs = len(keys)
    await measure(ctx, row, keys, names, before)
    return row


def _send(ctx: Ctx, envelope_from: str, msg: EmailMessage) -> None:
    gw = ctx.info["smtp_gateway"]
    with smtplib.SMTP(gw["host"], gw["port"], timeout=30) as smtp:
        smtp.send_message(msg, from_addr=envelope_from, to_addrs=[gw["address"]])


def _mail(ctx: Ctx, r: Report, from_header: str | None) -> EmailMessage:
    msg = EmailMessage()
    if from_header:
        msg["From"] = from_header
    msg["To"] = ctx.info["smtp_gateway"]["address"]
    msg["Subject"] = f"{r.body}{r.year}年政府信息公开年报"
    msg["Message-ID"] = make_msgid(domain="chaos.test")
    msg.set_content("附件是年报，请查收。")
    msg.add_attachment(r.data, maintype="text", subtype="plain", filename=r.name)
    return msg


async def _mailed_key(ctx: Ctx, name: str, timeout: float = 30, containing: str = "") -> str | None:
    for _ in range(int(timeout / 0.5)):
        listing = await asyncio.to_thread(ctx.obs.s3.list_objects_v2, Bucket=ctx.bucket, Prefix="inbox/mail-")
        found = [o["Key"] for o in listing.get("Contents", []) if o["Key"].endswith(name) and containing in o["Key"]]
        if found:
            return found[0]
        await asyncio.sleep(0.5)
    return None


async def forged_from(ctx: Ctx) -> Row:
    """attacker@evil.test sends as 鲁河镇's clerk: never the official case's submission."""
    row = Row("forged From (envelope attacker@evil.test)")
    before = await asyncio.to_thread(mail_ids, ctx)
    r = next(x for x in iter(ctx.reports.next, None) if x.body == "鲁河镇")
    await asyncio.to_thread(_send, ctx, "attacker@evil.test", _mail(ctx, r, r.email))
    key = await _mailed_key(ctx, r.name)
    row.inputs = 1
    out = await measure(ctx, row, [key] if key else [], {r.name}, before)
    row.lost += 0 if key else 1
    if any(w.case_id == r.official_case for w in out.workflows.values()):
        row.failures.append("forged sender reached the official case")
    return row


async def nodomain_sender(ctx: Ctx) -> Row:
    """MAIL FROM:<nodomain>, no From header: the case must not wait for a notice that can
    never be sent."""
    row = Row("MAIL FROM:<nodomain>, no From header")
    before = await asyncio.to_thread(mail_ids, ctx)
    r = ctx.reports.next()
    await asyncio.to_thread(_send, ctx, "nodomain", _mail(ctx, r, None))
    key = await _mailed_key(ctx, r.name)
    row.inputs = 1
    await measure(ctx, row, [key] if key else [], {r.name}, before)
    row.lost += 0 if key else 1
    return row


async def smtp_frozen(ctx: Ctx) -> Row:
    """Mailpit frozen (SIGSTOP) while reports arrive: review must not wait for mail; once it
    thaws, every notice arrives once."""
    row = Row("mail server frozen during 3 uploads")
    before = await asyncio.to_thread(mail_ids, ctx)
    pid = ctx.stack.pid("mailpit")
    os.kill(pid, signal.SIGSTOP)
    reports = [ctx.reports.next() for _ in range(3)]
    try:
        keys = [await asyncio.to_thread(upload, ctx.obs.s3, ctx.bucket, r) for r in reports]
        row.inputs = len(keys)
        out = await ctx.obs.wait_documents(keys, 60)
        case_ids = {w.case_id for w in out.workflows.values() if w.case_id}
        views = await ctx.obs.wait_cases_settled(case_ids, 60)
        held = [c for c in case_ids if views.get(c, {}).get("status") in (None, "checking", "received")]
        if held:
            row.failures.append(f"{len(held)} case(s) held by the mail outage")
    finally:
        os.kill(pid, signal.SIGCONT)
    await asyncio.sleep(20)  # retried notices go out
    await measure(ctx, row, keys, {r.name for r in reports}, before)
    return row


async def servers_killed(ctx: Ctx) -> Row:
    """MinIO, Mailpit and Temporal each SIGKILLed: the launcher restarts them, and reports
    sent afterwards are answered."""
    row = Row("MinIO, Mailpit, Temporal SIGKILL (restarted)")
    before = await asyncio.to_thread(mail_ids, ctx)
    for name in ("minio", "mailpit", "temporal"):
        pid = ctx.stack.kill(name)
        try:
            await asyncio.to_thread(ctx.stack.wait_restarted, name, pid, 120)
        except RuntimeError as exc:
            row.failures.append(str(exc))
            return row

    reports = [ctx.reports.next() for _ in range(3)]
    keys = []
    for r in reports:
        for _attempt in range(30):  # the store may still be warming up
            try:
                keys.append(await asyncio.to_thread(upload, ctx.obs.s3, ctx.bucket, r))
                break
            except Exception:
                await asyncio.sleep(1)
    row.inputs = len(reports)
    await ctx.obs.connect()  # a new client: the old channel may still be backing off
    await measure(ctx, row, keys, {r.name for r in reports}, before, answer_s=150)
    row.lost += len(reports) - len(keys)
    return row


async def long_names(ctx: Ctx) -> Row:
    """A 300-character Chinese file name, uploaded and mailed: stored and answered (it was a
    500 / MetadataTooLarge, and a key segment MinIO refuses)."""
    row = Row("300-character file names (upload + mail)")
    before = await asyncio.to_thread(mail_ids, ctx)
    tag = uuid.uuid4().hex[:6]
    uploaded, mailed = ctx.reports.next(), ctx.reports.next()
    long = f"{tag}关于" + "某某镇人民政府" * 42 + "年度报告"  # the tag first: names keep their beginning
    uploaded = Report(long + "-网页.txt", uploaded.data, uploaded.email, uploaded.sender, uploaded.body, uploaded.county, uploaded.year)
    keys = [await asyncio.to_thread(upload, ctx.obs.s3, ctx.bucket, uploaded)]
    msg = _mail(ctx, mailed, mailed.email)
    for part in msg.iter_attachments():
        part.set_param("filename", long + "-邮件.txt", header="Content-Disposition")
    await asyncio.to_thread(_send, ctx, mailed.email, msg)
    key = await _mailed_key(ctx, ".txt", timeout=30, containing=tag)
    if key:
        keys.append(key)
    row.inputs = 2
    await measure(ctx, row, keys, {tag, uploaded.body, mailed.body}, before)
    row.lost += 2 - len(keys)
    return row
