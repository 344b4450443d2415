"""The SMTP mail gateway: a township's e-mail → one object per attachment in the intake bucket,
and a reply to one of our case mails → a comment in that case's thread.

- Only the configured intake addresses (and their `+<case token>` reply forms) are accepted
  as recipients (anything else: 550, so the gateway is never an open relay).
- Size limits: the whole message (aiosmtpd's DATA limit, advertised as SIZE), one decoded
  attachment, the number of attachments; each refused with a clear 552.
- Storage (workers/gateway_store.py): one object per attachment under inbox/, idempotent
  per Message-ID; a message without attachment as a record the no-attachment answer reads.
- Replies and duplicates (workers/gateway_replies.py): a reply's text joins its case's
  thread (its attachment is that case's correction); a report received before is answered.
- `250` only after everything is stored (and a reply is in its case); a storage or Temporal
  failure answers `451`, so the sending server keeps the message and retries: nothing is lost.

The gateway never opens an attachment beyond MIME decoding.
"""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, Protocol

from aiosmtpd.smtp import SMTP

from adapters import s3 as storage
from adapters.dkim_check import verified_domains
from adapters.logging import get_logger
from adapters.settings import MB, GatewaySettings, S3Settings, Settings, process_settings
from intake.inbound_mail import ParsedMail, parse_message
from intake.sender_trust import SenderEvidence, judge
from workers.gateway_replies import ReplyDesk
from workers.gateway_store import (
    MAIL_KEY_PREFIX,
    NO_ATTACHMENT_PREFIX,
    GatewayStore,
    Stored,
    attachment_key,
    message_hash,
    no_attachment_key,
)
from workflows.start_document import Started, UploadStarter

__all__ = [
    "MAIL_KEY_PREFIX",
    "NO_ATTACHMENT_PREFIX",
    "MailGateway",
    "attachment_key",
    "message_hash",
    "no_attachment_key",
    "start_gateway",
]

log = get_logger("workers.mail_gateway")

NoAttachmentHook = Callable[[dict[str, Any]], Awaitable[None]]


class StartsChecks(Protocol):
    """Starts the check of a stored attachment (workflows.start_document.UploadStarter)."""

    async def start(self, key: str, channel: str, case_hint: str | None = None) -> Started | None: ...


def human_size(n: int | float) -> str:
    return f"{n / MB:.1f} MB".replace(".0 MB", " MB") if n >= MB else f"{n / 1024:.0f} KB"


class LimitExceeded(Exception):
    """A message the gateway refuses permanently (552)."""


