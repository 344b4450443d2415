"""Where the mail gateway puts what it receives, in the intake bucket.

- Every usable attachment is stored under `inbox/mail-<sha256(Message-ID)[:16]>-<n>/<name>`
  with the sender, subject, Message-ID, time received and the sender evidence as object
  metadata (non-ASCII encoded with `storage.encode_metadata`). Objects under inbox/ start the
  pipeline; a reply's attachment also names its case (`case-id`).
- Delivered twice (the sender's server retries after a lost 250, or a copy comes by another
  route): the key is the same, the object exists with the same bytes, nothing is written. A
  write is also conditional (If-None-Match: *), so two concurrent deliveries make one object.
- A message without a usable attachment is recorded as `gateway/no-attachment/<id>.json`
  (not under inbox/, so it starts no case) for the notification path to answer the sender;
  a reply to a case's mail as `gateway/replies/<id>.eml` (the message as received).
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
from dataclasses import dataclass, field
from typing import Any

from botocore.exceptions import ClientError

from adapters import s3 as storage
from adapters.intake_bucket import INBOX_PREFIX, fit_metadata
from adapters.logging import get_logger
from adapters.object_identity import sha256_checksum
from intake.inbound_mail import Attachment, ParsedMail
from intake.mail_replies import answers_our_mail, reply_text
from intake.sender_trust import SenderEvidence

log = get_logger("workers.mail_gateway")

NO_ATTACHMENT_PREFIX = "gateway/no-attachment/"
REPLY_PREFIX = "gateway/replies/"
MAIL_KEY_PREFIX = INBOX_PREFIX + "mail-"


def message_hash(message_id: str) -> str:
    return hashlib.sha256(message_id.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def attachment_key(message_id: str, att: Attachment, suffix: str = "") -> str:
    return f"{MAIL_KEY_PREFIX}{message_hash(message_id)}-{att.index}{suffix}/{att.filename}"


def no_attachment_key(message_id: str) -> str:
    return f"{NO_ATTACHMENT_PREFIX}{message_hash(message_id)}.json"


@dataclass
class Stored:
    new: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    new_by_index: dict[int, str] = field(default_factory=dict)  # attachment index → key, written now
    no_attachment_key: str | None = None
    record: dict[str, Any] | None = None


def reply_key(message_id: str) -> str:
    return f"{REPLY_PREFIX}{message_hash(message_id)}.eml"


def _same_object(head: dict[str, Any], data: bytes) -> bool:
    if head.get("ContentLength") != len(data):
        return False
    etag = (head.get("ETag") or "").strip('"')
    return "-" in etag or etag == hashlib.md5(data, usedforsecurity=False).hexdigest()


class GatewayStore:
    """Blocking boto3 calls: the gateway runs them in threads."""

    def __init__(self, client: Any, bucket: str) -> None:
        self.client = client
        self.bucket = bucket

    def keep_reply(self, parsed: ParsedMail, raw: bytes, evidence: SenderEvidence, received_at: str) -> str:
        """The reply as received, once (a redelivery finds it there)."""
        key = reply_key(parsed.message_id)
        if self._head(key) is None:
            self._put_if_absent(key, raw, "message/rfc822", fit_metadata(self._meta(parsed, received_at, evidence)))
        return key

    def store(
        self,
        parsed: ParsedMail,
        received_at: str,
        mail_from: str = "",
        rcpt_tos: list[str] | None = None,
        evidence: SenderEvidence | None = None,
        case_hint: str | None = None,
    ) -> Stored:
        out = Stored()
        evidence = evidence or SenderEvidence(False, "未验证发件人")
        if not parsed.attachments:
            key = no_attachment_key(parsed.message_id)
            record = self._no_attachment_record(parsed, received_at, mail_from, rcpt_tos or [], evidence)
            body = json.dumps(record, ensure_ascii=False, indent=1).encode()
            head = self._head(key)
            out.no_attachment_key = key
            if head is None and self._put_if_absent(key, body, "application/json", fit_metadata(self._meta(parsed, received_at, evidence))):
                out.record = record
            return out
        for att in parsed.attachments:
            meta = fit_metadata(
                {
                    **self._meta(parsed, received_at, evidence),
                    storage.META_ORIGINAL_NAME: att.original_name or att.filename,
                    storage.META_CASE_HINT: case_hint,  # a reply to a case's mail: its correction
                }
            )
            content_type = (
                mimetypes.guess_type(att.filename)[0] if att.content_type == "application/octet-stream" else att.content_type
            ) or "application/octet-stream"
            key, new = self._store_once(parsed.message_id, att, meta, content_type)
            (out.new if new else out.existing).append(key)
            if new:
                out.new_by_index[att.index] = key
        return out

    def _store_once(self, message_id: str, att: Attachment, meta: dict[str, str], content_type: str) -> tuple[str, bool]:
        """Store under the deterministic key, unless the same bytes are already there. A key
        holding other bytes means another message reused this Message-ID (broken clients do):
        that one goes under a key that also names its content, so it is not lost."""
        digest = hashlib.sha256(att.data).hexdigest()[:12]
        for key in (attachment_key(message_id, att), attachment_key(message_id, att, f"-{digest}")):
            head = self._head(key)
            if head is None:
                if self._put_if_absent(key, att.data, content_type, meta):
                    return key, True
                head = self._head(key)  # lost a race with a concurrent delivery
            if head is not None and _same_object(head, att.data):
                return key, False
            log.warning("key holds other bytes (Message-ID reused?)", key=key)
        raise RuntimeError(f"no free key for attachment {att.index} of {message_id}")

    def _head(self, key: str) -> dict[str, Any] | None:
        try:
            head: dict[str, Any] = self.client.head_object(Bucket=self.bucket, Key=key)
            return head
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise

    def _put_if_absent(self, key: str, body: bytes, content_type: str, meta: dict[str, str]) -> bool:
        try:
            self.client.put_object(
                Bucket=self.bucket,
                Key=key,
                Body=body,
                ContentType=content_type,
                Metadata=meta,
                IfNoneMatch="*",
                ChecksumSHA256=sha256_checksum(hashlib.sha256(body).hexdigest()),  # the content identity
            )
            return True
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code")
            status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            if code in ("PreconditionFailed", "ConditionalRequestConflict") or status in (409, 412):
                return False
            raise

    @staticmethod
    def _meta(parsed: ParsedMail, received_at: str, evidence: SenderEvidence) -> dict[str, str | None]:
        return {
            storage.META_SENDER_VERIFIED: "yes" if evidence.verified else "no",
            storage.META_SENDER_EVIDENCE: evidence.reason,
            storage.META_SUBMITTER_EMAIL: parsed.sender_email,
            storage.META_SUBMITTER_NAME: parsed.sender_name or None,
            storage.META_SUBJECT: parsed.subject or None,
            storage.META_MESSAGE_ID: parsed.message_id,
            storage.META_RECEIVED_AT: received_at,
            storage.META_CHANNEL: "email",
            # Bounces, auto-replies and list mail: checked, but never answered (no backscatter
            # to a forged or automated sender).
            storage.META_AUTO_SUBMITTED: "yes" if parsed.auto_submitted else None,
        }

    @staticmethod
    def _no_attachment_record(
        parsed: ParsedMail, received_at: str, mail_from: str, rcpt_tos: list[str], evidence: SenderEvidence
    ) -> dict[str, Any]:
        return {
            "kind": "no-attachment",
            "message_id": parsed.message_id,
            "message_id_derived": parsed.message_id_derived,
            "sender_email": parsed.sender_email,
            "sender_name": parsed.sender_name,
            "envelope_from": mail_from,
            "recipients": rcpt_tos,
            "subject": parsed.subject,
            "date": parsed.date,
            "received_at": received_at,
            # Bounces, auto-replies and list mail must not be answered (mail loops).
            "reply_allowed": not parsed.auto_submitted and bool(parsed.sender_email),
            "skipped_parts": [{"content_type": s.content_type, "filename": s.filename, "reason": s.reason} for s in parsed.skipped],
            "body_excerpt": parsed.body_excerpt,
            # What a person at the intake desk reads (intake/desk_letters.py).
            "text": reply_text(parsed.body_text, parsed.body_html),
            "answers_ours": answers_our_mail(parsed.in_reply_to, parsed.references),
            "sender_verified": evidence.verified,
            "sender_unverified_reason": None if evidence.verified else evidence.reason,
        }
