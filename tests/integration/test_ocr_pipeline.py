"""A scanned report through the real pipeline: the text path hands it to the OCR queue, an OCR
worker reads it, and it ends checked with the same cells as its text PDF."""

from __future__ import annotations

import json

import pytest
from temporalio.api.enums.v1 import EventType

from adapters.audit_store import AuditStore
from annual_report.check import check_bytes
from tests.integration.pipeline_harness import running_pipeline
from tests.integration.test_cases import wait_mails
from tests.unit.scan_fixtures import Degrade, scanned

pytestmark = pytest.mark.integration


def _findings(check: dict) -> list[tuple]:
    return sorted((f["rule"], f.get("table"), f.get("row"), f.get("column")) for f in check["findings"])


def _cells(report: dict) -> dict:
    return {t: report[t] for t in ("active_disclosure", "applications", "appeals")}


@pytest.mark.timeout(1200)  # OCR is seconds per page; five pages on two shared cores
async def test_a_scan_is_read_on_the_ocr_queue_and_checked_like_its_text_pdf(minio_server, temporal_env, mailpit_server, samples_dir):
    text_pdf = (samples_dir / "hongze_district_2024.pdf").read_bytes()
    scan = scanned(text_pdf, Degrade(dpi=150, skew=0.6, jpeg=70))
    truth = check_bytes(text_pdf, "text.pdf", time_limit_s=120).contract()
    async with running_pipeline(minio_server, temporal_env, mailpit_server, prefix="ocr") as pipeline:
        _key, wf_id = pipeline.upload(scan, "洪泽区2024扫描件.pdf")
        doc = await pipeline.result(wf_id, timeout=1100)
        assert doc.status == "checked", doc.reason
        assert doc.classification.kind == "annual_report" and doc.classification.ocr_pages

        # The OCR stage ran on the OCR queue, the others on the main queue.
        queues = {}
        async for event in pipeline.client.get_workflow_handle(wf_id).fetch_history_events():
            if event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
                attrs = event.activity_task_scheduled_event_attributes
                queues[attrs.activity_type.name] = attrs.task_queue.name
        settings = pipeline.settings.temporal
        assert queues["ocr_document"] == settings.ocr_task_queue
        assert queues["read_document"] == queues["extract_report"] == settings.task_queue

        # Same cells and the same findings as the text PDF; the audit chain names the OCR stage.
        stored = json.loads(pipeline.s3.get_object(Bucket="intake", Key=doc.check_key)["Body"].read())
        assert _cells(stored["report"]) == _cells(truth["report"])
        # (The quoted sentence of a narrative finding may differ in spacing: OCR'd text.)
        assert _findings(stored) == _findings(truth)
        stages = [r.stage for r in AuditStore(pipeline.s3, "audit").read_chain(wf_id)]
        assert stages == ["read", "ocr", "extract", "classify", "validate"]
        # The findings mail tells the sender the numbers were read from the scan.
        told = await wait_mails(mailpit_server, to="clerk@example.cn", contains=doc.case_id)
        assert any("扫描图像中识别（OCR）" in m["Text"] for m in told), [m["Subject"] for m in told]
