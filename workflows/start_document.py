"""Starting a document workflow for a bucket object: the one idempotent start used by the
event receiver, the reconciler and the uploaders we own (web, `intake submit`, the mail
gateway: `UploadStarter`), and the task-queue priority it starts with."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from temporalio.client import Client
from temporalio.common import Priority, WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError

from adapters.intake_bucket import INBOX_PREFIX
from adapters.logging import get_logger
from adapters.object_identity import ObjectIdentity, identify
from adapters.s3 import s3_client
from adapters.settings import Settings, load_roster_for
from intake.bucket_events import document_workflow_id
from intake.cases import UNKNOWN
from intake.roster import Roster
from workflows.contracts import DocumentInput

__all__ = ["INBOX_PREFIX", "Started", "UploadStarter", "document_input", "start_document", "submission_priority"]

log = get_logger("workflows.start_document")

# Priority keys (1 goes first; the server's default, for a start without one, is 3).
URGENT, RESUBMISSION, FIRST_SUBMISSION = 1, 2, 3
# A resubmission this close to its report's deadline (or past it) goes before everything.
NEAR_DEADLINE = timedelta(days=3)
_CASE_HINT = re.compile(r"^case-(\d{4})-([^-]+)-")


def submission_priority(roster: Roster, submitter_email: str | None, case_hint: str | None, today: date) -> Priority:
    """What is known when the upload event arrives, before the file is read: who sent it (the
    mail domain names the county in the roster) and, for a corrected report sent on a returned
    case, that case's id (its year and county). The county of a first submission is only
    known after extraction, so its fairness key is the sender's county by mail domain, else
    the domain itself: one county's (or one domain's) bulk upload cannot starve the others.
    """
    hint = _CASE_HINT.match(case_hint or "")
    county = roster.county_for_email(submitter_email)
    domain = (submitter_email or "").rpartition("@")[2].lower()
    fairness = (hint.group(2) if hint and hint.group(2) != UNKNOWN else None) or (county.name if county else None) or domain or "unknown"
    if not hint:
        return Priority(priority_key=FIRST_SUBMISSION, fairness_key=fairness[:20])
    due = roster.deadline(int(hint.group(1)))
    urgent = today >= due - NEAR_DEADLINE
    return Priority(priority_key=URGENT if urgent else RESUBMISSION, fairness_key=fairness[:20])


def document_input(identity: ObjectIdentity, trigger: str, event_time: str | None = None) -> DocumentInput:
    """The workflow's input from what the store says about the object (never the event)."""
    # Every field of the identity but its `source` (how the content id was found) travels.
    return DocumentInput(**vars(identity), event_time=event_time, trigger=trigger)


async def start_document(client: Client, task_queue: str, doc: DocumentInput, priority: Priority | None = None) -> str:
    """Start (or find) the workflow for this object and return its id."""
    wf_id, _new = await start_document_once(client, task_queue, doc, priority)
    return wf_id


async def start_document_once(client: Client, task_queue: str, doc: DocumentInput, priority: Priority | None = None) -> tuple[str, bool]:
    """(workflow id, whether this call started it). The server tells a duplicate apart, with
    `WorkflowAlreadyStartedError`: a running one by the conflict policy (FAIL), a completed
    one by the reuse policy; both are "already handled". A run that failed (e.g. a worker bug
    that exhausted its retries) may be started again by a new event or the reconciler. The
    workflow's activities inherit `priority` (none: the server's default level)."""
    if not doc.content_id:
        raise ValueError("start_document needs the object's content id (adapters.object_identity.identify)")
    wf_id = document_workflow_id(doc.bucket, content_id=doc.content_id, submitter=doc.submitter)
    name = doc.key.rsplit("/", 1)[-1]
    try:
        await client.start_workflow(
            "DocumentWorkflow",
            doc,
            id=wf_id,
            task_queue=task_queue,
            id_conflict_policy=WorkflowIDConflictPolicy.FAIL,
            id_reuse_policy=WorkflowIDReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
            static_summary=f"检查文件 {name}",
            static_details=f"对象 `{doc.bucket}/{doc.key}`\n\n内容 `{doc.content_id}` · 触发：{doc.trigger}",
            priority=priority or Priority.default,
        )
    except WorkflowAlreadyStartedError:
        return wf_id, False
    return wf_id, True


