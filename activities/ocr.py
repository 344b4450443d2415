"""The OCR stage: a scanned report (PDF pages without a text layer, or an image) read by OCR.

It runs on its own task queue (`settings.temporal.ocr_task_queue`), served by OCR workers that
take one scan at a time (the engine is ≈ 0.6 GB per process), so a text report is never
queued behind a scan. A synchronous activity in the worker's thread: the OCR engine releases
the GIL while it works, and each page read is a heartbeat, so a killed worker's scan moves to
another OCR worker within the heartbeat timeout.
"""

from __future__ import annotations

from typing import Any

from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.audit import record_stage_sync
from adapters.audit_store import AuditStore
from adapters.settings import Settings
from annual_report import stages
from annual_report.errors import UnreadableDocument
from annual_report.sniff import Sniffed
from workflows.contracts import ReadOutput, StageInput

ACTOR = "system:ocr"


class OcrActivities:
    def __init__(self, settings: Settings, s3: Any) -> None:
        self.settings = settings
        self.s3 = s3
        self.bucket = settings.s3.intake_bucket
        self.audit = AuditStore(s3, settings.s3.audit_bucket)

    @activity.defn(name="ocr_document")
    def ocr_document(self, inp: StageInput) -> ReadOutput:
        from annual_report.readers.ocr import ocr_options

        f = inp.facts
        data = self._pinned_bytes(inp)
        o = self.settings.ocr

        def page_read(page: int, index: int, total: int, result: Any) -> None:
            activity.heartbeat({"page": page, "index": index, "total": total})

        try:
            with ocr_options(progress=page_read, max_pages=o.max_pages, page_seconds=o.page_seconds, document_seconds=o.document_seconds):
                document = stages.read(data, Sniffed(f.format, f.detected_type or "binary"))
        except UnreadableDocument as exc:
            classification = stages.unreadable(Sniffed(f.format, f.detected_type or "binary"), exc)
            record_stage_sync(
                self.audit,
                inp.cursor,
                stage="ocr",
                actor=ACTOR,
                at=inp.at,
                input=f,
                output=classification,
                detail={"kind": "unreadable", "reason": exc.reason},
            )
            raise ApplicationError(exc.reason, exc.code, f.model_dump(mode="json"), type="UnreadableDocument", non_retryable=True) from exc
        key = f"{self.settings.s3.results_prefix}{activity.info().workflow_id}/document.json"
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=stages.document_to_json(document), ContentType="application/json")
        cursor = record_stage_sync(
            self.audit,
            inp.cursor,
            stage="ocr",
            actor=ACTOR,
            at=inp.at,
            input=f,
            output=key,
            detail={"document_key": key, "ocr_pages": list(document.ocr_pages), "ocr_seconds": round(document.ocr_seconds, 1)},
        )
        return ReadOutput(facts=f, document_key=key, cursor=cursor)

    def _pinned_bytes(self, inp: StageInput) -> bytes:
        import hashlib

        f = inp.facts
        ref = {"Bucket": f.bucket, "Key": f.key, **({"VersionId": f.version_id} if f.version_id and f.version_id != "null" else {})}
        data: bytes = self.s3.get_object(**ref)["Body"].read()
        if hashlib.sha256(data).hexdigest() != f.sha256:
            raise ApplicationError("对象内容在处理中被更改", type="ObjectMissing", non_retryable=True)
        return data
