"""The document and case workflows with stub activities (same names, `@activity.defn(name=…)`)
on the time-skipping dev server (issue 12 item 4): the orchestration alone, in seconds, no
MinIO or SMTP. Days of reminders pass in virtual time."""

from __future__ import annotations

import asyncio
import hashlib
import time
import uuid

import pytest
from temporalio import activity
from temporalio.client import Client, WorkflowExecutionStatus, WorkflowUpdateFailedError
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.exceptions import ApplicationError
from temporalio.worker import Worker

from annual_report.model import Classification, Finding
from intake import cases
from intake.audit_chain import AuditCursor
from intake.roster_file import load_demo_roster
from workflows.case import CaseWorkflow
from workflows.contracts import (
    ArchiveOutput,
    Assignment,
    CaseEventsInput,
    CaseView,
    ClassifyInput,
    ClassifyOutput,
    CloseInput,
    Decision,
    DiffInput,
    DocumentInput,
    DocumentResult,
    ExtractInput,
    ExtractOutput,
    MatchInput,
    MatchOutput,
    MatchRequest,
    NoticeOutcome,
    NoticeRequest,
    ObjectFacts,
    ReadInput,
    ReadOutput,
    ReportSummary,
    RouteInput,
    RouteOutput,
    StageInput,
    SubmissionDiff,
    SubmissionSignal,
    ValidateInput,
    ValidateOutput,
)
from workflows.document import DocumentWorkflow

pytestmark = pytest.mark.integration

CLERK = "shangtang@fc.example.gov.cn"
BLANK = Finding(rule="cell.missing", severity="error", message="空白单元格", where="表三")


