"""The intake desk's side of a case: an unverified submission (unknown sender, unproven
mail, a clerk of another body, a body or year that cannot be read) waits in a case of its
own until a reviewer of the county matches it to a body (it joins that body's case, the
audit trail on both chains naming the reviewer) or dismisses it with a reason that is
mailed back. Updates with validators, as every reviewer action."""

from __future__ import annotations

from temporalio import workflow
from temporalio.exceptions import ActivityError

with workflow.unsafe.imports_passed_through():
    from activities.cases import CaseActivities
    from intake.statuses import Status, label
    from workflows.case_state import RETRY, SHORT, CaseState
    from workflows.contracts import CaseView, DismissRequest, MatchInput, MatchRequest


class CaseDesk(CaseState):
    @workflow.update
    def match_body(self, m: MatchRequest) -> CaseView:
        self.match = m
        self.log(m.login, "matching", f"{m.body} {m.year or self.ref.year or ''}")
        return self.snapshot()

    @match_body.validator
    def _validate_match(self, m: MatchRequest) -> None:
        self._desk_action(m.login)
        if m.body not in self.ref.bodies:
            raise ValueError(f"“{m.body}”不是{self.ref.county or '本县'}名单中的报送单位")
        if not (m.year or self.ref.year or (self.last_document and self.last_document.summary and self.last_document.summary.year)):
            raise ValueError("报告年度未识别，请指定年度")

    @workflow.update
    def dismiss(self, r: DismissRequest) -> CaseView:
        self.dismissal = r
        self.status = Status.DISMISSED
        self.upsert()
        return self.snapshot()

    @dismiss.validator
    def _validate_dismiss(self, r: DismissRequest) -> None:
        self._desk_action(r.login)
        if not r.comment.strip():
            raise ValueError("驳回必须填写理由（将邮件告知提交人）")

    async def _match(self, m: MatchRequest) -> None:
        try:
            out = await workflow.execute_activity_method(
                CaseActivities.match_submission,
                MatchInput(
                    desk_case_id=self.ref.case_id,
                    cursor=self.cursor,
                    document=self.last_document,
                    request=m,
                    county=self.ref.county,
                    at=self.now(),
                ),
                start_to_close_timeout=SHORT,
                retry_policy=RETRY,
                summary=f"归入 {m.body} 的案件",
            )
        except ActivityError as err:
            self.match = None
            self.log("system", "match failed", str(err.cause or err)[:300])
            return
        self.match, self.cursor, self.matched_to = None, out.cursor, out.case_id
        self.status = Status.MATCHED
        self.log(m.login, "matched", out.case_id)
        self.upsert()

    async def _dismiss(self, r: DismissRequest) -> None:
        self.dismissal = None
        self.log(r.login, "dismissed", r.comment)
        self.queue_event("dismissed", f"reviewer:{r.login}", {"comment": r.comment})
        latest = self.submissions[-1] if self.submissions else None
        to = [latest.submitter_email] if latest and latest.submitter_email and not latest.auto_submitted else []
        self.send(self.notice("dismissed", to, {"comment": r.comment}))
        await self.write_events()

    # -- who may act ---------------------------------------------------------------------------

    def _may_act(self, login: str) -> None:
        if login not in self.ref.deciders:
            raise ValueError(f"{login} 不是{self.ref.county or '该县'}的审核人，无权处理案件 {self.ref.case_id}")

    def _desk_action(self, login: str) -> None:
        self._may_act(login)
        if not self.ref.unverified:
            raise ValueError("这不是未确认来源的提交")
        if self.status != Status.UNVERIFIED or self.match or self.dismissal:
            raise ValueError(f"案件当前状态为“{label(self.status)}”，不能再归入或驳回")
