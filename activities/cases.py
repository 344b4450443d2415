"""Activities of the case workflow. Thin adapters: the policy is in intake.cases and
intake.roster, the message texts in intake.notices, the hash chain in intake.audit_chain.

Round trips are few on purpose (issue 17): taking a submission is one activity
(`route_case`: the chain head, the submission's audit record, routing and its record), the
mails of a step are one activity (`send_notices`), and each activity writes the audit
records of what it did.
"""

from __future__ import annotations

import asyncio

from botocore.exceptions import ClientError
from temporalio import activity
from temporalio.client import Client
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.exceptions import ApplicationError

from activities.audit import chain_head, record_stage
from activities.faults import injected_delay
from activities.metrics import NOTICES
from adapters.audit_store import AuditStore
from adapters.logging import get_logger
from adapters.settings import Settings
from adapters.temporal import set_priority
from annual_report.model import Finding, Report
from intake import cases
from intake.audit_chain import AuditCursor
from intake.cases import UNKNOWN, accepted_key, cell_changes, desk_case
from intake.notices import address_problem
from workflows.contracts import (
    CaseEventsInput,
    CaseView,
    CloseInput,
    DiffInput,
    FindingRef,
    MatchInput,
    MatchOutput,
    NoticeOutcome,
    NoticeRequest,
    RouteInput,
    RouteOutput,
    SubmissionDiff,
    SubmissionSignal,
)
from workflows.start_document import FIRST_SUBMISSION

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
        """Signal-with-start: the first document creates its case, later ones join it, and a
        document for a closed case starts its next run. A retried hand-off delivers the same
        signal twice; the case ignores the repeat."""
        return await self._hand(sig)

    async def _hand(self, sig: SubmissionSignal) -> str:
        ref = sig.case
        # The case runs at its document's priority and fairness key (issue 17): started with
        # it, and a resubmission (keys 1–2: near the deadline first) raises a running case to it.
        priority = activity.info().priority
        await self.client.start_workflow(
            "CaseWorkflow",
            ref,
            id=ref.case_id,
            task_queue=self.settings.temporal.task_queue,
            start_signal="submit",
            start_signal_args=[sig],
            id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
            id_reuse_policy=WorkflowIDReusePolicy.ALLOW_DUPLICATE,
            static_summary=f"{ref.organization or UNKNOWN} {ref.year or ''} 年度报告" + ("（待确认来源）" if ref.unverified else ""),
            static_details=f"县：{ref.county} · 单位：{ref.full_name or ref.organization} · 截止：{ref.deadline}",
            priority=priority,
        )
        if priority.priority_key is not None and priority.priority_key < FIRST_SUBMISSION:
            await set_priority(self.client, ref.case_id, priority)
        return ref.case_id

    # -- taking a submission: audit, routing -----------------------------------------------

    @activity.defn(name="route_case")
    async def route_case(self, inp: RouteInput) -> RouteOutput:
        """The submission's audit record and, when the case has nobody assigned, routing
        (least-loaded reviewer of the county; the intake desk for an unverified submission)
        and its record. The first activity of a run also finds where the case's chain stands
        and the state of the case's last closed run (a reopened case continues it)."""
        ref, sub = inp.case, inp.submission
        cursor, previous = inp.cursor, None
        if cursor is None:
            cursor = await self._head_before(ref.case_id, sub.document_id)
            previous = await self._closed_view(ref.case_id)
        seq = sub.seq + (len(previous.submissions) if previous else 0)
        reviewer = inp.reviewer or (previous.reviewer if previous else None)
        routed = reviewer is None and inp.route
        if routed:
            reviewer = await self._pick(ref, inp.exclude)
        cursor = await record_stage(
            self.audit,
            cursor,
            stage="submission",
            actor=inp.actor,
            at=sub.received_at,
            detail={
                "seq": seq,
                "sha256": sub.sha256,
                "document": sub.document_id,
                "matched_by": sub.matched_by,
                "unverified": ref.unverified,
                "reason": ref.unverified_reason,
            },
        )
        if routed:
            cursor = await record_stage(
                self.audit, cursor, stage="route", actor="system:router", at=sub.received_at, detail={"reviewer": reviewer}
            )
        return RouteOutput(
            reviewer=reviewer, routed=routed, cursor=cursor, previous=previous, withdraw_window_s=self.settings.decision_withdraw_window_s
        )

    async def _pick(self, ref, exclude: list[str]) -> str:
        if desk_case(ref):
            return ref.intake_desk
        loads: dict[str, int] = {}
        for r in self.roster.reviewers_of(ref.county):
            query = f"WorkflowType = 'CaseWorkflow' AND IntakeReviewer = '{r.login}' AND IntakeStatus = 'awaiting_review'"
            loads[r.login] = (await self.client.count_workflows(query)).count + (10**6 if r.login in exclude else 0)
        return self.roster.pick_reviewer(ref.county, loads).login

    async def _head_before(self, chain: str, document_id: str) -> AuditCursor:
        """The chain's head, or, when a previous attempt of this activity already wrote this
        submission's record, the position before it (so the retry rewrites, idempotently)."""
        records = await asyncio.to_thread(self.audit.read_chain, chain)
        for i, r in enumerate(records):
            if r.stage == "submission" and r.detail.get("document") == document_id:
                if i == 0:
                    return AuditCursor(chain=chain)
                return AuditCursor(chain=chain, seq=records[i - 1].seq, prev_hash=records[i - 1].hash)
        return await chain_head(self.audit, chain)

    # -- the case's other audit records ---------------------------------------------------

    @activity.defn(name="record_case_events")
    async def record_case_events(self, inp: CaseEventsInput) -> AuditCursor:
        """Decisions, withdrawals, claims, escalations: written in order, one round trip."""
        cursor = inp.cursor or await chain_head(self.audit, inp.chain)
        for e in inp.events:
            cursor = await record_stage(self.audit, cursor, stage=e.stage, actor=e.actor, at=e.at, detail=e.detail)
        return cursor

    # -- comparing submissions ----------------------------------------------------------

    @activity.defn(name="diff_submissions")
    async def diff_submissions(self, inp: DiffInput) -> SubmissionDiff:
        before = await self._report(inp.before_report_key)
        after = await self._report(inp.after_report_key)
        changes = cell_changes(before, after) if before and after else []
        before_keys = {_identity(f) for f in inp.before_findings}
        after_keys = {_identity(f) for f in inp.after_findings}
        return SubmissionDiff(
            changed_cells=changes,
            fixed=[
                FindingRef(rule=f.rule, where=f.where, message=f.message) for f in inp.before_findings if _identity(f) not in after_keys
            ],
            new=[FindingRef(rule=f.rule, where=f.where, message=f.message) for f in inp.after_findings if _identity(f) not in before_keys],
        )

    # -- a decided case closes --------------------------------------------------------------

    @activity.defn(name="close_case")
    async def close_case(self, inp: CloseInput) -> str | None:
        """The accepted report becomes next year's baseline (approve); the case's state is
        kept, so a correction that arrives after the case closed reopens it with its history."""
        ref = inp.case
        accepted = None
        if inp.report_key:
            accepted = accepted_key(ref.county, ref.organization, ref.year or 0)
            await self._put(accepted, await self._get(inp.report_key))
        await self._put(self._closed_key(ref.case_id), inp.view.model_dump_json().encode())
        return accepted

    async def _closed_view(self, case_id: str) -> CaseView | None:
        try:
            return CaseView.model_validate_json(await self._get(self._closed_key(case_id)))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                return None
            raise

    def _closed_key(self, case_id: str) -> str:
        return f"{self.settings.s3.results_prefix}cases/{case_id}/closed.json"

    # -- the intake desk matches an unverified submission ------------------------------------

    @activity.defn(name="match_submission")
    async def match_submission(self, inp: MatchInput) -> MatchOutput:
        """Hand an unverified submission to the official case of the body the reviewer named,
        with an audit record on the desk's chain saying who matched it to which case."""
        req = inp.request
        year = req.year or (inp.document.summary.year if inp.document.summary else None)
        try:
            ref = cases.place_body(self.roster, req.body, inp.county, year or 0)
        except KeyError as exc:
            raise ApplicationError(str(exc), type="UnknownBody", non_retryable=True) from exc
        web = self.settings.web
        ref.web_base = web.base_url or f"http://{web.host}:{web.port}"
        cursor = await record_stage(
            self.audit,
            inp.cursor,
            stage="matched",
            actor=f"reviewer:{req.login}",
            at=inp.at,
            detail={"body": req.body, "year": year, "case": ref.case_id, "document": inp.document.workflow_id},
        )
        await self._hand(SubmissionSignal(document=inp.document, case=ref, matched_by=req.login))
        return MatchOutput(case_id=ref.case_id, cursor=cursor)

    # -- notifications ------------------------------------------------------------------

    @activity.defn(name="send_notices")
    async def send_notices(self, notices: list[NoticeRequest]) -> list[NoticeOutcome]:
        """The mails of one step, each sent once (claimed by its own key). A notice that
        cannot be addressed is not sent and is reported back; a send that fails is retried
        (the activity raises after trying the others, which are not sent twice)."""
        await injected_delay(self.settings.worker.fault_delay)
        outcomes: list[NoticeOutcome] = []
        failures: list[str] = []
        for req in notices:
            try:
                outcomes.append(await self._send(req))
            except Exception as exc:
                failures.append(f"{req.kind}: {type(exc).__name__}: {exc}")
        if failures:
            raise ApplicationError("；".join(failures), type="NoticeFailed")
        return outcomes

    @activity.defn(name="send_notice")
    async def send_notice(self, req: NoticeRequest) -> bool:
        """One notice (a document that was not accepted); an unaddressable one is skipped."""
        await injected_delay(self.settings.worker.fault_delay)
        return (await self._send(req)).state == "sent"

    async def _send(self, req: NoticeRequest) -> NoticeOutcome:
        from activities.notices import build_and_send

        to: list[str] = []
        problems: list[str] = []
        for target in req.to:
            address = self._address(target)
            problem = address_problem(address)
            if problem or address is None:  # None (a login the roster does not know) has a problem too
                problems.append(f"{_shown(target)}：{problem}")
            else:
                to.append(address)
        if not to:
            log.warning("notice cannot be addressed", kind=req.kind, case_id=req.case_id, problems=problems)
            NOTICES.labels(req.kind, "unaddressable").inc()
            return NoticeOutcome(key=req.key, kind=req.kind, state="unaddressable", detail="；".join(problems))
        sent = await build_and_send(self.settings, self.s3, self.roster, req, to, self._case_url(req.case_id))
        NOTICES.labels(req.kind, "sent" if sent else "already_sent").inc()
        return NoticeOutcome(key=req.key, kind=req.kind, state="sent" if sent else "already_sent", detail="；".join(problems))

    def _address(self, target: str) -> str | None:
        if target.startswith("login:"):
            user = self.roster.user(target[len("login:") :])
            return user.email if user else None
        return target

    # -- plumbing -----------------------------------------------------------------------

    def _case_url(self, case_id: str) -> str:
        w = self.settings.web
        return f"{w.base_url or f'http://{w.host}:{w.port}'}/cases/{case_id}"

    async def _get(self, key: str) -> bytes:
        resp = await asyncio.to_thread(self.s3.get_object, Bucket=self.bucket, Key=key)
        return await asyncio.to_thread(resp["Body"].read)

    async def _put(self, key: str, body: bytes) -> None:
        await asyncio.to_thread(self.s3.put_object, Bucket=self.bucket, Key=key, Body=body, ContentType="application/json")

    async def _report(self, key: str | None) -> Report | None:
        if not key:
            return None
        return Report.model_validate_json(await self._get(key))


def _shown(target: str | None) -> str:
    """An address as it may appear in the case history: printable, bounded."""
    text = repr(target) if target and any(ord(c) < 32 for c in target) else (target or "（空）")
    return text[:120]


def _identity(f: Finding) -> tuple[str, str]:
    """A finding is the same across two submissions when its rule and place are."""
    return (f.rule, f.where)
