"""Starting a document workflow for a bucket object: the one idempotent start used by the
event receiver, the reconciler and the CLI."""

from __future__ import annotations

from temporalio.client import Client
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError

from adapters.intake_bucket import INBOX_PREFIX
from adapters.object_identity import ObjectIdentity
from intake.bucket_events import document_workflow_id
from workflows.contracts import DocumentInput

__all__ = ["INBOX_PREFIX", "document_input", "start_document"]


def document_input(identity: ObjectIdentity, trigger: str, event_time: str | None = None) -> DocumentInput:
    """The workflow's input from what the store says about the object (never the event)."""
    return DocumentInput(
        bucket=identity.bucket,
        key=identity.key,
        etag=identity.etag,
        version_id=identity.version_id,
        size=identity.size,
        event_time=event_time,
        trigger=trigger,
        content_id=identity.content_id,
        submitter=identity.submitter,
    )


async def start_document(client: Client, task_queue: str, doc: DocumentInput) -> str:
    """Start (or find) the workflow for this object and return its id."""
    wf_id, _new = await start_document_once(client, task_queue, doc)
    return wf_id


async def start_document_once(client: Client, task_queue: str, doc: DocumentInput) -> tuple[str, bool]:
    """(workflow id, whether this call started it). Running duplicate → the existing run
    (USE_EXISTING, not new). Completed duplicate → rejected by the reuse policy, which is
    also "already handled". A run that failed (e.g. a worker bug that exhausted its
    retries) may be started again by a new event or the reconciler."""
    if not doc.content_id:
        raise ValueError("start_document needs the object's content id (adapters.object_identity.identify)")
    wf_id = document_workflow_id(doc.bucket, content_id=doc.content_id, submitter=doc.submitter)
    name = doc.key.rsplit("/", 1)[-1]
    try:
        handle = await client.start_workflow(
            "DocumentWorkflow",
            doc,
            id=wf_id,
            task_queue=task_queue,
            id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
            id_reuse_policy=WorkflowIDReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
            static_summary=f"检查文件 {name}",
            static_details=f"对象 `{doc.bucket}/{doc.key}`\n\n内容 `{doc.content_id}` · 触发：{doc.trigger}",
        )
    except WorkflowAlreadyStartedError:
        return wf_id, False
    # USE_EXISTING answers a running duplicate with `started = false` (the SDK keeps the
    # response on the handle; without it, count the start as new).
    response = getattr(handle, "_start_workflow_response", None)
    return wf_id, bool(getattr(response, "started", True))
