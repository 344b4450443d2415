"""Turning one received e-mail (raw bytes) into the files a township meant to send.

Pure: no network, no storage, and no attachment is ever opened beyond MIME decoding (a ZIP
is returned as the ZIP it is; the checker opens it).

Real mail is messier than the RFCs. What is handled, and why:
- File names in every encoding mail clients use: RFC 2231 `filename*=utf-8''%E5...` and its
  continuations `filename*0*=` (Outlook, Thunderbird, Apple Mail); RFC 2047 encoded-words
  inside quoted `filename=` / `name=` (Foxmail `=?GB2312?B?...?=`, QQ Mail
  `=?gb18030?B?...?=`, Q-encoded variants), split across several words even in the middle of
  a character; raw GBK / GB18030 / UTF-8 bytes in headers (WPS, old Foxmail, webmail
  gateways). Headers are read from the raw bytes the parser keeps, and decoded with
  fallbacks: declared charset (GB2312 and GBK read as their superset GB18030), UTF-8,
  GB18030.
- Inline images (signatures, logos, pasted screenshots: `Content-Disposition: inline`, or a
  `Content-ID` referenced as `cid:` from the HTML) are not attachments.
- Forwarded messages (`message/rfc822`): the attachments inside are the attachments.
- `application/octet-stream` parts with or without a name, `.txt` reports attached inline,
  several reports in one message.
"""

from __future__ import annotations

import binascii
import email
import email.utils
import hashlib
import re
from dataclasses import dataclass, field
from email import policy
from email.message import Message

from intake.mail_headers import (
    clean_text,
    decode_bytes,
    decode_header_text,
    decode_words,
    disposition,
    part_filename,
    raw_header,
    raw_text,
    safe_filename,
)

__all__ = [
    "Attachment",
    "ParsedMail",
    "Skipped",
    "decode_header_text",
    "decode_words",
    "parse_message",
    "part_filename",
    "safe_filename",
]

# Parts that are never a report: signatures and delivery reports.
_NEVER_ATTACHMENT = {
    "application/pkcs7-signature",
    "application/x-pkcs7-signature",
    "application/pgp-signature",
    "application/pgp-keys",
    "message/delivery-status",
    "message/disposition-notification",
    "text/rfc822-headers",
}
# Trace headers a relay adds; left out when a message without Message-ID gets a derived one,
# so the same message arriving through another hop or a retry gets the same id.
_TRACE_HEADERS = {
    "received",
    "return-path",
    "delivered-to",
    "x-original-to",
    "x-received",
    "authentication-results",
    "received-spf",
    "arc-seal",
    "arc-message-signature",
    "arc-authentication-results",
}
_BODY_EXCERPT_CHARS = 2000
_BODY_CHARS = 64_000


@dataclass(frozen=True)
class Attachment:
    index: int  # 1-based position among the message's usable attachments
    filename: str  # safe for an object key: no path, no control characters, never empty
    original_name: str  # the decoded name as sent ("" when the part had none)
    content_type: str
    data: bytes
    forwarded: bool = False  # found inside a forwarded message/rfc822


@dataclass(frozen=True)
class Skipped:
    content_type: str
    filename: str
    reason: str  # inline-image | signature | empty | body


@dataclass
class ParsedMail:
    message_id: str  # "<...>" as sent, or derived from the content when missing
    message_id_derived: bool
    sender_email: str
    sender_name: str
    subject: str
    date: str
    attachments: list[Attachment] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    body_excerpt: str = ""
    auto_submitted: bool = False  # a bounce, auto-reply or list mail: never answer it
    auth_results: list[str] = field(default_factory=list)  # Authentication-Results headers, as received
    # For replies to our mails (intake/mail_replies.py): the ids they answer, and the body.
    in_reply_to: str = ""
    references: str = ""
    body_text: str = ""  # the text/plain body parts, decoded (bounded)
    body_html: str = ""  # the text/html body parts, decoded (bounded), for HTML-only clients


# ---------------------------------------------------------------------------------- message


@dataclass
class _Candidate:
    name: str
    content_type: str
    data: bytes
    cid: str
    forwarded: bool


