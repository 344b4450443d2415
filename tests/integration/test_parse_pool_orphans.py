"""A worker killed with SIGKILL leaves no parse process behind (issue 16 item 7): the fork
server, the pool processes and the resource tracker all end with it. The real worker entry
point, against the real Temporal and MinIO."""

from __future__ import annotations

import asyncio
import os
import signal
import time
import uuid
from pathlib import Path

from tests.integration.pipeline_harness import pipeline_settings, worker_process


def descendants(pid: int) -> set[int]:
    out: set[int] = set()
    todo = [pid]
    while todo:
        for task in Path(f"/proc/{todo.pop()}/task").glob("*"):
            try:
                kids = [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
            out.update(kids)
            todo.extend(kids)
    return out


def alive(pids: set[int]) -> set[int]:
    living = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            living.add(pid)
    return living


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
        deadline = time.monotonic() + 15
        while alive(children) and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
        assert not alive(children), [Path(f"/proc/{p}/cmdline").read_bytes()[:120] for p in alive(children)]
    finally:
        for pid in alive(children):
            os.kill(pid, signal.SIGKILL)
        worker.stop()
