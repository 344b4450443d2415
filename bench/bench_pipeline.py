"""End to end against the orchestration floor, in one run on one dev server.

`.venv/bin/python bench/bench_pipeline.py [--n 40] [--workers 1,2] [--variants]`

1. Starts MinIO (webhook + queue dir), Mailpit and the Temporal dev server on SQLite as
   `intake up` runs them, then the real event receiver and 1 (then 2) real worker processes
   (`python -m workers.worker`) on one task queue.
2. Probe: one report through the pipeline; counts ActivityTaskScheduled and
   WorkflowTaskCompleted in its document workflow and its case up to awaiting review. Then
   `--single` reports one at a time (each waits for the previous to await review): the
   latency a clerk sees when nothing is queued.
3. Pipeline: N distinct reports (text, DOCX, PDF; each its own case) uploaded like `intake
   submit`. Throughput = N / (last case awaiting review − first upload). Latency per upload:
   → document workflow started (the webhook hop), → first mail of its case in Mailpit (the
   receipt), → awaiting review (the case's `awaiting_since`). Worker RSS sampled from /proc.
   Which worker ran what: ActivityTaskStarted / WorkflowTaskCompleted identities.
4. Floor: the same number of worker processes (`python -m bench.floor`, same worker options)
   run N workflows of the probe's shape with no-op activities (bench/floor.py).
5. `--variants`: the floor again with eager activities off and with other poller counts, to
   see what the worker options buy. `--direct`: the 1-worker pipeline again with the uploader
   starting each workflow right after its PUT (no webhook hop).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# The E402s below: run as a script, the project's packages import only once ROOT is on sys.path.

from temporalio.api.enums.v1 import TaskQueueType  # noqa: E402
from temporalio.api.taskqueue.v1 import TaskQueue  # noqa: E402
from temporalio.api.workflowservice.v1 import DescribeTaskQueueRequest  # noqa: E402
from temporalio.client import Client  # noqa: E402

from adapters.intake_bucket import put_submission  # noqa: E402
from adapters.object_identity import identify  # noqa: E402
from bench.corpus import Upload, uploads  # noqa: E402
from bench.floor import FloorInput, Shape  # noqa: E402
from bench.history_stats import first_mail_per_case, history_shape, parse_time, summary, work_by_identity  # noqa: E402
from bench.pipeline_stack import RssSampler, Stack, start_stack  # noqa: E402
from intake.bucket_events import document_workflow_id  # noqa: E402
from intake.roster_file import load_demo_roster  # noqa: E402
from workflows.contracts import CaseView  # noqa: E402
from workflows.start_document import UploadStarter  # noqa: E402

AWAITING = "WorkflowType = 'CaseWorkflow' AND IntakeStatus = 'awaiting_review'"
ONE_BY_ONE = ("started by the bucket event", "started by the uploader")


@dataclass
class Run:
    label: str
    n: int
    seconds: float
    latencies: dict[str, list[float]] = field(default_factory=dict)
    rss_main_mb: float = 0
    rss_total_mb: float = 0
    by_worker: str = ""

    @property
    def rate(self) -> float:
        return self.n / self.seconds


async def count(client: Client, query: str) -> int:
    return (await client.count_workflows(query)).count


async def until_count(client: Client, query: str, n: int, timeout: float, every: float = 0.5) -> None:
    deadline = time.monotonic() + timeout
    while (got := await count(client, query)) < n:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{got}/{n} after {timeout:.0f} s: {query}")
        await asyncio.sleep(every)


async def wait_pollers(client: Client, queue: str, n: int, timeout: float = 90) -> None:
    """Until n distinct workers poll the queue (a worker process takes seconds to import)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        resp = await client.workflow_service.describe_task_queue(
            DescribeTaskQueueRequest(
                namespace=client.namespace, task_queue=TaskQueue(name=queue), task_queue_type=TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW
            )
        )
        if len({p.identity for p in resp.pollers}) >= n:
            return
        await asyncio.sleep(0.3)
    raise TimeoutError(f"{n} workers never polled {queue}")


