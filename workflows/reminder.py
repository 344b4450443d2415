"""催报: one reminder of one body for one year, started by a reviewer or the head (web
dashboard, inbox bulk action or `intake remind`).

    record (audit: who, when, to whom) → mail the body's clerks → state in IntakeStatus

Its id is per body per office day (`intake.reminders.reminder_id`), so a second click the
same day finds it and sends nothing. The mail goes through `send_notices` like every other
notice: a few quick attempts, then backoff for a day, then given up (state `failed`); a
body whose addresses cannot be used is recorded as `unaddressable` and nothing is retried.
"""

from __future__ import annotations

from temporalio import workflow
from temporalio.exceptions import ActivityError

with workflow.unsafe.imports_passed_through():
    from activities.cases import CaseActivities
    from activities.reminders import ReminderActivities
    from workflows import search_attributes as sa
    from workflows.case_state import MAIL, MAIL_GIVE_UP, MAIL_HEARTBEAT, MAIL_RETRY, RETRY, SHORT
    from workflows.reminder_contracts import ReminderNote, ReminderRequest, ReminderResult


@workflow.defn(name="LateReminderWorkflow")
class LateReminderWorkflow:
    @workflow.run
    async def run(self, req: ReminderRequest) -> ReminderResult:
        req = req.model_copy(update={"at": workflow.now().isoformat()})
        plan = await workflow.execute_activity_method(
            ReminderActivities.record_reminder,
            req,
            start_to_close_timeout=SHORT,
            retry_policy=RETRY,
            summary=f"审计记录：{req.by} 催报 {req.organization}",
        )
        detail = "；".join(plan.problems)
        if plan.notice is None:
            result = ReminderResult(state="unaddressable", detail=detail)
        else:
            try:
                outcomes = await workflow.execute_activity_method(
                    CaseActivities.send_notices,
                    [plan.notice],
                    start_to_close_timeout=MAIL,
                    schedule_to_close_timeout=MAIL_GIVE_UP,
                    heartbeat_timeout=MAIL_HEARTBEAT,
                    retry_policy=MAIL_RETRY,
                    summary=f"邮件：催报 {req.organization}",
                )
                result = ReminderResult(state=outcomes[0].state, to=plan.to, detail=detail or outcomes[0].detail)
            except ActivityError as err:
                result = ReminderResult(state="failed", to=plan.to, detail=str(err.cause or err)[:300])
        workflow.upsert_search_attributes([sa.STATUS.value_set(result.state)])
        if req.case_id and workflow.patched("reminder-noted-in-case"):
            await note_in_case(req.case_id, ReminderNote(by=req.by, state=result.state, to=result.to))
        return result


async def note_in_case(case_id: str, note: ReminderNote) -> None:
    """Tell the returned case it was reminded; a case that has ended meanwhile is left alone
    (the audit record stands for it)."""
    try:
        await workflow.get_external_workflow_handle(case_id).signal("body_reminded", note)
    except Exception as exc:
        workflow.logger.info("reminder not noted in its case", extra={"case_id": case_id, "error": str(exc)})
