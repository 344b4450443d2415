"""Notification e-mails, in Chinese, plain text + HTML. Pure: no clock, no I/O.

Each notice is a pydantic model (`models.py`, usable as a Temporal activity argument);
`compose(notice, sender)` turns it into an `EmailMessage` (`compose.py`). The wording is in
`case_texts.py` (submissions) and `office_texts.py` (decisions, reminders, comments,
replies, duplicates); both parts of a mail are rendered from one list of blocks
(`blocks.py`).
"""

from intake.notices.blocks import BEIJING, SEVERITY_LABEL, Block, Facts, Items, Link, P, Quote, day, when
from intake.notices.case_texts import FOOTER, greeting, link, report_title
from intake.notices.compose import (
    MESSAGE_ID_DOMAIN,
    SENDER_NAME,
    TOKEN_RE,
    MailIdentity,
    address_problem,
    case_token,
    compose,
    html_text,
    message_id,
    plain_text,
    register_builder,
    reply_address,
)
from intake.notices.models import (
    AssignmentNotice,
    CommentNotice,
    DecisionNotice,
    DismissedNotice,
    DuplicateNotice,
    FindingsNotice,
    NoAttachmentNotice,
    Notice,
    NoticeBase,
    ReceiptNotice,
    Recipient,
    RejectedFileNotice,
    ReminderNotice,
    ReplyReceivedNotice,
)
from intake.notices.office_texts import duplicate_line

__all__ = [
    "BEIJING",
    "FOOTER",
    "MESSAGE_ID_DOMAIN",
    "SENDER_NAME",
    "SEVERITY_LABEL",
    "TOKEN_RE",
    "AssignmentNotice",
    "Block",
    "CommentNotice",
    "DecisionNotice",
    "DismissedNotice",
    "DuplicateNotice",
    "Facts",
    "FindingsNotice",
    "Items",
    "Link",
    "MailIdentity",
    "NoAttachmentNotice",
    "Notice",
    "NoticeBase",
    "P",
    "Quote",
    "ReceiptNotice",
    "Recipient",
    "RejectedFileNotice",
    "ReminderNotice",
    "ReplyReceivedNotice",
    "address_problem",
    "case_token",
    "compose",
    "day",
    "duplicate_line",
    "greeting",
    "html_text",
    "link",
    "message_id",
    "plain_text",
    "register_builder",
    "reply_address",
    "report_title",
    "when",
]
