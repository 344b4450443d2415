"""The SMTP mail gateway over real SMTP on loopback, against the real MinIO of `minio_server`.

The gateway writes to its own bucket here (same MinIO, not subscribed to the webhook), so
these test objects never start workflows in other tests' pipelines. The key scheme and the
metadata are computed here independently of the gateway's helpers.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import smtplib
import sys
from dataclasses import dataclass, field
from pathlib import Path

import aiosmtplib
import pytest
from botocore.exceptions import ClientError

from adapters.s3 import decode_metadata
from adapters.settings import GatewaySettings, S3Settings
from cli.stack.net import free_port, tcp_ready
from cli.stack.process import ManagedProcess
from tests.unit import mail_samples as ms
from workers.mail_gateway import MailGateway, start_gateway

pytestmark = pytest.mark.integration

BUCKET = "mail-gateway-test"
INTAKE = "nianbao@example.gov.cn"
REPO = Path(__file__).resolve().parents[2]


@dataclass
class Gateway:
    port: int
    settings: GatewaySettings
    records: list[dict] = field(default_factory=list)


@pytest.fixture(scope="module")
def s3(minio_server) -> S3Settings:
    try:
        minio_server.client.create_bucket(Bucket=BUCKET)
    except ClientError as exc:
        if exc.response["Error"]["Code"] not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
            raise
    return S3Settings(
        endpoint=minio_server.endpoint,
        access_key=minio_server.access_key,
        secret_key=minio_server.secret_key,
        intake_bucket=BUCKET,
    )


async def _start(settings: GatewaySettings, s3: S3Settings):
    gw = Gateway(0, settings)

    async def hook(record: dict) -> None:
        gw.records.append(record)

    server = await start_gateway(MailGateway(settings, s3, on_no_attachment=hook))
    gw.port = server.sockets[0].getsockname()[1]
    return gw, server


@pytest.fixture(scope="module")
async def gateway(s3):
    gw, server = await _start(GatewaySettings(host="127.0.0.1", port=0), s3)
    yield gw
    server.close()
    await server.wait_closed()


@pytest.fixture(scope="module")
async def small_gateway(s3):
    """Tiny limits, so size rejections are tested with small messages."""
    settings = GatewaySettings(host="127.0.0.1", port=0, max_message_bytes=60_000, max_attachment_bytes=20_000, max_attachments=3)
    gw, server = await _start(settings, s3)
    yield gw
    server.close()
    await server.wait_closed()


async def send(port: int, raw: bytes, sender: str = "clerk@township.gov.cn", rcpts=(INTAKE,)):
    return await aiosmtplib.send(raw, sender=sender, recipients=list(rcpts), hostname="127.0.0.1", port=port, timeout=30)


def key_prefix(message_id: str) -> str:
    return f"inbox/mail-{hashlib.sha256(message_id.encode()).hexdigest()[:16]}-"


def keys_under(client, prefix: str) -> list[str]:
    resp = client.list_objects_v2(Bucket=BUCKET, Prefix=prefix)
    return sorted(o["Key"] for o in resp.get("Contents", []))


def assert_stored(client, sample: ms.Sample, message_id: str) -> list[str]:
    keys = []
    for index, (name, data) in enumerate(sample.files, start=1):
        key = f"{key_prefix(message_id)}{index}/{name}"
        obj = client.get_object(Bucket=BUCKET, Key=key)
        assert obj["Body"].read() == data, key
        meta = decode_metadata(obj["Metadata"])
        assert meta["channel"] == "email"
        assert meta["submitter-email"] == sample.sender_email
        assert meta.get("submitter-name", "") == sample.sender_name
        assert meta["subject"] == sample.subject
        assert meta["message-id"] == message_id
        assert meta["original-name"] == name
        assert meta["received-at"].startswith("20") and meta["received-at"].endswith("+00:00")
        assert all(v.isascii() for v in obj["Metadata"].values())  # what S3 requires
        keys.append(key)
    assert keys_under(client, key_prefix(message_id)) == sorted(keys)
    return keys


CASES = [*ms.CLIENTS, ms.several_with_inline_images, ms.forwarded]


@pytest.mark.parametrize("build", CASES, ids=lambda f: f.__name__)
async def test_client_messages_become_objects_with_metadata_and_exact_bytes(gateway, minio_server, build):
    sample = build()
    _errors, reply = await send(gateway.port, sample.raw)
    assert reply.startswith("2.0.0 Message received; ")
    assert f"{len(sample.files)} attachment(s) stored" in reply
    assert_stored(minio_server.client, sample, sample.message_id)


async def test_message_without_message_id_gets_a_derived_stable_key(gateway, minio_server):
    sample = ms.without_message_id()
    await send(gateway.port, sample.raw)
    resp = minio_server.client.list_objects_v2(Bucket=BUCKET, Prefix="inbox/mail-")
    keys = [o["Key"] for o in resp["Contents"]]
    mids = {decode_metadata(minio_server.client.head_object(Bucket=BUCKET, Key=k)["Metadata"])["message-id"]: k for k in keys}
    derived = [m for m in mids if m.startswith("<sha256-") and mids[m].endswith("/年报.pdf")]
    stored = [m for m in derived if minio_server.client.get_object(Bucket=BUCKET, Key=mids[m])["Body"].read() == sample.files[0][1]]
    assert len(stored) == 1
    assert_stored(minio_server.client, sample, stored[0])
    # retried through another relay (a Received header more): still the same single object
    await send(gateway.port, b"Received: from relay2 by mx; Tue, 11 Jan 2022 10:00:00 +0800\r\n" + sample.raw)
    assert_stored(minio_server.client, sample, stored[0])


async def test_same_message_twice_gives_one_object(gateway, minio_server):
    client = minio_server.client
    sample = ms.outlook()
    await send(gateway.port, sample.raw)
    (key,) = assert_stored(client, sample, sample.message_id)
    # mark the stored object: a rewrite by the second delivery would drop the marker
    meta = client.head_object(Bucket=BUCKET, Key=key)["Metadata"]
    client.copy_object(
        Bucket=BUCKET,
        Key=key,
        CopySource={"Bucket": BUCKET, "Key": key},
        Metadata={**meta, "test-marker": "first"},
        MetadataDirective="REPLACE",
    )
    _errors, reply = await send(gateway.port, sample.raw)
    assert reply.startswith("2.0.0")
    assert_stored(client, sample, sample.message_id)
    assert client.head_object(Bucket=BUCKET, Key=key)["Metadata"]["test-marker"] == "first"  # not rewritten


class _HeadSaysAbsent:
    """A client whose HEAD misses an object a concurrent delivery has just written."""

    def __init__(self, client) -> None:
        self._client = client
        self.heads = 0

    def head_object(self, **kw):
        self.heads += 1
        if self.heads == 1:
            raise ClientError({"Error": {"Code": "404"}}, "HeadObject")
        return self._client.head_object(**kw)

    def __getattr__(self, name):
        return getattr(self._client, name)


def test_conditional_write_wins_the_race_against_a_concurrent_delivery(s3, minio_server):
    from datetime import UTC, datetime

    from intake.inbound_mail import parse_message

    sample = ms.foxmail()
    parsed = parse_message(sample.raw)
    first = MailGateway(GatewaySettings(), s3, client=minio_server.client)
    assert len(first.store(parsed, datetime.now(UTC).isoformat()).new) == 1
    racing = MailGateway(GatewaySettings(), s3, client=_HeadSaysAbsent(minio_server.client))
    out = racing.store(parsed, "2000-01-01T00:00:00+00:00")
    assert out.new == [] and len(out.existing) == 1
    meta = decode_metadata(minio_server.client.head_object(Bucket=BUCKET, Key=out.existing[0])["Metadata"])
    assert meta["received-at"] != "2000-01-01T00:00:00+00:00"  # the first write was kept
    assert_stored(minio_server.client, sample, sample.message_id)


async def test_concurrent_duplicate_deliveries_give_one_object(gateway, minio_server):
    sample = ms.several_with_inline_images()
    replies = await asyncio.gather(*(send(gateway.port, sample.raw) for _ in range(4)))
    assert all(r[1].startswith("2.0.0") for r in replies)
    assert_stored(minio_server.client, sample, sample.message_id)


async def test_reused_message_id_with_other_content_is_not_lost(gateway, minio_server):
    first = ms.q_encoded()
    second = ms.q_encoded()
    assert first.files[0][1] == second.files[0][1]
    # a broken client reusing one Message-ID for a different report
    other_data = ms.blob(77)
    raw2 = first.raw.replace(ms.b64body(first.files[0][1]), ms.b64body(other_data))
    assert raw2 != first.raw
    await send(gateway.port, first.raw)
    await send(gateway.port, raw2)
    keys = keys_under(minio_server.client, key_prefix(first.message_id))
    assert len(keys) == 2
    bodies = {minio_server.client.get_object(Bucket=BUCKET, Key=k)["Body"].read() for k in keys}
    assert bodies == {first.files[0][1], other_data}
    await send(gateway.port, raw2)  # and its own redelivery is still one object
    assert len(keys_under(minio_server.client, key_prefix(first.message_id))) == 2


async def test_recipient_not_configured_is_refused_550(gateway, minio_server):
    sample = ms.outlook()
    with pytest.raises(aiosmtplib.SMTPRecipientsRefused) as info:
        await send(gateway.port, sample.raw, rcpts=("someone@elsewhere.com",))
    (refused,) = info.value.recipients
    assert refused.code == 550
    assert "not accepted" in refused.message
    assert keys_under(minio_server.client, key_prefix(sample.message_id)) == []
    # one good recipient among bad ones: only the good one is accepted, the report is stored
    errors, _reply = await send(gateway.port, sample.raw, rcpts=("relay@victim.example", INTAKE.upper()))
    assert errors["relay@victim.example"].code == 550
    assert_stored(minio_server.client, sample, sample.message_id)


async def test_oversized_message_is_refused_552_at_mail_from(small_gateway, minio_server):
    sample = ms.with_attachments(2, size=40_000)  # ~110 KB encoded > 60 KB
    with pytest.raises(aiosmtplib.SMTPSenderRefused) as info:  # the client declared SIZE=
        await send(small_gateway.port, sample.raw)
    assert info.value.code == 552
    assert "Message too big: at most 59 KB per message" in info.value.message
    assert keys_under(minio_server.client, key_prefix(sample.message_id)) == []


async def test_oversized_message_without_size_declared_is_refused_552_after_data(small_gateway, minio_server):
    sample = ms.with_attachments(2, size=40_000)
    smtp = aiosmtplib.SMTP(hostname="127.0.0.1", port=small_gateway.port, timeout=30)
    await smtp.connect()
    try:
        await smtp.ehlo()
        await smtp.mail("clerk@township.gov.cn")  # no SIZE parameter
        await smtp.rcpt(INTAKE)
        with pytest.raises(aiosmtplib.SMTPDataError) as info:
            await smtp.data(sample.raw)
        assert info.value.code == 552
        assert "Message too big: at most 59 KB per message" in info.value.message
    finally:
        smtp.close()
    assert keys_under(minio_server.client, key_prefix(sample.message_id)) == []


async def test_attachment_too_large_or_too_many_is_refused_552(small_gateway, minio_server):
    big = ms.with_attachments(1, size=30_000)  # 30 KB decoded > 20 KB, message < 60 KB
    with pytest.raises(aiosmtplib.SMTPDataError) as info:
        await send(small_gateway.port, big.raw)
    assert info.value.code == 552
    assert "Attachment 1 is too large: 29 KB, at most 20 KB per attachment" in info.value.message
    many = ms.with_attachments(4, size=100)
    with pytest.raises(aiosmtplib.SMTPDataError) as info:
        await send(small_gateway.port, many.raw)
    assert info.value.code == 552
    assert "Too many attachments: 4" in info.value.message
    for s in (big, many):
        assert keys_under(minio_server.client, key_prefix(s.message_id)) == []
    ok = ms.with_attachments(3, size=100)
    await send(small_gateway.port, ok.raw)
    assert_stored(minio_server.client, ok, ok.message_id)


async def test_message_without_attachment_is_recorded_outside_inbox(gateway, minio_server):
    client = minio_server.client
    sample = ms.no_attachment()
    h = hashlib.sha256(sample.message_id.encode()).hexdigest()[:16]
    n_before = len(gateway.records)
    _errors, reply = await send(gateway.port, sample.raw, sender="wangxm@shangtang.gov.cn")
    assert "no attachment" in reply
    assert keys_under(client, key_prefix(sample.message_id)) == []
    obj = client.get_object(Bucket=BUCKET, Key=f"gateway/no-attachment/{h}.json")
    record = json.loads(obj["Body"].read())
    assert record["sender_email"] == "wangxm@shangtang.gov.cn"
    assert record["sender_name"] == "王晓明"
    assert record["subject"] == "年报已在网站公布"
    assert record["message_id"] == sample.message_id
    assert record["reply_allowed"] is True
    assert "年报已在网站公布" in record["body_excerpt"]
    assert decode_metadata(obj["Metadata"])["submitter-name"] == "王晓明"
    assert gateway.records[n_before:] == [record]
    await send(gateway.port, sample.raw, sender="wangxm@shangtang.gov.cn")  # redelivered
    assert len(gateway.records) == n_before + 1  # answered once


async def test_bounce_without_attachment_is_recorded_but_not_to_be_answered(gateway, minio_server):
    sample = ms.no_attachment()
    smtp = aiosmtplib.SMTP(hostname="127.0.0.1", port=gateway.port, timeout=30)
    await smtp.connect()
    try:
        await smtp.sendmail("", [INTAKE], sample.raw)  # MAIL FROM:<>
    finally:
        smtp.close()
    h = hashlib.sha256(sample.message_id.encode()).hexdigest()[:16]
    record = json.loads(minio_server.client.get_object(Bucket=BUCKET, Key=f"gateway/no-attachment/{h}.json")["Body"].read())
    assert record["envelope_from"] == ""
    assert record["reply_allowed"] is False


async def test_storage_down_answers_451_and_the_retry_stores_it(gateway, minio_server):
    sample = ms.foxmail()
    proc = minio_server.process
    proc.stop()
    try:
        with pytest.raises(aiosmtplib.SMTPDataError) as info:
            await send(gateway.port, sample.raw)
        assert info.value.code == 451
        assert "retry" in info.value.message
    finally:
        proc.start()
        proc.wait_ready(60)
    _errors, reply = await send(gateway.port, sample.raw)  # the sending server's retry
    assert reply.startswith("2.0.0")
    assert_stored(minio_server.client, sample, sample.message_id)


def test_gateway_process_as_intake_up_runs_it(s3, minio_server, tmp_path):
    """`python -m workers.mail_gateway` with the environment `intake up` gives it."""
    port = free_port()
    proc = ManagedProcess(
        name="mail-gateway",
        argv=[sys.executable, "-m", "workers.mail_gateway"],
        log_path=tmp_path / "gateway.log",
        env={
            "INTAKE_GATEWAY__HOST": "127.0.0.1",
            "INTAKE_GATEWAY__PORT": str(port),
            "INTAKE_GATEWAY__ADDRESSES": "nianbao@example.gov.cn, second@example.gov.cn",
            "INTAKE_S3__ENDPOINT": s3.endpoint,
            "INTAKE_S3__ACCESS_KEY": s3.access_key,
            "INTAKE_S3__SECRET_KEY": s3.secret_key,
            "INTAKE_S3__INTAKE_BUCKET": BUCKET,
        },
        ready=lambda: tcp_ready("127.0.0.1", port),
        cwd=REPO,
    )
    proc.start()
    try:
        proc.wait_ready(30)
        sample = ms.qqmail()
        with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
            refused = smtp.sendmail("clerk@qq.com", ["second@example.gov.cn"], sample.raw)
            assert refused == {}
            with pytest.raises(smtplib.SMTPRecipientsRefused):
                smtp.sendmail("clerk@qq.com", ["x@open-relay.test"], sample.raw)
        assert_stored(minio_server.client, sample, sample.message_id)
    finally:
        assert proc.stop() == 0, proc.last_lines()
    log = (tmp_path / "gateway.log").read_text()
    assert '"event": "mail gateway listening"' in log and '"event": "message stored"' in log
