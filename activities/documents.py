"""Activities of the document workflow: thin adapters from the domain to S3 and the audit trail.

Each stage reads what it needs from the bucket by key, runs the domain code (CPU-bound
parsing in a process pool, so the worker's event loop never blocks), writes large results
back under the results prefix, appends its audit record, and returns a small result.
A document that cannot be read raises a non-retryable `UnreadableDocument` ApplicationError.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from concurrent.futures import Executor
from concurrent.futures.process import BrokenProcessPool

from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities import parsing
from activities.metrics import DOCUMENTS, FINDINGS, timed
from activities.faults import injected_delay
from annual_report.model import Finding, Report
from annual_report.sniff import sniff
from intake import storage
from intake.audit import AuditCursor, AuditStore, make_record
from intake.logging import get_logger
from intake.settings import Settings
from workflows.models import (
    ArchiveOutput,
    ClassifyOutput,
    ExtractOutput,
    FetchInput,
    FetchOutput,
    ObjectFacts,
    StageInput,
    ValidateInput,
    ValidateOutput,
)

log = get_logger("activities.documents")
ACTOR = "system:worker"
HEARTBEAT_EVERY_S = 3  # well inside the workflow's heartbeat timeouts


class DocumentActivities:
    def __init__(self, settings: Settings, s3, parse_pool: Executor | None = None, pool_factory=None) -> None:
        self.settings = settings
        self.s3 = s3
        self.bucket = settings.s3.intake_bucket
        self.audit = AuditStore(s3, settings.s3.audit_bucket)
        self.pool = parse_pool
        self.pool_factory = pool_factory  # rebuilds the pool after a parse process died

    # -- stages ----------------------------------------------------------------------

    @activity.defn(name="fetch_object_facts")
    async def fetch_object_facts(self, inp: FetchInput) -> FetchOutput:
        doc = inp.document
        _bind_log()
        try:
            head = await asyncio.to_thread(self.s3.head_object, **self._object_ref(doc.bucket, doc.key, doc.version_id))
        except self.s3.exceptions.ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                raise ApplicationError(f"对象不存在：{doc.key}", type="ObjectMissing", non_retryable=True) from exc
            raise
        too_large = head.get("ContentLength", 0) > self.settings.max_file_bytes
        # A file over the limit is not read at all: its facts say so, and the workflow
        # answers the sender instead of failing on the bytes.
        data = b"" if too_large else await self._read(doc.bucket, doc.key, head.get("VersionId") or doc.version_id)
        meta = storage.decode_metadata(head.get("Metadata", {}))
        facts = ObjectFacts(
            bucket=doc.bucket,
            key=doc.key,
            version_id=head.get("VersionId") or doc.version_id,
            etag=(head.get("ETag") or "").strip('"') or doc.etag,
            size=head.get("ContentLength", 0) if too_large else len(data),
            sha256="" if too_large else hashlib.sha256(data).hexdigest(),
            content_type=head.get("ContentType"),
            submitter_email=meta.get(storage.META_SUBMITTER_EMAIL),
            submitter_name=meta.get(storage.META_SUBMITTER_NAME),
            channel=meta.get(storage.META_CHANNEL),
            original_name=meta.get(storage.META_ORIGINAL_NAME) or doc.key.rsplit("/", 1)[-1],
            received_at=meta.get(storage.META_RECEIVED_AT),
            message_id=meta.get(storage.META_MESSAGE_ID),
            subject=meta.get(storage.META_SUBJECT),
            case_hint=meta.get(storage.META_CASE_HINT),
            auto_submitted=meta.get(storage.META_AUTO_SUBMITTED) == "yes",
            detected_type="too_large" if too_large else sniff(data).detected_type,
        )
        cursor = await self._audit(inp.cursor, "fetch", inp.at, doc, facts, {"sha256": facts.sha256, "size": facts.size})
        return FetchOutput(facts=facts, cursor=cursor)

    @activity.defn(name="expand_archive")
    async def expand_archive(self, inp: StageInput) -> ArchiveOutput:
        """A ZIP of several files: put each member back into the inbox as its own
        submission (same submitter), so each is checked and answered on its own. Keys are
        content-derived, so a retried expansion writes the same objects."""
        from annual_report.errors import UnreadableDocument
        from annual_report.readers.archive import iter_archive_members
        from intake.submission import put_submission

        _bind_log()
        data = await self._read_facts(inp)
        f = inp.facts
        try:
            members = await asyncio.to_thread(lambda: list(iter_archive_members(data)))
        except UnreadableDocument as exc:
            await self._audit(inp.cursor, "expand", inp.at, f, {"reason": exc.reason}, {"unreadable": True})
            raise ApplicationError(exc.reason, exc.code, type="UnreadableDocument", non_retryable=True) from exc
        keys = []
        for name, member in members:
            keys.append(
                await asyncio.to_thread(
                    put_submission,
                    self.s3,
                    self.bucket,
                    member,
                    name.rsplit("/", 1)[-1],
                    email=f.submitter_email or "",
                    name=f.submitter_name,
                    channel=f.channel or "archive",
                    extra={storage.META_ARCHIVE_OF: f.key, storage.META_AUTO_SUBMITTED: "yes" if f.auto_submitted else None},
                )
            )
        cursor = await self._audit(inp.cursor, "expand", inp.at, f, keys, {"members": len(keys)})
        return ArchiveOutput(member_keys=keys, cursor=cursor)

    @activity.defn(name="classify_document")
    async def classify_document(self, inp: StageInput) -> ClassifyOutput:
        _bind_log()
        data = await self._read_facts(inp)
        with timed("classify"):
            outcome = await self._parse(parsing.classify, data, inp.facts.original_name, self.settings.check_time_limit_s)
        if outcome.unreadable:
            DOCUMENTS.labels("unreadable").inc()
            await self._audit(inp.cursor, "classify", inp.at, inp.facts, outcome.classification, {"kind": "unreadable"})
            raise ApplicationError(outcome.reason, outcome.reason_code, type="UnreadableDocument", non_retryable=True)
        c = outcome.classification
        if c.kind == "not_report":
            DOCUMENTS.labels("not_report").inc()
        cursor = await self._audit(inp.cursor, "classify", inp.at, inp.facts, c, {"kind": c.kind, "template": c.template})
        return ClassifyOutput(classification=c, cursor=cursor)

    @activity.defn(name="extract_report")
    async def extract_report(self, inp: StageInput) -> ExtractOutput:
        _bind_log()
        await injected_delay(self.settings.worker.fault_delay)
        data = await self._read_facts(inp)
        with timed("extract"):
            outcome = await self._parse(parsing.extract, data, inp.facts.original_name, self.settings.check_time_limit_s)
        if outcome.unreadable:
            await self._audit(inp.cursor, "extract", inp.at, inp.facts, {"reason": outcome.reason}, {"unreadable": True})
            raise ApplicationError(outcome.reason, outcome.reason_code, type="UnreadableDocument", non_retryable=True)
        report_json = outcome.report.model_dump_json()
        report_key = self._result_key(inp, "report.json")
        await asyncio.to_thread(
            self.s3.put_object, Bucket=self.bucket, Key=report_key, Body=report_json.encode(), ContentType="application/json"
        )
        summary = parsing.summarize(outcome.report)
        cursor = await self._audit(
            inp.cursor, "extract", inp.at, inp.facts, report_json, {"report_key": report_key, **summary.model_dump()}
        )
        return ExtractOutput(summary=summary, report_key=report_key, cursor=cursor)

    @activity.defn(name="validate_report")
    async def validate_report(self, inp: ValidateInput) -> ValidateOutput:
        _bind_log()
        stage = inp.stage
        report = Report.model_validate_json(await self._get(self.bucket, inp.report_key))
        previous = (
            Report.model_validate_json(await self._get(self.bucket, inp.previous_report_key))
            if inp.previous_report_key
            else None
        )
        extra = [] if inp.known_body else [_unknown_body_finding(report)]
        if inp.sender_body:
            extra.append(_sender_mismatch_finding(report, inp.sender_body))
        with timed("validate"):
            check = await self._parse(
                parsing.validate,
                report,
                inp.classification,
                previous,
                stage.facts.original_name,
                stage.facts.sha256,
                stage.facts.size,
                extra,
            )
        check_key = self._result_key(stage, "check.json")
        body = json.dumps(check.contract(), ensure_ascii=False, indent=1).encode()
        await asyncio.to_thread(
            self.s3.put_object, Bucket=self.bucket, Key=check_key, Body=body, ContentType="application/json"
        )
        counts = {sev: sum(1 for f in check.findings if f.severity == sev) for sev in ("error", "warning", "info")}
        DOCUMENTS.labels("checked").inc()
        for f in check.findings:
            FINDINGS.labels(f.rule, f.severity).inc()
        cursor = await self._audit(
            stage.cursor, "validate", stage.at, inp.report_key, [f.model_dump() for f in check.findings], {"check_key": check_key, **counts}
        )
        return ValidateOutput(
            findings=check.findings,
            errors=counts["error"],
            warnings=counts["warning"],
            infos=counts["info"],
            check_key=check_key,
            cursor=cursor,
        )

    # -- plumbing --------------------------------------------------------------------

    async def _parse(self, fn, *args):
        """Run CPU-bound domain code off the event loop, heartbeating while it runs. The
        domain enforces the per-file time limit inside the parse process."""
        loop = asyncio.get_running_loop()
        try:
            fut = loop.run_in_executor(self.pool, fn, *args)
            while True:
                done, _ = await asyncio.wait({fut}, timeout=HEARTBEAT_EVERY_S)
                if done:
                    return fut.result()
                activity.heartbeat("parsing")
        except BrokenProcessPool as exc:
            # A parse process died (e.g. killed for memory): without a new pool every later
            # document on this worker would fail. Rebuild it; Temporal retries this stage.
            log.error("parse pool broken; rebuilding it")
            if self.pool_factory is not None:
                self.pool = self.pool_factory()
            raise ApplicationError("解析进程异常退出，已重建，稍后重试", type="ParsePoolBroken") from exc

    async def _read_facts(self, inp: StageInput) -> bytes:
        data = await self._read(inp.facts.bucket, inp.facts.key, inp.facts.version_id)
        if hashlib.sha256(data).hexdigest() != inp.facts.sha256:
            # The key was overwritten between stages; the version id pins the bytes, so this
            # means the version vanished. Nothing a retry fixes.
            raise ApplicationError("对象内容在处理中被更改", type="ObjectMissing", non_retryable=True)
        return data

    async def _read(self, bucket: str, key: str, version_id: str | None) -> bytes:
        limit = self.settings.max_file_bytes
        resp = await asyncio.to_thread(self.s3.get_object, **self._object_ref(bucket, key, version_id))
        if resp.get("ContentLength", 0) > limit:
            raise ApplicationError(
                f"文件过大（{resp['ContentLength'] // (1024 * 1024)} MB），上限 {limit // (1024 * 1024)} MB",
                "too_large",
                type="UnreadableDocument",
                non_retryable=True,
            )
        return await asyncio.to_thread(resp["Body"].read)

    async def _get(self, bucket: str, key: str) -> bytes:
        resp = await asyncio.to_thread(self.s3.get_object, Bucket=bucket, Key=key)
        return await asyncio.to_thread(resp["Body"].read)

    @staticmethod
    def _object_ref(bucket: str, key: str, version_id: str | None) -> dict:
        ref = {"Bucket": bucket, "Key": key}
        if version_id and version_id != "null":
            ref["VersionId"] = version_id
        return ref

    def _result_key(self, inp: StageInput, name: str) -> str:
        info = activity.info()
        return f"{self.settings.s3.results_prefix}{info.workflow_id}/{name}"

    async def _audit(self, cursor: AuditCursor, stage: str, at: str, inp, out, detail: dict) -> AuditCursor:
        info = activity.info()
        record = make_record(
            cursor,
            stage=stage,
            actor=ACTOR,
            at=at,
            input=_hashable(inp),
            output=_hashable(out),
            detail=detail,
            activity={
                "workflow_id": info.workflow_id,
                "run_id": info.workflow_run_id,
                "activity_type": info.activity_type,
                "attempt": info.attempt,
            },
        )
        # A retried attempt may find its record already written by an earlier attempt (first
        # write wins): the chain continues from the stored hash, not this attempt's copy.
        stored_hash = await asyncio.to_thread(self.audit.append, record)
        return cursor.advance(stored_hash)


def _unknown_body_finding(report: Report) -> Finding:
    org = report.metadata.organization or "报送单位"
    return Finding(
        rule="roster.unknown_body",
        severity="warning",
        message=f"“{org}”不在本县报送单位名单中，已转县政府办收件人员核实。",
        where="报送单位",
    )


def _sender_mismatch_finding(report: Report, sender_body: str) -> Finding:
    org = report.metadata.organization or "报告中的单位"
    return Finding(
        rule="roster.sender_mismatch",
        severity="warning",
        message=f"提交人是“{sender_body}”的报送人员，但报告署名为“{org}”。已转县政府办收件人员核实，确认后再归入案件。",
        where="报送单位",
    )


def _hashable(obj):
    if hasattr(obj, "model_dump"):
        return obj.model_dump(mode="json")
    return obj


def _bind_log() -> None:
    import structlog

    info = activity.info()
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(
        workflow_id=info.workflow_id, activity_type=info.activity_type, attempt=info.attempt
    )
