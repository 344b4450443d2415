"""Posting a comment into a case's thread (client side: the web app and the mail gateway).

One way for an open and a decided case: signal-with-start of the case workflow. An open case
just gets the signal; a decided case (its run completed) starts its next run with the
comment, which carries the closed run's view to restore. The comment id makes a repeated
post (a redelivered mail, a double click) one comment."""

from __future__ import annotations

import asyncio
import hashlib
import time

from temporalio.client import Client, WorkflowExecutionStatus
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.service import RPCError

from intake.cases import CaseRef
from workflows.case_queries import CASE_WORKFLOW, CaseNotFound, describe_case
from workflows.contracts import CaseView, CommentSignal

__all__ = ["comment_id", "post_comment"]


def comment_id(*parts: str) -> str:
    """A stable id from what identifies the comment (a mail's Message-ID, a form's nonce)."""
    return "c-" + hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()[:20]


async def post_comment(client: Client, task_queue: str, case_id: str, comment: CommentSignal, wait_s: float = 10.0) -> CaseView | None:
    """Deliver the comment; with `wait_s`, wait until the case shows it (its view, or None
    when it did not show in time: it is delivered and will)."""
    desc = await describe_case(client, case_id)
    if desc.workflow_type != CASE_WORKFLOW:
        raise CaseNotFound(case_id)
    ref = await _start_input(client, case_id)
    if desc.status != WorkflowExecutionStatus.RUNNING:
        previous = await client.get_workflow_handle(case_id, result_type=CaseView).result()
        comment = comment.model_copy(update={"previous": previous})
    await client.start_workflow(
        CASE_WORKFLOW,
        ref,
        id=case_id,
        task_queue=task_queue,
        start_signal="comment",
        start_signal_args=[comment],
        id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
        id_reuse_policy=WorkflowIDReusePolicy.ALLOW_DUPLICATE,
    )
    return await _shown(client, case_id, comment.id, wait_s) if wait_s > 0 else None


async def _start_input(client: Client, case_id: str) -> CaseRef:
    """The case's CaseRef, as its latest run was started with (the first history event)."""
    async for event in client.get_workflow_handle(case_id).fetch_history_events(page_size=1):
        payloads = event.workflow_execution_started_event_attributes.input.payloads
        [ref] = await client.data_converter.decode(payloads, [CaseRef])
        if isinstance(ref, CaseRef):
            return ref
        break
    raise CaseNotFound(case_id)


async def _shown(client: Client, case_id: str, cid: str, wait_s: float) -> CaseView | None:
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        try:
            view: CaseView = await client.get_workflow_handle(case_id).query("view", result_type=CaseView)
            if any(e.id == cid for e in view.thread):
                return view
        except RPCError:
            pass  # the next run is starting
        await asyncio.sleep(0.2)
    return None
