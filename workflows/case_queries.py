"""Reading and acting on cases through Temporal: shared by the CLI and the web app.

Lists come from the visibility store (search attributes), so listing never replays a
workflow. One case's details come from its `view` query. A file that was not a report or
could not be read has no case workflow; its document workflow is its record.

Everything returned is typed: `CaseSummary` rows for lists, `CaseView` for a case,
`DocumentRecord` for the record of a file; `--json` output is their `model_dump(mode="json")`.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field
from temporalio.client import (
    Client,
    WorkflowExecution,
    WorkflowExecutionDescription,
    WorkflowExecutionStatus,
    WorkflowHandle,
    WorkflowUpdateFailedError,
)
from temporalio.service import RPCError

from annual_report.model import Classification, Finding
from intake.case_summary import CaseSummary
from intake.statuses import RECORD_STATUSES, Status
from workflows import search_attributes as sa
from workflows.contracts import Assignment, CaseView, Decision, DismissRequest, DocumentResult, HistoryEntry, MatchRequest

CASE_WORKFLOW = "CaseWorkflow"
DOCUMENT_WORKFLOW = "DocumentWorkflow"

__all__ = [
    "RECORD_STATUSES",
    "CaseDetail",
    "CaseNotFound",
    "CaseSummary",
    "DecisionRefused",
    "DocumentRecord",
    "case_update",
    "claim",
    "decide",
    "dismiss",
    "get_case",
    "latest_runs",
    "list_cases",
    "list_query",
    "match_body",
    "reassign",
    "release",
    "withdraw",
]


class CaseNotFound(LookupError):
    pass


class DecisionRefused(RuntimeError):
    pass


class RecordSubmission(BaseModel):
    """The one file of a document record (the fields a case's Submission has, when known)."""

    seq: int | None = None
    object_key: str | None = None
    sha256: str | None = None
    original_name: str | None = None
    submitter_email: str | None = None
    submitter_name: str | None = None
    classification: Classification | None = None
    findings: list[Finding] = Field(default_factory=list)
    reason: str | None = None


class DocumentRecord(BaseModel):
    """A file that was not a report or could not be read: shaped like a case (one
    submission, no reviewer); `case` is the case it was handed to, if any."""

    case_id: str
    organization: str | None = None
    year: int | None = None
    status: Status
    submissions: list[RecordSubmission]
    reviewer: str | None = None
    history: list[HistoryEntry]
    case: str | None = None

    # A record belongs to no county and carries no decision or deadline (not dumped).
    @property
    def county(self) -> str | None:
        return None

    @property
    def decision(self) -> None:
        return None

    @property
    def deadline(self) -> None:
        return None


CaseDetail = CaseView | DocumentRecord


def _quote(v: str) -> str:
    return "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'"


def list_query(status: str | None = None, year: int | None = None, county: str | None = None) -> str:
    filters = []
    if year:
        filters.append(f"{sa.YEAR.name} = {int(year)}")
    if county:
        filters.append(f"{sa.COUNTY.name} = {_quote(county)}")
    if status in RECORD_STATUSES:
        base = f"WorkflowType = '{DOCUMENT_WORKFLOW}' AND {sa.STATUS.name} = {_quote(status)}"
    elif status:
        base = f"WorkflowType = '{CASE_WORKFLOW}' AND {sa.STATUS.name} = {_quote(status)}"
    else:
        records = ", ".join(_quote(s) for s in RECORD_STATUSES)
        base = f"(WorkflowType = '{CASE_WORKFLOW}' OR (WorkflowType = '{DOCUMENT_WORKFLOW}' AND {sa.STATUS.name} IN ({records})))"
    return " AND ".join([base, *filters])


def summary_of(wf: WorkflowExecution) -> CaseSummary:
    attrs = wf.typed_search_attributes
    return CaseSummary(
        case_id=wf.id,
        kind="case" if wf.workflow_type == CASE_WORKFLOW else "record",
        organization=attrs.get(sa.ORGANIZATION),
        county=attrs.get(sa.COUNTY),
        year=attrs.get(sa.YEAR),
        status=attrs.get(sa.STATUS),
        reviewer=attrs.get(sa.REVIEWER),
        errors=attrs.get(sa.ERRORS),
        warnings=attrs.get(sa.WARNINGS),
        submitter=attrs.get(sa.SUBMITTER),
        started=wf.start_time.isoformat() if wf.start_time else None,
        running=wf.status == WorkflowExecutionStatus.RUNNING,
    )


async def list_cases(client: Client, status: str | None = None, year: int | None = None, county: str | None = None) -> list[CaseSummary]:
    rows = [summary_of(wf) async for wf in client.list_workflows(list_query(status, year, county), limit=2000)]
    rows.sort(key=lambda r: r.started or "")
    return latest_runs(rows)


async def get_case(client: Client, case_id: str) -> CaseDetail:
    handle = client.get_workflow_handle(case_id)
    try:
        desc = await handle.describe()
    except RPCError as exc:
        raise CaseNotFound(case_id) from exc
    if desc.workflow_type == CASE_WORKFLOW:
        view: CaseView = await handle.query("view", result_type=CaseView)
        return view
    if desc.workflow_type == DOCUMENT_WORKFLOW:
        return await _document_record(client, handle, desc)
    raise CaseNotFound(case_id)


async def _document_record(client: Client, handle: WorkflowHandle[Any, Any], desc: WorkflowExecution) -> DocumentRecord:
    """A file that was not a report or could not be read: its document workflow is its record."""
    attrs = desc.typed_search_attributes
    submitter = attrs.get(sa.SUBMITTER)
    rec = DocumentRecord(
        case_id=handle.id,
        organization=attrs.get(sa.ORGANIZATION),
        year=attrs.get(sa.YEAR),
        status=attrs.get(sa.STATUS) or Status.CHECKING,
        submissions=[RecordSubmission(object_key=attrs.get(sa.OBJECT_KEY), submitter_email=submitter)],
        history=[
            HistoryEntry(at=desc.start_time.isoformat() if desc.start_time else "", actor=submitter or "", action="submitted", detail="")
        ],
    )
    if desc.status != WorkflowExecutionStatus.COMPLETED:
        return rec
    result = await client.get_workflow_handle(handle.id, result_type=DocumentResult).result()
    facts = result.facts
    rec.status = result.status
    rec.case = result.case_id
    rec.submissions = [
        RecordSubmission(
            seq=1,
            object_key=facts.key if facts else attrs.get(sa.OBJECT_KEY),
            sha256=facts.sha256 if facts else None,
            original_name=facts.original_name if facts else None,
            submitter_email=facts.submitter_email if facts else submitter,
            submitter_name=facts.submitter_name if facts else None,
            classification=result.classification,
            findings=result.findings,
            reason=result.reason,
        )
    ]
    rec.history.append(
        HistoryEntry(
            at=desc.close_time.isoformat() if desc.close_time else "", actor="system", action=result.status, detail=result.reason or ""
        )
    )
    return rec


async def describe_case(client: Client, case_id: str) -> WorkflowExecutionDescription:
    """The latest run of a case (or a document record); CaseNotFound when there is none."""
    try:
        return await client.get_workflow_handle(case_id).describe()
    except RPCError as exc:
        raise CaseNotFound(case_id) from exc


async def decide(client: Client, case_id: str, decision: Decision) -> CaseView:
    """The reviewer's decision (the `decide` Update); DecisionRefused with the reason when refused."""
    return await _update(client, case_id, "decide", decision)


# -- the case's reviewer actions (issue 15): Updates refused by the workflow's validators ------


def latest_runs(rows: list[CaseSummary]) -> list[CaseSummary]:
    """One row per case: a case reopened after it closed has several runs; the newest counts."""
    newest: dict[str, CaseSummary] = {}
    for r in rows:  # sorted by start time
        newest[r.case_id] = r
    return [r for r in rows if newest[r.case_id] is r]


async def case_update(client: Client, case_id: str, update: str, arg: BaseModel) -> CaseView:
    """Run one of the case's Updates (claim, release, reassign, withdraw, match_body, dismiss);
    DecisionRefused with the validator's reason when refused."""
    return await _update(client, case_id, update, arg)


async def _update(client: Client, case_id: str, update: str, arg: BaseModel) -> CaseView:
    """An Update of a running case; a file record or a closed case is refused before asking."""
    deciding = update == "decide"
    verb = "审核" if deciding else "操作"
    handle = client.get_workflow_handle(case_id)
    desc = await describe_case(client, case_id)
    if desc.workflow_type != CASE_WORKFLOW:
        raise DecisionRefused(f"{case_id} 不是{'待审核的' if deciding else ''}案件（无法受理的文件没有审核环节）")
    if desc.status != WorkflowExecutionStatus.RUNNING:
        status = f"（状态“{(await handle.query('view', result_type=CaseView)).status}”）" if deciding else ""
        raise DecisionRefused(f"案件 {case_id} 已结束{status}，不能再{verb}")
    try:
        view: CaseView = await handle.execute_update(update, arg, result_type=CaseView)
        return view
    except WorkflowUpdateFailedError as exc:
        cause = exc.cause
        raise DecisionRefused(getattr(cause, "message", None) or str(cause or exc)) from exc
    except RPCError as exc:  # the case closed between the describe and the update
        raise DecisionRefused(f"案件 {case_id} 已结束，不能再{verb}") from exc


async def claim(client: Client, case_id: str, login: str) -> CaseView:
    return await case_update(client, case_id, "claim", Assignment(login=login))


async def release(client: Client, case_id: str, login: str) -> CaseView:
    return await case_update(client, case_id, "release", Assignment(login=login))


async def reassign(client: Client, case_id: str, login: str, to: str) -> CaseView:
    return await case_update(client, case_id, "reassign", Assignment(login=login, to=to))


async def withdraw(client: Client, case_id: str, login: str) -> CaseView:
    return await case_update(client, case_id, "withdraw", Assignment(login=login))


async def match_body(client: Client, case_id: str, login: str, body: str, year: int | None = None) -> CaseView:
    return await case_update(client, case_id, "match_body", MatchRequest(login=login, body=body, year=year))


async def dismiss(client: Client, case_id: str, login: str, comment: str) -> CaseView:
    return await case_update(client, case_id, "dismiss", DismissRequest(login=login, comment=comment))
