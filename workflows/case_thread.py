"""A case's comment thread: clerk and reviewers write on the case page or answer our mails;
both sides see the whole thread (newest last), each comment is an audit record, and the
other side is mailed (a reviewer's comment → the clerks; a clerk's → the assigned reviewer,
or the county's reviewers when nobody is assigned). A mailed reply whose sender is not
proven to be allowed on the case goes to the intake desk as unverified: reviewers see it
flagged, the clerks neither see it nor get it. Decisions (with their comment) join the
thread once they are final (mailed), so the clerk reads the return comment there too.

A comment on a decided case, whose run has completed, starts the case's next run (signal
with start); the signal carries the closed run's view, which the run restores, and the
decided state is saved again once the comment is in.
"""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.cases import CaseActivities
    from intake.statuses import DECIDED
    from workflows.case_state import RETRY, SHORT, CaseState
    from workflows.contracts import CaseView, CloseInput, CommentSignal, Decision, ThreadEntry

EXCERPT = 500
THREAD_FIELDS = {"id", "author", "author_name", "role", "text", "via", "verified", "unverified_reason"}


class CaseThread(CaseState):
    @workflow.signal
    def comment(self, c: CommentSignal) -> None:
        if any(e.id == c.id for e in self.thread) or any(x.id == c.id for x in self.comments_in):
            return  # a redelivered reply or a retried post
        self.comments_in.append(c)

    def restore_view(self, previous: CaseView) -> bool:
        """The closed run's state, when a correction or a comment starts the next run."""
        self.submissions = list(previous.submissions)
        self.history = list(previous.history)
        self.thread = list(previous.thread)
        self.decisions_done = previous.decisions_done
        self.decision = previous.decision
        return previous.status in DECIDED

    async def take_comment(self, c: CommentSignal) -> None:
        if not self.submissions and c.previous is not None:
            self.restore_view(c.previous)
            self.status, self.reviewer = c.previous.status, c.previous.reviewer
        c = self._checked(c)
        self.thread.append(ThreadEntry(at=self.now(), **c.model_dump(include=THREAD_FIELDS)))
        self.thread_dirty = True
        actor = f"{c.role if c.verified else 'unverified'}:{c.author}"
        if c.verified:
            self.log(c.author, "commented", c.text[:80])
        else:  # the history is the clerk's too: the reply itself stays in the reviewers' thread
            self.log("system", "unverified reply", "")
        self.queue_event(
            "comment", actor, {"id": c.id, "text": c.text, "via": c.via, "verified": c.verified, "reason": c.unverified_reason}
        )
        self._mail_comment(c)
        self.upsert()
        await self.write_events()

    def _checked(self, c: CommentSignal) -> CommentSignal:
        """The web app and the gateway check who may write; the case checks again: a comment
        whose author it cannot place becomes an unverified one (never the clerk's word)."""
        ref = self.ref
        if c.role == "reviewer" and c.author in ref.deciders:
            return c
        # Who sent a version themselves (a matched one's sender was only vouched for the report).
        submitters = {s.submitter_email.lower() for s in self.submissions if s.submitter_email and not s.matched_by}
        if c.role == "clerk" and c.author.lower() in {*map(str.lower, ref.clerk_emails), *submitters}:
            return c
        if not c.verified:
            return c
        reason = f"{c.author} 不是本案件的报送人员或本县审核人员"
        return c.model_copy(update={"verified": False, "unverified_reason": reason, "role": "unknown"})

    def _mail_comment(self, c: CommentSignal) -> None:
        data: dict[str, object] = {
            "author": c.author,
            "author_name": c.author_name,
            "role": c.role,
            "text": c.text,
            "via": c.via,
            "verified": c.verified,
            "unverified_reason": c.unverified_reason,
        }
        if not c.verified:
            to = [self.login_target(self.ref.intake_desk or self.reviewer)]
        elif c.role == "reviewer":
            to = self.clerk_addresses()
        elif self.reviewer:
            to = [self.login_target(self.reviewer)]
        else:
            to = [f"login:{d}" for d in self.ref.deciders] or [self.login_target(None)]
        notices = [self.notice("comment", to, data, suffix=c.id)]
        if c.via == "email" and c.role != "reviewer":  # the clerk (or stranger) is told where it went
            ack: dict[str, object] = {"excerpt": c.text[:EXCERPT], "verified": c.verified, "in_reply_to": c.message_id}
            notices.append(self.notice("reply_received", [c.author], ack, suffix=c.id))
        self.send(*notices)

    def decision_entry(self, d: Decision) -> None:
        """A final decision (mailed to the clerk) joins the thread with its comment."""
        self.thread.append(
            ThreadEntry(
                id=f"decision-{self.decisions_done + 1}",
                at=self.now(),
                kind="decision",
                author=d.login,
                role="reviewer",
                text=d.comment or "",
                action=d.action,
            )
        )

    async def save_thread(self) -> None:
        """A comment on a decided case: its saved state gets the comment, so the next run
        (a correction) restores it with the thread."""
        self.thread_dirty = False
        await workflow.execute_activity_method(
            CaseActivities.close_case,
            CloseInput(case=self.ref, report_key=None, view=self.snapshot()),
            start_to_close_timeout=SHORT,
            retry_policy=RETRY,
            summary="保存案件留言",
        )