class Stubs:
    """Every activity of both workflows, recording its calls; behaviour set per test."""

    def __init__(self, client: Client, queue: str, year: int) -> None:
        self.client, self.queue, self.year = client, queue, year
        self.calls: list[str] = []
        self.notices: list[NoticeRequest] = []
        self.detected_type = "text"
        self.kind = "annual_report"
        self.unreadable = False
        self.mail_down = False
        self.findings = [BLANK]

    def _called(self) -> None:
        self.calls.append(activity.info().activity_type)

    def activities(self) -> list:
        s = self

        @activity.defn(name="read_document")
        async def read_document(inp: ReadInput) -> ReadOutput:
            s._called()
            doc = inp.document
            facts = ObjectFacts(
                bucket=doc.bucket,
                key=doc.key,
                size=10,
                sha256=hashlib.sha256(doc.key.encode()).hexdigest(),
                submitter_email=CLERK,
                original_name=doc.key,
                detected_type=s.detected_type,
                format="text",
            )
            if s.unreadable:
                raise ApplicationError("图片", "scanned", facts.model_dump(mode="json"), type="UnreadableDocument", non_retryable=True)
            return ReadOutput(facts=facts, document_key=None if s.detected_type == "zip" else "r/doc.json", cursor=inp.cursor)

        @activity.defn(name="expand_archive")
        async def expand_archive(inp: StageInput) -> ArchiveOutput:
            s._called()
            return ArchiveOutput(member_keys=["inbox/a.txt", "inbox/b.txt"], cursor=inp.cursor)

        @activity.defn(name="extract_report")
        async def extract_report(inp: ExtractInput) -> ExtractOutput:
            s._called()
            return ExtractOutput(
                summary=ReportSummary(organization="上塘镇", parent="丰城市", year=s.year),
                report_key="r/report.json",
                cursor=inp.stage.cursor,
            )

        @activity.defn(name="classify_document")
        async def classify_document(inp: ClassifyInput) -> ClassifyOutput:
            s._called()
            c = Classification(kind=s.kind, format="text", reasons=["不是年度报告"] if s.kind != "annual_report" else [])
            return ClassifyOutput(classification=c, cursor=inp.stage.cursor)

        @activity.defn(name="validate_report")
        async def validate_report(inp: ValidateInput) -> ValidateOutput:
            s._called()
            ref = cases.place(
                load_demo_roster(),
                cases.ReportedBody("上塘镇", None, "丰城市", s.year),
                cases.Sender(email=CLERK),
                document_id=activity.info().workflow_id,
            )
            errors = sum(1 for f in s.findings if f.severity == "error")
            return ValidateOutput(findings=s.findings, errors=errors, check_key="r/check.json", case=ref, cursor=inp.stage.cursor)

        @activity.defn(name="hand_to_case")
        async def hand_to_case(sig: SubmissionSignal) -> str:
            s._called()
            await s.client.start_workflow(
                "CaseWorkflow",
                sig.case,
                id=sig.case.case_id,
                task_queue=s.queue,
                start_signal="submit",
                start_signal_args=[sig],
                id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
                id_reuse_policy=WorkflowIDReusePolicy.ALLOW_DUPLICATE,
            )
            return sig.case.case_id

        @activity.defn(name="route_case")
        async def route_case(inp: RouteInput) -> RouteOutput:
            s._called()
            reviewer = inp.reviewer or "fc-li"
            return RouteOutput(
                reviewer=reviewer,
                routed=inp.reviewer is None,
                withdraw_window_s=600,
                cursor=inp.cursor or AuditCursor(chain=inp.case.case_id),
            )

        @activity.defn(name="send_notices")
        async def send_notices(batch: list[NoticeRequest]) -> list[NoticeOutcome]:
            s._called()
            if s.mail_down:
                raise ApplicationError("SMTP connection refused", type="SMTPConnectError")
            s.notices += batch
            return [NoticeOutcome(key=n.key, kind=n.kind, state="sent") for n in batch]

        @activity.defn(name="send_notice")
        async def send_notice(req: NoticeRequest) -> bool:
            s._called()
            s.notices.append(req)
            return True

        @activity.defn(name="diff_submissions")
        async def diff_submissions(inp: DiffInput) -> SubmissionDiff:
            s._called()
            return SubmissionDiff()

        @activity.defn(name="close_case")
        async def close_case(inp: CloseInput) -> str | None:
            s._called()
            return None

        @activity.defn(name="record_case_events")
        async def record_case_events(inp: CaseEventsInput) -> AuditCursor:
            s._called()
            return inp.cursor or AuditCursor(chain=inp.chain)

        @activity.defn(name="match_submission")
        async def match_submission(inp: MatchInput) -> MatchOutput:
            s._called()
            return MatchOutput(case_id="matched", cursor=inp.cursor)

        return [
            read_document,
            expand_archive,
            extract_report,
            classify_document,
            validate_report,
            hand_to_case,
            route_case,
            send_notices,
            send_notice,
            diff_submissions,
            close_case,
            record_case_events,
            match_submission,
        ]


@pytest.fixture
async def stubbed(time_skipping_env):
    queue = f"stub-{uuid.uuid4().hex[:6]}"
    year = 3000 + int(uuid.uuid4().int % 900)
    stubs = Stubs(time_skipping_env.client, queue, year)
    async with Worker(
        time_skipping_env.client, task_queue=queue, workflows=[DocumentWorkflow, CaseWorkflow], activities=stubs.activities()
    ):
        yield stubs


async def check(stubs: Stubs, name: str = "上塘镇.txt") -> DocumentResult:
    return await asyncio.wait_for(
        stubs.client.execute_workflow(
            "DocumentWorkflow",
            DocumentInput(bucket="intake", key=f"inbox/{uuid.uuid4().hex}/{name}", etag="e"),
            id=f"doc-{uuid.uuid4().hex}",
            task_queue=stubs.queue,
            result_type=DocumentResult,
        ),
        30,
    )


async def view_until(client: Client, case_id: str, ok, timeout: float = 20) -> CaseView:
    deadline = time.monotonic() + timeout
    while True:
        try:
            view = await client.get_workflow_handle(case_id).query("view", result_type=CaseView)
            if ok(view):
                return view
        except Exception:
            view = None
        if time.monotonic() > deadline:
            raise AssertionError(f"{case_id}: condition never held; last view {view}")
        await asyncio.sleep(0.1)


