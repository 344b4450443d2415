"""The case workflow: one reporting body's report for one year, from receipt to decision.

    receipt → checked → routed → awaiting_review → decision
                                     ↑                 │ return (comment)
                                     └── resubmitted ←─┘
                                                       approve / reject → done

Submissions arrive as signals from document workflows (signal-with-start, so the first one
creates the case). Reviewers decide through a Workflow Update whose validator refuses,
before anything enters history, a login that may not decide this case or a case that is
not awaiting review. Durable timers remind the reviewer, escalate to the county head, and
remind the clerk of a returned case before the deadline.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError

with workflow.unsafe.imports_passed_through():
    from activities.cases import CaseActivities
    from intake.audit_chain import AuditCursor
    from intake.statuses import DECIDED, Status, label
    from workflows import search_attributes as sa
    from workflows.contracts import (
        AcceptInput,
        CaseAuditInput,
        CaseRef,
        CaseView,
        Decision,
        DiffInput,
        HistoryEntry,
        NoticeRequest,
        RouteInput,
        Submission,
        SubmissionDiff,
        SubmissionSignal,
    )

RETRY = RetryPolicy(initial_interval=timedelta(seconds=1), maximum_interval=timedelta(minutes=1), maximum_attempts=20)
SHORT = timedelta(seconds=30)
MAIL = timedelta(minutes=2)
# Mail is retried for a day (an SMTP relay can be down for hours), then given up and noted.
MAIL_RETRY = RetryPolicy(initial_interval=timedelta(seconds=5), maximum_interval=timedelta(minutes=10), maximum_attempts=0)
MAIL_GIVE_UP = timedelta(days=1)
# A worker that dies while sending is noticed after this long and the notice is retried
# elsewhere; sending itself (SMTP timeout 30 s) stays well inside it.
MAIL_HEARTBEAT = timedelta(seconds=40)

ACTION_STATUS = {"approve": Status.APPROVED, "return": Status.RETURNED, "reject": Status.REJECTED}
ACTION_ZH = {"approve": "通过", "return": "退回修改", "reject": "不予受理"}


@workflow.defn(name="CaseWorkflow")
class CaseWorkflow:
    def __init__(self) -> None:
        self.ref: CaseRef | None = None
        self.status: Status = Status.RECEIVED
        self.reviewer: str | None = None
        self.submissions: list[Submission] = []
        self.history: list[HistoryEntry] = []
        self.inbox: list[SubmissionSignal] = []
        self.pending: Decision | None = None
        self.decision: Decision | None = None
        self.decisions_done = 0
        self.awaiting_since: datetime | None = None
        self.reminded = False
        self.escalated = False
        self.clerk_reminded = False
        self.cursor: AuditCursor | None = None
        self.generation = 0

    # -- the job, top to bottom -------------------------------------------------------

    @workflow.run
    async def run(self, ref: CaseRef) -> CaseView:
        self.ref = ref
        # One audit chain per case, even across runs (a case reopened after it closed).
        self.cursor = await workflow.execute_activity_method(
            CaseActivities.audit_chain_head, ref.case_id, start_to_close_timeout=SHORT, retry_policy=RETRY,
            summary="审计链当前位置",
        )
        self.generation = self.cursor.seq
        while True:
            if self.pending:
                # A decision applies to the submission the reviewer saw: before any newer one.
                await self._apply_decision(self.pending)
            elif self.inbox:
                await self._take_submission(self.inbox.pop(0))
            elif self.status in DECIDED:
                # Decided. A corrected report may still come (e.g. after a rejection): it
                # reopens the case. After the window the case closes for good.
                try:
                    await workflow.wait_condition(lambda: bool(self.inbox), timeout=timedelta(seconds=ref.reopen_window_s))
                except TimeoutError:
                    return self.view()
            else:
                await self._wait_or_remind()

    async def _take_submission(self, sig: SubmissionSignal) -> None:
        doc = sig.document
        if any(s.document_id == doc.workflow_id for s in self.submissions):
            return  # a retried hand-off: already taken
        facts = doc.facts
        assert facts is not None
        # Synchronously, before any activity: the reviewer cannot decide on a version that is
        # being replaced (the decide validator requires awaiting_review).
        reopened = self.status in DECIDED
        self.status = Status.CHECKING
        self.decision = None if reopened else self.decision
        sub = Submission(
            seq=len(self.submissions) + 1,
            document_id=doc.workflow_id,
            object_key=facts.key,
            sha256=facts.sha256,
            original_name=facts.original_name,
            submitter_email=facts.submitter_email,
            submitter_name=facts.submitter_name,
            auto_submitted=facts.auto_submitted,
            received_at=self._now(),
            classification=doc.classification,
            findings=doc.findings,
            errors=doc.errors,
            warnings=doc.warnings,
            report_key=doc.report_key,
            check_key=doc.check_key,
        )
        previous = self.submissions[-1] if self.submissions else None
        self.submissions.append(sub)
        resubmitted = previous is not None
        action = "reopened" if reopened else ("resubmitted" if resubmitted else "submitted")
        self._log(facts.submitter_email or "unknown", action, facts.original_name or facts.key)
        await self._audit(
            "submission", f"clerk:{facts.submitter_email or 'unknown'}", {"seq": sub.seq, "sha256": sub.sha256, "document": sub.document_id}
        )

        # Receipt, then the findings, to whoever sent it.
        to = [facts.submitter_email] if facts.submitter_email and not facts.auto_submitted else []
        await self._notify("receipt", to, {"submission": sub.seq, "file": sub.original_name, "received_at": sub.received_at})
        await self._notify("findings", to, {"submission": sub.seq, "findings": [f.model_dump() for f in sub.findings]})

        if resubmitted:
            sub.diff = await workflow.execute_activity_method(
                CaseActivities.diff_submissions,
                DiffInput(
                    before_report_key=previous.report_key,
                    after_report_key=sub.report_key,
                    before_findings=previous.findings,
                    after_findings=sub.findings,
                ),
                start_to_close_timeout=timedelta(minutes=1),
                retry_policy=RETRY,
                summary="与上次提交比较",
            )
            self._log("system", "compared", f"{len(sub.diff.changed_cells)} 个单元格变化，修正 {len(sub.diff.fixed)} 项，新增 {len(sub.diff.new)} 项")

        if self.reviewer is None:
            self.reviewer = await workflow.execute_activity_method(
                CaseActivities.route_case,
                RouteInput(case=self.ref),
                start_to_close_timeout=SHORT,
                retry_policy=RETRY,
                summary="分派给县级审核人",
            )
            self._log("system", "routed", self.reviewer)
            await self._audit("route", "system:router", {"reviewer": self.reviewer})
        await self._notify(
            "assigned",
            [self._login_email(self.reviewer)],
            {
                "submission": sub.seq,
                "resubmitted": resubmitted,
                "errors": sub.errors,
                "warnings": sub.warnings,
                "infos": sum(1 for f in sub.findings if f.severity == "info"),
            },
        )
        self._await_review()

    async def _apply_decision(self, d: Decision) -> None:
        """The side effects of a decision the update handler already recorded."""
        self.pending = None
        self._log(d.login, d.action, d.comment or "")
        await self._audit("decision", f"reviewer:{d.login}", d.model_dump())
        latest = self.submissions[-1]
        if d.action == "approve" and latest.report_key:
            # The accepted report becomes next year's baseline for the cross-year rules.
            await workflow.execute_activity_method(
                CaseActivities.accept_report,
                AcceptInput(case=self.ref, report_key=latest.report_key),
                start_to_close_timeout=SHORT,
                retry_policy=RETRY,
                summary="保存为本年度已受理报告",
            )
        await self._notify(
            "decision",
            self._clerk_addresses(),
            {"action": d.action, "comment": d.comment, "reviewer": d.login, "submission": latest.seq},
            suffix=str(self.decisions_done + 1),
        )
        self.clerk_reminded = False
        self.decisions_done += 1
        self._upsert()

    async def _wait_or_remind(self) -> None:
        timeout, due = self._next_timer()
        try:
            await workflow.wait_condition(lambda: bool(self.inbox or self.pending), timeout=timeout)
            return  # new work arrived before the timer
        except TimeoutError:
            pass  # the timer fired: remind or escalate below
        if due == "reminder":
            self.reminded = True
            await self._notify("reminder", [self._login_email(self.reviewer)], {"waiting_days": self._waiting_days()})
            self._log("system", "reminded", self.reviewer or "")
        elif due == "escalation":
            self.escalated = True
            head = self.ref.head or self.ref.intake_desk
            await self._notify("escalation", [self._login_email(head)], {"reviewer": self.reviewer, "waiting_days": self._waiting_days()})
            self._log("system", "escalated", head or "")
            await self._audit("escalation", "system:timer", {"head": head, "reviewer": self.reviewer})
        elif due == "clerk_reminder":
            self.clerk_reminded = True
            await self._notify("clerk_reminder", self._clerk_addresses(), {"deadline": self.ref.deadline}, suffix=str(self.decisions_done))
            self._log("system", "clerk reminded", self.ref.deadline or "")

    # -- reviewer decisions -------------------------------------------------------------

    @workflow.update
    def decide(self, d: Decision) -> CaseView:
        # Recorded at once; the audit record, the accepted report and the mails follow in
        # the main loop, so a slow mail server never keeps the reviewer waiting.
        self.pending = d
        self.decision = d
        self.status = ACTION_STATUS[d.action]
        self._upsert()
        return self.view()

    @decide.validator
    def _validate_decide(self, d: Decision) -> None:
        county = self.ref.county if self.ref else None
        if not self.ref or d.login not in self.ref.deciders:
            raise ValueError(f"{d.login} 不是{county or '该县'}的审核人，无权处理案件 {self.ref.case_id if self.ref else ''}")
        if self.status != Status.AWAITING_REVIEW or self.pending is not None:
            raise ValueError(f"案件当前状态为“{label(self.status)}”，不在待审核状态，不能{ACTION_ZH[d.action]}")
        latest = self.submissions[-1].seq if self.submissions else 0
        if d.seq is not None and d.seq != latest:
            raise ValueError(f"您审核的是第 {d.seq} 次提交，但报送单位已提交第 {latest} 次，请先查看最新版本")
        if d.action == "return" and not (d.comment or "").strip():
            raise ValueError("退回修改必须填写意见，告诉报送单位要改什么")
        if d.action == "reject" and not (d.comment or "").strip():
            raise ValueError("不予受理必须填写理由")

    # -- submissions arrive -------------------------------------------------------------

    @workflow.signal
    def submit(self, sig: SubmissionSignal) -> None:
        if any(s.document.workflow_id == sig.document.workflow_id for s in self.inbox):
            return
        self.inbox.append(sig)

    @workflow.query
    def view(self) -> CaseView:
        ref = self.ref
        return CaseView(
            case_id=ref.case_id if ref else workflow.info().workflow_id,
            organization=ref.organization if ref else None,
            county=ref.county if ref else None,
            year=ref.year if ref else None,
            status=self.status,
            reviewer=self.reviewer,
            deadline=ref.deadline if ref else None,
            known_body=ref.known_body if ref else True,
            submissions=self.submissions,
            history=self.history,
            awaiting_since=self.awaiting_since.isoformat() if self.awaiting_since else None,
            decision=self.decision,
        )

    # -- helpers ------------------------------------------------------------------------

    def _await_review(self) -> None:
        self.status = Status.AWAITING_REVIEW
        self.awaiting_since = workflow.now()
        self.reminded = self.escalated = False
        self._upsert()

    def _next_timer(self) -> tuple[timedelta | None, str | None]:
        now = workflow.now()
        ref = self.ref
        if self.status == Status.AWAITING_REVIEW and self.awaiting_since:
            if not self.reminded:
                return _until(self.awaiting_since + timedelta(seconds=ref.reminder_after_s), now), "reminder"
            if not self.escalated:
                return _until(self.awaiting_since + timedelta(seconds=ref.escalate_after_s), now), "escalation"
        if self.status == Status.RETURNED and ref.deadline and not self.clerk_reminded:
            due = datetime.combine(date.fromisoformat(ref.deadline), datetime.min.time(), tzinfo=now.tzinfo)
            remind_at = due - timedelta(seconds=ref.clerk_reminder_before_s)
            if remind_at > now:
                return remind_at - now, "clerk_reminder"
        return None, None

    def _waiting_days(self) -> int:
        return (workflow.now() - self.awaiting_since).days if self.awaiting_since else 0

    def _clerk_addresses(self) -> list[str]:
        seen = [s.submitter_email for s in self.submissions if s.submitter_email and not s.auto_submitted]
        latest = seen[-1:] if seen else []
        return list(dict.fromkeys(latest + list(self.ref.clerk_emails)))

    def _login_email(self, login: str | None) -> str:
        # Logins resolve to addresses in the notify activity (the roster lives outside the
        # workflow); "login:" marks what to resolve.
        return f"login:{login}" if login else "login:admin"

    async def _notify(self, kind: str, to: list[str], data: dict, suffix: str = "") -> None:
        if not to:
            return
        latest = self.submissions[-1] if self.submissions else None
        # The audit seq at case start tells runs of the same case apart (a case reopened
        # after it closed starts a new run; its notices must not collide with the old ones).
        key = f"{self.ref.case_id}/{self.generation}/{latest.seq if latest else 0}/{kind}{('/' + suffix) if suffix else ''}"
        context = {
            "organization": self.ref.organization,
            "year": self.ref.year,
            "county": self.ref.county,
            "known_body": self.ref.known_body,
            "reviewer": self.reviewer,
            "deadline": self.ref.deadline,
            "file": latest.original_name if latest else None,
            "waiting_since": self.awaiting_since.isoformat() if self.awaiting_since else None,
            "comment": self.decision.comment if self.decision else None,
        }
        try:
            await workflow.execute_activity_method(
                CaseActivities.send_notice,
                NoticeRequest(key=key, kind=kind, to=to, case_id=self.ref.case_id, at=self._now(), data={**context, **data}),
                start_to_close_timeout=MAIL,
                schedule_to_close_timeout=MAIL_GIVE_UP,
                heartbeat_timeout=MAIL_HEARTBEAT,
                retry_policy=MAIL_RETRY,
                summary=f"邮件：{kind}",
            )
        except ActivityError as err:
            # A mail server down for a day must not end the case: note it and go on.
            self._log("system", "notice failed", f"{kind}: {err.cause or err}")

    async def _audit(self, stage: str, actor: str, detail: dict) -> None:
        new_hash: str = await workflow.execute_activity_method(
            CaseActivities.audit_case_event,
            CaseAuditInput(
                case_id=self.ref.case_id,
                seq=self.cursor.seq,
                prev_hash=self.cursor.prev_hash,
                stage=stage,
                actor=actor,
                at=self._now(),
                detail=detail,
            ),
            start_to_close_timeout=SHORT,
            retry_policy=RETRY,
            summary=f"审计记录：{stage}",
        )
        self.cursor = self.cursor.advance(new_hash)

    def _log(self, actor: str, action: str, detail: str) -> None:
        self.history.append(HistoryEntry(at=self._now(), actor=actor, action=action, detail=detail))
        self._details()

    def _upsert(self) -> None:
        ref = self.ref
        latest = self.submissions[-1] if self.submissions else None
        workflow.upsert_search_attributes(
            [
                sa.STATUS.value_set(self.status),
                *([sa.ORGANIZATION.value_set(ref.organization)] if ref.organization else []),
                *([sa.COUNTY.value_set(ref.county)] if ref.county else []),
                *([sa.YEAR.value_set(ref.year)] if ref.year else []),
                *([sa.REVIEWER.value_set(self.reviewer)] if self.reviewer else []),
                *([sa.ERRORS.value_set(latest.errors), sa.WARNINGS.value_set(latest.warnings)] if latest else []),
                *([sa.SUBMITTER.value_set(latest.submitter_email)] if latest and latest.submitter_email else []),
                *(
                    [sa.TEMPLATE.value_set(latest.classification.template)]
                    if latest and latest.classification and latest.classification.template
                    else []
                ),
            ]
        )
        self._details()

    def _details(self) -> None:
        ref = self.ref
        if ref is None:
            return
        lines = [
            f"### {ref.organization or '未识别单位'} {ref.year or ''} 年度报告",
            f"- 状态：**{label(self.status)}**",
            f"- 县：{ref.county or '未知'} · 审核人：{self.reviewer or '未分派'}",
            f"- 提交次数：{len(self.submissions)}",
        ]
        if self.submissions:
            s = self.submissions[-1]
            lines.append(f"- 最新提交：`{s.original_name}` · {s.errors} 个错误 · {s.warnings} 个警告")
        lines += [f"- {h.at[:16]} {h.actor} {h.action} {h.detail}" for h in self.history[-6:]]
        workflow.set_current_details("\n".join(lines))

    def _now(self) -> str:
        return workflow.now().isoformat(timespec="milliseconds")


def _until(when: datetime, now: datetime) -> timedelta:
    return max(when - now, timedelta(seconds=1))