class MailGateway:
    """The aiosmtpd handler. Storage calls are blocking boto3 calls, run in threads."""

    def __init__(
        self,
        gateway: GatewaySettings,
        s3: S3Settings,
        *,
        client: Any = None,
        on_no_attachment: NoAttachmentHook | None = None,
        replies: ReplyDesk | None = None,
        on_stored: StartsChecks | None = None,
    ) -> None:
        self.settings = gateway
        self.addresses = {a.strip().lower() for a in gateway.addresses}
        self.bucket = s3.intake_bucket
        self.client = client if client is not None else storage.s3_client(s3)
        self.storage = GatewayStore(self.client, self.bucket)
        self.on_no_attachment = on_no_attachment
        self.replies = replies
        self.on_stored = on_stored

    def store(self, parsed: ParsedMail, received_at: str, *args: Any, **kwargs: Any) -> Stored:
        return self.storage.store(parsed, received_at, *args, **kwargs)

    # ------------------------------------------------------------------ SMTP hooks

    def accepts(self, address: str) -> bool:
        """An intake address, or its reply form `<local>+<token>@<domain>`."""
        local, _, domain = address.strip().lower().rpartition("@")
        return f"{local.split('+', 1)[0]}@{domain}" in self.addresses

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any) -> str:
        if not self.accepts(address):
            log.warning("recipient refused", rcpt=address, peer=str(session.peer))
            return f"550 5.7.1 <{address}>: recipient not accepted here (this server only receives reports)"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw: bytes = envelope.original_content or b""
        mail_from = "" if envelope.mail_from in (None, "<>") else envelope.mail_from
        try:
            parsed = await asyncio.to_thread(parse_message, raw, mail_from)
        except Exception:
            log.exception("message could not be parsed", mail_from=mail_from, size=len(raw))
            return "451 4.3.0 Message could not be processed now; please retry later"
        ctx: dict[str, Any] = {"message_id": parsed.message_id, "sender": parsed.sender_email, "size": len(raw)}
        try:
            self.check_limits(parsed)
        except LimitExceeded as exc:
            log.warning("message refused", reason=str(exc), **ctx)
            return f"552 5.3.4 {exc}"
        evidence = await self.sender_evidence(parsed, raw, mail_from)
        ctx["sender_verified"] = evidence.verified
        try:
            return await self._deliver(parsed, raw, mail_from, list(envelope.rcpt_tos), evidence)
        except Exception as exc:
            log.error("delivery failed, answering 451", error=f"{type(exc).__name__}: {exc}", **ctx)
            return "451 4.3.0 Temporary failure; please retry later"

    async def _deliver(self, parsed: ParsedMail, raw: bytes, mail_from: str, rcpts: list[str], evidence: SenderEvidence) -> str:
        """Store, then (a reply) add it to its case, then answer duplicates; any failure
        before the 250 is a 451 and the whole delivery is repeated idempotently."""
        received_at = datetime.now(UTC).isoformat(timespec="seconds")
        case_id = await self.replies.case_of(parsed, rcpts) if self.replies else None
        priors = await self.replies.priors(parsed) if self.replies and parsed.attachments else {}
        if case_id and self.replies:
            await asyncio.to_thread(self.storage.keep_reply, parsed, raw, evidence, received_at)
            added = await self.replies.take_reply(parsed, evidence, case_id)
            if added and not parsed.attachments:
                log.info("reply stored and added to its case", case_id=case_id, message_id=parsed.message_id)
                return f"250 2.0.0 Reply received; added to case {case_id}"
        stored = await asyncio.to_thread(self.storage.store, parsed, received_at, mail_from, rcpts, evidence, case_hint=case_id)
        if stored.no_attachment_key is not None:
            return await self._no_attachment(stored, parsed)
        log.info("message stored", new=stored.new, existing=stored.existing, message_id=parsed.message_id, case_id=case_id)
        twins = await self._start_checks(stored, case_id)
        if self.replies and (priors or twins):
            try:
                late = await self.replies.priors(parsed, only=twins - priors.keys()) if twins - priors.keys() else {}
                await self.replies.answer_duplicates(parsed, evidence, stored.new_by_index, {**priors, **late})
            except Exception:  # stored and checked; only the answer is missing: logged
                log.exception("duplicate answer failed", message_id=parsed.message_id)
        return f"250 2.0.0 Message received; {len(stored.new) + len(stored.existing)} attachment(s) stored"

    async def _start_checks(self, stored: Stored, case_id: str | None) -> set[int]:
        """Start each new attachment's check now, not on the bucket event. Returns the
        attachments whose twin (the same bytes from the same sender, in another mail that
        arrived together with this one) is already being checked: they are duplicates the
        check before storing could not see yet."""
        if self.on_stored is None:
            return set()
        twins: set[int] = set()
        for index, key in stored.new_by_index.items():
            started = await self.on_stored.start(key, "email", case_id)
            if started is not None and started.twin_of is not None:
                twins.add(index)
        return twins

    async def _no_attachment(self, stored: Stored, parsed: ParsedMail) -> str:
        log.info("message without a usable attachment recorded", key=stored.no_attachment_key, duplicate=stored.record is None)
        if stored.record is not None and self.on_no_attachment is not None:
            try:
                await self.on_no_attachment(stored.record)
            except Exception:  # the record is stored: the reply can be sent later from it
                log.exception("no-attachment hook failed", key=stored.no_attachment_key, message_id=parsed.message_id)
        return "250 2.0.0 Message received; it had no attachment to process"

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


