"""Each real-server fixture proven with one round trip."""

from __future__ import annotations

import uuid
from email.message import EmailMessage

import aiosmtplib
import pytest
from temporalio.worker import Worker

from adapters import s3 as storage
from tests.fixtures.proof_workflow import ShoutWorkflow, shout

pytestmark = pytest.mark.integration


def test_minio_put_get_with_metadata(minio_server):
    client = minio_server.client
    key = f"test/{uuid.uuid4()}/上塘镇 2021年报.txt"
    meta = storage.encode_metadata({"submitter-email": "clerk@example.cn", "submitter-name": "上塘镇党政办"})
    client.put_object(Bucket="intake", Key=key, Body=b"hello", Metadata=meta)
    got = client.get_object(Bucket="intake", Key=key)
    assert got["Body"].read() == b"hello"
    decoded = storage.decode_metadata(got["Metadata"])
    assert decoded["submitter-email"] == "clerk@example.cn"
    assert decoded["submitter-name"] == "上塘镇党政办"


def test_audit_bucket_has_object_lock(minio_server):
    cfg = minio_server.client.get_object_lock_configuration(Bucket="audit")
    assert cfg["ObjectLockConfiguration"]["ObjectLockEnabled"] == "Enabled"


async def test_temporal_runs_a_workflow_with_an_activity(temporal_env):
    async with Worker(temporal_env.client, task_queue="fixture-proof", workflows=[ShoutWorkflow], activities=[shout]):
        result = await temporal_env.client.execute_workflow(ShoutWorkflow.run, "ok", id=f"proof-{uuid.uuid4()}", task_queue="fixture-proof")
    assert result == "OK"


async def test_mail_sent_is_read_back_from_mailpit(mailpit_server):
    msg = EmailMessage()
    msg["From"] = "nianbao@example.gov.cn"
    msg["To"] = "clerk@example.cn"
    subject = f"回执 {uuid.uuid4().hex[:8]}"
    msg["Subject"] = subject
    msg.set_content("已收到您的年度报告。")
    await aiosmtplib.send(msg, hostname=mailpit_server.smtp_host, port=mailpit_server.smtp_port)
    found = [m for m in mailpit_server.messages() if m["Subject"] == subject]
    assert len(found) == 1
    full = mailpit_server.message(found[0]["ID"])
    assert "已收到您的年度报告" in full["Text"]
    assert full["To"][0]["Address"] == "clerk@example.cn"
