"""Replay committed workflow histories against today's workflow code: a change that would
break running workflows (non-determinism) fails here, before it reaches production.
Re-record deliberately with `python -m tests.replay.record_histories`."""

from __future__ import annotations

from pathlib import Path

import pytest
from temporalio.client import WorkflowHistory
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import Replayer

from workflows.case import CaseWorkflow
from workflows.document import DocumentWorkflow
from workflows.reconcile import ReconcileWorkflow
from workflows.reminder import LateReminderWorkflow

HISTORIES = sorted((Path(__file__).parent / "histories").glob("*.json"))


def test_there_are_histories_for_every_workflow():
    names = {p.stem for p in HISTORIES}
    assert {"document_checked", "document_unreadable", "case_returned_resubmitted_approved", "reconcile", "late_reminder_sent"} <= names
    assert {"case_thread_decided", "case_thread_comment_after_decision"} <= names  # comments, a decided case's next run


@pytest.mark.parametrize("path", HISTORIES, ids=[p.stem for p in HISTORIES])
async def test_history_replays(path: Path):
    history = WorkflowHistory.from_json(path.stem, path.read_text())
    replayer = Replayer(
        workflows=[DocumentWorkflow, CaseWorkflow, ReconcileWorkflow, LateReminderWorkflow], data_converter=pydantic_data_converter
    )
    result = await replayer.replay_workflow(history, raise_on_replay_failure=False)
    assert result.replay_failure is None, f"{path.stem}: {result.replay_failure!r}"
