"""The intake pipeline on real servers: bucket → webhook → receiver → workflow → activities."""

from __future__ import annotations

import asyncio
import json
import uuid
from functools import partial

import httpx
import pytest

from adapters.audit_store import AuditStore
from annual_report.check import check_bytes
from tests.integration.pipeline_harness import pipeline_settings, running_pipeline, worker_killed_in
from workflows.contracts import DocumentInput, DocumentResult
from workflows.reconcile import ReconcileResult

pytestmark = pytest.mark.integration

SEEDS = ["ningmute-2021.txt", "shangtang-2021.txt", "luhe-2021.txt", "beida-2020.txt", "xidayingzi-2022.txt"]


@pytest.fixture(scope="module")
async def pipeline(minio_server, temporal_env, mailpit_server):
    async with running_pipeline(minio_server, temporal_env, mailpit_server) as p:
        yield p


@pytest.mark.parametrize("name", SEEDS)
async def test_seed_uploaded_ends_like_intake_check(pipeline, samples_dir, name):
    data = (samples_dir / name).read_bytes()
    _key, wf_id = pipeline.upload(data, f"{uuid.uuid4().hex[:6]}-{name}", email="clerk@example.cn", sender="上塘镇党政办")
    result: DocumentResult = await pipeline.result(wf_id)
    expected = check_bytes(data, name)
    assert result.status == "checked"
    assert result.classification.kind == expected.classification.kind == "annual_report"
    assert result.classification.template == expected.classification.template
    assert result.facts.submitter_email == "clerk@example.cn"
    assert result.facts.submitter_name == "上塘镇党政办"
    got = [(f.rule, f.severity, f.where) for f in result.findings]
    assert got == [(f.rule, f.severity, f.where) for f in expected.findings]
    # The full check result stored in the bucket is what `intake check --json` prints.
    stored = json.loads(pipeline.s3.get_object(Bucket="intake", Key=result.check_key)["Body"].read())
    assert stored["classification"]["kind"] == "annual_report"
    assert stored["report"]["organization"] == expected.report.metadata.organization
    assert stored["findings"] == expected.contract()["findings"]
    assert stored["report"] == expected.contract()["report"]


async def test_unreadable_file_ends_unreadable_without_retry_loop(pipeline):
    _key, wf_id = pipeline.upload(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "scan.png")
    result: DocumentResult = await pipeline.result(wf_id)
    assert result.status == "unreadable"
    assert result.reason and "图片" in result.reason
    # The original object is kept.
    assert pipeline.s3.head_object(Bucket="intake", Key=_key)["ContentLength"] > 0


async def test_duplicate_events_and_reupload_make_one_workflow(pipeline, samples_dir):
    data = (samples_dir / "luhe-2021.txt").read_bytes()
    name = f"dup-{uuid.uuid4().hex[:6]}.txt"
    key, wf_id = pipeline.upload(data, name)
    await pipeline.result(wf_id)
    # The same bytes under the same key again (a new version, same ETag)…
    key2, wf_id2 = pipeline.upload(data, name)
    assert (key2, wf_id2) == (key, wf_id)
    # …and the same event delivered three more times by hand.
    etag = pipeline.s3.head_object(Bucket="intake", Key=key)["ETag"].strip('"')
    body = {
        "EventName": "s3:ObjectCreated:Put",
        "Records": [
            {
                "eventName": "s3:ObjectCreated:Put",
                "s3": {"bucket": {"name": "intake"}, "object": {"key": key, "eTag": etag, "size": len(data)}},
            }
        ],
    }
    headers = {"Authorization": f"Bearer {pipeline.settings.events.token}"}
    async with httpx.AsyncClient() as http:
        for _ in range(3):
            resp = await http.post(pipeline.receiver.url, json=body, headers=headers)
            assert resp.status_code == 200
            assert resp.json()["workflows"] == [wf_id]
    await asyncio.sleep(1.0)
    assert await pipeline.run_count(wf_id) == 1


async def test_receiver_requires_the_token(pipeline):
    key = f"inbox/{uuid.uuid4().hex}/nothing.txt"
    body = {"Records": [{"eventName": "s3:ObjectCreated:Put", "s3": {"bucket": {"name": "intake"}, "object": {"key": key, "eTag": "x"}}}]}
    async with httpx.AsyncClient() as http:
        assert (await http.post(pipeline.receiver.url, json=body)).status_code == 401
        wrong = {"Authorization": "Bearer not-the-token"}
        assert (await http.post(pipeline.receiver.url, json=body, headers=wrong)).status_code == 403
        ok = {"Authorization": f"Bearer {pipeline.settings.events.token}"}
        # An unparsable body is dropped with 2xx so it cannot block MinIO's queue.
        resp = await http.post(pipeline.receiver.url, content=b"{not json", headers=ok)
        assert resp.status_code == 200 and resp.json()["accepted"] == 0
        # With the token, the event is looked up in the store: no such object, nothing starts
        # (and 2xx, so it cannot block MinIO's queue either).
        resp = await http.post(pipeline.receiver.url, json=body, headers=ok)
        assert resp.status_code == 200 and resp.json()["accepted"] == 0


