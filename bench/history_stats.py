"""What the benchmark reads back from Temporal and Mailpit: event counts of a history, which
worker ran what, percentiles, times."""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from temporalio.api.enums.v1 import EventType
from temporalio.client import Client


@dataclass
class Counts:
    activities: int
    workflow_tasks: int
    activity_types: list[str]


async def history_shape(client: Client, workflow_id: str) -> Counts:
    """Activities scheduled and workflow tasks completed so far in one workflow's history."""
    history = await client.get_workflow_handle(workflow_id).fetch_history()
    types = [
        e.activity_task_scheduled_event_attributes.activity_type.name
        for e in history.events
        if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
    ]
    wfts = sum(1 for e in history.events if e.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
    return Counts(len(types), wfts, types)


async def work_by_identity(client: Client, workflow_ids: list[str], limit: int = 200) -> tuple[Counter, Counter]:
    """(activities, workflow tasks) per worker identity over these workflows' histories."""
    acts: Counter = Counter()
    wfts: Counter = Counter()
    sem = asyncio.Semaphore(8)

    async def one(wf_id: str) -> None:
        async with sem:
            history = await client.get_workflow_handle(wf_id).fetch_history()
        for e in history.events:
            if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED:
                acts[e.activity_task_started_event_attributes.identity] += 1
            elif e.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
                wfts[e.workflow_task_completed_event_attributes.identity] += 1

    await asyncio.gather(*(one(w) for w in workflow_ids[:limit]))
    return acts, wfts


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    k = (len(s) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def summary(values: list[float]) -> str:
    return f"p50 {percentile(values, 50):5.2f} s  p95 {percentile(values, 95):5.2f} s  max {max(values, default=float('nan')):5.2f} s"


_FRACTION = re.compile(r"(\.\d{6})\d+")


def parse_time(text: str) -> float:
    """An RFC 3339 time (Mailpit's `Created`, the workflow's ISO times) as a Unix timestamp."""
    return datetime.fromisoformat(_FRACTION.sub(r"\1", text.replace("Z", "+00:00"))).timestamp()


def first_mail_per_case(mails: list[dict], case_ids: list[str]) -> dict[str, float]:
    """The earliest mail whose subject names the case: the receipt (alone or with findings)."""
    first: dict[str, float] = {}
    for m in mails:
        for case_id in case_ids:
            if case_id in m.get("Subject", ""):
                t = parse_time(m["Created"])
                first[case_id] = min(first.get(case_id, t), t)
    return first
