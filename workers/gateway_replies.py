"""The mail gateway's answers that need the case: replies to our mails go into their case's
thread, and a file received before is answered as such.

- A reply names its case by its address (`nianbao+<token>@…`) or its In-Reply-To /
  References (intake/mail_replies.py). Its text (quoted history stripped, charset decoded)
  becomes a comment in the case's thread; the case mails the reviewer and tells the sender
  it arrived. Whether the sender may write there is decided by evidence and the roster: an
  unproven sender's reply is an *unverified* comment, shown to the reviewers flagged and
  sent to the intake desk, never presented as the clerk's. Automated replies (out of
  office, bounces) are kept but not added. A failure to reach the case is answered 451: the
  sending server retries, and the comment id (from the Message-ID) makes it one comment.
- A report already received from the same sender (same bytes) is answered with when it
  came, its submission and status; once per stored attachment (a redelivered message stores
  nothing new and is not answered again; the notice is also sent once per key).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from temporalio.client import Client

from adapters import reply_tokens
from adapters.logging import get_logger
from adapters.settings import Settings
from adapters.smtp import send_once
from intake.inbound_mail import ParsedMail
from intake.mail_replies import reply_text, reply_token
from intake.notices import Recipient, compose
from intake.roster import Roster
from intake.sender_trust import SenderEvidence
from workflows.case_comments import comment_id, post_comment
from workflows.case_queries import CaseNotFound
from workflows.contracts import CommentSignal
from workflows.prior_submissions import PriorSubmission, prior_submission, sha256_of

log = get_logger("workers.mail_gateway")


class ReplyDesk:
    def __init__(self, settings: Settings, temporal: Client | Callable[[], Awaitable[Client]], s3: Any, roster: Roster) -> None:
        """`temporal`: a client, or how to connect (lazily: the gateway stores mail while
        Temporal is down; only a reply waits for it, with 451)."""
        self.settings = settings
        self._temporal = temporal
        self.s3 = s3
        self.roster = roster
        self.bucket = settings.s3.intake_bucket

    async def temporal(self) -> Client:
        if not isinstance(self._temporal, Client):
            self._temporal = await asyncio.wait_for(self._temporal(), timeout=10)
        return self._temporal

    async def case_of(self, parsed: ParsedMail, rcpt_tos: list[str]) -> str | None:
        """The case a reply answers, or None (not a reply to one of our case mails)."""
        token = reply_token(rcpt_tos, parsed.in_reply_to, parsed.references, self.settings.gateway.addresses)
        if token is None:
            return None
        return await asyncio.to_thread(reply_tokens.case_for, self.s3, self.bucket, token)

    async def take_reply(self, parsed: ParsedMail, evidence: SenderEvidence, case_id: str) -> bool:
        """Add the reply's text to the case's thread. False: nothing to add (empty, automated)."""
        text = reply_text(parsed.body_text, parsed.body_html)
        if not text or parsed.auto_submitted or not parsed.sender_email:
            log.info("reply not added", case_id=case_id, empty=not text, automated=parsed.auto_submitted, message_id=parsed.message_id)
            return False
        user = next((u for u in self.roster.users() if u.email.lower() == parsed.sender_email), None)
        reviewer = user is not None and user.role in ("reviewer", "head")
        signal = CommentSignal(
            id=comment_id("mail", parsed.message_id),
            author=user.login if reviewer and user else parsed.sender_email,
            author_name=(user.name if user else None) or parsed.sender_name or None,
            role="reviewer" if reviewer else "clerk",
            text=text,
            via="email",
            verified=evidence.verified,
            unverified_reason=None if evidence.verified else evidence.reason,
            message_id=None if parsed.message_id_derived else parsed.message_id,
        )
        try:
            await post_comment(await self.temporal(), self.settings.temporal.task_queue, case_id, signal, wait_s=0)
        except CaseNotFound:  # the case is gone (retention): answered as a mail without a report
            log.warning("reply names a case that is gone", case_id=case_id, message_id=parsed.message_id)
            return False
        log.info("reply added to case thread", case_id=case_id, comment=signal.id, verified=evidence.verified)
        return True

    async def priors(self, parsed: ParsedMail, only: set[int] | None = None) -> dict[int, PriorSubmission]:
        """Attachments (by index; `only` these) this sender sent before: asked before they
        are stored, and again for a twin found when its check started. When Temporal cannot
        be asked the mail is still stored and checked; only this answer is missing (logged)."""
        found: dict[int, PriorSubmission] = {}
        try:
            client = await self.temporal()
            for att in parsed.attachments:
                if only is not None and att.index not in only:
                    continue
                prior = await prior_submission(client, self.bucket, sha256_of(att.data), parsed.sender_email)
                if prior is not None:
                    found[att.index] = prior
        except Exception as exc:
            log.warning("duplicate check skipped", message_id=parsed.message_id, error=f"{type(exc).__name__}: {exc}")
        return found

    async def answer_duplicates(
        self, parsed: ParsedMail, evidence: SenderEvidence, new_keys: dict[int, str], priors: dict[int, PriorSubmission]
    ) -> None:
        if parsed.auto_submitted or not parsed.sender_email:
            return
        now = datetime.now(UTC)
        for index, prior in priors.items():
            key = new_keys.get(index)
            if key is None:
                continue  # stored before: this delivery is a redelivery, answered then
            att = next(a for a in parsed.attachments if a.index == index)
            if not evidence.verified:  # an unproven sender learns nothing about the case
                prior = PriorSubmission(prior.document_id, prior.received_at, None, "已收到")
            notice = prior.notice(
                f"duplicate/{key}",
                att.original_name or att.filename,
                [Recipient(email=parsed.sender_email, name=parsed.sender_name or None)],
                now,
            )
            notice.in_reply_to = None if parsed.message_id_derived else parsed.message_id
            sent = await send_once(compose(notice, self.settings.mail), self.settings.mail, self.s3, self.bucket, notice.key)
            log.info("duplicate answered", key=key, document=prior.document_id, sent=sent)
