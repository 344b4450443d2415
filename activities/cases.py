"""Activities of the case workflow: the roster, routing, notifications, the accepted-report
store and the case's audit records. Thin adapters: the decisions are in the roster module,
the message texts in intake.mail, the hash chain in intake.audit."""

from __future__ import annotations

import asyncio
import json
from datetime import date

from temporalio import activity
from temporalio.client import Client
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy

from activities.faults import injected_delay
from activities.metrics import NOTICES
from annual_report.model import Report
from intake.audit import AuditCursor, AuditStore, make_record
from intake.logging import get_logger
from intake.settings import Settings
from workflows.case_models import (
    AcceptInput,
    CaseAuditInput,
    CaseRef,
    CellChange,
    DiffInput,
    FindingRef,
    NoticeRequest,
    RouteInput,
    SubmissionDiff,
    SubmissionSignal,
)
from workflows.models import ResolveInput

log = get_logger("activities.cases")
ACCEPTED_PREFIX = "accepted/"
UNKNOWN = "未识别"


def case_id_for(county: str | None, organization: str | None, year: int | None) -> str:
    """One case per reporting body and year: readable in the Temporal UI and the CLI."""
    return f"case-{year or UNKNOWN}-{county or UNKNOWN}-{organization or UNKNOWN}"


def accepted_key(county: str | None, organization: str | None, year: int) -> str:
    return f"{ACCEPTED_PREFIX}{county or UNKNOWN}/{organization or UNKNOWN}/{year}.json"


class CaseActivities:
    def __init__(self, settings: Settings, s3, client: Client, roster) -> None:
        self.settings = settings
        self.s3 = s3
        self.client = client
        self.roster = roster
        self.bucket = settings.s3.intake_bucket
        self.audit = AuditStore(s3, settings.s3.audit_bucket)

    # -- which case ---------------------------------------------------------------------

    @activity.defn(name="resolve_case")
    async def resolve_case(self, inp: ResolveInput) -> CaseRef:
        s, facts = inp.summary, inp.facts
        body = self.roster.find_body(s.organization, s.parent, facts.submitter_email)
        senders_body = self.roster.body_for_email(facts.submitter_email)
        mismatch = senders_body is not None and body is not None and senders_body.name != body.name
        # The body's county, else the county the report names, else the sender's, else the
        # roster's default: a body not in the roster still lands on a county's intake desk.
        county = self.roster.county_for(parent=s.parent, sender_email=facts.submitter_email, body=body)
        county_name = county.name
        if body is not None:
            organization, full_name, known = body.name, body.official_name, True
        else:
            organization, full_name, known = s.organization, s.full_name, False
        deciders = [r.login for r in self.roster.reviewers_of(county_name, role=None)]
        head = self.roster.head_of(county_name)
        previous_key = None
        if s.year:
            key = accepted_key(county_name, organization, s.year - 1)
            if await asyncio.to_thread(self._exists, key):
                previous_key = key
        deadline = self.roster.deadline(s.year).isoformat() if s.year else None
        # A report whose body or year could not be read must not merge with another such
        # report, nor may a clerk of one body add to another body's case: either gets a
        # case of its own, named after its document, on the intake desk.
        if facts.case_hint and facts.channel == "web" and facts.case_hint.startswith("case-"):
            # A corrected file uploaded on a returned case's page: the web app checked that
            # the clerk may resubmit to that case, so it joins it even if this version's
            # title or year could not be read.
            case_id = facts.case_hint
        elif organization and s.year and not mismatch:
            case_id = case_id_for(county_name, organization, s.year)
        else:
            case_id = f"case-{activity.info().workflow_id}"
        return CaseRef(
            case_id=case_id,
            organization=organization,
            full_name=full_name,
            county=county_name,
            year=s.year,
            known_body=known,
            sender_body=senders_body.name if mismatch else None,
            deciders=deciders,
            head=head.login if head else None,
            intake_desk=self.roster.intake_desk(county_name).login,
            clerk_emails=list(body.clerk_emails) if body else [],
            reminder_after_s=int(county.reminder_period.total_seconds()),
            escalate_after_s=int(county.escalation_period.total_seconds()),
            clerk_reminder_before_s=int(county.clerk_reminder_before.total_seconds()),
            deadline=deadline,
            previous_report_key=previous_key,
            web_base=self._web_base(),
            temporal_ui=self.settings.temporal.ui,
        )

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
        if (not ref.known_body or ref.sender_body) and ref.intake_desk:
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
        changes = _cell_changes(before, after) if before and after else []
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
        from intake.notices import build_and_send

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

    def _exists(self, key: str) -> bool:
        try:
            self.s3.head_object(Bucket=self.bucket, Key=key)
            return True
        except self.s3.exceptions.ClientError:
            return False

    async def _get(self, key: str) -> bytes:
        resp = await asyncio.to_thread(self.s3.get_object, Bucket=self.bucket, Key=key)
        return await asyncio.to_thread(resp["Body"].read)

    async def _report(self, key: str | None) -> Report | None:
        if not key:
            return None
        return Report.model_validate_json(await self._get(key))


def _cell_changes(before: Report, after: Report) -> list[CellChange]:
    out: list[CellChange] = []
    for table in ("active_disclosure", "applications", "appeals"):
        a = getattr(before.tables, table) or {}
        b = getattr(after.tables, table) or {}
        for row in sorted(set(a) | set(b)):
            ca, cb = _as_dict(a.get(row)), _as_dict(b.get(row))
            for col in sorted(set(ca) | set(cb), key=str):
                va, vb = ca.get(col), cb.get(col)
                if va != vb:
                    out.append(CellChange(table=table, row=row, column=str(col), before=va, after=vb))
    return out


def _as_dict(cells) -> dict:
    if cells is None:
        return {}
    items = cells.items() if isinstance(cells, dict) else enumerate(cells)
    return {k: (json.dumps(c.value, default=str) if c.value is not None else None) for k, c in items}


def deadline_passed(deadline: str | None, today: date) -> bool:
    return bool(deadline) and date.fromisoformat(deadline) < today
