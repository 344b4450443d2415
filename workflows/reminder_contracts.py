"""What the 催报 workflow (workflows/reminder.py) carries through its history: its input, the
plan its first activity returns, its result. Beside `contracts.py` (which holds the notice it
sends), so that module stays within the size limit."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field
from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.contracts import NoticeRequest


class ReminderRequest(BaseModel):
    """催报 of one body for one year (the reminder workflow's input; its id is per body per day)."""

    reminder_id: str
    year: int
    county: str
    organization: str
    status: Literal["not_submitted", "late", "returned"]
    deadline: str  # ISO date
    by: str  # the reviewer's or head's login
    days_late: int | None = None
    case_id: str | None = None
    at: str | None = None  # set by the workflow (its clock): the record's and the mail's time


class ReminderPlan(BaseModel):
    """Written to the audit trail: who is mailed (the roster's clerks) and who cannot be."""

    notice: NoticeRequest | None = None
    to: list[str] = Field(default_factory=list)
    problems: list[str] = Field(default_factory=list)


class ReminderResult(BaseModel):
    state: str  # intake.reminders.ReminderState
    to: list[str] = Field(default_factory=list)
    detail: str = ""


class ReminderNote(BaseModel):
    """A returned case's 催报, signalled to the case (`body_reminded`) so that its own history
    (the case page, the Temporal UI) shows it beside the audit record."""

    by: str
    state: str
    to: list[str] = Field(default_factory=list)
