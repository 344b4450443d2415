"""催报 on the real servers: the reminder workflow on a real Temporal dev server, its audit
record in MinIO's object-locked bucket, its mail in Mailpit; and `intake remind`.

Each test uses its own report year, so the session's shared servers do not mix them up.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime

import pytest
from click.testing import CliRunner

from adapters.audit_store import AuditStore
from intake.body_statuses import body_statuses
from intake.reminders import reminder_chain
from intake.roster_file import DEMO_ROSTER, parse_roster
from tests.integration.pipeline_harness import pipeline_settings
from workers.web.app import build_context
from workers.web.routes.reminders import audited_reminders, reminder_history
from workers.worker import build_worker
from workflows.reminder_contracts import ReminderResult
from workflows.reminders_client import recent_reminders, remind

pytestmark = pytest.mark.integration

HEAD = "fc-zhao"
# Two bodies the demo roster lacks: one whose only clerk address cannot be used (it passes
# the roster's pattern, not the mail header parser), one with a good and a bad address.
EXTRA_BODIES = """
[[counties.bodies]]
name = "无效镇"
clerks = [{ login = "wuxiao", email = "wu..xiao@fc.example.gov.cn" }]

[[counties.bodies]]
name = "半通镇"
clerks = [{ login = "bantong", email = "bantong@fc.example.gov.cn" }, { login = "bantong2", email = ".bantong@fc.example.gov.cn" }]
"""


def extended_roster():
    from importlib import resources

    text = resources.files("intake").joinpath(DEMO_ROSTER).read_text("utf-8")
    # Insert the extra bodies into 丰城市 (the first county): right before the second [[counties]].
    first = text.index("[[counties]]")
    second = text.index("[[counties]]", first + 1)
    return parse_roster(text[:second] + EXTRA_BODIES + "\n" + text[second:])


@asynccontextmanager
async def reminder_worker(minio, temporal_env, mailpit):
    roster = extended_roster()
    queue = f"remind-{uuid.uuid4().hex[:6]}"
    settings = pipeline_settings(minio, temporal_env.client.service_client.config.target_host, queue, mailpit)
    pool = ThreadPoolExecutor(max_workers=16)
    try:
        async with build_worker(temporal_env.client, settings, pool, pool, roster=roster):
            yield settings, roster
    finally:
        pool.shutdown()


def late_rows(roster, year: int, *bodies: str):
    rows = body_statuses(roster, [], year, date.today(), "丰城市")
    return [r for r in rows if not bodies or r.organization in bodies]


async def result_of(client, reminder_id: str) -> ReminderResult:
    handle = client.get_workflow_handle(reminder_id, result_type=ReminderResult)
    return await asyncio.wait_for(handle.result(), 60)


def mails(mailpit, needle: str, want: int, timeout: float = 15.0) -> list[dict]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [m for m in mailpit.messages() if needle in m.get("Subject", "")]
        if len(found) >= want:
            break
        time.sleep(0.2)
    time.sleep(0.5)  # a stray duplicate would show by now
    return [m for m in mailpit.messages() if needle in m.get("Subject", "")]


async def stats_when(ctx, year: int, body: str, count: int, state: str, timeout: float = 20.0):
    """What the dashboard shows (audit trail + visibility, which is eventually consistent):
    wait until the body's stats say so."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = (await reminder_history(ctx, year, "丰城市")).get(("丰城市", body))
        if last and last.count == count and last.last_state == state:
            return last
        await asyncio.sleep(0.3)
    raise AssertionError(f"{body}: {last}")


async def test_remind_one_body_mails_its_clerk_once_a_day_with_an_audit_record(minio_server, temporal_env, mailpit_server):
    year = 2011
    client = temporal_env.client
    async with reminder_worker(minio_server, temporal_env, mailpit_server) as (settings, roster):
        [row] = late_rows(roster, year, "秀市镇")
        assert row.status == "late" and row.days_late
        [first] = await remind(client, settings.temporal.task_queue, [row], HEAD, datetime.now(UTC))
        assert first.outcome == "started"
        result = await result_of(client, first.reminder_id)
        assert result.state == "sent" and result.to == ["xiushi@fc.example.gov.cn"]

        subject = f"催报：请尽快报送秀市镇{year}年"
        [mail] = mails(mailpit_server, subject, 1)
        assert [t["Address"] for t in mail["To"]] == ["xiushi@fc.example.gov.cn"]
        text = mailpit_server.message(mail["ID"])["Text"]
        assert f"报送截止日期：{year + 1}年1月31日" in text and f"已逾期：{row.days_late} 天" in text
        assert "催报人：丰城市" in text

        # A double click the same day: nothing started, nothing sent, one audit record.
        [again] = await remind(client, settings.temporal.task_queue, [row], HEAD, datetime.now(UTC))
        assert again.outcome == "already_today" and again.reminder_id == first.reminder_id
        assert len(mails(mailpit_server, subject, 2, timeout=2)) == 1
        records = AuditStore(minio_server.client, "audit").read_chain(reminder_chain(year, "丰城市", "秀市镇"))
        assert [(r.stage, r.actor) for r in records] == [("late_reminder", f"reviewer:{HEAD}")]
        assert records[0].detail["to"] == ["xiushi@fc.example.gov.cn"] and records[0].detail["status"] == "late"

        ctx = build_context(settings, client, roster, minio_server.client)
        stats = await stats_when(ctx, year, "秀市镇", 1, "sent")
        assert stats.last_by == HEAD and stats.last_at
        # Once Temporal no longer keeps it (retention), the audit trail still counts it.
        assert [e.reminder_id for e in await recent_reminders(client, year, "丰城市")] == [first.reminder_id]
        [kept] = audited_reminders(ctx, year, "丰城市")
        assert (kept.reminder_id, kept.organization, kept.by, kept.state) == (first.reminder_id, "秀市镇", HEAD, None)


