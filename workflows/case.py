"""The case workflow: one reporting body's report for one year, from receipt to decision.

    submission → routed → awaiting_review → decision (withdrawable for a few minutes)
                                ↑                 │ return (comment)
                                └── resubmitted ←─┘
                                                  approve / reject → closed
    unverified submission → intake desk → matched to a body's case / dismissed → closed

Submissions arrive as signals from document workflows (signal-with-start, so the first one
creates the case, and a correction after the case closed starts its next run, which restores
the closed run's state and continues its audit chain). Taking a submission is one activity
(audit + routing); the case is awaiting review right after it. Mails never hold the case: they
are sent by their own tasks while the case goes on, and a mail that fails or cannot be
addressed is noted in the history. Reviewers act through Workflow Updates whose validators
refuse, before anything enters history, whoever may not act.
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.cases import CaseActivities
    from intake import assignment
    from intake.reminders import STATE_ZH
    from intake.statuses import DECIDED, Status, label
    from workflows.case_desk import CaseDesk
    from workflows.case_state import RETRY, SHORT
    from workflows.case_thread import CaseThread
    from workflows.contracts import (
        Assignment,
        CaseRef,
        CaseView,
        CheckOutcome,
        CloseInput,
        Decision,
        DiffInput,
        ObjectFacts,
        RouteInput,
        SentFile,
        Submission,
        SubmissionSignal,
    )
    from workflows.reminder_contracts import ReminderNote

ACTION_STATUS = {"approve": Status.APPROVED, "return": Status.RETURNED, "reject": Status.REJECTED}
ACTION_ZH = {"approve": "通过", "return": "退回修改", "reject": "不予受理"}
CLOSED = (*DECIDED, Status.MATCHED, Status.DISMISSED)


@workflow.defn(name="CaseWorkflow")
class CaseWorkflow(CaseThread, CaseDesk):
    @workflow.init
    def __init__(self, ref: CaseRef) -> None:
        super().__init__(ref)  # so that a signal or update handled before `run` sees the case

    @workflow.run
    async def run(self, ref: CaseRef) -> CaseView:
        while True:
            if self.events:
                await self.write_events()
            elif self.pending:
                # A decision applies to the submission the reviewer saw: before any newer one.
                await self._apply_decision(self.pending)
            elif self.comments_in:
                await self.take_comment(self.comments_in.pop(0))
            elif self.inbox:
                await self._take_submission(self.inbox.pop(0))
            elif self.match:
                await self._match(self.match)
            elif self.dismissal:
                await self._dismiss(self.dismissal)
            elif self.status in CLOSED:
                # Done once the mails went out; a correction arriving meanwhile reopens it.
                await workflow.wait_condition(lambda: self.has_work() or self.mail_in_flight == 0)
                if self.has_work():
                    continue
                if self.thread_dirty and self.status in DECIDED:
                    await self.save_thread()  # a comment came after the decided state was saved
                    continue
                await workflow.wait_condition(workflow.all_handlers_finished)
                return self.view()
            else:
                await self.wait_or_remind()

    # -- a submission arrives --------------------------------------------------------------

    async def _take_submission(self, sig: SubmissionSignal) -> None:
        doc = sig.document
        if any(s.document_id == doc.workflow_id for s in self.submissions):
            return  # a retried hand-off: already taken
        facts = doc.read_facts()
        # Synchronously, before any activity: nobody decides on a version being replaced.
        reopened = self.status in DECIDED
        self.status = Status.CHECKING
        sub = self._submission(sig, facts)
        routed = await workflow.execute_activity_method(
            CaseActivities.route_case,
            RouteInput(
                case=self.ref,
                cursor=self.cursor,
                submission=sub,
                actor=f"clerk:{facts.submitter_email or 'unknown'}",
                reviewer=self.reviewer,
            ),
            start_to_close_timeout=SHORT,
            retry_policy=RETRY,
            summary="登记提交并分派审核人",
        )
        self.cursor, self.window_s, self.reviewer = routed.cursor, routed.withdraw_window_s, routed.reviewer
        if routed.previous:
            reopened = self.restore_view(routed.previous) or reopened
            sub.seq = len(self.submissions) + 1
        if reopened:
            self.decision = None
        previous = self.submissions[-1] if self.submissions else None
        self.submissions.append(sub)
        self.last_document = doc
        action = "reopened" if reopened else ("resubmitted" if previous else "submitted")
        self.log(facts.submitter_email or "unknown", action, facts.original_name or facts.key)
        if sig.matched_by:
            self.log(sig.matched_by, "matched here", doc.case_id or doc.workflow_id)
        if routed.routed:
            self.log("system", "routed", self.reviewer or "")
        if previous is not None:
            await self._compare(previous, sub)  # the reviewer sees what changed from the start
        self._await_review()
        self._mail_submission(sub, resubmitted=previous is not None)

    def _submission(self, sig: SubmissionSignal, facts: ObjectFacts) -> Submission:
        doc = sig.document
        return Submission(
            seq=len(self.submissions) + 1,
            document_id=doc.workflow_id,
            object_key=facts.key,
            received_at=self.now(),
            matched_by=sig.matched_by,
            **facts.model_dump(include=set(SentFile.model_fields)),
            **doc.model_dump(include=set(CheckOutcome.model_fields)),
        )

    def _mail_submission(self, sub: Submission, resubmitted: bool) -> None:
        """The receipt and the findings in one mail (the check has finished by now), and the
        reviewer's assignment: sent on their own while the case waits for review."""
        to = [sub.submitter_email] if sub.submitter_email and not sub.auto_submitted else []
        ocr = bool(sub.classification and sub.classification.ocr_pages)
        findings = [f.model_dump(mode="json") for f in sub.findings]
        self.send(
            self.notice("findings", to, {"submission": sub.seq, "received_at": sub.received_at, "findings": findings, "read_by_ocr": ocr}),
            self.notice(
                "assigned",
                [self.login_target(self.reviewer)],
                {
                    "submission": sub.seq,
                    "resubmitted": resubmitted,
                    "errors": sub.errors,
                    "warnings": sub.warnings,
                    "infos": sum(1 for f in sub.findings if f.severity == "info"),
                },
            ),
        )

    async def _compare(self, previous: Submission, sub: Submission) -> None:
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
        self.log(
            "system", "compared", f"{len(sub.diff.changed_cells)} 个单元格变化，修正 {len(sub.diff.fixed)} 项，新增 {len(sub.diff.new)} 项"
        )

    # -- decisions ---------------------------------------------------------------------------

    async def _apply_decision(self, d: Decision) -> None:
        """The side effects of a decision the update handler recorded: its audit record at
        once; the mail and the accepted report after the window in which it can be withdrawn."""
        self.pending = None
        self.log(d.login, d.action, d.comment or "")
        self.queue_event("decision", f"reviewer:{d.login}", {**d.model_dump(), "errors": self.submissions[-1].errors})
        await self.write_events()
        if self.withdrawable_until and self.withdrawn_by is None:
            remaining = self.withdrawable_until - workflow.now()
            if remaining > timedelta(0):
                try:
                    await workflow.wait_condition(lambda: self.withdrawn_by is not None, timeout=remaining)
                except TimeoutError:
                    pass
        self.withdrawable_until = None
        if self.withdrawn_by:
            who, self.withdrawn_by = self.withdrawn_by, None
            self.log(who, "withdrawn", ACTION_ZH[d.action])
            self.queue_event("withdrawn", f"reviewer:{who}", {"action": d.action})
            self.upsert()
            return
        latest = self.submissions[-1]
        self.decision_entry(d)
        self.send(
            self.notice(
                "decision",
                self.clerk_addresses(),
                {"action": d.action, "comment": d.comment, "reviewer": d.login, "submission": latest.seq},
                suffix=str(self.decisions_done + 1),
            )
        )
        self.decisions_done += 1
        self.clerk_reminded = False
        if d.action in ("approve", "reject"):
            await workflow.execute_activity_method(
                CaseActivities.close_case,
                CloseInput(case=self.ref, report_key=latest.report_key if d.action == "approve" else None, view=self.view()),
                start_to_close_timeout=SHORT,
                retry_policy=RETRY,
                summary="结案：保存已受理报告与案件状态",
            )
            self.thread_dirty = False  # the saved state has the thread
        self.upsert()

    @workflow.update
    def decide(self, d: Decision) -> CaseView:
        # Recorded at once; the audit record, the accepted report and the mails follow in
        # the main loop, so a slow mail server never keeps the reviewer waiting.
        self.pending = self.decision = d
        self.status = ACTION_STATUS[d.action]
        self.withdrawable_until = workflow.now() + timedelta(seconds=self.window_s) if self.window_s > 0 else None
        self.upsert()
        return self.view()

    @decide.validator
    def _validate_decide(self, d: Decision) -> None:
        self._may_act(d.login)
        if self.ref.unverified:
            raise ValueError("这是未确认来源的提交：请先归入报送单位或驳回，不能直接审核")
        if self.status != Status.AWAITING_REVIEW or self.pending is not None:
            raise ValueError(f"案件当前状态为“{label(self.status)}”，不在待审核状态，不能{ACTION_ZH[d.action]}")
        self._assignee_or_head(d.login)
        latest = self.submissions[-1] if self.submissions else None
        if d.seq is not None and latest and d.seq != latest.seq:
            raise ValueError(f"您审核的是第 {d.seq} 次提交，但报送单位已提交第 {latest.seq} 次，请先查看最新版本")
        comment = (d.comment or "").strip()
        if d.action == "return" and not comment:
            raise ValueError("退回修改必须填写意见，告诉报送单位要改什么")
        if d.action == "reject" and not comment:
            raise ValueError("不予受理必须填写理由")
        if d.action == "approve" and latest and latest.errors and not comment:
            raise ValueError(f"最新提交仍有 {latest.errors} 个错误：确需通过的，请填写理由（记入审计记录）")

    @workflow.update
    def withdraw(self, a: Assignment) -> CaseView:
        self.withdrawn_by = a.login
        self.status = Status.UNVERIFIED if self.ref.unverified else Status.AWAITING_REVIEW
        self.decision = None
        self.upsert()
        return self.view()

    @withdraw.validator
    def _validate_withdraw(self, a: Assignment) -> None:
        if self.decision is None or self.withdrawable_until is None or self.withdrawn_by is not None:
            raise ValueError("没有可以撤回的决定（决定已通知报送单位，或尚未作出决定）")
        if workflow.now() >= self.withdrawable_until:
            raise ValueError("撤回期限已过，决定已通知报送单位")
        if a.login != self.decision.login:
            raise ValueError(f"只有作出决定的 {self.decision.login} 可以撤回")

    # -- who works on the case ---------------------------------------------------------------

    @workflow.update
    def claim(self, a: Assignment) -> CaseView:
        return self._assign(a.login, a.login, "claimed")

    @claim.validator
    def _validate_claim(self, a: Assignment) -> None:
        self._may_assign(a.login, assignment.claim_refusal(a.login, self.reviewer))

    @workflow.update
    def release(self, a: Assignment) -> CaseView:
        return self._assign(a.login, None, "released")

    @release.validator
    def _validate_release(self, a: Assignment) -> None:
        self._may_assign(a.login, assignment.release_refusal(a.login, self.reviewer, self.ref.head))

    @workflow.update
    def reassign(self, a: Assignment) -> CaseView:
        return self._assign(a.login, a.to, "reassigned")

    @reassign.validator
    def _validate_reassign(self, a: Assignment) -> None:
        ref = self.ref
        self._may_assign(a.login, assignment.reassign_refusal(a.login, a.to, self.reviewer, ref.head, ref.deciders, ref.county))

    def _assign(self, login: str, to: str | None, action: str) -> CaseView:
        before, self.reviewer = self.reviewer, to
        self.log(login, action, to or before or "")
        self.queue_event("assignment", f"reviewer:{login}", {"action": action, "from": before, "to": to})
        latest = self.submissions[-1] if self.submissions else None
        if to and to != login and latest:
            # Its own key (suffix): the routing's assignment mail of this submission was another.
            self.send(
                self.notice(
                    "assigned",
                    [self.login_target(to)],
                    {
                        "submission": latest.seq,
                        "resubmitted": latest.seq > 1,
                        "errors": latest.errors,
                        "warnings": latest.warnings,
                        "infos": sum(1 for f in latest.findings if f.severity == "info"),
                    },
                    suffix=f"{action}-{len(self.history)}",
                )
            )
        self.upsert()
        return self.view()

    # -- validators' shared checks ---------------------------------------------------------

    def _may_assign(self, login: str, refusal: str | None) -> None:
        """`login` may act on the case, the case is open to (re)assignment, and the
        assignment's own rule (`intake.assignment`) did not refuse it."""
        self._may_act(login)
        if self.status in CLOSED or self.pending is not None or self.match or self.dismissal:
            raise ValueError(f"案件当前状态为“{label(self.status)}”，不能再分派")
        if refusal is not None:
            raise ValueError(refusal)

    def _assignee_or_head(self, login: str) -> None:
        if login in (self.reviewer, self.ref.head):
            return
        if self.reviewer is None:
            raise ValueError("案件尚未分派：请先认领")
        raise ValueError(f"案件由 {self.reviewer} 负责：只有审核人或县级负责人可以审核，请先认领或请负责人改派")

    # -- submissions arrive, timers fire ------------------------------------------------------

    @workflow.signal
    def submit(self, sig: SubmissionSignal) -> None:
        if any(s.document.workflow_id == sig.document.workflow_id for s in self.inbox):
            return
        self.inbox.append(sig)

    @workflow.signal
    def body_reminded(self, note: ReminderNote) -> None:
        """催报 of this returned case's body (workflows/reminder.py), in the case's history."""
        sent = "、".join(note.to) if note.to else "无可用地址"
        self.log(note.by, "body reminded", f"{STATE_ZH.get(note.state, note.state)}：{sent}")

    @workflow.query
    def view(self) -> CaseView:
        return self.snapshot()

    def _await_review(self) -> None:
        self.status = Status.UNVERIFIED if self.ref.unverified else Status.AWAITING_REVIEW
        self.awaiting_since = workflow.now()
        self.reminded = self.escalated = False
        self.upsert()
