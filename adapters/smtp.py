"""Send a notification once, whatever the retries: a claim/confirm record in the bucket.

The record `notifications/<sha256(notice_key)>.json` moves through states with conditional
writes (S3 `If-None-Match: *` to create, `If-Match: <etag>` to change; MinIO and AWS S3 both
honour them — tests/integration/test_mail_send.py checks it against the real MinIO):

    (none) --create--> claimed --SMTP 250--> sent
                          |--SMTP refused (nothing accepted)--> released --claim again--> claimed
                          '--lease expired (the sender died)--> claimed by a later attempt

Trade-off: **at-least-once, deduplicated**, not at-most-once.
- A worker that dies after the claim but before SMTP must not lose the e-mail: a clerk who
  never gets the receipt is worse than one who gets it twice. So a claim is a lease
  (`lease_s`, longer than one SMTP exchange); a retry while the lease is fresh raises
  `NotificationInFlight` (retryable, the activity retries later), after it expires the retry
  takes the claim over (If-Match on the stale record: two retries cannot both win) and sends.
- The hard case is a crash between the server's 250 and the "sent" write: the retry cannot
  know the message went out, and sends again. That duplicate carries the same deterministic
  Message-ID, Date and bytes, so mail clients and servers that dedupe by Message-ID (Gmail,
  Mailpit with --ignore-duplicate-ids, most MUAs' threading) show it once. The window is one
  S3 PUT long.
- At-most-once (never resend a claimed notice) would close that window but lose mail on every
  crash between claim and SMTP, which is the longer window (connect, TLS, DATA).
A refused send (4xx/5xx reply: nothing accepted) releases the claim and re-raises, so the
activity's retry policy decides; a timeout or disconnect mid-DATA keeps the claim (maybe sent)
and the lease decides.

boto3 is synchronous: every bucket call runs in a thread, so the event loop of an async
Temporal activity is never blocked.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import ssl
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import getaddresses
from typing import Any

import aiosmtplib
from botocore.exceptions import ClientError

from adapters.logging import get_logger
from adapters.settings import MailSettings

log = get_logger("adapters.smtp")

PREFIX = "notifications/"
DEFAULT_LEASE_S = 300.0
DEFAULT_TIMEOUT_S = 30.0


class NotificationInFlight(Exception):
    """Another attempt holds a fresh claim on this notice: retry later."""


def record_key(notice_key: str) -> str:
    return f"{PREFIX}{hashlib.sha256(notice_key.encode('utf-8')).hexdigest()}.json"


def _now() -> datetime:
    return datetime.now(UTC)


def _recipients(msg: EmailMessage) -> list[str]:
    out: list[str] = []
    for h in ("To", "Cc", "Bcc"):
        for v in msg.get_all(h) or []:
            addrs = getattr(v, "addresses", None)
            if addrs is not None:
                out += [a.addr_spec for a in addrs if a.addr_spec]
            else:
                out += [addr for _name, addr in getaddresses([str(v)]) if addr]
    return out


def _precondition_failed(exc: ClientError) -> bool:
    err = exc.response.get("Error", {})
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    return err.get("Code") in ("PreconditionFailed", "ConditionalRequestConflict") or status in (409, 412)


@dataclass(frozen=True)
class _Record:
    """A notice's record in the bucket: where it is, and what every state of it carries."""

    s3: Any  # a boto3 S3 client
    bucket: str
    key: str
    base: dict[str, Any]

    async def write(self, fields: dict[str, Any], if_match: str | None) -> str:
        return await asyncio.to_thread(_put, self.s3, self.bucket, self.key, {**self.base, **fields}, if_match)


