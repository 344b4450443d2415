"""The SMTP mail gateway: a township's e-mail → one object per attachment in the intake bucket.

- Only the configured intake addresses are accepted as recipients (anything else: 550, so
  the gateway is never an open relay).
- Size limits: the whole message (aiosmtpd's DATA limit, advertised as SIZE), one decoded
  attachment, the number of attachments; each refused with a clear 552.
- Every usable attachment is stored under `inbox/mail-<sha256(Message-ID)[:16]>-<n>/<name>`
  with the sender, subject, Message-ID and time received as object metadata (non-ASCII
  encoded with `storage.encode_metadata`). Objects under inbox/ start the pipeline.
- Delivered twice (the sender's server retries after a lost 250, or a copy comes by another
  route): the key is the same, the object exists with the same bytes, nothing is written. A
  write is also conditional (If-None-Match: *), so two concurrent deliveries make one object.
- `250` only after every object is stored; any storage failure answers `451` so the sending
  server keeps the message and retries: nothing is lost.
- A message without a usable attachment is recorded as `gateway/no-attachment/<id>.json`
  (not under inbox/, so it starts no case) for the notification path to answer the sender.

The gateway never opens an attachment beyond MIME decoding.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import mimetypes
import os
import signal
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from aiosmtpd.smtp import SMTP
from botocore.exceptions import ClientError

from adapters import s3 as storage
from adapters.dkim_check import verified_domains
from adapters.intake_bucket import INBOX_PREFIX
from adapters.logging import configure_logging, get_logger
from adapters.object_identity import sha256_checksum
from adapters.settings import MB, GatewaySettings, S3Settings, Settings, get_settings
from intake.inbound_mail import Attachment, ParsedMail, parse_message
from intake.sender_trust import SenderEvidence, judge
from workflows.start_document import UploadStarter

log = get_logger("workers.mail_gateway")

NO_ATTACHMENT_PREFIX = "gateway/no-attachment/"
MAIL_KEY_PREFIX = INBOX_PREFIX + "mail-"
# AWS S3 allows 2 KB of user metadata per object; long subjects are shortened to fit.
_METADATA_BUDGET = 1900

NoAttachmentHook = Callable[[dict], Awaitable[None]]
StoredHook = Callable[[str, str], Awaitable[object]]  # (key, channel): workflows.start_document.UploadStarter


def human_size(n: int | float) -> str:
    return f"{n / MB:.1f} MB".replace(".0 MB", " MB") if n >= MB else f"{n / 1024:.0f} KB"


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
    no_attachment_key: str | None = None
    record: dict | None = None


class LimitExceeded(Exception):
    """A message the gateway refuses permanently (552)."""


def _fit(meta: dict[str, str | None]) -> dict[str, str]:
    """Encode metadata and shorten the free-text values until it fits the S3 budget."""
    meta = dict(meta)
    for key in (storage.META_SUBJECT, storage.META_SUBMITTER_NAME, storage.META_ORIGINAL_NAME):
        while True:
            enc = storage.encode_metadata(meta)
            value = meta.get(key)
            if sum(len(k) + len(v) for k, v in enc.items()) <= _METADATA_BUDGET or not value:
                break
            meta[key] = value[: max(0, len(value) * 2 // 3)] or None
    return storage.encode_metadata(meta)


def _same_object(head: dict, data: bytes) -> bool:
    if head.get("ContentLength") != len(data):
        return False
    etag = (head.get("ETag") or "").strip('"')
    return "-" in etag or etag == hashlib.md5(data, usedforsecurity=False).hexdigest()


class MailGateway:
    """The aiosmtpd handler. Storage calls are blocking boto3 calls, run in threads."""

    def __init__(
        self,
        gateway: GatewaySettings,
        s3: S3Settings,
        *,
        client=None,
        on_no_attachment: NoAttachmentHook | None = None,
        on_stored: StoredHook | None = None,
    ) -> None:
        self.settings = gateway
        self.addresses = {a.strip().lower() for a in gateway.addresses}
        self.bucket = s3.intake_bucket
        self.client = client if client is not None else storage.s3_client(s3)
        self.on_no_attachment = on_no_attachment
        self.on_stored = on_stored

    # ------------------------------------------------------------------ SMTP hooks

    async def handle_RCPT(self, server, session, envelope, address: str, rcpt_options) -> str:
        if address.strip().lower() not in self.addresses:
            log.warning("recipient refused", rcpt=address, peer=str(session.peer))
            return f"550 5.7.1 <{address}>: recipient not accepted here (this server only receives reports)"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        raw: bytes = envelope.original_content or b""
        mail_from = "" if envelope.mail_from in (None, "<>") else envelope.mail_from
        received_at = datetime.now(UTC).isoformat(timespec="seconds")
        try:
            parsed = await asyncio.to_thread(parse_message, raw, mail_from)
        except Exception:
            log.exception("message could not be parsed", mail_from=mail_from, size=len(raw))
            return "451 4.3.0 Message could not be processed now; please retry later"
        ctx = {"message_id": parsed.message_id, "sender": parsed.sender_email, "size": len(raw)}
        try:
            self.check_limits(parsed)
        except LimitExceeded as exc:
            log.warning("message refused", reason=str(exc), **ctx)
            return f"552 5.3.4 {exc}"
        evidence = await self.sender_evidence(parsed, raw, mail_from)
        ctx["sender_verified"] = evidence.verified
        try:
            stored = await asyncio.to_thread(self.store, parsed, received_at, mail_from, list(envelope.rcpt_tos), evidence)
        except Exception as exc:
            log.error("storage failed, answering 451", error=f"{type(exc).__name__}: {exc}", **ctx)
            return "451 4.3.0 Temporary storage failure; please retry later"
        if stored.no_attachment_key is not None:
            log.info(
                "message without a usable attachment recorded",
                key=stored.no_attachment_key,
                duplicate=stored.record is None,
                **ctx,
            )
            if stored.record is not None and self.on_no_attachment is not None:
                try:
                    await self.on_no_attachment(stored.record)
                except Exception:  # the record is stored: the reply can be sent later from it
                    log.exception("no-attachment hook failed", key=stored.no_attachment_key, **ctx)
            return "250 2.0.0 Message received; it had no attachment to process"
        log.info("message stored", new=stored.new, existing=stored.existing, **ctx)
        if self.on_stored is not None:  # the check starts now, not on the bucket event
            for key in stored.new:
                await self.on_stored(key, "email")
        return f"250 2.0.0 Message received; {len(stored.new) + len(stored.existing)} attachment(s) stored"

    async def sender_evidence(self, parsed: ParsedMail, raw: bytes, mail_from: str) -> SenderEvidence:
        """Is the sender who From says? Evidence only (intake/sender_trust.py); an unproven
        sender's reports wait on the county's intake desk."""
        s = self.settings
        signed = s.verify_dkim and b"dkim-signature" in raw[:262144].lower()
        dkim_domains = await asyncio.to_thread(verified_domains, raw) if signed else []
        return judge(
            from_address=parsed.sender_email,
            envelope_from=mail_from,
            auth_results=parsed.auth_results,
            trusted_authserv_ids=s.trusted_authserv_ids,
            dkim_domains=dkim_domains,
            mode=s.sender_evidence,
        )

    # ------------------------------------------------------------------ limits

    def check_limits(self, parsed: ParsedMail) -> None:
        s = self.settings
        if len(parsed.attachments) > s.max_attachments:
            raise LimitExceeded(
                f"Too many attachments: {len(parsed.attachments)}, at most {s.max_attachments} per message;"
                " please send the reports in several messages"
            )
        for att in parsed.attachments:
            if len(att.data) > s.max_attachment_bytes:
                raise LimitExceeded(
                    f"Attachment {att.index} is too large: {human_size(len(att.data))},"
                    f" at most {human_size(s.max_attachment_bytes)} per attachment"
                )

    # ------------------------------------------------------------------ storage

    def store(
        self,
        parsed: ParsedMail,
        received_at: str,
        mail_from: str = "",
        rcpt_tos: list[str] | None = None,
        evidence: SenderEvidence | None = None,
    ) -> Stored:
        out = Stored()
        evidence = evidence or SenderEvidence(False, "未验证发件人")
        if not parsed.attachments:
            key = no_attachment_key(parsed.message_id)
            record = self._no_attachment_record(parsed, received_at, mail_from, rcpt_tos or [])
            body = json.dumps(record, ensure_ascii=False, indent=1).encode()
            head = self._head(key)
            out.no_attachment_key = key
            if head is None and self._put_if_absent(key, body, "application/json", _fit(self._meta(parsed, received_at, evidence))):
                out.record = record
            return out
        for att in parsed.attachments:
            meta = _fit({**self._meta(parsed, received_at, evidence), storage.META_ORIGINAL_NAME: att.original_name or att.filename})
            content_type = (
                mimetypes.guess_type(att.filename)[0] if att.content_type == "application/octet-stream" else att.content_type
            ) or "application/octet-stream"
            key, new = self._store_once(parsed.message_id, att, meta, content_type)
            (out.new if new else out.existing).append(key)
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

    def _head(self, key: str) -> dict | None:
        try:
            return self.client.head_object(Bucket=self.bucket, Key=key)
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
    def _no_attachment_record(parsed: ParsedMail, received_at: str, mail_from: str, rcpt_tos: list[str]) -> dict:
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
        }


class GatewaySMTP(SMTP):
    """aiosmtpd's SMTP with clear size-limit replies and lenient line lengths (some clients
    send 8-bit bodies with lines longer than 998 octets; refusing them would bounce a report)."""

    line_length_limit = 1024 * 1024

    def __init__(self, handler: MailGateway, **kwargs) -> None:
        super().__init__(handler, **kwargs)
        self._limit = human_size(handler.settings.max_message_bytes)

    async def push(self, status: str) -> None:
        if status.startswith(("552 Error: Too much mail data", "552 Error: message size exceeds")):
            status = f"552 5.3.4 Message too big: at most {self._limit} per message; please send the reports in several messages"
        await super().push(status)


async def start_gateway(
    gateway: GatewaySettings,
    s3: S3Settings,
    *,
    client=None,
    on_no_attachment: NoAttachmentHook | None = None,
    on_stored: StoredHook | None = None,
) -> asyncio.Server:
    """Listen on gateway.host:gateway.port (port 0 = any free port) in the running loop."""
    handler = MailGateway(gateway, s3, client=client, on_no_attachment=on_no_attachment, on_stored=on_stored)
    loop = asyncio.get_running_loop()

    def factory() -> GatewaySMTP:
        return GatewaySMTP(
            handler,
            data_size_limit=gateway.max_message_bytes,
            enable_SMTPUTF8=True,
            hostname="report-intake",  # no getfqdn(): it can block on DNS
            ident="report-intake mail gateway",
            loop=loop,
        )

    return await loop.create_server(factory, host=gateway.host, port=gateway.port)


def reply_to_no_attachment(settings: Settings) -> NoAttachmentHook:
    """Answer an e-mail that carried no usable report: tell the sender what to send.
    Sent once per message (the notice key is the record's message id)."""
    from datetime import datetime

    from adapters.s3 import s3_client
    from adapters.smtp import send_once
    from intake.notices import NoAttachmentNotice, Recipient, compose

    async def hook(record: dict) -> None:
        if not record.get("reply_allowed"):
            return
        received = datetime.fromisoformat(record["received_at"])
        notice = NoAttachmentNotice(
            key=f"no-attachment/{record['message_id']}",
            to=[Recipient(email=record["sender_email"], name=record.get("sender_name"))],
            date=received,
            in_reply_to=None if record.get("message_id_derived") else record.get("message_id"),
            subject=record.get("subject"),
            received_at=received,
            ignored=[f"{p.get('filename') or p.get('content_type')}（{p.get('reason')}）" for p in record.get("skipped_parts", [])],
        )
        await send_once(compose(notice, settings.mail), settings.mail, s3_client(settings.s3), settings.s3.intake_bucket, notice.key)

    return hook


async def _serve(settings: Settings) -> None:
    gateway, s3 = settings.gateway, settings.s3
    server = await start_gateway(
        gateway, s3, on_no_attachment=reply_to_no_attachment(settings), on_stored=UploadStarter.for_settings(settings)
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    log.info(
        "mail gateway listening",
        host=gateway.host,
        port=gateway.port,
        addresses=sorted(gateway.addresses),
        bucket=s3.intake_bucket,
        pid=os.getpid(),
    )
    await stop.wait()
    server.close()
    await server.wait_closed()
    log.info("mail gateway stopped")


def main() -> None:
    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format, process="mail-gateway")
    asyncio.run(_serve(settings))


if __name__ == "__main__":
    main()
