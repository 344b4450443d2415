"""Activities of the case workflow: handing a document to its case, routing, notifications,
the accepted-report store and the case's audit records. Thin adapters: the policy is in
intake.cases and intake.roster, the message texts in intake.notices, the hash chain in
intake.audit_chain."""

from __future__ import annotations

import asyncio

from temporalio import activity
from temporalio.client import Client
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy

from activities.faults import injected_delay
from activities.metrics import NOTICES
from annual_report.model import Report
from intake.cases import UNKNOWN, accepted_key, cell_changes, desk_case
from intake.audit_chain import AuditCursor, make_record
from adapters.audit_store import AuditStore
from adapters.logging import get_logger
from adapters.settings import Settings
from workflows.contracts import (
    AcceptInput,
    CaseAuditInput,
    DiffInput,
    FindingRef,
    NoticeRequest,
    RouteInput,
    SubmissionDiff,
    SubmissionSignal,
)

log = get_logger("activities.cases")


class CaseActivities:
    def __init__(self, settings: Settings, s3, client: Client, roster) -> None:
        self.settings = settings
        self.s3 = s3
        self.client = client
        self.roster = roster
        self.bucket = settings.s3.intake_bucket
        self.audit = AuditStore(s3, settings.s3.audit_bucket)

    # -- which case ---------------------------------------------------------------------

    @activity.defn(name="hand_to_case")
    async def hand_to_case(self, sig: SubmissionSignal) -> str:
        """Signal-with-start: the first document creates its case, later ones join it.
        A retried hand-off delivers the same signal twice; the case ignores the repeat."""
        ref = sig.case
        await self.client.start_workflow(
            "CaseWorkflow",
            ref,
            id=ref.case_id,
            task_queue=self.settings.temporal.task_queue,
            start_signal="submit",
            start_signal_args=[sig],
            id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
            id_reuse_policy=WorkflowIDReusePolicy.ALLOW_DUPLICATE,
            static_summary=f"{ref.organization or UNKNOWN} {ref.year or ''} 年度报告",
            static_details=f"县：{ref.county} · 单位：{ref.full_name or ref.organization} · 截止：{ref.deadline}",
        )
        return ref.case_id

    # -- routing ------------------------------------------------------------------------

    @activity.defn(name="route_case")
    async def route_case(self, inp: RouteInput) -> str:
        ref = inp.case
        if desk_case(ref) and ref.intake_desk:
            return ref.intake_desk
        loads: dict[str, int] = {}
        for r in self.roster.reviewers_of(ref.county):
            query = f"WorkflowType = 'CaseWorkflow' AND IntakeReviewer = '{r.login}' AND IntakeStatus = 'awaiting_review'"
            loads[r.login] = (await self.client.count_workflows(query)).count
        return self.roster.pick_reviewer(ref.county, loads).login

    # -- comparing submissions ----------------------------------------------------------

    @activity.defn(name="diff_submissions")
    async def diff_submissions(self, inp: DiffInput) -> SubmissionDiff:
        before = await self._report(inp.before_report_key)
        after = await self._report(inp.after_report_key)
        changes = cell_changes(before, after) if before and after else []
        key = lambda f: (f.rule, f.where)  # noqa: E731
        before_keys = {key(f) for f in inp.before_findings}
        after_keys = {key(f) for f in inp.after_findings}
        return SubmissionDiff(
            changed_cells=changes,
            fixed=[FindingRef(rule=f.rule, where=f.where, message=f.message) for f in inp.before_findings if key(f) not in after_keys],
            new=[FindingRef(rule=f.rule, where=f.where, message=f.message) for f in inp.after_findings if key(f) not in before_keys],
        )

    # -- the accepted report, next year's baseline ---------------------------------------

    @activity.defn(name="accept_report")
    async def accept_report(self, inp: AcceptInput) -> str:
        ref = inp.case
        body = await self._get(inp.report_key)
        key = accepted_key(ref.county, ref.organization, ref.year or 0)
        await asyncio.to_thread(
            self.s3.put_object, Bucket=self.bucket, Key=key, Body=body, ContentType="application/json"
        )
        return key

    # -- notifications ------------------------------------------------------------------

    @activity.defn(name="send_notice")
    async def send_notice(self, req: NoticeRequest) -> bool:
        from activities.notices import build_and_send

        await injected_delay(self.settings.worker.fault_delay)
        to = [self._address(a) for a in req.to]
        to = [a for a in to if a]
        if not to:
            log.warning("notice without a recipient", kind=req.kind, case_id=req.case_id)
            return False
        sent = await build_and_send(self.settings, self.s3, self.roster, req, to, self._case_url(req.case_id))
        NOTICES.labels(req.kind, "sent" if sent else "already_sent").inc()
        return sent

    def _address(self, target: str) -> str | None:
        if target.startswith("login:"):
            user = self.roster.user(target[len("login:") :])
            return user.email if user else None
        return target

    # -- the case's audit chain ----------------------------------------------------------

    @activity.defn(name="audit_chain_head")
    async def audit_chain_head(self, case_id: str) -> AuditCursor:
        """Where the case's chain stands: a case reopened in a new run continues its chain."""
        records = await asyncio.to_thread(self.audit.read_chain, case_id)
        if not records:
            return AuditCursor(chain=case_id)
        last = records[-1]
        return AuditCursor(chain=case_id, seq=last.seq, prev_hash=last.hash)

    @activity.defn(name="audit_case_event")
    async def audit_case_event(self, inp: CaseAuditInput) -> str:
        info = activity.info()
        record = make_record(
            AuditCursor(chain=inp.case_id, seq=inp.seq, prev_hash=inp.prev_hash),
            stage=inp.stage,
            actor=inp.actor,
            at=inp.at,
            input=inp.payload or None,
            output=inp.detail,
            detail=inp.detail,
            activity={
                "workflow_id": info.workflow_id,
                "run_id": info.workflow_run_id,
                "activity_type": info.activity_type,
                "attempt": info.attempt,
            },
        )
        return await asyncio.to_thread(self.audit.append, record)

    # -- plumbing -----------------------------------------------------------------------

    def _case_url(self, case_id: str) -> str:
        return f"{self._web_base()}/cases/{case_id}"

    def _web_base(self) -> str:
        w = self.settings.web
        return w.base_url or f"http://{w.host}:{w.port}"

    async def _get(self, key: str) -> bytes:
        resp = await asyncio.to_thread(self.s3.get_object, Bucket=self.bucket, Key=key)
        return await asyncio.to_thread(resp["Body"].read)

    async def _report(self, key: str | None) -> Report | None:
        if not key:
            return None
        return Report.model_validate_json(await self._get(key))
