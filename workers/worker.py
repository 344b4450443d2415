"""The worker process: runs the workflows and activities on the task queue.

- CPU-bound parsing goes to a process pool (settings.worker.parse_processes), so the event
  loop that polls Temporal and heartbeats never blocks on a big PDF.
- Prometheus: our own metrics (documents, stages, findings by rule) on
  settings.worker.metrics_port, the SDK's metrics on the next port.
- SIGTERM/SIGINT: stop polling, let running activities finish (graceful_shutdown_timeout),
  then exit. A worker killed harder loses nothing: Temporal retries the activity elsewhere.
"""

from __future__ import annotations

import asyncio
import os
import signal
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from datetime import timedelta
from functools import partial

from prometheus_client import start_http_server
from temporalio.client import (
    Client,
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleAlreadyRunningError,
    ScheduleIntervalSpec,
    ScheduleOverlapPolicy,
    SchedulePolicy,
    ScheduleSpec,
)
from temporalio.runtime import PrometheusConfig, Runtime, TelemetryConfig
from temporalio.worker import PollerBehaviorSimpleMaximum, Worker

from activities.cases import CaseActivities
from activities.documents import DocumentActivities
from activities.reconcile import ReconcileActivities
from activities.reminders import ReminderActivities
from adapters.logging import get_logger
from adapters.s3 import s3_client
from adapters.settings import Settings, process_settings
from adapters.temporal import connect
from workers.parse_pool import make_parse_pool  # forkserver pool that dies with this process
from workflows.case import CaseWorkflow
from workflows.document import DocumentWorkflow
from workflows.reconcile import ReconcileWorkflow
from workflows.reminder import LateReminderWorkflow
from workflows.start_document import UploadStarter

log = get_logger("workers.worker")
RECONCILE_SCHEDULE_ID = "intake-reconciler"
RECONCILE_EVERY = timedelta(minutes=5)


async def _the(client: Client) -> Client:
    return client


def build_worker(client: Client, settings: Settings, parse_pool, activity_threads, roster=None) -> Worker:
    from adapters.settings import load_roster_for

    s3 = s3_client(settings.s3)
    pool_factory = (lambda: make_parse_pool(settings.worker.parse_processes)) if isinstance(parse_pool, ProcessPoolExecutor) else None
    roster = roster or load_roster_for(settings)
    bucket, queue = settings.s3.intake_bucket, settings.temporal.task_queue
    start_member = UploadStarter(partial(_the, client), queue, roster, s3, bucket)  # an archive's members start at once
    docs = DocumentActivities(settings, s3, roster, parse_pool, pool_factory, start_member)
    recon = ReconcileActivities(settings, s3, client)
    cases = CaseActivities(settings, s3, client, roster)
    reminders = ReminderActivities(settings, s3, roster)
    return Worker(
        client,
        task_queue=settings.temporal.task_queue,
        workflows=[DocumentWorkflow, CaseWorkflow, ReconcileWorkflow, LateReminderWorkflow],
        activities=[
            docs.read_document,
            docs.expand_archive,
            docs.extract_report,
            docs.classify_document,
            docs.validate_report,
            recon.reconcile_bucket,
            cases.hand_to_case,
            cases.route_case,
            cases.diff_submissions,
            cases.close_case,
            cases.send_notices,
            cases.send_notice,
            cases.record_case_events,
            cases.match_submission,
            reminders.record_reminder,
        ],
        activity_executor=activity_threads,
        **worker_options(settings),
    )


def worker_options(settings: Settings) -> dict:
    """Slots, pollers and shutdown of the Temporal worker, shared with the benchmark's floor
    worker so that both run with the same settings.

    Eager activity execution stays on (the SDK's default): no `no_remote_activities` and no
    `max_task_queue_activities_per_second`, either of which turns it off, and every activity
    is registered on the workflows' own task queue."""
    w = settings.worker
    options: dict = {
        "max_concurrent_activities": w.max_concurrent_activities,
        "graceful_shutdown_timeout": timedelta(seconds=20),
        "disable_eager_activity_execution": not w.eager_activities,
    }
    if w.max_concurrent_workflow_tasks:
        options["max_concurrent_workflow_tasks"] = w.max_concurrent_workflow_tasks
    if w.workflow_task_pollers:
        options["workflow_task_poller_behavior"] = PollerBehaviorSimpleMaximum(maximum=w.workflow_task_pollers)
    if w.activity_task_pollers:
        options["activity_task_poller_behavior"] = PollerBehaviorSimpleMaximum(maximum=w.activity_task_pollers)
    return options


async def ensure_reconcile_schedule(client: Client, settings: Settings) -> None:
    try:
        await client.create_schedule(
            RECONCILE_SCHEDULE_ID,
            Schedule(
                action=ScheduleActionStartWorkflow("ReconcileWorkflow", id="intake-reconcile", task_queue=settings.temporal.task_queue),
                spec=ScheduleSpec(intervals=[ScheduleIntervalSpec(every=RECONCILE_EVERY)]),
                policy=SchedulePolicy(overlap=ScheduleOverlapPolicy.SKIP),
            ),
        )
        log.info("reconcile schedule created", every=str(RECONCILE_EVERY))
    except ScheduleAlreadyRunningError:
        pass


async def run(settings: Settings) -> None:
    runtime = None
    if settings.worker.metrics_port:
        start_http_server(settings.worker.metrics_port, addr="127.0.0.1" if is_local(settings) else "0.0.0.0")
        runtime = Runtime(telemetry=TelemetryConfig(metrics=PrometheusConfig(bind_address=f"127.0.0.1:{settings.worker.metrics_port + 1}")))
    client = await connect(settings.temporal, runtime=runtime)
    await ensure_reconcile_schedule(client, settings)
    parse_pool = make_parse_pool(settings.worker.parse_processes)
    threads = ThreadPoolExecutor(max_workers=settings.worker.max_concurrent_activities, thread_name_prefix="activity")
    worker = build_worker(client, settings, parse_pool, threads)
    await run_until_stopped(worker, "worker", settings.temporal.task_queue)
    parse_pool.shutdown(cancel_futures=True)
    threads.shutdown(cancel_futures=True)
    log.info("worker stopped")


async def run_until_stopped(worker: Worker, name: str, task_queue: str) -> None:
    """Poll until SIGTERM/SIGINT, then stop polling and let running activities finish (the
    worker's graceful shutdown timeout). Shared by the worker and the OCR worker."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    log.info(f"{name} started", task_queue=task_queue, pid=os.getpid())
    async with worker:
        await stop.wait()
        log.info(f"{name} stopping: finishing running activities")


def is_local(settings: Settings) -> bool:
    return settings.temporal.address.startswith(("127.", "localhost"))


def main() -> None:
    asyncio.run(run(process_settings("worker")))


if __name__ == "__main__":
    main()
