"""Everything that travels through Temporal history (one module, issue 12): object keys and small results, never file bytes.

Large results (the extracted report, the full check) are written to the bucket under the
results prefix by the activities; history carries their keys.
"""
# size: every model that travels through history stays in this one module (issue 12), so a change
# to what history carries is reviewed in one place. Sections: a document, the case, notices,
# the case's activities.

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue
from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from annual_report.model import Classification, Finding, ReportIdentity
    from intake.audit_chain import AuditCursor
    from intake.bucket_events import ObjectVersion
    from intake.cases import CaseRef, CellChange
    from intake.statuses import Status


# -- a document --------------------------------------------------------------------------


class DocumentInput(ObjectVersion):
    """The object a document workflow checks (fields in the order they always had), and how it came."""

    event_time: str | None = None
    trigger: str = "event"  # event | reconciler | cli
    # The identity the workflow id was derived from (adapters.object_identity): the bytes'
    # sha256 as the store reports it, and the submitter address.
    content_id: str | None = None
    submitter: str | None = None


class SentFile(BaseModel):
    """What a case keeps, as they are, of a submitted file's facts (`ObjectFacts`): its bytes and
    who sent it (the object's key becomes the submission's `object_key`)."""

    sha256: str
    original_name: str | None = None
    submitter_email: str | None = None
    submitter_name: str | None = None
    auto_submitted: bool = False  # automated mail (bounce, auto-reply, list): never answered


class ObjectFacts(SentFile):
    """One object of the inbox: the file as sent (`SentFile`), where it is, what its bytes are,
    and how it came."""

    bucket: str
    key: str
    version_id: str | None = None
    etag: str | None = None
    size: int
    content_type: str | None = None
    detected_type: str | None = None  # from the bytes: pdf, docx, text, zip, …
    format: str = "unknown"  # pdf | docx | text | unknown, from the bytes
    channel: str | None = None
    received_at: str | None = None
    message_id: str | None = None
    subject: str | None = None
    case_hint: str | None = None
    archive_of: str | None = None  # a member of an archive: the archive's key (archives nest one level only)
    # Metadata that could not be decoded or is not usable (e.g. an invalid submitter address):
    # "<key>: why". Treated as absent, recorded here (and so in the read stage's audit record).
    metadata_problems: list[str] = Field(default_factory=list)
    sender_verified: bool | None = None  # e-mail only: the sender is proven (intake/sender_trust.py)
    sender_evidence: str | None = None  # e-mail only: why, or why not (Chinese)


class StageInput(BaseModel):
    """Every stage gets the object facts, the audit cursor and the workflow's clock."""

    facts: ObjectFacts
    cursor: AuditCursor
    at: str  # ISO time from workflow.now(): identical on every retry of the activity
    results_prefix: str = "results/"


class ReadInput(BaseModel):
    document: DocumentInput
    cursor: AuditCursor
    at: str


class ReadOutput(BaseModel):
    facts: ObjectFacts
    document_key: str | None = None  # the read Document's JSON; None for a ZIP, a file too large, a scan
    cursor: AuditCursor  # after this stage's audit record
    # A scan: the text path does not read it; the OCR activity on this queue does.
    ocr_task_queue: str | None = None


class ReportSummary(ReportIdentity):
    """The report's identity (its metadata's head) and the tables' template, as a case needs them."""

    template: str | None = None


class ExtractInput(BaseModel):
    stage: StageInput
    document_key: str


class ExtractOutput(BaseModel):
    summary: ReportSummary
    report_key: str  # JSON of the extracted Report in the bucket
    cursor: AuditCursor  # after this stage's audit record


class ClassifyInput(BaseModel):
    stage: StageInput
    document_key: str
    report_key: str


class ClassifyOutput(BaseModel):
    classification: Classification
    cursor: AuditCursor  # after this stage's audit record


class ValidateInput(BaseModel):
    """Validate in the context of its case: the case (roster) decides whose report of last
    year the cross-year rules compare with, and whether the sender may speak for the body."""

    stage: StageInput
    classification: Classification
    report_key: str
    summary: ReportSummary


class ValidateOutput(BaseModel):
    findings: list[Finding] = Field(default_factory=list)
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    check_key: str  # the full CheckResult JSON, as `intake check --json` prints it
    case: CaseRef  # the case this report joins
    cursor: AuditCursor  # after this stage's audit record


class ArchiveOutput(BaseModel):
    member_keys: list[str]
    cursor: AuditCursor  # after this stage's audit record


