"""One row of the cases list: what the visibility store knows of a case (or of the record
of a file that could not become one), without replaying its workflow.

Built by `workflows.case_queries.list_cases`; shown by the web inbox, the dashboard and
`intake cases` (whose `--json` is `model_dump(mode="json")` of these rows).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from intake.statuses import Status


class CaseProgress(BaseModel):
    """How far a case's review has come: its reviewer and its latest check's counts (None: not
    known, or no case)."""

    reviewer: str | None = None
    errors: int | None = None
    warnings: int | None = None


class CaseSummary(CaseProgress):
    case_id: str
    kind: Literal["case", "record"]  # record: a file answered without a case (unreadable, not a report)
    organization: str | None = None
    county: str | None = None
    year: int | None = None
    status: Status | None = None
    submitter: str | None = None
    started: str | None = None  # ISO time the workflow started: the first submission
    running: bool = False
