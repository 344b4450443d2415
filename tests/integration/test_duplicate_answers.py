"""The same file sent again is answered, not silently absorbed (issue 15): on the web page,
in `intake submit`'s output, and by mail for a mailed duplicate (once per duplicate, never
again for a redelivered message). Real Temporal, MinIO, Mailpit."""

from __future__ import annotations

import asyncio
import json
import uuid
from email.message import EmailMessage
from email.utils import make_msgid

import aiosmtplib
import httpx
import pytest
from click.testing import CliRunner

from adapters.settings import GatewaySettings
from cli.commands.submit import submit
from intake.inbound_mail import Attachment
from tests.browser.harness import csrf_of, http_login, module_web_stack
from tests.integration.case_probes import mails, seed_variant, wait_mails, write_stack_json
from tests.integration.test_case_thread import deliver
from workers.gateway_replies import ReplyDesk
from workers.gateway_store import attachment_key
from workers.mail_gateway import MailGateway, start_gateway
from workflows.contracts import CaseView
from workflows.start_document import UploadStarter

pytestmark = pytest.mark.integration

CLERK = "shangtang@fc.example.gov.cn"
stack = module_web_stack("thread")  # as test_case_thread, whose `deliver` these tests use


def report(samples_dir, year: int) -> bytes:
    return seed_variant((samples_dir / "shangtang-2021.txt").read_text("utf-8"), year, uuid.uuid4().hex).encode()


async def upload(http: httpx.AsyncClient, data: bytes, name: str) -> httpx.Response:
    token = csrf_of((await http.get("/my")).text)
    return await http.post("/upload", data={"csrf": token}, files={"file": (name, data, "text/plain")})


async def test_a_web_reupload_is_answered_with_when_and_where_it_is(stack, samples_dir):
    data = report(samples_dir, 2091)
    async with httpx.AsyncClient(base_url=stack.url, timeout=60) as http:
        await http_login(http, "shangtang", stack.passwords["shangtang"])
        first = await upload(http, data, "上塘镇2091.txt")
        assert first.status_code == 303 and first.headers["location"].startswith("/uploads/")
        case = await stack.wait_case("case-2091-丰城市-上塘镇", "awaiting_review")
        again = await upload(http, data, "上塘镇2091（再次）.txt")  # another name, the same bytes
        assert again.status_code == 303 and again.headers["location"].startswith("/cases/")
        page = (await http.get(again.headers["location"])).text
        assert "该文件已于" in page and case.submissions[0].document_id in page and "待审核" in page
        fresh = await upload(http, report(samples_dir, 2091), "上塘镇2091-改.txt")  # other bytes: no answer
        assert fresh.headers["location"].startswith("/uploads/")
        assert "该文件已于" not in (await http.get(fresh.headers["location"])).text


async def test_intake_submit_prints_the_duplicate_answer(stack, samples_dir, tmp_path):
    state = write_stack_json(stack.pipeline, tmp_path) / "stack.json"
    info = json.loads(state.read_text())
    info["temporal"]["task_queue"] = stack.settings.temporal.task_queue  # the workflow submit starts is served
    state.write_text(json.dumps(info))
    path = tmp_path / "上塘镇2092.txt"
    path.write_bytes(report(samples_dir, 2092))
    args = [str(path), "--from", CLERK, "--state-dir", str(tmp_path)]
    first = await asyncio.to_thread(CliRunner().invoke, submit, args)
    assert first.exit_code == 0 and first.stdout.startswith("inbox/") and "该文件已于" not in first.stderr
    await stack.wait_case("case-2092-丰城市-上塘镇", "awaiting_review")
    again = await asyncio.to_thread(CliRunner().invoke, submit, args)
    assert again.exit_code == 0, again.output
    assert "该文件已于" in again.stderr and "case-2092-丰城市-上塘镇" in again.stderr and "待审核" in again.stderr


def mailed(data: bytes, message_id: str, filename: str = "上塘镇2093.txt") -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = f"上塘镇党政办 <{CLERK}>"
    msg["To"] = "nianbao@example.gov.cn"
    msg["Subject"] = "上塘镇年度报告"
    msg["Message-ID"] = message_id
    msg.set_content("附件为我镇年度报告。")
    msg.add_attachment(data, maintype="text", subtype="plain", filename=filename)
    return msg


