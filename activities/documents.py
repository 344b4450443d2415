"""The document workflow's stages as activities: read → extract → classify → validate.

Each stage loads what the previous one stored (the object, the Document's JSON, the Report's
JSON) by key, runs one domain stage (CPU-bound ones in the parse pool, so the event loop
never blocks), stores its own output once under `results/<workflow id>/`, writes its own
audit record and returns a small result. A document that cannot be read raises the
non-retryable `UnreadableDocument` ApplicationError; its details carry the object's facts
so the workflow can still answer the sender.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from concurrent.futures import Executor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, NoReturn

from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities import parsing
from activities.audit import record_stage
from activities.bucket_objects import BucketObjects, facts_of
from activities.faults import injected_delay
from activities.metrics import DOCUMENTS, FINDINGS, timed
from activities.refusal import refuse, unreadable_error
from adapters.audit_store import AuditStore
from adapters.logging import get_logger
from adapters.settings import Settings
from annual_report.model import Finding, Report, ReportIdentity
from intake import cases
from intake.audit_chain import AuditCursor
from intake.roster import Roster
from workflows.contracts import (
    ArchiveOutput,
    ClassifyInput,
    ClassifyOutput,
    ExtractInput,
    ExtractOutput,
    ObjectFacts,
    ReadInput,
    ReadOutput,
    ReportSummary,
    StageInput,
    ValidateInput,
    ValidateOutput,
)

log = get_logger("activities.documents")
ACTOR = "system:worker"
HEARTBEAT_EVERY_S = 3  # well inside the workflow's heartbeat timeouts


class DocumentActivities:
    def __init__(
        self,
        settings: Settings,
        s3: Any,
        roster: Roster,
        parse_pool: Executor | None = None,
        pool_factory: Callable[[], Executor] | None = None,
        start_member: Callable[[str, str], Awaitable[object]] | None = None,
    ) -> None:
        """`start_member(key, channel)`: starts an archive member's check right after it is
        put back (workflows.start_document.UploadStarter), instead of waiting for its bucket
        event; None leaves it to the event."""
        self.settings = settings
        self.start_member = start_member
        self.objects = BucketObjects(s3, settings.s3.intake_bucket, settings.max_file_bytes)
        self.audit = AuditStore(s3, settings.s3.audit_bucket)
        self.roster = roster
        self.pool = parse_pool
        self.pool_factory = pool_factory  # rebuilds the pool after a parse process died

    # -- the stages ------------------------------------------------------------------

    @activity.defn(name="read_document")
    async def read_document(self, inp: ReadInput) -> ReadOutput:
        """The object's facts (size, sha256, submitter) and its bytes read into a Document."""
        _bind_log()
        doc = inp.document
        head = await self.objects.head(doc.bucket, doc.key, doc.version_id)
        too_large = head.get("ContentLength", 0) > self.settings.max_file_bytes
        # A file over the limit is not read at all: its facts say so, and the workflow
        # answers the sender instead of failing on the bytes.
        data = b"" if too_large else await heartbeating(self.objects.read(doc.bucket, doc.key, head.get("VersionId") or doc.version_id))
        facts = facts_of(doc, head, data, too_large)
        document_key = ocr_queue = None
        if facts.detected_type not in ("zip", "too_large"):
            with timed("read"):
                read = await self._parse(parsing.read, data, facts.detected_type, facts.format, self.settings.check_time_limit_s)
            if isinstance(read, parsing.Refused) and read.code == parsing.NEEDS_OCR:
                ocr_queue = self.settings.temporal.ocr_task_queue  # a scan: read by an OCR worker
            elif isinstance(read, parsing.Refused):
                await self._refuse(inp.cursor, "read", inp.at, facts, read)
            else:
                document_key = self._result_key("document.json")
                await self.objects.put_json(document_key, read)
        cursor = await self._record(
            inp.cursor,
            inp.at,
            "read",
            doc,
            facts,
            {"sha256": facts.sha256, "size": facts.size, "document_key": document_key, "ocr_queue": ocr_queue},
        )
        return ReadOutput(facts=facts, document_key=document_key, cursor=cursor, ocr_task_queue=ocr_queue)

    @activity.defn(name="expand_archive")
    async def expand_archive(self, inp: StageInput) -> ArchiveOutput:
        """A ZIP of several files: each member goes back into the inbox as its own submission
        (same submitter), so each is checked and answered on its own. Keys are content-derived,
        so a retried expansion writes the same objects."""
        from annual_report.errors import UnreadableDocument
        from annual_report.readers.archive import iter_archive_members, nested_archive

        _bind_log()
        f = inp.facts
        data = await self.objects.read_pinned(f)
        try:
            if f.archive_of:  # a ZIP from a ZIP: answered, never expanded (one level only)
                raise nested_archive(f.original_name or f.key.rsplit("/", 1)[-1])
            members = await asyncio.to_thread(lambda: list(iter_archive_members(data)))
        except UnreadableDocument as exc:
            await self._record(inp.cursor, inp.at, "expand", f, {"reason": exc.reason}, {"unreadable": True})
            raise unreadable_error(f, exc.reason, exc.code) from exc
        keys = [await self.objects.put_member(f, name, member) for name, member in members]
        if self.start_member is not None:  # idempotent: a retried expansion finds them started
            for key in keys:
                await self.start_member(key, "archive")
        cursor = await self._record(inp.cursor, inp.at, "expand", f, keys, {"members": len(keys)})
        return ArchiveOutput(member_keys=keys, cursor=cursor)

    @activity.defn(name="extract_report")
    async def extract_report(self, inp: ExtractInput) -> ExtractOutput:
        _bind_log()
        await injected_delay(self.settings.worker.fault_delay)
        stage = inp.stage
        document_json = await self.objects.get(inp.document_key)
        with timed("extract"):
            extracted = await self._parse(parsing.extract, document_json, self.settings.check_time_limit_s)
        if isinstance(extracted, parsing.Refused):
            await self._refuse(stage.cursor, "extract", stage.at, stage.facts, extracted)
        report_key = self._result_key("report.json")
        await self.objects.put_json(report_key, extracted)
        summary = summarize(Report.model_validate_json(extracted))
        cursor = await self._record(
            stage.cursor, stage.at, "extract", inp.document_key, extracted.decode(), {"report_key": report_key, **summary.model_dump()}
        )
        return ExtractOutput(summary=summary, report_key=report_key, cursor=cursor)

    @activity.defn(name="classify_document")
    async def classify_document(self, inp: ClassifyInput) -> ClassifyOutput:
        _bind_log()
        stage = inp.stage
        document_json, report_json = await asyncio.gather(self.objects.get(inp.document_key), self.objects.get(inp.report_key))
        with timed("classify"):
            c = await asyncio.to_thread(parsing.classify, document_json, report_json)
        if c.kind == "unreadable":  # e.g. no text worth reading, or garbled beyond repair
            await self._refuse(stage.cursor, "classify", stage.at, stage.facts, parsing.Refused(c))
        if c.kind == "not_report":
            DOCUMENTS.labels("not_report").inc()
        cursor = await self._record(stage.cursor, stage.at, "classify", inp.report_key, c, {"kind": c.kind, "template": c.template})
        return ClassifyOutput(classification=c, cursor=cursor)

    @activity.defn(name="validate_report")
    async def validate_report(self, inp: ValidateInput) -> ValidateOutput:
        """Every rule, once, in the context of the report's case: the roster decides the case,
        whose accepted report of last year the cross-year rules compare with, and whether the
        sender may speak for the body."""
        _bind_log()
        stage = inp.stage
        case = await self._place(inp.summary, stage.facts)
        report = Report.model_validate_json(await self.objects.get(inp.report_key))
        previous = Report.model_validate_json(await self.objects.get(case.previous_report_key)) if case.previous_report_key else None
        with timed("validate"):
            check = await self._parse(
                parsing.validate,
                report,
                inp.classification,
                previous,
                stage.facts.original_name,
                stage.facts.sha256,
                stage.facts.size,
                _case_findings(report, case),
            )
        check_key = self._result_key("check.json")
        await self.objects.put_json(check_key, json.dumps(check.contract(), ensure_ascii=False, indent=1).encode())
        counts = {sev: sum(1 for f in check.findings if f.severity == sev) for sev in ("error", "warning", "info")}
        DOCUMENTS.labels("checked").inc()
        for f in check.findings:
            FINDINGS.labels(f.rule, f.severity).inc()
        cursor = await self._record(
            stage.cursor, stage.at, "validate", inp.report_key, check.findings, {"check_key": check_key, "case_id": case.case_id, **counts}
        )
        return ValidateOutput(
            findings=check.findings,
            errors=counts["error"],
            warnings=counts["warning"],
            infos=counts["info"],
            check_key=check_key,
            case=case,
            cursor=cursor,
        )

    # -- plumbing --------------------------------------------------------------------

    async def _place(self, s: ReportSummary, facts: ObjectFacts) -> cases.CaseRef:
        ref = cases.place(
            self.roster,
            cases.ReportedBody(organization=s.organization, full_name=s.full_name, parent=s.parent, year=s.year),
            cases.Sender(
                email=facts.submitter_email,
                channel=facts.channel,
                case_hint=facts.case_hint,
                verified=facts.sender_verified is not False,
                evidence=facts.sender_evidence,
            ),
            document_id=activity.info().workflow_id or "",
        )
        if ref.year:
            key = cases.accepted_key(ref.county, ref.organization, ref.year - 1)
            if await self.objects.exists(key):
                ref.previous_report_key = key
        web = self.settings.web
        ref.web_base = web.base_url or f"http://{web.host}:{web.port}"
        ref.temporal_ui = self.settings.temporal.ui
        return ref

    async def _record(self, cursor: AuditCursor, at: str, stage: str, input: Any, output: Any, detail: dict[str, Any]) -> AuditCursor:
        """The stage's audit record (activities/audit.py), by this worker."""
        return await record_stage(self.audit, cursor, stage=stage, actor=ACTOR, at=at, input=input, output=output, detail=detail)

    async def _refuse(self, cursor: AuditCursor, stage: str, at: str, facts: ObjectFacts, refused: parsing.Refused) -> NoReturn:
        await refuse(self.audit, cursor, stage=stage, actor=ACTOR, at=at, facts=facts, refused=refused)

    async def _parse(self, fn: Callable[..., Any], *args: Any) -> Any:
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

    def _result_key(self, name: str) -> str:
        return f"{self.settings.s3.results_prefix}{activity.info().workflow_id}/{name}"


