"""The read stage heartbeats while it downloads (issue 16 item 10): a worker killed during a
slow download is noticed after the heartbeat timeout, not the stage's full timeout."""

from __future__ import annotations

import asyncio

from temporalio.testing import ActivityEnvironment

from activities import documents
from activities.documents import DocumentActivities
from adapters.settings import Settings
from intake.audit_chain import AuditCursor
from intake.roster_file import load_demo_roster
from workflows.contracts import DocumentInput, ReadInput


class SlowObjects:
    """An object store that takes its time to hand over the bytes."""

    async def head(self, bucket, key, version_id):
        return {"ContentLength": 4, "VersionId": "v1", "ETag": '"e"', "Metadata": {}}

    async def read(self, bucket, key, version_id):
        await asyncio.sleep(0.5)
        return b"\x00\x01\x02\x03"


async def test_read_document_heartbeats_during_a_slow_download(monkeypatch):
    monkeypatch.setattr(documents, "HEARTBEAT_EVERY_S", 0.05)
    acts = DocumentActivities(Settings(), s3=None, roster=load_demo_roster())
    acts.objects = SlowObjects()
    beats: list = []
    env = ActivityEnvironment()
    env.on_heartbeat = lambda *details: beats.append(details)

    async def stop_after_download(*_a, **_k):
        raise RuntimeError("stop here: only the download is under test")

    monkeypatch.setattr(acts, "_parse", stop_after_download)
    inp = ReadInput(document=DocumentInput(bucket="intake", key="inbox/x/y.bin"), cursor=AuditCursor(chain="doc-x"), at="t")
    try:
        await env.run(acts.read_document, inp)
    except RuntimeError:
        pass
    assert len(beats) >= 3, beats