@dataclass(frozen=True)
class Started:
    """What an uploader's start found: `twin_of` names the other stored object whose run this
    one joined (the same bytes from the same sender, e.g. two mails sent together): the
    uploader answers this one as a duplicate, since its run will answer only the other."""

    workflow_id: str
    new: bool
    twin_of: str | None = None


class UploadStarter:
    """The uploaders we own start the document workflow themselves right after their PUT.

    MinIO's queued webhook re-reads its queue every 3 s and delivers one event at a time, so
    the event alone costs 0–3 s before a workflow exists (bench/README.md). The start here
    uses the same content identity as the event path (the store's HEAD, `identify`), so
    the bucket event that arrives later finds the run and is absorbed as a duplicate: no
    second case, no second mail. Nothing depends on it: when Temporal or the store cannot
    be reached, the object is stored all the same and the event (or the reconciler) starts
    it, so a failure is logged and the upload still succeeds.
    """

    TIMEOUT_S = 5.0

    def __init__(self, client: Callable[[], Awaitable[Client]], task_queue: str, roster: Roster, s3: Any, bucket: str) -> None:
        self._client, self.task_queue, self.roster, self.s3, self.bucket = client, task_queue, roster, s3, bucket
        self._connected: Client | None = None  # kept once connected (the gateway starts many)

    @classmethod
    def for_settings(cls, settings: Settings, s3: Any = None) -> UploadStarter:
        """For a process without a Temporal client yet (the gateway, the CLI): connects on first use."""
        from adapters.temporal import connect

        s3 = s3 if s3 is not None else s3_client(settings.s3)
        return cls(
            lambda: connect(settings.temporal), settings.temporal.task_queue, load_roster_for(settings), s3, settings.s3.intake_bucket
        )

    async def __call__(self, key: str, channel: str, case_hint: str | None = None) -> str | None:
        """The document workflow id, or None when it was left to the bucket event."""
        started = await self.start(key, channel, case_hint)
        return started.workflow_id if started else None

    async def start(self, key: str, channel: str, case_hint: str | None = None) -> Started | None:
        """How the start went, or None when it was left to the bucket event."""
        try:
            return await asyncio.wait_for(self._start(key, channel, case_hint), self.TIMEOUT_S)
        except Exception as exc:  # the event path starts it: never fail an upload for this
            log.warning("start after upload left to the bucket event", key=key, error=f"{type(exc).__name__}: {exc}")
            return None

    async def _start(self, key: str, channel: str, case_hint: str | None) -> Started:
        identity = await asyncio.to_thread(identify, self.s3, self.bucket, key)
        priority = submission_priority(self.roster, identity.submitter, case_hint, date.today())
        client = self._connected = self._connected or await self._client()
        wf_id, new = await start_document_once(client, self.task_queue, document_input(identity, f"upload:{channel}"), priority)
        twin_of = None if new else await _started_for_other_object(client, wf_id, key)
        log.info("workflow started by the uploader" if new else "workflow already there", workflow_id=wf_id, key=key, twin_of=twin_of)
        return Started(wf_id, new, twin_of)


async def _started_for_other_object(client: Client, wf_id: str, key: str) -> str | None:
    """The key the existing run was started for, when it is not `key`: the same bytes from the
    same sender stored under another key (two mails sent together). None when the run is this
    object's own (its bucket event came first)."""
    async for event in client.get_workflow_handle(wf_id).fetch_history_events(page_size=1):
        payloads = event.workflow_execution_started_event_attributes.input.payloads
        (doc,) = await client.data_converter.decode(payloads, [DocumentInput])
        return None if doc.key == key else str(doc.key)
    return None
