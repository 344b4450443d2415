"""The case on real Temporal, MinIO and SMTP (issues 15, 16, 17): mail never holds a case, few
round trips per report, decided cases close and reopen, deliberate decisions, the intake
desk's unverified submissions."""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid

import pytest
from click.testing import CliRunner
from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowExecutionStatus

from adapters.audit_store import AuditStore
from cli.main import main as cli
from cli.stack.net import free_port
from intake.roster_file import load_demo_roster
from tests.integration.case_probes import eventually, mails, variant, view_once_logged, wait_case, wait_mails, write_stack_json
from tests.integration.pipeline_harness import running_pipeline
from workflows import case_queries as cases_api
from workflows.contracts import Decision

pytestmark = pytest.mark.integration

CLERK = "shangtang@fc.example.gov.cn"
HEAD = "fc-zhao"


@pytest.fixture(scope="module")
async def pipeline(minio_server, temporal_env, mailpit_server):
    async with running_pipeline(minio_server, temporal_env, mailpit_server, prefix="office") as p:
        yield p


def seed(samples_dir, name: str = "shangtang-2021.txt") -> str:
    return (samples_dir / name).read_text(encoding="utf-8")


def state_dir(pipeline, tmp_path):
    return write_stack_json(pipeline, tmp_path / "state")


async def run_cli(*args: str):
    return await asyncio.to_thread(CliRunner().invoke, cli, list(args))


def put_raw(s3, data: bytes, email: str, prefix: str = "inbox/raw/") -> tuple[str, str, str]:
    """An object whose submitter metadata is whatever a client wrote (here: percent-encoded,
    so CR/LF too, as any S3 client can put it); (key, etag, document workflow id)."""
    from urllib.parse import quote

    from adapters import s3 as storage
    from tests.integration.pipeline_harness import workflow_id_of

    key = f"{prefix}{uuid.uuid4().hex}.txt"
    meta = {storage.META_SUBMITTER_EMAIL: storage._ENCODED_PREFIX + quote(email, safe=""), storage.META_CHANNEL: "s3"}
    s3.put_object(Bucket="intake", Key=key, Body=data, Metadata=meta)
    etag = s3.head_object(Bucket="intake", Key=key)["ETag"].strip('"')
    return key, etag, workflow_id_of(s3, key)


@contextlib.asynccontextmanager
async def side_worker(minio, temporal_env, mail, **settings_kw):
    """A second worker with other settings on its own queue, no event receiver (the module's
    holds the webhook's port): documents are put outside inbox/ and started directly."""
    from tests.integration.pipeline_harness import Pipeline, document_of, pipeline_settings, thread_pool
    from workers.worker import build_worker
    from workflows.start_document import start_document

    queue = f"side-{uuid.uuid4().hex[:6]}"
    settings = pipeline_settings(minio, temporal_env.client.service_client.config.target_host, queue, mail, **settings_kw)
    pool = thread_pool()
    try:
        async with build_worker(temporal_env.client, settings, pool, pool):
            p = Pipeline(settings, temporal_env.client, minio.client, None)

            async def submit(data: bytes, email: str) -> str:
                key, _etag, doc_id = put_raw(minio.client, data, email, prefix="direct/")
                await start_document(temporal_env.client, queue, document_of(minio.client, key))
                return doc_id

            p.submit = submit
            yield p
    finally:
        pool.shutdown()


async def history_counts(client, wf_id: str) -> tuple[int, int]:
    """(activities scheduled, workflow tasks) in one workflow's history."""
    acts = wfts = 0
    async for e in client.get_workflow_handle(wf_id).fetch_history_events():
        acts += e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
        wfts += e.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED
    return acts, wfts