async def refusal(handle, update: str, arg) -> str:
    """The validator's reason for refusing an Update."""
    with pytest.raises(WorkflowUpdateFailedError) as info:
        await handle.execute_update(update, arg, result_type=CaseView)
    return info.value.cause.message


async def decide(client: Client, case_id: str, **kw) -> CaseView:
    return await client.get_workflow_handle(case_id).execute_update("decide", Decision(**kw), result_type=CaseView)


async def test_common_path_checks_hands_over_routes_and_mails_without_waiting(stubbed):
    doc = await check(stubbed)
    assert doc.status == "checked" and doc.case_id == f"case-{stubbed.year}-丰城市-上塘镇"
    view = await view_until(stubbed.client, doc.case_id, lambda v: v.status == "awaiting_review")
    assert view.reviewer == "fc-li" and [h.action for h in view.history][:2] == ["submitted", "routed"]
    await view_until(stubbed.client, doc.case_id, lambda v: len(stubbed.notices) >= 2)
    assert [n.kind for n in stubbed.notices] == ["findings", "assigned"]
    findings = stubbed.notices[0]
    assert findings.to == [CLERK] and findings.data.received_at and findings.data.findings[0].rule == "cell.missing"
    assert stubbed.calls[:7] == [
        "read_document",
        "extract_report",
        "classify_document",
        "validate_report",
        "hand_to_case",
        "route_case",
        "send_notices",
    ]


async def test_unreadable_file_ends_with_its_reason_told(stubbed):
    stubbed.unreadable = True
    doc = await check(stubbed, "scan.png")
    assert doc.status == "unreadable" and doc.reason == "图片" and doc.case_id is None
    assert [n.kind for n in stubbed.notices] == ["unreadable"]


async def test_not_a_report_is_answered_and_never_a_case(stubbed):
    stubbed.kind = "not_report"
    doc = await check(stubbed)
    assert doc.status == "not_report" and "hand_to_case" not in stubbed.calls
    assert [n.kind for n in stubbed.notices] == ["not_report"]


async def test_zip_is_expanded_into_members(stubbed):
    stubbed.detected_type = "zip"
    doc = await check(stubbed, "两个.zip")
    assert doc.status == "expanded" and doc.member_keys == ["inbox/a.txt", "inbox/b.txt"]
    assert stubbed.calls == ["read_document", "expand_archive"]


async def test_return_resubmit_approve_closes_the_case(stubbed):
    client = stubbed.client
    doc = await check(stubbed)
    await view_until(client, doc.case_id, lambda v: v.status == "awaiting_review")
    returned = await decide(client, doc.case_id, action="return", login="fc-li", comment="请补填")
    assert returned.status == "returned"
    stubbed.findings = []
    await check(stubbed, "更正.txt")
    view = await view_until(client, doc.case_id, lambda v: v.status == "awaiting_review" and len(v.submissions) == 2)
    assert "diff_submissions" in stubbed.calls and "resubmitted" in [h.action for h in view.history]
    approved = await decide(client, doc.case_id, action="approve", login="fc-li", seq=2)
    assert approved.status == "approved"
    handle = client.get_workflow_handle(doc.case_id, result_type=CaseView)
    final = await asyncio.wait_for(handle.result(), 30)  # the window passes in virtual time
    assert final.status == "approved" and "close_case" in stubbed.calls
    assert (await handle.describe()).status == WorkflowExecutionStatus.COMPLETED
    assert [n.kind for n in stubbed.notices].count("decision") == 2


