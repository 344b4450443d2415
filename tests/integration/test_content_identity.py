"""A submission's identity is its content (issue 16 item 5): the same bytes from the same
submitter are one workflow and one set of mails, whether they arrive as a single PUT, as a
multipart upload (whose ETag is not the bytes' MD5), under another key, or announced by
replayed events with a wrong, missing or forged eTag/versionId. Real MinIO, Temporal and
Mailpit; MinIO's own webhook delivers the real events too."""

from __future__ import annotations

import asyncio
import io
import uuid

import httpx
from boto3.s3.transfer import TransferConfig

from adapters import s3 as storage
from adapters.intake_bucket import put_submission
from adapters.object_identity import identify
from tests.integration.case_probes import mails, variant, wait_case
from tests.integration.pipeline_harness import running_pipeline

SENDER = "luhe@sf.example.gov.cn"  # the roster's clerk of 鲁河镇: only a known sender joins the official case
YEAR = 2071  # a year no other test uses: its own case


def _event(key: str, etag: str | None, version_id: str | None = None) -> dict:
    obj = {"key": key, "size": 1}
    if etag is not None:
        obj["eTag"] = etag
    if version_id is not None:
        obj["versionId"] = version_id
    return {
        "EventName": "s3:ObjectCreated:Put",
        "Records": [{"eventName": "s3:ObjectCreated:Put", "s3": {"bucket": {"name": "intake"}, "object": obj}}],
    }


def _multipart(s3, data: bytes, key: str, meta: dict[str, str]) -> None:
    """A multipart upload, as boto3 does it for a large file (threshold forced down)."""
    config = TransferConfig(multipart_threshold=1, multipart_chunksize=5 * 1024 * 1024)
    s3.upload_fileobj(io.BytesIO(data), "intake", key, Config=config, ExtraArgs={"Metadata": meta})


async def test_same_bytes_by_any_upload_or_event_are_one_workflow_and_one_set_of_mails(
    minio_server, temporal_env, mailpit_server, samples_dir
):
    seed = (samples_dir / "luhe-2021.txt").read_text(encoding="utf-8")
    data = variant(seed, YEAR, uuid.uuid4().hex)
    async with running_pipeline(minio_server, temporal_env, mailpit_server, prefix="identity") as pipeline:
        s3 = pipeline.s3
        key = put_submission(s3, "intake", data, "鲁河镇年报.txt", email=SENDER, channel="test")
        first = identify(s3, "intake", key)
        assert first.source == "checksum"  # our channels' PUT carries the verified sha256
        # The same bytes again: multipart under the same key (a new version, ETag "-1"), and
        # multipart by a foreign uploader under another key (no checksum: hashed in a stream).
        meta = storage.encode_metadata({storage.META_SUBMITTER_EMAIL: SENDER})
        _multipart(s3, data, key, meta)
        other_key = f"inbox/foreign-{uuid.uuid4().hex[:6]}/鲁河镇.txt"
        _multipart(s3, data, other_key, meta)
        again = identify(s3, "intake", key)
        assert again.etag.endswith("-1") and again.etag != first.etag
        assert identify(s3, "intake", other_key).source == "streamed"
        wf_id = first.workflow_id
        assert again.workflow_id == wf_id == identify(s3, "intake", other_key).workflow_id

        # Replayed events: wrong eTag, none, a forged version id. All name the same workflow.
        headers = {"Authorization": f"Bearer {pipeline.settings.events.token}"}
        bodies = [_event(key, "0" * 32), _event(key, None), _event(key, None, "not-a-version"), _event(other_key, "x-9")]
        async with httpx.AsyncClient(timeout=30) as http:
            answers = [(await http.post(pipeline.receiver.url, json=b, headers=headers)).json() for b in bodies]
        assert all(a["workflows"] == [wf_id] for a in answers), answers
        # Absorbed, not counted as started: at most one answer (if it beat MinIO's own
        # webhook delivery) started the workflow.
        assert sum(1 - a["duplicates"] for a in answers) <= 1, answers

        doc = await pipeline.result(wf_id)
        assert doc.status == "checked" and doc.case_id
        await wait_case(pipeline, doc.case_id, "awaiting_review")
        await asyncio.sleep(4)  # MinIO's queued webhook deliveries and any late mail
        assert await pipeline.run_count(wf_id) == 1
        got = mails(mailpit_server, to=SENDER, contains=doc.case_id)
        subjects = [m["Subject"] for m in got]
        assert got and len(subjects) == len(set(subjects)), subjects  # each mail once
        view = await wait_case(pipeline, doc.case_id, "awaiting_review")
        assert len(view.submissions) == 1


async def test_an_event_for_an_object_that_is_not_there_starts_nothing(minio_server, temporal_env, mailpit_server):
    async with running_pipeline(minio_server, temporal_env, mailpit_server, prefix="gone") as pipeline:
        headers = {"Authorization": f"Bearer {pipeline.settings.events.token}"}
        async with httpx.AsyncClient(timeout=30) as http:
            resp = await http.post(pipeline.receiver.url, json=_event(f"inbox/never/{uuid.uuid4().hex}.txt", "e"), headers=headers)
        assert resp.status_code == 200 and resp.json()["accepted"] == 0  # 2xx: MinIO's queue must not block