def _identity_line(acts, wfts) -> str:
    return "; ".join(f"{who}: {acts.get(who, 0)} activities, {wfts.get(who, 0)} workflow tasks" for who in sorted(set(acts) | set(wfts)))


class Pipeline:
    def __init__(self, stack: Stack, queue: str, workers: int) -> None:
        self.stack, self.queue, self.workers = stack, queue, workers
        self.client = stack.env.client
        self.s3 = stack.minio.client
        self.procs: list = []

    async def __aenter__(self) -> Pipeline:
        self.procs.append(self.stack.receiver(self.queue))
        for k in range(self.workers):
            self.procs.append(self.stack.child(f"worker-{self.queue}-{k}", "workers.worker", self.queue))
        await wait_pollers(self.client, self.queue, self.workers)
        return self

    async def __aexit__(self, *exc) -> None:
        for p in reversed(self.procs):
            p.stop()

    def worker_pids(self) -> list[int]:
        return [p.pid for p in self.procs[1:]]

    async def upload(self, u: Upload, starts: bool = False) -> tuple[str, float]:
        """Put like `intake submit`; `starts`: then start the workflow as our uploaders do (web,
        `intake submit`, the mail gateway: UploadStarter), else leave it to the bucket event (a
        foreign uploader such as `aws s3 cp`, and every channel before the uploaders started it)."""
        key = put_submission(self.s3, "intake", u.data, u.name, email=u.email, name=f"{u.body}党政办", channel="bench")
        sent = time.time()
        if starts:
            assert await self.starter(key, "bench"), "the uploader's start failed"
        return key, sent

    async def _client(self) -> Client:
        return self.client

    @property
    def starter(self) -> UploadStarter:
        return UploadStarter(self._client, self.queue, load_demo_roster(), self.s3, "intake")

    def workflow_id(self, key: str) -> str:
        ident = identify(self.s3, "intake", key)
        return document_workflow_id("intake", content_id=ident.content_id, submitter=ident.submitter)

    def in_queue(self, query: str) -> str:
        return f"{query} AND TaskQueue = '{self.queue}'"

    async def probe(self, u: Upload) -> tuple[Shape, str]:
        key, _ = await self.upload(u)
        await until_count(self.client, self.in_queue(AWAITING), 1, 120)
        doc_id = self.workflow_id(key)
        case_id = next(iter([w.id async for w in self.client.list_workflows(self.in_queue(AWAITING))]))
        doc, case = await history_shape(self.client, doc_id), await history_shape(self.client, case_id)
        lines = [
            f"document workflow: {doc.activities} activities, {doc.workflow_tasks} workflow tasks ({', '.join(doc.activity_types)})",
            f"case workflow to awaiting review: {case.activities} activities, {case.workflow_tasks} workflow tasks ({', '.join(case.activity_types)})",
            f"per report: {doc.activities + case.activities} activities, {doc.workflow_tasks + case.workflow_tasks} workflow tasks",
        ]
        shape = Shape(doc.activities, doc.workflow_tasks - doc.activities - 1, case.activities, case.workflow_tasks - case.activities - 1)
        return shape, "\n".join(lines)

    async def burst(self, docs: list[Upload], label: str, direct: bool = False) -> Run:
        """N uploads; `direct`: the uploader also starts the workflow itself right after the PUT
        (what the web app or `intake submit` could do), so the webhook's event finds it running."""
        before = await count(self.client, self.in_queue(AWAITING))
        sent: dict[str, float] = {}
        with RssSampler(self.worker_pids()) as rss:
            for u in docs:
                key, t = await self.upload(u, starts=direct)
                sent[key] = t
            await until_count(self.client, self.in_queue(AWAITING), before + len(docs), 120 + 5 * len(docs))
        run = Run(label, len(docs), 0.0, rss_main_mb=rss.peak_main_kb / 1024, rss_total_mb=rss.peak_total_kb / 1024)
        await self._latencies(run, sent)
        return run

    async def one_by_one(self, docs: list[Upload]) -> list[Run]:
        """Each upload waits for the previous one to await review: a clerk's latency, no queue.
        Alternately started by the bucket event and by the uploader, so both see the same load."""
        sent: tuple[dict[str, float], dict[str, float]] = ({}, {})
        for i, u in enumerate(docs):
            before = await count(self.client, self.in_queue(AWAITING))
            key, t = await self.upload(u, starts=bool(i % 2))
            sent[i % 2][key] = t
            await until_count(self.client, self.in_queue(AWAITING), before + 1, 120, every=0.1)
        runs = []
        for label, keys in zip(ONE_BY_ONE, sent, strict=True):
            if not keys:  # --single 1: nothing was started the other way
                continue
            runs.append(Run(f"{len(keys)} uploads one at a time, {label}", len(keys), 0.0))
            await self._latencies(runs[-1], keys)
        return runs

    async def _latencies(self, run: Run, sent: dict[str, float]) -> None:
        first_upload = min(sent.values())
        views: dict[str, CaseView] = {}
        async for w in self.client.list_workflows(self.in_queue(AWAITING)):
            views[w.id] = await self.client.get_workflow_handle(w.id).query("view", result_type=CaseView)
        views = {cid: v for cid, v in views.items() if v.submissions and v.submissions[0].object_key in sent}
        doc_ids = {self.workflow_id(k): k for k in sent}
        started = {
            w.id: w.start_time.timestamp() async for w in self.client.list_workflows(self.in_queue("WorkflowType = 'DocumentWorkflow'"))
        }
        mails = first_mail_per_case(self.stack.mails(), list(views))
        done = {cid: parse_time(v.awaiting_since) for cid, v in views.items() if v.awaiting_since}
        run.seconds = max(done.values()) - first_upload
        run.latencies = {
            "upload → workflow started": [started[d] - sent[k] for d, k in doc_ids.items() if d in started],
            "upload → receipt mail": [mails[c] - sent[v.submissions[0].object_key] for c, v in views.items() if c in mails],
            "upload → awaiting review": [done[c] - sent[v.submissions[0].object_key] for c, v in views.items() if c in done],
        }
        acts, wfts = await work_by_identity(self.client, list(doc_ids) + list(views))
        run.by_worker = _identity_line(acts, wfts)


