"""What travels through Temporal history: object keys and small results, never file bytes.

Large results (the extracted report, the full check) are written to the bucket under the
results prefix by the activities; history carries their keys.
"""

from __future__ import annotations

from pydantic import BaseModel, Field
from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from annual_report.model import Classification, Finding
    from intake.audit import AuditCursor


class DocumentInput(BaseModel):
    bucket: str
    key: str
    etag: str | None = None
    version_id: str | None = None
    size: int | None = None
    event_time: str | None = None
    trigger: str = "event"  # event | reconciler | cli


class ObjectFacts(BaseModel):
    bucket: str
    key: str
    version_id: str | None = None
    etag: str | None = None
    size: int
    sha256: str
    content_type: str | None = None
    submitter_email: str | None = None
    submitter_name: str | None = None
    channel: str | None = None
    original_name: str | None = None
    received_at: str | None = None
    message_id: str | None = None
    subject: str | None = None
    case_hint: str | None = None
    detected_type: str | None = None  # from the bytes: pdf, docx, text, zip, …
    auto_submitted: bool = False  # automated mail (bounce, auto-reply, list): never answered


class StageInput(BaseModel):
    """Every stage gets the object facts, the audit cursor and the workflow's clock."""

    facts: ObjectFacts
    cursor: AuditCursor
    at: str  # ISO time from workflow.now(): identical on every retry of the activity
    results_prefix: str = "results/"


class FetchInput(BaseModel):
    document: DocumentInput
    cursor: AuditCursor
    at: str


class FetchOutput(BaseModel):
    facts: ObjectFacts
    cursor: AuditCursor  # after this stage's audit record


class ClassifyOutput(BaseModel):
    classification: Classification
    cursor: AuditCursor  # after this stage's audit record


class ReportSummary(BaseModel):
    organization: str | None = None
    full_name: str | None = None
    parent: str | None = None
    year: int | None = None
    template: str | None = None
    document_number: str | None = None
    title: str | None = None


class ExtractOutput(BaseModel):
    summary: ReportSummary
    report_key: str  # JSON of the extracted Report in the bucket
    cursor: AuditCursor  # after this stage's audit record


class ValidateInput(BaseModel):
    stage: StageInput
    classification: Classification
    report_key: str
    previous_report_key: str | None = None  # last year's accepted report of the same body
    known_body: bool = True  # False: the body is not in the roster (a finding says so)
    sender_body: str | None = None  # the sender is a clerk of this other body (a finding says so)


class ResolveInput(BaseModel):
    summary: "ReportSummary"
    facts: ObjectFacts


class ValidateOutput(BaseModel):
    findings: list[Finding] = Field(default_factory=list)
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    check_key: str  # the full CheckResult JSON, as `intake check --json` prints it
    cursor: AuditCursor  # after this stage's audit record


class ArchiveOutput(BaseModel):
    member_keys: list[str]
    cursor: AuditCursor  # after this stage's audit record


class DocumentResult(BaseModel):
    """What a checked document hands to its case."""

    workflow_id: str
    status: str  # checked | unreadable | not_report
    facts: ObjectFacts | None = None
    classification: Classification | None = None
    summary: ReportSummary | None = None
    findings: list[Finding] = Field(default_factory=list)
    errors: int = 0
    warnings: int = 0
    report_key: str | None = None
    check_key: str | None = None
    reason: str | None = None
    audit_chain: str | None = None
    case_id: str | None = None
    member_keys: list[str] = Field(default_factory=list)  # a ZIP: the members put back into the inbox