async def test_reconciler_starts_what_the_receiver_missed(pipeline, samples_dir):
    await pipeline.receiver.stop()
    try:
        data = (samples_dir / "beida-2020.txt").read_bytes()
        batch = uuid.uuid4().hex[:6]
        ids = []
        for i in range(20):
            # Distinct bytes, so each is its own document.
            _key, wf_id = pipeline.upload(data + f"\n{batch}-{i}\n".encode(), f"recon-{batch}-{i}.txt")
            ids.append(wf_id)
        result: ReconcileResult = await pipeline.client.execute_workflow(
            "ReconcileWorkflow",
            id=f"reconcile-test-{batch}",
            task_queue=pipeline.settings.temporal.task_queue,
            result_type=ReconcileResult,
        )
        assert set(ids) <= set(result.workflow_ids)
        for wf_id in ids:
            assert (await pipeline.result(wf_id)).status == "checked"
    finally:
        await pipeline.receiver.start()
    # MinIO now delivers the queued events: they must not start anything new.
    await asyncio.sleep(4)
    for wf_id in ids:
        assert await pipeline.run_count(wf_id) == 1
    store = AuditStore(pipeline.s3, "audit")
    for wf_id in ids[:3]:
        stages = [r.stage for r in store.read_chain(wf_id)]
        assert stages == ["read", "extract", "classify", "validate"]


async def test_worker_killed_mid_extract_loses_nothing(minio_server, temporal_env, mailpit_server, samples_dir, tmp_path):
    queue = f"kill-{uuid.uuid4().hex[:6]}"
    settings = pipeline_settings(minio_server, temporal_env.client.service_client.config.target_host, queue, mailpit_server)
    from adapters.intake_bucket import put_submission
    from tests.integration.pipeline_harness import document_of, workflow_id_of
    from workflows.start_document import start_document

    s3 = minio_server.client
    data = (samples_dir / "shangtang-2021.txt").read_bytes() + f"\n{uuid.uuid4()}\n".encode()
    key = put_submission(s3, "intake", data, "kill.txt", email="clerk@example.cn")
    wf_id = workflow_id_of(s3, key)
    start = partial(start_document, temporal_env.client, queue, document_of(s3, key))
    async with worker_killed_in(settings, temporal_env.client, wf_id, "extract_report", start, tmp_path):
        handle = temporal_env.client.get_workflow_handle(wf_id, result_type=DocumentResult)
        result = await asyncio.wait_for(handle.result(), 90)
    assert result.status == "checked"
    records = AuditStore(s3, "audit").read_chain(wf_id)
    assert [r.stage for r in records] == ["read", "extract", "classify", "validate"]
    assert [r.seq for r in records] == [1, 2, 3, 4]


async def test_metrics_count_documents_stages_and_findings(pipeline, samples_dir):
    from prometheus_client import REGISTRY

    def value(name, **labels):
        return REGISTRY.get_sample_value(name, labels) or 0

    before_checked = value("intake_documents_total", outcome="checked")
    before_missing = value("intake_findings_total", rule="cell.missing", severity="error")
    before_extracts = value("intake_stage_seconds_count", stage="extract")
    data = (samples_dir / "shangtang-2021.txt").read_bytes() + f"\n{uuid.uuid4()}\n".encode()
    _key, wf_id = pipeline.upload(data, "metrics.txt")
    assert (await pipeline.result(wf_id)).status == "checked"
    assert value("intake_documents_total", outcome="checked") == before_checked + 1
    assert value("intake_findings_total", rule="cell.missing", severity="error") == before_missing + 1
    assert value("intake_stage_seconds_count", stage="extract") == before_extracts + 1


async def test_zip_members_are_each_checked_as_their_own_submission(pipeline, samples_dir):
    import io
    import zipfile

    from tests.integration.pipeline_harness import workflow_id_of

    buf = io.BytesIO()
    members = {"鲁河镇.txt": (samples_dir / "luhe-2021.txt").read_bytes(), "北大镇.txt": (samples_dir / "beida-2020.txt").read_bytes()}
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data + f"\n{uuid.uuid4()}\n".encode())
    _key, wf_id = pipeline.upload(buf.getvalue(), "两个报告.zip", email="clerk@example.cn")
    result = await pipeline.result(wf_id)
    assert result.status == "expanded"
    assert len(result.member_keys) == 2
    for key in result.member_keys:
        member_id = workflow_id_of(pipeline.s3, key)
        member = await pipeline.result(member_id)
        assert member.status == "checked"
        # Started by the expansion itself, not by the member's bucket event (0–3 s later).
        history = await pipeline.client.get_workflow_handle(member_id).fetch_history()
        started = history.events[0].workflow_execution_started_event_attributes.input.payloads
        (doc,) = await pipeline.client.data_converter.decode(started, [DocumentInput])
        assert doc.trigger == "upload:archive"
        assert member.facts.submitter_email == "clerk@example.cn"
        assert member.classification.kind == "annual_report"


async def test_reconciler_restarts_a_document_whose_workflow_died_after_fetch(pipeline, samples_dir):
    from adapters.audit_store import AuditStore
    from intake.audit_chain import AuditCursor, make_record
    from tests.integration.pipeline_harness import document_of
    from workflows.start_document import start_document

    await pipeline.receiver.stop()
    try:
        data = (samples_dir / "luhe-2021.txt").read_bytes() + f"\n{uuid.uuid4()}\n".encode()
        key, wf_id = pipeline.upload(data, "died.txt")
        # A run that got as far as its read record, then was terminated (nobody polls this queue).
        await start_document(pipeline.client, "nobody-polls-this", document_of(pipeline.s3, key))
        store = AuditStore(pipeline.s3, "audit")
        store.append(make_record(AuditCursor(chain=wf_id), stage="read", actor="system:worker", at="2026-01-01T00:00:00+00:00"))
        await pipeline.client.get_workflow_handle(wf_id).terminate("simulated crash")
        result: ReconcileResult = await pipeline.client.execute_workflow(
            "ReconcileWorkflow",
            id=f"reconcile-died-{uuid.uuid4().hex[:6]}",
            task_queue=pipeline.settings.temporal.task_queue,
            result_type=ReconcileResult,
        )
        assert wf_id in result.workflow_ids
        assert (await pipeline.result(wf_id)).status == "checked"
    finally:
        await pipeline.receiver.start()
