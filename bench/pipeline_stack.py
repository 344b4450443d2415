"""The benchmark's stack: real servers on loopback as `intake up` runs them (MinIO with the
webhook and its queue dir, Mailpit with its API, the Temporal dev server on SQLite with the
stack's dynamic config, or with `cluster` temporal-server on PostgreSQL as `intake up
--profile cluster` runs it), and the real entry points as child processes (`python -m
workers.event_receiver`, `python -m workers.worker`, and the floor worker `python -m
bench.floor`), plus a sampler of their resident memory."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment

from cli.stack import servers
from cli.stack.net import free_port, http_ready
from cli.stack.process import ManagedProcess
from tests.fixtures.local_minio import LocalMinio
from tests.fixtures.processes import descendants
from tests.fixtures.servers import start_dev_server

ROOT = Path(__file__).resolve().parents[1]


class Minio(LocalMinio):
    def __init__(self, root: Path) -> None:
        super().__init__(root, user_prefix="bench-")


@dataclass
class Stack:
    root: Path
    minio: Minio
    mail: ManagedProcess
    smtp_port: int
    mail_api: str
    env: WorkflowEnvironment
    stop_server: Callable[[], object] | None = None  # stops the Temporal server (dev, or the cluster with PostgreSQL)

    @property
    def temporal_address(self) -> str:
        return self.env.client.service_client.config.target_host

    def child_env(self, task_queue: str, **extra: str) -> dict[str, str]:
        env = {
            "INTAKE_TEMPORAL__ADDRESS": self.temporal_address,
            "INTAKE_TEMPORAL__TASK_QUEUE": task_queue,
            "INTAKE_S3__ENDPOINT": self.minio.endpoint,
            "INTAKE_S3__ACCESS_KEY": self.minio.access_key,
            "INTAKE_S3__SECRET_KEY": self.minio.secret_key,
            "INTAKE_MAIL__SMTP_HOST": "127.0.0.1",
            "INTAKE_MAIL__SMTP_PORT": str(self.smtp_port),
            "INTAKE_EVENTS__HOST": "127.0.0.1",
            "INTAKE_EVENTS__PORT": str(self.minio.events_port),
            "INTAKE_EVENTS__TOKEN": self.minio.events_token,
            "INTAKE_LOG_LEVEL": "warning",
        }
        env.update({f"INTAKE_{k.upper()}": v for k, v in extra.items()})
        return env

    def child(self, name: str, module: str, task_queue: str, ready=None, **extra: str) -> ManagedProcess:
        proc = ManagedProcess(
            name,
            [sys.executable, "-m", module],
            self.root / f"{name}.log",
            env=self.child_env(task_queue, **extra),
            ready=ready,
            cwd=ROOT,
        )
        proc.start()
        return proc

    def receiver(self, task_queue: str) -> ManagedProcess:
        url = f"http://127.0.0.1:{self.minio.events_port}/healthz"
        proc = self.child(f"receiver-{task_queue}", "workers.event_receiver", task_queue, ready=lambda: http_ready(url))
        proc.wait_ready(60)
        return proc

    def mails(self) -> list[dict]:
        out: list[dict] = []
        with httpx.Client(base_url=self.mail_api, timeout=30) as http:
            while True:
                page = http.get("/api/v1/messages", params={"start": len(out), "limit": 500}).json()
                out += page["messages"]
                if not page["messages"] or len(out) >= page["total"]:
                    return out

    async def stop(self) -> None:
        await self.env.shutdown()
        if self.stop_server:
            self.stop_server()
        self.mail.stop()
        self.minio.process.stop()


async def start_stack(root: Path, cluster: bool = False) -> Stack:
    minio = Minio(root)
    smtp, ui = free_port(), free_port()
    mail = servers.mailpit_server(smtp_port=smtp, ui_port=ui, db_file=None, log_path=root / "mail.log")
    mail.start()
    mail.wait_ready(30)
    if cluster:
        env, stop_server = await _cluster(root)
        return Stack(root, minio, mail, smtp, f"http://127.0.0.1:{ui}", env, stop_server)
    client, server = await start_dev_server(root, db_file=root / "temporal.db")
    env = WorkflowEnvironment.from_client(client)
    return Stack(root, minio, mail, smtp, f"http://127.0.0.1:{ui}", env, server.stop)


async def _cluster(root: Path) -> tuple[WorkflowEnvironment, Callable[[], None]]:
    """temporal-server on PostgreSQL (needs `make setup-cluster`), as the test fixtures run it."""
    from cli.stack.cluster import CLUSTER_PORTS, free_cluster_ports, start_temporal_cluster, temporal_cluster
    from tests.fixtures.cluster import RunningCluster

    root.chmod(0o711)  # PostgreSQL runs as `postgres` when we are root
    (root / "cluster").mkdir(mode=0o711)
    ports = free_cluster_ports(["temporal", *CLUSTER_PORTS])
    running = RunningCluster(temporal_cluster(root / "cluster", ports, root / "logs", "default", "1d"), root / "cluster")
    try:
        start_temporal_cluster(running.cluster, running.launch)
        client = await Client.connect(running.address, namespace="default", data_converter=pydantic_data_converter)
    except BaseException:
        running.stop()
        raise
    return WorkflowEnvironment.from_client(client), running.stop


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


@dataclass
class RssSampler:
    """Peak resident memory of each worker process alone and with its parse pool."""

    pids: list[int]
    every: float = 0.25
    peak_main_kb: int = 0
    peak_total_kb: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> RssSampler:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            for pid in self.pids:
                main = _rss_kb(pid)
                total = main + sum(_rss_kb(c) for c in descendants(pid))
                self.peak_main_kb = max(self.peak_main_kb, main)
                self.peak_total_kb = max(self.peak_total_kb, total)
            time.sleep(self.every)
