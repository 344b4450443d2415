"""Reminders and escalation with durable timers, on the time-skipping dev server: days of
waiting pass in seconds, and each notice fires exactly once."""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import datetime

import pytest

from intake.roster_file import load_demo_roster
from tests.integration.case_probes import mails
from tests.integration.pipeline_harness import running_pipeline
from workflows.contracts import CaseView, DocumentResult, SubmissionSignal

pytestmark = pytest.mark.integration


async def wait_for_action(handle, action: str, timeout: float = 30) -> CaseView:
    deadline = time.monotonic() + timeout
    while True:
        view = await handle.query("view", result_type=CaseView)
        if any(h.action == action for h in view.history) or time.monotonic() > deadline:
            assert any(h.action == action for h in view.history), f"no {action!r} in {view.history}"
            return view
        await asyncio.sleep(0.2)


async def test_reviewer_reminded_then_head_escalated_once_each(minio_server, time_skipping_env, mailpit_server, samples_dir):
    roster = load_demo_roster()
    seed = (samples_dir / "xidayingzi-2022.txt").read_text(encoding="utf-8")
    data = (seed.replace("2022", "2041") + "\ntimers\n").encode()
    async with running_pipeline(minio_server, time_skipping_env, mailpit_server, prefix="timers") as pipeline:
        _key, doc_id = pipeline.upload(data, "西大营子镇2041.txt", email="xidayingzi@lc.example.gov.cn")
        doc: DocumentResult = await pipeline.result(doc_id)
        # The same case again under a fresh id, started by the time-skipping client so its
        # timers run on virtual time (a case started by signal-with-start from an activity
        # does not carry the test server's time-skipping flag).
        ref = (await _resolve_case(pipeline, doc)).model_copy(update={"case_id": f"timers-{uuid.uuid4().hex[:8]}"})
        handle = await time_skipping_env.client.start_workflow(
            "CaseWorkflow", ref, id=ref.case_id, task_queue=pipeline.settings.temporal.task_queue
        )
        await handle.signal("submit", SubmissionSignal(document=doc, case=ref))
        view = await wait_for_action(handle, "escalated")
        assert view.status == "awaiting_review"
        # Nothing fires twice, however long nobody acts.
        await asyncio.sleep(2)
        view = await handle.query("view", result_type=CaseView)
        actions = [h.action for h in view.history]
        assert actions.count("reminded") == 1
        assert actions.count("escalated") == 1
        at = {h.action: datetime.fromisoformat(h.at) for h in view.history}
        # 龙城区 in the demo roster: reminder after 3 days, escalation after 7.
        assert round((at["reminded"] - at["routed"]).total_seconds() / 86400) == 3
        assert round((at["escalated"] - at["routed"]).total_seconds() / 86400) == 7
        reviewer = roster.user(view.reviewer)
        head = roster.head_of("龙城区")
        reminders = [m for m in mails(mailpit_server, to=reviewer.email, contains=ref.case_id) if "提醒" in m["Subject"]]
        assert len(reminders) == 1, [m["Subject"] for m in mails(mailpit_server, to=reviewer.email, contains=ref.case_id)]
        assert len(mails(mailpit_server, to=head.email, contains=ref.case_id)) == 1

        # Returned: the clerk is reminded once, five days before the deadline (2042-01-31).
        from workflows import case_queries as cases_api
        from workflows.contracts import Decision

        await cases_api.decide(time_skipping_env.client, ref.case_id, Decision(action="return", login=view.reviewer, comment="请修改"))
        view = await wait_for_action(handle, "clerk reminded")
        at = {h.action: datetime.fromisoformat(h.at) for h in view.history}
        assert at["clerk reminded"].date().isoformat() == "2042-01-26"
        await asyncio.sleep(2)
        view = await handle.query("view", result_type=CaseView)
        assert [h.action for h in view.history].count("clerk reminded") == 1
        assert view.status == "returned"


async def _resolve_case(pipeline, doc: DocumentResult):
    """The case reference, placed by the same policy the validate stage applies."""
    from intake import cases

    s, f = doc.summary, doc.facts
    return cases.place(
        load_demo_roster(),
        cases.ReportedBody(organization=s.organization, full_name=s.full_name, parent=s.parent, year=s.year),
        cases.Sender(email=f.submitter_email, channel=f.channel, case_hint=f.case_hint),
        document_id=doc.workflow_id,
    )
