"""Every status a case, a document or a roster body can have: one enum, one label table.

The workflows set them, the search attribute `IntakeStatus` carries their value, the web app
and the CLI show their Chinese label. `StrEnum` members compare equal to their plain string
values, so values read back from Temporal visibility or stored JSON need no conversion.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    # a case (one body, one year)
    RECEIVED = "received"
    CHECKING = "checking"
    AWAITING_REVIEW = "awaiting_review"
    RETURNED = "returned"
    APPROVED = "approved"
    REJECTED = "rejected"
    # an unverified submission on the intake desk, and how it ended there
    UNVERIFIED = "unverified"
    MATCHED = "matched"
    DISMISSED = "dismissed"
    # a document that did not become a submission of a case
    CHECKED = "checked"
    EXPANDED = "expanded"
    UNREADABLE = "unreadable"
    NOT_REPORT = "not_report"
    # a roster body without a case for the year
    NOT_SUBMITTED = "not_submitted"
    LATE = "late"

    @property
    def label(self) -> str:
        return LABELS[self]


LABELS: dict[Status, str] = {
    Status.RECEIVED: "已收到",
    Status.CHECKING: "检查中",
    Status.AWAITING_REVIEW: "待审核",
    Status.RETURNED: "已退回修改",
    Status.APPROVED: "已通过",
    Status.REJECTED: "不予受理",
    Status.UNVERIFIED: "待确认来源",
    Status.MATCHED: "已归入单位案件",
    Status.DISMISSED: "来源未确认，已驳回",
    Status.CHECKED: "已检查",
    Status.EXPANDED: "压缩包已拆分",
    Status.UNREADABLE: "无法读取",
    Status.NOT_REPORT: "不是年度报告",
    Status.NOT_SUBMITTED: "未报送",
    Status.LATE: "逾期未报送",
}

CASE_STATUSES = (
    Status.RECEIVED,
    Status.CHECKING,
    Status.AWAITING_REVIEW,
    Status.RETURNED,
    Status.APPROVED,
    Status.REJECTED,
    Status.UNVERIFIED,
    Status.MATCHED,
    Status.DISMISSED,
)
# The intake desk's own statuses: such a case is not (yet) a body's submission.
DESK_STATUSES = (Status.UNVERIFIED, Status.MATCHED, Status.DISMISSED)
DECIDED = (Status.APPROVED, Status.REJECTED)
# Files that were answered without becoming a case's submission ("records" in the cases list).
RECORD_STATUSES = (Status.UNREADABLE, Status.NOT_REPORT)
# What `intake cases --status` and the inbox filter accept.
LISTABLE = (*CASE_STATUSES, *RECORD_STATUSES, Status.LATE)


def label(value: str | None) -> str:
    """The Chinese label of a status value; unknown values are shown as they are."""
    if not value:
        return "未知"
    try:
        return Status(value).label
    except ValueError:
        return value