class GatewaySMTP(SMTP):
    """aiosmtpd's SMTP with clear size-limit replies and lenient line lengths (some clients
    send 8-bit bodies with lines longer than 998 octets; refusing them would bounce a report)."""

    line_length_limit = 1024 * 1024

    def __init__(self, handler: MailGateway, **kwargs: Any) -> None:
        super().__init__(handler, **kwargs)
        self._limit = human_size(handler.settings.max_message_bytes)

    async def push(self, status: str) -> None:  # type: ignore[override]  # aiosmtpd pushes str replies
        if status.startswith(("552 Error: Too much mail data", "552 Error: message size exceeds")):
            status = f"552 5.3.4 Message too big: at most {self._limit} per message; please send the reports in several messages"
        await super().push(status)


async def start_gateway(handler: MailGateway) -> asyncio.Server:
    """Listen on the handler's gateway.host:gateway.port (port 0 = any free port) in the running loop."""
    gateway = handler.settings
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


def reply_to_no_attachment(settings: Settings, client: Any = None) -> NoAttachmentHook:
    """Answer an e-mail that carried no usable report: tell the sender what to send, and give
    what they wrote to the county's intake desk (intake/desk_letters.py), so a question or a
    reply to one of our mails without a case is read by a person. Each sent once per message
    (the notice keys are the record's message id). `client`: the gateway's S3 client, shared
    (boto3 clients are thread-safe); one is made when not given."""
    from adapters.settings import load_roster_for
    from adapters.smtp import send_once
    from intake.addresses import valid_address
    from intake.desk_letters import DeskLetterNotice, letter_desk
    from intake.inbound_mail import unused_attachments_zh
    from intake.notices import NoAttachmentNotice, Recipient, compose

    roster = load_roster_for(settings)
    s3 = client if client is not None else storage.s3_client(settings.s3)

    async def send(notice: NoAttachmentNotice | DeskLetterNotice) -> None:
        await send_once(compose(notice, settings.mail), settings.mail, s3, settings.s3.intake_bucket, notice.key)

    async def hook(record: dict[str, Any]) -> None:
        if not record.get("reply_allowed"):
            return
        received = datetime.fromisoformat(record["received_at"])
        ignored = unused_attachments_zh(record.get("skipped_parts", []))
        sender = valid_address(record["sender_email"])
        desk = letter_desk(roster, sender, bool(record.get("answers_ours"))) if sender and record.get("text") else None
        if desk is not None and sender:
            await send(
                DeskLetterNotice(
                    key=f"desk-letter/{record['message_id']}",
                    to=[Recipient(email=desk.email, name=desk.name)],
                    date=received,
                    sender_email=sender,
                    sender_name=record.get("sender_name"),
                    subject=record.get("subject"),
                    received_at=received,
                    text=record["text"],
                    answers_ours=bool(record.get("answers_ours")),
                    verified=bool(record.get("sender_verified")),
                    unverified_reason=record.get("sender_unverified_reason"),
                    ignored=ignored,
                )
            )
        await send(
            NoAttachmentNotice(
                key=f"no-attachment/{record['message_id']}",
                to=[Recipient(email=record["sender_email"], name=record.get("sender_name"))],
                date=received,
                in_reply_to=None if record.get("message_id_derived") else record.get("message_id"),
                subject=record.get("subject"),
                received_at=received,
                ignored=ignored,
                forwarded_to=desk.name if desk is not None else None,
            )
        )

    return hook


async def _serve(settings: Settings) -> None:
    from adapters.settings import load_roster_for
    from adapters.temporal import connect

    gateway, s3 = settings.gateway, settings.s3
    client = storage.s3_client(s3)
    replies = ReplyDesk(settings, lambda: connect(settings.temporal), client, load_roster_for(settings))
    server = await start_gateway(
        MailGateway(
            gateway,
            s3,
            client=client,
            on_no_attachment=reply_to_no_attachment(settings, client),
            replies=replies,
            on_stored=UploadStarter.for_settings(settings),
        )
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
    asyncio.run(_serve(process_settings("mail-gateway")))


if __name__ == "__main__":
    main()