async def test_a_mailed_duplicate_is_answered_once(stack, samples_dir, mailpit_server):
    data = report(samples_dir, 2093)
    first_id, second_id = make_msgid(domain="fc.example.gov.cn"), make_msgid(domain="fc.example.gov.cn")
    await deliver(stack, mailed(data, first_id), CLERK)
    case: CaseView = await stack.wait_case("case-2093-丰城市-上塘镇", "awaiting_review")
    await deliver(stack, mailed(data, first_id), CLERK)  # a redelivery of the first: not a duplicate
    second = mailed(data, second_id)
    await deliver(stack, second, CLERK)  # the same file in a new mail: answered
    await deliver(stack, second, CLERK)  # and its redelivery: not answered again
    answers = await wait_mails(mailpit_server, to=CLERK, contains=case.submissions[0].document_id)
    answers = [m for m in answers if "此前已收到" in m["Subject"]]
    assert len(answers) == 1
    assert "该文件已于" in answers[0]["Text"] and case.case_id in answers[0]["Text"] and "待审核" in answers[0]["Text"]
    await asyncio.sleep(2)
    assert len([m for m in mails(mailpit_server, to=CLERK, contains=case.submissions[0].document_id) if "此前已收到" in m["Subject"]]) == 1
    # The second mail's attachment is kept in the bucket (the original is never dropped).
    att = Attachment(index=1, filename="上塘镇2093.txt", original_name="上塘镇2093.txt", content_type="text/plain", data=data)
    key = attachment_key(second_id, att)
    assert stack.pipeline.s3.head_object(Bucket="intake", Key=key)["ContentLength"] == len(data)


async def test_two_mails_with_the_same_file_sent_together_are_each_answered(stack, samples_dir, mailpit_server):
    """The clerk clicks send twice: both mails ask "received before?" before either is
    stored, so neither sees the other there. The second to start its check finds its twin's
    run and is answered as a duplicate; the first is answered by its check. One case
    submission, two answers, nothing silent."""
    data = report(samples_dir, 2094)
    pipeline = stack.pipeline

    async def client():
        return pipeline.client

    starter = UploadStarter(client, stack.settings.temporal.task_queue, stack.roster, pipeline.s3, "intake")
    desk = ReplyDesk(stack.settings, pipeline.client, pipeline.s3, stack.roster)
    settings = GatewaySettings(host="127.0.0.1", port=0, sender_evidence="alignment")
    server = await start_gateway(MailGateway(settings, stack.settings.s3, replies=desk, on_stored=starter))
    port = server.sockets[0].getsockname()[1]
    try:
        twins = [mailed(data, make_msgid(domain="fc.example.gov.cn"), "上塘镇2094.txt") for _ in range(2)]
        await asyncio.gather(*(aiosmtplib.send(m, sender=CLERK, hostname="127.0.0.1", port=port, timeout=60) for m in twins))
    finally:
        server.close()
        await server.wait_closed()
    case: CaseView = await stack.wait_case("case-2094-丰城市-上塘镇", "awaiting_review")
    assert len(case.submissions) == 1
    document_id = case.submissions[0].document_id
    answers = await wait_mails(mailpit_server, to=CLERK, contains=document_id)
    assert len([m for m in answers if "此前已收到" in m["Subject"]]) == 1, [m["Subject"] for m in answers]
    await asyncio.sleep(2)  # a second duplicate answer would show by now
    again = mails(mailpit_server, to=CLERK, contains=document_id)
    assert len([m for m in again if "此前已收到" in m["Subject"]]) == 1


async def test_a_double_click_upload_is_answered_as_a_duplicate(stack, samples_dir):
    """Two uploads of the same bytes in flight together: each asks before storing, so the
    second is known as a duplicate only when its check finds its twin's run."""
    data = report(samples_dir, 2095)
    async with httpx.AsyncClient(base_url=stack.url, timeout=60, headers={"Accept": "application/json"}) as http:
        await http_login(http, "shangtang", stack.passwords["shangtang"])
        token = csrf_of((await http.get("/my", headers={"Accept": "text/html"})).text)
        answers = await asyncio.gather(
            *(http.post("/upload", data={"csrf": token}, files={"file": (f"上塘镇2095-{i}.txt", data, "text/plain")}) for i in range(2))
        )
    bodies = [a.json() for a in answers]
    assert all(a.status_code == 200 for a in answers), bodies
    assert len([b for b in bodies if "duplicate" in b]) == 1, bodies
    case = await stack.wait_case("case-2095-丰城市-上塘镇", "awaiting_review")
    assert len(case.submissions) == 1