async def send_once(
    msg: EmailMessage,
    smtp: MailSettings,
    s3_client: Any,
    bucket: str,
    notice_key: str,
    *,
    lease_s: float = DEFAULT_LEASE_S,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> bool:
    """Send `msg` unless this notice was sent already. True: sent now; False: sent before.

    Raises NotificationInFlight while another attempt's claim is fresh, and the SMTP error
    when the server refused the message (the claim is released first)."""
    base = {"notice_key": notice_key, "message_id": msg["Message-ID"], "to": _recipients(msg), "subject": str(msg["Subject"] or "")}
    record = _Record(s3_client, bucket, record_key(notice_key), base)
    etag = await asyncio.to_thread(_claim, s3_client, bucket, record.key, base, lease_s)
    if etag is None:
        return False
    errors, response = await _send_or_release(msg, smtp, timeout_s, record, etag)
    await _record_sent(record, etag, errors, response)
    log.info("notification sent", notice_key=notice_key, message_id=base["message_id"], to=base["to"])
    return True


async def _send_or_release(
    msg: EmailMessage, smtp: MailSettings, timeout_s: float, record: _Record, etag: str
) -> tuple[dict[str, Any], str]:
    """The SMTP exchange under our claim; when the server accepted nothing, the claim is
    released before the error goes up (the activity's retry policy decides)."""
    try:
        return await _smtp_send(msg, smtp, timeout_s)
    except (aiosmtplib.SMTPException, OSError) as exc:
        # A lost connection or a read timeout may come after the server accepted the DATA:
        # keep the claim (maybe sent), the lease decides. Anything else (a 4xx/5xx reply, no
        # connection at all) means nothing was accepted: release the claim.
        maybe_sent = isinstance(exc, aiosmtplib.SMTPServerDisconnected | aiosmtplib.SMTPTimeoutError) and not (
            isinstance(exc, aiosmtplib.SMTPConnectError)
        )
        if maybe_sent:
            log.warning("notification outcome unknown", notice_key=record.base["notice_key"], error=str(exc))
            raise
        await record.write({"state": "released", "error": f"{type(exc).__name__}: {exc}", "released_at": _now().isoformat()}, etag)
        raise


async def _record_sent(record: _Record, etag: str, errors: dict[str, Any], response: str) -> None:
    sent = {"state": "sent", "sent_at": _now().isoformat(), "smtp_response": response, "refused": {k: str(v) for k, v in errors.items()}}
    try:
        await record.write(sent, etag)
    except ClientError as exc:
        if not _precondition_failed(exc):
            raise
        # Our lease ran out during the send and another attempt took over: it may send a
        # duplicate (same Message-ID). Record that it went out anyway.
        log.warning("notification lease lost during send", notice_key=record.base["notice_key"])
        await record.write(sent, None)


def _claim(s3, bucket: str, key: str, base: dict, lease_s: float) -> str | None:
    """Our claim's ETag, or None when the notice was sent already."""
    now = _now()
    claim = {
        **base,
        "state": "claimed",
        "attempt": uuid.uuid4().hex,
        "claimed_at": now.isoformat(),
        "lease_until": (now + timedelta(seconds=lease_s)).isoformat(),
    }
    for _ in range(5):
        try:
            return _put(s3, bucket, key, claim, None, create=True)
        except ClientError as exc:
            if not _precondition_failed(exc):
                raise
        try:
            obj = s3.get_object(Bucket=bucket, Key=key)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                continue  # removed meanwhile: create again
            raise
        current = json.loads(obj["Body"].read())
        if current.get("state") == "sent":
            return None
        if current.get("state") == "claimed" and datetime.fromisoformat(current["lease_until"]) > now:
            raise NotificationInFlight(f"notice {base['notice_key']!r} is being sent by attempt {current.get('attempt')}")
        # released, or a claim whose sender died: take it over, unless someone else just did
        try:
            return _put(s3, bucket, key, {**claim, "previous": current.get("state"), "takeover_of": current.get("attempt")}, obj["ETag"])
        except ClientError as exc:
            if not _precondition_failed(exc):
                raise
    raise NotificationInFlight(f"notice {base['notice_key']!r}: claim contended, retry")


def _put(s3, bucket: str, key: str, record: dict, if_match: str | None, *, create: bool = False) -> str:
    kwargs = {}
    if create:
        kwargs["IfNoneMatch"] = "*"
    elif if_match:
        kwargs["IfMatch"] = if_match
    out = s3.put_object(
        Bucket=bucket,
        Key=key,
        Body=json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8"),
        ContentType="application/json; charset=utf-8",
        **kwargs,
    )
    return out["ETag"]


async def _smtp_send(msg: EmailMessage, smtp: MailSettings, timeout_s: float) -> tuple[dict[str, Any], str]:
    implicit_tls = smtp.smtp_port == 465  # SMTPS; otherwise STARTTLS when configured
    kwargs: dict = dict(
        hostname=smtp.smtp_host,
        port=smtp.smtp_port,
        timeout=timeout_s,
        use_tls=implicit_tls,
        start_tls=bool(smtp.smtp_starttls) and not implicit_tls,
    )
    if implicit_tls or smtp.smtp_starttls:
        kwargs["tls_context"] = ssl.create_default_context()
    if smtp.smtp_user:
        kwargs["username"] = smtp.smtp_user
        kwargs["password"] = smtp.smtp_password or ""
    sender = smtp.sender
    errors, response = await aiosmtplib.send(msg, sender=sender, recipients=_recipients(msg), **kwargs)
    return dict(errors), response


async def already_sent(s3_client, bucket: str, notice_key: str) -> dict | None:
    """The "sent" record of a notice, or None (not sent, or only claimed)."""

    def get() -> dict | None:
        try:
            obj = s3_client.get_object(Bucket=bucket, Key=record_key(notice_key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                return None
            raise
        rec = json.loads(obj["Body"].read())
        return rec if rec.get("state") == "sent" else None

    return await asyncio.to_thread(get)
