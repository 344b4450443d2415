"""The case workflow's state and the helpers that do not move it forward: the view, the
search attributes and UI details, the history, and the mails, which never hold the case:
they run as their own workflow tasks (asyncio tasks in the workflow) while the case goes on.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta

from pydantic import JsonValue
from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, FailureError

with workflow.unsafe.imports_passed_through():
    from activities.cases import CaseActivities
    from intake.audit_chain import AuditCursor
    from intake.notices import address_problem
    from intake.statuses import Status, label
    from workflows import search_attributes as sa
    from workflows.contracts import (
        CaseEvent,
        CaseEventsInput,
        CaseRef,
        CaseView,
        CommentSignal,
        Decision,
        DismissRequest,
        DocumentResult,
        HistoryEntry,
        MatchRequest,
        NoticeData,
        NoticeKind,
        NoticeOutcome,
        NoticeRequest,
        Submission,
        SubmissionSignal,
        ThreadEntry,
    )

RETRY = RetryPolicy(initial_interval=timedelta(seconds=1), maximum_interval=timedelta(minutes=1), maximum_attempts=20)
SHORT = timedelta(seconds=30)
MAIL = timedelta(minutes=2)
# A worker that dies while sending is noticed after this long and the mail is retried
# elsewhere; the activity heartbeats between mails (SMTP timeout 30 s each).
MAIL_HEARTBEAT = timedelta(seconds=40)
# First a few quick attempts; if they fail the reviewer sees "delayed" in the case history and
# the mail keeps being retried with backoff for a day, then is given up and noted.
MAIL_FIRST = RetryPolicy(initial_interval=timedelta(seconds=2), backoff_coefficient=2.0, maximum_attempts=4)
MAIL_RETRY = RetryPolicy(initial_interval=timedelta(seconds=30), maximum_interval=timedelta(minutes=10), maximum_attempts=0)
MAIL_GIVE_UP = timedelta(days=1)


# The fields a case's view takes from its ref as they are (case id, body, year, deadline, …).
_VIEW_OF_REF = set(CaseView.model_fields) & set(CaseRef.model_fields)


def _iso(t: datetime | None) -> str | None:
    return t.isoformat() if t else None


class CaseState:
    def __init__(self, ref: CaseRef) -> None:
        self.ref = ref  # the workflow's input, known from its first line (`@workflow.init`)
        self.status: Status = Status.RECEIVED
        self.reviewer: str | None = None
        self.submissions: list[Submission] = []
        self.history: list[HistoryEntry] = []
        self.inbox: list[SubmissionSignal] = []
        self.pending: Decision | None = None
        self.decision: Decision | None = None
        self.decisions_done = 0
        self.awaiting_since: datetime | None = None
        self.reminded = self.escalated = self.clerk_reminded = False
        self.cursor: AuditCursor | None = None  # None until the run's first activity found the chain head
        self.events: list[CaseEvent] = []  # audit records the main loop writes next
        self.window_s = 600
        self.withdrawable_until: datetime | None = None
        self.withdrawn_by: str | None = None
        self.match: MatchRequest | None = None
        self.dismissal: DismissRequest | None = None
        self.matched_to: str | None = None
        self.last_document: DocumentResult | None = None
        self.mail_in_flight = 0
        self.thread: list[ThreadEntry] = []
        self.comments_in: list[CommentSignal] = []  # comments the main loop takes next
        self.thread_dirty = False  # a comment arrived after the decided case's state was saved
        self.mail_tasks: set[asyncio.Task[None]] = set()  # kept referenced until done

    def has_work(self) -> bool:
        return bool(self.inbox or self.pending or self.events or self.match or self.dismissal or self.comments_in)

    def snapshot(self) -> CaseView:
        """The view: who the case is (every field of its ref that a view shows) and how it stands."""
        return CaseView(
            **self.ref.model_dump(include=_VIEW_OF_REF),
            status=self.status,
            reviewer=self.reviewer,
            submissions=self.submissions,
            history=self.history,
            awaiting_since=_iso(self.awaiting_since),
            decision=self.decision,
            withdrawable_until=_iso(self.withdrawable_until),
            matched_to=self.matched_to,
            decisions_done=self.decisions_done,
            thread=self.thread,
        )

    # -- audit ------------------------------------------------------------------------

    def queue_event(self, stage: str, actor: str, detail: dict[str, JsonValue]) -> None:
        """An audit record for the main loop to write (update handlers cannot run activities)."""
        self.events.append(CaseEvent(stage=stage, actor=actor, at=self.now(), detail=detail))

    async def write_events(self) -> None:
        events, self.events = self.events, []
        self.cursor = await workflow.execute_activity_method(
            CaseActivities.record_case_events,
            CaseEventsInput(chain=self.ref.case_id, cursor=self.cursor, events=events),
            start_to_close_timeout=SHORT,
            retry_policy=RETRY,
            summary="审计记录：" + "、".join(e.stage for e in events),
        )

    # -- mail: never awaited by the case --------------------------------------------------

    def notice(self, kind: NoticeKind, to: list[str], data: dict[str, object], suffix: str = "") -> NoticeRequest | None:
        """A notice to whoever of `to` can be addressed; the others are noted in the history."""
        ok = []
        for target in to:
            problem = None if target.startswith("login:") else address_problem(target)
            if problem:
                self.log("system", "notice not sent", f"{kind} → {_shown(target)}：{problem}")
            else:
                ok.append(target)
        if not ok:
            return None
        latest = self.submissions[-1] if self.submissions else None
        # The run id tells runs of the same case apart (a reopened case starts a new run).
        key = f"{self.ref.case_id}/{workflow.info().run_id}/{latest.seq if latest else 0}/{kind}{('/' + suffix) if suffix else ''}"
        context: dict[str, object] = {
            "organization": self.ref.organization,
            "year": self.ref.year,
            "county": self.ref.county,
            "known_body": self.ref.known_body,
            "unverified": self.ref.unverified,
            "reviewer": self.reviewer,
            "deadline": self.ref.deadline,
            "file": latest.original_name if latest else None,
            "waiting_since": _iso(self.awaiting_since),
            "comment": self.decision.comment if self.decision else None,
        }
        return NoticeRequest(
            key=key, kind=kind, to=ok, case_id=self.ref.case_id, at=self.now(), data=NoticeData.model_validate({**context, **data})
        )

    def send(self, *notices: NoticeRequest | None) -> None:
        batch = [n for n in notices if n is not None]
        if batch:
            self.mail_in_flight += 1
            task = asyncio.ensure_future(self._deliver(batch))
            self.mail_tasks.add(task)
            task.add_done_callback(self.mail_tasks.discard)

    async def _deliver(self, batch: list[NoticeRequest]) -> None:
        kinds = "、".join(n.kind for n in batch)
        try:
            try:
                outcomes = await self._send_notices(batch, MAIL_FIRST, None)
            except ActivityError as err:
                self.log("system", "notice delayed", f"{kinds}：{_cause(err)}（稍后自动重试）")
                outcomes = await self._send_notices(batch, MAIL_RETRY, MAIL_GIVE_UP)
        except ActivityError as err:
            self.log("system", "notice failed", f"{kinds}：{_cause(err)}")
            return
        finally:
            self.mail_in_flight -= 1
        for o in outcomes:
            if o.state == "unaddressable":
                self.log("system", "notice not sent", f"{o.kind}：{o.detail}")

    async def _send_notices(self, batch: list[NoticeRequest], retry: RetryPolicy, give_up: timedelta | None) -> list[NoticeOutcome]:
        return await workflow.execute_activity_method(
            CaseActivities.send_notices,
            batch,
            start_to_close_timeout=MAIL,
            schedule_to_close_timeout=give_up,
            heartbeat_timeout=MAIL_HEARTBEAT,
            retry_policy=retry,
            summary="邮件：" + "、".join(n.kind for n in batch),
        )

    def login_target(self, login: str | None) -> str:
        # Logins resolve to addresses in the activity (the roster lives outside the workflow).
        return f"login:{login or self.ref.head or self.ref.intake_desk or 'admin'}"

    def clerk_addresses(self) -> list[str]:
        seen = [s.submitter_email for s in self.submissions if s.submitter_email and not s.auto_submitted]
        latest = seen[-1:] if seen else []
        return list(dict.fromkeys(latest + list(self.ref.clerk_emails)))

    # -- timers: remind the reviewer, escalate to the head, remind the clerk -------------------

    async def wait_or_remind(self) -> None:
        timeout, due = self._next_timer()
        try:
            await workflow.wait_condition(self.has_work, timeout=timeout)
            return  # new work arrived before the timer
        except TimeoutError:
            pass  # the timer fired: remind or escalate below
        days = (workflow.now() - self.awaiting_since).days if self.awaiting_since else 0
        if due == "reminder":
            self.reminded = True
            self.send(self.notice("reminder", [self.login_target(self.reviewer)], {"waiting_days": days}))
            self.log("system", "reminded", self.reviewer or "")
        elif due == "escalation":
            self.escalated = True
            head = self.ref.head or self.ref.intake_desk
            self.send(self.notice("escalation", [self.login_target(head)], {"reviewer": self.reviewer, "waiting_days": days}))
            self.log("system", "escalated", head or "")
            self.queue_event("escalation", "system:timer", {"head": head, "reviewer": self.reviewer})
        elif due == "clerk_reminder":
            self.clerk_reminded = True
            self.send(
                self.notice("clerk_reminder", self.clerk_addresses(), {"deadline": self.ref.deadline}, suffix=str(self.decisions_done))
            )
            self.log("system", "clerk reminded", self.ref.deadline or "")

    def _next_timer(self) -> tuple[timedelta | None, str | None]:
        now = workflow.now()
        ref = self.ref
        if self.status in (Status.AWAITING_REVIEW, Status.UNVERIFIED) and self.awaiting_since:
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

    # -- history, search attributes, UI ------------------------------------------------------

    def log(self, actor: str, action: str, detail: str) -> None:
        self.history.append(HistoryEntry(at=self.now(), actor=actor, action=action, detail=detail))
        self.details()

    def upsert(self) -> None:
        ref = self.ref
        latest = self.submissions[-1] if self.submissions else None
        workflow.upsert_search_attributes(
            [
                sa.STATUS.value_set(self.status),
                *([sa.ORGANIZATION.value_set(ref.organization)] if ref.organization else []),
                *([sa.COUNTY.value_set(ref.county)] if ref.county else []),
                *([sa.YEAR.value_set(ref.year)] if ref.year else []),
                sa.REVIEWER.value_set(self.reviewer) if self.reviewer else sa.REVIEWER.value_unset(),
                *([sa.ERRORS.value_set(latest.errors), sa.WARNINGS.value_set(latest.warnings)] if latest else []),
                *([sa.SUBMITTER.value_set(latest.submitter_email)] if latest and latest.submitter_email else []),
                *(
                    [sa.TEMPLATE.value_set(latest.classification.template)]
                    if latest and latest.classification and latest.classification.template
                    else []
                ),
            ]
        )
        self.details()

    def details(self) -> None:
        ref = self.ref
        if ref is None:
            return
        lines = [
            f"### {ref.organization or '未识别单位'} {ref.year or ''} 年度报告" + ("（待确认来源）" if ref.unverified else ""),
            f"- 状态：**{label(self.status)}**",
            f"- 县：{ref.county or '未知'} · 审核人：{self.reviewer or '未分派'}",
            f"- 提交次数：{len(self.submissions)}",
        ]
        if ref.unverified_reason:
            lines.append(f"- 待确认原因：{ref.unverified_reason}")
        if self.submissions:
            s = self.submissions[-1]
            lines.append(f"- 最新提交：`{s.original_name}` · {s.errors} 个错误 · {s.warnings} 个警告")
        lines += [f"- {h.at[:16]} {h.actor} {h.action} {h.detail}" for h in self.history[-6:]]
        workflow.set_current_details("\n".join(lines))

    def now(self) -> str:
        return workflow.now().isoformat(timespec="milliseconds")


def _cause(err: ActivityError) -> str:
    """The innermost failure that says something (an activity's own error, not its wrapper)."""
    cause = err.cause
    while isinstance(cause, FailureError) and cause.cause is not None and not cause.message:
        cause = cause.cause
    message = cause.message if isinstance(cause, FailureError) else None
    return (message or str(cause or err))[:300]


def _shown(target: str | None) -> str:
    text = repr(target) if target and any(ord(c) < 32 for c in target) else (target or "（空）")
    return text[:120]


def _until(when: datetime, now: datetime) -> timedelta:
    return max(when - now, timedelta(seconds=1))
