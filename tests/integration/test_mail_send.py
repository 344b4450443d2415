"""send_once against the real Mailpit and MinIO: sent once, whatever the retries.

Each test uses its own notice key and subject (uuid), because Mailpit and the buckets are
shared by the whole session.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from datetime import UTC, datetime

import aiosmtplib
import pytest
from botocore.exceptions import ClientError

from adapters import smtp as send_mod
from adapters.settings import MailSettings
from adapters.smtp import NotificationInFlight, already_sent, record_key, send_once
from intake.notices import ReceiptNotice, Recipient, compose, message_id

pytestmark = pytest.mark.integration

BUCKET = "intake"
AT = datetime(2022, 1, 20, 1, 30, tzinfo=UTC)


def settings(mailpit) -> MailSettings:
    return MailSettings(smtp_host=mailpit.smtp_host, smtp_port=mailpit.smtp_port, sender="nianbao@example.gov.cn")


def notice(tag: str) -> ReceiptNotice:
    return ReceiptNotice(
        key=f"test/{tag}/receipt",
        to=[Recipient(email=f"{tag}@fc.example.gov.cn", name="上塘镇党政办")],
        date=AT,
        case_id=f"C-{tag}",
        file_name="上塘镇2021年报.txt",
        received_at=AT,
        organization="上塘镇",
        year=2021,
    )


def matching(mailpit, case_id: str, want: int, timeout: float = 5.0) -> list[dict]:
    """Mailpit messages whose subject names the case (waits until `want` arrive, then a bit
    longer so a stray duplicate would show)."""
    deadline = time.monotonic() + timeout
    found: list[dict] = []
    while time.monotonic() < deadline:
        found = [m for m in mailpit.messages() if case_id in m.get("Subject", "")]
        if len(found) >= want:
            break
        time.sleep(0.1)
    time.sleep(0.3)
    return [m for m in mailpit.messages() if case_id in m.get("Subject", "")]


def test_minio_honours_conditional_writes(minio_server):
    """The protocol rests on these: create-if-absent and replace-if-unchanged."""
    s3, key = minio_server.client, f"notifications/probe-{uuid.uuid4().hex}.json"
    first = s3.put_object(Bucket=BUCKET, Key=key, Body=b"1", IfNoneMatch="*")
    with pytest.raises(ClientError) as ei:
        s3.put_object(Bucket=BUCKET, Key=key, Body=b"2", IfNoneMatch="*")
    assert ei.value.response["ResponseMetadata"]["HTTPStatusCode"] == 412
    with pytest.raises(ClientError):
        s3.put_object(Bucket=BUCKET, Key=key, Body=b"3", IfMatch='"0000"')
    s3.put_object(Bucket=BUCKET, Key=key, Body=b"4", IfMatch=first["ETag"])
    assert s3.get_object(Bucket=BUCKET, Key=key)["Body"].read() == b"4"


async def test_first_call_sends_second_sends_nothing(mailpit_server, minio_server):
    tag = uuid.uuid4().hex[:10]
    n = notice(tag)
    msg = compose(n, settings(mailpit_server))
    s3 = minio_server.client

    assert await send_once(msg, settings(mailpit_server), s3, BUCKET, n.key) is True
    found = matching(mailpit_server, n.case_id, 1)
    assert len(found) == 1
    detail = mailpit_server.message(found[0]["ID"])
    assert f"<{detail['MessageID']}>" == message_id(n.key)
    assert [t["Address"] for t in detail["To"]] == [f"{tag}@fc.example.gov.cn"]
    assert detail["From"]["Name"] == "县政府办公室 年报受理"
    assert "已收到您的报告" in detail["Subject"]
    assert "案件编号：C-" in detail["Text"] and "<table>" in detail["HTML"]

    record = json.loads(s3.get_object(Bucket=BUCKET, Key=record_key(n.key))["Body"].read())
    assert record["state"] == "sent" and record["message_id"] == message_id(n.key)
    assert record["to"] == [f"{tag}@fc.example.gov.cn"] and "已收到您的报告" in record["subject"]
    assert (await already_sent(s3, BUCKET, n.key))["sent_at"] == record["sent_at"]

    # a retried activity: rebuilt message, same key
    again = compose(n, settings(mailpit_server))
    assert await send_once(again, settings(mailpit_server), s3, BUCKET, n.key) is False
    assert len(matching(mailpit_server, n.case_id, 2, timeout=1.0)) == 1


async def test_concurrent_attempts_send_once(mailpit_server, minio_server):
    n = notice(uuid.uuid4().hex[:10])
    msg = compose(n, settings(mailpit_server))

    async def attempt():
        try:
            return await send_once(msg, settings(mailpit_server), minio_server.client, BUCKET, n.key)
        except NotificationInFlight:
            return "in-flight"

    results = await asyncio.gather(*(attempt() for _ in range(4)))
    assert results.count(True) == 1, results
    assert len(matching(mailpit_server, n.case_id, 2, timeout=1.0)) == 1


async def test_crash_after_claim_resends_after_the_lease(mailpit_server, minio_server, monkeypatch):
    """A worker killed after the claim, before SMTP: the retry waits for the lease, then sends."""
    n = notice(uuid.uuid4().hex[:10])
    msg = compose(n, settings(mailpit_server))
    s3 = minio_server.client

    async def killed(*_a, **_k):
        raise asyncio.CancelledError  # the worker dies mid-send

    monkeypatch.setattr(send_mod, "_smtp_send", killed)
    with pytest.raises(asyncio.CancelledError):
        await send_once(msg, settings(mailpit_server), s3, BUCKET, n.key, lease_s=1.0)
    monkeypatch.undo()
    record = json.loads(s3.get_object(Bucket=BUCKET, Key=record_key(n.key))["Body"].read())
    assert record["state"] == "claimed"

    with pytest.raises(NotificationInFlight):  # lease still fresh
        await send_once(msg, settings(mailpit_server), s3, BUCKET, n.key, lease_s=1.0)
    assert matching(mailpit_server, n.case_id, 1, timeout=0.5) == []

    await asyncio.sleep(1.2)
    assert await send_once(msg, settings(mailpit_server), s3, BUCKET, n.key) is True
    assert await send_once(msg, settings(mailpit_server), s3, BUCKET, n.key) is False
    assert len(matching(mailpit_server, n.case_id, 1)) == 1


async def test_refused_send_releases_the_claim(mailpit_server, minio_server, monkeypatch):
    n = notice(uuid.uuid4().hex[:10])
    msg = compose(n, settings(mailpit_server))
    s3 = minio_server.client

    async def refused(*_a, **_k):
        raise aiosmtplib.SMTPResponseException(451, "try again later")

    monkeypatch.setattr(send_mod, "_smtp_send", refused)
    with pytest.raises(aiosmtplib.SMTPResponseException):
        await send_once(msg, settings(mailpit_server), s3, BUCKET, n.key)
    monkeypatch.undo()
    record = json.loads(s3.get_object(Bucket=BUCKET, Key=record_key(n.key))["Body"].read())
    assert record["state"] == "released" and "451" in record["error"]

    # the activity's retry sends at once (no lease to wait for)
    assert await send_once(msg, settings(mailpit_server), s3, BUCKET, n.key) is True
    assert len(matching(mailpit_server, n.case_id, 1)) == 1


async def test_unreachable_server_releases_the_claim(minio_server):
    n = notice(uuid.uuid4().hex[:10])
    from cli.stack.net import free_port

    dead = MailSettings(smtp_host="127.0.0.1", smtp_port=free_port(), sender="nianbao@example.gov.cn")
    with pytest.raises((aiosmtplib.SMTPConnectError, OSError)):
        await send_once(compose(n, dead), dead, minio_server.client, BUCKET, n.key, timeout_s=2)
    record = json.loads(minio_server.client.get_object(Bucket=BUCKET, Key=record_key(n.key))["Body"].read())
    assert record["state"] == "released"
