"""The document workflow: one file in the intake bucket, checked.

Reads like the job: fetch the object's facts → classify → extract → validate, each a
separate activity with its own timeouts and retries, each leaving an audit record. A file
that cannot be read ends here as `unreadable` (its stage fails with a non-retryable
`UnreadableDocument`), a file that is not a report as `not_report`. The result is handed
to the case (the case workflow builds on it).
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from intake.audit import AuditCursor
    from workflows import search_attributes as sa
    from workflows.case_models import CaseRef, NoticeRequest, SubmissionSignal
    from workflows.models import (
        ArchiveOutput,
        ClassifyOutput,
        DocumentInput,
        DocumentResult,
        ExtractOutput,
        FetchInput,
        FetchOutput,
        StageInput,
        ResolveInput,
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
IO_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(minutes=1),
    maximum_attempts=10,
    non_retryable_error_types=BAD_DOCUMENT_ERRORS,
)
PARSE_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=2),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(minutes=2),
    maximum_attempts=5,
    non_retryable_error_types=BAD_DOCUMENT_ERRORS,
)


@workflow.defn(name="DocumentWorkflow")
class DocumentWorkflow:
    def __init__(self) -> None:
        self._stage = "received"
        self._lines: list[str] = []

    @workflow.run
    async def run(self, doc: DocumentInput) -> DocumentResult:
        wf_id = workflow.info().workflow_id
        cursor = AuditCursor(chain=wf_id)
        self._show("received", f"收到文件 `{doc.key}`")

        result = DocumentResult(workflow_id=wf_id, status="checking", audit_chain=wf_id)
        try:
            fetched: FetchOutput = await workflow.execute_activity(
                "fetch_object_facts",
                FetchInput(document=doc, cursor=cursor, at=self._now()),
                result_type=FetchOutput,
                start_to_close_timeout=timedelta(minutes=2),
                retry_policy=IO_RETRY,
                summary="读取对象信息（大小、sha256、提交人）",
            )
        except ActivityError as err:
            return self._unreadable(result, err)  # e.g. the object is gone: nobody to answer
        facts = fetched.facts
        cursor = fetched.cursor
        workflow.upsert_search_attributes(
            [
                sa.STATUS.value_set("checking"),
                sa.OBJECT_KEY.value_set(facts.key[:250]),
                *([sa.SUBMITTER.value_set(facts.submitter_email)] if facts.submitter_email else []),
            ]
        )
        result.facts = facts
        if facts.detected_type == "too_large":
            result.status = "unreadable"
            result.reason = f"文件过大（{facts.size // (1024 * 1024)} MB），超过上限。请压缩图片或拆分后重新上传。"
            return await self._answer_bad_file(self._finish(result, "unreadable", result.reason))

        if facts.detected_type == "zip":
            # Several files in one archive: each member becomes its own submission.
            try:
                expanded: ArchiveOutput = await workflow.execute_activity(
                    "expand_archive",
                    StageInput(facts=facts, cursor=cursor, at=self._now()),
                    result_type=ArchiveOutput,
                    start_to_close_timeout=timedelta(minutes=5),
                    retry_policy=IO_RETRY,
                    summary="解压：每个文件单独检查",
                )
            except ActivityError as err:
                return await self._answer_bad_file(self._unreadable(result, err))
            result.status = "expanded"
            result.member_keys = expanded.member_keys
            return self._finish(result, "expanded", f"压缩包，已拆分为 {len(expanded.member_keys)} 个文件分别检查")

        try:
            classified: ClassifyOutput = await workflow.execute_activity(
                "classify_document",
                StageInput(facts=facts, cursor=cursor, at=self._now()),
                result_type=ClassifyOutput,
                start_to_close_timeout=timedelta(minutes=3),
                heartbeat_timeout=HEARTBEAT_TIMEOUT,
                retry_policy=PARSE_RETRY,
                summary="分类：是否年度报告、格式、模板",
            )
        except ActivityError as err:
            return await self._answer_bad_file(self._unreadable(result, err))
        cursor = classified.cursor
        c = classified.classification
        result.classification = c
        workflow.upsert_search_attributes(
            [sa.KIND.value_set(c.kind), *([sa.TEMPLATE.value_set(c.template)] if c.template else [])]
        )
        if c.kind == "not_report":
            result.status = "not_report"
            result.reason = "；".join(c.reasons[:3])
            return await self._answer_bad_file(self._finish(result, "not_report", f"不是年度报告：{result.reason}"))
        if c.kind == "unreadable":
            result.status = "unreadable"
            result.reason = "；".join(c.reasons[:3])
            return await self._answer_bad_file(self._finish(result, "unreadable", f"无法读取：{result.reason}"))
        self._show("classified", f"年度报告，{c.format}，{c.template or '模板未知'}")

        try:
            extracted: ExtractOutput = await workflow.execute_activity(
                "extract_report",
                StageInput(facts=facts, cursor=cursor, at=self._now()),
                result_type=ExtractOutput,
                start_to_close_timeout=timedelta(minutes=5),
                heartbeat_timeout=HEARTBEAT_TIMEOUT,
                retry_policy=PARSE_RETRY,
                summary="提取：章节、三张统计表",
            )
        except ActivityError as err:
            return await self._answer_bad_file(self._unreadable(result, err))
        cursor = extracted.cursor
        s = extracted.summary
        result.summary = s
        result.report_key = extracted.report_key
        workflow.upsert_search_attributes(
            [
                *([sa.ORGANIZATION.value_set(s.organization)] if s.organization else []),
                *([sa.COUNTY.value_set(s.parent)] if s.parent else []),
                *([sa.YEAR.value_set(s.year)] if s.year else []),
            ]
        )
        self._show("extracted", f"{s.organization or '单位未识别'} {s.year or '年份未识别'} 年度报告")

        # Which case (body and year) this belongs to, and last year's accepted report of
        # the same body for the cross-year rules.
        case: CaseRef = await workflow.execute_activity(
            "resolve_case",
            ResolveInput(summary=s, facts=facts),
            result_type=CaseRef,
            start_to_close_timeout=timedelta(seconds=30),
            retry_policy=IO_RETRY,
            summary="确定案件（单位、年度）与上年已受理报告",
        )

        validated: ValidateOutput = await workflow.execute_activity(
            "validate_report",
            ValidateInput(
                stage=StageInput(facts=facts, cursor=cursor, at=self._now()),
                classification=c,
                report_key=extracted.report_key,
                previous_report_key=case.previous_report_key,
                known_body=case.known_body,
                sender_body=case.sender_body,
            ),
            result_type=ValidateOutput,
            start_to_close_timeout=timedelta(minutes=2),
            retry_policy=PARSE_RETRY,
            summary="校验：勾稽关系、合计、空格、标签、模板",
        )
        result.findings = validated.findings
        result.errors, result.warnings = validated.errors, validated.warnings
        result.check_key = validated.check_key
        result.status = "checked"
        workflow.upsert_search_attributes([sa.ERRORS.value_set(validated.errors), sa.WARNINGS.value_set(validated.warnings)])
        self._finish(result, "checked", self._findings_markdown(validated))

        # Hand the checked document to its case (created by the first document).
        result.case_id = await workflow.execute_activity(
            "hand_to_case",
            SubmissionSignal(document=result, case=case),
            result_type=str,
            start_to_close_timeout=timedelta(seconds=30),
            retry_policy=IO_RETRY,
            summary=f"交给案件 {case.case_id}",
        )
        self._show("handed", f"已交给案件 `{result.case_id}`")
        return result

    @workflow.query
    def stage(self) -> str:
        return self._stage

    # -- helpers -------------------------------------------------------------------------

    def _now(self) -> str:
        return workflow.now().isoformat(timespec="milliseconds")

    def _unreadable(self, result: DocumentResult, err: ActivityError) -> DocumentResult:
        cause = err.cause
        if isinstance(cause, ApplicationError) and cause.type in BAD_DOCUMENT_ERRORS:
            result.status = "unreadable"
            result.reason = cause.message
            return self._finish(result, "unreadable", f"无法读取：{cause.message}")
        raise err

    async def _answer_bad_file(self, result: DocumentResult) -> DocumentResult:
        """A file that is not a report or cannot be read is its own record: tell the sender."""
        facts = result.facts
        if facts and facts.submitter_email and not facts.auto_submitted:
            try:
                await workflow.execute_activity(
                    "send_notice",
                    NoticeRequest(
                        key=f"{result.workflow_id}/{result.status}",
                        kind=result.status,
                        to=[facts.submitter_email],
                        case_id=result.workflow_id,
                        at=self._now(),
                        data={"file": facts.original_name, "reason": result.reason, "received_at": facts.received_at},
                    ),
                    start_to_close_timeout=timedelta(minutes=2),
                    schedule_to_close_timeout=timedelta(days=1),
                    retry_policy=RetryPolicy(maximum_interval=timedelta(minutes=10), maximum_attempts=0),
                    summary="邮件：告知无法受理的原因",
                )
            except ActivityError:
                workflow.logger.warning("could not tell the sender", extra={"workflow_id": result.workflow_id})
        return result

    def _finish(self, result: DocumentResult, status: str, line: str) -> DocumentResult:
        workflow.upsert_search_attributes([sa.STATUS.value_set(status)])
        self._show(status, line)
        workflow.logger.info("document done", extra={"status": status, "key": result.facts.key if result.facts else None})
        return result

    def _show(self, stage: str, line: str) -> None:
        """Keep the Temporal UI's "current details" readable: the stage and what happened."""
        self._stage = stage
        self._lines.append(f"- **{stage}**: {line}")
        workflow.set_current_details("\n".join(["### 文件检查进度", *self._lines[-12:]]))

    @staticmethod
    def _findings_markdown(v: ValidateOutput) -> str:
        head = f"检查完成：{v.errors} 个错误，{v.warnings} 个警告"
        items = [f"  - `{f.rule}` {f.where}" for f in v.findings[:8]]
        more = [f"  - …另有 {len(v.findings) - 8} 条"] if len(v.findings) > 8 else []
        return "\n".join([head, *items, *more])
