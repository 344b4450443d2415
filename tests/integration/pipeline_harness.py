"""A running pipeline for tests: real MinIO (its webhook pointed at our receiver), the real
Temporal dev server, an in-process worker and the event receiver served by uvicorn."""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import uvicorn
from temporalio.client import Client, WorkflowExecutionStatus, WorkflowHandle
from temporalio.service import RPCError

from adapters.intake_bucket import put_submission
from adapters.object_identity import identify
from adapters.settings import EventSettings, MailSettings, S3Settings, Settings, TemporalSettings, WorkerSettings
from cli.stack.process import ManagedProcess
from workers.event_receiver import create_app
from workflows.contracts import DocumentInput
from workflows.start_document import document_input


def pipeline_settings(
    minio, temporal_address: str, task_queue: str, mailpit=None, withdraw_window_s: int = 0, namespace: str = "default"
) -> Settings:
    # No withdrawal window by default: a decision's mail goes out at once (tests that need
    # the window set it).
    return Settings(
        decision_withdraw_window_s=withdraw_window_s,
        mail=MailSettings(smtp_host=mailpit.smtp_host, smtp_port=mailpit.smtp_port, api=mailpit.api) if mailpit else MailSettings(),
        temporal=TemporalSettings(address=temporal_address, namespace=namespace, task_queue=task_queue, ocr_task_queue=f"{task_queue}-ocr"),
        s3=S3Settings(endpoint=minio.endpoint, access_key=minio.access_key, secret_key=minio.secret_key),
        events=EventSettings(host="127.0.0.1", port=minio.events_port, token=minio.events_token),
        worker=WorkerSettings(parse_processes=0, metrics_port=None),
    )


class Receiver:
    """The event receiver on the port MinIO's webhook targets; start/stop at will."""

    def __init__(self, settings: Settings, client: Client) -> None:
        self.settings = settings
        self.client = client
        self.server: uvicorn.Server | None = None
        self.task: asyncio.Task | None = None

    async def start(self) -> None:
        config = uvicorn.Config(
            create_app(self.settings, self.client),
            host="127.0.0.1",
            port=self.settings.events.port,
            log_level="warning",
            lifespan="off",
        )
        self.server = uvicorn.Server(config)
        self.task = asyncio.create_task(self.server.serve())
        while not self.server.started:
            await asyncio.sleep(0.05)

    async def stop(self) -> None:
        if self.server:
            self.server.should_exit = True
            await self.task
            self.server = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.settings.events.port}/events"


@dataclass
class Pipeline:
    settings: Settings
    client: Client
    s3: object
    receiver: Receiver

    def upload(self, data: bytes, name: str, email: str = "clerk@example.cn", sender: str | None = "党政办") -> tuple[str, str]:
        """Upload like `intake submit`; returns (key, workflow id)."""
        key = put_submission(self.s3, "intake", data, name, email=email, name=sender, channel="test")
        return key, workflow_id_of(self.s3, key)

    async def wait_handle(self, wf_id: str, timeout: float = 30) -> WorkflowHandle:
        """Wait until the workflow exists (the webhook is asynchronous)."""
        handle = self.client.get_workflow_handle(wf_id)
        deadline = time.monotonic() + timeout
        while True:
            try:
                await handle.describe()
                return handle
            except RPCError:
                if time.monotonic() > deadline:
                    raise AssertionError(f"workflow {wf_id} never started") from None
                await asyncio.sleep(0.2)

    async def result(self, wf_id: str, timeout: float = 60, result_type=None):
        from workflows.contracts import DocumentResult

        await self.wait_handle(wf_id)
        handle = self.client.get_workflow_handle(wf_id, result_type=result_type or DocumentResult)
        return await asyncio.wait_for(handle.result(), timeout)

    async def run_count(self, wf_id: str) -> int:
        count = 0
        async for _ in self.client.list_workflows(f'WorkflowId = "{wf_id}"'):
            count += 1
        return count

    async def status(self, wf_id: str) -> WorkflowExecutionStatus | None:
        return (await self.client.get_workflow_handle(wf_id).describe()).status


def workflow_id_of(s3, key: str, bucket: str = "intake") -> str:
    """The document workflow id of an object, as the receiver derives it (from the store)."""
    return identify(s3, bucket, key).workflow_id


def document_of(s3, key: str, trigger: str = "test", bucket: str = "intake") -> DocumentInput:
    """The workflow input the receiver would build for this object."""
    return document_input(identify(s3, bucket, key), trigger)