@dataclass
class _Walk:
    candidates: list[_Candidate] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    html_cids: set[str] = field(default_factory=set)
    body: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)


def _content_id(part: Message) -> str:
    raw = raw_header(part, "content-id")
    return raw_text(raw).strip().strip("<>").strip().lower() if raw else ""


def _payload_bytes(part: Message) -> bytes:
    """The decoded body of a leaf part (typeshed types get_payload as a union of everything)."""
    data = part.get_payload(decode=True)
    return data if isinstance(data, bytes) else b""


def _text_of(part: Message) -> str:
    charset = part.get_param("charset")
    return decode_bytes(_payload_bytes(part), charset if isinstance(charset, str) else None)


def _walk(part: Message, w: _Walk, forwarded: bool, depth: int = 0) -> None:
    if depth > 20:  # a pathological nesting: stop rather than recurse forever
        return
    ctype = part.get_content_type()
    if ctype == "message/rfc822" or (part.is_multipart() and ctype.startswith("message/")):
        cte = raw_text(raw_header(part, "content-transfer-encoding")).strip().lower()
        if cte in ("base64", "quoted-printable"):
            # Against RFC 2046 but seen (Exchange): the parser read the encoded text as a
            # message; take the part's body back, decode it, parse that.
            body = re.split(rb"\r?\n\r?\n", part.as_bytes(policy=policy.compat32), maxsplit=1)[-1]
            data = binascii.a2b_base64(body) if cte == "base64" else binascii.a2b_qp(body)
            _walk(email.message_from_bytes(data, policy=policy.default), w, True, depth + 1)
            return
        inner = part.get_payload()
        if isinstance(inner, list):
            for sub in inner:
                if isinstance(sub, Message):
                    _walk(sub, w, True, depth + 1)
        else:
            data = _payload_bytes(part)
            if data:
                _walk(email.message_from_bytes(data, policy=policy.default), w, True, depth + 1)
        return
    if part.is_multipart():
        for sub in part.get_payload():
            if isinstance(sub, Message):
                _walk(sub, w, forwarded, depth + 1)
        return
    name = part_filename(part)
    disp = disposition(part)
    if ctype in _NEVER_ATTACHMENT or (ctype.startswith("message/") and not name):
        w.skipped.append(Skipped(ctype, name, "signature" if "signature" in ctype else "body"))
        return
    if ctype.startswith("text/") and not name and disp != "attachment":
        text = _text_of(part)
        if ctype == "text/html":
            w.html_cids.update(c.lower() for c in re.findall(r"cid:([^\"'\s>)]+)", text, re.I))
            if not forwarded:
                w.html.append(text)
        elif ctype == "text/plain" and not forwarded:
            w.body.append(text)
        w.skipped.append(Skipped(ctype, "", "body"))
        return
    cid = _content_id(part)
    if ctype.startswith("image/") and disp != "attachment" and (disp == "inline" or cid):
        w.skipped.append(Skipped(ctype, name, "inline-image"))
        return
    w.candidates.append(_Candidate(name, ctype, _payload_bytes(part), cid, forwarded))


def _header_fields(block: bytes) -> list[tuple[str, bytes]]:
    fields: list[tuple[str, bytes]] = []
    for line in re.split(rb"\r?\n", block):
        if line[:1] in (b" ", b"\t") and fields:
            fields[-1] = (fields[-1][0], fields[-1][1] + b"\n" + line)
        elif b":" in line:
            fields.append((line.split(b":", 1)[0].strip().decode("ascii", "replace").lower(), line))
    return fields


def derive_message_id(raw: bytes) -> str:
    """A stable id for a message that has no Message-ID: a hash of its bytes without the
    trace headers relays add, so a retried or re-routed delivery gets the same id."""
    m = re.search(rb"\r?\n\r?\n", raw)
    head, body = (raw[: m.start()], raw[m.end() :]) if m else (raw, b"")
    h = hashlib.sha256()
    for name, line in _header_fields(head):
        if name not in _TRACE_HEADERS:
            h.update(line.replace(b"\r", b"") + b"\n")
    h.update(b"\n")
    h.update(body.replace(b"\r\n", b"\n"))
    return f"<sha256-{h.hexdigest()[:40]}@no-message-id.invalid>"


