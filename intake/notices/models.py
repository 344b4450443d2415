"""The notices: one pydantic model per kind of mail (usable as a Temporal activity argument).
What each says is in `case_texts.py` and `office_texts.py`; `compose.py` makes the e-mail."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from annual_report.model import Finding


class Recipient(BaseModel):
    email: str
    name: str | None = None


class NoticeBase(BaseModel):
    key: str  # unique per message intent, e.g. "case/<id>/receipt/<sha>"; gives the Message-ID
    to: list[Recipient]
    date: datetime  # supplied by the caller (workflow time), for determinism
    in_reply_to: str | None = None  # Message-ID of the clerk's e-mail, to thread the answer
    case_url: str | None = None  # link into the web app, when there is one
    # The case a reply to this mail belongs to: set, the mail gets a Reply-To (and a
    # Message-ID) naming the case's reply token, so the gateway can put the answer in its thread.
    reply_case: str | None = None

    def answered_by(self) -> str | None:
        """Where an answer to this mail should go instead of back to us (a Reply-To), if not
        to the case's thread. None: no such address."""
        return None


class CaseNotice(NoticeBase):
    """A mail about a case: the case, and the body and year its subject names (when known)."""

    case_id: str
    organization: str | None = None
    year: int | None = None


class ReceiptNotice(CaseNotice):
    kind: Literal["receipt"] = "receipt"
    file_name: str
    received_at: datetime


class FindingsNotice(CaseNotice):
    """The findings; with `received_at`, also the receipt (one mail: the check is done by the
    time the case has the file)."""

    kind: Literal["findings"] = "findings"
    file_name: str
    findings: list[Finding] = Field(default_factory=list)
    not_in_roster: bool = False  # unverified: the county's intake desk confirms the body first
    received_at: datetime | None = None
    read_by_ocr: bool = False  # the numbers were read from a scan: the clerk should check them


class DismissedNotice(NoticeBase):
    """The intake desk dismissed an unverified submission: the reason, to its sender."""

    kind: Literal["dismissed"] = "dismissed"
    case_id: str
    file_name: str
    reason: str


class RejectedFileNotice(NoticeBase):
    """A file that is not a report, or cannot be read. `reasons` come from the classifier."""

    kind: Literal["not_report", "unreadable"]
    record_id: str
    file_name: str
    reasons: list[str] = Field(default_factory=list)
    reason_code: str | None = None  # encrypted, scanned, garbled, unsupported, too_large, …


class AssignmentNotice(NoticeBase):
    kind: Literal["assignment"] = "assignment"
    case_id: str
    reviewer_name: str
    organization: str
    county: str
    year: int | None = None
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    not_in_roster: bool = False
    resubmission: int = 0  # 0 = first submission; n = n-th corrected version


class DecisionNotice(CaseNotice):
    kind: Literal["decision"] = "decision"
    decision: Literal["approve", "return", "reject"]
    reviewer_name: str
    comment: str | None = None  # required for return / reject (the reason)
    deadline: date | None = None  # for a returned case: resubmit by


class ReminderNotice(CaseNotice):
    """To the reviewer (reviewer), escalated to the county head (head), or to the clerk of a
    returned case before the deadline (clerk)."""

    kind: Literal["reminder"] = "reminder"
    audience: Literal["reviewer", "head", "clerk"]
    waiting_since: datetime | None = None  # reviewer / head: since when the case awaits review
    reviewer_name: str | None = None  # head: who has not decided
    deadline: date | None = None  # clerk: the report deadline
    comment: str | None = None  # clerk: the reviewer's comment when returning


class NoAttachmentNotice(NoticeBase):
    """For the mail gateway: an e-mail arrived without a usable report attached."""

    kind: Literal["no_attachment"] = "no_attachment"
    subject: str | None = None  # the subject of the clerk's e-mail
    received_at: datetime
    ignored: list[str] = Field(default_factory=list)  # "照片.jpg（图片）" …
    forwarded_to: str | None = None  # the mail's words went to this person (intake/desk_letters.py)


class CommentNotice(CaseNotice):
    """A new comment in a case's thread, to the other side (reviewer → clerks, clerk →
    reviewer). `unverified`: a mailed reply whose sender could not be confirmed, to the
    intake desk only."""

    kind: Literal["comment"] = "comment"
    author: str  # name (or address) of who wrote it
    author_role: Literal["reviewer", "clerk", "unknown"]
    text: str
    via: Literal["web", "email", "cli"] = "web"
    unverified: bool = False
    unverified_reason: str | None = None


class ReplyReceivedNotice(NoticeBase):
    """To the sender of a mailed reply: it reached the case's reviewer (or, unverified, the
    intake desk, which confirms the sender first)."""

    kind: Literal["reply_received"] = "reply_received"
    case_id: str
    reviewer_name: str | None = None
    unverified: bool = False
    excerpt: str = ""


class DuplicateNotice(NoticeBase):
    """A file that was received before (same bytes, same sender): when, as what, where it is."""

    kind: Literal["duplicate"] = "duplicate"
    file_name: str
    first_received_at: datetime | None = None
    document_id: str
    case_id: str | None = None
    status_label: str


Notice = Annotated[
    ReceiptNotice
    | FindingsNotice
    | RejectedFileNotice
    | AssignmentNotice
    | DecisionNotice
    | ReminderNotice
    | NoAttachmentNotice
    | DismissedNotice
    | CommentNotice
    | ReplyReceivedNotice
    | DuplicateNotice,
    Field(discriminator="kind"),
]
