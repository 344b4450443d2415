"""Faults only a real cluster can show: one of two worker processes killed mid-stage, a worker
stopped gracefully mid-stage (rolling restart), and the Temporal server (all four services)
killed and restarted in the middle of a burst.

Collected only with `--profile=cluster` (`make test-cluster`): they need the session's
temporal-server on PostgreSQL (tests/fixtures/cluster.py), which they restart.
"""

from __future__ import annotations

import asyncio
import socket
import uuid
from pathlib import Path

import pytest
from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowExecutionStatus

from adapters.audit_store import AuditStore
from adapters.intake_bucket import put_submission
from adapters.settings import Settings
from annual_report.check import check_bytes
from tests.integration.pipeline_harness import document_of, pipeline_settings, running_pipeline, worker_process, workflow_id_of
from workflows.contracts import DocumentResult
from workflows.start_document import start_document

pytestmark = pytest.mark.integration

SEEDS = ["ningmute-2021.txt", "shangtang-2021.txt", "luhe-2021.txt", "beida-2020.txt", "xidayingzi-2022.txt"]


def _submitted(minio_server, temporal_env, mailpit_server, seed: Path, name: str) -> tuple[str, Settings, bytes, str]:
    """A task queue of its own, worker settings for it, and a fresh copy of `seed` stored in the
    intake bucket: (queue, settings, the bytes, their key)."""
    queue = f"{name}-{uuid.uuid4().hex[:6]}"
    settings = pipeline_settings(minio_server, temporal_env.client.service_client.config.target_host, queue, mailpit_server)
    data = seed.read_bytes() + f"\n{uuid.uuid4()}\n".encode()
    key = put_submission(minio_server.client, "intake", data, f"{name}.txt", email="clerk@example.cn")
    return queue, settings, data, key


async def _running_on(client, wf_id: str, activity: str, timeout: float = 60) -> str:
    """The identity of the worker running `activity` of `wf_id`, once it is in flight."""
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        desc = await client.get_workflow_handle(wf_id).describe()
        for pending in desc.raw_description.pending_activities:
            if pending.activity_type.name == activity and pending.last_worker_identity:
                return pending.last_worker_identity
        await asyncio.sleep(0.1)
    raise AssertionError(f"{activity} of {wf_id} never started")


async def _identities_completing(client, wf_id: str, activity: str) -> list[str]:
    """Worker identities of the started events of `activity` that completed, from history."""
    history = await client.get_workflow_handle(wf_id).fetch_history()
    scheduled = {
        e.event_id
        for e in history.events
        if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
        and e.activity_task_scheduled_event_attributes.activity_type.name == activity
    }
    started = {
        e.event_id: e.activity_task_started_event_attributes
        for e in history.events
        if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED
        and e.activity_task_started_event_attributes.scheduled_event_id in scheduled
    }
    return [
        started[e.activity_task_completed_event_attributes.started_event_id].identity
        for e in history.events
        if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED
        and e.activity_task_completed_event_attributes.started_event_id in started
    ]


async def test_one_of_two_workers_killed_mid_stage_the_other_finishes(minio_server, temporal_env, mailpit_server, samples_dir, tmp_path):
    client = temporal_env.client
    queue, settings, data, key = _submitted(minio_server, temporal_env, mailpit_server, samples_dir / "luhe-2021.txt", "two")
    s3 = minio_server.client
    # Both hold extract_report for 5 s (heartbeating), so it is in flight on one of them.
    workers = [worker_process(settings, tmp_path / f"worker{i}.log", fault_delay="extract_report:5") for i in (1, 2)]
    for w in workers:
        w.start()
    try:
        wf_id = await start_document(client, queue, document_of(s3, key))
        identity = await _running_on(client, wf_id, "extract_report")
        doomed = next(w for w in workers if identity.startswith(f"{w.pid}@"))
        survivor = next(w for w in workers if w is not doomed)
        doomed.kill()
        handle = client.get_workflow_handle(wf_id, result_type=DocumentResult)
        result = await asyncio.wait_for(handle.result(), 120)
        assert survivor.alive(), "\n".join(survivor.last_lines())
    finally:
        for w in workers:
            w.stop()
    assert result.status == "checked"
    expected = check_bytes(data, "two.txt")
    assert [(f.rule, f.where) for f in result.findings] == [(f.rule, f.where) for f in expected.findings]
    # The stage that was cut off was finished by the other worker, once.
    assert await _identities_completing(client, wf_id, "extract_report") == [f"{survivor.pid}@{socket.gethostname()}"]
    stages = [r.stage for r in AuditStore(s3, "audit").read_chain(wf_id)]
    assert stages == ["read", "extract", "classify", "validate"]


async def test_rolling_restart_lets_the_running_stage_finish(minio_server, temporal_env, mailpit_server, samples_dir, tmp_path):
    """SIGTERM (what compose / Kubernetes send in a rolling restart) mid-stage: the worker stops
    polling, finishes the running activity within its graceful shutdown timeout and exits 0;
    the replacement worker takes the rest. The stage is not retried."""
    client = temporal_env.client
    queue, settings, _data, key = _submitted(minio_server, temporal_env, mailpit_server, samples_dir / "beida-2020.txt", "roll")
    s3 = minio_server.client
    old = worker_process(settings, tmp_path / "old.log", fault_delay="extract_report:4")
    new = worker_process(settings, tmp_path / "new.log")
    old.start()
    try:
        wf_id = await start_document(client, queue, document_of(s3, key))
        identity = await _running_on(client, wf_id, "extract_report")
        assert identity.startswith(f"{old.pid}@")
        new.start()
        code = await asyncio.to_thread(old.stop)  # SIGTERM, waits up to stop_timeout (10 s)
        assert code == 0, "\n".join(old.last_lines())
        result = await asyncio.wait_for(client.get_workflow_handle(wf_id, result_type=DocumentResult).result(), 120)
    finally:
        old.stop()
        new.stop()
    assert result.status == "checked"
    assert await _identities_completing(client, wf_id, "extract_report") == [identity]
    assert await _identities_completing(client, wf_id, "validate_report") == [f"{new.pid}@{socket.gethostname()}"]


@pytest.mark.timeout(600)
async def test_server_restarted_mid_burst_loses_nothing(minio_server, temporal_env, mailpit_server, samples_dir, temporal_cluster):
    burst = 30
    server_pid = temporal_cluster.server.pid
    async with running_pipeline(minio_server, temporal_env, mailpit_server, prefix="restart") as pipeline:
        uploads = []
        for i in range(burst):
            name = SEEDS[i % len(SEEDS)]
            data = (samples_dir / name).read_bytes() + f"\n{uuid.uuid4()}\n".encode()
            uploads.append((name, data, *pipeline.upload(data, f"burst-{i}-{name}")))
            if i == burst // 3:
                await asyncio.to_thread(temporal_cluster.restart_server, True)  # SIGKILL: no goodbye
        for name, data, key, wf_id in uploads:
            result: DocumentResult = await pipeline.result(wf_id, timeout=180)
            assert result.status == "checked", (key, result.reason)
            expected = check_bytes(data, name)
            assert [(f.rule, f.where) for f in result.findings] == [(f.rule, f.where) for f in expected.findings]
            assert await pipeline.run_count(wf_id) == 1, f"{wf_id} ran more than once"
            assert await pipeline.status(wf_id) == WorkflowExecutionStatus.COMPLETED
            assert wf_id == workflow_id_of(pipeline.s3, key)  # the content's id, as the receiver derives it
    assert temporal_cluster.server.alive() and temporal_cluster.server.pid != server_pid  # it really was restarted
