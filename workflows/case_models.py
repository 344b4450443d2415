"""The case: one reporting body's report for one year, across every submission."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field
from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from annual_report.model import Classification, Finding
    from workflows.models import DocumentResult

CaseStatus = Literal["received", "checking", "awaiting_review", "returned", "approved", "rejected"]
FINAL_STATUSES = ("approved", "rejected")
DecisionAction = Literal["approve", "return", "reject"]


class CaseRef(BaseModel):
    """Who and what a case is, resolved against the roster when its first document arrives."""

    case_id: str
    organization: str | None = None
    full_name: str | None = None
    county: str | None = None
    year: int | None = None
    known_body: bool = True
    # Set when the sender is a clerk of another body than the one the report names: the
    # report goes to the intake desk with a finding instead of joining that body's case.
    sender_body: str | None = None
    deciders: list[str] = Field(default_factory=list)  # reviewer and head logins of the county
    head: str | None = None
    intake_desk: str | None = None
    clerk_emails: list[str] = Field(default_factory=list)
    reminder_after_s: int = 3 * 86400
    escalate_after_s: int = 7 * 86400
    clerk_reminder_before_s: int = 5 * 86400
    deadline: str | None = None  # ISO date the report is due
    previous_report_key: str | None = None  # last year's accepted report, for cross-year rules
    web_base: str | None = None
    temporal_ui: str | None = None
    reopen_window_s: int = 180 * 86400  # after a decision, a corrected report reopens the case this long


class CellChange(BaseModel):
    table: str
    row: str
    column: str
    before: str | None
    after: str | None


class FindingRef(BaseModel):
    rule: str
    where: str
    message: str


class SubmissionDiff(BaseModel):
    changed_cells: list[CellChange] = Field(default_factory=list)
    fixed: list[FindingRef] = Field(default_factory=list)
    new: list[FindingRef] = Field(default_factory=list)


class Submission(BaseModel):
    seq: int
    document_id: str
    object_key: str
    sha256: str
    original_name: str | None = None
    submitter_email: str | None = None
    submitter_name: str | None = None
    auto_submitted: bool = False
    received_at: str
    classification: Classification | None = None
    findings: list[Finding] = Field(default_factory=list)
    errors: int = 0
    warnings: int = 0
    report_key: str | None = None
    check_key: str | None = None
    diff: SubmissionDiff | None = None


class HistoryEntry(BaseModel):
    at: str
    actor: str
    action: str
    detail: str = ""


class Decision(BaseModel):
    action: DecisionAction
    login: str
    comment: str | None = None
    seq: int | None = None  # the submission the reviewer looked at; refused if a newer one came


class CaseView(BaseModel):
    """What `intake case`, the web app and the queries show."""

    case_id: str
    organization: str | None
    county: str | None
    year: int | None
    status: str
    reviewer: str | None
    deadline: str | None
    known_body: bool
    submissions: list[Submission]
    history: list[HistoryEntry]
    awaiting_since: str | None = None
    decision: Decision | None = None


class SubmissionSignal(BaseModel):
    document: DocumentResult
    case: CaseRef


class NoticeRequest(BaseModel):
    """Ask the notify activity to send one message; `key` makes sending idempotent."""

    key: str
    kind: str  # receipt | findings | not_report | unreadable | assigned | decision | reminder | escalation | clerk_reminder
    to: list[str]
    case_id: str
    at: str
    data: dict = Field(default_factory=dict)


class CaseAuditInput(BaseModel):
    case_id: str
    seq: int
    prev_hash: str
    stage: str
    actor: str
    at: str
    detail: dict = Field(default_factory=dict)
    payload: dict = Field(default_factory=dict)


class RouteInput(BaseModel):
    case: CaseRef
    exclude: list[str] = Field(default_factory=list)


class AcceptInput(BaseModel):
    case: CaseRef
    report_key: str


class DiffInput(BaseModel):
    before_report_key: str | None
    after_report_key: str | None
    before_findings: list[Finding]
    after_findings: list[Finding]
