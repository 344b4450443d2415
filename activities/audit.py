"""One audit style for every workflow: the activity that does a stage writes that stage's
record, continuing the chain from the cursor the workflow carries, and returns the new cursor.

Records are written with a conditional PUT at a deterministic key (first write wins): a
retried attempt that finds its record already written continues from the stored hash.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Any, Unpack

from temporalio import activity

from adapters.audit_store import AuditStore
from intake.audit_chain import AuditCursor, RecordFields, make_record


async def record_stage(store: AuditStore, cursor: AuditCursor, **record: Unpack[RecordFields]) -> AuditCursor:
    """`record_stage_sync` off the event loop (the thread keeps the activity's context)."""
    return await asyncio.to_thread(partial(record_stage_sync, store, cursor, **record))


def record_stage_sync(store: AuditStore, cursor: AuditCursor, **record: Unpack[RecordFields]) -> AuditCursor:
    """Append the stage's record after `cursor` and return the cursor after it. From a
    synchronous activity directly (it runs in a worker thread already)."""
    record["input"], record["output"] = _plain(record.get("input")), _plain(record.get("output"))
    return cursor.advance(store.append(make_record(cursor, activity=_activity_ref(), **record)))


def _activity_ref() -> dict[str, Any]:
    """Which activity attempt wrote the record."""
    info = activity.info()
    return {"workflow_id": info.workflow_id, "run_id": info.workflow_run_id, "activity_type": info.activity_type, "attempt": info.attempt}


async def chain_head(store: AuditStore, chain: str) -> AuditCursor:
    """Where a chain stands: a case reopened in a new run continues its chain."""
    records = await asyncio.to_thread(store.read_chain, chain)
    if not records:
        return AuditCursor(chain=chain)
    last = records[-1]
    return AuditCursor(chain=chain, seq=last.seq, prev_hash=last.hash)


def _plain(obj: Any) -> Any:
    if hasattr(obj, "model_dump"):
        return obj.model_dump(mode="json")
    if isinstance(obj, list):
        return [_plain(o) for o in obj]
    return obj