class CheckOutcome(BaseModel):
    """What the check of one file came to: its classification, its findings and their counts,
    and the keys of the extracted report and the full check in the bucket (None: not checked
    that far). A document hands it to its case, which keeps it in the submission."""

    classification: Classification | None = None
    findings: list[Finding] = Field(default_factory=list)
    errors: int = 0
    warnings: int = 0
    report_key: str | None = None
    check_key: str | None = None


class DocumentResult(CheckOutcome):
    """What a checked document hands to its case."""

    workflow_id: str
    status: Status  # checked | unreadable | not_report | expanded
    facts: ObjectFacts | None = None
    summary: ReportSummary | None = None
    reason: str | None = None
    audit_chain: str | None = None
    case_id: str | None = None
    member_keys: list[str] = Field(default_factory=list)  # a ZIP: the members put back into the inbox

    def read_facts(self) -> ObjectFacts:
        """The object's facts: every document handed to a case was read, so it has them."""
        if self.facts is None:
            raise ValueError(f"{self.workflow_id} was handed to a case before it was read")
        return self.facts


class ReconcileResult(BaseModel):
    """What one pass of the reconciler found in the inbox and started."""

    listed: int = 0
    already_known: int = 0
    started: int = 0
    workflow_ids: list[str] = Field(default_factory=list)


# -- the case -------------------------------------------------------------------------

DecisionAction = Literal["approve", "return", "reject"]


class FindingRef(BaseModel):
    rule: str
    where: str
    message: str


class SubmissionDiff(BaseModel):
    changed_cells: list[CellChange] = Field(default_factory=list)
    fixed: list[FindingRef] = Field(default_factory=list)
    new: list[FindingRef] = Field(default_factory=list)


class Submission(CheckOutcome, SentFile):
    seq: int
    document_id: str
    object_key: str
    received_at: str
    diff: SubmissionDiff | None = None
    matched_by: str | None = None  # the reviewer who matched an unverified submission to this body


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


class Assignment(BaseModel):
    """claim / release / withdraw: `login` acts; reassign: the head gives the case `to` another."""

    login: str
    to: str | None = None


class MatchRequest(BaseModel):
    """The intake desk names the body an unverified submission belongs to."""

    login: str
    body: str
    year: int | None = None  # when the report's own year could not be read


class DismissRequest(BaseModel):
    login: str
    comment: str


CommentRole = Literal["reviewer", "clerk", "unknown"]


class ThreadEntry(BaseModel):
    """One message of a case's thread, which clerk and reviewers both see (newest last):
    a comment (web or a mailed reply) or a decision with its comment. An `unverified` entry
    (a mailed reply whose sender could not be confirmed) is shown to reviewers only."""

    id: str
    at: str
    kind: Literal["comment", "decision"] = "comment"
    author: str  # a reviewer's login, or the clerk's e-mail address
    author_name: str | None = None
    role: CommentRole
    text: str
    via: Literal["web", "email", "cli"] = "web"
    action: DecisionAction | None = None  # a decision: approve / return / reject
    verified: bool = True
    unverified_reason: str | None = None


class CaseView(BaseModel):
    """What `intake case`, the web app and the queries show."""

    case_id: str
    organization: str | None
    county: str | None
    year: int | None
    status: Status
    reviewer: str | None  # the assignee; None = nobody has claimed it
    deadline: str | None
    known_body: bool
    submissions: list[Submission]
    history: list[HistoryEntry]
    awaiting_since: str | None = None
    decision: Decision | None = None
    unverified: bool = False  # on the intake desk until matched to a body or dismissed
    unverified_reason: str | None = None
    head: str | None = None
    withdrawable_until: str | None = None  # a decision not yet mailed can be withdrawn until then
    matched_to: str | None = None  # the official case an unverified submission was handed to
    decisions_done: int = 0
    thread: list[ThreadEntry] = Field(default_factory=list)


class CommentSignal(BaseModel):
    """A comment for a case's thread, from the web page or a mailed reply. `id` makes it
    idempotent (a redelivered mail, a retried post). `previous`: the closed run's view, when
    the comment starts the case's next run (a reply to a decided case's mail)."""

    id: str
    author: str  # login (reviewer) or e-mail address (clerk, mail)
    author_name: str | None = None
    role: CommentRole
    text: str
    via: Literal["web", "email", "cli"] = "web"
    verified: bool = True  # False: a mailed reply whose sender is not proven to be allowed
    unverified_reason: str | None = None
    message_id: str | None = None  # a mailed reply: our answer threads to it
    previous: CaseView | None = None