async def run_floor(stack: Stack, queue: str, workers: int, n: int, shape: Shape, label: str, **worker_env: str) -> Run:
    client = stack.env.client
    procs = [stack.child(f"floor-{queue}-{k}", "bench.floor", queue, **worker_env) for k in range(workers)]
    try:
        await wait_pollers(client, queue, workers)
        starts: dict[str, float] = {}
        t0 = time.time()
        for i in range(n):
            case_id = f"floor-case-{queue}-{i}"
            await client.start_workflow("FloorDocument", FloorInput(case_id, shape), id=f"floor-doc-{queue}-{i}", task_queue=queue)
            starts[case_id] = time.time()
        await until_count(client, f"WorkflowType = 'FloorCase' AND ExecutionStatus = 'Completed' AND TaskQueue = '{queue}'", n, 60 + 2 * n)
        closed = {
            w.id: w.close_time.timestamp()
            async for w in client.list_workflows(f"WorkflowType = 'FloorCase' AND TaskQueue = '{queue}'")
            if w.close_time
        }
        ids = [f"floor-doc-{queue}-{i}" for i in range(n)] + list(closed)
        acts, wfts = await work_by_identity(client, ids)
    finally:
        for p in procs:
            p.stop()
    run = Run(label, n, max(closed.values()) - t0)
    run.latencies = {"start → case done": [closed[c] - starts[c] for c in closed]}
    run.by_worker = _identity_line(acts, wfts)
    return run