async def test_common_path_costs_at_most_7_activities_and_10_workflow_tasks(pipeline, mailpit_server, samples_dir):
    year = 2061
    _k, doc_id = pipeline.upload(variant(seed(samples_dir), year, uuid.uuid4().hex[:8]), "上塘镇.txt", email=CLERK)
    doc = await pipeline.result(doc_id)
    await wait_case(pipeline, doc.case_id, "awaiting_review")
    # One mail to the clerk: the receipt and the findings together.
    found = await wait_mails(mailpit_server, to=CLERK, contains=doc.case_id)
    assert len(found) == 1 and "已收到" in found[0]["Subject"] and "检查结果" in found[0]["Subject"]
    assert "收到时间" in found[0]["Text"] and "社会公益组织" in found[0]["Text"]
    await asyncio.sleep(1.5)  # the mail activity's completion reaches the case
    doc_acts, doc_wfts = await history_counts(pipeline.client, doc_id)
    case_acts, case_wfts = await history_counts(pipeline.client, doc.case_id)
    assert (doc_acts, case_acts) == (5, 2)
    assert doc_acts + case_acts <= 7
    assert doc_wfts + case_wfts <= 10, (doc_wfts, case_wfts)


async def test_unaddressable_sender_never_holds_the_case(pipeline, mailpit_server, samples_dir):
    """A sender with no domain, or with CR/LF in its address: not mailed, noted, case goes on."""
    for bad in ("nodomain", "clerk@fc.example.gov.cn\r\nBcc: evil@x.test"):
        _key, _etag, doc_id = put_raw(pipeline.s3, variant(seed(samples_dir), 2062, uuid.uuid4().hex), bad)
        doc = await pipeline.result(doc_id)
        view = await wait_case(pipeline, doc.case_id, "unverified", timeout=20)
        assert view.reviewer == "fc-li"  # 丰城市's intake desk
        view = await view_once_logged(pipeline.client, doc.case_id, "notice not sent")
        not_sent = [h.detail for h in view.history if h.action == "notice not sent"]
        # Either metadata decoding already dropped the unusable address (no sender), or the
        # case noted that the mail could not be addressed: never a held case.
        assert view.submissions[0].submitter_email is None or (not_sent and "findings" in not_sent[0]), view.history
    assert not [m for m in mailpit_server.messages() if "evil@x.test" in json.dumps(m)]


async def test_mail_server_down_case_still_reaches_review_and_can_be_decided(minio_server, temporal_env, samples_dir, tmp_path):
    class NoMail:  # an SMTP port with nothing listening
        smtp_host, smtp_port, api = "127.0.0.1", free_port(), None

    async with side_worker(minio_server, temporal_env, NoMail) as p:
        year = 2063
        doc_id = await p.submit(variant(seed(samples_dir), year, uuid.uuid4().hex), CLERK)
        doc = await p.result(doc_id)
        view = await wait_case(p, doc.case_id, "awaiting_review", timeout=20)
        listed = await run_cli("cases", "--year", str(year), "--json", "--state-dir", str(state_dir(p, tmp_path)))
        assert [r["case_id"] for r in json.loads(listed.stdout)] == [doc.case_id]
        decided = await cases_api.decide(p.client, doc.case_id, Decision(action="return", login=view.reviewer, comment="请补填"))
        assert decided.status == "returned"
        # After the quick attempts the reviewer sees that the mail is delayed; it keeps retrying.
        view = await view_once_logged(p.client, doc.case_id, "notice delayed", timeout=30)
        assert any(h.action == "notice delayed" for h in view.history), view.history
        await p.client.get_workflow_handle(doc.case_id).terminate("test over")


async def test_decided_case_closes_and_a_correction_reopens_it_as_a_new_run(pipeline, samples_dir):
    year = 2064
    text = seed(samples_dir)
    _k, d1 = pipeline.upload(variant(text, year, "v1"), "上塘镇.txt", email=CLERK)
    case_id = (await pipeline.result(d1)).case_id
    view = await wait_case(pipeline, case_id, "awaiting_review")
    first_run = (await pipeline.client.get_workflow_handle(case_id).describe()).run_id
    await cases_api.decide(pipeline.client, case_id, Decision(action="reject", login=view.reviewer, comment="非本年度报告"))
    handle = pipeline.client.get_workflow_handle(case_id, run_id=first_run)
    await asyncio.wait_for(handle.result(), 20)
    assert (await handle.describe()).status == WorkflowExecutionStatus.COMPLETED

    _k, d2 = pipeline.upload(variant(text, year, "v2"), "上塘镇-更正.txt", email=CLERK)
    assert (await pipeline.result(d2)).case_id == case_id
    view = await wait_case(pipeline, case_id, "awaiting_review", submissions=2)
    assert (await pipeline.client.get_workflow_handle(case_id).describe()).run_id != first_run
    assert [h.action for h in view.history][:1] == ["submitted"] and "reopened" in [h.action for h in view.history]
    assert [s.seq for s in view.submissions] == [1, 2]
    rows = await cases_api.list_cases(pipeline.client, year=year)
    assert [r.case_id for r in rows] == [case_id]  # one row, the newest run
    store = AuditStore(pipeline.s3, "audit")
    stages = [r.stage for r in store.read_chain(case_id)]
    assert stages == ["submission", "route", "decision", "submission"]
    assert store.verify(chains=[case_id]).ok