class SubmissionSignal(BaseModel):
    document: DocumentResult
    case: CaseRef
    matched_by: str | None = None  # set when the intake desk matched an unverified submission


# -- notices ----------------------------------------------------------------------------

NoticeKind = Literal[
    "findings",  # with the receipt
    "receipt",
    "not_report",
    "unreadable",
    "assigned",
    "decision",
    "reminder",
    "escalation",
    "clerk_reminder",
    "dismissed",
    "late_report",  # 催报 (workflows/reminder.py)
    "comment",  # a new comment in a case's thread, to the other side
    "reply_received",  # to the sender of a mailed reply: it reached the case
]


class NoticeData(BaseModel):
    """What a notice's text is filled from (activities/notices.py): the case as it stands,
    and what the kind of notice adds. Unknown fields are refused: a misspelt one would leave
    a blank in a mail."""

    model_config = ConfigDict(extra="forbid")

    # the case
    organization: str | None = None
    year: int | None = None
    county: str | None = None
    known_body: bool = True
    unverified: bool = False
    reviewer: str | None = None  # login
    deadline: str | None = None  # ISO date
    file: str | None = None
    waiting_since: str | None = None  # ISO time
    comment: str | None = None  # the reviewer's
    # what a kind adds
    submission: int = 1  # which submission of the case
    received_at: str | None = None  # ISO time
    findings: list[Finding] = Field(default_factory=list)
    resubmitted: bool = False
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    waiting_days: int = 0
    action: DecisionAction | None = None  # decision
    reason: str | None = None  # not_report / unreadable
    reason_code: str | None = None
    # 催报 (late_report): how the body stands, who reminded it, where it acts
    late_status: Literal["not_submitted", "late", "returned"] | None = None
    days_late: int | None = None
    reminded_by: str | None = None  # login
    link: str | None = None  # its case (returned), else the clerk's upload page
    # findings of a scan: the numbers were read by OCR
    read_by_ocr: bool = False
    # a comment in the thread (comment / reply_received)
    author: str | None = None  # login or address
    author_name: str | None = None
    role: CommentRole | None = None
    text: str | None = None
    via: Literal["web", "email", "cli"] | None = None
    verified: bool = True
    unverified_reason: str | None = None
    excerpt: str | None = None  # reply_received: what the sender wrote
    in_reply_to: str | None = None  # reply_received: the sender's Message-ID


class NoticeRequest(BaseModel):
    """Ask the notify activity to send one message; `key` makes sending idempotent."""

    key: str
    kind: NoticeKind
    to: list[str]
    case_id: str
    at: str
    data: NoticeData = Field(default_factory=NoticeData)


class NoticeOutcome(BaseModel):
    key: str
    kind: str
    state: Literal["sent", "already_sent", "unaddressable"]
    detail: str = ""


# -- the case's activities ----------------------------------------------------------------


class CaseEvent(BaseModel):
    stage: str
    actor: str
    at: str
    detail: dict[str, JsonValue] = Field(default_factory=dict)  # the audit record's own fields


class CaseEventsInput(BaseModel):
    """Audit records of a case, written in order by one activity. No cursor: the activity
    finds the chain's head (the first activity of a run)."""

    chain: str
    cursor: AuditCursor | None = None
    events: list[CaseEvent]


class RouteInput(BaseModel):
    """Take a submission: its audit record, and routing when the case has no assignee."""

    case: CaseRef
    cursor: AuditCursor | None = None  # None: the first activity of this run (find the chain head, restore a closed run)
    submission: Submission
    actor: str
    reviewer: str | None = None  # the current assignee, if any
    route: bool = True  # False: keep the case unassigned (a reviewer released it)
    exclude: list[str] = Field(default_factory=list)


class RouteOutput(BaseModel):
    reviewer: str | None
    routed: bool
    cursor: AuditCursor
    previous: CaseView | None = None  # the last closed run of this case, restored on reopening
    withdraw_window_s: int = 600


class CloseInput(BaseModel):
    """A decided case closes: the accepted report (approve) and the case's final state."""

    case: CaseRef
    report_key: str | None = None
    view: CaseView


class MatchInput(BaseModel):
    desk_case_id: str
    cursor: AuditCursor
    document: DocumentResult
    request: MatchRequest
    county: str | None
    at: str


class MatchOutput(BaseModel):
    case_id: str
    cursor: AuditCursor


class DiffInput(BaseModel):
    before_report_key: str | None
    after_report_key: str | None
    before_findings: list[Finding]
    after_findings: list[Finding]
