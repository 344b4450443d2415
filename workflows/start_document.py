"""Starting a document workflow for a bucket object: the one idempotent start used by the
event receiver, the reconciler and the CLI."""

from __future__ import annotations

from temporalio.client import Client
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError

from adapters.intake_bucket import INBOX_PREFIX
from intake.bucket_events import document_workflow_id
from workflows.contracts import DocumentInput

__all__ = ["INBOX_PREFIX", "start_document"]


async def start_document(client: Client, task_queue: str, doc: DocumentInput) -> str:
    """Start (or find) the workflow for this object and return its id.

    Running duplicate → the existing run (USE_EXISTING). Completed duplicate → rejected by
    the reuse policy, which is also "already handled". A run that failed (e.g. a worker bug
    that exhausted its retries) may be started again by a new event or the reconciler.
    """
    wf_id = document_workflow_id(doc.bucket, doc.key, doc.etag)
    name = doc.key.rsplit("/", 1)[-1]
    try:
        await client.start_workflow(
            "DocumentWorkflow",
            doc,
            id=wf_id,
            task_queue=task_queue,
            id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
            id_reuse_policy=WorkflowIDReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
            static_summary=f"检查文件 {name}",
            static_details=f"对象 `{doc.bucket}/{doc.key}`\n\nETag `{doc.etag}` · 触发：{doc.trigger}",
        )
    except WorkflowAlreadyStartedError:
        pass
    return wf_id
