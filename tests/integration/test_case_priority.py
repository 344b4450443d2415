"""The case workflow runs at its document's task-queue priority and fairness key (issue 17):
started with the first document's, and raised by a resubmission. Read from the real
histories of the dev server (fairness enabled, as `intake up` runs it)."""

from __future__ import annotations

import uuid

import pytest
from temporalio.client import Client

from adapters import s3 as storage
from adapters.intake_bucket import put_submission
from intake.cases import case_id_for
from tests.integration.pipeline_harness import running_pipeline, workflow_id_of
from tests.integration.test_cases import variant, wait_case
from workflows.start_document import FIRST_SUBMISSION, RESUBMISSION

pytestmark = pytest.mark.integration

YEAR = 2075  # a year no other test uses: this module's own case
CLERK = "shangtang@fc.example.gov.cn"  # the roster's clerk of 上塘镇 (丰城市)


async def started_priority(client: Client, wf_id: str) -> tuple[int, str]:
    history = await client.get_workflow_handle(wf_id).fetch_history()
    p = history.events[0].workflow_execution_started_event_attributes.priority
    return p.priority_key, p.fairness_key


async def options_updates(client: Client, wf_id: str) -> list[tuple[int, str]]:
    history = await client.get_workflow_handle(wf_id).fetch_history()
    return [
        (
            e.workflow_execution_options_updated_event_attributes.priority.priority_key,
            e.workflow_execution_options_updated_event_attributes.priority.fairness_key,
        )
        for e in history.events
        if e.HasField("workflow_execution_options_updated_event_attributes")
    ]


async def test_the_case_inherits_its_documents_priority_and_a_resubmission_raises_it(
    minio_server, temporal_env, mailpit_server, samples_dir
):
    seed = (samples_dir / "shangtang-2021.txt").read_text(encoding="utf-8")
    case_id = case_id_for("丰城市", "上塘镇", YEAR)
    async with running_pipeline(minio_server, temporal_env, mailpit_server, prefix="casepri") as pipeline:
        client, s3 = pipeline.client, pipeline.s3
        key = put_submission(s3, "intake", variant(seed, YEAR, uuid.uuid4().hex), f"上塘镇{YEAR}.txt", email=CLERK, channel="test")
        first = workflow_id_of(s3, key)
        assert (await pipeline.result(first)).case_id == case_id
        await wait_case(pipeline, case_id, "awaiting_review")
        assert await started_priority(client, first) == (FIRST_SUBMISSION, "丰城市")
        assert await started_priority(client, case_id) == (FIRST_SUBMISSION, "丰城市")  # inherited, not the default
        assert await options_updates(client, case_id) == []  # a first submission changes nothing

        # A corrected report naming its case (what the web app's resubmission sends): key 2.
        extra: dict[str, str | None] = {storage.META_CASE_HINT: case_id}
        data = variant(seed, YEAR, uuid.uuid4().hex)
        again = workflow_id_of(s3, put_submission(s3, "intake", data, f"上塘镇{YEAR}-改.txt", email=CLERK, channel="test", extra=extra))
        assert (await pipeline.result(again)).case_id == case_id
        assert await started_priority(client, again) == (RESUBMISSION, "丰城市")
        await wait_case(pipeline, case_id, "awaiting_review", submissions=2)
        assert await options_updates(client, case_id) == [(RESUBMISSION, "丰城市")]
        info = (await client.get_workflow_handle(case_id).describe()).raw_description.workflow_execution_info
        assert (info.priority.priority_key, info.priority.fairness_key) == (RESUBMISSION, "丰城市")
