"""From a notice to an `EmailMessage`: From 县政府办公室 年报受理 <sender>, Chinese subject,
plain text + HTML alternatives.

The message is byte-for-byte deterministic for the same notice: Message-ID
`<sha256(key)[:32]@report-intake>` (with `.<case token>` before the `@` for a case's mail),
Date from the notice, and a MIME boundary derived from the key. A retried activity therefore
builds the very same message.

A case's mails carry `Reply-To: <local>+<case token>@<domain>` of the sender address: a reply
comes back to the mail gateway (plus-addressing) naming its case, and so does its
In-Reply-To (our Message-ID holds the token too).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable
from datetime import UTC
from email.headerregistry import Address, HeaderRegistry
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any, Protocol

from intake.notices import case_texts, office_texts
from intake.notices.blocks import Block, html_page, plain
from intake.notices.models import NoticeBase

SENDER_NAME = "县政府办公室 年报受理"
HEADER_REGISTRY = HeaderRegistry()
MESSAGE_ID_DOMAIN = "report-intake"
TOKEN_RE = re.compile(r"^[a-z2-7]{16}$")

_BUILDERS: dict[str, Callable[[Any], tuple[str, list[Block]]]] = {
    "receipt": case_texts.receipt,
    "findings": case_texts.findings,
    "not_report": case_texts.rejected_file,
    "unreadable": case_texts.rejected_file,
    "assignment": case_texts.assignment,
    "dismissed": case_texts.dismissed,
    "decision": office_texts.decision,
    "reminder": office_texts.reminder,
    "no_attachment": office_texts.no_attachment,
    "comment": office_texts.comment,
    "reply_received": office_texts.reply_received,
    "duplicate": office_texts.duplicate,
}


def register_builder(kind: str, builder: Callable[..., tuple[str, list[Block]]]) -> None:
    """A notice defined in another module (e.g. intake/reminders.py) adds its wording here."""
    _BUILDERS[kind] = builder


def case_token(case_id: str) -> str:
    """A short, address-safe name of a case (case ids hold Chinese): 16 base32 characters of
    its hash. Not a secret: the gateway trusts a reply's sender only on evidence."""
    digest = hashlib.sha256(("reply:" + case_id).encode("utf-8")).digest()
    return base64.b32encode(digest[:10]).decode("ascii").lower()


def message_id(key: str, token: str | None = None) -> str:
    local = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return f"<{local}.{token}@{MESSAGE_ID_DOMAIN}>" if token else f"<{local}@{MESSAGE_ID_DOMAIN}>"


def reply_address(sender: str, token: str) -> str:
    local, _, domain = sender.partition("@")
    return f"{local.split('+', 1)[0]}+{token}@{domain}"


def address_problem(address: str | None) -> str | None:
    """Why a notice cannot be sent to `address` (None: it can). Checked with the stdlib's
    own header parser, the one that composes the message: a value it cannot use as a To
    address (no domain, CR/LF, several addresses, unparseable) would fail every retry."""
    if not address or not address.strip():
        return "没有收件地址"
    if any(c in address for c in "\r\n\0") or any(ord(c) < 32 for c in address):
        return "收件地址含控制字符"
    try:
        header = HEADER_REGISTRY("To", address)
    except Exception as exc:
        return f"收件地址无法解析：{type(exc).__name__}"
    if header.defects:
        return "收件地址格式错误：" + type(header.defects[0]).__name__
    addrs: tuple[Address, ...] = getattr(header, "addresses", ())  # typeshed types the base class
    if len(addrs) != 1:
        return "收件地址应为一个地址"
    a = addrs[0]
    if not a.username or not a.domain or "." not in a.domain or a.addr_spec != address.strip():
        return "收件地址格式错误"
    return None


class MailIdentity(Protocol):
    """What compose needs of the mail settings (kept structural: the domain imports no settings)."""

    sender: str


def compose(notice: NoticeBase, sender: MailIdentity | str) -> EmailMessage:
    """The e-mail for a notice: deterministic Message-ID, Date and MIME boundary; a case's
    mail gets the Reply-To that brings answers back into the case's thread."""
    kind: str = getattr(notice, "kind")  # noqa: B009 (every concrete notice has one)
    subject, blocks = _BUILDERS[kind](notice)
    addr = sender if isinstance(sender, str) else sender.sender
    token = case_token(notice.reply_case) if notice.reply_case else None
    msg = EmailMessage()
    msg["From"] = Address(display_name=SENDER_NAME, addr_spec=addr)
    msg["To"] = [Address(display_name=r.name or "", addr_spec=r.email) for r in notice.to]
    if token:
        msg["Reply-To"] = Address(display_name=SENDER_NAME, addr_spec=reply_address(addr, token))
    elif notice.answered_by():
        msg["Reply-To"] = notice.answered_by()
    msg["Subject"] = subject
    when = notice.date if notice.date.tzinfo else notice.date.replace(tzinfo=UTC)
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = message_id(notice.key, token)
    if notice.in_reply_to:
        msg["In-Reply-To"] = notice.in_reply_to
        msg["References"] = notice.in_reply_to
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Auto-Response-Suppress"] = "All"  # no out-of-office replies to a robot
    msg["X-Intake-Notice"] = kind
    msg.set_content(plain(blocks), charset="utf-8", cte="base64")
    msg.add_alternative(html_page(subject, blocks), subtype="html", charset="utf-8", cte="base64")
    msg.set_boundary("==intake-" + hashlib.sha256(notice.key.encode("utf-8")).hexdigest()[:24] + "==")
    return msg


def plain_text(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else ""


def html_text(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("html",))
    return part.get_content() if part is not None else ""