def worker_process(settings: Settings, log_path: Path, fault_delay: str | None = None) -> ManagedProcess:
    """The real worker entry point as a child process, for kill tests."""
    env = {
        "INTAKE_TEMPORAL__ADDRESS": settings.temporal.address,
        "INTAKE_TEMPORAL__TASK_QUEUE": settings.temporal.task_queue,
        "INTAKE_S3__ENDPOINT": settings.s3.endpoint,
        "INTAKE_S3__ACCESS_KEY": settings.s3.access_key,
        "INTAKE_S3__SECRET_KEY": settings.s3.secret_key,
        "INTAKE_WORKER__PARSE_PROCESSES": "1",
        "INTAKE_DECISION_WITHDRAW_WINDOW_S": str(settings.decision_withdraw_window_s),
        "INTAKE_MAIL__SMTP_HOST": settings.mail.smtp_host,
        "INTAKE_MAIL__SMTP_PORT": str(settings.mail.smtp_port),
    }
    if fault_delay:
        env["INTAKE_WORKER__FAULT_DELAY"] = fault_delay
    return ManagedProcess("worker", [sys.executable, "-m", "workers.worker"], log_path, env=env)


def thread_pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=16)


@contextlib.asynccontextmanager
async def running_pipeline(minio, temporal_env, mailpit, prefix: str = "pipeline", **settings_kw):
    """An in-process worker and the event receiver on a fresh task queue."""
    import uuid

    from workers.ocr_worker import build_ocr_worker
    from workers.worker import build_worker

    queue = f"{prefix}-{uuid.uuid4().hex[:6]}"
    client = temporal_env.client
    settings = pipeline_settings(minio, client.service_client.config.target_host, queue, mailpit, namespace=client.namespace, **settings_kw)
    pool = thread_pool()
    worker = build_worker(temporal_env.client, settings, pool, pool)
    ocr_threads = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ocr")
    ocr_worker = build_ocr_worker(temporal_env.client, settings, ocr_threads)
    receiver = Receiver(settings, temporal_env.client)
    await receiver.start()
    try:
        async with worker, ocr_worker:
            yield Pipeline(settings, temporal_env.client, minio.client, receiver)
    finally:
        await receiver.stop()  # also after a failed test: the next one binds the same port
        pool.shutdown()
        ocr_threads.shutdown()


async def kill_when_running(client: Client, workflow_id: str, activity: str, worker: ManagedProcess, timeout: float = 90) -> None:
    """SIGKILL `worker` as soon as `activity` of `workflow_id` is in flight (the workflow may
    not exist yet when this starts)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            desc = await client.get_workflow_handle(workflow_id).describe()
            if any(a.activity_type.name == activity for a in desc.raw_description.pending_activities):
                worker.kill()
                return
        except RPCError:
            pass  # not started yet
        await asyncio.sleep(0.1)
    raise AssertionError(f"{activity} never started:\n" + "\n".join(worker.last_lines()))


@contextlib.asynccontextmanager
async def worker_killed_in(
    settings: Settings, client: Client, workflow_id: str, activity: str, start: Callable[[], Awaitable[object]], log_dir: Path
) -> AsyncIterator[ManagedProcess]:
    """A worker killed while `activity` of `workflow_id` runs (held there by a fault delay)
    after `start()` set the work going; then a fresh worker that must finish it, yielded."""
    doomed = worker_process(settings, log_dir / "doomed-worker.log", fault_delay=f"{activity}:60")
    doomed.start()
    try:
        await start()
        await kill_when_running(client, workflow_id, activity, doomed)
    finally:
        doomed.stop()
    survivor = worker_process(settings, log_dir / "survivor-worker.log")
    survivor.start()
    try:
        yield survivor
    finally:
        survivor.stop()


@dataclass
class NamespaceEnv:
    """Stands in for `temporal_env` in `running_pipeline` / `web_stack`: a client of one namespace."""

    client: Client


async def own_namespace(temporal_env, name: str, ready_within_s: float = 60) -> NamespaceEnv:
    """A namespace of its own on the session's Temporal server, with our search attributes.

    A case's id is its body and year; a module that must use a real report's fixed body and
    year (洪泽区 2024, …) registers a namespace so that it never joins a case that another
    module's stack (gone with its worker) started: queries to such a case time out."""
    from google.protobuf.duration_pb2 import Duration
    from temporalio.api.workflowservice.v1 import RegisterNamespaceRequest

    from cli.stack.provision_cli import register_search_attributes

    base: Client = temporal_env.client
    target = base.service_client.config.target_host
    retention = Duration(seconds=86400)
    await base.workflow_service.register_namespace(RegisterNamespaceRequest(namespace=name, workflow_execution_retention_period=retention))
    client = await Client.connect(target, namespace=name, data_converter=base.data_converter)
    deadline = time.monotonic() + ready_within_s
    while True:  # the server's namespace cache learns of a new namespace within seconds
        try:
            await register_search_attributes(Settings(temporal=TemporalSettings(address=target, namespace=name)))
            await client.count_workflows()
            return NamespaceEnv(client)
        except RPCError:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.5)
