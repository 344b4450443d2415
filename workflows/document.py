"""The document workflow: one file in the intake bucket, checked and handed to its case.

    read (object facts + the Document) → extract (the Report) → classify → validate → hand to case

Each stage is its own activity with its own timeouts and retries and writes its own audit
record. A file that cannot be read ends here as `unreadable` (its stage fails with the
non-retryable `UnreadableDocument`), a file that is not a report as `not_report`; either way
the sender is told why. A ZIP's members go back into the inbox, one submission each.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any, TypeVar

from temporalio import workflow
from temporalio.common import Priority, RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from activities.cases import CaseActivities
    from activities.documents import DocumentActivities
    from activities.ocr import OcrActivities
    from annual_report.model import Classification
    from intake.audit_chain import AuditCursor
    from intake.statuses import Status
    from workflows import search_attributes as sa
    from workflows.contracts import (
        ClassifyInput,
        DocumentInput,
        DocumentResult,
        ExtractInput,
        ExtractOutput,
        NoticeData,
        NoticeRequest,
        ObjectFacts,
        ReadInput,
        ReadOutput,
        StageInput,
        SubmissionSignal,
        ValidateInput,
        ValidateOutput,
    )

# A worker that dies mid-stage stops heartbeating; after this long the stage is retried on
# another worker. Activities heartbeat every few seconds while parsing.
HEARTBEAT_TIMEOUT = timedelta(seconds=15)

# Errors that retrying cannot fix: the document itself is the problem.
BAD_DOCUMENT_ERRORS = ["UnreadableDocument", "ObjectMissing"]


# Transient faults (S3 hiccups, a worker restart) are retried with backoff, but not forever:
# after this many attempts an operator should look.
def _retry(first: timedelta, longest: timedelta, attempts: int) -> RetryPolicy:
    """Doubling back-off from `first` up to `longest`, `attempts` in all; a bad document is not retried."""
    return RetryPolicy(
        initial_interval=first,
        backoff_coefficient=2.0,
        maximum_interval=longest,
        maximum_attempts=attempts,
        non_retryable_error_types=BAD_DOCUMENT_ERRORS,
    )


IO_RETRY = _retry(timedelta(seconds=1), timedelta(minutes=1), 10)
PARSE_RETRY = _retry(timedelta(seconds=2), timedelta(minutes=2), 5)
# OCR: each page read is a heartbeat (a page may take up to the OCR page limit, 3 min); the
# whole scan may take up to the document limit (30 min), plus a margin.
OCR_HEARTBEAT_TIMEOUT = timedelta(minutes=4)
OCR_TIMEOUT = timedelta(minutes=35)
# The sender of a file we could not accept is told why; a mail server may be down for hours.
NOTICE_RETRY = RetryPolicy(maximum_interval=timedelta(minutes=10), maximum_attempts=0)

In = TypeVar("In")
Out = TypeVar("Out")


@contextmanager
def refusals() -> Iterator[None]:
    """A stage that failed because of the document (not a transient fault) becomes `Refused`."""
    try:
        yield
    except ActivityError as err:
        cause = err.cause
        if isinstance(cause, ApplicationError) and cause.type in BAD_DOCUMENT_ERRORS:
            details = list(cause.details or [])
            facts = ObjectFacts.model_validate(details[1]) if len(details) > 1 and details[1] else None
            raise Refused(Status.UNREADABLE, cause.message, facts) from err
        raise


class Refused(Exception):
    """The document itself is at fault: end with this status and tell the sender why."""

    def __init__(self, status: Status, reason: str, facts: ObjectFacts | None = None) -> None:
        super().__init__(reason)
        self.status, self.reason, self.facts = status, reason, facts


@workflow.defn(name="DocumentWorkflow")
class DocumentWorkflow:
    def __init__(self) -> None:
        wf_id = workflow.info().workflow_id
        self._stage = "received"
        self._lines: list[str] = []
        self._cursor = AuditCursor(chain=wf_id)  # each stage's activity advances the chain
        self._result = DocumentResult(workflow_id=wf_id, status=Status.CHECKING, audit_chain=wf_id)

    @workflow.run
    async def run(self, doc: DocumentInput) -> DocumentResult:
        self._show("received", f"收到文件 `{doc.key}`")
        try:
            read = await self._read(doc)
            if read.facts.detected_type == "zip":
                return await self._expand(read.facts)
            if read.ocr_task_queue:
                read = await self._ocr(read)
            extracted = await self._extract(read)
            kind = await self._classify(read, extracted)
            validated = await self._validate(read.facts, kind, extracted)
            return await self._hand_to_case(validated)
        except Refused as refused:
            return await self._answer_refused(refused)

    @workflow.query
    def stage(self) -> str:
        return self._stage

    # -- the stages -----------------------------------------------------------------------

    async def _read(self, doc: DocumentInput) -> ReadOutput:
        read: ReadOutput = await self._run(
            DocumentActivities.read_document,
            ReadInput(document=doc, cursor=self._cursor, at=self._now()),
            timeout=timedelta(minutes=3),
            retry=PARSE_RETRY,
            summary="读取文件：对象信息（大小、sha256、提交人）与内容",
        )
        facts = self._result.facts = read.facts
        self._cursor = read.cursor
        workflow.upsert_search_attributes(
            [
                sa.STATUS.value_set(Status.CHECKING),
                sa.OBJECT_KEY.value_set(facts.key[:250]),
                *([sa.SUBMITTER.value_set(facts.submitter_email)] if facts.submitter_email else []),
            ]
        )
        if facts.detected_type == "too_large":
            mb = facts.size // (1024 * 1024)
            raise Refused(Status.UNREADABLE, f"文件过大（{mb} MB），超过上限。请压缩图片或拆分后重新上传。", facts)
        return read

    async def _ocr(self, read: ReadOutput) -> ReadOutput:
        """A scan: read by an OCR worker on its own queue (one page per heartbeat)."""
        self._show("ocr", "扫描件：排队进行文字识别（OCR）")
        with refusals():
            ocred = await workflow.execute_activity_method(
                OcrActivities.ocr_document,
                self._stage_input(read.facts),
                task_queue=read.ocr_task_queue,
                start_to_close_timeout=OCR_TIMEOUT,
                heartbeat_timeout=OCR_HEARTBEAT_TIMEOUT,
                retry_policy=PARSE_RETRY,
                summary="文字识别（OCR）：扫描件逐页识别",
            )
        self._cursor = ocred.cursor
        return ocred

    async def _expand(self, facts: ObjectFacts) -> DocumentResult:
        expanded = await self._run(
            DocumentActivities.expand_archive,
            self._stage_input(facts),
            timeout=timedelta(minutes=5),
            retry=IO_RETRY,
            summary="解压：每个文件单独检查",
        )
        self._result.member_keys = expanded.member_keys
        return self._finish(Status.EXPANDED, f"压缩包，已拆分为 {len(expanded.member_keys)} 个文件分别检查")

    async def _extract(self, read: ReadOutput) -> ExtractOutput:
        extracted: ExtractOutput = await self._run(
            DocumentActivities.extract_report,
            ExtractInput(stage=self._stage_input(read.facts), document_key=read.document_key),
            timeout=timedelta(minutes=5),
            retry=PARSE_RETRY,
            summary="提取：章节、单位与年度、三张统计表",
        )
        self._cursor = extracted.cursor
        s = self._result.summary = extracted.summary
        self._result.report_key = extracted.report_key
        workflow.upsert_search_attributes(
            [
                *([sa.ORGANIZATION.value_set(s.organization)] if s.organization else []),
                *([sa.COUNTY.value_set(s.parent)] if s.parent else []),
                *([sa.YEAR.value_set(s.year)] if s.year else []),
            ]
        )
        self._show("extracted", f"{s.organization or '单位未识别'} {s.year or '年份未识别'} 年度报告")
        return extracted

    async def _classify(self, read: ReadOutput, extracted: ExtractOutput) -> Classification:
        classified = await self._run(
            DocumentActivities.classify_document,
            ClassifyInput(stage=self._stage_input(read.facts), document_key=read.document_key, report_key=extracted.report_key),
            timeout=timedelta(minutes=1),
            retry=PARSE_RETRY,
            summary="分类：是否年度报告、格式、模板",
        )
        self._cursor = classified.cursor
        c = self._result.classification = classified.classification
        workflow.upsert_search_attributes([sa.KIND.value_set(c.kind), *([sa.TEMPLATE.value_set(c.template)] if c.template else [])])
        if c.kind == "not_report":
            raise Refused(Status.NOT_REPORT, "；".join(c.reasons[:3]), read.facts)
        self._show("classified", f"年度报告，{c.format}，{c.template or '模板未知'}")
        return c

    async def _validate(self, facts: ObjectFacts, classification: Classification, extracted: ExtractOutput) -> ValidateOutput:
        v: ValidateOutput = await self._run(
            DocumentActivities.validate_report,
            ValidateInput(
                stage=self._stage_input(facts), classification=classification, report_key=extracted.report_key, summary=extracted.summary
            ),
            timeout=timedelta(minutes=2),
            retry=PARSE_RETRY,
            summary="校验：勾稽关系、合计、空格、标签、模板、上年结转",
        )
        self._cursor = v.cursor
        r = self._result
        r.findings, r.errors, r.warnings, r.check_key = v.findings, v.errors, v.warnings, v.check_key
        workflow.upsert_search_attributes([sa.ERRORS.value_set(v.errors), sa.WARNINGS.value_set(v.warnings)])
        self._finish(Status.CHECKED, _findings_markdown(v))
        return v

    async def _hand_to_case(self, v: ValidateOutput) -> DocumentResult:
        """Signal-with-start: the first document of a body and year creates its case."""
        self._result.case_id = await self._run(
            CaseActivities.hand_to_case,
            SubmissionSignal(document=self._result, case=v.case),
            timeout=timedelta(seconds=30),
            retry=IO_RETRY,
            summary=f"交给案件 {v.case.case_id}",
            priority=workflow.info().priority,  # the case starts with it (an inherited one is not visible to the activity)
        )
        self._show("handed", f"已交给案件 `{self._result.case_id}`")
        return self._result

    async def _answer_refused(self, refused: Refused) -> DocumentResult:
        """A file that is not a report or cannot be read is its own record: tell the sender."""
        r = self._result
        r.facts = r.facts or refused.facts
        r.reason = refused.reason
        prefix = "不是年度报告" if refused.status == Status.NOT_REPORT else "无法读取"
        self._finish(refused.status, f"{prefix}：{refused.reason}")
        facts = r.facts
        if not facts or not facts.submitter_email or facts.auto_submitted:
            return r  # nobody to tell (an object without a sender, or automated mail)
        try:
            await workflow.execute_activity_method(
                CaseActivities.send_notice,
                NoticeRequest(
                    key=f"{r.workflow_id}/{refused.status}",
                    kind="not_report" if refused.status == Status.NOT_REPORT else "unreadable",
                    to=[facts.submitter_email],
                    case_id=r.workflow_id,
                    at=self._now(),
                    data=NoticeData(file=facts.original_name, reason=r.reason, received_at=facts.received_at),
                ),
                start_to_close_timeout=timedelta(minutes=2),
                schedule_to_close_timeout=timedelta(days=1),
                retry_policy=NOTICE_RETRY,
                summary="邮件：告知无法受理的原因",
            )
        except ActivityError:
            workflow.logger.warning("could not tell the sender", extra={"workflow_id": r.workflow_id})
        return r

    # -- plumbing -------------------------------------------------------------------------

    async def _run(
        self,
        activity: Callable[[Any, In], Awaitable[Out]],
        arg: In,
        *,
        timeout: timedelta,
        retry: RetryPolicy,
        summary: str,
        priority: Priority = Priority.default,
    ) -> Out:
        """One stage activity; a document the stage refused becomes `Refused`."""
        with refusals():
            result: Out = await workflow.execute_activity_method(
                activity,
                arg,
                start_to_close_timeout=timeout,
                heartbeat_timeout=HEARTBEAT_TIMEOUT,
                retry_policy=retry,
                summary=summary,
                priority=priority,
            )
        return result

    def _stage_input(self, facts: ObjectFacts) -> StageInput:
        return StageInput(facts=facts, cursor=self._cursor, at=self._now())

    def _now(self) -> str:
        return workflow.now().isoformat(timespec="milliseconds")

    def _finish(self, status: Status, line: str) -> DocumentResult:
        self._result.status = status
        workflow.upsert_search_attributes([sa.STATUS.value_set(status)])
        self._show(status, line)
        workflow.logger.info(
            "document checked", extra={"status": str(status), "key": self._result.facts.key if self._result.facts else None}
        )
        return self._result

    def _show(self, stage: str, line: str) -> None:
        """Keep the Temporal UI's "current details" readable: the stage and what happened."""
        self._stage = stage
        self._lines.append(f"- **{stage}**: {line}")
        workflow.set_current_details("\n".join(["### 文件检查进度", *self._lines[-12:]]))


def _findings_markdown(v: ValidateOutput) -> str:
    head = f"检查完成：{v.errors} 个错误，{v.warnings} 个警告"
    items = [f"  - `{f.rule}` {f.where}" for f in v.findings[:8]]
    more = [f"  - …另有 {len(v.findings) - 8} 条"] if len(v.findings) > 8 else []
    return "\n".join([head, *items, *more])