def _message_id(msg: Message) -> str:
    raw = raw_header(msg, "message-id")
    if not raw:
        return ""
    text = raw_text(raw).strip()
    m = re.search(r"<[^<>\s]+>", text)
    return m.group(0) if m else (f"<{text}>" if text and " " not in text else "")


def _sender(msg: Message, envelope_from: str) -> tuple[str, str]:
    for header in ("from", "sender", "reply-to"):
        raw = raw_header(msg, header)
        if not raw:
            continue
        for name, addr in email.utils.getaddresses([raw_text(raw)]):
            if addr and "@" in addr:
                return addr.strip().lower(), clean_text(decode_words(name)).strip('"').strip()
    return (envelope_from or "").strip().lower(), ""


def _is_auto(msg: Message, envelope_from: str, sender: str) -> bool:
    auto = raw_text(raw_header(msg, "auto-submitted")).strip().lower()
    prec = raw_text(raw_header(msg, "precedence")).strip().lower()
    local = sender.split("@", 1)[0]
    return (
        (bool(auto) and auto != "no")
        or prec in {"bulk", "junk", "list", "auto_reply"}
        or not envelope_from
        or local in {"mailer-daemon", "postmaster", "noreply", "no-reply"}
        or raw_header(msg, "list-id") is not None
    )


def parse_message(raw: bytes, envelope_from: str = "-") -> ParsedMail:
    """Parse one message as received. `envelope_from` is MAIL FROM ("" for a bounce)."""
    msg = email.message_from_bytes(raw, policy=policy.default)
    walk = _Walk()
    _walk(msg, walk, forwarded=False)

    attachments: list[Attachment] = []
    skipped = list(walk.skipped)
    for cand in walk.candidates:
        if cand.content_type.startswith("image/") and cand.cid and cand.cid in walk.html_cids:
            skipped.append(Skipped(cand.content_type, cand.name, "inline-image"))
            continue
        if not cand.data:
            skipped.append(Skipped(cand.content_type, cand.name, "empty"))
            continue
        index = len(attachments) + 1
        attachments.append(
            Attachment(
                index=index,
                filename=safe_filename(cand.name, index, cand.content_type),
                original_name=cand.name,
                content_type=cand.content_type,
                data=cand.data,
                forwarded=cand.forwarded,
            )
        )

    message_id = _message_id(msg)
    derived = not message_id
    if derived:
        message_id = derive_message_id(raw)
    sender_email, sender_name = _sender(msg, envelope_from)
    return ParsedMail(
        message_id=message_id,
        message_id_derived=derived,
        sender_email=sender_email,
        sender_name=sender_name,
        subject=decode_header_text(raw_header(msg, "subject")),
        date=raw_text(raw_header(msg, "date")).strip(),
        attachments=attachments,
        skipped=skipped,
        body_excerpt="\n".join(walk.body).strip()[:_BODY_EXCERPT_CHARS],
        auto_submitted=_is_auto(msg, envelope_from, sender_email),
        auth_results=[raw_text(str(h)) for h in (msg.get_all("authentication-results") or [])],
        in_reply_to=raw_text(raw_header(msg, "in-reply-to")).strip(),
        references=raw_text(raw_header(msg, "references")).strip(),
        body_text="\n".join(walk.body).strip()[:_BODY_CHARS],
        body_html="\n".join(walk.html)[: _BODY_CHARS * 4],
    )


# Why a part was not taken as a report, as the sender reads it; the body and a signature are
# not attachments and are not listed.
_SKIP_REASON_ZH = {"inline-image": "正文中的图片", "empty": "空文件"}


def unused_attachments_zh(skipped: list[dict[str, str]]) -> list[str]:
    """The attachments a mail's answer lists as not processed: "照片.jpg（正文中的图片）"."""
    return [
        f"{s.get('filename') or s.get('content_type')}（{_SKIP_REASON_ZH.get(s.get('reason', ''), s.get('reason', ''))}）"
        for s in skipped
        if s.get("reason") not in ("body", "signature")
    ]
