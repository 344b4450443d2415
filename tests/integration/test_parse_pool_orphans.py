"""A worker killed with SIGKILL leaves no parse process behind (issue 16 item 7): the fork
server, the pool processes and the resource tracker all end with it. The real worker entry
point, against the real Temporal and MinIO."""

from __future__ import annotations

import asyncio
import os
import signal
import time
import uuid

from tests.fixtures.processes import descendants, survivors
from tests.integration.pipeline_harness import pipeline_settings, worker_process


async def test_sigkilled_worker_leaves_no_parse_processes(minio_server, temporal_env, tmp_path):
    settings = pipeline_settings(minio_server, temporal_env.client.service_client.config.target_host, f"orphans-{uuid.uuid4().hex[:6]}")
    worker = worker_process(settings, tmp_path / "worker.log")
    worker.env["INTAKE_WORKER__PARSE_PROCESSES"] = "2"
    worker.start()
    children: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while not any("worker started" in line for line in worker.last_lines(40)):
            assert worker.alive() and time.monotonic() < deadline, "\n".join(worker.last_lines())
            await asyncio.sleep(0.2)
        children = descendants(worker.pid)
        # The fork server, two pool processes and the resource tracker.
        assert len(children) >= 4, children
        os.kill(worker.pid, signal.SIGKILL)
        worker.proc.wait(10)
        left = await asyncio.to_thread(survivors, children, 15)
        assert not left, f"outlived the killed worker: {left}"
    finally:
        worker.stop()
        await asyncio.to_thread(survivors, children, 0)  # a test that failed early leaves nothing behind
