"""The uploaders we own start the document workflow themselves right after their PUT (issue
17: MinIO's queued webhook costs 0–3 s): the web upload, `intake submit` and the mail
gateway. The workflow exists when the upload answers, started by the uploader (its input
says so), under the content identity the event path uses, so the bucket event that comes
later is absorbed: one run, one case submission, each mail once. Real MinIO (its own webhook
delivering too), Temporal, Mailpit, the web app over HTTP, the real `intake` command."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import uuid
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

import aiosmtplib
import httpx
import pytest
from temporalio.client import Client

from adapters.object_identity import identify
from adapters.settings import GatewaySettings
from intake.roster_file import load_demo_roster
from tests.browser.harness import http_login, module_web_stack, seed_variant
from tests.integration.test_cases import mails
from workers.mail_gateway import MailGateway, start_gateway
from workflows.contracts import DocumentInput
from workflows.start_document import UploadStarter

pytestmark = pytest.mark.integration

YEAR = 2072  # years no other test uses: each test its own case (2072, 2073, 2074)
CLERK = "shangtang"  # 上塘镇 (丰城市)


stack = module_web_stack("upstart")


async def started_input(client: Client, wf_id: str) -> DocumentInput:
    """The input the run was started with: the first start wins, so its trigger names the starter."""
    history = await client.get_workflow_handle(wf_id).fetch_history()
    payloads = history.events[0].workflow_execution_started_event_attributes.input.payloads
    (doc,) = await client.data_converter.decode(payloads, [DocumentInput])
    return doc


async def event_for(stack, key: str) -> dict:
    """What the receiver answers to the bucket event of `key` (as MinIO would post it later)."""
    body = {"Records": [{"eventName": "s3:ObjectCreated:Put", "s3": {"bucket": {"name": "intake"}, "object": {"key": key}}}]}
    headers = {"Authorization": f"Bearer {stack.pipeline.settings.events.token}"}
    async with httpx.AsyncClient(timeout=30) as http:
        answer: dict = (await http.post(stack.pipeline.receiver.url, json=body, headers=headers)).json()
    return answer


async def test_a_web_upload_starts_its_check_and_the_later_event_is_a_harmless_duplicate(stack, samples_dir, mailpit_server):
    tag = uuid.uuid4().hex[:8]
    text = seed_variant((samples_dir / "shangtang-2021.txt").read_text("utf-8"), YEAR, tag)
    async with httpx.AsyncClient(base_url=stack.url, follow_redirects=False, timeout=60) as http:
        token = await http_login(http, CLERK, stack.passwords[CLERK])
        resp = await http.post(
            "/upload",
            files={"file": (f"上塘镇{YEAR}年报.txt", text.encode())},
            headers={"X-CSRF-Token": token, "Accept": "application/json"},
        )
    assert resp.status_code == 200, resp.text[:300]
    key = resp.json()["key"]
    wf_id = identify(stack.pipeline.s3, "intake", key).workflow_id
    started = await started_input(stack.pipeline.client, wf_id)  # exists as the upload answers
    assert started.trigger == "upload:web" and started.key == key

    answer = await event_for(stack, key)
    assert answer["workflows"] == [wf_id] and answer["duplicates"] == 1, answer

    doc = await stack.pipeline.result(wf_id)
    assert doc.case_id == f"case-{YEAR}-丰城市-上塘镇"
    view = await stack.wait_case(doc.case_id, "awaiting_review")
    await asyncio.sleep(4)  # MinIO's own queued event for the upload, and any late mail
    assert await stack.pipeline.run_count(wf_id) == 1
    view = await stack.wait_case(doc.case_id, "awaiting_review")
    assert len(view.submissions) == 1
    got = mails(mailpit_server, to=stack.email(CLERK), contains=doc.case_id)
    subjects = [m["Subject"] for m in got]
    assert got and len(subjects) == len(set(subjects)), subjects  # the receipt once


async def test_a_mailed_attachment_is_started_before_the_gateway_answers(stack, samples_dir):
    pipeline = stack.pipeline
    sender = stack.email(CLERK)
    text = seed_variant((samples_dir / "shangtang-2021.txt").read_text("utf-8"), YEAR + 1, uuid.uuid4().hex)
    name = f"上塘镇{YEAR + 1}-{uuid.uuid4().hex[:6]}.txt"
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, "nianbao@example.gov.cn", f"上塘镇{YEAR + 1}年报"
    msg["Message-ID"] = make_msgid(domain="fc.example.gov.cn")
    msg.set_content("附件是年报。")
    msg.add_attachment(text.encode(), maintype="text", subtype="plain", filename=name)

    async def client() -> Client:
        return pipeline.client

    starter = UploadStarter(client, pipeline.settings.temporal.task_queue, load_demo_roster(), pipeline.s3, "intake")
    server = await start_gateway(
        MailGateway(GatewaySettings(host="127.0.0.1", port=0, sender_evidence="alignment"), pipeline.settings.s3, on_stored=starter)
    )
    try:
        await aiosmtplib.send(msg, sender=sender, hostname="127.0.0.1", port=server.sockets[0].getsockname()[1])
    finally:
        server.close()
        await server.wait_closed()
    listing = pipeline.s3.list_objects_v2(Bucket="intake", Prefix="inbox/mail-")
    (key,) = [o["Key"] for o in listing.get("Contents", []) if o["Key"].endswith(name)]
    wf_id = identify(pipeline.s3, "intake", key).workflow_id
    assert (await started_input(pipeline.client, wf_id)).trigger == "upload:email"
    answer = await event_for(stack, key)
    assert answer["workflows"] == [wf_id] and answer["duplicates"] == 1, answer
    assert (await pipeline.result(wf_id)).status == "checked"
    assert await pipeline.run_count(wf_id) == 1


async def test_intake_submit_starts_the_check_itself(stack, samples_dir, tmp_path):
    """The real command against a stack.json naming the test servers. Its workflow is started
    on the stack's default task queue (nobody polls it here): only that it exists matters."""
    pipeline, minio = stack.pipeline, stack.pipeline.settings.s3
    (tmp_path / "stack.json").write_text(
        json.dumps(
            {
                "temporal": {"address": pipeline.client.service_client.config.target_host, "namespace": pipeline.client.namespace},
                "s3": {
                    "endpoint": minio.endpoint,
                    "access_key": minio.access_key,
                    "secret_key": minio.secret_key,
                    "intake_bucket": "intake",
                },
            }
        )
    )
    report = tmp_path / f"上塘镇{YEAR + 2}-cli.txt"
    report.write_text(seed_variant((samples_dir / "shangtang-2021.txt").read_text("utf-8"), YEAR + 2, uuid.uuid4().hex), encoding="utf-8")
    intake = Path(sys.executable).with_name("intake")
    cmd = [str(intake), "submit", str(report), "--from", stack.email(CLERK), "--state-dir", str(tmp_path)]
    done = await asyncio.to_thread(subprocess.run, cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    key = done.stdout.strip()
    assert key.startswith("inbox/") and "\n" not in key  # stdout is the key alone
    wf_id = identify(pipeline.s3, "intake", key).workflow_id
    started = await started_input(pipeline.client, wf_id)
    assert started.trigger == "upload:cli"
    assert (await pipeline.client.get_workflow_handle(wf_id).describe()).task_queue == "report-intake"
    await pipeline.client.get_workflow_handle(wf_id).terminate("test done: nobody polls the stack's default queue here")
