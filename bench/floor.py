"""The orchestration floor: a report's common-path shape with no work in it.

A `FloorDocument` runs `doc_activities` no-op activities one after the other, the last of
which hands off by signal-with-start to a `FloorCase` (as `hand_to_case` does), which runs
`case_activities` no-op activities and completes. Extra workflow tasks (when the real
workflows have more than one per activity) are made with 1 ms timers, so the floor has the
same number of activities and workflow tasks as the real pipeline, on the same server, task
queue settings and worker options (`workers.worker.worker_options`).

`python -m bench.floor` runs a floor worker with the real worker's settings (INTAKE_* env).
"""

from __future__ import annotations

import asyncio
import os
import signal
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.client import Client
from temporalio.common import RetryPolicy
from temporalio.worker import Worker

STEP = timedelta(seconds=30)
RETRY = RetryPolicy(maximum_attempts=5)


@dataclass
class Shape:
    """Per workflow: how many activities, how many workflow tasks beyond one per activity."""

    doc_activities: int
    doc_extra_tasks: int
    case_activities: int
    case_extra_tasks: int


@dataclass
class FloorInput:
    case_id: str
    shape: Shape


@activity.defn(name="floor_noop")
def floor_noop(step: int) -> int:
    return step


class HandOff:
    def __init__(self, client: Client) -> None:
        self.client = client

    @activity.defn(name="floor_hand_off")
    async def hand_off(self, arg: FloorInput) -> str:
        await self.client.start_workflow(
            FloorCase.run,
            arg,
            id=arg.case_id,
            task_queue=activity.info().task_queue,
            start_signal="submit",
            start_signal_args=[arg.case_id],
        )
        return arg.case_id


async def _extra_tasks(n: int) -> None:
    for _ in range(n):
        await workflow.sleep(0.001)


@workflow.defn(name="FloorDocument")
class FloorDocument:
    @workflow.run
    async def run(self, arg: FloorInput) -> str:
        s = arg.shape
        await _extra_tasks(s.doc_extra_tasks)
        for step in range(s.doc_activities - 1):
            await workflow.execute_activity(floor_noop, step, start_to_close_timeout=STEP, retry_policy=RETRY)
        return await workflow.execute_activity("floor_hand_off", arg, start_to_close_timeout=STEP, retry_policy=RETRY)


@workflow.defn(name="FloorCase")
class FloorCase:
    def __init__(self) -> None:
        self.inbox: list[str] = []

    @workflow.run
    async def run(self, arg: FloorInput) -> int:
        s = arg.shape
        await workflow.wait_condition(lambda: bool(self.inbox))
        await _extra_tasks(s.case_extra_tasks)
        for step in range(s.case_activities):
            await workflow.execute_activity(floor_noop, step, start_to_close_timeout=STEP, retry_policy=RETRY)
        return s.case_activities

    @workflow.signal
    def submit(self, doc: str) -> None:
        self.inbox.append(doc)


def build_floor_worker(client: Client, task_queue: str, threads: ThreadPoolExecutor, options: dict) -> Worker:
    return Worker(
        client,
        task_queue=task_queue,
        workflows=[FloorDocument, FloorCase],
        activities=[floor_noop, HandOff(client).hand_off],
        activity_executor=threads,
        **options,
    )


async def _serve() -> None:
    from adapters.settings import get_settings
    from adapters.temporal import connect
    from workers.worker import worker_options

    settings = get_settings()
    client = await connect(settings.temporal)
    threads = ThreadPoolExecutor(max_workers=settings.worker.max_concurrent_activities)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set)
    async with build_floor_worker(client, settings.temporal.task_queue, threads, worker_options(settings)):
        print(f"floor worker started pid={os.getpid()}", flush=True)
        await stop.wait()
    threads.shutdown()


if __name__ == "__main__":
    asyncio.run(_serve())
