"""The document workflow starts with its task-queue priority and fairness key on the real dev
server (run with fairness enabled, as `intake up` runs it)."""

from __future__ import annotations

import uuid
from datetime import date

from intake.cases import case_id_for
from intake.roster_file import load_demo_roster
from workflows.contracts import DocumentInput
from workflows.start_document import URGENT, start_document, submission_priority


async def test_the_started_workflow_carries_priority_and_fairness_key(temporal_env):
    client = temporal_env.client
    queue = f"priority-{uuid.uuid4().hex[:6]}"  # no worker: the workflow only has to exist
    hint = case_id_for("龙城区", "西大营子镇", 2025)
    priority = submission_priority(load_demo_roster(), "xidayingzi@lc.example.gov.cn", hint, date(2026, 1, 30))
    doc = DocumentInput(
        bucket="intake",
        key=f"inbox/{uuid.uuid4().hex[:16]}/西大营子镇2025年报.pdf",
        etag="e1",
        trigger="test",
        content_id=uuid.uuid4().hex * 2,
        submitter="xidayingzi@lc.example.gov.cn",
    )

    wf_id = await start_document(client, queue, doc, priority)
    again = await start_document(client, queue, doc, priority)  # a duplicate event: same run

    info = (await client.get_workflow_handle(wf_id).describe()).raw_description.workflow_execution_info
    assert again == wf_id
    assert (info.priority.priority_key, info.priority.fairness_key) == (URGENT, "龙城区")
    await client.get_workflow_handle(wf_id).terminate("test done")
