"""The OCR worker: reads scanned reports on the OCR task queue, one at a time per process.

OCR takes seconds per page and ≈ 0.6 GB for its models, so it runs apart from the text path:
the main worker hands a scan to this queue and goes on with text reports. Scale it on its own
(`docker-compose.yml` service `ocr-worker`, `deploy/base/ocr-worker.yaml`). The models load on
the first page and stay loaded. SIGTERM/SIGINT: stop polling, let the running scan finish
(graceful_shutdown_timeout), then exit; a killed worker's scan is retried by another after the
heartbeat timeout (one heartbeat per page).
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from prometheus_client import start_http_server
from temporalio.client import Client
from temporalio.worker import Worker

from activities.ocr import OcrActivities
from adapters.logging import get_logger
from adapters.s3 import s3_client
from adapters.settings import Settings, process_settings
from adapters.temporal import connect
from workers.worker import is_local, run_until_stopped

log = get_logger("workers.ocr_worker")


def build_ocr_worker(client: Client, settings: Settings, threads: ThreadPoolExecutor) -> Worker:
    ocr = OcrActivities(settings, s3_client(settings.s3))
    return Worker(
        client,
        task_queue=settings.temporal.ocr_task_queue,
        activities=[ocr.ocr_document],
        activity_executor=threads,
        max_concurrent_activities=1,  # one scan at a time: the engine is ≈ 0.6 GB per process
        graceful_shutdown_timeout=timedelta(seconds=60),
    )


async def run(settings: Settings) -> None:
    if settings.ocr.metrics_port:
        start_http_server(settings.ocr.metrics_port, addr="127.0.0.1" if is_local(settings) else "0.0.0.0")
    client = await connect(settings.temporal)
    threads = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ocr")
    worker = build_ocr_worker(client, settings, threads)
    await run_until_stopped(worker, "ocr worker", settings.temporal.ocr_task_queue)
    threads.shutdown(cancel_futures=True)
    log.info("ocr worker stopped")


def main() -> None:
    asyncio.run(run(process_settings("ocr-worker")))


if __name__ == "__main__":
    main()
