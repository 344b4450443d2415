"""The faults, one coroutine each: drive the stack, then measure what became of the inputs.

Every scenario is bounded (its own deadline) and ends in a Row. The ones that held before
issue 16 are here too, so they keep holding."""

from __future__ import annotations

import asyncio
import os
import signal
import uuid
from dataclasses import dataclass

import httpx

from adapters import s3 as storage
from chaos.inputs import Report, Reports, hostile_files, upload, upload_multipart
from chaos.observe import Observer, Outcome, duplicate_mails
from chaos.report import Row
from chaos.stack import StackUp
from tests.fixtures.processes import descendants, survivors

ANSWER_S = 60  # every input answered within a minute of the last upload
SETTLE_S = 60  # and its case routed (not "checking") within a minute more


@dataclass
class Ctx:
    stack: StackUp
    obs: Observer
    info: dict
    reports: Reports

    @property
    def bucket(self) -> str:
        return self.obs.bucket


async def measure(ctx: Ctx, row: Row, keys: list[str], needles: set[str], mails_before: set[str], answer_s: float = ANSWER_S) -> Outcome:
    """Fill the row's counts from what became of `keys`."""
    out = await ctx.obs.wait_documents(keys, answer_s)
    members = [k for r in out.workflows.values() for k in r.member_keys]
    if members:  # archive members are submissions of their own
        more = await ctx.obs.wait_documents(members, answer_s)
        out.workflows.update(more.workflows)
        out.missing += more.missing
    row.submissions = len(out.workflows)
    row.lost = len(out.missing)
    for wf_id in out.workflows:
        row.duplicates += max(0, await ctx.obs.run_count(wf_id) - 1)
    case_ids = {r.case_id for r in out.workflows.values() if r.case_id}
    out.cases = await ctx.obs.wait_cases_settled(case_ids, SETTLE_S)
    row.stuck = sum(1 for c in case_ids if out.cases.get(c, {}).get("status") in (None, "checking", "received"))
    await asyncio.sleep(3)  # the last notices
    mails = await asyncio.to_thread(ctx.obs.mails_naming, needles | case_ids, mails_before)
    row.mails = len(mails)
    row.duplicates += duplicate_mails(mails)
    row.audit = await asyncio.to_thread(ctx.obs.audit_ok, sorted(set(out.workflows) | case_ids))
    return out


def mail_ids(ctx: Ctx) -> set[str]:
    return {m["ID"] for m in ctx.obs.mails()}


async def kill_worker(ctx: Ctx) -> int:
    """SIGKILL the worker; the launcher restarts it. Returns the orphans it left."""
    pid = ctx.stack.pid("worker")
    kids = descendants(pid)
    os.kill(pid, signal.SIGKILL)
    left = await asyncio.to_thread(survivors, kids, 15)
    await asyncio.to_thread(ctx.stack.wait_restarted, "worker", pid)
    return len(left)


async def worker_sigkill(ctx: Ctx) -> Row:
    row = Row("worker SIGKILL ×2 during uploads")
    before = await asyncio.to_thread(mail_ids, ctx)
    reports = [ctx.reports.next() for _ in range(12)]
    keys = []
    for i, r in enumerate(reports):
        keys.append(await asyncio.to_thread(upload, ctx.obs.s3, ctx.bucket, r))
        if i in (3, 8):
            await asyncio.sleep(1.5)  # let stages get in flight
            row.orphans += await kill_worker(ctx)
    row.inputs = len(keys)
    await measure(ctx, row, keys, {r.name for r in reports}, before, answer_s=180)
    return row


async def receiver_killed(ctx: Ctx) -> Row:
    row = Row("event receiver SIGKILL (MinIO redelivers)")
    before = await asyncio.to_thread(mail_ids, ctx)
    pid = ctx.stack.kill("events")
    reports = [ctx.reports.next() for _ in range(6)]
    keys = [await asyncio.to_thread(upload, ctx.obs.s3, ctx.bucket, r) for r in reports]
    await asyncio.to_thread(ctx.stack.wait_restarted, "events", pid)
    row.inputs = len(keys)
    await measure(ctx, row, keys, {r.name for r in reports}, before, answer_s=120)
    return row


async def same_bytes(ctx: Ctx) -> Row:
    """PUT, multipart under the same key, multipart under another key, replayed events with
    a wrong and a missing eTag and a forged versionId: one submission."""
    row = Row("same bytes: PUT + 2 multipart + 3 replayed events", expected=1)
    before = await asyncio.to_thread(mail_ids, ctx)
    r = ctx.reports.next()
    key = await asyncio.to_thread(upload, ctx.obs.s3, ctx.bucket, r)
    meta = {storage.META_SUBMITTER_EMAIL: r.email, storage.META_ORIGINAL_NAME: r.name}
    await asyncio.to_thread(upload_multipart, ctx.obs.s3, ctx.bucket, key, r.data, meta)
    other = f"inbox/foreign-{uuid.uuid4().hex[:8]}/{r.name}"
    await asyncio.to_thread(upload_multipart, ctx.obs.s3, ctx.bucket, other, r.data, meta)
    events = ctx.info["events"]
    async with httpx.AsyncClient(timeout=30) as http:
        for etag, version in (("0" * 32, None), (None, None), (None, "forged-version")):
            obj = {"key": key, **({"eTag": etag} if etag else {}), **({"versionId": version} if version else {})}
            body = {"Records": [{"eventName": "s3:ObjectCreated:Put", "s3": {"bucket": {"name": ctx.bucket}, "object": obj}}]}
            await http.post(events["url"], json=body, headers={"Authorization": f"Bearer {events['token']}"})
    row.inputs = 6
    out = await measure(ctx, row, [key, other], {r.name}, before)
    ids = {await asyncio.to_thread(ctx.obs.workflow_id, k) for k in (key, other)}
    row.duplicates += len(ids) - 1
    for view in out.cases.values():
        row.duplicates += max(0, len(view.get("submissions") or []) - 1)
    return row


async def hostile(ctx: Ctx) -> Row:
    row = Row("hostile files: empty, random, 40 MB, zip bomb, nested zips, broken PDF, text wall")
    before = await asyncio.to_thread(mail_ids, ctx)
    r = ctx.reports.next()  # a real clerk sends them: each must be answered
    tag = uuid.uuid4().hex[:6]
    files = hostile_files(tag)
    keys = []
    for name, data in files.items():
        keys.append(
            await asyncio.to_thread(
                lambda n=name, d=data: upload(ctx.obs.s3, ctx.bucket, Report(n, d, r.email, r.sender, r.body, r.county, r.year))
            )
        )
    row.inputs = len(keys)
    out = await measure(ctx, row, keys, {tag}, before)
    row.expected = len(keys) + sum(len(w.member_keys) for w in out.workflows.values())
    answered = [w for w in out.workflows.values() if w.status in ("unreadable", "not_report", "expanded")]
    if len(answered) != len(out.workflows):
        row.failures.append("a hostile file was taken as a report")
    return row