async def test_reviewer_reminded_then_head_escalated_in_virtual_days(stubbed):
    client = stubbed.client
    doc = await check(stubbed)  # gives the DocumentResult; the case below is started by this client
    sig_case = cases.place(
        load_demo_roster(), cases.ReportedBody("上塘镇", None, "丰城市", stubbed.year), cases.Sender(email=CLERK), document_id="x"
    )
    ref = sig_case.model_copy(update={"case_id": f"timers-{uuid.uuid4().hex[:8]}"})
    handle = await client.start_workflow("CaseWorkflow", ref, id=ref.case_id, task_queue=stubbed.queue)
    await handle.signal("submit", SubmissionSignal(document=doc, case=ref))
    view = await view_until(client, ref.case_id, lambda v: any(h.action == "escalated" for h in v.history), timeout=30)
    actions = [h.action for h in view.history]
    assert actions.count("reminded") == 1 and actions.count("escalated") == 1

    def kinds() -> list[str]:
        return [n.kind for n in stubbed.notices if n.case_id == ref.case_id]

    await view_until(client, ref.case_id, lambda v: "escalation" in kinds())  # mails go out on their own task
    assert kinds().count("reminder") == 1 and kinds().count("escalation") == 1
    assert "record_case_events" in stubbed.calls  # the escalation's audit record
    await handle.terminate("test over")


async def test_mail_down_the_case_still_reaches_review_and_is_decided(stubbed):
    stubbed.mail_down = True
    client = stubbed.client
    doc = await check(stubbed)
    view = await view_until(client, doc.case_id, lambda v: v.status == "awaiting_review")
    decided = await decide(client, doc.case_id, action="return", login="fc-li", comment="请补填")
    assert decided.status == "returned"
    view = await view_until(client, doc.case_id, lambda v: any(h.action == "notice delayed" for h in v.history), timeout=40)
    assert "SMTP connection refused" in next(h.detail for h in view.history if h.action == "notice delayed")
    await client.get_workflow_handle(doc.case_id).terminate("test over")


async def test_a_decision_cannot_be_withdrawn_after_its_window_and_the_clerk_is_told(stubbed):
    client = stubbed.client
    doc = await check(stubbed)
    await view_until(client, doc.case_id, lambda v: v.status == "awaiting_review")
    decided = await decide(client, doc.case_id, action="return", login="fc-li", comment="请补填")
    assert decided.withdrawable_until
    # The 10-minute window passes in virtual time; then the decision mail goes out.
    view = await view_until(client, doc.case_id, lambda v: v.withdrawable_until is None, timeout=30)
    assert view.status == "returned"
    await view_until(client, doc.case_id, lambda v: "decision" in [n.kind for n in stubbed.notices])
    assert "没有可以撤回的决定" in await refusal(client.get_workflow_handle(doc.case_id), "withdraw", Assignment(login="fc-li"))
    await client.get_workflow_handle(doc.case_id).terminate("test over")


async def test_desk_case_is_matched_then_closes(stubbed):
    client = stubbed.client
    ref = cases.place(
        load_demo_roster(),
        cases.ReportedBody("上塘镇", None, "丰城市", stubbed.year),
        cases.Sender(email="stranger@evil.test"),
        document_id="d",
    )
    assert ref.unverified
    doc = await check(stubbed)
    handle = await client.start_workflow("CaseWorkflow", ref, id=f"desk-{uuid.uuid4().hex[:8]}", task_queue=stubbed.queue)
    await handle.signal("submit", SubmissionSignal(document=doc, case=ref))
    await view_until(client, handle.id, lambda v: v.status == "unverified")
    assert "未确认来源" in await refusal(handle, "decide", Decision(action="approve", login="fc-li", comment="x"))
    assert "不是" in await refusal(handle, "match_body", MatchRequest(login="fc-li", body="北大镇"))
    await handle.execute_update("match_body", MatchRequest(login="fc-li", body="上塘镇"), result_type=CaseView)
    final = await asyncio.wait_for(client.get_workflow_handle(handle.id, result_type=CaseView).result(), 30)
    assert final.status == "matched" and final.matched_to == "matched" and "match_submission" in stubbed.calls