async def test_deliberate_decisions_assignee_or_head_and_reason_for_errors(pipeline, mailpit_server, samples_dir, tmp_path):
    roster = load_demo_roster()
    _k, d = pipeline.upload(variant(seed(samples_dir), 2065, uuid.uuid4().hex), "上塘镇.txt", email=CLERK)
    case_id = (await pipeline.result(d)).case_id
    view = await wait_case(pipeline, case_id, "awaiting_review")
    assert view.submissions[-1].errors > 0
    assignee = view.reviewer
    other = next(r.login for r in roster.reviewers_of("丰城市") if r.login != assignee)
    with pytest.raises(cases_api.DecisionRefused, match=assignee):
        await cases_api.decide(pipeline.client, case_id, Decision(action="approve", login=other, comment="x"))
    with pytest.raises(cases_api.DecisionRefused, match="理由"):
        await cases_api.decide(pipeline.client, case_id, Decision(action="approve", login=assignee))
    state = str(state_dir(pipeline, tmp_path))
    refused = await run_cli("review", case_id, "approve", "--as", assignee, "--state-dir", state)
    assert refused.exit_code == 1 and "理由" in refused.output
    # Claim, release, reassign: the assignee shows in the view and in IntakeReviewer.
    refused = await run_cli("review", case_id, "claim", "--as", other, "--state-dir", state)
    assert refused.exit_code == 1 and assignee in refused.output
    assert (await run_cli("review", case_id, "release", "--as", assignee, "--state-dir", state)).exit_code == 0
    assert (await cases_api.get_case(pipeline.client, case_id)).reviewer is None
    with pytest.raises(cases_api.DecisionRefused, match="认领"):
        await cases_api.decide(pipeline.client, case_id, Decision(action="approve", login=other, comment="x"))
    ok = await run_cli("review", case_id, "claim", "--as", other, "--json", "--state-dir", state)
    assert ok.exit_code == 0 and json.loads(ok.stdout)["reviewer"] == other
    refused = await run_cli("review", case_id, "reassign", "--as", other, "--to", assignee, "--state-dir", state)
    assert refused.exit_code == 1 and "负责人" in refused.output
    ok = await run_cli("review", case_id, "reassign", "--as", HEAD, "--to", assignee, "--json", "--state-dir", state)
    assert ok.exit_code == 0 and json.loads(ok.stdout)["reviewer"] == assignee
    rows = [r for r in await cases_api.list_cases(pipeline.client, year=2065) if r.case_id == case_id]
    for _ in range(50):
        if rows and rows[0].reviewer == assignee:
            break
        await asyncio.sleep(0.2)
        rows = [r for r in await cases_api.list_cases(pipeline.client, year=2065) if r.case_id == case_id]
    assert rows[0].reviewer == assignee
    # The reassigned reviewer is told (its own mail, not the routing's assignment mail).
    assert await wait_mails(mailpit_server, to=roster.user(assignee).email, contains=case_id, n=2)
    # Approving with errors, with a reason: the reason is in the audit trail.
    ok = await run_cli("review", case_id, "approve", "--as", assignee, "--comment", "空格经电话核实为0", "--state-dir", state)
    assert ok.exit_code == 0, ok.output
    store = AuditStore(pipeline.s3, "audit")
    await eventually(lambda: [r for r in store.read_chain(case_id) if r.stage == "decision"])
    decision = next(r for r in store.read_chain(case_id) if r.stage == "decision")
    assert decision.detail["comment"] == "空格经电话核实为0" and decision.detail["errors"] > 0
    stages = [r.stage for r in store.read_chain(case_id)]
    assert stages.count("assignment") == 3


