"""The OCR stage: a scanned report (PDF pages without a text layer, or an image) read by OCR.

It runs on its own task queue (`settings.temporal.ocr_task_queue`), served by OCR workers that
take one scan at a time (the engine is ≈ 0.6 GB per process), so a text report is never
queued behind a scan. A synchronous activity in the worker's thread: the OCR engine releases
the GIL while it works, and each page read is a heartbeat, so a killed worker's scan moves to
another OCR worker within the heartbeat timeout.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from temporalio import activity

from activities.audit import record_stage_sync
from activities.bucket_objects import BucketObjects
from activities.parsing import Refused
from activities.refusal import refuse_sync
from adapters.audit_store import AuditStore
from adapters.settings import Settings
from annual_report import stages
from annual_report.errors import UnreadableDocument
from annual_report.sniff import Sniffed
from workflows.contracts import ReadOutput, StageInput

if TYPE_CHECKING:  # numpy and the engine load on the first page, not at import
    from annual_report.readers.ocr.page import PageResult

ACTOR = "system:ocr"


class OcrActivities:
    def __init__(self, settings: Settings, s3: Any) -> None:
        self.settings = settings
        self.s3 = s3
        self.objects = BucketObjects(s3, settings.s3.intake_bucket, settings.max_file_bytes)
        self.audit = AuditStore(s3, settings.s3.audit_bucket)

    @activity.defn(name="ocr_document")
    def ocr_document(self, inp: StageInput) -> ReadOutput:
        from annual_report.readers.ocr import ocr_options

        f = inp.facts
        data = self.objects.read_pinned_sync(f)
        sniffed = Sniffed(f.format, f.detected_type or "binary")
        o = self.settings.ocr

        def page_read(page: int, index: int, total: int, result: PageResult) -> None:
            activity.heartbeat({"page": page, "index": index, "total": total})

        try:
            with ocr_options(progress=page_read, max_pages=o.max_pages, page_seconds=o.page_seconds, document_seconds=o.document_seconds):
                document = stages.read(data, sniffed)
        except UnreadableDocument as exc:
            refuse_sync(
                self.audit, inp.cursor, stage="ocr", actor=ACTOR, at=inp.at, facts=f, refused=Refused(stages.unreadable(sniffed, exc))
            )
        key = f"{self.settings.s3.results_prefix}{activity.info().workflow_id}/document.json"
        self.objects.put_json_sync(key, stages.document_to_json(document))
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
