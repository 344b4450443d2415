"""Reading and acting on cases through Temporal: shared by the CLI and the web app.

Lists come from the visibility store (search attributes), so listing never replays a
workflow. One case's details come from its `view` query. A file that was not a report or
could not be read has no case workflow; its document workflow is its record.
"""

from __future__ import annotations

from temporalio.client import Client, WorkflowExecutionStatus, WorkflowUpdateFailedError
from temporalio.service import RPCError

from workflows.contracts import CaseView, Decision

RECORD_STATUSES = ("unreadable", "not_report")


class CaseNotFound(LookupError):
    pass


class DecisionRefused(RuntimeError):
    pass


def _quote(v: str) -> str:
    return "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'"


def list_query(status: str | None = None, year: int | None = None, county: str | None = None) -> str:
    filters = []
    if year:
        filters.append(f"IntakeYear = {int(year)}")
    if county:
        filters.append(f"IntakeCounty = {_quote(county)}")
    if status in RECORD_STATUSES:
        base = f"WorkflowType = 'DocumentWorkflow' AND IntakeStatus = {_quote(status)}"
    elif status:
        base = f"WorkflowType = 'CaseWorkflow' AND IntakeStatus = {_quote(status)}"
    else:
        base = (
            "(WorkflowType = 'CaseWorkflow' OR (WorkflowType = 'DocumentWorkflow' AND "
            "IntakeStatus IN ('unreadable', 'not_report')))"
        )
    return " AND ".join([base, *filters])


async def list_cases(client: Client, status: str | None = None, year: int | None = None, county: str | None = None) -> list[dict]:
    rows = []
    async for wf in client.list_workflows(list_query(status, year, county), limit=2000):
        attrs = {k: (v[0] if isinstance(v, list) and v else v) for k, v in (wf.search_attributes or {}).items()}
        rows.append(
            {
                "case_id": wf.id,
                "kind": "case" if wf.workflow_type == "CaseWorkflow" else "record",
                "organization": attrs.get("IntakeOrganization"),
                "county": attrs.get("IntakeCounty"),
                "year": attrs.get("IntakeYear"),
                "status": attrs.get("IntakeStatus"),
                "reviewer": attrs.get("IntakeReviewer"),
                "errors": attrs.get("IntakeErrors"),
                "warnings": attrs.get("IntakeWarnings"),
                "submitter": attrs.get("IntakeSubmitter"),
                "started": wf.start_time.isoformat() if wf.start_time else None,
                "running": wf.status == WorkflowExecutionStatus.RUNNING,
            }
        )
    rows.sort(key=lambda r: r["started"] or "")
    return rows


async def get_case(client: Client, case_id: str) -> dict:
    handle = client.get_workflow_handle(case_id)
    try:
        desc = await handle.describe()
    except RPCError as exc:
        raise CaseNotFound(case_id) from exc
    if desc.workflow_type == "CaseWorkflow":
        view: CaseView = await handle.query("view", result_type=CaseView)
        return view.model_dump(mode="json")
    if desc.workflow_type == "DocumentWorkflow":
        return await _document_record(client, handle, desc)
    raise CaseNotFound(case_id)


async def _document_record(client: Client, handle, desc) -> dict:
    """A file that was not a report or could not be read: its document workflow is its
    record, shaped like a case (one submission, no reviewer)."""
    from workflows.contracts import DocumentResult

    attrs = {k: (v[0] if isinstance(v, list) and v else v) for k, v in (desc.search_attributes or {}).items()}
    rec = {
        "case_id": handle.id,
        "organization": attrs.get("IntakeOrganization"),
        "year": attrs.get("IntakeYear"),
        "status": attrs.get("IntakeStatus") or "checking",
        "submissions": [
            {"object_key": attrs.get("IntakeObjectKey"), "submitter_email": attrs.get("IntakeSubmitter"), "findings": []}
        ],
        "reviewer": None,
        "history": [
            {
                "at": desc.start_time.isoformat() if desc.start_time else "",
                "actor": attrs.get("IntakeSubmitter") or "",
                "action": "submitted",
                "detail": "",
            }
        ],
        "case": None,
    }
    if desc.status == WorkflowExecutionStatus.COMPLETED:
        result: DocumentResult = await client.get_workflow_handle(handle.id, result_type=DocumentResult).result()
        facts = result.facts
        rec["status"] = result.status
        rec["case"] = result.case_id
        rec["submissions"] = [
            {
                "seq": 1,
                "object_key": facts.key if facts else attrs.get("IntakeObjectKey"),
                "sha256": facts.sha256 if facts else None,
                "original_name": facts.original_name if facts else None,
                "submitter_email": facts.submitter_email if facts else attrs.get("IntakeSubmitter"),
                "submitter_name": facts.submitter_name if facts else None,
                "classification": result.classification.model_dump(mode="json") if result.classification else None,
                "findings": [f.model_dump(mode="json") for f in result.findings],
                "reason": result.reason,
            }
        ]
        rec["history"].append(
            {
                "at": desc.close_time.isoformat() if desc.close_time else "",
                "actor": "system",
                "action": result.status,
                "detail": result.reason or "",
            }
        )
    return rec


async def decide(client: Client, case_id: str, decision: Decision) -> dict:
    handle = client.get_workflow_handle(case_id)
    try:
        desc = await handle.describe()
    except RPCError as exc:
        raise CaseNotFound(case_id) from exc
    if desc.workflow_type != "CaseWorkflow":
        raise DecisionRefused(f"{case_id} 不是待审核的案件（无法受理的文件没有审核环节）")
    if desc.status != WorkflowExecutionStatus.RUNNING:
        view: CaseView = await handle.query("view", result_type=CaseView)
        raise DecisionRefused(f"案件 {case_id} 已结束（状态“{view.status}”），不能再审核")
    try:
        view = await handle.execute_update("decide", decision, result_type=CaseView)
    except WorkflowUpdateFailedError as exc:
        cause = exc.cause
        raise DecisionRefused(getattr(cause, "message", None) or str(cause or exc)) from exc
    except RPCError as exc:  # the case closed between the describe and the update
        raise DecisionRefused(f"案件 {case_id} 已结束，不能再审核") from exc
    return view.model_dump(mode="json")