async def test_unusable_addresses_are_noted_not_retried_and_remind_all_covers_every_late_body(minio_server, temporal_env, mailpit_server):
    year = 2012
    client = temporal_env.client
    async with reminder_worker(minio_server, temporal_env, mailpit_server) as (settings, roster):
        rows = late_rows(roster, year)
        outcomes = await remind(client, settings.temporal.task_queue, rows, HEAD, datetime.now(UTC))
        assert {o.organization for o in outcomes} == {r.organization for r in rows} >= {"无效镇", "半通镇", "秀市镇"}
        assert {o.outcome for o in outcomes} == {"started"}
        by_body = {o.organization: await result_of(client, o.reminder_id) for o in outcomes}

        # No usable address: recorded as such, the workflow ends (no retries), no mail.
        assert by_body["无效镇"].state == "unaddressable" and "wu..xiao" in by_body["无效镇"].detail
        assert mails(mailpit_server, f"无效镇{year}年", 1, timeout=2) == []
        [record] = AuditStore(minio_server.client, "audit").read_chain(reminder_chain(year, "丰城市", "无效镇"))
        assert record.detail["to"] == [] and "wu..xiao@fc.example.gov.cn" in record.detail["not_sent"][0]
        # One good, one bad address: the good one is mailed, the bad one noted.
        assert by_body["半通镇"].state == "sent" and by_body["半通镇"].to == ["bantong@fc.example.gov.cn"]
        assert ".bantong@" in by_body["半通镇"].detail
        [mail] = mails(mailpit_server, f"半通镇{year}年", 1)
        assert [t["Address"] for t in mail["To"]] == ["bantong@fc.example.gov.cn"]
        await stats_when(build_context(settings, client, roster, minio_server.client), year, "无效镇", 1, "unaddressable")


async def test_intake_remind_cli(minio_server, temporal_env, mailpit_server, tmp_path):
    year = 2013
    client = temporal_env.client
    async with reminder_worker(minio_server, temporal_env, mailpit_server) as (settings, _roster):
        stack = {
            "temporal": {"address": settings.temporal.address, "namespace": "default", "task_queue": settings.temporal.task_queue},
            "s3": {
                "endpoint": minio_server.endpoint,
                "access_key": minio_server.access_key,
                "secret_key": minio_server.secret_key,
                "intake_bucket": "intake",
            },
        }
        (tmp_path / "stack.json").write_text(json.dumps(stack))
        from cli.main import main

        def run(*args: str):
            return CliRunner().invoke(main, ["remind", "--state-dir", str(tmp_path), "--year", str(year), *args])

        refused = await asyncio.to_thread(run, "--county", "丰城市", "--body", "秀市镇", "--as", "wn-chen")
        assert refused.exit_code == 1 and "不是丰城市的审核人" in refused.output
        unknown = await asyncio.to_thread(run, "--county", "丰城市", "--body", "不存在镇", "--as", HEAD)
        assert unknown.exit_code != 0 and "不存在镇" in unknown.output
        done = await asyncio.to_thread(run, "--county", "丰城市", "--body", "秀市镇", "--as", HEAD, "--json")
        assert done.exit_code == 0, done.output
        [out] = json.loads(done.stdout)
        assert out["organization"] == "秀市镇" and out["outcome"] == "started"
        assert (await result_of(client, out["reminder_id"])).state == "sent"
        twice = await asyncio.to_thread(run, "--county", "丰城市", "--body", "秀市镇", "--as", HEAD)
        assert twice.exit_code == 0 and "今天已催报过" in twice.output
        assert len(mails(mailpit_server, f"秀市镇{year}年", 1)) == 1