async def heartbeating(awaitable: Any) -> Any:
    """Await while heartbeating, so a worker killed mid-download is noticed in seconds."""
    task = asyncio.ensure_future(awaitable)
    while not (await asyncio.wait({task}, timeout=HEARTBEAT_EVERY_S))[0]:
        activity.heartbeat("downloading")
    return task.result()


def summarize(report: Report) -> ReportSummary:
    """The metadata's identity (organization, year, title, …) and the tables' template."""
    identity = report.metadata.model_dump(include=set(ReportIdentity.model_fields))
    return ReportSummary(**identity, template=report.tables.template)


def _case_findings(report: Report, case: cases.CaseRef) -> list[Finding]:
    """What the roster says about the report's body: not on the list, sent by another's clerk,
    or mailed by a sender nobody could verify. Each is for the county to confirm, not an error."""
    out = []
    if not case.known_body:
        org = report.metadata.organization or "报送单位"
        out.append(_roster_warning("roster.unknown_body", "报送单位", f"“{org}”不在本县报送单位名单中，已转县政府办收件人员核实。"))
    if case.sender_body:
        org = report.metadata.organization or "报告中的单位"
        message = f"提交人是“{case.sender_body}”的报送人员，但报告署名为“{org}”。已转县政府办收件人员核实，确认后再归入案件。"
        out.append(_roster_warning("roster.sender_mismatch", "报送单位", message))
    if not case.sender_verified:
        message = f"邮件发件人未经验证（{case.sender_evidence or '没有验证信息'}），已转县政府办收件人员核实，确认后再归入案件。"
        out.append(_roster_warning("roster.sender_unverified", "提交人", message))
    return out


def _roster_warning(rule: str, where: str, message: str) -> Finding:
    return Finding(rule=rule, severity="warning", where=where, message=message)


def _bind_log() -> None:
    import structlog

    info = activity.info()
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(workflow_id=info.workflow_id, activity_type=info.activity_type, attempt=info.attempt)
