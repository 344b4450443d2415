"""A stage that cannot read the document refuses it the same way wherever it runs (the async
document activities, the synchronous OCR activity): its audit record first, then the
non-retryable `UnreadableDocument` error. The error's details carry the object's facts, so
the workflow can still answer the sender; nothing is retried, the original object stays."""

from __future__ import annotations

import asyncio
from typing import NoReturn

from temporalio.exceptions import ApplicationError

from activities.audit import record_stage_sync
from activities.metrics import DOCUMENTS
from activities.parsing import Refused
from adapters.audit_store import AuditStore
from intake.audit_chain import AuditCursor
from workflows.contracts import ObjectFacts


def unreadable_error(facts: ObjectFacts, reason: str, code: str | None) -> ApplicationError:
    """The error the workflow turns into an `unreadable` answer to the sender."""
    return ApplicationError(reason, code, facts.model_dump(mode="json"), type="UnreadableDocument", non_retryable=True)


def refuse_sync(
    store: AuditStore, cursor: AuditCursor, *, stage: str, actor: str, at: str, facts: ObjectFacts, refused: Refused
) -> NoReturn:
    """From a synchronous activity (it runs in a worker thread already)."""
    _record(store, cursor, stage, actor, at, facts, refused)
    raise unreadable_error(facts, refused.reason, refused.code)


async def refuse(
    store: AuditStore, cursor: AuditCursor, *, stage: str, actor: str, at: str, facts: ObjectFacts, refused: Refused
) -> NoReturn:
    """The record off the event loop (the thread keeps the activity's context)."""
    await asyncio.to_thread(_record, store, cursor, stage, actor, at, facts, refused)
    raise unreadable_error(facts, refused.reason, refused.code)


def _record(store: AuditStore, cursor: AuditCursor, stage: str, actor: str, at: str, facts: ObjectFacts, refused: Refused) -> None:
    DOCUMENTS.labels("unreadable").inc()
    record_stage_sync(
        store,
        cursor,
        stage=stage,
        actor=actor,
        at=at,
        input=facts,
        output=refused.classification,
        detail={"kind": "unreadable", "reason": refused.reason},
    )