def report(run: Run, floor: Run | None = None) -> None:
    ratio = f"   = {run.rate / floor.rate:4.2f} × floor" if floor else ""
    print(f"  {run.label:<34} {run.rate:6.2f} reports/s ({run.n} in {run.seconds:5.1f} s){ratio}")
    for what, values in run.latencies.items():
        print(f"      {what:<38} {summary(values)}   (n={len(values)})")
    if run.rss_main_mb:
        print(f"      worker RSS peak: {run.rss_main_mb:.0f} MB per process, {run.rss_total_mb:.0f} MB with its parse pool")
    print(f"      by worker: {run.by_worker}")


async def main(n: int, worker_counts: list[int], variants: bool, direct: bool, single: int, cluster: bool = False) -> None:
    print(f"generating {n + 1} distinct reports …", flush=True)
    docs = uploads(1 + n * (len(worker_counts) + direct) + single)  # every run its own reports (cases stay open)
    singles, docs = docs[len(docs) - single :], docs[: len(docs) - single]
    kinds = {k: sum(1 for d in docs[1 : n + 1] if d.kind == k) for k in ("txt", "docx", "pdf")}
    root = Path(tempfile.mkdtemp(prefix="bench-pipeline-"))
    stack = await start_stack(root, cluster)
    print(f"Temporal: {'temporal-server on PostgreSQL (cluster profile)' if cluster else 'dev server on SQLite'}")
    shape = None
    try:
        for r, workers in enumerate(worker_counts):
            async with Pipeline(stack, f"bench-p{workers}", workers) as p:
                if shape is None:
                    shape, lines = await p.probe(docs[0])
                    print("common path, measured on one report:\n  " + lines.replace("\n", "\n  "))
                    for single_run in await p.one_by_one(singles) if singles else []:
                        report(single_run)
                pipe = await p.burst(docs[1 + r * n : 1 + (r + 1) * n], f"pipeline, {workers} worker process(es)")
                if direct and r == 0:
                    started_by_uploader = await p.burst(
                        docs[1 + len(worker_counts) * n :], "pipeline, uploader starts the workflow", direct=True
                    )
            assert shape is not None  # measured by the first run's probe
            floor = await run_floor(stack, f"bench-f{workers}", workers, n, shape, f"floor, {workers} worker process(es)")
            print(f"{n} uploads ({kinds['txt']} text, {kinds['docx']} DOCX, {kinds['pdf']} PDF), {workers} worker process(es):")
            report(floor)
            report(pipe, floor)
            if direct and r == 0:
                report(started_by_uploader, floor)
        if variants and shape is not None:
            print("floor variants (1 worker process):")
            base = await run_floor(stack, "bench-v0", 1, n, shape, "default options")
            report(base)
            for label, env in (
                ("eager activities off", {"worker__eager_activities": "false"}),
                ("10 workflow + 10 activity pollers", {"worker__workflow_task_pollers": "10", "worker__activity_task_pollers": "10"}),
                ("2 workflow + 2 activity pollers", {"worker__workflow_task_pollers": "2", "worker__activity_task_pollers": "2"}),
            ):
                report(await run_floor(stack, f"bench-v{len(label)}", 1, n, shape, label, **env), base)
    finally:
        await stack.stop()
    print(f"(logs in {root})")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=40, help="uploads per run (default 40)")
    ap.add_argument("--workers", default="1,2", help="worker process counts to run, e.g. 1,2")
    ap.add_argument("--variants", action="store_true", help="also run the floor with other worker options")
    ap.add_argument("--direct", action="store_true", help="also run 1 worker with the uploader starting each workflow")
    ap.add_argument("--single", type=int, default=6, help="uploads sent one at a time first, for a clerk's latency")
    ap.add_argument("--cluster", action="store_true", help="temporal-server on PostgreSQL (make setup-cluster) instead of the dev server")
    a = ap.parse_args()
    from adapters.logging import configure_logging

    configure_logging("WARNING", "console", process="bench")  # the uploader's start logs on stderr, warnings only
    asyncio.run(main(a.n, [int(w) for w in a.workers.split(",")], a.variants, a.direct, a.single, a.cluster))