async def test_withdraw_within_the_window_before_the_clerk_is_mailed(minio_server, temporal_env, mailpit_server, samples_dir):
    async with side_worker(minio_server, temporal_env, mailpit_server, withdraw_window_s=600) as p:
        d = await p.submit(variant(seed(samples_dir), 2066, uuid.uuid4().hex), CLERK)
        case_id = (await p.result(d)).case_id
        view = await wait_case(p, case_id, "awaiting_review")
        comment = f"请补填 {uuid.uuid4().hex[:6]}"
        decided = await cases_api.decide(p.client, case_id, Decision(action="return", login=view.reviewer, comment=comment))
        assert decided.withdrawable_until
        other = next(r.login for r in load_demo_roster().reviewers_of("丰城市") if r.login != view.reviewer)
        with pytest.raises(cases_api.DecisionRefused, match=view.reviewer):
            await cases_api.withdraw(p.client, case_id, other)
        back = await cases_api.withdraw(p.client, case_id, view.reviewer)
        assert back.status == "awaiting_review" and back.decision is None
        store = AuditStore(p.s3, "audit")
        await eventually(lambda: "withdrawn" in [r.stage for r in store.read_chain(case_id)] or None)
        assert not mails(mailpit_server, to=CLERK, contains=comment)
        with pytest.raises(cases_api.DecisionRefused):
            await cases_api.withdraw(p.client, case_id, view.reviewer)
        await p.client.get_workflow_handle(case_id).terminate("test over")


async def test_unknown_sender_waits_on_the_desk_then_is_matched_or_dismissed(pipeline, mailpit_server, samples_dir, tmp_path):
    state = str(state_dir(pipeline, tmp_path))
    year = 2067
    stranger = f"stranger-{uuid.uuid4().hex[:6]}@evil.test"
    _k, d = pipeline.upload(variant(seed(samples_dir), year, uuid.uuid4().hex), "上塘镇.txt", email=stranger)
    doc = await pipeline.result(d)
    assert doc.case_id == f"case-{d}"  # never the official case by itself
    view = await wait_case(pipeline, doc.case_id, "unverified")
    assert view.unverified and view.reviewer == "fc-li" and "名单" in view.unverified_reason
    refused = await run_cli("review", doc.case_id, "approve", "--as", "fc-li", "--comment", "x", "--state-dir", state)
    assert refused.exit_code == 1 and "未确认来源" in refused.output
    official = f"case-{year}-丰城市-上塘镇"
    ok = await run_cli("review", doc.case_id, "match", "--as", "fc-li", "--body", "上塘镇", "--state-dir", state)
    assert ok.exit_code == 0, ok.output
    joined = await wait_case(pipeline, official, "awaiting_review")
    assert joined.submissions[0].matched_by == "fc-li" and joined.submissions[0].document_id == d
    await asyncio.wait_for(pipeline.client.get_workflow_handle(doc.case_id).result(), 20)
    assert (await cases_api.get_case(pipeline.client, doc.case_id)).status == "matched"
    store = AuditStore(pipeline.s3, "audit")
    matched = next(r for r in store.read_chain(doc.case_id) if r.stage == "matched")
    assert matched.actor == "reviewer:fc-li" and matched.detail["case"] == official
    assert store.read_chain(official)[0].detail["matched_by"] == "fc-li"

    # Dismissed: the reason goes back to the sender.
    _k, d2 = pipeline.upload(variant(seed(samples_dir), year, uuid.uuid4().hex), "上塘镇.txt", email=stranger)
    desk = (await pipeline.result(d2)).case_id
    await wait_case(pipeline, desk, "unverified")
    reason = f"非本县报送人员 {uuid.uuid4().hex[:6]}"
    ok = await run_cli("review", desk, "dismiss", "--as", "fc-li", "--comment", reason, "--state-dir", state)
    assert ok.exit_code == 0, ok.output
    assert await wait_mails(mailpit_server, to=stranger, contains=reason)
    await asyncio.wait_for(pipeline.client.get_workflow_handle(desk).result(), 20)
